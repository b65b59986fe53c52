/*  The database hangs under load: the directory daemon's PostgreSQL (one of the test's own)
    is stopped with SIGSTOP for longer than any request's deadline while writers, a reader
    and a health probe keep going. Checks: every reply comes by its deadline plus a small
    margin, whatever it says (a command caught by the freeze gets deadline_exceeded or
    unavailable, never silence, never the statement timeout's seconds later); sf.Health is
    always answered within its deadline and says db_ok = false soon after the freeze;
    nothing is half-done (each node stored has its event and its key, a command answered
    deadline_exceeded stored nothing); every write acknowledged is stored, and every write
    that failed, retried with its key once the database is back, is stored exactly once.  */
#include "fault_testlib.h"
#include "sf_clock.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define WRITERS 3
#define WRITE_DEADLINE_MS 2000       //  well under the freeze and the 5 s statement timeout
#define READ_DEADLINE_MS 1500
#define HEALTH_DEADLINE_MS 1000      //  what the brief asks of sf.Health
#define HEALTH_EVERY_MS 200
#define MARGIN_MS 1000               //  a reply may come this long after its deadline
//  How long past its deadline a reply is still waited for, so that a late one is measured
//  rather than missed (before issue 9 a frozen database answered 5 s late).
#define WATCH_MS 8000
#define BEFORE_MS 2000               //  load before the freeze
#define FROZEN_MS 8000               //  four write deadlines: commands running and queued meet it
#define AFTER_MS 4000                //  load after the thaw
//  db_ok turns false within about 2 s of the freeze (the brief); one probe interval and a
//  probe's own round trip come on top of that here.
#define DB_DOWN_NOTICED_MS 3000
//  db_ok true again after the thaw: sf_db reconnects after a backoff of up to 8 s, and the
//  housekeeper looks once a second; a health that never comes back fails.
#define DB_BACK_NOTICED_MS 10000
#define DB_BACK_WATCH_MS 12000       //  how long after the thaw that is watched for, to measure it
#define RETRY_ATTEMPT_MS 5000
#define RETRY_ATTEMPTS 6
#define WRITES_MAX 20000             //  far more than a writer can send in the time
#define RETRY_AFTER_MAX_MS 1000      //  a writer told to wait waits at most this long,
#define UNAVAILABLE_PAUSE_MS 100     //  and this long when told no time

#define NO_REPLY ((sf_status_t) 0)  //  the envelope's STATUS_UNSPECIFIED: no status came

typedef enum { PHASE_BEFORE, PHASE_FROZEN, PHASE_AFTER } phase_t;
static const char *s_phase_names [] = { "before", "during", "after" };

typedef struct {
    char code [32];
    char key [96];
    sf_status_t status;              //  NO_REPLY when none came
    int64_t overshoot_ms;            //  arrival minus deadline
    phase_t phase;                   //  when it was sent
} s_write_t;

typedef struct {
    const char *endpoint;
    const char *run;                 //  the schema: keys are unique across runs
    atomic_int phase;
    atomic_bool stop;
    int64_t frozen_ms, thawed_ms;    //  wall clock
    //  What the load saw.
    atomic_int late;                 //  replies after deadline + margin, or none at all
    atomic_int refused_badly;        //  a status other than ok, deadline_exceeded, unavailable
    atomic_llong worst_overshoot_ms;
    ft_samples_t *health_ms;
    ft_samples_t *read_ms;
    atomic_int health_missed;        //  probes not answered within their deadline
    atomic_llong db_down_seen_ms;    //  first probe saying db_ok = false after the freeze
    atomic_llong db_back_seen_ms;    //  first probe saying db_ok = true after the thaw
    atomic_int max_queued, max_running;
    atomic_llong expired;
} s_load_t;

typedef struct {
    s_load_t *load;
    int index;
    s_write_t *writes;
    int count;
    pthread_t thread;
} s_writer_t;

