/*  notify_escalate_clock_test: escalation against the clock on the real schema. An urgent
    delivery sent and not acknowledged within urgent_ack_minutes moves to the nearest unit up
    with enabled channels (skipping a department without any), once per (event, unit, channel,
    step) however many of the unit's channels sent it; normal and acknowledged ones stay; at
    the top of the chain it is marked escalated with the reason and nothing more is sent.     */
#include "notify_escalate.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t notify_migrations [];

#define S_MINUTE 60000LL

//  One run in a transaction of its own, as the scheduler's tick gives it.
static int
s_run (sf_db_t *db, int64_t now_ms)
{
    SF_CHECK (sf_db_begin (db) == 0);
    int escalated = notify_escalate_run (db, now_ms);
    if (escalated < 0)
        fprintf (stderr, "escalate: %s\n", sf_db_error (db));
    SF_CHECK (escalated >= 0 && sf_db_commit (db) == 0);
    return escalated;
}

int
main (void)
{
    char *schema = sf_test_unique ("notify_escalate");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "notify", notify_migrations) >= 2);
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
        " ('C', 1, NULL, NULL, '公司', 'Company', true, 1), ('P1', 2, 'C', 'P1', '一厂', 'Plant 1', true, 1),"
        " ('D1', 3, 'P1', 'P1', '车间', 'Shop', true, 1), ('T1', 4, 'D1', 'P1', '班组', 'Team', true, 1)",
        0, NULL) == 4);
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO unit_channel (id, unit_code, channel, url, language, enabled) VALUES"
        " (1, 'T1', 1, 'https://h/t1a', 'zh', true), (2, 'T1', 2, 'https://h/t1b', 'zh', true),"
        " (3, 'P1', 1, 'https://h/p1a', 'zh', true), (4, 'P1', 4, 'https://h/p1b', 'en', true),"
        " (5, 'P1', 2, 'https://h/p1c', 'zh', false)", 0, NULL) == 5);
    //  The same urgent event over both team channels, a normal one, an acknowledged one.
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO delivery (id, event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
        " subject, text, next_attempt_ms, created_ms, sent_ms) VALUES"
        " (101, 'e1', 'rectification.form_overdue', 'T1', 'P1', 1, 1, 3, 3, '逾期', '整改单逾期', 0, 0, 1000),"
        " (102, 'e1', 'rectification.form_overdue', 'T1', 'P1', 2, 2, 3, 3, '逾期', '整改单逾期', 0, 0, 1000),"
        " (103, 'e2', 'lesson.published', 'T1', 'P1', 1, 1, 2, 3, 's', 't', 0, 0, 1000),"
        " (104, 'e3', 'rectification.form_overdue', 'T1', 'P1', 1, 1, 3, 6, 's', 't', 0, 0, 1000)",
        0, NULL) == 4);

    //  Not yet: 29 minutes.
    SF_CHECK (s_run (db, 1000 + 29 * S_MINUTE) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery", NULL) == 4);

    //  30 minutes: both team deliveries escalate; the plant's two enabled channels get one each.
    SF_CHECK (s_run (db, 1000 + 30 * S_MINUTE) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE status = 7", NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE unit_code = 'P1' AND escalation_step = 1"
                                  " AND status = 1 AND event_id = 'e1' AND parent_id IN (101, 102) AND urgency = 3", NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE unit_code = 'P1' AND channel_id = 5", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE unit_code = 'P1' AND channel_id = 4"
                                  " AND subject LIKE '[Escalated]%'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE unit_code = 'P1' AND channel_id = 3"
                                  " AND subject LIKE '【升级】%'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT status FROM delivery WHERE id = 103", NULL) == 3);
    SF_CHECK (sf_test_scalar (db, "SELECT status FROM delivery WHERE id = 104", NULL) == 6);

    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'notify.delivery_escalated'", NULL) == 2);

    //  Again: nothing more (once per step).
    SF_CHECK (s_run (db, 1000 + 60 * S_MINUTE) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery", NULL) == 6);

    //  The plant's are sent and not acknowledged: the company has no channel, so they are
    //  marked escalated with the reason and nothing is sent.
    SF_CHECK (sf_db_exec (db, "UPDATE delivery SET status = 3, sent_ms = 2000000 WHERE unit_code = 'P1'", 0, NULL) == 2);
    SF_CHECK (s_run (db, 2000000 + 30 * S_MINUTE) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery", NULL) == 6);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE unit_code = 'P1' AND status = 7"
                                  " AND last_error_en <> '' AND last_error_zh <> ''", NULL) == 2);

    //  The setting is data: 5 minutes.
    SF_CHECK (sf_db_exec (db, "UPDATE notify_setting SET value = 5 WHERE key = 'urgent_ack_minutes'", 0, NULL) == 1);
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO delivery (id, event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
        " subject, text, next_attempt_ms, created_ms, sent_ms) VALUES"
        " (110, 'e4', 'rectification.form_overdue', 'T1', 'P1', 1, 1, 3, 3, 's', 't', 0, 0, 5000000)", 0, NULL) == 1);
    SF_CHECK (s_run (db, 5000000 + 4 * S_MINUTE) == 0);
    SF_CHECK (s_run (db, 5000000 + 5 * S_MINUTE) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE parent_id = 110", NULL) == 2);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("notify_escalate_clock_test: ok\n");
    return 0;
}
