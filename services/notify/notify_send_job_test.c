/*  notify_send_job_test: the sender against the local receivers (tests/notify_receiver.py,
    which checks each platform's payload and signature as documented): one delivery per
    channel arrives once with a valid signature, the email with its RFC 2047 subject; a burst
    of 30 to one DingTalk robot keeps to 20 in any 60 s and drops none; a receiver failing
    then recovering gets the delivery once, after retries with backoff; rich formats (DingTalk
    and WeCom markdown, Feishu post) arrive as documented; DingTalk's 130101 blocks the robot
    for 10 minutes, every delivery to it queued meanwhile; a run claims again while batches
    are due (120 over four webhooks sent in one run or a few); a claim whose outcome was lost
    waits for its lease, then goes once. Each run claims, commits the leases, sends and
    records (notify_sender_run). The clock is the test's (sf_clock frozen at each run's time);
    signatures use the real time, as the receivers check it.                                */
#include "notify.pb-c.h"
#include "notify_send.h"
#include "sf_clock.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const sf_migration_t notify_migrations [];

static char s_log [256];
static char s_pid [256];

//  Lines of the receiver's log holding all of the given texts (up to 2).
static int
s_count (const char *one, const char *two)
{
    FILE *file = fopen (s_log, "r");
    if (!file)
        return 0;
    char line [16384];
    int count = 0;
    while (fgets (line, sizeof line, file))
        if (strstr (line, one) && (!two || strstr (line, two)))
            count++;
    fclose (file);
    return count;
}

//  One run of the job at now_ms: claim, commit, send, record, again while deliveries were due.
static int
s_tick (notify_sender_t *sender, sf_db_t *db, int64_t now_ms)
{
    sf_clock_set_ms (now_ms);
    int sent = notify_sender_run (sender, db);
    SF_CHECK (sent >= 0);
    SF_CHECK (notify_sender_pending (sender) == 0);
    SF_CHECK (!sf_db_in_transaction (db));
    return sent;
}

static int64_t
s_delivery (sf_db_t *db, const char *event, int channel, int64_t channel_id, int urgency, const char *subject,
            int64_t now_ms)
{
    char sql [1024];
    snprintf (sql, sizeof sql,
              "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, urgency,"
              " status, subject, text, link, next_attempt_ms, created_ms) VALUES ('%s', 'lesson.published', 'U1',"
              " 'P1', %d, %" PRId64 ", %d, 1, '%s', 'Body <b>', 'https://sf.test/x', %" PRId64 ", %" PRId64 ")"
              " RETURNING id", event, channel, channel_id, urgency, subject, now_ms, now_ms);
    return sf_test_scalar (db, sql, NULL);
}

