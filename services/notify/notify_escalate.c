/*  notify_escalate: escalation of unacknowledged urgent deliveries.                      */
#include "notify.h"
#include "notify_escalate.h"
#include "notify_escalate_digest.h"
#include "notify_events.h"
#include "notify_store.h"
#include "sf_pb.h"
#include "sf_clock.h"

#include <stdio.h>
#include <string.h>

//  The nearest unit strictly above $1 (the org copy's parent chain) with an enabled channel.
#define S_NEXT_UNIT_SQL \
    "WITH RECURSIVE up (code, depth) AS (" \
    "  SELECT parent_code, 1 FROM sf_org_node WHERE code = $1 AND parent_code IS NOT NULL AND parent_code <> ''" \
    "  UNION ALL SELECT n.parent_code, up.depth + 1 FROM sf_org_node n JOIN up ON n.code = up.code" \
    "  WHERE n.parent_code IS NOT NULL AND n.parent_code <> '' AND up.depth < 20)" \
    " SELECT up.code FROM up WHERE EXISTS (SELECT 1 FROM unit_channel c WHERE c.unit_code = up.code AND c.enabled)" \
    " ORDER BY up.depth LIMIT 1"

//  One delivery per enabled channel of unit $3, moving delivery $1 up a step; the subject and
//  text carry a mark in each channel's language.
#define S_INSERT_SQL \
    "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, recipients, urgency," \
    " status, subject, text, link, next_attempt_ms, created_ms, escalation_step, parent_id)" \
    " SELECT d.event_id, d.event_type, $3, COALESCE (NULLIF (n.plant_code, ''), d.plant_code), c.channel, c.id, '{}', 3," \
    " 1, CASE c.language WHEN 'en' THEN '[Escalated] ' ELSE '【升级】' END || d.subject," \
    " CASE c.language WHEN 'en' THEN 'Not acknowledged in time by ' || d.unit_code || ':' || chr (10)" \
    "  ELSE d.unit_code || ' 未在规定时间内确认，现上报：' || chr (10) END || d.text," \
    " d.link, $2::bigint, $2::bigint, d.escalation_step + 1, d.id" \
    " FROM delivery d JOIN unit_channel c ON c.unit_code = $3 AND c.enabled" \
    " LEFT JOIN sf_org_node n ON n.code = $3 WHERE d.id = $1::bigint" \
    " ON CONFLICT (event_id, unit_code, channel, escalation_step) DO NOTHING"

//  Event notify.delivery_escalated with the delivery of id as it now is, for screens.
static int
s_emit_escalated (sf_db_t *db, const char *id)
{
    const char *values [] = { id };
    sf_rows_t *rows = sf_db_query (db, "SELECT " NOTIFY_DELIVERY_COLUMNS " FROM delivery d WHERE d.id = $1::bigint",
                                   1, values);
    Notify__Delivery *delivery = rows && sf_rows_count (rows) == 1? notify_delivery_from_row (rows, 0, 0): NULL;
    sf_rows_destroy (&rows);
    int rc = delivery? notify_emit (NULL, db, "notify.delivery_escalated", "delivery", id, delivery->version,
                                    delivery->plant_code, &delivery->base): -1;
    sf_pb_destroy (&delivery);
    return rc;
}

int
notify_escalate_run (sf_db_t *db, int64_t now_ms)
{
    char now [24], batch [24];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    snprintf (batch, sizeof batch, "%d", NOTIFY_ESCALATE_BATCH);
    const char *due_values [] = { now, batch };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT d.id, d.unit_code FROM delivery d WHERE d.urgency = 3 AND d.status = 3 AND d.sent_ms > 0"
        " AND d.sent_ms + 60000 * COALESCE ((SELECT value FROM notify_setting WHERE key = 'urgent_ack_minutes'), 30)"
        " <= $1::bigint ORDER BY d.id LIMIT $2::int FOR UPDATE OF d SKIP LOCKED", 2, due_values);
    if (!rows)
        return -1;
    int escalated = 0, rc = 0;
    for (int i = 0; rc == 0 && i < sf_rows_count (rows); i++) {
        const char *id = sf_rows_text (rows, i, 0);
        const char *unit_values [] = { sf_rows_text (rows, i, 1) };
        sf_rows_t *next = sf_db_query (db, S_NEXT_UNIT_SQL, 1, unit_values);
        if (!next) {
            rc = -1;
            break;
        }
        char unit [64] = "";
        if (sf_rows_count (next) == 1)
            snprintf (unit, sizeof unit, "%s", sf_rows_text (next, 0, 0));
        sf_rows_destroy (&next);
        const char *insert_values [] = { id, now, unit };
        if (*unit && sf_db_exec (db, S_INSERT_SQL, 3, insert_values) < 0)
            rc = -1;
        const char *mark_values [] = { id, *unit? "": "没有更上级的单位设置了通知渠道",
                                       *unit? "": "no unit further up has a channel" };
        if (rc == 0
        &&  sf_db_exec (db, "UPDATE delivery SET status = 7, version = version + 1,"
                            " last_error_zh = CASE WHEN $2 = '' THEN last_error_zh ELSE $2 END,"
                            " last_error_en = CASE WHEN $3 = '' THEN last_error_en ELSE $3 END"
                            " WHERE id = $1::bigint", 3, mark_values) != 1)
            rc = -1;
        if (rc == 0 && s_emit_escalated (db, id))
            rc = -1;
        if (rc == 0)
            escalated++;
    }
    sf_rows_destroy (&rows);
    return rc? -1: escalated;
}

static int
s_run (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    const notify_state_t *state = arg;
    int64_t now_ms = sf_clock_now_ms ();
    if (notify_escalate_run (db, now_ms) < 0)
        return -1;
    return notify_escalate_digest (db, now_ms, state->time_zone? state->time_zone: "Asia/Shanghai") < 0? -1: 0;
}

void
notify_escalate_register (notify_state_t *state, sf_scheduler_t *scheduler)
{
    sf_scheduler_every (scheduler, NOTIFY_ESCALATE_JOB, NOTIFY_ESCALATE_PERIOD_MS, 0, s_run, state);
}
