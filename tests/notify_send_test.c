/*  notify_send_test: the notifier's sending job, black-box: sf-notify with the local
    receivers (tests/notify_receiver.py checks every payload and signature as each platform
    documents it), unit channels and deliveries written by SQL (routing is tested on its
    own). The daemon's clock is stepped (sf.SetClock), one job run per step:
    - one delivery per channel (DingTalk, WeCom, Feishu, Standard Webhooks, email) arrives
      once, signed; the email's subject is RFC 2047 encoded;
    - a burst of 30 to one DingTalk robot: 20 in the first minute, the other 10 when the
      window frees, none dropped;
    - the robot answers "send too fast" (130101): DingTalk blocks it for 10 minutes, so it
      gets nothing until then (the refused delivery and the one behind it wait, queued), then
      each arrives once;
    - killed after a run committed a lease and before it recorded the outcome (the lease
      written as the run writes it): after a restart nothing goes out until the lease runs
      out, then the delivery goes once.                                                     */
#include "notify_testlib.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "sf_clock.h"

static char s_log [256];
static char s_pid [256];

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

//  Sets the daemon's clock and waits for the sending job's run at that time.
static void
s_step (nt_stack_t *stack, int64_t now_ms)
{
    sf_test_daemon_set_clock (&stack->notify, now_ms);
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM sf_schedule_runs WHERE job = 'notify.send'"
              " AND occurrence_ms = %" PRId64, now_ms - now_ms % 1000);
    nt_wait (stack, sql, NULL, 1, 10000);
}

static int64_t
s_delivery (nt_stack_t *stack, const char *event, int channel, int64_t channel_id, const char *subject,
            int64_t now_ms)
{
    char sql [1024];
    snprintf (sql, sizeof sql,
              "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, urgency,"
              " status, subject, text, link, next_attempt_ms, created_ms) VALUES ('%s', 'lesson.published', '%s',"
              " '%s', %d, %" PRId64 ", 3, 1, '%s', 'Text', 'https://sf.test/x', %" PRId64 ", %" PRId64 ")"
              " RETURNING id", event, nt_code (stack, "D1"), nt_code (stack, "P"), channel, channel_id, subject,
              now_ms, now_ms);
    return sf_test_scalar (stack->db, sql, NULL);
}

