/*  sf_rpc_server: routing, admission errors, reads, group commit with per-command
    savepoints, idempotent replay, events in the outbox, a lost database session; deadlines
    that cancel database work, health answered while every worker is busy, the per-client
    in-flight limit and the requests of a client that left dropped unrun; reads in turn, and
    lookups beside them; writes of a key one group at a time, and a client's writes marked
    unordered passing its write of a busy key.                                              */
#include "sf_actor.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_migrate.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_rpc_client.h"
#include "sf_rpc_server.h"
#include "sf_testkit.h"
#include "sf_rpc_server_test.pb-c.h"
#include "sf_admin.pb-c.h"

#include <stdatomic.h>
#include <string.h>

static char *s_schema;
static char s_endpoint [64];
static char s_capped_endpoint [64];     //  a second server: one group of writes at a time
static char s_turns_endpoint [64];      //  a third: one read at a time

//  What a server actor binds, how many groups of writes and how many reads it runs at once
//  (0: every worker).
typedef struct {
    const char *endpoint;
    int write_groups;
    int read_slots;
} s_setup_t;

//  Requests one client may have in flight on the test's server: above the 60 writes the
//  group-commit cases send at once.
#define S_PEER_LIMIT 64
//  A reply cut short by its deadline comes within this much after it: the cancel request's
//  grace plus scheduling on a loaded machine.
#define S_DEADLINE_MARGIN_MS 600

//  A message of one of the test's types with its value field set, packed. Caller frees.
static uint8_t *
s_pack (const ProtobufCMessageDescriptor *descriptor, const char *value, size_t *size)
{
    ProtobufCMessage *message = calloc (1, descriptor->sizeof_message);
    protobuf_c_message_init (descriptor, message);
    const ProtobufCFieldDescriptor *field = sf_pb_field (descriptor, "value");
    SF_CHECK (field);
    *(const char **) ((char *) message + field->offset) = value;
    *size = protobuf_c_message_get_packed_size (message);
    uint8_t *data = malloc (*size + 1);
    protobuf_c_message_pack (message, data);
    free (message);
    return data;
}

static void
s_echo (sf_call_t *call)
{
    const Sftest__Echo *echo = SF_CALL_BODY (call, Sftest__Echo);
    sf_call_reply (call, &echo->base);
}

static void
s_nested (sf_call_t *call)
{
    sf_call_reply (call, call->message);
}

//  Emits the event of a value written and answers with it.
static void
s_reply_written (sf_call_t *call, const char *text)
{
    sf_event_t event = { .type = strdup ("t.written"), .aggregate_id = strdup (text), .aggregate_version = 1 };
    int rc = sf_call_emit (call, "sf:events:test", &event);
    sf_event_clear (&event);
    Sftest__Written written = SFTEST__WRITTEN__INIT;
    written.value = (char *) text;
    if (rc)
        sf_call_fail_db (call, "emit");
    else
        sf_call_reply (call, &written.base);
}

//  Writes the value as a row and emits an event; a value of "fail" writes, then fails, so
//  the server must undo that one command alone; "invalid" is refused before any statement.
static void
s_write (sf_call_t *call)
{
    const char *text = SF_CALL_BODY (call, Sftest__Write)->value;
    if (strcmp (text, "invalid") == 0) {
        static const sf_text_t invalid = { "无效：%s", "invalid: %s" };
        sf_call_fail (call, SF_INVALID_ARGUMENT, &invalid, text);
        return;
    }
    const char *values [] = { text };
    if (sf_db_exec (call->db, "INSERT INTO t_rows (value) VALUES ($1)", 1, values) < 0) {
        sf_call_fail_db (call, "insert");
        return;
    }
    //  A keyed write that takes its time (s_keys).
    if (strstr (text, "/sleep")
    &&  sf_db_exec (call->db, "SELECT pg_sleep (0.8)", 0, NULL) < 0) {
        sf_call_fail_db (call, "sleep");
        return;
    }
    if (strcmp (text, "fail") == 0) {
        static const sf_text_t refused = { "拒绝：%s", "refused: %s" };
        sf_call_fail (call, SF_FAILED_PRECONDITION, &refused, text);
        return;
    }
    s_reply_written (call, text);
}

static void
s_broken (sf_call_t *call)
{
    if (sf_db_exec (call->db, "SELECT no_such_column FROM t_rows", 0, NULL) < 0)
        sf_call_fail_db (call, "broken");
}

//  Inserts value (unless NULL), then sleeps in the database: a cancelled write shows whether
//  its insert was rolled back.
static void
s_sleep_in_db (sf_call_t *call, const char *value, double seconds)
{
    char text [32];
    snprintf (text, sizeof text, "%.3f", seconds);
    const char *insert [] = { value };
    const char *sleep [] = { text };
    if ((value && sf_db_exec (call->db, "INSERT INTO t_rows (value) VALUES ($1)", 1, insert) < 0)
    ||  sf_db_exec (call->db, "SELECT pg_sleep ($1::float8)", 1, sleep) < 0)
        sf_call_fail_db (call, "slow");
    else
        sf_call_reply (call, call->message);
}

static void
s_slow (sf_call_t *call)
{
    s_sleep_in_db (call, NULL, SF_CALL_BODY (call, Sftest__Slow)->seconds);
}

static void
s_lookup (sf_call_t *call)
{
    s_sleep_in_db (call, NULL, SF_CALL_BODY (call, Sftest__Lookup)->seconds);
}

static void
s_slow_write (sf_call_t *call)
{
    const Sftest__SlowWrite *slow = SF_CALL_BODY (call, Sftest__SlowWrite);
    s_sleep_in_db (call, slow->value, slow->seconds);
}

//  A write checked at commit (sf_route_t.checked_at_commit): its insert and its event queued,
//  so the command is one round trip. A value starting "guard" checks, in such a run, a value
//  computed ahead that does not hold (sf_expect): the command runs again the ordinary way.
static atomic_int s_late_runs [2];      //  runs by call->checked_at_commit
static atomic_bool s_late_waited;       //  a run checked at commit waited for an answer

