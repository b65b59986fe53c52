/*  kill -9 the notifier three times while a producer appends 300 inspection.task_missed
    events of the six teams to inspection's stream, and the notifier routes them to the
    teams' channels and sends them to tests/notify_receiver.py on loopback: a signed
    Standard Webhooks channel on every team, a signed DingTalk robot on D1T1 and a signed
    Feishu bot on D2T1 (set with notify.SetUnitChannel), so 400 deliveries. Each kill falls
    when the receiver has taken a quarter, half and three quarters of 200 messages, so in
    the middle of a sending run. Once every event is routed, the business clock is moved
    past the leases and stepped (one sending run a step) until everything is sent. Checked:
    - exactly one delivery row per (event, unit, channel, escalation_step), and each event
      has the rows its team's channels give it, although the consumer read events again
      after each kill;
    - every delivery reached the receiver, valid and signed (webhook-id "dlv_<id>", a
      robot's text "[#<id>] …"), at least once;
    - a second copy only where a send was cut by a kill (sent, its result not committed).
      The bound, from notify_send.c (README_sending.md, "One run"): a run claims a batch
      (at most NOTIFY_SEND_BATCH = 50, each leased for NOTIFY_SEND_LEASE_MS = 60 s) and
      commits the leases, sends the batch, records the outcomes in a second transaction, and
      only then claims the next batch, so a kill -9 cuts at most 50 sends whose outcome is
      lost; each is claimed again once its lease runs out and sent once more. Hence at
      most 50 first copies cut by each kill, at most K9_KILLS x 50 = 150 extra copies in
      all, at most 1 + K9_KILLS copies of one delivery, each first copy seen at most
      S_CUT_MS before the kill that cut it (within the cut batch), and the recorded send no
      sooner than the lease allows (60 s after that first copy, less S_CUT_MS);
    - every delivery SENT on its first recorded attempt: none queued, retrying or given
      up, one 'sent' attempt row each, no notify.delivery_gave_up event.                   */
#include "kill9_testlib.h"
#include "notify_testlib.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EVENTS 300
#define TEAMS 6
#define PROGRESS 200            //  receiver messages: kills at 50, 100, 150
#define GIVE_UP_MS 30000
#define SEND_BATCH 50           //  NOTIFY_SEND_BATCH (services/notify/notify_send.h)
#define SEND_LEASE_MS 60000     //  NOTIFY_SEND_LEASE_MS (idem)
#define S_CUT_MS 5000           //  a cut run's sends lie at most this long before its kill
#define S_SEEN_LAG_MS 200       //  a request in flight at the kill is logged a little later
#define STEP_MS 10000           //  business time per sending run while draining
#define STEPS_MAX 60
#define LINES_MAX 4096
#define WEBHOOK_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define DINGTALK_SECRET "SECkill9robot"
#define FEISHU_SECRET "fskill9"

static const char *s_teams [TEAMS] = { "D1T1", "D1T2", "D1T3", "D2T1", "D2T2", "D2T3" };
#define DINGTALK_TEAM 0         //  D1T1
#define FEISHU_TEAM 3           //  D2T1
#define DELIVERIES (EVENTS + 2 * EVENTS / TEAMS)

//  Made before the threads start (nt_code's buffers are not for threads).
static char s_prefix [64], s_plant [96], s_units [TEAMS][96];
static char s_events [EVENTS][64];
static char s_log [256];

//  What the receiver took, line by line, as the watcher saw it.
typedef struct {
    char kind [16];
    bool ok;
    int64_t delivery;            //  0: no id in the line
    int64_t seen_ms;             //  wall clock when the watcher read it
} s_line_t;

static s_line_t s_lines [LINES_MAX];
static atomic_int s_seen;        //  lines read (the kills' progress)
static atomic_bool s_stop;

