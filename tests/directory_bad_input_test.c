/*  Bad input gets a clear error in both languages, changes nothing, and the daemon keeps
    serving: malformed protobuf, oversize and multi-frame messages, unknown types, unknown
    ids, illegal moves, missing actor, an account without the role (claiming it), missing
    idempotency key, bad fields.                                                            */
#include "directory_testlib.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <czmq.h>
#include <signal.h>
#include <string.h>

#define MAX_MESSAGE 4096

//  Rows and events: what a bad request must not change.
static int64_t
s_footprint (sf_db_t *db)
{
    return sf_test_scalar (db, "SELECT (SELECT count(*) FROM org_node) * 1000000 + (SELECT count(*) FROM sf_outbox)"
                          " + (SELECT count(*) FROM sf_idempotency) * 1000", NULL);
}

static void
s_expect (sf_reply_t *reply, sf_status_t status)
{
    if (reply->status != status)
        fprintf (stderr, "expected %s, got %s: %s\n", sf_status_name (status),
                 sf_status_name (reply->status), reply->reason_en? reply->reason_en: "");
    SF_CHECK (reply->status == status);
    SF_CHECK (reply->reason_zh && *reply->reason_zh && reply->reason_en && *reply->reason_en);
    sf_reply_clear (reply);
}

static Directory__CreateNode
s_create (int kind, const char *code, const char *parent, const char *name_zh)
{
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = kind;
    create.code = (char *) code;
    create.parent_code = (char *) parent;
    create.name_zh = (char *) name_zh;
    return create;
}

static Directory__MoveNode
s_move (const char *code, const char *new_parent_code)
{
    Directory__MoveNode move = DIRECTORY__MOVE_NODE__INIT;
    move.code = (char *) code;
    move.new_parent_code = (char *) new_parent_code;
    return move;
}

static Directory__GetNode
s_get (const char *code)
{
    Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
    get.code = (char *) code;
    return get;
}

static void
s_bad_frames (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *raw = sf_test_daemon_client (daemon);
    sf_reply_t reply;
    const uint8_t garbage [] = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x99 };
    SF_CHECK (sf_rpc_client_call_raw (raw, garbage, sizeof garbage, 3000, &reply) == 0);
    s_expect (&reply, SF_MALFORMED);

    uint8_t *big = calloc (1, MAX_MESSAGE + 100);
    SF_CHECK (sf_rpc_client_call_raw (raw, big, MAX_MESSAGE + 100, 3000, &reply) == 0);
    s_expect (&reply, SF_TOO_LARGE);
    free (big);
    sf_rpc_client_destroy (&raw);

    //  Two frames in one message.
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    sf_test_curve (dealer, daemon->endpoint);
    SF_CHECK (zsock_connect (dealer, "%s", daemon->endpoint) == 0);
    zstr_sendm (dealer, "one");
    zstr_send (dealer, "two");
    zpoller_t *poller = zpoller_new (dealer, NULL);
    SF_CHECK (zpoller_wait (poller, 3000) == dealer);
    zframe_t *frame = zframe_recv (dealer);
    SF_CHECK (sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0);
    s_expect (&reply, SF_MALFORMED);
    zframe_destroy (&frame);
    zpoller_destroy (&poller);
    zsock_destroy (&dealer);

    //  Far over the hard bound (4x): libzmq drops the peer; others are still served.
    zsock_t *abuser = zsock_new (ZMQ_DEALER);
    sf_test_curve (abuser, daemon->endpoint);
    SF_CHECK (zsock_connect (abuser, "%s", daemon->endpoint) == 0);
    zframe_t *huge = zframe_new (NULL, MAX_MESSAGE * 8);
    memset (zframe_data (huge), 7, MAX_MESSAGE * 8);
    zframe_send (&huge, abuser, 0);
    sf_test_sleep_ms (200);
    zsock_destroy (&abuser);
}

