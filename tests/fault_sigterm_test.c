/*  SIGTERM with a full queue and load in flight: clients that never read keep the directory
    daemon's queue full of directory.ListSubtree, writers keep CreateNode commands in flight,
    and the daemon gets SIGTERM. Checks: it exits with status 0 within 5 s; every write
    acknowledged (before the signal or while stopping) is in the database, and nothing is
    half-done (each node stored has its event and its key).                                 */
#include "fault_testlib.h"
#include "sf_clock.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>

#define TREE_EMPLOYEES 2000          //  lists with some work in them
#define FLOODERS 8                   //  each at most rpc.peer_in_flight_max in flight: a full queue
#define FLOOD_CHUNK 100              //  each flooder sends this many every FLOOD_PAUSE_MS, till the end
#define FLOOD_PAUSE_MS 50
#define WRITERS 4
#define WINDOW 16                    //  commands each writer keeps in flight
#define WRITES_MAX 50000
#define DEADLINE_MS 10000            //  no request expires on its own while the daemon stops
#define LOAD_MS 2000                 //  load before the signal, at least ...
#define ACKED_MIN WRITERS            //  ... and until this many writes were acknowledged,
#define ACK_WAIT_MS 15000            //  waited for at most this long
#define STOP_MAX_MS 5000             //  the brief: the daemon is gone within 5 s
#define STOP_WATCH_MS 15000          //  how long the test waits for it before SIGKILL
#define DRAIN_MS 1000                //  replies still read after the daemon exited
#define PROBE_LOOKS 100              //  looks at the queue before the signal, at most ...
#define PROBE_PAUSE_MS 7             //  ... this far apart

typedef struct {
    const char *endpoint;
    const char *run;
    int index;
    atomic_bool *stop;
    atomic_int *acked_total;         //  of all writers
    bool *acked;                     //  by write number
    int sent;
    int refused [SF_CONFLICT + 1];   //  replies by status, other than ok
    pthread_t thread;
} s_writer_t;

static void
s_code (char *code, size_t size, int writer, int number)
{
    snprintf (code, size, "stW%d_%05d", writer, number);
}

static void
s_send_write (s_writer_t *writer, zsock_t *dealer)
{
    char code [32], key [96], request_id [16];
    s_code (code, sizeof code, writer->index, writer->sent);
    snprintf (key, sizeof key, "%s-%s", writer->run, code);
    snprintf (request_id, sizeof request_id, "%d", writer->sent);
    Directory__CreateNode create;
    ft_create_employee (&create, code, "stS");
    size_t size;
    uint8_t *frame = ft_request_frame (NULL, &create.base, request_id, key, sf_clock_wall_ms () + DEADLINE_MS, &size);
    if (ft_send (dealer, frame, size) == 0)
        writer->sent++;
    free (frame);
}

//  Keeps WINDOW commands in flight until told to stop, then reads what still comes.
static void *
s_writer_run (void *arg)
{
    s_writer_t *writer = (s_writer_t *) arg;
    zsock_t *dealer = ft_dealer (writer->endpoint, 0, 0);
    zmq_pollitem_t item = { .socket = zsock_resolve (dealer), .events = ZMQ_POLLIN };
    int in_flight = 0;
    int64_t drain_until = 0;
    while (true) {
        bool stopping = atomic_load (writer->stop);
        if (stopping && !drain_until)
            drain_until = sf_clock_mono_ms () + DRAIN_MS;
        if (drain_until && sf_clock_mono_ms () > drain_until)
            break;
        while (!stopping && in_flight < WINDOW && writer->sent < WRITES_MAX) {
            s_send_write (writer, dealer);
            in_flight++;
        }
        if (zmq_poll (&item, 1, 50) <= 0)
            continue;
        zframe_t *frame = zframe_recv (dealer);
        sf_reply_t reply;
        if (frame && sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0) {
            int number = atoi (reply.request_id);
            if (reply.status == SF_OK && number >= 0 && number < writer->sent && !writer->acked [number]) {
                writer->acked [number] = true;
                atomic_fetch_add (writer->acked_total, 1);
            }
            else
            if (reply.status > SF_OK && reply.status <= SF_CONFLICT)
                writer->refused [reply.status]++;
            in_flight--;
            sf_reply_clear (&reply);
        }
        zframe_destroy (&frame);
    }
    zsock_destroy (&dealer);
    return NULL;
}