//  Reads the receiver's log as it grows, one whole line at a time.
static void *
s_watch_run (void *arg)
{
    (void) arg;
    FILE *file = NULL;
    char *line = NULL;
    size_t size = 0;
    while (!atomic_load (&s_stop) || file) {
        bool stopping = atomic_load (&s_stop);
        if (!file)
            file = fopen (s_log, "r");
        ssize_t length = file? getline (&line, &size, file): -1;
        if (length > 0 && line [length - 1] != '\n') {
            //  Half a line: read it again once it is whole.
            SF_CHECK (fseek (file, -length, SEEK_CUR) == 0);
            length = -1;
        }
        if (length <= 0) {
            if (file)
                clearerr (file);
            if (stopping) {
                if (file)
                    fclose (file);
                file = NULL;
                break;
            }
            sf_test_sleep_ms (2);
            continue;
        }
        int index = atomic_load (&s_seen);
        SF_CHECK (index < LINES_MAX);
        s_line_t *entry = &s_lines [index];
        memset (entry, 0, sizeof *entry);
        entry->seen_ms = sf_clock_wall_ms ();
        const char *kind = strstr (line, "\"kind\": \"");
        if (kind)
            sscanf (kind + 9, "%15[a-z]", entry->kind);
        entry->ok = strstr (line, "\"ok\": true") != NULL;
        const char *id = strstr (line, "\"id\": \"");
        if (id) {
            id += 7;
            if (strncmp (id, "dlv_", 4) == 0)
                id += 4;
            entry->delivery = strtoll (id, NULL, 10);
        }
        atomic_store (&s_seen, index + 1);
    }
    free (line);
    return NULL;
}

//  Appends the missed daily checks of the six teams to inspection's stream, five every
//  100 ms, as inspection's relay would: the notifier reads them whether it is up, down or
//  starting again.
static void *
s_producer_run (void *arg)
{
    (void) arg;
    int64_t now = sf_clock_wall_ms ();
    for (int i = 0; i < EVENTS; i++) {
        Inspection__Task task = INSPECTION__TASK__INIT;
        task.id = i + 1;
        task.plan_code = (char *) "DAILY";
        task.executor_unit = s_units [i % TEAMS];
        task.target_unit = s_units [i % TEAMS];
        task.plant_code = s_plant;
        char date [16], id [24];
        snprintf (date, sizeof date, "2026-%02d-%02d", 1 + i / 28 % 12, 1 + i % 28);
        snprintf (id, sizeof id, "%d", i + 1);
        task.shift_date = date;
        task.window_end_ms = now - 600000;
        const char *event = st_publish (s_prefix, "inspection", NULL, "inspection.task_missed", "task", id, s_plant,
                                        now, &task.base);
        snprintf (s_events [i], sizeof s_events [i], "%s", event);
        if (i % 5 == 4)
            sf_test_sleep_ms (100);
    }
    return NULL;
}

static int64_t
s_channel (nt_stack_t *stack, const char *unit, Notify__Channel kind, const char *url, const char *secret)
{
    Notify__UnitChannel channel = NOTIFY__UNIT_CHANNEL__INIT;
    channel.unit_code = (char *) unit;
    channel.channel = kind;
    channel.url = (char *) url;
    channel.secret = (char *) secret;
    channel.enabled = true;
    Notify__SetUnitChannel set = NOTIFY__SET_UNIT_CHANNEL__INIT;
    set.channel = &channel;
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (stack->ehs, &set.base, &reply) == SF_OK);
    Notify__UnitChannel *stored = dt_body (&reply, &notify__unit_channel__descriptor);
    int64_t id = stored->id;
    SF_CHECK (id > 0 && stored->secret_set);
    sf_pb_destroy (&stored);
    sf_reply_clear (&reply);
    return id;
}

//  Moves the notifier's clock to now_ms and waits for the sending job's run at that time.
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
s_count (nt_stack_t *stack, const char *sql)
{
    return sf_test_scalar (stack->db, sql, NULL);
}

//  The kill that cut the send of a first copy seen at seen_ms: the first kill after it,
//  when the copy lies within that kill's cut run; else -1.
static int
s_cut_by (const k9_kills_t *kills, int64_t seen_ms)
{
    for (int kill = 0; kill < K9_KILLS; kill++)
        if (seen_ms <= kills->dead_ms [kill] + S_SEEN_LAG_MS)
            return seen_ms >= kills->kill_ms [kill] - S_CUT_MS? kill: -1;
    return -1;
}

