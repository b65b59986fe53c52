/*  A Patroni failover under load (issue 18). Starts the highly available PostgreSQL of
    deploy/lib_ha_pg.sh (etcd, two Patroni nodes in synchronous mode, HAProxy as the leader
    endpoint) on free ports, a directory whose db.url is the leader endpoint, and a client that
    keeps WINDOW CreateNode commands in flight, each with its own idempotency key, resending
    the same key on a retryable reply or after RESEND_MS of silence. Midway the leader's
    postmaster gets kill -9; the load goes on until writes succeed again and a while after.
    Then: every acknowledged command's row is stored exactly once and its event is in the
    outbox once (and relayed); the old leader is back as a replica. Prints the time from the
    kill to the first acknowledged write sent after it, and the writes/s before and after.  */
#include "directory_testlib.h"
#include "sf_codec.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#define COMMANDS_MAX 200000           //  more than the load sends in BEFORE_MS + AFTER_MS (about 4,000/s)
#define WINDOW 16
#define RESEND_MS 3000
#define BEFORE_MS 6000              //  load before the kill
#define AFTER_MS 6000               //  load after the first write acknowledged after the kill
#define FOLLOW_LIMIT_MS 60000       //  the daemon must write again within this after the kill
#define DRAIN_LIMIT_MS 60000
#define REJOIN_LIMIT_S 90

typedef struct {
    uint8_t *frame;
    size_t size;
    int64_t sent_ms;                //  last (re)send
    int64_t resend_at_ms;           //  0: resend when RESEND_MS passed without an answer
    bool acked;
} s_command_t;

static char s_state [512];         //  the layout's state folder; "" once destroyed
static sf_test_daemon_t *s_daemon;  //  killed on a failure, before the layout goes

//  Runs a command of deploy/lib_ha_pg.sh in bash; returns its exit status.
static int
s_ha (const char *command)
{
    return sf_test_sh ("bash -c 'set -euo pipefail; . \"%s/lib_ha_pg.sh\"; %s'", sf_test_env ("SF_DEPLOY_DIR"), command);
}

static void
s_layout_destroy (void)
{
    if (!*s_state)
        return;
    char command [4096];
    snprintf (command, sizeof command, "sf_ha_pg_destroy %s >/dev/null 2>&1", s_state);
    s_ha (command);
    *s_state = 0;
}

//  A failed check aborts, ctest's timeout terminates: the daemon and the layout go first, with
//  the end of the layout's logs for the record.
static void
s_on_fatal (int signal_number)
{
    if (s_daemon && s_daemon->pid > 0) {
        kill (s_daemon->pid, SIGKILL);
        waitpid (s_daemon->pid, NULL, 0);
        fprintf (stderr, "directory log %s:\n", s_daemon->log_path);
        sf_test_sh ("tail -n 15 '%s' >&2", s_daemon->log_path);
    }
    if (*s_state)
        sf_test_sh ("tail -n 15 '%s'/ha/log/patroni-*.log '%s'/ha/log/haproxy.log >&2", s_state, s_state);
    s_layout_destroy ();
    signal (signal_number, SIG_DFL);
    raise (signal_number);
}

static void
s_arm (void)
{
    signal (SIGABRT, s_on_fatal);
    signal (SIGTERM, s_on_fatal);
    signal (SIGINT, s_on_fatal);
}

//  The value of "export NAME=value" in STATE/ha/pg.env (quotes taken off). Caller frees.
static char *
s_env_value (const char *name)
{
    char path [600], line [2048], prefix [128];
    snprintf (path, sizeof path, "%s/ha/pg.env", s_state);
    snprintf (prefix, sizeof prefix, "export %s=", name);
    FILE *file = fopen (path, "r");
    SF_CHECK (file);
    char *value = NULL;
    while (!value && fgets (line, sizeof line, file)) {
        if (strncmp (line, prefix, strlen (prefix)) != 0)
            continue;
        char *start = line + strlen (prefix);
        start [strcspn (start, "\n")] = 0;
        size_t length = strlen (start);
        if (length >= 2 && start [0] == '\'' && start [length - 1] == '\'') {
            start [length - 1] = 0;
            start++;
        }
        value = strdup (start);
    }
    fclose (file);
    SF_CHECK (value);
    return value;
}