typedef struct {
    const char *endpoint;
    atomic_bool stop;
    pthread_t thread;
} s_flood_t;

//  Clients that never read keep the queue full until the end: each sends FLOOD_CHUNK lists
//  every FLOOD_PAUSE_MS (each may have rpc.peer_in_flight_max of them queued or running).
static void *
s_flood_run (void *arg)
{
    s_flood_t *flood = (s_flood_t *) arg;
    zsock_t *flooders [FLOODERS];
    for (int f = 0; f < FLOODERS; f++)
        flooders [f] = ft_dealer (flood->endpoint, 0, 1);
    Directory__ListSubtree list = DIRECTORY__LIST_SUBTREE__INIT;
    list.code = (char *) "stC";
    while (!atomic_load (&flood->stop)) {
        for (int f = 0; f < FLOODERS; f++)
            for (int i = 0; i < FLOOD_CHUNK; i++) {
                char *request_id = ft_request_id ("flood");
                size_t size;
                uint8_t *frame = ft_request_frame (NULL, &list.base, request_id, NULL,
                                                   sf_clock_wall_ms () + DEADLINE_MS, &size);
                SF_CHECK (ft_send (flooders [f], frame, size) == 0);
                free (frame);
                free (request_id);
            }
        sf_test_sleep_ms (FLOOD_PAUSE_MS);
    }
    for (int f = 0; f < FLOODERS; f++)
        zsock_destroy (&flooders [f]);
    return NULL;
}

//  How the daemon ended, without reaping it (sf_test_daemon_stop does that). Returns the
//  ms from the signal to its exit, or -1 when it still ran after STOP_WATCH_MS.
static int64_t
s_wait_exit (int pid, int64_t signalled, siginfo_t *info)
{
    while (sf_clock_mono_ms () - signalled < STOP_WATCH_MS) {
        memset (info, 0, sizeof *info);
        SF_CHECK (waitid (P_PID, (id_t) pid, info, WEXITED | WNOHANG | WNOWAIT) == 0);
        if (info->si_pid == pid)
            return sf_clock_mono_ms () - signalled;
        sf_test_sleep_ms (2);
    }
    return -1;
}