static void
s_note_overshoot (s_load_t *load, const char *what, int64_t overshoot)
{
    long long worst = atomic_load (&load->worst_overshoot_ms);
    while (overshoot > worst && !atomic_compare_exchange_weak (&load->worst_overshoot_ms, &worst, overshoot))
        ;
    if (overshoot > MARGIN_MS) {
        fprintf (stderr, "%s answered %lld ms after its deadline (phase %s)\n", what, (long long) overshoot,
                 s_phase_names [atomic_load (&load->phase)]);
        atomic_fetch_add (&load->late, 1);
    }
}

//  A status a request caught by the freeze may get; a failure must say why in both languages.
static void
s_check_status (s_load_t *load, const char *what, const sf_reply_t *reply)
{
    if (reply->status == SF_OK)
        return;
    bool transient = reply->status == SF_DEADLINE_EXCEEDED || reply->status == SF_UNAVAILABLE;
    bool explained = reply->reason_zh && *reply->reason_zh && reply->reason_en && *reply->reason_en;
    if (!transient || !explained) {
        fprintf (stderr, "%s: %s %s\n", what, sf_status_name (reply->status), reply->reason_en? reply->reason_en: "");
        atomic_fetch_add (&load->refused_badly, 1);
    }
}

static void *
s_writer_run (void *arg)
{
    s_writer_t *writer = (s_writer_t *) arg;
    s_load_t *load = writer->load;
    zsock_t *dealer = ft_dealer (load->endpoint, 1000, 1000);
    while (!atomic_load (&load->stop) && writer->count < WRITES_MAX) {
        s_write_t *write = &writer->writes [writer->count++];
        snprintf (write->code, sizeof write->code, "dhE%d_%05d", writer->index, writer->count);
        snprintf (write->key, sizeof write->key, "%s-%s", load->run, write->code);
        write->phase = (phase_t) atomic_load (&load->phase);
        Directory__CreateNode create;
        ft_create_employee (&create, write->code, "dhS");
        int64_t deadline = sf_clock_wall_ms () + WRITE_DEADLINE_MS;
        sf_reply_t reply;
        int64_t arrived;
        if (ft_call (dealer, NULL, &create.base, write->key, deadline, WATCH_MS, &reply, &arrived) != 0) {
            fprintf (stderr, "write %s: no reply within %d ms of its deadline\n", write->code, WATCH_MS);
            atomic_fetch_add (&load->late, 1);
            write->status = NO_REPLY;
            //  A fresh socket: the silent one may still hold the late reply.
            zsock_destroy (&dealer);
            dealer = ft_dealer (load->endpoint, 1000, 1000);
            continue;
        }
        write->status = reply.status;
        write->overshoot_ms = arrived - deadline;
        s_note_overshoot (load, write->code, write->overshoot_ms);
        s_check_status (load, write->code, &reply);
        //  As a client should: an unavailable daemon's retry hint is followed.
        int64_t pause = reply.status != SF_UNAVAILABLE? 0:
                        reply.retry_after_ms > 0? reply.retry_after_ms: UNAVAILABLE_PAUSE_MS;
        sf_reply_clear (&reply);
        if (pause > 0)
            sf_test_sleep_ms ((int) (pause < RETRY_AFTER_MAX_MS? pause: RETRY_AFTER_MAX_MS));
    }
    zsock_destroy (&dealer);
    return NULL;
}

static void *
s_reader_run (void *arg)
{
    s_load_t *load = (s_load_t *) arg;
    zsock_t *dealer = ft_dealer (load->endpoint, 1000, 1000);
    Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
    get.code = (char *) "dhS";
    while (!atomic_load (&load->stop)) {
        int64_t sent = sf_clock_wall_ms ();
        int64_t deadline = sent + READ_DEADLINE_MS;
        sf_reply_t reply;
        int64_t arrived;
        if (ft_call (dealer, NULL, &get.base, NULL, deadline, WATCH_MS, &reply, &arrived) != 0) {
            fprintf (stderr, "GetNode: no reply within %d ms of its deadline\n", WATCH_MS);
            atomic_fetch_add (&load->late, 1);
            zsock_destroy (&dealer);
            dealer = ft_dealer (load->endpoint, 1000, 1000);
            continue;
        }
        ft_samples_add (load->read_ms, (double) (arrived - sent));
        s_note_overshoot (load, "GetNode", arrived - deadline);
        s_check_status (load, "GetNode", &reply);
        sf_reply_clear (&reply);
    }
    zsock_destroy (&dealer);
    return NULL;
}