//  "NAME PID" of the leader, as sf_ha_pg_leader prints it.
static void
s_leader (char *name, size_t name_size, int *pid)
{
    char command [4096], path [600];
    snprintf (path, sizeof path, "%s/ha/leader.out", s_state);
    //  A REST check may time out on a loaded machine: a few tries.
    snprintf (command, sizeof command,
              "for i in $(seq 20); do sf_ha_pg_leader %s >%s 2>/dev/null && exit 0; sleep 0.5; done; exit 1",
              s_state, path);
    SF_CHECK (s_ha (command) == 0);
    FILE *file = fopen (path, "r");
    SF_CHECK (file);
    char format [32];
    snprintf (format, sizeof format, "%%%zus %%d", name_size - 1);
    SF_CHECK (fscanf (file, format, name, pid) == 2);
    fclose (file);
}

static void
s_prepare (s_command_t *command, const char *run, int index)
{
    char code [32], key [96], request_id [32];
    snprintf (code, sizeof code, "haE%05d", index);
    snprintf (key, sizeof key, "%s-%d", run, index);
    snprintf (request_id, sizeof request_id, "%d", index);
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = DIRECTORY__KIND__KIND_EMPLOYEE;
    create.code = code;
    create.parent_code = (char *) "haS";
    create.name_zh = (char *) "值班员工";
    create.employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
    sf_request_t request = {
        .request_id = request_id, .idempotency_key = key, .type = (char *) create.base.descriptor->name,
        .actor = { .user_id = (char *) "sf-test", .roles = { (char *) "service" }, .role_count = 1 }
    };
    request.body = sf_codec_pack (&create.base, &request.body_size);
    command->frame = sf_request_encode (&request, &command->size);
    free (request.body);
}

static void
s_send (zsock_t *socket, s_command_t *command)
{
    SF_CHECK (zmq_send (zsock_resolve (socket), command->frame, command->size, 0) >= 0);
    command->sent_ms = zclock_mono ();
    command->resend_at_ms = 0;
}

typedef struct {
    s_command_t *commands;
    int issued;
    int acked;
    int in_flight;
    int unavailable;                //  retryable replies
    int resent;
    int64_t kill_ms;                //  0 until the leader is killed
    int64_t followed_ms;            //  first ack of a command sent after the kill
    int acked_at_follow;
} s_load_t;

//  Takes one reply: an acknowledgement, or a retryable refusal whose resend is scheduled;
//  anything else means a retry was not recognised as one and fails the test.
static void
s_take_reply (zsock_t *socket, s_load_t *load)
{
    zframe_t *frame = zframe_recv (socket);
    if (!frame)
        return;
    sf_reply_t reply;
    if (sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0) {
        int index = atoi (reply.request_id);
        SF_CHECK (index >= 0 && index < load->issued);
        s_command_t *command = &load->commands [index];
        if (reply.status != SF_OK && !sf_status_retryable (reply.status)) {
            fprintf (stderr, "command %d: %s %s\n", index, sf_status_name (reply.status), reply.reason_en);
            SF_CHECK (false);
        }
        int64_t now = zclock_mono ();
        if (reply.status == SF_OK && !command->acked) {
            command->acked = true;
            load->acked++;
            load->in_flight--;
            if (load->kill_ms && !load->followed_ms && command->sent_ms > load->kill_ms) {
                load->followed_ms = now;
                load->acked_at_follow = load->acked;
            }
        }
        else
        if (reply.status != SF_OK && !command->acked) {
            load->unavailable++;
            int64_t wait = reply.retry_after_ms < 100? 100: reply.retry_after_ms > 1000? 1000: reply.retry_after_ms;
            command->resend_at_ms = now + wait;
        }
        sf_reply_clear (&reply);
    }
    zframe_destroy (&frame);
}

