/*  Two instances of the directory on one schema, under load from clients that name both
    endpoints (sf_endpoints.h); one instance is killed with kill -9 midway and started again
    later. Every command a client saw acknowledged is stored exactly once, its event is in the
    outbox once and reaches the stream; the clients never give up (each retries the same
    idempotency key), and the longest any one command waited is printed as the time to
    follow. The surviving instance alone keeps storing while the other is down.            */
#include "directory_testlib.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 4
#define PER_CLIENT 400
#define COMMANDS (CLIENTS * PER_CLIENT)
#define GIVE_UP_MS 120000

typedef struct {
    int index;
    char endpoints [160];
    const char *run;
    int64_t slowest_ms;                  //  longest wait for one acknowledgement
    int retried;                         //  commands that needed a second call
} s_client_t;

static atomic_int s_acked;

static void *
s_client_run (void *arg)
{
    s_client_t *self = arg;
    sf_test_daemon_t target = { 0 };
    snprintf (target.binary, sizeof target.binary, "%s", DIRECTORY_BINARY);
    sf_rpc_client_t *client = sf_rpc_client_new (self->endpoints);
    SF_CHECK (sf_rpc_client_set_server (client, sf_test_daemon_name (&target)) == 0);
    sf_rpc_client_set_actor (client, "sf-test", "service", "", "");
    sf_rpc_client_set_retry (client, 1000, 5);
    int64_t started = zclock_mono ();
    for (int i = 0; i < PER_CLIENT; i++) {
        char code [32], key [96];
        snprintf (code, sizeof code, "scE%d_%04d", self->index, i);
        snprintf (key, sizeof key, "%s-%d-%d", self->run, self->index, i);
        int64_t sent = zclock_mono ();
        int calls = 0;
        sf_status_t status;
        //  The same key until it is acknowledged; only a transient failure may come back.
        do {
            SF_CHECK (zclock_mono () - started < GIVE_UP_MS);
            status = dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, code, "scS", "测试员工", key, NULL);
            calls++;
            SF_CHECK (status == SF_OK || sf_status_retryable (status));
        } while (status != SF_OK);
        int64_t waited = zclock_mono () - sent;
        if (waited > self->slowest_ms) {
            self->slowest_ms = waited;
        }
        if (calls > 1 || sf_rpc_client_last_attempts (client) > 1)
            self->retried++;
        atomic_fetch_add (&s_acked, 1);
    }
    sf_rpc_client_destroy (&client);
    return NULL;
}

//  Employees stored so far by either instance.
static int64_t
s_stored (sf_db_t *db)
{
    return sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code LIKE $1", "scE%");
}

static void
s_wait_acked (int count)
{
    int64_t started = zclock_mono ();
    while (atomic_load (&s_acked) < count) {
        SF_CHECK (zclock_mono () - started < GIVE_UP_MS);
        sf_test_sleep_ms (20);
    }
}

static void
s_verify (sf_db_t *db)
{
    SF_CHECK (s_stored (db) == COMMANDS);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "org.employee_created")
              == COMMANDS);
    SF_CHECK (dt_wait_published (db, 30000));
    zhashx_t *stream = dt_stream_ids ();
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id FROM sf_outbox WHERE event_type = 'org.employee_created'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == COMMANDS);
    int duplicates = 0;
    for (int i = 0; i < COMMANDS; i++) {
        intptr_t entries = (intptr_t) zhashx_lookup (stream, sf_rows_text (rows, i, 0));
        SF_CHECK (entries >= 1);
        duplicates += (int) entries - 1;
    }
    printf ("measured: %d events, each in the stream; %d duplicate entries (same event id)\n", COMMANDS,
            duplicates);
    sf_rows_destroy (&rows);
    zhashx_destroy (&stream);
}

int
main (void)
{
    char *schema = sf_test_unique ("scale");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t instances [2];
    for (int i = 0; i < 2; i++)
        sf_test_daemon_start (&instances [i], DIRECTORY_BINARY, schema, "SF_LOG_LEVEL=warn");
    sf_rpc_client_t *setup = dt_client (&instances [1]);
    dt_build_tree (setup, "sc");
    sf_rpc_client_destroy (&setup);

    s_client_t clients [CLIENTS];
    pthread_t threads [CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        clients [i] = (s_client_t) { .index = i, .run = schema };
        //  Half the clients name the instances one way round, half the other.
        snprintf (clients [i].endpoints, sizeof clients [i].endpoints, "%s,%s", instances [i % 2].endpoint,
                  instances [(i + 1) % 2].endpoint);
    }
    int64_t started = zclock_mono ();
    for (int i = 0; i < CLIENTS; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_client_run, &clients [i]) == 0);

    //  kill -9 one instance a quarter of the way: the other must take every command.
    s_wait_acked (COMMANDS / 4);
    sf_test_daemon_stop (&instances [0], SIGKILL);
    printf ("kill -9 instance 0 after %d acknowledged\n", atomic_load (&s_acked));
    int64_t before_alone = s_stored (db);
    s_wait_acked (COMMANDS / 2);
    SF_CHECK (s_stored (db) > before_alone);

    //  Back at half way; then the other one is killed: the restarted one takes over.
    sf_test_daemon_restart (&instances [0]);
    printf ("instance 0 restarted after %d acknowledged\n", atomic_load (&s_acked));
    s_wait_acked (COMMANDS * 3 / 4);
    sf_test_daemon_stop (&instances [1], SIGKILL);
    printf ("kill -9 instance 1 after %d acknowledged\n", atomic_load (&s_acked));

    for (int i = 0; i < CLIENTS; i++)
        pthread_join (threads [i], NULL);
    int64_t elapsed = zclock_mono () - started;
    int64_t slowest = 0, retried = 0;
    for (int i = 0; i < CLIENTS; i++) {
        slowest = clients [i].slowest_ms > slowest? clients [i].slowest_ms: slowest;
        retried += clients [i].retried;
    }
    printf ("measured: %d commands from %d clients in %.1f s (%.0f/s) with two kill -9; "
            "time to follow (longest wait of one command) %lld ms; %lld commands needed a resend\n",
            COMMANDS, CLIENTS, elapsed / 1000.0, COMMANDS * 1000.0 / (double) elapsed, (long long) slowest,
            (long long) retried);
    s_verify (db);

    sf_test_daemon_restart (&instances [1]);
    for (int i = 0; i < 2; i++)
        sf_test_daemon_stop (&instances [i], SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
