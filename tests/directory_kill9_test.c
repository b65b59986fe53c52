/*  kill -9 the directory daemon while 1,000 commands are in flight from a retrying client,
    restart it, and check: every command acknowledged is stored exactly once, its event is
    in the outbox once and reaches the Redis stream (a duplicate entry only with the same
    event id). The client resends what has no answer with the same request id and key.    */
#include "directory_testlib.h"
#include "sf_codec.h"

#include <signal.h>
#include <string.h>

#define COMMANDS 1000
#define RESEND_AFTER_MS 2000
#define GIVE_UP_MS 120000

typedef struct {
    uint8_t *frame;
    size_t size;
    bool acked;
} s_command_t;

static void
s_prepare (s_command_t *commands, const char *run)
{
    for (int i = 0; i < COMMANDS; i++) {
        char code [32], key [64], request_id [32];
        snprintf (code, sizeof code, "k9E%04d", i);
        snprintf (key, sizeof key, "%s-%d", run, i);
        snprintf (request_id, sizeof request_id, "%d", i);
        Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
        create.kind = DIRECTORY__KIND__KIND_EMPLOYEE;
        create.code = code;
        create.parent_code = (char *) "k9S";
        create.name_zh = (char *) "测试员工";
        create.employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
        sf_request_t request = {
            .request_id = request_id, .idempotency_key = key, .type = (char *) create.base.descriptor->name,
            //  As the service, as dt_client: the suite's key is a daemon's.
            .actor = { .user_id = (char *) "sf-test", .roles = { (char *) "service" }, .role_count = 1 }
        };
        request.body = sf_codec_pack (&create.base, &request.body_size);
        commands [i].frame = sf_request_encode (&request, &commands [i].size);
        free (request.body);
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
s_send_unacked (zsock_t *socket, s_command_t *commands)
{
    for (int i = 0; i < COMMANDS; i++)
        if (!commands [i].acked)
            SF_CHECK (zmq_send (zsock_resolve (socket), commands [i].frame, commands [i].size, 0) >= 0);
}

//  Takes one reply; returns 1 if it acknowledged a command for the first time.
static int
s_take_reply (zsock_t *socket, s_command_t *commands)
{
    zframe_t *frame = zframe_recv (socket);
    if (!frame)
        return 0;
    sf_reply_t reply;
    int fresh = 0;
    if (sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0) {
        int index = atoi (reply.request_id);
        //  Anything but ok or a transient failure means a retry was not recognised as one.
        if (reply.status != SF_OK && !sf_status_retryable (reply.status)) {
            fprintf (stderr, "command %d: %s %s\n", index, sf_status_name (reply.status), reply.reason_en);
            SF_CHECK (false);
        }
        if (reply.status == SF_OK && !commands [index].acked) {
            commands [index].acked = true;
            fresh = 1;
        }
        sf_reply_clear (&reply);
    }
    zframe_destroy (&frame);
    return fresh;
}

static void
s_run (sf_test_daemon_t *daemon, s_command_t *commands)
{
    zsock_t *socket = s_connect (daemon->endpoint);
    s_send_unacked (socket, commands);
    zpoller_t *poller = zpoller_new (socket, NULL);
    int acked = 0;
    //  Killed three times: early, midway and near the end.
    static const int kill_at [] = { COMMANDS / 5, COMMANDS / 2, COMMANDS * 4 / 5 };
    size_t kills = 0;
    int64_t started = zclock_mono (), last_progress = started;
    while (acked < COMMANDS) {
        SF_CHECK (zclock_mono () - started < GIVE_UP_MS);
        if (zpoller_wait (poller, 100) == socket) {
            int fresh = s_take_reply (socket, commands);
            acked += fresh;
            if (fresh)
                last_progress = zclock_mono ();
        }
        if (kills < 3 && acked >= kill_at [kills]) {
            printf ("kill -9 after %d acknowledged\n", acked);
            sf_test_daemon_stop (daemon, SIGKILL);
            kills++;
            sf_test_daemon_restart (daemon);
            last_progress = zclock_mono ();
        }
        if (zclock_mono () - last_progress > RESEND_AFTER_MS) {
            //  Fresh socket: the old one may still queue for a peer that died.
            zpoller_destroy (&poller);
            zsock_destroy (&socket);
            socket = s_connect (daemon->endpoint);
            poller = zpoller_new (socket, NULL);
            printf ("resending %d unacknowledged\n", COMMANDS - acked);
            s_send_unacked (socket, commands);
            last_progress = zclock_mono ();
        }
    }
    SF_CHECK (kills == 3);
    zpoller_destroy (&poller);
    zsock_destroy (&socket);
}

static void
s_verify (sf_db_t *db)
{
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code LIKE $1", "k9E%") == COMMANDS);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "org.employee_created") == COMMANDS);
    SF_CHECK (dt_wait_published (db, 30000));
    zhashx_t *stream = dt_stream_ids ();
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id FROM sf_outbox WHERE event_type = 'org.employee_created'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == COMMANDS);
    for (int i = 0; i < COMMANDS; i++)
        SF_CHECK (zhashx_lookup (stream, sf_rows_text (rows, i, 0)) != NULL);
    sf_rows_destroy (&rows);
    zhashx_destroy (&stream);
}

int
main (void)
{
    char *schema = sf_test_unique ("kill9");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, "SF_LOG_LEVEL=warn");
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "k9");
    sf_rpc_client_destroy (&client);

    s_command_t *commands = calloc (COMMANDS, sizeof *commands);
    s_prepare (commands, schema);
    s_run (&daemon, commands);
    s_verify (db);
    printf ("1000 acknowledged, 1000 stored, 1000 events in outbox and stream\n");

    for (int i = 0; i < COMMANDS; i++)
        free (commands [i].frame);
    free (commands);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
