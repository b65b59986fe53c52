/*  notify_event_apply: the consumer of every stream the notifier routes (notify.h). An event
    whose type has rules in the current route version is read (notify_event_read), and each
    rule it meets (min_severity <= the event's severity) becomes one delivery row per enabled
    channel of the rule's unit: the event's unit, or its ancestor of the rule's unit_kind. The
    recipients are the logins of enabled accounts holding the rule's role (or, for a rule
    without one, the role the event names) on that unit or above it. The text is the rule's
    template (or the event type's) in the channel's language. Rows are unique per (event,
    unit, channel, step): an event applied twice writes nothing new. A unit without a channel
    is written to unrouted_event and logged. All in the consumer's transaction.            */
#include "notify.h"
#include "notify_event_read.h"
#include "notify_render.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_org.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A rule of the current version (texts in the rows read).
typedef struct {
    const char *position;
    int min_severity;
    const char *unit_kind;
    const char *role;
    const char *urgency;
    const char *channels;        //  "{1,2}" or "{}"
    const char *template;
} s_rule_t;

static const struct { const char *name; int kind; } s_kinds [] = {
    { "team", SF_ORG_TEAM }, { "department", SF_ORG_DEPARTMENT },
    { "plant", SF_ORG_PLANT }, { "company", SF_ORG_COMPANY },
};

//  Accounts holding role on unit or any node above it, not disabled: a text array literal.
#define S_RECIPIENTS_SQL \
    "WITH RECURSIVE up (code, parent) AS (" \
    "  SELECT code, parent_code FROM sf_org_node WHERE code = $1" \
    "  UNION SELECT n.code, n.parent_code FROM sf_org_node n JOIN up ON n.code = up.parent)" \
    " SELECT coalesce (array_agg (DISTINCT a.login ORDER BY a.login), '{}')::text" \
    " FROM sf_org_account a JOIN sf_org_grant g ON g.login = a.login" \
    " WHERE NOT a.disabled AND g.role = $2 AND $2 <> ''" \
    "   AND (g.node_code = $1 OR g.node_code IN (SELECT code FROM up))"

//  One row per enabled channel of the unit (of the rule's channels when it lists some).
#define S_INSERT_SQL \
    "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, recipients," \
    " urgency, status, subject, text, link, next_attempt_ms, created_ms)" \
    " SELECT $1, $2, $3, $4, c.channel, c.id, $5::text[], $6::smallint," \
    "  CASE WHEN $6::smallint = 1 AND c.digest_at <> '' THEN 2 ELSE 1 END," \
    "  CASE WHEN c.language = 'en' THEN $9 ELSE $7 END, CASE WHEN c.language = 'en' THEN $10 ELSE $8 END," \
    "  $11, $12::bigint, $12::bigint" \
    " FROM unit_channel c WHERE c.unit_code = $3 AND c.enabled" \
    "  AND (cardinality ($13::smallint[]) = 0 OR c.channel = ANY ($13::smallint[]))" \
    " ORDER BY c.id" \
    " ON CONFLICT (event_id, unit_code, channel, escalation_step) DO NOTHING"

#define S_CHANNELS_SQL \
    "SELECT count (*) FROM unit_channel c WHERE c.unit_code = $1 AND c.enabled" \
    " AND (cardinality ($2::smallint[]) = 0 OR c.channel = ANY ($2::smallint[]))"

static int
s_unrouted (sf_db_t *db, const sf_event_t *event, const char *unit, const s_rule_t *rule, const char *reason)
{
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    sf_warn ("notify: event %s (%s) rule %s: unit %s hears nothing: %s", event->event_id, event->type,
             rule->position, unit, reason);
    const char *params [] = { event->event_id, event->type, unit, rule->position, reason, now };
    return sf_db_exec (db, "INSERT INTO unrouted_event (event_id, event_type, unit_code, position, reason,"
                           " created_ms) VALUES ($1, $2, $3, $4::smallint, $5, $6::bigint) ON CONFLICT DO NOTHING",
                       6, params) < 0? -1: 0;
}