int
main (void)
{
    nt_stack_t stack;
    nt_stack_start (&stack, "nsn", NULL);

    int port = sf_test_free_port ();
    int smtp_port = sf_test_free_port ();
    snprintf (s_log, sizeof s_log, "/tmp/%s.jsonl", stack.schema);
    snprintf (s_pid, sizeof s_pid, "/tmp/%s.pid", stack.schema);
    unlink (s_log);
    const char *source = getenv ("SF_SOURCE_DIR");
    SF_CHECK (sf_test_sh ("python3 -W ignore %s/tests/notify_receiver.py --port %d --smtp-port %d --log %s"
                          " --dingtalk-secret SECburst --feishu-secret fs"
                          " --webhook-secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --watch-pid %d >/dev/null 2>&1 &"
                          " echo $! > %s", source? source: ".", port, smtp_port, s_log, (int) getpid (), s_pid) == 0);
    int up = 1;
    for (int tries = 0; tries < 50 && up != 0; tries++) {
        sf_test_sleep_ms (100);
        up = sf_test_sh ("curl -s -o /dev/null -X POST 'http://127.0.0.1:%d/_control?fail=0'", port);
    }
    SF_CHECK (up == 0);

    char sql [2048];
    const char *unit = nt_code (&stack, "D1");
    snprintf (sql, sizeof sql,
        "INSERT INTO unit_channel (id, unit_code, channel, url, secret, recipients) VALUES"
        " (901, '%s', 1, 'http://127.0.0.1:%d/dingtalk/robot/send?access_token=T', 'SECburst', '{13800001111}'),"
        " (902, '%s', 2, 'http://127.0.0.1:%d/wecom/cgi-bin/webhook/send?key=K', '', '{}'),"
        " (903, '%s', 3, 'http://127.0.0.1:%d/feishu/open-apis/bot/v2/hook/H', 'fs', '{}'),"
        " (904, '%s', 4, 'http://127.0.0.1:%d/webhook', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{}'),"
        " (905, '%s', 5, 'smtp://127.0.0.1:%d/sf.test', '', '{officer@plant.test}')",
        unit, port, unit, port, unit, port, unit, port, unit, smtp_port);
    SF_CHECK (sf_db_exec (stack.db, sql, 0, NULL) == 5);

    //  One per channel.
    int64_t t0 = sf_clock_wall_ms () / 1000 * 1000 + 5000;
    for (int channel = 1; channel <= 5; channel++) {
        char event [32];
        snprintf (event, sizeof event, "ev-%d", channel);
        s_delivery (&stack, event, channel, 900 + channel, "告警: 磁盘满", t0);
    }
    s_step (&stack, t0);
    s_step (&stack, t0 + 1000);
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE status = 3 AND attempts = 1", NULL, 5, 10000);
    for (int tries = 0; tries < 30 && s_count ("\"kind\": \"smtp\"", NULL) == 0; tries++)
        sf_test_sleep_ms (100);
    SF_CHECK (s_count ("\"ok\": false", NULL) == 0);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", NULL) == 1);
    SF_CHECK (s_count ("\"kind\": \"wecom\", \"ok\": true", NULL) == 1);
    SF_CHECK (s_count ("\"kind\": \"feishu\", \"ok\": true", NULL) == 1);
    SF_CHECK (s_count ("\"kind\": \"webhook\", \"ok\": true", "\"id\": \"dlv_") == 1);
    SF_CHECK (s_count ("\"kind\": \"smtp\"", "=?UTF-8?B?5ZGK6K2mOiDno4Hnm5jmu6E=?=") == 1);

    //  A burst of 30 to the DingTalk robot.
    int64_t t1 = t0 + 600000;
    for (int index = 0; index < 30; index++) {
        char event [32];
        snprintf (event, sizeof event, "burst-%d", index);
        s_delivery (&stack, event, 1, 901, "Burst", t1);
    }
    s_step (&stack, t1);
    s_step (&stack, t1 + 1000);
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE event_id LIKE 'burst-%' AND status = 3", NULL, 20, 10000);
    s_step (&stack, t1 + 30000);
    s_step (&stack, t1 + 31000);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM delivery WHERE event_id LIKE 'burst-%'"
                                        " AND status = 3", NULL) == 20);
    s_step (&stack, t1 + 60000);
    s_step (&stack, t1 + 61000);
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE event_id LIKE 'burst-%' AND status = 3", NULL, 30, 10000);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT max ((SELECT count (*) FROM channel_send b WHERE b.channel_id = 901"
                                        " AND b.sent_ms >= a.sent_ms AND b.sent_ms < a.sent_ms + 60000))"
                                        " FROM channel_send a WHERE a.channel_id = 901", NULL) == 20);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", NULL) == 31);

    //  The robot says "send too fast" (130101): DingTalk blocks it for 10 minutes
    //  (notify_setting dingtalk_block_seconds), so nothing goes to it until then, neither the
    //  refused delivery nor the one queued behind it; then both go, once each.
    int64_t t2 = t1 + 600000;
    SF_CHECK (sf_test_sh ("curl -s -o /dev/null -X POST 'http://127.0.0.1:%d/_control?fail=1&how=limit'", port) == 0);
    int64_t id = s_delivery (&stack, "limited-1", 1, 901, "Limited", t2);
    int64_t behind = s_delivery (&stack, "limited-2", 1, 901, "Limited", t2);
    s_step (&stack, t2);
    s_step (&stack, t2 + 1000);
    int64_t until = t2 + 600000;
    snprintf (sql, sizeof sql, "SELECT count (*) FROM unit_channel WHERE id = 901 AND blocked_until_ms = %" PRId64,
              until);
    nt_wait (&stack, sql, NULL, 1, 10000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id IN (%" PRId64 ", %" PRId64 ")"
              " AND status IN (1, 4) AND next_attempt_ms = %" PRId64, id, behind, until);
    SF_CHECK (sf_test_scalar (stack.db, sql, NULL) == 2);
    s_step (&stack, t2 + 300000);
    s_step (&stack, t2 + 301000);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", "Limited") == 0);
    s_step (&stack, until);
    s_step (&stack, until + 1000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id = %" PRId64 " AND status = 3 AND attempts = 2",
              id);
    nt_wait (&stack, sql, NULL, 1, 10000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id = %" PRId64 " AND status = 3 AND attempts = 1",
              behind);
    nt_wait (&stack, sql, NULL, 1, 10000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery_attempt WHERE delivery_id = %" PRId64
              " AND outcome = 'rate_limited'", id);
    SF_CHECK (sf_test_scalar (stack.db, sql, NULL) == 1);
    char ident [32];
    snprintf (ident, sizeof ident, "\"id\": \"%" PRId64 "\"", id);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", ident) == 1);
    snprintf (ident, sizeof ident, "\"id\": \"%" PRId64 "\"", behind);
    SF_CHECK (s_count ("\"kind\": \"dingtalk\", \"ok\": true", ident) == 1);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM delivery_attempt WHERE detail LIKE '%sign=%'"
                                        " OR detail LIKE '%SECburst%'", NULL) == 0);

    //  Killed between a run's lease and its outcome (a run claims, commits the lease, sends
    //  and records in one go, so the lease is written here as it writes it): nothing goes out
    //  until the lease runs out, then the delivery goes once.
    int64_t t3 = t2 + 1200000;
    id = s_delivery (&stack, "restart-1", 4, 904, "Restart", t3 + 60000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id = %" PRId64 " AND next_attempt_ms = %" PRId64,
              id, t3 + 60000);
    SF_CHECK (sf_test_scalar (stack.db, sql, NULL) == 1);
    sf_test_daemon_stop (&stack.notify, SIGKILL);
    sf_test_daemon_restart (&stack.notify);
    SF_CHECK (sf_test_daemon_healthy (&stack.notify, 10000));
    s_step (&stack, t3 + 1000);
    s_step (&stack, t3 + 2000);
    snprintf (ident, sizeof ident, "\"id\": \"dlv_%" PRId64 "\"", id);
    SF_CHECK (s_count ("\"kind\": \"webhook\"", ident) == 0);
    s_step (&stack, t3 + 60000);
    s_step (&stack, t3 + 61000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE id = %" PRId64 " AND status = 3 AND attempts = 1",
              id);
    nt_wait (&stack, sql, NULL, 1, 10000);
    SF_CHECK (s_count ("\"kind\": \"webhook\", \"ok\": true", ident) == 1);

    sf_test_sh ("kill $(cat %s) 2>/dev/null; rm -f %s %s", s_pid, s_pid, s_log);
    nt_stack_stop (&stack);
    printf ("notify_send_test: ok\n");
    return 0;
}