//  One turn: fills the window while issuing, waits up to 50 ms for a reply, resends what is due.
static void
s_turn (zsock_t *socket, zpoller_t *poller, s_load_t *load, const char *run, bool issue)
{
    while (issue && load->in_flight < WINDOW && load->issued < COMMANDS_MAX) {
        s_command_t *command = &load->commands [load->issued];
        s_prepare (command, run, load->issued);
        load->issued++;
        load->in_flight++;
        s_send (socket, command);
    }
    if (zpoller_wait (poller, 50) == socket)
        while (zsock_events (socket) & ZMQ_POLLIN)
            s_take_reply (socket, load);
    int64_t now = zclock_mono ();
    for (int index = 0; index < load->issued; index++) {
        s_command_t *command = &load->commands [index];
        if (command->acked)
            continue;
        if ((command->resend_at_ms && now >= command->resend_at_ms)
            || (!command->resend_at_ms && now - command->sent_ms >= RESEND_MS)) {
            load->resent++;
            s_send (socket, command);
        }
    }
}

static zsock_t *
s_connect (const char *endpoint)
{
    zsock_t *socket = zsock_new (ZMQ_DEALER);
    zsock_set_sndhwm (socket, 0);
    zsock_set_rcvhwm (socket, 0);
    zsock_set_linger (socket, 0);
    sf_test_curve (socket, endpoint);
    SF_CHECK (zsock_connect (socket, "%s", endpoint) == 0);
    return socket;
}

static void
s_run (sf_test_daemon_t *daemon, s_load_t *load, const char *run, char *old_leader, size_t old_leader_size)
{
    zsock_t *socket = s_connect (daemon->endpoint);
    zpoller_t *poller = zpoller_new (socket, NULL);

    int64_t started = zclock_mono ();
    while (zclock_mono () - started < BEFORE_MS)
        s_turn (socket, poller, load, run, true);
    int acked_before = load->acked;
    double before_s = (zclock_mono () - started) / 1000.0;

    int pid = 0;
    s_leader (old_leader, old_leader_size, &pid);
    printf ("kill -9 the postmaster (pid %d) of leader %s after %d acknowledged\n", pid, old_leader, load->acked);
    load->kill_ms = zclock_mono ();
    SF_CHECK (kill (pid, SIGKILL) == 0);

    while (!load->followed_ms) {
        SF_CHECK (zclock_mono () - load->kill_ms < FOLLOW_LIMIT_MS);
        s_turn (socket, poller, load, run, true);
    }
    while (zclock_mono () - load->followed_ms < AFTER_MS)
        s_turn (socket, poller, load, run, true);
    int acked_after = load->acked - load->acked_at_follow;
    double after_s = (zclock_mono () - load->followed_ms) / 1000.0;

    int64_t draining = zclock_mono ();
    while (load->in_flight > 0) {
        SF_CHECK (zclock_mono () - draining < DRAIN_LIMIT_MS);
        s_turn (socket, poller, load, run, false);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&socket);

    printf ("%d commands acknowledged (%d retryable replies, %d resends)\n", load->acked, load->unavailable, load->resent);
    printf ("measured: time to follow a Patroni failover (kill -9 of the leader's postmaster to the first "
            "acknowledged write sent after it): %lld ms\n", (long long) (load->followed_ms - load->kill_ms));
    printf ("measured: writes/s before the failover: %.0f (%d in %.1f s, %d in flight)\n",
            acked_before / before_s, acked_before, before_s, WINDOW);
    printf ("measured: writes/s after the failover: %.0f (%d in %.1f s, %d in flight)\n",
            acked_after / after_s, acked_after, after_s, WINDOW);
}

static void
s_verify (sf_db_t *db, const s_load_t *load)
{
    char expected [32];
    snprintf (expected, sizeof expected, "%d", load->acked);
    SF_CHECK (load->acked == load->issued);
    int64_t rows = sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code LIKE $1", "haE%");
    int64_t codes = sf_test_scalar (db, "SELECT count(DISTINCT code) FROM org_node WHERE code LIKE $1", "haE%");
    int64_t events = sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "org.employee_created");
    int64_t event_ids = sf_test_scalar (db, "SELECT count(DISTINCT event_id) FROM sf_outbox WHERE event_type = $1",
                                        "org.employee_created");
    printf ("%d acknowledged: %lld rows (%lld codes), %lld events in the outbox (%lld ids)\n", load->acked,
            (long long) rows, (long long) codes, (long long) events, (long long) event_ids);
    SF_CHECK (rows == load->acked && codes == load->acked);
    SF_CHECK (events == load->acked && event_ids == load->acked);
    SF_CHECK (dt_wait_published (db, 60000));
}