static void
s_late (sf_call_t *call)
{
    const char *text = SF_CALL_BODY (call, Sftest__Late)->value;
    atomic_fetch_add (&s_late_runs [call->checked_at_commit], 1);
    uint64_t trips = sf_db_round_trips (call->db);
    if (sf_db_defer (call->db, "INSERT INTO t_rows (value) VALUES ($1)", 1, (const char *const []) { text }, NULL, NULL)
    ||  (call->checked_at_commit && strncmp (text, "guard", 5) == 0
    &&   sf_db_defer (call->db, "SELECT sf_expect (false, 'a value computed ahead')", 0, NULL, NULL, NULL))) {
        sf_call_fail_db (call, "insert");
        return;
    }
    s_reply_written (call, text);
    if (call->checked_at_commit && sf_db_round_trips (call->db) != trips)
        atomic_store (&s_late_waited, true);
}

//  Answers the request as it reached the handler (after sf_rpc_scope).
static void
s_mirror (sf_call_t *call)
{
    sf_call_reply (call, call->message);
}

//  The key of an alone write: its value up to a slash ("ka/1": "ka"); no slash, none.
static bool
s_key_of (const ProtobufCMessage *message, void *state, char *key, size_t size)
{
    (void) state;
    const char *value = ((const Sftest__Alone *) message)->value;
    const char *slash = strchr (value, '/');
    if (!slash || slash == value || (size_t) (slash - value) >= size)
        return false;
    memcpy (key, value, (size_t) (slash - value));
    key [slash - value] = 0;
    return true;
}

static const sf_route_t s_routes [] = {
    { .request = &sftest__scoped__descriptor, .reply = &sftest__scoped__descriptor, .handler = s_mirror,
      .writes = true, .roles = "writer", .scope = "echo.value" },
    { .request = &sftest__listed__descriptor, .reply = &sftest__listed__descriptor, .handler = s_mirror,
      .scope = "unit" },
    { .request = &sftest__echo__descriptor, .reply = &sftest__echo__descriptor, .handler = s_echo },
    { .request = &sftest__write__descriptor, .reply = &sftest__written__descriptor, .handler = s_write,
      .writes = true, .roles = "writer", .required = "value" },
    { .request = &sftest__broken__descriptor, .reply = &sftest__broken__descriptor, .handler = s_broken,
      .writes = true },
    { .request = &sftest__alone__descriptor, .reply = &sftest__written__descriptor, .handler = s_write,
      .writes = true, .roles = "writer", .alone = true, .key_of = s_key_of },
    { .request = &sftest__nested__descriptor, .reply = &sftest__nested__descriptor, .handler = s_nested,
      .required = "echo.value" },
    { .request = &sftest__slow__descriptor, .reply = &sftest__slow__descriptor, .handler = s_slow },
    { .request = &sftest__lookup__descriptor, .reply = &sftest__lookup__descriptor, .handler = s_lookup,
      .lookup = true },
    { .request = &sftest__slow_write__descriptor, .reply = &sftest__slow_write__descriptor,
      .handler = s_slow_write, .writes = true },
    { .request = &sftest__late__descriptor, .reply = &sftest__written__descriptor, .handler = s_late,
      .writes = true, .checked_at_commit = true },
    { 0 }
};

static void
s_server_actor (zsock_t *pipe, void *arg)
{
    const s_setup_t *setup = (const s_setup_t *) arg;
    sf_db_options_t options;
    sf_test_db_options (s_schema, &options);
    options.application_name = s_schema;     //  so the test can kill these sessions alone
    sf_rpc_server_options_t server_options = {
        .daemon = "test", .endpoint = setup->endpoint, .max_message_bytes = 2048, .max_text_bytes = 100, .batch_max = 16,
        .workers = 2, .write_groups = setup->write_groups, .read_slots = setup->read_slots, .gather = true, .worker_db = options, .routes = s_routes,
        .peer_in_flight_max = S_PEER_LIMIT
    };
    sf_rpc_server_t *server = sf_rpc_server_new (&server_options);
    SF_CHECK (server);
    zloop_t *loop = zloop_new ();
    sf_rpc_server_attach (server, loop);
    zsock_signal (pipe, 0);
    zloop_reader (loop, pipe, sf_actor_on_pipe, NULL);
    zloop_start (loop);
    printf ("server: %llu commands in %llu transactions\n",
            (unsigned long long) sf_rpc_server_commands (server),
            (unsigned long long) sf_rpc_server_transactions (server));
    zloop_destroy (&loop);
    sf_rpc_server_destroy (&server);
}

//  Sends raw bytes as the body of type; the status, the English reason in reason_en if given.
static sf_status_t
s_call_bytes (sf_rpc_client_t *client, const char *type, const uint8_t *body, size_t size, const char *key,
              char *reason_en, size_t reason_size)
{
    sf_reply_t reply;
    sf_rpc_client_call (client, type, body, size, key, &reply);
    sf_status_t status = reply.status;
    if (status != SF_OK)
        SF_CHECK (*reply.reason_zh && *reply.reason_en);
    if (reason_en)
        snprintf (reason_en, reason_size, "%s", reply.reason_en? reply.reason_en: "");
    sf_reply_clear (&reply);
    return status;
}

//  Sends a message of type (an sftest type) whose value is value.
static sf_status_t
s_call (sf_rpc_client_t *client, const char *type, const char *value, const char *key)
{
    const ProtobufCMessageDescriptor *descriptor = NULL;
    for (const sf_route_t *route = s_routes; route->request; route++)
        if (strcmp (sf_route_type (route), type) == 0)
            descriptor = route->request;
    size_t size = 0;
    uint8_t *body = descriptor? s_pack (descriptor, value, &size): (uint8_t *) strdup ("");
    sf_status_t status = s_call_bytes (client, type, body, size, key, NULL, 0);
    free (body);
    return status;
}

//  Sends count writes of type at once, bodies "<prefix><i>", keys "<prefix>-<i>", marked
//  unordered or not (sf.Request.unordered).
static void
s_send_writes_as (zsock_t *dealer, const char *type, const char *prefix, int count, const char *every_fifth,
                  bool unordered)
{
    const ProtobufCMessageDescriptor *descriptor = strcmp (type, "sftest.Alone") == 0
        ? &sftest__alone__descriptor: &sftest__write__descriptor;
    for (int i = 0; i < count; i++) {
        char value [16], key [32], id [16];
        if (every_fifth && i % 5 == 4)
            snprintf (value, sizeof value, "%s", every_fifth);
        else
            snprintf (value, sizeof value, "%s%d", prefix, i);
        snprintf (key, sizeof key, "%s-%d", prefix, i);
        snprintf (id, sizeof id, "%d", i);
        size_t body_size;
        uint8_t *body = s_pack (descriptor, value, &body_size);
        sf_request_t request = {
            .request_id = id, .idempotency_key = key, .type = (char *) type,
            .actor = { .user_id = (char *) "u", .roles = { (char *) "writer" }, .role_count = 1 },
            .body = body, .body_size = body_size, .unordered = unordered
        };
        size_t size;
        uint8_t *data = sf_request_encode (&request, &size);
        zmq_send (zsock_resolve (dealer), data, size, 0);
        free (data);
        free (body);
    }
}

