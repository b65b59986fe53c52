/*  notify_escalate_digest_test: digest grouping on the real schema, in Asia/Shanghai. The
    held deliveries of a channel with digest_at 08:30 wait until 08:30 local (00:30 UTC), then
    become one queued digest in the channel's language listing them, and are marked sent with
    the digest's id; another channel's are grouped apart; a second run that day makes nothing;
    one held after today's digest goes in tomorrow's.                                         */
#include "notify_escalate_digest.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t notify_migrations [];

#define S_0829_LOCAL "1796257740000"      //  2026-12-03 00:29 UTC
#define S_0830_LOCAL 1796257800000LL
#define S_1300_LOCAL 1796274000000LL
#define S_NEXT_DAY 1796344260000LL        //  2026-12-04 08:31 local

int
main (void)
{
    char *schema = sf_test_unique ("notify_digest");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "notify", notify_migrations) >= 3);
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO unit_channel (id, unit_code, channel, url, language, digest_at) VALUES"
        " (1, 'T1', 1, 'https://h/a', 'zh', '08:30'), (2, 'T2', 4, 'https://h/b', 'en', '08:30'),"
        " (3, 'T3', 1, 'https://h/c', 'zh', '')", 0, NULL) == 3);
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO delivery (id, event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
        " subject, text, link, next_attempt_ms, created_ms) VALUES"
        " (101, 'e1', 'lesson.published', 'T1', 'P1', 1, 1, 1, 2, '新教训甲', 't', 'https://sf/l/1', 0, 0),"
        " (102, 'e2', 'lesson.published', 'T1', 'P1', 1, 1, 1, 2, '新教训乙', 't', '', 0, 0),"
        " (103, 'e1', 'lesson.published', 'T2', 'P1', 4, 2, 1, 2, 'New lesson A', 't', '', 0, 0),"
        " (104, 'e3', 'lesson.published', 'T1', 'P1', 1, 1, 2, 3, 'sent', 't', '', 0, 0)", 0, NULL) == 4);
    SF_CHECK (sf_db_exec (db, "SELECT setval ('delivery_id_seq', 200)", 0, NULL) >= 0);

    //  08:29 local: nothing yet.
    SF_CHECK (notify_escalate_digest (db, strtoll (S_0829_LOCAL, NULL, 10), "Asia/Shanghai") == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE status = 2", NULL) == 3);

    //  08:30 local: one digest per channel.
    SF_CHECK (notify_escalate_digest (db, S_0830_LOCAL, "Asia/Shanghai") == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id = 'digest:1:2026-12-03'"
                                  " AND status = 1 AND channel_id = 1 AND subject LIKE '每日汇总%'"
                                  " AND strpos (text, '新教训甲 https://sf/l/1') > 0 AND strpos (text, '新教训乙') > 0",
                                  NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id = 'digest:2:2026-12-03'"
                                  " AND subject = 'Daily digest: 1 messages' AND strpos (text, 'New lesson A') > 0",
                                  NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery d JOIN delivery g ON g.id = d.digest_id"
                                  " WHERE d.status = 3 AND g.channel_id = d.channel_id AND d.sent_ms > 0", NULL) == 3);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE id = 104 AND digest_id IS NULL", NULL) == 1);

    //  Held later the same day: today's digest is made, so it waits for tomorrow's.
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO delivery (id, event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
        " subject, text, next_attempt_ms, created_ms) VALUES"
        " (105, 'e5', 'lesson.published', 'T1', 'P1', 1, 1, 1, 2, '新教训丙', 't', 0, 0)", 0, NULL) == 1);
    SF_CHECK (notify_escalate_digest (db, S_1300_LOCAL, "Asia/Shanghai") == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT status FROM delivery WHERE id = 105", NULL) == 2);
    SF_CHECK (notify_escalate_digest (db, S_NEXT_DAY, "Asia/Shanghai") == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id = 'digest:1:2026-12-04'"
                                  " AND strpos (text, '新教训丙') > 0 AND strpos (text, '新教训甲') = 0", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT status FROM delivery WHERE id = 105", NULL) == 3);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("notify_escalate_digest_test: ok\n");
    return 0;
}