//  The old leader is back as a replica streaming from the new leader.
static void
s_verify_rejoined (const char *old_leader, int64_t kill_ms)
{
    char new_leader [64];
    int pid = 0;
    s_leader (new_leader, sizeof new_leader, &pid);
    SF_CHECK (strcmp (new_leader, old_leader) != 0);
    int index = old_leader [strlen (old_leader) - 1] - '0';
    char command [4096];
    snprintf (command, sizeof command,
              "for i in $(seq %d); do [[ \"$(sf_ha_pg_role %s %d)\" == replica ]] && exit 0; sleep 1; done; exit 1",
              REJOIN_LIMIT_S, s_state, index);
    SF_CHECK (s_ha (command) == 0);
    snprintf (command, sizeof command,
              "for i in $(seq %d); do [[ \"$(sf_ha_pg_psql %s -c \"SELECT count(*) FROM pg_stat_replication"
              " WHERE application_name = '\\''%s'\\'' AND state = '\\''streaming'\\''\" 2>/dev/null)\" == 1 ]]"
              " && exit 0; sleep 1; done; exit 1",
              REJOIN_LIMIT_S, s_state, old_leader);
    SF_CHECK (s_ha (command) == 0);
    printf ("measured: old leader %s streams from the new leader %s as a replica at most %lld ms after the kill\n",
            old_leader, new_leader, (long long) (zclock_mono () - kill_ms));
}

int
main (void)
{
    setvbuf (stdout, NULL, _IOLBF, 0);
    char *run = sf_test_unique ("hapg");
    snprintf (s_state, sizeof s_state, "%s/%s", sf_test_env ("SF_STATE_DIR"), run);
    s_arm ();
    int64_t starting = zclock_mono ();
    char command [4096];
    snprintf (command, sizeof command, "mkdir -p %s && sf_ha_pg_start %s $(sf_ha_pg_free_base) >%s.start.log 2>&1"
              " || { tail -n 30 %s.start.log >&2; exit 1; }", s_state, s_state, s_state, s_state);
    SF_CHECK (s_ha (command) == 0);
    printf ("measured: HA layout up (etcd, 2 Patroni nodes, HAProxy) in %lld ms\n",
            (long long) (zclock_mono () - starting));
    char *uri = s_env_value ("SF_HA_PG_URI");

    sf_db_options_t options = { .url = uri, .schema = run, .application_name = "ha-test" };
    sf_db_t *db = sf_db_new (&options);
    SF_CHECK (sf_db_ensure (db));
    snprintf (command, sizeof command, "CREATE SCHEMA %s", run);
    SF_CHECK (sf_db_exec_script (db, command) == 0);
    sf_db_destroy (&db);

    sf_test_daemon_t daemon;
    char env [1024];
    snprintf (env, sizeof env, "SF_LOG_LEVEL=warn SF_DB_URL=%s SF_REDIS_STREAM_PREFIX=%s", uri, run);
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, run, env);
    s_daemon = &daemon;
    s_arm ();               //  after the test kit's own handlers: ours stop the daemon too
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "ha");
    sf_rpc_client_destroy (&client);

    s_load_t load = { .commands = calloc (COMMANDS_MAX, sizeof (s_command_t)) };
    SF_CHECK (load.commands);
    char old_leader [64];
    s_run (&daemon, &load, run, old_leader, sizeof old_leader);

    db = sf_db_new (&options);
    SF_CHECK (sf_db_ensure (db));
    s_verify (db, &load);
    SF_CHECK (sf_test_daemon_healthy (&daemon, 10000));
    s_verify_rejoined (old_leader, load.kill_ms);

    for (int index = 0; index < load.issued; index++)
        free (load.commands [index].frame);
    free (load.commands);
    sf_db_destroy (&db);
    sf_test_daemon_stop (&daemon, SIGTERM);
    s_daemon = NULL;
    s_layout_destroy ();
    free (uri);
    free (run);
    return 0;
}