static void
s_send_writes (zsock_t *dealer, const char *type, const char *prefix, int count, const char *every_fifth)
{
    s_send_writes_as (dealer, type, prefix, count, every_fifth, false);
}

//  Writes of an alone route each commit in a transaction of their own, even when they wait
//  together (and beside grouped writes).
static void
s_alone (sf_db_t *db)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    SF_CHECK (zsock_connect (dealer, "%s", s_endpoint) == 0);
    s_send_writes (dealer, "sftest.Alone", "a", 30, NULL);
    s_send_writes (dealer, "sftest.Write", "w", 30, NULL);
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

//  Reads count replies to s_send_writes: every fifth refused with status, the others ok.
static void
s_expect_fifths (zsock_t *dealer, int count, sf_status_t status)
{
    int ok = 0, refused = 0;
    for (int i = 0; i < count; i++) {
        zframe_t *frame = zframe_recv (dealer);
        sf_reply_t reply;
        SF_CHECK (sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0);
        int index = atoi (reply.request_id);
        SF_CHECK (reply.status == (index % 5 == 4? status: SF_OK));
        ok += reply.status == SF_OK;
        refused += reply.status != SF_OK;
        sf_reply_clear (&reply);
        zframe_destroy (&frame);
    }
    SF_CHECK (ok == count - count / 5 && refused == count / 5);
}

//  50 writes sent at once, every fifth refused: the refused ones leave no row, the others
//  commit in a few group transactions.
static void
s_group_commit (sf_db_t *db)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    SF_CHECK (zsock_connect (dealer, "%s", s_endpoint) == 0);
    s_send_writes (dealer, "sftest.Write", "g", 50, "fail");
    s_expect_fifths (dealer, 50, SF_FAILED_PRECONDITION);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'g%'", NULL) == 40);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'fail'", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = 't.written'", NULL) == 40);
    zsock_destroy (&dealer);
}

//  50 writes sent at once, every fifth refused by its handler before any statement: a group
//  runs without savepoints and still commits the others (sf_rpc_worker's optimistic run),
//  and a refused command's key is free again: the same key with a good body then runs.
static void
s_group_refusals (sf_rpc_client_t *client, sf_db_t *db)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    SF_CHECK (zsock_connect (dealer, "%s", s_endpoint) == 0);
    s_send_writes (dealer, "sftest.Write", "v", 50, "invalid");
    s_expect_fifths (dealer, 50, SF_INVALID_ARGUMENT);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'v%'", NULL) == 40);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = 't.written'", NULL) == 80);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency WHERE key LIKE 'v-%'", NULL) == 40);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency WHERE key LIKE 'v-%' AND reply IS NULL",
                              NULL) == 0);
    //  Key v-4 was refused: free again, a good body under it is done now, and once.
    SF_CHECK (s_call (client, "sftest.Write", "v4-again", "v-4") == SF_OK);
    SF_CHECK (s_call (client, "sftest.Write", "v4-again", "v-4") == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'v4-again'", NULL) == 1);
    zsock_destroy (&dealer);
}

//  Expects status, and a reason naming path, for body sent as type.
static void
s_expect (sf_rpc_client_t *client, const char *type, const uint8_t *body, size_t size, sf_status_t status,
          const char *path)
{
    char reason [256];
    SF_CHECK (s_call_bytes (client, type, body, size, NULL, reason, sizeof reason) == status);
    if (path && !strstr (reason, path)) {
        fprintf (stderr, "reason \"%s\" does not name %s\n", reason, path);
        SF_CHECK (false);
    }
}