int
main (void)
{
    setvbuf (stdout, NULL, _IOLBF, 0);  //  the measured lines survive a failed check
    char *schema = sf_test_unique ("sigterm");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, "SF_LOG_LEVEL=error");
    sf_rpc_client_t *client = dt_client (&daemon);
    sf_rpc_client_set_retry (client, 60000, 1);
    ft_import_tree (client, "st", TREE_EMPLOYEES);
    sf_rpc_client_destroy (&client);

    s_flood_t flood = { .endpoint = daemon.endpoint };
    SF_CHECK (pthread_create (&flood.thread, NULL, s_flood_run, &flood) == 0);
    atomic_bool stop = false;
    atomic_int acked_total = 0;
    s_writer_t writers [WRITERS];
    int64_t load_started = sf_clock_mono_ms ();
    for (int w = 0; w < WRITERS; w++) {
        writers [w] = (s_writer_t) { .endpoint = daemon.endpoint, .run = schema, .index = w, .stop = &stop,
                                     .acked_total = &acked_total, .acked = calloc (WRITES_MAX, sizeof (bool)) };
        SF_CHECK (writers [w].acked);
        SF_CHECK (pthread_create (&writers [w].thread, NULL, s_writer_run, &writers [w]) == 0);
    }
    sf_test_sleep_ms (LOAD_MS);
    while (atomic_load (&acked_total) < ACKED_MIN && sf_clock_mono_ms () - load_started < ACK_WAIT_MS)
        sf_test_sleep_ms (10);
    int64_t load_ms = sf_clock_mono_ms () - load_started;
    int acked_before = atomic_load (&acked_total);

    //  The signal goes when the queue holds requests: the flood refills it every FLOOD_PAUSE_MS
    //  and the workers empty it between, so a look may find it empty; look again a few times.
    zsock_t *prober = ft_dealer (daemon.endpoint, 1000, 1000);
    sf_health_t health;
    for (int look = 0; ; look++) {
        SF_CHECK (ft_health (prober, 1000, &health) >= 0);
        if (health.queued > 0 || look == PROBE_LOOKS)
            break;
        sf_health_clear (&health);
        sf_test_sleep_ms (PROBE_PAUSE_MS);
    }
    zsock_destroy (&prober);
    int pid = daemon.pid;
    int64_t signalled = sf_clock_mono_ms ();
    SF_CHECK (kill (pid, SIGTERM) == 0);
    siginfo_t info;
    int64_t stop_ms = s_wait_exit (pid, signalled, &info);
    atomic_store (&stop, true);
    for (int w = 0; w < WRITERS; w++)
        pthread_join (writers [w].thread, NULL);
    if (stop_ms < 0)
        fprintf (stderr, "the daemon still runs %d ms after SIGTERM: killing it\n", STOP_WATCH_MS);
    sf_test_daemon_stop (&daemon, SIGKILL);
    atomic_store (&flood.stop, true);
    pthread_join (flood.thread, NULL);

    //  Every acknowledged write stored; nothing half-done.
    int sent = 0, acked = 0, missing = 0;
    for (int w = 0; w < WRITERS; w++)
        for (int i = 0; i < writers [w].sent; i++) {
            sent++;
            if (!writers [w].acked [i])
                continue;
            acked++;
            char code [32];
            s_code (code, sizeof code, w, i);
            if (sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code = $1", code) != 1) {
                fprintf (stderr, "%s was acknowledged but is not stored\n", code);
                missing++;
            }
        }
    int64_t nodes = sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code LIKE $1", "stW%");
    //  The tree's employees came with events of their own.
    int64_t events = sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1",
                                     "org.employee_created") - TREE_EMPLOYEES;
    char pattern [128];
    snprintf (pattern, sizeof pattern, "%s-stW%%", schema);
    int64_t keys = sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency WHERE key LIKE $1", pattern);

    int refused [SF_CONFLICT + 1] = { 0 };
    for (int w = 0; w < WRITERS; w++)
        for (int status = SF_INVALID_ARGUMENT; status <= SF_CONFLICT; status++)
            refused [status] += writers [w].refused [status];
    for (int status = SF_INVALID_ARGUMENT; status <= SF_CONFLICT; status++)
        if (refused [status])
            printf ("writes answered %s: %d\n", sf_status_name ((sf_status_t) status), refused [status]);
    bool exited = info.si_code == CLD_EXITED;
    printf ("measured: sigterm the daemon stopped %lld ms after SIGTERM (-1: not within %d ms), %s %d; "
            "at the signal queued %d, running %d, peers %d, refused_busy %lld\n", (long long) stop_ms,
            STOP_WATCH_MS, exited? "exit status": "killed by signal", info.si_status, health.queued,
            health.running, health.peers, (long long) health.refused_busy);
    printf ("measured: sigterm %d writes sent, %d acknowledged (%d in the %lld ms of load before the signal), "
            "%d of those missing; %lld nodes, %lld events, %lld keys stored\n", sent, acked, acked_before,
            (long long) load_ms, missing, (long long) nodes, (long long) events, (long long) keys);

    SF_CHECK (health.queued > 0);        //  the queue was not empty: the case this test is about
    SF_CHECK (acked_before >= ACKED_MIN);    //  writes got through the flood before the signal
    SF_CHECK (stop_ms >= 0 && stop_ms <= STOP_MAX_MS);
    SF_CHECK (exited && info.si_status == 0);
    SF_CHECK (missing == 0);
    SF_CHECK (nodes >= acked && nodes == events && nodes == keys);

    sf_health_clear (&health);
    for (int w = 0; w < WRITERS; w++)
        free (writers [w].acked);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