int
main (void)
{
    nt_stack_t stack;
    nt_stack_start (&stack, "nk9", NULL);
    snprintf (s_prefix, sizeof s_prefix, "%s", stack.base.prefix);
    snprintf (s_plant, sizeof s_plant, "%s", nt_code (&stack, "P"));
    for (int team = 0; team < TEAMS; team++)
        snprintf (s_units [team], sizeof s_units [team], "%s", nt_code (&stack, s_teams [team]));

    //  The receiver, on loopback, checking every signature.
    int port = sf_test_free_port ();
    char pid_file [256];
    snprintf (s_log, sizeof s_log, "/tmp/%s.jsonl", stack.schema);
    snprintf (pid_file, sizeof pid_file, "/tmp/%s.pid", stack.schema);
    unlink (s_log);
    const char *source = getenv ("SF_SOURCE_DIR");
    SF_CHECK (sf_test_sh ("python3 -W ignore %s/tests/notify_receiver.py --port %d --log %s"
                          " --dingtalk-secret " DINGTALK_SECRET " --feishu-secret " FEISHU_SECRET
                          " --webhook-secret " WEBHOOK_SECRET " --watch-pid %d >/dev/null 2>&1 & echo $! > %s",
                          source? source: ".", port, s_log, (int) getpid (), pid_file) == 0);
    int up = 1;
    for (int tries = 0; tries < 50 && up != 0; tries++) {
        sf_test_sleep_ms (100);
        up = sf_test_sh ("curl -s -o /dev/null -X POST 'http://127.0.0.1:%d/_control?fail=0'", port);
    }
    SF_CHECK (up == 0);

    //  The teams' channels, as their safety people would set them.
    char url [256];
    for (int team = 0; team < TEAMS; team++) {
        snprintf (url, sizeof url, "http://127.0.0.1:%d/webhook", port);
        s_channel (&stack, s_units [team], NOTIFY__CHANNEL__CHANNEL_WEBHOOK, url, WEBHOOK_SECRET);
    }
    snprintf (url, sizeof url, "http://127.0.0.1:%d/dingtalk/robot/send?access_token=T", port);
    s_channel (&stack, s_units [DINGTALK_TEAM], NOTIFY__CHANNEL__CHANNEL_DINGTALK, url, DINGTALK_SECRET);
    snprintf (url, sizeof url, "http://127.0.0.1:%d/feishu/open-apis/bot/v2/hook/H", port);
    s_channel (&stack, s_units [FEISHU_TEAM], NOTIFY__CHANNEL__CHANNEL_FEISHU, url, FEISHU_SECRET);

    //  Events in, messages out, three kills in the middle of it.
    int64_t began = zclock_mono ();
    pthread_t watcher, producer;
    SF_CHECK (pthread_create (&watcher, NULL, s_watch_run, NULL) == 0);
    SF_CHECK (pthread_create (&producer, NULL, s_producer_run, NULL) == 0);
    k9_kills_t kills;
    k9_kill_three_times (&stack.notify, &s_seen, PROGRESS, GIVE_UP_MS, &kills);
    pthread_join (producer, NULL);
    printf ("%d events produced, 3 kills, in %lld ms; the receiver took %d messages so far\n", EVENTS,
            (long long) (zclock_mono () - began), atomic_load (&s_seen));

    //  Every event routed, once per channel of its team.
    nt_wait (&stack, "SELECT count (*) FROM delivery", NULL, DELIVERIES, 30000);

    //  Past every lease, then one sending run per step until all is sent.
    int64_t now = sf_clock_wall_ms () / 1000 * 1000 + SEND_LEASE_MS + 1000;
    int steps = 0;
    while (s_count (&stack, "SELECT count (*) FROM delivery WHERE status = 3") < DELIVERIES) {
        SF_CHECK (steps++ < STEPS_MAX);
        s_step (&stack, now);
        now += STEP_MS;
    }
    atomic_store (&s_stop, true);
    pthread_join (watcher, NULL);
    int lines = atomic_load (&s_seen);
    printf ("all %d deliveries sent after %d steps of the clock, in %lld ms; %d messages at the receiver\n",
            DELIVERIES, steps, (long long) (zclock_mono () - began), lines);

    //  One row per (event, unit, channel, step), the rows each event's team gives it.
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM (SELECT DISTINCT event_id, unit_code, channel, escalation_step"
                               " FROM delivery) d") == DELIVERIES);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery WHERE channel = 4") == EVENTS);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery WHERE channel = 1") == EVENTS / TEAMS);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery WHERE channel = 3") == EVENTS / TEAMS);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery WHERE escalation_step <> 0") == 0);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM unrouted_event") == 0);
    for (int i = 0; i < EVENTS; i++) {
        int team = i % TEAMS;
        char sql [512];
        snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE event_id = $1 AND unit_code = '%s'"
                  " AND event_type = 'inspection.task_missed'", s_units [team]);
        int64_t want = 1 + (team == DINGTALK_TEAM) + (team == FEISHU_TEAM);
        SF_CHECK (sf_test_scalar (stack.db, sql, s_events [i]) == want);
        SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM delivery WHERE event_id = $1", s_events [i])
                  == want);
    }

    //  All sent on their first recorded attempt: nothing queued, retrying, held or given up.
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery WHERE status <> 3 OR attempts <> 1") == 0);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery_attempt") == DELIVERIES);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM delivery_attempt WHERE outcome <> 'sent' OR attempt <> 1") == 0);
    SF_CHECK (s_count (&stack, "SELECT count (*) FROM sf_outbox WHERE event_type = 'notify.delivery_gave_up'") == 0);

    //  Every delivery at the receiver, valid, on its own channel; second copies only of
    //  sends a kill cut, within the bound.
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT d.id, d.channel, a.started_ms FROM delivery d"
                                             " JOIN delivery_attempt a ON a.delivery_id = d.id ORDER BY d.id", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == DELIVERIES);
    for (int line = 0; line < lines; line++) {
        if (!s_lines [line].ok)
            fprintf (stderr, "the receiver refused message %d (%s)\n", line, s_lines [line].kind);
        SF_CHECK (s_lines [line].ok && s_lines [line].delivery > 0);
    }
    static const char *kinds [] = { "", "dingtalk", "wecom", "feishu", "webhook", "smtp" };
    int extra = 0, cut [K9_KILLS] = { 0 };
    for (int row = 0; row < sf_rows_count (rows); row++) {
        int64_t id = sf_rows_int (rows, row, 0);
        int channel = (int) sf_rows_int (rows, row, 1);
        int64_t recorded_ms = sf_rows_int (rows, row, 2);
        int copies = 0;
        int64_t first_ms = 0;
        for (int line = 0; line < lines; line++)
            if (s_lines [line].delivery == id) {
                SF_CHECK_STR (s_lines [line].kind, kinds [channel]);
                if (copies++ == 0)
                    first_ms = s_lines [line].seen_ms;
            }
        if (copies == 0)
            fprintf (stderr, "delivery %" PRId64 " (%s) never reached the receiver\n", id, kinds [channel]);
        SF_CHECK (copies >= 1 && copies <= 1 + K9_KILLS);
        if (copies > 1) {
            int kill = s_cut_by (&kills, first_ms);
            if (kill < 0 || recorded_ms < first_ms + SEND_LEASE_MS - S_CUT_MS)
                fprintf (stderr, "delivery %" PRId64 " sent %d times: first seen at %" PRId64 ", recorded at %" PRId64
                         " (business time), kills at %" PRId64 " %" PRId64 " %" PRId64 "\n", id, copies, first_ms,
                         recorded_ms, kills.kill_ms [0], kills.kill_ms [1], kills.kill_ms [2]);
            SF_CHECK (kill >= 0);
            SF_CHECK (recorded_ms >= first_ms + SEND_LEASE_MS - S_CUT_MS);
            cut [kill]++;
            extra += copies - 1;
        }
    }
    sf_rows_destroy (&rows);
    SF_CHECK (lines == DELIVERIES + extra);
    SF_CHECK (extra <= K9_KILLS * SEND_BATCH);
    for (int kill = 0; kill < K9_KILLS; kill++)
        SF_CHECK (cut [kill] <= SEND_BATCH);
    SF_CHECK (sf_test_daemon_healthy (&stack.notify, 2000));
    printf ("%d deliveries, one row each; all reached the receiver signed and valid; %d sent again after a"
            " kill cut their send (cut by kill 1/2/3: %d/%d/%d; bound %d)\n", DELIVERIES, extra, cut [0], cut [1],
            cut [2], K9_KILLS * SEND_BATCH);

    sf_test_sh ("kill $(cat %s) 2>/dev/null; rm -f %s %s", pid_file, pid_file, s_log);
    nt_stack_stop (&stack);
    printf ("notify_kill9_test: ok\n");
    return 0;
}