//  The generic body checks: a handler never sees a body that fails one of them.
static void
s_body_checks (sf_rpc_client_t *client)
{
    //  Bytes that are not the message.
    const uint8_t garbage [] = { 0x0a, 0x7f, 'x' };
    s_expect (client, "sftest.Echo", garbage, sizeof garbage, SF_MALFORMED, "sftest.Echo");
    //  A NUL inside a string, on the wire: "adm\0in" must not act as "adm".
    const uint8_t nul [] = { 0x0a, 0x06, 'a', 'd', 'm', 0, 'i', 'n' };
    s_expect (client, "sftest.Echo", nul, sizeof nul, SF_INVALID_ARGUMENT, "value");
    //  ... and inside a repeated nested message: echoes[1].value.
    const uint8_t nested_nul [] = {
        0x0a, 0x03, 0x0a, 0x01, 'e',                    //  echo { value: "e" }
        0x12, 0x03, 0x0a, 0x01, 'a',                    //  echoes [0] { value: "a" }
        0x12, 0x04, 0x0a, 0x02, 'b', 0                  //  echoes [1] { value: "b\0" }
    };
    s_expect (client, "sftest.Nested", nested_nul, sizeof nested_nul, SF_INVALID_ARGUMENT, "echoes[1].value");
    const uint8_t nested_control [] = {
        0x0a, 0x03, 0x0a, 0x01, 'e', 0x1a, 0x03, 'a', 0x07, 'b'   //  note: "a\ab"
    };
    s_expect (client, "sftest.Nested", nested_control, sizeof nested_control, SF_INVALID_ARGUMENT, "note");
    const uint8_t nested_ok [] = { 0x0a, 0x03, 0x0a, 0x01, 'e', 0x1a, 0x03, 0xe4, 0xb8, 0x80 };
    s_expect (client, "sftest.Nested", nested_ok, sizeof nested_ok, SF_OK, NULL);
    //  Required text: missing message, blank string (spaces and U+3000).
    const uint8_t no_echo [] = { 0x1a, 0x01, 'n' };
    s_expect (client, "sftest.Nested", no_echo, sizeof no_echo, SF_INVALID_ARGUMENT, "echo");
    const uint8_t blank_echo [] = { 0x0a, 0x06, 0x0a, 0x04, ' ', 0xe3, 0x80, 0x80 };
    s_expect (client, "sftest.Nested", blank_echo, sizeof blank_echo, SF_INVALID_ARGUMENT, "echo.value");
    SF_CHECK (s_call (client, "sftest.Write", "  ", NULL) == SF_INVALID_ARGUMENT);
    //  Not UTF-8, a control character, longer than max_text_bytes (100).
    SF_CHECK (s_call (client, "sftest.Echo", "\xff\xfe", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_call (client, "sftest.Echo", "bell\ahere", NULL) == SF_INVALID_ARGUMENT);
    //  ... while line breaks and tabs are text.
    SF_CHECK (s_call (client, "sftest.Echo", "line\r\nnext\tcolumn", NULL) == SF_OK);
    char long_text [200];
    memset (long_text, 'y', sizeof long_text - 1);
    long_text [sizeof long_text - 1] = 0;
    SF_CHECK (s_call (client, "sftest.Echo", long_text, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_call (client, "sftest.Echo", "中文 text", NULL) == SF_OK);
}

static void
s_admission (sf_rpc_client_t *client, sf_db_t *db)
{
    SF_CHECK (s_call (client, "sftest.Echo", "hello", NULL) == SF_OK);
    SF_CHECK (s_call (client, "sftest.Nothing", "", NULL) == SF_UNKNOWN_TYPE);
    SF_CHECK (s_call (client, "sftest.Broken", "", NULL) == SF_INTERNAL);
    char big [4096];
    memset (big, 'x', sizeof big - 1);
    big [sizeof big - 1] = 0;
    SF_CHECK (s_call (client, "sftest.Echo", big, NULL) == SF_TOO_LARGE);
    s_body_checks (client);
    //  Roles are the grants', not the claim: r claims writer and holds only reader.
    sf_rpc_client_set_actor (client, "r", "writer", "", "");
    SF_CHECK (s_call (client, "sftest.Write", "x", NULL) == SF_PERMISSION_DENIED);
    sf_rpc_client_set_actor (client, "nobody", "writer", "", "");
    SF_CHECK (s_call (client, "sftest.Write", "x", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'x'", NULL) == 0);
    sf_rpc_client_set_actor (client, "u", "", "", "");

    //  An expired deadline: refused unrun.
    size_t body_size;
    uint8_t *body = s_pack (&sftest__write__descriptor, "late", &body_size);
    sf_request_t request = {
        .request_id = (char *) "late", .idempotency_key = (char *) "late", .type = (char *) "sftest.Write",
        .actor = { .user_id = (char *) "u", .roles = { (char *) "writer" }, .role_count = 1 },
        .deadline_ms = 1000, .body = body, .body_size = body_size
    };
    size_t size;
    uint8_t *data = sf_request_encode (&request, &size);
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_raw (client, data, size, 3000, &reply) == 0);
    SF_CHECK (reply.status == SF_DEADLINE_EXCEEDED);
    sf_reply_clear (&reply);
    free (data);
    free (body);
}

static void
s_replay (sf_rpc_client_t *client, sf_db_t *db)
{
    SF_CHECK (s_call (client, "sftest.Write", "once", "replay-key") == SF_OK);
    SF_CHECK (s_call (client, "sftest.Write", "once", "replay-key") == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'once'", NULL) == 1);
    SF_CHECK (s_call (client, "sftest.Write", "other", "replay-key") == SF_CONFLICT);
}

//  A route checked at commit: the handler waits for no answer; a key already there fails the
//  COMMIT and the command replays (or conflicts) the ordinary way, its handler not run again;
//  a value computed ahead that does not hold runs it again, not checked at commit; nothing is
//  written twice.
static void
s_checked_at_commit (sf_rpc_client_t *client, sf_db_t *db)
{
    SF_CHECK (s_call (client, "sftest.Late", "late-1", "late-key") == SF_OK);
    SF_CHECK (atomic_load (&s_late_runs [1]) == 1 && atomic_load (&s_late_runs [0]) == 0);
    SF_CHECK (!atomic_load (&s_late_waited));
    SF_CHECK (s_call (client, "sftest.Late", "late-1", "late-key") == SF_OK);
    SF_CHECK (s_call (client, "sftest.Late", "late-2", "late-key") == SF_CONFLICT);
    SF_CHECK (atomic_load (&s_late_runs [0]) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'late-%'", NULL) == 1);
    int before = atomic_load (&s_late_runs [1]);
    SF_CHECK (s_call (client, "sftest.Late", "guard-1", "guard-key") == SF_OK);
    SF_CHECK (atomic_load (&s_late_runs [1]) == before + 1 && atomic_load (&s_late_runs [0]) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'guard-1'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE position ('guard-1'::bytea IN envelope) > 0",
                              NULL) == 1);
    SF_CHECK (!atomic_load (&s_late_waited));
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
    SF_CHECK (s_call (client, "sftest.Write", "after-loss", NULL) == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'after-loss'", NULL) == 1);
}

//  Sends message as a request with id and key key and a deadline deadline_ms from now, on a
//  raw socket.
static void
s_send_message (zsock_t *dealer, const char *key, const ProtobufCMessage *message, int deadline_ms)
{
    size_t body_size = protobuf_c_message_get_packed_size (message);
    uint8_t *body = malloc (body_size + 1);
    protobuf_c_message_pack (message, body);
    sf_request_t request = {
        .request_id = (char *) key, .idempotency_key = (char *) key,
        .type = (char *) message->descriptor->name,
        .actor = { .user_id = (char *) "u", .roles = { (char *) "writer" }, .role_count = 1 },
        .deadline_ms = sf_clock_wall_ms () + deadline_ms, .body = body, .body_size = body_size
    };
    size_t size;
    uint8_t *data = sf_request_encode (&request, &size);
    SF_CHECK (zmq_send (zsock_resolve (dealer), data, size, 0) == (int) size);
    free (data);
    free (body);
}

//  Sends an sftest.Slow (or SlowWrite of value when value is not NULL) with a deadline
//  deadline_ms from now, on a raw socket.
static void
s_send_slow (zsock_t *dealer, const char *key, const char *value, double seconds, int deadline_ms)
{
    Sftest__Slow slow = SFTEST__SLOW__INIT;
    Sftest__SlowWrite write = SFTEST__SLOW_WRITE__INIT;
    slow.seconds = write.seconds = seconds;
    write.value = (char *) value;
    s_send_message (dealer, key, value? &write.base: &slow.base, deadline_ms);
}

//  Sends an sftest.Lookup of seconds (a read that takes no read slot).
static void
s_send_lookup (zsock_t *dealer, const char *key, double seconds)
{
    Sftest__Lookup lookup = SFTEST__LOOKUP__INIT;
    lookup.seconds = seconds;
    s_send_message (dealer, key, &lookup.base, 10000);
}

//  The next reply on a raw socket (within 10 s).
static void
s_receive (zsock_t *dealer, sf_reply_t *reply)
{
    zsock_set_rcvtimeo (dealer, 10000);
    zframe_t *frame = zframe_recv (dealer);
    SF_CHECK (frame);
    SF_CHECK (sf_reply_decode (reply, zframe_data (frame), zframe_size (frame)) == 0);
    zframe_destroy (&frame);
}

static void
s_health (sf_rpc_client_t *client, sf_health_t *health)
{
    sf_reply_t reply;
    int64_t started = sf_clock_mono_ms ();
    SF_CHECK (sf_rpc_client_call (client, "sf.Health", NULL, 0, NULL, &reply) == 0 && reply.status == SF_OK);
    //  Answered by the thread that reads requests, whatever the workers do.
    //  (The slow requests hold the workers for seconds; a loaded machine gets a second.)
    SF_CHECK (sf_clock_mono_ms () - started < 1000);
    SF_CHECK (sf_health_decode (health, reply.body, reply.body_size) == 0);
    sf_reply_clear (&reply);
}

//  A request's deadline bounds its database work: the statement is cancelled, the write
//  rolled back, the reply comes right after the deadline. Health is answered meanwhile.
static void
s_deadlines (sf_rpc_client_t *client, sf_db_t *db)
{
    zsock_t *dealer = zsock_new_dealer (s_endpoint);
    int64_t started = sf_clock_mono_ms ();
    s_send_slow (dealer, "slow-read", NULL, 5, 500);
    s_send_slow (dealer, "slow-write", "cut", 5, 700);
    sf_test_sleep_ms (100);
    sf_health_t health;
    s_health (client, &health);
    SF_CHECK (health.running == 2 && health.queued == 0 && health.db_checked_ms_ago == -1);
    sf_health_clear (&health);
    for (int i = 0; i < 2; i++) {
        sf_reply_t reply;
        s_receive (dealer, &reply);
        int64_t elapsed = sf_clock_mono_ms () - started;
        int deadline = strcmp (reply.request_id, "slow-read") == 0? 500: 700;
        printf ("%s: %s after %lld ms (deadline %d ms)\n", reply.request_id, sf_status_name (reply.status),
                (long long) elapsed, deadline);
        SF_CHECK (reply.status == SF_DEADLINE_EXCEEDED);
        SF_CHECK (elapsed >= deadline - 50 && elapsed < deadline + S_DEADLINE_MARGIN_MS);
        SF_CHECK (*reply.reason_zh && *reply.reason_en);
        sf_reply_clear (&reply);
    }
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'cut'", NULL) == 0);
    //  The sessions survived the cancel: the next command is served at once.
    SF_CHECK (s_call (client, "sftest.Echo", "after-cancel", NULL) == SF_OK);
    zsock_destroy (&dealer);
}

//  The request id of the next reply on a raw socket, which must be ok. Caller frees.
static char *
s_receive_ok (zsock_t *dealer)
{
    sf_reply_t reply;
    s_receive (dealer, &reply);
    SF_CHECK (reply.status == SF_OK);
    char *id = strdup (reply.request_id);
    sf_reply_clear (&reply);
    return id;
}

//  count raw DEALER sockets connected to endpoint.
static void
s_dealers (const char *endpoint, zsock_t **dealers, int count)
{
    for (int i = 0; i < count; i++) {
        dealers [i] = zsock_new_dealer (endpoint);
        SF_CHECK (dealers [i]);
    }
}

static void
s_dealers_destroy (zsock_t **dealers, int count)
{
    for (int i = 0; i < count; i++)
        zsock_destroy (&dealers [i]);
}

//  rpc.write_groups = 1 with two workers. With no more writes in flight than workers, a second
//  write does not wait for the group that runs: it starts at once. With more, the cap holds:
//  two writes wait for the group, and a read and a write that runs alone take the other worker
//  meanwhile; the two then commit together, after the first group.
static void
s_write_groups (sf_db_t *db)
{
    s_setup_t setup = { s_capped_endpoint, 1, 0 };
    zactor_t *server = zactor_new (s_server_actor, &setup);
    zsock_t *dealers [4];
    s_dealers (s_capped_endpoint, dealers, 4);
    zsock_t *first = dealers [0], *second = dealers [1], *third = dealers [2], *fourth = dealers [3];
    //  Two writes, two workers: the second does not wait.
    s_send_slow (first, "wg-alone-first", "wg-alone-first", 1.0, 10000);
    sf_test_sleep_ms (300);
    s_send_slow (second, "wg-at-once", "wg-at-once", 0.1, 10000);
    char *id = s_receive_ok (second);
    SF_CHECK (strcmp (id, "wg-at-once") == 0);
    free (id);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'wg-alone-first'", NULL) == 0);
    free (s_receive_ok (first));
    //  A read holds one worker, the first group the other; two more writes come: three in
    //  flight, the cap holds.
    s_send_slow (fourth, "wg-read-1", NULL, 0.6, 10000);
    sf_test_sleep_ms (100);
    s_send_slow (first, "wg-first", "wg-first", 1.5, 10000);
    sf_test_sleep_ms (200);
    s_send_slow (second, "wg-second", "wg-second", 0.1, 10000);
    s_send_slow (third, "wg-third", "wg-third", 0.1, 10000);
    sf_test_sleep_ms (100);
    s_send_slow (fourth, "wg-read-2", NULL, 0.1, 10000);
    s_send_writes (fourth, "sftest.Alone", "wg-alone", 1, NULL);
    //  The reads and the lone write come back while the first group still runs.
    for (int i = 0; i < 3; i++)
        free (s_receive_ok (fourth));
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value IN ('wg-first', 'wg-second', 'wg-third')",
                              NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'wg-alone0'", NULL) == 1);
    //  The two waiting writes ran after the first group, in one transaction of their own.
    id = s_receive_ok (first);
    SF_CHECK (strcmp (id, "wg-first") == 0);
    free (id);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value IN ('wg-second', 'wg-third')", NULL) == 0);
    free (s_receive_ok (second));
    free (s_receive_ok (third));
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value IN ('wg-second', 'wg-third')",
                              NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value IN ('wg-first', 'wg-second')",
                              NULL) == 2);
    s_dealers_destroy (dealers, 4);
    zactor_destroy (&server);
}

//  rpc.read_slots = 1 with two workers: three reads sent together run one after the other, each
//  answered when it is done (not with the others), and a write sent while the first runs takes
//  the other worker at once. Then one read more, sent while the write holds a worker: it waits
//  for neither (the read slot is free). Then two reads take the slot in turn, and a lookup sent
//  after them by the same client takes the other worker at once. Last, a read waiting for the
//  slot does not make the free worker take lookups before a write: the client's write, sent
//  after its lookups, is answered first.
static void
s_read_turns (sf_db_t *db)
{
    s_setup_t setup = { s_turns_endpoint, 0, 1 };
    zactor_t *server = zactor_new (s_server_actor, &setup);
    zsock_t *dealers [2];
    s_dealers (s_turns_endpoint, dealers, 2);
    zsock_t *reader = dealers [0], *writer = dealers [1];
    int64_t start = sf_clock_mono_ms ();
    for (int i = 0; i < 3; i++)
        s_send_slow (reader, i == 0? "rt-read-1": i == 1? "rt-read-2": "rt-read-3", NULL, 0.8, 10000);
    sf_test_sleep_ms (100);
    s_send_slow (writer, "rt-write", "rt-write", 0.1, 10000);
    free (s_receive_ok (writer));
    SF_CHECK (sf_clock_mono_ms () - start < 700);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'rt-write'", NULL) == 1);
    int64_t done [3];
    for (int i = 0; i < 3; i++) {
        free (s_receive_ok (reader));
        done [i] = sf_clock_mono_ms () - start;
    }
    //  One after the other (each read sleeps 0.8 s), and each answered alone: a hand of two or
    //  three would answer its first read only with its last, at 1.6 or 2.4 s.
    SF_CHECK (done [0] >= 750 && done [1] >= 1550 && done [2] >= 2350);
    SF_CHECK (done [0] < 1550 && done [1] < 2350);
    //  The slot is free again, and so is a worker beside a running write.
    s_send_slow (writer, "rt-write-2", "rt-write-2", 1.0, 10000);
    sf_test_sleep_ms (100);
    start = sf_clock_mono_ms ();
    s_send_slow (reader, "rt-read-4", NULL, 0.1, 10000);
    free (s_receive_ok (reader));
    SF_CHECK (sf_clock_mono_ms () - start < 700);
    free (s_receive_ok (writer));
    start = sf_clock_mono_ms ();
    s_send_slow (reader, "rt-read-5", NULL, 0.8, 10000);
    s_send_slow (reader, "rt-read-6", NULL, 0.8, 10000);
    s_send_lookup (reader, "rt-lookup", 0.1);
    char *id = s_receive_ok (reader);
    SF_CHECK_STR (id, "rt-lookup");
    free (id);
    SF_CHECK (sf_clock_mono_ms () - start < 700);
    free (s_receive_ok (reader));
    free (s_receive_ok (reader));
    s_send_slow (reader, "rt-read-7", NULL, 1.6, 10000);
    sf_test_sleep_ms (100);
    s_send_slow (writer, "rt-write-3", "rt-write-3", 0.6, 10000);
    sf_test_sleep_ms (100);
    s_send_slow (reader, "rt-read-8", NULL, 0.8, 10000);
    s_send_lookup (reader, "rt-lookup-2", 0.3);
    s_send_lookup (reader, "rt-lookup-3", 0.3);
    s_send_slow (reader, "rt-write-4", "rt-write-4", 0.1, 10000);
    free (s_receive_ok (writer));
    //  The write's reply comes before both lookups'.
    int write_at = -1, lookups_at [2] = { -1, -1 };
    for (int i = 0; i < 5; i++) {
        id = s_receive_ok (reader);
        if (strcmp (id, "rt-write-4") == 0)
            write_at = i;
        else if (strncmp (id, "rt-lookup-", 10) == 0)
            lookups_at [id [10] - '2'] = i;
        free (id);
    }
    SF_CHECK (write_at >= 0 && lookups_at [0] > write_at && lookups_at [1] > write_at);
    s_dealers_destroy (dealers, 2);
    zactor_destroy (&server);
}

//  Writes of an alone route that name a key: while both workers are busy, ten of one key
//  from one client and ten of another from a second queue, and then run as two groups, one
//  per key; a key runs one group at a time (a write of a busy key waits, one of another key
//  passes it).
static void
s_keys (sf_db_t *db)
{
    zsock_t *busy = zsock_new_dealer (s_endpoint);
    zsock_t *one = zsock_new_dealer (s_endpoint);
    zsock_t *two = zsock_new_dealer (s_endpoint);
    SF_CHECK (busy && one && two);
    s_send_slow (busy, "keys-busy-1", NULL, 0.6, 10000);
    s_send_slow (busy, "keys-busy-2", NULL, 0.6, 10000);
    sf_test_sleep_ms (200);
    s_send_writes (one, "sftest.Alone", "ka/", 10, NULL);
    s_send_writes (two, "sftest.Alone", "kb/", 10, NULL);
    for (int i = 0; i < 10; i++) {
        free (s_receive_ok (one));
        free (s_receive_ok (two));
    }
    free (s_receive_ok (busy));
    free (s_receive_ok (busy));
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value ~ '^k[ab]/'", NULL) == 20);
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value LIKE 'ka/%'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value LIKE 'kb/%'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value ~ '^k[ab]/'", NULL) == 2);
    //  kc/sleep0 holds its key for 0.8 s: kc/0 waits for it, kd/0 takes the other worker.
    s_send_writes (one, "sftest.Alone", "kc/sleep", 1, NULL);
    sf_test_sleep_ms (200);
    s_send_writes (two, "sftest.Alone", "kc/", 1, NULL);
    s_send_writes (busy, "sftest.Alone", "kd/", 1, NULL);
    free (s_receive_ok (busy));             //  kd/0, while kc/sleep0 still runs
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'kc/%'", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value = 'kd/0'", NULL) == 1);
    free (s_receive_ok (one));
    free (s_receive_ok (two));
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT tx) FROM t_rows WHERE value LIKE 'kc/%'", NULL) == 2);
    zsock_destroy (&busy);
    zsock_destroy (&one);
    zsock_destroy (&two);
}