static void
s_bad_requests (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = dt_client (daemon);
    sf_reply_t reply;
    sf_rpc_client_call (client, "directory.NoSuchThing", NULL, 0, NULL, &reply);
    s_expect (&reply, SF_UNKNOWN_TYPE);

    const uint8_t garbage [] = { 0x0a, 0xff, 0x01 };
    sf_rpc_client_call (client, "directory.CreateNode", garbage, sizeof garbage, NULL, &reply);
    s_expect (&reply, SF_MALFORMED);

    Directory__GetNode get = s_get ("no-such-code");
    sf_rpc_client_call_message (client, &get.base, NULL, &reply);
    s_expect (&reply, SF_NOT_FOUND);
    Directory__DeactivateNode deactivate = DIRECTORY__DEACTIVATE_NODE__INIT;
    deactivate.code = (char *) "no-such-code";
    sf_rpc_client_call_message (client, &deactivate.base, NULL, &reply);
    s_expect (&reply, SF_NOT_FOUND);

    //  A team under a post, a post under a plant, a move under its own descendant.
    Directory__CreateNode team = s_create (DIRECTORY__KIND__KIND_TEAM, "biT2", "biS", "二班");
    sf_rpc_client_call_message (client, &team.base, NULL, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    Directory__MoveNode move = s_move ("biT", "biS");
    sf_rpc_client_call_message (client, &move.base, NULL, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    move = s_move ("biS", "biP");
    sf_rpc_client_call_message (client, &move.base, NULL, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    move = s_move ("biP", "biD");
    sf_rpc_client_call_message (client, &move.base, NULL, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    move.code = (char *) "biC";
    sf_rpc_client_call_message (client, &move.base, NULL, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);

    //  Bad fields.
    Directory__CreateNode bad = team;
    bad.parent_code = (char *) "biD";
    bad.code = (char *) "has space";
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.code = (char *) "biT3";
    bad.name_zh = (char *) "\xff\xfe";
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.name_zh = (char *) "三\n班";
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.name_zh = (char *) "\xe3\x80\x80 ";
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.name_zh = (char *) "三班";
    bad.kind = 42;
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.kind = DIRECTORY__KIND__KIND_EMPLOYEE;
    bad.parent_code = (char *) "biS";
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.kind = DIRECTORY__KIND__KIND_TEAM;
    bad.code = (char *) "biT";
    bad.parent_code = (char *) "biD";
    sf_rpc_client_call_message (client, &bad.base, NULL, &reply);
    s_expect (&reply, SF_ALREADY_EXISTS);
    sf_rpc_client_destroy (&client);
}

//  Envelope fields from outside: an empty role, text that is not UTF-8, a huge key.
static void
s_bad_envelope (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_rpc_client_set_retry (client, 2000, 1);
    Directory__CreateNode team = s_create (DIRECTORY__KIND__KIND_TEAM, "biT8", "biD", "八班");
    sf_reply_t reply;
    sf_rpc_client_set_actor (client, "bi.worker", ",", "", "");       //  no role but empty ones
    sf_rpc_client_call_message (client, &team.base, NULL, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    sf_rpc_client_set_actor (client, "bi.worker\xff", "org_admin", "", "");
    sf_rpc_client_call_message (client, &team.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    sf_rpc_client_set_actor (client, "sf-test", "service", "", "");

    sf_rpc_client_call_message (client, &team.base, "key\xff\xfe", &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    char huge_key [3000];
    memset (huge_key, 'k', sizeof huge_key - 1);
    huge_key [sizeof huge_key - 1] = 0;
    sf_rpc_client_call_message (client, &team.base, huge_key, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);

    Directory__GetNode get = s_get ("\xff\xfe");
    sf_rpc_client_call_message (client, &get.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    Directory__MoveNode move = s_move ("biT", "\xc0\xaf");
    sf_rpc_client_call_message (client, &move.base, NULL, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);

    //  A second company, alone and inside an import with more rows after it: every bad row
    //  is listed and nothing is stored.
    Directory__CreateNode company = s_create (DIRECTORY__KIND__KIND_COMPANY, "biC2", "", "第二公司");
    sf_rpc_client_call_message (client, &company.base, NULL, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    const char *csv = "kind,code,parent_code,name_zh,name_en,employment_type\n"
                      "company,biC9,,又一个公司,,\n"
                      "plant,biP9,biC,九号厂区,,\n"
                      "team,biT9,biS,放错的班组,,\n";
    Directory__ImportCsv import = DIRECTORY__IMPORT_CSV__INIT;
    import.file_name = (char *) "bad.csv";
    import.csv.data = (uint8_t *) csv;
    import.csv.len = strlen (csv);
    SF_CHECK (sf_rpc_client_call_message (client, &import.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    Directory__ImportResult *result = dt_body (&reply, &directory__import_result__descriptor);
    SF_CHECK (result->n_errors == 2 && result->errors [0]->line == 2 && result->errors [1]->line == 4);
    SF_CHECK (strstr (result->errors [0]->zh, "第 2 行") && strstr (result->errors [1]->en, "line 4"));
    sf_pb_destroy (&result);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);
}

static void
s_wrong_user (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    Directory__CreateNode team = s_create (DIRECTORY__KIND__KIND_TEAM, "biT9", "biD", "九班");
    sf_reply_t reply;
    sf_rpc_client_call_message (client, &team.base, NULL, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    //  An account no one heard of; a real one (a worker) that claims to keep the org.
    sf_rpc_client_set_actor (client, "nobody.here", "org_admin", "", "");
    sf_rpc_client_call_message (client, &team.base, NULL, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    sf_rpc_client_set_actor (client, "bi.worker", "org_admin", "", "");
    sf_rpc_client_call_message (client, &team.base, NULL, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    //  Reading needs no role: a worker reads the org of its plant.
    Directory__GetNode get = s_get ("biD");
    SF_CHECK (sf_rpc_client_call_message (client, &get.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    //  A write without an idempotency key.
    sf_rpc_client_set_actor (client, "sf-test", "service", "", "");
    sf_request_t request = { .request_id = (char *) "r1", .idempotency_key = (char *) "",
                             .actor = { .user_id = (char *) "sf-test", .roles = { (char *) "service" }, .role_count = 1 },
                             .type = (char *) team.base.descriptor->name };
    size_t size;
    request.body = sf_codec_pack (&team.base, &request.body_size);
    uint8_t *data = sf_request_encode (&request, &size);
    SF_CHECK (sf_rpc_client_call_raw (client, data, size, 3000, &reply) == 0);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    free (data);
    free (request.body);
    sf_rpc_client_destroy (&client);
}

int
main (void)
{
    char *schema = sf_test_unique ("badin");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    char env [64];
    snprintf (env, sizeof env, "SF_RPC_MAX_MESSAGE_BYTES=%d", MAX_MESSAGE);
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, env);
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "bi");
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "biE1", "biS", "王工", NULL, NULL) == SF_OK);
    dt_account (client, "bi.worker", "biE1", NULL, NULL);
    sf_rpc_client_destroy (&client);
    SF_CHECK (dt_wait_published (db, 10000));

    int64_t before = s_footprint (db);
    s_bad_frames (&daemon);
    s_bad_requests (&daemon);
    s_wrong_user (&daemon);
    s_bad_envelope (&daemon);
    SF_CHECK (s_footprint (db) == before);

    //  Still serving.
    SF_CHECK (sf_test_daemon_healthy (&daemon, 3000));
    client = dt_client (&daemon);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_TEAM, "biT2", "biD", "二班", NULL, NULL) == SF_OK);
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
