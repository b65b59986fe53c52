/*  One client floods the directory daemon while another behaves. Checks, with the daemon's
    default settings:
    - a client with more than rpc.peer_in_flight_max requests queued or running gets
      unavailable with a retry hint for the excess, and an answer to every request: never
      silence; every list reply fits rpc.max_reply_bytes;
    - a client that sends 100,000 directory.ListSubtree of the whole company and never reads
      a reply does not starve a well-behaved client's GetNode (p99 under 500 ms) and does not
      grow the daemon's memory past a bound (VmRSS read from /proc);
    - when the flooder disconnects, nothing of it is left in the daemon; when a client leaves
      with requests queued (the workers held up on a lock), they are dropped before they run
      (HealthInfo.dropped_gone grows, queued is back to 0 within a couple of seconds).     */
#include "fault_testlib.h"
#include "sf_clock.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define TREE_EMPLOYEES 4000          //  the company's list, unpaged, about 300 kB
#define PEER_IN_FLIGHT_MAX 64        //  rpc.peer_in_flight_max's default (the brief)
#define BURST 1000                   //  requests a reading client sends at once
#define BURST_WAIT_MS 10000          //  64 pages and the refusals take well under a second
#define FLOOD 100000                 //  requests of the client that never reads
#define FLOOD_CHUNK 1000             //  sent at once, then a pause: the flood lasts the window
#define FLOOD_MS 6000                //  how long the well-behaved client is measured in the flood
#define BASELINE_MS 2000             //  ... and before it
#define LIST_DEADLINE_MS 60000       //  the flood's requests are work, not requests about to expire
#define GET_DEADLINE_MS 5000
#define GET_P99_MAX_MS 500           //  the brief: a well-behaved client keeps its latency
#define HEALTH_DEADLINE_MS 1000
#define HEALTH_EVERY_MS 250
#define RSS_MAX_KB (300 * 1024)      //  the brief's bound on the daemon's memory under a flood
#define GONE_QUEUE_EMPTY_MS 2000     //  "queued returns to 0 within a second or two"
#define GONE_WATCH_MS 5000           //  how long the queue is watched after a client left
#define QUEUE_FILL_MS 2000           //  a leaving client's requests are queued within this

typedef struct {
    const char *endpoint;
    atomic_bool stop;
    ft_samples_t *latency_ms;
    atomic_int silent;               //  requests never answered within deadline and watch
    atomic_int failed;               //  answered with anything but ok
} s_good_t;

//  A well-behaved client: one GetNode at a time, its latency noted.
static void *
s_good_run (void *arg)
{
    s_good_t *good = (s_good_t *) arg;
    zsock_t *dealer = ft_dealer (good->endpoint, 1000, 1000);
    Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
    get.code = (char *) "flS";
    while (!atomic_load (&good->stop)) {
        int64_t sent = sf_clock_wall_ms ();
        sf_reply_t reply;
        int64_t arrived;
        if (ft_call (dealer, NULL, &get.base, NULL, sent + GET_DEADLINE_MS, GET_DEADLINE_MS, &reply, &arrived) != 0) {
            atomic_fetch_add (&good->silent, 1);
            ft_samples_add (good->latency_ms, 2 * GET_DEADLINE_MS);
            zsock_destroy (&dealer);
            dealer = ft_dealer (good->endpoint, 1000, 1000);
            continue;
        }
        ft_samples_add (good->latency_ms, (double) (arrived - sent));
        if (reply.status != SF_OK) {
            fprintf (stderr, "GetNode: %s %s\n", sf_status_name (reply.status), reply.reason_en? reply.reason_en: "");
            atomic_fetch_add (&good->failed, 1);
        }
        sf_reply_clear (&reply);
    }
    zsock_destroy (&dealer);
    return NULL;
}