//  One client's writes of two keys while the first key's group runs (ke/sleep0, 0.8 s): taken
//  oldest first, its write of the second key waits behind its write of the busy one; marked
//  unordered (the gateway's), it passes that write and commits while the group still runs.
static void
s_unordered (sf_db_t *db)
{
    zsock_t *dealers [2];
    s_dealers (s_endpoint, dealers, 2);
    zsock_t *holder = dealers [0], *client = dealers [1];
    for (int round = 0; round < 2; round++) {
        bool unordered = round == 1;
        const char *busy = unordered? "kg/sleep": "ke/sleep";
        const char *waits = unordered? "kg/": "ke/";
        const char *other = unordered? "kh/": "kf/";
        s_send_writes (holder, "sftest.Alone", busy, 1, NULL);
        sf_test_sleep_ms (200);
        s_send_writes_as (client, "sftest.Alone", waits, 1, NULL, unordered);
        s_send_writes_as (client, "sftest.Alone", other, 1, NULL, unordered);
        char sql [128];
        snprintf (sql, sizeof sql, "SELECT count(*) FROM t_rows WHERE value = '%s0'", other);
        if (unordered) {
            free (s_receive_ok (client));
            SF_CHECK (sf_test_scalar (db, sql, NULL) == 1);
            snprintf (sql, sizeof sql, "SELECT count(*) FROM t_rows WHERE value IN ('%s0', '%s0')", busy, waits);
            SF_CHECK (sf_test_scalar (db, sql, NULL) == 0);
        }
        else {
            sf_test_sleep_ms (300);
            SF_CHECK (sf_test_scalar (db, sql, NULL) == 0);
            free (s_receive_ok (client));
        }
        free (s_receive_ok (holder));
        free (s_receive_ok (client));
        snprintf (sql, sizeof sql, "SELECT count(*) FROM t_rows WHERE value IN ('%s0', '%s0', '%s0')", busy, waits,
                  other);
        SF_CHECK (sf_test_scalar (db, sql, NULL) == 3);
    }
    s_dealers_destroy (dealers, 2);
}