static void
s_max (atomic_int *at, int value)
{
    int seen = atomic_load (at);
    while (value > seen && !atomic_compare_exchange_weak (at, &seen, value))
        ;
}

static void *
s_health_run (void *arg)
{
    s_load_t *load = (s_load_t *) arg;
    zsock_t *dealer = ft_dealer (load->endpoint, 1000, 1000);
    while (!atomic_load (&load->stop)) {
        int64_t started = sf_clock_mono_ms ();
        phase_t phase = (phase_t) atomic_load (&load->phase);
        sf_health_t health;
        int64_t latency = ft_health (dealer, HEALTH_DEADLINE_MS, &health);
        int64_t now = sf_clock_wall_ms ();
        if (latency < 0 || latency > HEALTH_DEADLINE_MS) {
            fprintf (stderr, "sf.Health not answered within %d ms (phase %s): %lld\n", HEALTH_DEADLINE_MS,
                     s_phase_names [phase], (long long) latency);
            atomic_fetch_add (&load->health_missed, 1);
            if (latency < 0) {
                zsock_destroy (&dealer);
                dealer = ft_dealer (load->endpoint, 1000, 1000);
            }
        }
        if (latency >= 0) {
            ft_samples_add (load->health_ms, (double) latency);
            if (phase == PHASE_FROZEN && !health.db_ok && !atomic_load (&load->db_down_seen_ms))
                atomic_store (&load->db_down_seen_ms, now);
            if (phase == PHASE_AFTER && health.db_ok && !atomic_load (&load->db_back_seen_ms))
                atomic_store (&load->db_back_seen_ms, now);
            s_max (&load->max_queued, health.queued);
            s_max (&load->max_running, health.running);
            atomic_store (&load->expired, health.expired);
            sf_health_clear (&health);
        }
        int64_t spent = sf_clock_mono_ms () - started;
        if (spent < HEALTH_EVERY_MS)
            sf_test_sleep_ms ((int) (HEALTH_EVERY_MS - spent));
    }
    zsock_destroy (&dealer);
    return NULL;
}

//  Nothing half-done: each node a test write stored has its event and its key. Returns
//  whether that holds, with *stored the nodes.
static bool
s_whole (sf_db_t *db, const char *run, int64_t *stored)
{
    int64_t nodes = sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code LIKE $1", "dhE%");
    int64_t events = sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1",
                                     "org.employee_created");
    char pattern [128];
    snprintf (pattern, sizeof pattern, "%s-dhE%%", run);
    int64_t keys = sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency WHERE key LIKE $1", pattern);
    if (nodes != events || nodes != keys)
        fprintf (stderr, "half-done commands: %lld nodes, %lld events, %lld keys\n", (long long) nodes,
                 (long long) events, (long long) keys);
    *stored = nodes;
    return nodes == events && nodes == keys;
}

static bool
s_stored (sf_db_t *db, const char *code)
{
    return sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code = $1", code) == 1;
}