//  Measures the well-behaved client for ms milliseconds; prints and returns its p99.
static double
s_measure_good (const char *endpoint, int ms, const char *when, int *failed)
{
    s_good_t good = { .endpoint = endpoint, .latency_ms = ft_samples_new () };
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_good_run, &good) == 0);
    sf_test_sleep_ms (ms);
    atomic_store (&good.stop, true);
    pthread_join (thread, NULL);
    double p99 = ft_samples_percentile (good.latency_ms, 99);
    printf ("measured: flood GetNode of a well-behaved client %s the flood: %zu requests, p50 %.1f ms, "
            "p99 %.1f ms, max %.1f ms, %d unanswered, %d failed\n", when, ft_samples_count (good.latency_ms),
            ft_samples_percentile (good.latency_ms, 50), p99, ft_samples_max (good.latency_ms),
            atomic_load (&good.silent), atomic_load (&good.failed));
    *failed = atomic_load (&good.silent) + atomic_load (&good.failed);
    ft_samples_destroy (&good.latency_ms);
    return p99;
}

//  The whole company's subtree as a raw request frame with a fresh request id.
static uint8_t *
s_list_frame (const char *prefix, size_t *size)
{
    Directory__ListSubtree list = DIRECTORY__LIST_SUBTREE__INIT;
    list.code = (char *) "flC";
    char *request_id = ft_request_id (prefix);
    uint8_t *frame = ft_request_frame (NULL, &list.base, request_id, NULL,
                                       sf_clock_wall_ms () + LIST_DEADLINE_MS, size);
    free (request_id);
    return frame;
}

typedef struct {
    int ok, refused_with_hint, refused_without_hint, other;
    size_t largest_body;
} s_burst_t;

//  A client that reads: BURST lists at once, then every reply.
static void
s_burst (const char *endpoint, s_burst_t *burst)
{
    zsock_t *dealer = ft_dealer (endpoint, 0, 0);
    for (int i = 0; i < BURST; i++) {
        size_t size;
        uint8_t *frame = s_list_frame ("burst", &size);
        SF_CHECK (ft_send (dealer, frame, size) == 0);
        free (frame);
    }
    int64_t give_up = sf_clock_mono_ms () + BURST_WAIT_MS;
    zmq_pollitem_t item = { .socket = zsock_resolve (dealer), .events = ZMQ_POLLIN };
    int answered = 0;
    while (answered < BURST && sf_clock_mono_ms () < give_up) {
        if (zmq_poll (&item, 1, 100) <= 0)
            continue;
        zframe_t *frame = zframe_recv (dealer);
        sf_reply_t reply;
        SF_CHECK (frame && sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0);
        zframe_destroy (&frame);
        answered++;
        bool explained = reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en;
        if (reply.status == SF_OK) {
            burst->ok++;
            if (reply.body_size > burst->largest_body)
                burst->largest_body = reply.body_size;
        }
        else
        if (reply.status == SF_UNAVAILABLE && reply.retry_after_ms > 0 && explained)
            burst->refused_with_hint++;
        else
        if (reply.status == SF_UNAVAILABLE)
            burst->refused_without_hint++;
        else {
            if (burst->other++ == 0)
                fprintf (stderr, "ListSubtree in a burst: %s %s\n", sf_status_name (reply.status),
                         reply.reason_en? reply.reason_en: "");
        }
        sf_reply_clear (&reply);
    }
    zsock_destroy (&dealer);
}

typedef struct {
    const char *endpoint;
    atomic_bool leave;
    atomic_int sent;
    zsock_t *dealer;
} s_flooder_t;

//  Sends FLOOD lists in chunks spread over the flood window, reads nothing, and stays
//  connected until told to leave.
static void *
s_flooder_run (void *arg)
{
    s_flooder_t *flooder = (s_flooder_t *) arg;
    int chunks = FLOOD / FLOOD_CHUNK;
    int pause_ms = FLOOD_MS / chunks;
    for (int chunk = 0; chunk < chunks && !atomic_load (&flooder->leave); chunk++) {
        for (int i = 0; i < FLOOD_CHUNK; i++) {
            size_t size;
            uint8_t *frame = s_list_frame ("flood", &size);
            SF_CHECK (ft_send (flooder->dealer, frame, size) == 0);
            free (frame);
            atomic_fetch_add (&flooder->sent, 1);
        }
        sf_test_sleep_ms (pause_ms);
    }
    return NULL;
}