//  A client over its in-flight limit is refused at once, with a retry hint.
static void
s_peer_limit (void)
{
    zsock_t *dealer = zsock_new_dealer (s_endpoint);
    int extra = 6;
    for (int i = 0; i < S_PEER_LIMIT + extra; i++) {
        char key [16];
        snprintf (key, sizeof key, "limit-%d", i);
        s_send_slow (dealer, key, NULL, 5, 800);
    }
    int refused = 0, expired = 0;
    for (int i = 0; i < S_PEER_LIMIT + extra; i++) {
        sf_reply_t reply;
        s_receive (dealer, &reply);
        if (reply.status == SF_UNAVAILABLE) {
            SF_CHECK (reply.retry_after_ms > 0 && strstr (reply.reason_en, "in flight"));
            refused++;
        }
        else {
            SF_CHECK (reply.status == SF_DEADLINE_EXCEEDED);
            expired++;
        }
        sf_reply_clear (&reply);
    }
    printf ("in-flight limit %d: %d refused, %d expired\n", S_PEER_LIMIT, refused, expired);
    SF_CHECK (refused == extra && expired == S_PEER_LIMIT);
    zsock_destroy (&dealer);
}

//  The queued requests of a client that disconnects are dropped unrun.
static void
s_gone (sf_rpc_client_t *client, sf_db_t *db)
{
    //  Both workers busy for 3 s: the gone client's requests stay queued until then, so its
    //  disconnect has that long to reach the server's socket monitor, loaded machine or not
    //  (with 1 s it once came after a worker was free and had run them).
    zsock_t *busy = zsock_new_dealer (s_endpoint);
    s_send_slow (busy, "busy-1", NULL, 3, 10000);
    s_send_slow (busy, "busy-2", NULL, 3, 10000);
    sf_test_sleep_ms (100);
    zsock_t *leaver = zsock_new_dealer (s_endpoint);
    for (int i = 0; i < 10; i++) {
        char key [16], value [16];
        snprintf (key, sizeof key, "gone-%d", i);
        snprintf (value, sizeof value, "gone-%d", i);
        s_send_slow (leaver, key, value, 0, 5000);
    }
    sf_health_t health;
    for (int waited = 0; ; waited += 50) {
        sf_test_sleep_ms (50);
        s_health (client, &health);
        if (health.queued == 10 || waited >= 2000)
            break;
        sf_health_clear (&health);
    }
    SF_CHECK (health.queued == 10 && health.peers >= 2);
    sf_health_clear (&health);
    zsock_destroy (&leaver);
    //  The disconnect reaches the server's socket monitor after a while, longer on a busy
    //  machine: wait for it (while the workers are still busy) rather than look once.
    for (int waited = 0; ; waited += 100) {
        sf_test_sleep_ms (100);
        s_health (client, &health);
        if ((health.queued == 0 && health.dropped_gone == 10) || waited >= 2500)
            break;
        sf_health_clear (&health);
    }
    printf ("after the client left: queued %d, dropped %lld\n", health.queued, (long long) health.dropped_gone);
    SF_CHECK (health.queued == 0 && health.dropped_gone == 10);
    sf_health_clear (&health);
    for (int i = 0; i < 2; i++) {
        sf_reply_t reply;
        s_receive (busy, &reply);
        SF_CHECK (reply.status == SF_OK);
        sf_reply_clear (&reply);
    }
    zsock_destroy (&busy);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM t_rows WHERE value LIKE 'gone-%'", NULL) == 0);
}

