/*  sf_rpc_server: routing, admission errors, reads, group commit with per-command
    savepoints, idempotent replay, events in the outbox, and a lost database session.        */
#include "sf_migrate.h"
#include "sf_outbox.h"
#include "sf_rpc_client.h"
#include "sf_rpc_server.h"
#include "sf_testkit.h"

#include <string.h>

static char *s_schema;
static char s_endpoint [64];

static void
s_echo (sf_call_t *call)
{
    sf_call_ok (call, "t.Echo", call->request->body, call->request->body_size);
}

//  Writes the body as a row and emits an event; a body of "fail" writes, then fails, so
//  the server must undo that one command alone.
static void
s_write (sf_call_t *call)
{
    char text [64];
    snprintf (text, sizeof text, "%.*s", (int) call->request->body_size, (const char *) call->request->body);
    const char *values [] = { text };
    if (sf_db_exec (call->db, "INSERT INTO t_rows (value) VALUES ($1)", 1, values) < 0) {
        sf_call_fail_db (call, "insert");
        return;
    }
    if (strcmp (text, "fail") == 0) {
        static const sf_text_t refused = { "拒绝：%s", "refused: %s" };
        sf_call_fail (call, SF_FAILED_PRECONDITION, &refused, text);
        return;
    }
    sf_event_t event = { .type = strdup ("t.written"), .aggregate_id = strdup (text), .aggregate_version = 1 };
    int rc = sf_call_emit (call, "sf:events:test", &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "emit");
    else
        sf_call_ok (call, "t.Written", (const uint8_t *) text, strlen (text));
}

static void
s_broken (sf_call_t *call)
{
    if (sf_db_exec (call->db, "SELECT no_such_column FROM t_rows", 0, NULL) < 0)
        sf_call_fail_db (call, "broken");
}

static const sf_route_t s_routes [] = {
    { "t.Echo", s_echo, false, NULL, false },
    { "t.Write", s_write, true, "writer", false },
    { "t.Broken", s_broken, true, NULL, false },
    { "t.Alone", s_write, true, "writer", true },
    { NULL, NULL, false, NULL, false }
};

//  Any message on the actor pipe ($TERM) ends the loop.
static int
s_on_pipe (zloop_t *loop, zsock_t *pipe, void *arg)
{
    (void) loop;
    (void) arg;
    zmsg_t *message = zmsg_recv (pipe);
    zmsg_destroy (&message);
    return -1;
}

static void
s_server_actor (zsock_t *pipe, void *arg)
{
    (void) arg;
    sf_db_options_t options;
    sf_test_db_options (s_schema, &options);
    options.application_name = s_schema;     //  so the test can kill these sessions alone
    sf_rpc_server_options_t server_options = {
        .daemon = "test", .endpoint = s_endpoint, .max_message_bytes = 2048, .batch_max = 16,
        .workers = 2, .worker_db = options, .routes = s_routes
    };
    sf_rpc_server_t *server = sf_rpc_server_new (&server_options);
    SF_CHECK (server);
    zloop_t *loop = zloop_new ();
    sf_rpc_server_attach (server, loop);
    zsock_signal (pipe, 0);
    zloop_reader (loop, pipe, s_on_pipe, NULL);
    zloop_start (loop);
    printf ("server: %llu commands in %llu transactions\n",
            (unsigned long long) sf_rpc_server_commands (server),
            (unsigned long long) sf_rpc_server_transactions (server));
    zloop_destroy (&loop);
    sf_rpc_server_destroy (&server);
}

static sf_status_t
s_call (sf_rpc_client_t *client, const char *type, const char *body, const char *key)
{
    sf_reply_t reply;
    sf_rpc_client_call (client, type, (const uint8_t *) body, strlen (body), key, &reply);
    sf_status_t status = reply.status;
    if (status != SF_OK)
        SF_CHECK (*reply.reason_zh && *reply.reason_en);
    sf_reply_clear (&reply);
    return status;
}

//  Sends count writes of type at once, bodies "<prefix><i>", keys "<prefix>-<i>".
static void
s_send_writes (zsock_t *dealer, const char *type, const char *prefix, int count, bool every_fifth_fails)
{
    for (int i = 0; i < count; i++) {
        char body [16], key [32], id [16];
        snprintf (body, sizeof body, every_fifth_fails && i % 5 == 4? "fail": "%s%d", prefix, i);
        snprintf (key, sizeof key, "%s-%d", prefix, i);
        snprintf (id, sizeof id, "%d", i);
        sf_request_t request = {
            .request_id = id, .idempotency_key = key, .type = (char *) type,
            .actor = { .user_id = (char *) "u", .roles = { (char *) "writer" }, .role_count = 1 },
            .body = (uint8_t *) body, .body_size = strlen (body)
        };
        size_t size;
        uint8_t *data = sf_request_encode (&request, &size);
        zmq_send (zsock_resolve (dealer), data, size, 0);
        free (data);
    }
}