int
main (void)
{
    setvbuf (stdout, NULL, _IOLBF, 0);  //  the measured lines survive a failed check
    ft_pg_t *pg = ft_pg_new ();
    char *schema = sf_test_unique ("dbhang");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, "SF_LOG_LEVEL=warn");
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "dh");

    s_load_t load = { .endpoint = daemon.endpoint, .run = schema };
    load.health_ms = ft_samples_new ();
    load.read_ms = ft_samples_new ();
    s_writer_t writers [WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        writers [w] = (s_writer_t) { .load = &load, .index = w, .writes = calloc (WRITES_MAX, sizeof (s_write_t)) };
        SF_CHECK (writers [w].writes);
        SF_CHECK (pthread_create (&writers [w].thread, NULL, s_writer_run, &writers [w]) == 0);
    }
    pthread_t reader, prober;
    SF_CHECK (pthread_create (&reader, NULL, s_reader_run, &load) == 0);
    SF_CHECK (pthread_create (&prober, NULL, s_health_run, &load) == 0);

    sf_test_sleep_ms (BEFORE_MS);
    load.frozen_ms = sf_clock_wall_ms ();
    atomic_store (&load.phase, PHASE_FROZEN);
    ft_pg_freeze (pg);
    printf ("PostgreSQL frozen for %d ms\n", FROZEN_MS);
    sf_test_sleep_ms (FROZEN_MS);
    ft_pg_thaw (pg);
    load.thawed_ms = sf_clock_wall_ms ();
    atomic_store (&load.phase, PHASE_AFTER);
    sf_test_sleep_ms (AFTER_MS);
    atomic_store (&load.stop, true);
    for (int w = 0; w < WRITERS; w++)
        pthread_join (writers [w].thread, NULL);
    pthread_join (reader, NULL);
    pthread_join (prober, NULL);
    //  Health not yet back to db_ok: how long it takes is measured, not only that it is late.
    zsock_t *dealer = ft_dealer (daemon.endpoint, 1000, 1000);
    while (!atomic_load (&load.db_back_seen_ms) && sf_clock_wall_ms () - load.thawed_ms < DB_BACK_WATCH_MS) {
        sf_health_t health;
        if (ft_health (dealer, HEALTH_DEADLINE_MS, &health) >= 0) {
            if (health.db_ok)
                atomic_store (&load.db_back_seen_ms, sf_clock_wall_ms ());
            sf_health_clear (&health);
        }
        sf_test_sleep_ms (HEALTH_EVERY_MS / 2);
    }
    zsock_destroy (&dealer);

    //  What the load saw.
    int counts [3][3] = { { 0 } };       //  phase x (ok, deadline_exceeded, unavailable)
    int issued = 0, retried = 0, answered_expired_but_stored = 0;
    int64_t worst_frozen_write = -WATCH_MS, stored;
    bool whole_after_thaw = s_whole (db, schema, &stored);
    for (int w = 0; w < WRITERS; w++)
        for (int i = 0; i < writers [w].count; i++) {
            s_write_t *write = &writers [w].writes [i];
            issued++;
            int column = write->status == SF_OK? 0: write->status == SF_DEADLINE_EXCEEDED? 1:
                         write->status == SF_UNAVAILABLE? 2: -1;
            if (column >= 0)
                counts [write->phase][column]++;
            if (write->phase == PHASE_FROZEN && write->status != NO_REPLY
            &&  write->overshoot_ms > worst_frozen_write)
                worst_frozen_write = write->overshoot_ms;
            if (write->status == SF_OK)
                continue;
            //  A command answered deadline_exceeded was rolled back: nothing of it is stored.
            if (write->status == SF_DEADLINE_EXCEEDED && s_stored (db, write->code)) {
                fprintf (stderr, "%s (sent %s the freeze, answered %lld ms after its deadline) was answered "
                         "deadline_exceeded but is stored\n", write->code, s_phase_names [write->phase],
                         (long long) write->overshoot_ms);
                answered_expired_but_stored++;
            }
        }
    for (int phase = PHASE_BEFORE; phase <= PHASE_AFTER; phase++)
        printf ("writes sent %s the freeze: %d ok, %d deadline_exceeded, %d unavailable\n",
                s_phase_names [phase], counts [phase][0], counts [phase][1], counts [phase][2]);

    printf ("measured: db_hang worst overshoot of any reply past its deadline: %lld ms "
            "(writes sent while frozen: %lld ms; deadline %d ms writes, %d ms reads, %d ms frozen)\n",
            (long long) atomic_load (&load.worst_overshoot_ms), (long long) worst_frozen_write,
            WRITE_DEADLINE_MS, READ_DEADLINE_MS, FROZEN_MS);
    printf ("measured: db_hang sf.Health %zu probes, %d missed their %d ms deadline, p50 %.0f ms, "
            "p99 %.0f ms, max %.0f ms\n", ft_samples_count (load.health_ms), atomic_load (&load.health_missed),
            HEALTH_DEADLINE_MS, ft_samples_percentile (load.health_ms, 50),
            ft_samples_percentile (load.health_ms, 99), ft_samples_max (load.health_ms));
    int64_t down_ms = atomic_load (&load.db_down_seen_ms)? atomic_load (&load.db_down_seen_ms) - load.frozen_ms: -1;
    int64_t back_ms = atomic_load (&load.db_back_seen_ms)? atomic_load (&load.db_back_seen_ms) - load.thawed_ms: -1;
    printf ("measured: db_hang db_ok false %lld ms after the freeze, true again %lld ms after the thaw "
            "(-1: never); queued up to %d, running up to %d, expired %lld\n", (long long) down_ms,
            (long long) back_ms, atomic_load (&load.max_queued), atomic_load (&load.max_running),
            (long long) atomic_load (&load.expired));
    printf ("measured: db_hang GetNode %zu reads, p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
            ft_samples_count (load.read_ms), ft_samples_percentile (load.read_ms, 50),
            ft_samples_percentile (load.read_ms, 99), ft_samples_max (load.read_ms));

    //  Every write not acknowledged, sent again with its key now the database is back: ok,
    //  exactly once.
    sf_rpc_client_set_retry (client, RETRY_ATTEMPT_MS, RETRY_ATTEMPTS);
    for (int w = 0; w < WRITERS; w++)
        for (int i = 0; i < writers [w].count; i++) {
            s_write_t *write = &writers [w].writes [i];
            if (write->status == SF_OK)
                continue;
            Directory__CreateNode create;
            ft_create_employee (&create, write->code, "dhS");
            sf_reply_t reply;
            sf_status_t status = sf_rpc_client_call_message (client, &create.base, write->key, &reply);
            if (status != SF_OK)
                fprintf (stderr, "retry of %s: %s %s\n", write->code, sf_status_name (status),
                         reply.reason_en? reply.reason_en: "");
            SF_CHECK (status == SF_OK);
            sf_reply_clear (&reply);
            retried++;
        }
    bool whole_after_retries = s_whole (db, schema, &stored);
    int64_t events = sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "org.employee_created");
    printf ("%d writes, %d retried with their keys: %lld stored, %lld events\n", issued, retried,
            (long long) stored, (long long) events);

    //  The freeze met commands (else this test tested nothing), and each was answered in time.
    SF_CHECK (counts [PHASE_FROZEN][1] + counts [PHASE_FROZEN][2] > 0);
    SF_CHECK (atomic_load (&load.late) == 0);
    SF_CHECK (atomic_load (&load.refused_badly) == 0);
    SF_CHECK (atomic_load (&load.health_missed) == 0);
    SF_CHECK (down_ms >= 0 && down_ms <= DB_DOWN_NOTICED_MS);
    SF_CHECK (back_ms >= 0 && back_ms <= DB_BACK_NOTICED_MS);
    SF_CHECK (whole_after_thaw && whole_after_retries);
    SF_CHECK (answered_expired_but_stored == 0);
    SF_CHECK (stored == issued && events == issued);

    for (int w = 0; w < WRITERS; w++)
        free (writers [w].writes);
    ft_samples_destroy (&load.health_ms);
    ft_samples_destroy (&load.read_ms);
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    ft_pg_destroy (&pg);
    return 0;
}