//  A Scoped write for unit (NULL: no echo at all) as user; its status.
static sf_status_t
s_scoped (sf_rpc_client_t *client, const char *user, const char *unit)
{
    sf_rpc_client_set_actor (client, user, "writer", "", "");
    Sftest__Scoped scoped = SFTEST__SCOPED__INIT;
    Sftest__Echo echo = SFTEST__ECHO__INIT;
    echo.value = (char *) unit;
    scoped.echo = unit? &echo: NULL;
    sf_reply_t reply;
    sf_status_t status = sf_rpc_client_call_message (client, &scoped.base, NULL, &reply);
    printf ("Scoped %s for %s: %s %s\n", unit? unit: "(none)", user, sf_status_name (status),
            reply.reason_en? reply.reason_en: "");
    sf_reply_clear (&reply);
    return status;
}

//  The unit of a route, in a nested field or at the top, against the actor's grants: at or
//  below a grant's node, never above it or beside it; a read naming none lists the actor's.
static void
s_scope (sf_rpc_client_t *client)
{
    SF_CHECK (s_scoped (client, "u", "C1") == SF_OK);
    SF_CHECK (s_scoped (client, "w1", "C1") == SF_OK);
    SF_CHECK (s_scoped (client, "w1", "C") == SF_PERMISSION_DENIED);
    SF_CHECK (s_scoped (client, "w1", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_scoped (client, "u", "X") == SF_PERMISSION_DENIED);
    SF_CHECK (s_scoped (client, "u", "nowhere") == SF_PERMISSION_DENIED);
    SF_CHECK (s_scoped (client, "r", "C1") == SF_PERMISSION_DENIED);      //  covered, not as writer
    sf_rpc_client_set_actor (client, "w1", "", "", "");
    Sftest__Listed listed = SFTEST__LISTED__INIT;
    listed.unit = (char *) "";
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_message (client, &listed.base, NULL, &reply) == SF_OK);
    Sftest__Listed *answer = sftest__listed__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (answer);
    SF_CHECK_STR (answer->unit, "C1");
    sftest__listed__free_unpacked (answer, NULL);
    sf_reply_clear (&reply);
    listed.unit = (char *) "X";
    SF_CHECK (sf_rpc_client_call_message (client, &listed.base, NULL, &reply) == SF_PERMISSION_DENIED);
    sf_reply_clear (&reply);
    sf_rpc_client_set_actor (client, "u", "", "", "");
}

