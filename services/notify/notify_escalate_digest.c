/*  notify_escalate_digest: daily digests of held deliveries.                              */
#include "notify_escalate_digest.h"

#include <stdio.h>

int
notify_escalate_digest (sf_db_t *db, int64_t now_ms, const char *time_zone)
{
    char now [24];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    const char *due_values [] = { now, time_zone };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT c.id, to_char (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2, 'YYYY-MM-DD') FROM unit_channel c"
        " WHERE c.digest_at <> '' AND c.digest_at <= to_char (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2, 'HH24:MI')"
        " AND EXISTS (SELECT 1 FROM delivery d WHERE d.channel_id = c.id AND d.status = 2) ORDER BY c.id",
        2, due_values);
    if (!rows)
        return -1;
    int made = 0, rc = 0;
    for (int i = 0; rc == 0 && i < sf_rows_count (rows); i++) {
        const char *values [] = { sf_rows_text (rows, i, 0), sf_rows_text (rows, i, 1), now };
        sf_rows_t *digest = sf_db_query (db,
            "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
            " subject, text, next_attempt_ms, created_ms)"
            " SELECT 'digest:' || c.id || ':' || $2, 'notify.digest', c.unit_code, max (d.plant_code), c.channel, c.id,"
            " 2, 1, CASE c.language WHEN 'en' THEN 'Daily digest: ' || count (*) || ' messages'"
            "  ELSE '每日汇总：' || count (*) || ' 条消息' END,"
            " string_agg ('- ' || d.subject || CASE WHEN d.link <> '' THEN ' ' || d.link ELSE '' END, chr (10)"
            "  ORDER BY d.id), $3::bigint, $3::bigint"
            " FROM unit_channel c JOIN delivery d ON d.channel_id = c.id AND d.status = 2 WHERE c.id = $1::bigint"
            " GROUP BY c.id, c.unit_code, c.channel, c.language"
            " ON CONFLICT (event_id, unit_code, channel, escalation_step) DO NOTHING RETURNING id", 3, values);
        if (!digest) {
            rc = -1;
            break;
        }
        if (sf_rows_count (digest) == 1) {
            const char *mark [] = { sf_rows_text (digest, 0, 0), values [0], now };
            if (sf_db_exec (db, "UPDATE delivery SET status = 3, sent_ms = $3::bigint, digest_id = $1::bigint,"
                                " version = version + 1 WHERE channel_id = $2::bigint AND status = 2"
                                " AND id < $1::bigint", 3, mark) < 0)
                rc = -1;
            else
                made++;
        }
        sf_rows_destroy (&digest);
    }
    sf_rows_destroy (&rows);
    return rc? -1: made;
}