typedef struct {
    const char *endpoint;
    atomic_bool stop;
    ft_samples_t *latency_ms;
    atomic_int missed;
    atomic_int max_queued, max_peers;
} s_prober_t;

static void *
s_prober_run (void *arg)
{
    s_prober_t *prober = (s_prober_t *) arg;
    zsock_t *dealer = ft_dealer (prober->endpoint, 1000, 1000);
    while (!atomic_load (&prober->stop)) {
        sf_health_t health;
        int64_t latency = ft_health (dealer, HEALTH_DEADLINE_MS, &health);
        if (latency < 0 || latency > HEALTH_DEADLINE_MS) {
            fprintf (stderr, "sf.Health in the flood: %lld ms\n", (long long) latency);
            atomic_fetch_add (&prober->missed, 1);
        }
        if (latency < 0) {
            zsock_destroy (&dealer);
            dealer = ft_dealer (prober->endpoint, 1000, 1000);
            continue;
        }
        ft_samples_add (prober->latency_ms, (double) latency);
        if (health.queued > atomic_load (&prober->max_queued))
            atomic_store (&prober->max_queued, health.queued);
        if (health.peers > atomic_load (&prober->max_peers))
            atomic_store (&prober->max_peers, health.peers);
        sf_health_clear (&health);
        sf_test_sleep_ms (HEALTH_EVERY_MS);
    }
    zsock_destroy (&dealer);
    return NULL;
}

//  The daemon's health now, from a socket of its own.
static void
s_health_now (const char *endpoint, sf_health_t *health)
{
    zsock_t *dealer = ft_dealer (endpoint, 1000, 1000);
    int64_t latency = ft_health (dealer, HEALTH_DEADLINE_MS, health);
    zsock_destroy (&dealer);
    SF_CHECK (latency >= 0);
}

//  A client leaves with requests queued: the test's session locks the tree's table, so the
//  workers' reads wait on the lock (up to the daemon's lock timeout) and the client's other
//  requests wait in the queue; then the client disconnects. Returns how long after it left
//  the queue was empty with dropped_gone grown (-1: not within GONE_WATCH_MS), *dropped how
//  many were dropped.
static int64_t
s_leave_with_queue (sf_test_daemon_t *daemon, sf_db_t *db, int64_t *dropped)
{
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, "LOCK TABLE org_node IN ACCESS EXCLUSIVE MODE", 0, NULL) >= 0);
    sf_health_t before, now;
    s_health_now (daemon->endpoint, &before);
    zsock_t *leaver = ft_dealer (daemon->endpoint, 0, 0);
    Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
    get.code = (char *) "flS";
    for (int i = 0; i < PEER_IN_FLIGHT_MAX; i++) {
        char *request_id = ft_request_id ("leaver");
        size_t size;
        uint8_t *frame = ft_request_frame (NULL, &get.base, request_id, NULL, sf_clock_wall_ms () + LIST_DEADLINE_MS,
                                           &size);
        SF_CHECK (ft_send (leaver, frame, size) == 0);
        free (frame);
        free (request_id);
    }
    //  Its requests are in: those the workers hold wait on the lock, the others are queued.
    int queued = 0, running = 0;
    for (int64_t until = sf_clock_mono_ms () + QUEUE_FILL_MS;
         queued + running < PEER_IN_FLIGHT_MAX && sf_clock_mono_ms () < until; ) {
        s_health_now (daemon->endpoint, &now);
        queued = now.queued;
        running = now.running;
        sf_health_clear (&now);
        sf_test_sleep_ms (10);
    }
    zsock_destroy (&leaver);
    int64_t left_at = sf_clock_mono_ms (), empty_after_ms = -1;
    memset (&now, 0, sizeof now);
    while (empty_after_ms < 0 && sf_clock_mono_ms () - left_at < GONE_WATCH_MS) {
        sf_health_clear (&now);
        s_health_now (daemon->endpoint, &now);
        if (now.queued == 0 && now.dropped_gone > before.dropped_gone)
            empty_after_ms = sf_clock_mono_ms () - left_at;
        else
            sf_test_sleep_ms (20);
    }
    *dropped = now.dropped_gone - before.dropped_gone;
    sf_db_rollback (db);
    printf ("measured: flood a client left with %d of its %d requests queued (workers held on a lock): "
            "queued 0 after %lld ms (-1: not within %d ms), %lld dropped unrun\n", queued, PEER_IN_FLIGHT_MAX,
            (long long) empty_after_ms, GONE_WATCH_MS, (long long) *dropped);
    sf_health_clear (&before);
    sf_health_clear (&now);
    SF_CHECK (queued > 0);              //  else the case was not met
    return empty_after_ms;
}