//  sf.Describe lists the route table as the server has it, sf.Health and itself first, with
//  what each route declares, answered without a worker.
static void
s_describe (sf_rpc_client_t *client)
{
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call (client, "sf.Describe", NULL, 0, NULL, &reply) == 0 && reply.status == SF_OK);
    SF_CHECK (strcmp (reply.type, "sf.Description") == 0);
    Sf__Description *description = sf__description__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (description);
    SF_CHECK (description->n_methods == 2 + sizeof s_routes / sizeof s_routes [0] - 1);
    SF_CHECK (strcmp (description->methods [0]->type, "sf.Health") == 0);
    SF_CHECK (strcmp (description->methods [0]->reply_type, "sf.HealthInfo") == 0);
    SF_CHECK (strcmp (description->methods [1]->type, "sf.Describe") == 0);
    const Sf__Method *scoped = description->methods [2];
    SF_CHECK (strcmp (scoped->type, "sftest.Scoped") == 0 && scoped->writes);
    SF_CHECK (scoped->n_roles == 1 && strcmp (scoped->roles [0], "writer") == 0);
    SF_CHECK (strcmp (scoped->scope, "echo.value") == 0 && scoped->n_required == 0);
    const Sf__Method *write = description->methods [5];
    SF_CHECK (strcmp (write->type, "sftest.Write") == 0 && strcmp (write->reply_type, "sftest.Written") == 0);
    SF_CHECK (write->n_required == 1 && strcmp (write->required [0], "value") == 0);
    const Sf__Method *echo = description->methods [4];
    SF_CHECK (!echo->writes && echo->n_roles == 0 && strcmp (echo->scope, "") == 0);
    protobuf_c_message_free_unpacked (&description->base, NULL);
    sf_reply_clear (&reply);
}

int
main (void)
{
    //  Warnings and errors only: a failed check stays near the end of a short output.
    sf_log_init ("rpc-server-test", SF_LOG_HUMAN, SF_LOG_WARN);
    setvbuf (stdout, NULL, _IOLBF, 0);
    s_schema = sf_test_unique ("rpcsrv");
    sf_db_t *db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (db, s_schema, "common", common_migrations) >= 0);
    SF_CHECK (sf_db_exec (db, "CREATE TABLE t_rows (value text, tx bigint DEFAULT txid_current ())", 0, NULL) == 0);
    //  The actors, as the org copy knows them: roles come from their grants (sf_rpc_scope).
    SF_CHECK (sf_db_exec (db, "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active,"
                              " version) VALUES ('C', 1, NULL, '', 'C', 'C', true, 1),"
                              " ('C1', 2, 'C', 'C1', 'C1', 'C1', true, 1), ('X', 1, NULL, '', 'X', 'X', true, 1)",
                              0, NULL) == 3);
    SF_CHECK (sf_db_exec (db, "INSERT INTO sf_org_account (login, employee_code, disabled, version)"
                              " VALUES ('u', 'C', false, 1), ('r', 'C', false, 1), ('w1', 'C1', false, 1)", 0, NULL) == 3);
    SF_CHECK (sf_db_exec (db, "INSERT INTO sf_org_grant (login, role, node_code)"
                              " VALUES ('u', 'writer', 'C'), ('u', 'reader', 'C'), ('r', 'reader', 'C'),"
                              " ('w1', 'writer', 'C1')", 0, NULL) == 4);
    snprintf (s_endpoint, sizeof s_endpoint, "ipc:///tmp/%s.ipc", s_schema);
    snprintf (s_capped_endpoint, sizeof s_capped_endpoint, "ipc:///tmp/%s-capped.ipc", s_schema);
    snprintf (s_turns_endpoint, sizeof s_turns_endpoint, "ipc:///tmp/%s-turns.ipc", s_schema);

    s_setup_t setup = { s_endpoint, 0, 0 };
    zactor_t *server = zactor_new (s_server_actor, &setup);
    sf_rpc_client_t *client = sf_rpc_client_new (s_endpoint);
    sf_rpc_client_set_actor (client, "u", "writer", "", "");
    sf_rpc_client_set_retry (client, 1000, 3);
    s_describe (client);
    s_admission (client, db);
    s_group_commit (db);
    s_group_refusals (client, db);
    s_alone (db);
    s_replay (client, db);
    s_checked_at_commit (client, db);
    s_lost_session (client, db);
    s_deadlines (client, db);
    s_peer_limit ();
    s_gone (client, db);
    s_scope (client);
    s_write_groups (db);
    s_read_turns (db);
    s_keys (db);
    s_unordered (db);

    sf_rpc_client_destroy (&client);
    zactor_destroy (&server);
    sf_db_destroy (&db);
    free (s_schema);
    return 0;
}