//  Writes of an alone route each commit in a transaction of their own, even when they wait
//  together (and beside grouped writes).
static void
s_alone (sf_db_t *db)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    SF_CHECK (zsock_connect (dealer, "%s", s_endpoint) == 0);
    s_send_writes (dealer, "t.Alone", "a", 30, false);
    s_send_writes (dealer, "t.Write", "w", 30, false);
    for (int i = 0; i < 60; i++) {
        zframe_t *frame = zframe_recv (dealer);
        sf_reply_t reply;
        SF_CHECK (sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0);
        SF_CHECK (reply.status == SF_OK);
        sf_reply_clear (&reply);
        zframe_destroy (&frame);
    }
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value LIKE 'a%'", NULL) == 30);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows a JOIN t_rows b ON a.tx = b.tx AND a.value <> b.value "
                                  "WHERE a.value LIKE 'a%'", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'w%'", NULL) == 30);
    zsock_destroy (&dealer);
}

//  50 writes sent at once, every fifth refused: the refused ones leave no row, the others
//  commit in a few group transactions.
static void
s_group_commit (sf_db_t *db)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    SF_CHECK (zsock_connect (dealer, "%s", s_endpoint) == 0);
    s_send_writes (dealer, "t.Write", "g", 50, true);
    int ok = 0, refused = 0;
    for (int i = 0; i < 50; i++) {
        zframe_t *frame = zframe_recv (dealer);
        sf_reply_t reply;
        SF_CHECK (sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0);
        int index = atoi (reply.request_id);
        SF_CHECK (reply.status == (index % 5 == 4? SF_FAILED_PRECONDITION: SF_OK));
        ok += reply.status == SF_OK;
        refused += reply.status != SF_OK;
        sf_reply_clear (&reply);
        zframe_destroy (&frame);
    }
    SF_CHECK (ok == 40 && refused == 10);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'g%'", NULL) == 40);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'fail'", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = 't.written'", NULL) == 40);
    zsock_destroy (&dealer);
}

static void
s_admission (sf_rpc_client_t *client)
{
    SF_CHECK (s_call (client, "t.Echo", "hello", NULL) == SF_OK);
    SF_CHECK (s_call (client, "t.Nothing", "", NULL) == SF_UNKNOWN_TYPE);
    SF_CHECK (s_call (client, "t.Broken", "", NULL) == SF_INTERNAL);
    char big [4096];
    memset (big, 'x', sizeof big - 1);
    big [sizeof big - 1] = 0;
    SF_CHECK (s_call (client, "t.Echo", big, NULL) == SF_TOO_LARGE);
    sf_rpc_client_set_actor (client, "u", "reader", "", "");
    SF_CHECK (s_call (client, "t.Write", "x", NULL) == SF_PERMISSION_DENIED);
    sf_rpc_client_set_actor (client, "u", "reader,writer", "", "");

    //  An expired deadline: refused unrun.
    sf_request_t request = {
        .request_id = (char *) "late", .idempotency_key = (char *) "late", .type = (char *) "t.Write",
        .actor = { .user_id = (char *) "u", .roles = { (char *) "writer" }, .role_count = 1 },
        .deadline_ms = 1000, .body = (uint8_t *) "late", .body_size = 4
    };
    size_t size;
    uint8_t *data = sf_request_encode (&request, &size);
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_raw (client, data, size, 3000, &reply) == 0);
    SF_CHECK (reply.status == SF_DEADLINE_EXCEEDED);
    sf_reply_clear (&reply);
    free (data);
}

static void
s_replay (sf_rpc_client_t *client, sf_db_t *db)
{
    SF_CHECK (s_call (client, "t.Write", "once", "replay-key") == SF_OK);
    SF_CHECK (s_call (client, "t.Write", "once", "replay-key") == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'once'", NULL) == 1);
    SF_CHECK (s_call (client, "t.Write", "other", "replay-key") == SF_CONFLICT);
}

//  The server's session is killed under it: the server notices before the next command and
//  reconnects, or (if the socket closes late) answers unavailable and the client's retry,
//  with the same key, succeeds. Either way the command is applied once.
static void
s_lost_session (sf_rpc_client_t *client, sf_db_t *db)
{
    const char *values [] = { s_schema };
    sf_rows_t *rows = sf_db_query (db, "SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity "
                                       "WHERE application_name = $1", 1, values);
    SF_CHECK (rows && sf_rows_int (rows, 0, 0) >= 1);
    sf_rows_destroy (&rows);
    sf_test_sleep_ms (100);
    SF_CHECK (s_call (client, "t.Write", "after-loss", NULL) == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'after-loss'", NULL) == 1);
}

int
main (void)
{
    s_schema = sf_test_unique ("rpcsrv");
    sf_db_t *db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (db, s_schema, "common", common_migrations) >= 0);
    SF_CHECK (sf_db_exec (db, "CREATE TABLE t_rows (value text, tx bigint DEFAULT txid_current ())", 0, NULL) == 0);
    snprintf (s_endpoint, sizeof s_endpoint, "ipc:///tmp/%s.ipc", s_schema);

    zactor_t *server = zactor_new (s_server_actor, NULL);
    sf_rpc_client_t *client = sf_rpc_client_new (s_endpoint);
    sf_rpc_client_set_actor (client, "u", "writer", "", "");
    sf_rpc_client_set_retry (client, 1000, 3);
    s_admission (client);
    s_group_commit (db);
    s_alone (db);
    s_replay (client, db);
    s_lost_session (client, db);

    sf_rpc_client_destroy (&client);
    zactor_destroy (&server);
    sf_db_destroy (&db);
    free (s_schema);
    return 0;
}