//  The subject and text in zh and en of the rule's template, else of the event type's.
//  1, 0 no template, -1.
static int
s_render (sf_db_t *db, const char *code, const char *event_type, notify_render_values_t *zh,
          notify_render_values_t *en, char *texts [4])
{
    const char *codes [] = { code, event_type };
    for (int i = 0; i < 2; i++) {
        if (!*codes [i])
            continue;
        int rc = notify_render (db, codes [i], "zh", zh, &texts [0], &texts [1]);
        if (rc == 1) {
            rc = notify_render (db, codes [i], "en", en, &texts [2], &texts [3]);
            if (rc == 0) {
                //  No English template: the Chinese one rather than nothing.
                texts [2] = strdup (texts [0]);
                texts [3] = strdup (texts [1]);
                rc = 1;
            }
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int
s_apply_rule (sf_db_t *db, notify_state_t *state, const sf_event_t *event, const notify_event_facts_t *facts,
              const char *link_path, const s_rule_t *rule)
{
    sf_org_node_t node;
    memset (&node, 0, sizeof node);
    int found;
    if (*rule->unit_kind) {
        int kind = -1;
        for (size_t i = 0; i < sizeof s_kinds / sizeof s_kinds [0]; i++)
            if (strcmp (s_kinds [i].name, rule->unit_kind) == 0)
                kind = s_kinds [i].kind;
        found = kind < 0? 0: sf_org_ancestor_of_kind (db, facts->unit, kind, &node);
        if (found == 0)
            return s_unrouted (db, event, facts->unit, rule, "no_unit_of_kind");
    }
    else
        found = sf_org_find (db, facts->unit, &node);
    if (found < 0)
        return -1;
    const char *unit = found? node.code: facts->unit;
    const char *plant = found && *node.plant_code? node.plant_code: facts->plant;

    const char *channel_params [] = { unit, rule->channels };
    sf_rows_t *rows = sf_db_query (db, S_CHANNELS_SQL, 2, channel_params);
    if (!rows)
        return -1;
    int64_t channels = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    if (channels == 0)
        return s_unrouted (db, event, unit, rule, "no_channel");

    const char *role = *rule->role? rule->role: facts->target_role;
    const char *recipient_params [] = { unit, role };
    rows = sf_db_query (db, S_RECIPIENTS_SQL, 2, recipient_params);
    if (!rows)
        return -1;
    char *recipients = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);

    char deadline [32], days [24], step [16];
    if (notify_render_local_time (db, facts->deadline_ms, state->time_zone, deadline, sizeof deadline))
        snprintf (deadline, sizeof deadline, "-");
    snprintf (days, sizeof days, "%" PRId64, facts->days);
    snprintf (step, sizeof step, "%d", facts->step);
    char *link = notify_render_link (state->link_base, link_path, facts->id, facts->number);
    notify_render_values_t zh = { .unit = found? node.name_zh: unit, .number = facts->number, .text = facts->text,
                                  .deadline = deadline, .days = days, .step = step, .link = link };
    notify_render_values_t en = zh;
    en.unit = found? node.name_en: unit;
    en.text = *facts->text_en? facts->text_en: facts->text;
    char *texts [4] = { NULL };
    int rc = s_render (db, rule->template, event->type, &zh, &en, texts);
    if (rc == 0)
        rc = s_unrouted (db, event, unit, rule, "no_template");
    else if (rc == 1) {
        char now [24];
        snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
        const char *params [] = { event->event_id, event->type, unit, plant, recipients, rule->urgency,
                                  texts [0], texts [1], texts [2], texts [3], link, now, rule->channels };
        int64_t written = sf_db_exec (db, S_INSERT_SQL, 13, params);
        if (written < 0)
            rc = -1;
        else {
            if (written > 0)
                sf_info ("notify: event %s (%s) rule %s: %" PRId64 " deliveries to %s for %s", event->event_id,
                         event->type, rule->position, written, unit, recipients);
            rc = 0;
        }
    }
    for (int i = 0; i < 4; i++)
        free (texts [i]);
    free (link);
    free (recipients);
    return rc;
}

int
notify_event_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    notify_state_t *state = arg;
    const char *params [] = { event->type };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT k.reader, k.link_path, r.position::text, r.min_severity, r.unit_kind, r.role, r.urgency::text,"
        " r.channels::text, r.template FROM event_route_kind k JOIN route r ON r.event_type = k.event_type"
        " WHERE k.event_type = $1 AND r.version = (SELECT max (version) FROM route_version)"
        " ORDER BY r.position", 1, params);
    if (!rows) {
        sf_error ("notify: event %s: rules not read: %s", event->event_id, sf_db_error (db));
        return -1;
    }
    int count = sf_rows_count (rows);
    int rc = 0;
    notify_event_facts_t facts;
    memset (&facts, 0, sizeof facts);
    if (count > 0) {
        rc = notify_event_read (sf_rows_text (rows, 0, 0), event, &facts);
        rc = rc == 1? 0: rc;
        bool read = facts.unit != NULL;
        for (int row = 0; read && rc == 0 && row < count; row++) {
            s_rule_t rule = {
                .position = sf_rows_text (rows, row, 2), .min_severity = (int) sf_rows_int (rows, row, 3),
                .unit_kind = sf_rows_text (rows, row, 4), .role = sf_rows_text (rows, row, 5),
                .urgency = sf_rows_text (rows, row, 6), .channels = sf_rows_text (rows, row, 7),
                .template = sf_rows_text (rows, row, 8)
            };
            if (rule.min_severity <= facts.severity)
                rc = s_apply_rule (db, state, event, &facts, sf_rows_text (rows, 0, 1), &rule);
        }
    }
    notify_event_facts_clear (&facts);
    sf_rows_destroy (&rows);
    return rc;
}