int
main (void)
{
    setvbuf (stdout, NULL, _IOLBF, 0);  //  the measured lines survive a failed check
    char *schema = sf_test_unique ("flood");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, "SF_LOG_LEVEL=warn");
    sf_rpc_client_t *client = dt_client (&daemon);
    sf_rpc_client_set_retry (client, 60000, 1);
    ft_import_tree (client, "fl", TREE_EMPLOYEES);
    int64_t max_reply_bytes = ft_setting_default (daemon.binary, "rpc.max_reply_bytes");
    int64_t in_flight_max = ft_setting_default (daemon.binary, "rpc.peer_in_flight_max");
    printf ("settings: rpc.max_reply_bytes %lld, rpc.peer_in_flight_max %lld (-1: no such setting)\n",
            (long long) max_reply_bytes, (long long) in_flight_max);

    int failed_before, failed_during;
    double p99_before = s_measure_good (daemon.endpoint, BASELINE_MS, "before", &failed_before);

    //  A reading client over its limit: an answer for every request, the excess refused.
    s_burst_t burst = { 0 };
    s_burst (daemon.endpoint, &burst);
    printf ("measured: flood burst of %d ListSubtree from one client: %d ok, %d unavailable with "
            "retry_after_ms, %d unavailable without, %d other, %d unanswered; largest reply body %zu bytes\n",
            BURST, burst.ok, burst.refused_with_hint, burst.refused_without_hint, burst.other,
            BURST - burst.ok - burst.refused_with_hint - burst.refused_without_hint - burst.other,
            burst.largest_body);

    //  The flood, and the well-behaved client beside it.
    int64_t rss_before = ft_proc_kb (daemon.pid, "VmRSS");
    ft_rss_watch_t *rss = ft_rss_watch_new (daemon.pid);
    s_prober_t prober = { .endpoint = daemon.endpoint, .latency_ms = ft_samples_new () };
    pthread_t prober_thread, flooder_thread;
    SF_CHECK (pthread_create (&prober_thread, NULL, s_prober_run, &prober) == 0);
    //  Never reads: a receive high-water mark of one message, and no limit on what it sends.
    s_flooder_t flooder = { .endpoint = daemon.endpoint, .dealer = ft_dealer (daemon.endpoint, 0, 1) };
    SF_CHECK (pthread_create (&flooder_thread, NULL, s_flooder_run, &flooder) == 0);
    double p99_during = s_measure_good (daemon.endpoint, FLOOD_MS, "during", &failed_during);

    //  The flooder leaves. It has no more work queued than its in-flight limit lets it have,
    //  and, reading nothing, its held replies keep that limit taken: it leaves with no work
    //  of its own left, and with nothing left of it in the daemon.
    sf_health_t before_leaving, after;
    s_health_now (daemon.endpoint, &before_leaving);
    atomic_store (&flooder.leave, true);
    pthread_join (flooder_thread, NULL);
    zsock_destroy (&flooder.dealer);
    int64_t left_at = sf_clock_mono_ms ();
    memset (&after, 0, sizeof after);
    int64_t idle_after_ms = -1;
    while (idle_after_ms < 0 && sf_clock_mono_ms () - left_at < GONE_WATCH_MS) {
        sf_health_clear (&after);
        s_health_now (daemon.endpoint, &after);
        if (after.queued == 0 && after.running == 0 && after.peers == 0)
            idle_after_ms = sf_clock_mono_ms () - left_at;
        else
            sf_test_sleep_ms (50);
    }
    atomic_store (&prober.stop, true);
    pthread_join (prober_thread, NULL);
    int64_t rss_peak = ft_rss_watch_peak_kb (rss);
    ft_rss_watch_destroy (&rss);
    int64_t hwm = ft_proc_kb (daemon.pid, "VmHWM");

    printf ("measured: flood %d ListSubtree sent by a client that never reads (in %d ms)\n",
            atomic_load (&flooder.sent), FLOOD_MS);
    printf ("measured: flood daemon VmRSS %lld kB before, peak %lld kB during (VmHWM %lld kB); bound %d kB\n",
            (long long) rss_before, (long long) rss_peak, (long long) hwm, RSS_MAX_KB);
    printf ("measured: flood sf.Health %zu probes, %d missed %d ms, p99 %.1f ms, max %.1f ms; queued up to %d, "
            "peers up to %d\n", ft_samples_count (prober.latency_ms), atomic_load (&prober.missed),
            HEALTH_DEADLINE_MS, ft_samples_percentile (prober.latency_ms, 99), ft_samples_max (prober.latency_ms),
            atomic_load (&prober.max_queued), atomic_load (&prober.max_peers));
    printf ("measured: flood before the flooder left: queued %d, running %d, peers %d, refused_busy %lld, "
            "dropped_gone %lld, expired %lld\n", before_leaving.queued, before_leaving.running,
            before_leaving.peers, (long long) before_leaving.refused_busy,
            (long long) before_leaving.dropped_gone, (long long) before_leaving.expired);
    printf ("measured: flood after it left: no client, nothing queued or running after %lld ms (-1: not within "
            "%d ms); queued %d, running %d, peers %d, dropped_gone %lld\n", (long long) idle_after_ms, GONE_WATCH_MS,
            after.queued, after.running, after.peers, (long long) after.dropped_gone);

    int64_t dropped, empty_after_ms = s_leave_with_queue (&daemon, db, &dropped);

    //  Limits and replies.
    SF_CHECK (max_reply_bytes > 0 && in_flight_max == PEER_IN_FLIGHT_MAX);
    SF_CHECK (burst.ok + burst.refused_with_hint == BURST);
    SF_CHECK (burst.ok >= PEER_IN_FLIGHT_MAX && burst.refused_with_hint > 0);
    SF_CHECK (burst.largest_body <= (size_t) max_reply_bytes);
    //  Fair and bounded under the flood.
    SF_CHECK (failed_before == 0 && failed_during == 0);
    SF_CHECK (p99_during < GET_P99_MAX_MS);
    SF_CHECK (atomic_load (&prober.missed) == 0);
#if defined (__SANITIZE_ADDRESS__)
    //  AddressSanitizer's shadow memory and quarantine (256 MB) say nothing of the daemon's
    //  own bound: measured, not judged, in that build.
    SF_CHECK (rss_peak > 0);
#else
    SF_CHECK (rss_peak > 0 && rss_peak < RSS_MAX_KB && hwm < RSS_MAX_KB);
#endif
    SF_CHECK (before_leaving.refused_busy > 0);
    SF_CHECK (idle_after_ms >= 0);
    //  A client's queued requests dropped when it left.
    SF_CHECK (dropped > 0 && empty_after_ms >= 0 && empty_after_ms <= GONE_QUEUE_EMPTY_MS);
    (void) p99_before;

    sf_health_clear (&before_leaving);
    sf_health_clear (&after);
    ft_samples_destroy (&prober.latency_ms);
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