int
main (void)
{
    SF_CHECK (sodium_init () >= 0);
    curl_global_init (CURL_GLOBAL_DEFAULT);
    char *schema = sf_test_unique ("notify_send_job");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "notify", notify_migrations) >= 2);

    int port = sf_test_free_port ();
    int smtp_port = sf_test_free_port ();
    snprintf (s_log, sizeof s_log, "/tmp/%s.jsonl", schema);
    snprintf (s_pid, sizeof s_pid, "/tmp/%s.pid", schema);
    const char *source = getenv ("SF_SOURCE_DIR");
    SF_CHECK (sf_test_sh ("python3 -W ignore %s/tests/notify_receiver.py --port %d --smtp-port %d --log %s"
                          " --dingtalk-secret SECtest --feishu-secret fs"
                          " --webhook-secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --watch-pid %d >/dev/null 2>&1 &"
                          " echo $! > %s", source? source: ".", port, smtp_port, s_log, (int) getpid (), s_pid) == 0);
    int up = 1;
    for (int tries = 0; tries < 50 && up != 0; tries++) {
        sf_test_sleep_ms (100);
        up = sf_test_sh ("curl -s -o /dev/null -X POST 'http://127.0.0.1:%d/_control?fail=0'", port);
    }
    SF_CHECK (up == 0);

    char sql [2048];
    snprintf (sql, sizeof sql,
        "INSERT INTO unit_channel (id, unit_code, channel, url, secret, recipients) VALUES"
        " (1, 'U1', 1, 'http://127.0.0.1:%d/dingtalk/robot/send?access_token=T', 'SECtest', '{13800001111}'),"
        " (2, 'U1', 2, 'http://127.0.0.1:%d/wecom/cgi-bin/webhook/send?key=K', '', '{13800001111}'),"
        " (3, 'U1', 3, 'http://127.0.0.1:%d/feishu/open-apis/bot/v2/hook/H', 'fs', '{}'),"
        " (4, 'U1', 4, 'http://127.0.0.1:%d/webhook', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{}'),"
        " (5, 'U1', 5, 'smtp://127.0.0.1:%d/sf.test', '', '{ehs@plant.test}')",
        port, port, port, port, smtp_port);
    SF_CHECK (sf_db_exec (db, sql, 0, NULL) == 5);

    notify_sender_t *sender = notify_sender_new ("Asia/Shanghai", "sf-notify@sf.test");
    //  12:00 Shanghai time, a weekday.
    int64_t t0 = 1764820800000;

    //  One delivery per channel: each arrives once, valid.
    for (int channel = 1; channel <= 5; channel++) {
        char event [32];
        snprintf (event, sizeof event, "ev-%d", channel);
        s_delivery (db, event, channel, channel, NOTIFY__URGENCY__URGENCY_NORMAL, "告警: 磁盘满", t0);
    }
    //  Claimed, the lease committed, sent and recorded in the same run.
    SF_CHECK (s_tick (sender, db, t0) == 5);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE status = 3 AND attempts = 1", NULL) == 5);
    SF_CHECK (s_count ("\"ok\": false", NULL) == 0);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", NULL) == 1);
    SF_CHECK (s_count ("\"kind\": \"wecom\", \"ok\": true", NULL) == 1);
    SF_CHECK (s_count ("\"kind\": \"feishu\", \"ok\": true", NULL) == 1);
    SF_CHECK (s_count ("\"kind\": \"webhook\", \"ok\": true", "\"id\": \"dlv_4\"") == 1);
    for (int tries = 0; tries < 30 && s_count ("\"kind\": \"smtp\"", NULL) == 0; tries++)
        sf_test_sleep_ms (100);
    SF_CHECK (s_count ("\"kind\": \"smtp\"", "=?UTF-8?B?5ZGK6K2mOiDno4Hnm5jmu6E=?=") == 1);
    SF_CHECK (s_count ("\"kind\": \"smtp\"", "multipart/alternative") == 1);
    SF_CHECK (s_count ("\"kind\": \"smtp\"", "text/html") == 1);
    //  Sent again after the fact: nothing more goes out.
    s_tick (sender, db, t0 + 2000);
    s_tick (sender, db, t0 + 3000);
    SF_CHECK (s_count ("\"ok\": true", NULL) == 5);

    //  A burst of 30 to one DingTalk robot: 20 now, 10 a minute later, none dropped.
    int64_t t1 = t0 + 600000;
    for (int index = 0; index < 30; index++) {
        char event [32];
        snprintf (event, sizeof event, "burst-%d", index);
        s_delivery (db, event, 1, 1, NOTIFY__URGENCY__URGENCY_URGENT, "Burst", t1);
    }
    SF_CHECK (s_tick (sender, db, t1) == 20);
    SF_CHECK (s_tick (sender, db, t1 + 1000) == 0);
    SF_CHECK (s_tick (sender, db, t1 + 30000) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id LIKE 'burst-%' AND status = 3",
                              NULL) == 20);
    SF_CHECK (s_tick (sender, db, t1 + 60000) == 10);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id LIKE 'burst-%' AND status = 3",
                              NULL) == 30);
    SF_CHECK (sf_test_scalar (db, "SELECT max ((SELECT count (*) FROM channel_send b WHERE b.channel_id = 1"
                                  " AND b.sent_ms >= a.sent_ms AND b.sent_ms < a.sent_ms + 60000))"
                                  " FROM channel_send a WHERE a.channel_id = 1", NULL) == 20);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", NULL) == 31);

    //  The webhook receiver fails twice (HTTP 500), then recovers: sent once, on attempt 3,
    //  after 5 s and 10 s of backoff.
    int64_t t2 = t1 + 600000;
    SF_CHECK (sf_test_sh ("curl -s -o /dev/null -X POST 'http://127.0.0.1:%d/_control?fail=2&how=500'", port) == 0);
    int64_t id = s_delivery (db, "retry-1", 4, 4, NOTIFY__URGENCY__URGENCY_URGENT, "Retry", t2);
    s_tick (sender, db, t2);
    snprintf (sql, sizeof sql, "SELECT status * 1000000000000 + next_attempt_ms - %" PRId64 " FROM delivery"
              " WHERE id = %" PRId64, t2, id);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 4 * 1000000000000 + 5000);
    SF_CHECK (s_tick (sender, db, t2 + 3000) == 0);
    s_tick (sender, db, t2 + 5000);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 4 * 1000000000000 + 15000);
    SF_CHECK (s_tick (sender, db, t2 + 15000) == 1);
    snprintf (sql, sizeof sql, "SELECT status * 100 + attempts FROM delivery WHERE id = %" PRId64, id);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 303);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery_attempt WHERE delivery_id = %" PRId64
              " AND outcome = 'failed' AND http_status = 500", id);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 2);
    char webhook_id [32];
    snprintf (webhook_id, sizeof webhook_id, "\"id\": \"dlv_%" PRId64 "\"", id);
    SF_CHECK (s_count ("\"kind\": \"webhook\", \"ok\": true", webhook_id) == 1);
    //  No secret, no signed URL in what the attempts recorded.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery_attempt WHERE detail LIKE '%sign=%'"
                                  " OR detail LIKE '%SECtest%' OR detail LIKE '%whsec_%'", NULL) == 0);

    //  Quiet hours: a normal message waits until they end, an urgent one goes.
    SF_CHECK (sf_db_exec (db, "UPDATE unit_channel SET quiet_from = '11:00', quiet_to = '13:00' WHERE id = 2",
                          0, NULL) == 1);
    int64_t t3 = t0 + 86400000;   //  12:00 local the next day
    int64_t quiet = s_delivery (db, "quiet-1", 2, 2, NOTIFY__URGENCY__URGENCY_NORMAL, "Quiet", t3);
    int64_t loud = s_delivery (db, "loud-1", 2, 2, NOTIFY__URGENCY__URGENCY_URGENT, "Loud", t3);
    s_tick (sender, db, t3);
    snprintf (sql, sizeof sql, "SELECT status FROM delivery WHERE id = %" PRId64, loud);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 3);
    snprintf (sql, sizeof sql, "SELECT next_attempt_ms - %" PRId64 " FROM delivery WHERE id = %" PRId64
              " AND status = 1", t3, quiet);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 3600000);
    //  At 13:00 the quiet hours end and it goes.
    s_tick (sender, db, t3 + 3600000);
    snprintf (sql, sizeof sql, "SELECT status FROM delivery WHERE id = %" PRId64, quiet);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 3);

    //  Giving up: a channel that refuses (wrong key) until retry_max_attempts.
    SF_CHECK (sf_db_exec (db, "UPDATE notify_setting SET value = 2 WHERE key = 'retry_max_attempts'", 0, NULL) == 1);
    SF_CHECK (sf_db_exec (db, "UPDATE unit_channel SET url = replace (url, 'key=K', 'key=wrong') WHERE id = 2",
                          0, NULL) == 1);
    int64_t t4 = t3 + 7200000;
    int64_t doomed = s_delivery (db, "doomed-1", 2, 2, NOTIFY__URGENCY__URGENCY_URGENT, "Doomed", t4);
    s_tick (sender, db, t4);
    s_tick (sender, db, t4 + 5000);
    snprintf (sql, sizeof sql, "SELECT status * 100 + attempts FROM delivery WHERE id = %" PRId64, doomed);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 502);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'notify.delivery_gave_up'",
                              NULL) == 1);

    //  Feishu: at most 5 a second; the other 2 go the next second.
    int64_t t5 = t4 + 3600000;
    for (int index = 0; index < 7; index++) {
        char event [32];
        snprintf (event, sizeof event, "feishu-%d", index);
        s_delivery (db, event, 3, 3, NOTIFY__URGENCY__URGENCY_URGENT, "Feishu", t5);
    }
    SF_CHECK (s_tick (sender, db, t5) == 5);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE event_id LIKE 'feishu-%%' AND status = 1"
              " AND next_attempt_ms = %" PRId64, t5 + 1000);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 2);
    SF_CHECK (s_tick (sender, db, t5 + 1000) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id LIKE 'feishu-%' AND status = 3",
                              NULL) == 7);
    SF_CHECK (s_count ("\"kind\": \"feishu\", \"ok\": true", NULL) == 8);

    //  Rich formats: DingTalk markdown with "@<mobile>", WeCom markdown followed by the text
    //  that @s the mobiles (two messages, two rate slots), a Feishu post; the receiver checks
    //  each shape.
    int64_t t6 = t5 + 3600000;
    snprintf (sql, sizeof sql,
        "INSERT INTO unit_channel (id, unit_code, channel, url, secret, recipients, format) VALUES"
        " (6, 'U1', 1, 'http://127.0.0.1:%d/dingtalk/robot/send?access_token=T', 'SECtest', '{13800001111}', 2),"
        " (7, 'U1', 2, 'http://127.0.0.1:%d/wecom/cgi-bin/webhook/send?key=K', '', '{13800001111}', 2),"
        " (8, 'U1', 3, 'http://127.0.0.1:%d/feishu/open-apis/bot/v2/hook/H', 'fs', '{}', 2)", port, port, port);
    SF_CHECK (sf_db_exec (db, sql, 0, NULL) == 3);
    for (int channel = 1; channel <= 3; channel++) {
        char event [32];
        snprintf (event, sizeof event, "rich-%d", channel);
        int64_t rich = s_delivery (db, event, channel, 5 + channel, NOTIFY__URGENCY__URGENCY_URGENT, "Rich *1*", t6);
        snprintf (sql, sizeof sql, "UPDATE delivery SET text = E'**Overdue**\\nUnit <b>\\n[Open](https://sf.test/x)'"
                  " WHERE id = %" PRId64, rich);
        SF_CHECK (sf_db_exec (db, sql, 0, NULL) == 1);
    }
    SF_CHECK (s_tick (sender, db, t6) == 3);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id LIKE 'rich-%' AND status = 3",
                              NULL) == 3);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", "\"msgtype\": \"markdown\"") == 1);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", "@13800001111\"}") == 1);
    SF_CHECK (s_count ("\"kind\": \"wecom\", \"ok\": true", "\"msgtype\": \"markdown\"") == 1);
    SF_CHECK (s_count ("\"kind\": \"wecom\", \"ok\": true",
                       "Rich *1*\", \"mentioned_mobile_list\": [\"13800001111\"]") == 1);
    SF_CHECK (s_count ("\"kind\": \"feishu\", \"ok\": true", "\"msg_type\": \"post\"") == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM channel_send WHERE channel_id = 7", NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id"
                                  " WHERE d.event_id LIKE 'rich-%' AND a.outcome = 'sent' AND a.detail = ''", NULL) == 3);

    //  DingTalk's 130101: the robot is blocked for dingtalk_block_seconds (600). The delivery
    //  that got it and the others of that robot wait, queued, until the block ends; a second
    //  130101 blocks again and never gives up (retry_max_attempts is 2 here).
    int64_t t7 = t6 + 3600000;
    SF_CHECK (sf_test_sh ("curl -s -o /dev/null -X POST 'http://127.0.0.1:%d/_control?fail=2&how=limit'", port) == 0);
    int64_t first = s_delivery (db, "block-1", 1, 1, NOTIFY__URGENCY__URGENCY_URGENT, "Block", t7);
    int64_t second = s_delivery (db, "block-2", 1, 1, NOTIFY__URGENCY__URGENCY_URGENT, "Block", t7);
    //  The second waits behind the first (one request at a time per robot), so it is held
    //  without an attempt once the first got 130101.
    SF_CHECK (s_tick (sender, db, t7) == 0);
    int64_t until = t7 + 600000;
    snprintf (sql, sizeof sql, "SELECT blocked_until_ms - %" PRId64 " FROM unit_channel WHERE id = 1", until);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 0);
    snprintf (sql, sizeof sql, "SELECT status * 100 + attempts FROM delivery WHERE id = %" PRId64
              " AND next_attempt_ms = %" PRId64, first, until);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 401);
    snprintf (sql, sizeof sql, "SELECT status * 100 + attempts FROM delivery WHERE id = %" PRId64
              " AND next_attempt_ms = %" PRId64, second, until);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 100);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery_attempt WHERE delivery_id = %" PRId64
              " AND outcome = 'rate_limited' AND detail LIKE '%%130101%%'", first);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 1);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id = %" PRId64
              " AND last_error_en LIKE '%%blocked%%' AND last_error_zh LIKE '%%限流%%'", first);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 1);
    //  A new one during the block waits too; nothing goes to the robot before it ends.
    int64_t third = s_delivery (db, "block-3", 1, 1, NOTIFY__URGENCY__URGENCY_URGENT, "Block", t7 + 2000);
    SF_CHECK (s_tick (sender, db, t7 + 2000) == 0);
    SF_CHECK (s_tick (sender, db, t7 + 300000) == 0);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id IN (%" PRId64 ", %" PRId64 ", %" PRId64 ")"
              " AND status IN (1, 4) AND next_attempt_ms = %" PRId64, first, second, third, until);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 3);
    //  The block ends: the first goes again and gets 130101 again: blocked again, not given up.
    SF_CHECK (s_tick (sender, db, until) == 0);
    int64_t again = until + 600000;
    snprintf (sql, sizeof sql, "SELECT status * 100 + attempts FROM delivery WHERE id = %" PRId64
              " AND next_attempt_ms = %" PRId64, first, again);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 402);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id IN (%" PRId64 ", %" PRId64 ")"
              " AND status = 1 AND attempts = 0 AND next_attempt_ms = %" PRId64, second, third, again);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 2);
    SF_CHECK (s_tick (sender, db, again) == 3);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id IN (%" PRId64 ", %" PRId64 ", %" PRId64 ")"
              " AND status = 3", first, second, third);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 3);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", "Block") == 3);

    //  A burst over four webhooks, 120 deliveries: one run claims again while it finds
    //  deliveries due (50, 50, 20), sending each batch concurrently; each arrives once.
    int64_t t8 = again + 3600000;
    snprintf (sql, sizeof sql,
        "INSERT INTO unit_channel (id, unit_code, channel, url, secret, recipients)"
        " SELECT 8 + n, 'U' || n, 4, 'http://127.0.0.1:%d/webhook', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{}'"
        " FROM generate_series (1, 4) n", port);
    SF_CHECK (sf_db_exec (db, sql, 0, NULL) == 4);
    for (int index = 0; index < 120; index++) {
        char event [32];
        snprintf (event, sizeof event, "many-%d", index);
        s_delivery (db, event, 4, 9 + index % 4, NOTIFY__URGENCY__URGENCY_NORMAL, "Many", t8);
    }
    int many = s_tick (sender, db, t8);
    SF_CHECK (many > NOTIFY_SEND_BATCH);
    for (int run = 0; run < 3 && many < 120; run++)
        many += s_tick (sender, db, t8 + 1000 * (run + 1));
    SF_CHECK (many == 120);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM delivery WHERE event_id LIKE 'many-%' AND status = 3"
                                  " AND attempts = 1", NULL) == 120);
    SF_CHECK (s_count ("\"kind\": \"webhook\", \"ok\": true", "Many") == 120);

    //  A crash after the lease committed and before the outcome (the claims forgotten): the
    //  delivery waits for its lease, then goes once.
    int64_t t9 = t8 + 3600000;
    int64_t cut = s_delivery (db, "cut-1", 4, 4, NOTIFY__URGENCY__URGENCY_URGENT, "Cut", t9);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (notify_sender_claim (sender, db, t9) == 1);
    SF_CHECK (sf_db_commit (db) == 0);
    notify_sender_forget (sender);
    SF_CHECK (s_tick (sender, db, t9 + 1000) == 0);
    SF_CHECK (s_tick (sender, db, t9 + NOTIFY_SEND_LEASE_MS - 1) == 0);
    SF_CHECK (s_tick (sender, db, t9 + NOTIFY_SEND_LEASE_MS) == 1);
    snprintf (webhook_id, sizeof webhook_id, "\"id\": \"dlv_%" PRId64 "\"", cut);
    SF_CHECK (s_count ("\"kind\": \"webhook\", \"ok\": true", webhook_id) == 1);

    notify_sender_destroy (&sender);
    sf_test_sh ("kill $(cat %s) 2>/dev/null; rm -f %s %s", s_pid, s_pid, s_log);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    curl_global_cleanup ();
    printf ("notify_send_job_test: ok\n");
    return 0;
}
