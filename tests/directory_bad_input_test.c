/*  Bad input gets a clear error in both languages, changes nothing, and the daemon keeps
    serving: malformed protobuf, oversize and multi-frame messages, unknown types, unknown
    ids, illegal moves, missing actor, missing role, missing idempotency key, bad fields.    */
#include "directory_kind.h"
#include "directory_testlib.h"

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

static void
s_bad_frames (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *raw = sf_rpc_client_new (daemon->endpoint);
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

    directory_command_t get = { .code = (char *) "no-such-code" };
    dt_command (client, "directory.GetNode", &get, &reply);
    s_expect (&reply, SF_NOT_FOUND);
    dt_command (client, "directory.DeactivateNode", &get, &reply);
    s_expect (&reply, SF_NOT_FOUND);

    //  A team under a post, a post under a plant, a move under its own descendant.
    directory_command_t team = { .kind = DIR_KIND_TEAM, .code = (char *) "biT2", .parent_code = (char *) "biS",
                                 .name_zh = (char *) "二班", .name_en = (char *) "" };
    dt_command (client, "directory.CreateNode", &team, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    directory_command_t move = { .code = (char *) "biT", .parent_code = (char *) "biS" };
    dt_command (client, "directory.MoveNode", &move, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    move.code = (char *) "biS";
    move.parent_code = (char *) "biP";
    dt_command (client, "directory.MoveNode", &move, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    move.code = (char *) "biP";
    move.parent_code = (char *) "biD";
    dt_command (client, "directory.MoveNode", &move, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    move.code = (char *) "biC";
    dt_command (client, "directory.MoveNode", &move, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);

    //  Bad fields.
    directory_command_t bad = team;
    bad.parent_code = (char *) "biD";
    bad.code = (char *) "has space";
    dt_command (client, "directory.CreateNode", &bad, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.code = (char *) "biT3";
    bad.name_zh = (char *) "\xff\xfe";
    dt_command (client, "directory.CreateNode", &bad, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.name_zh = (char *) "三班";
    bad.kind = 42;
    dt_command (client, "directory.CreateNode", &bad, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.kind = DIR_KIND_EMPLOYEE;
    bad.parent_code = (char *) "biS";
    dt_command (client, "directory.CreateNode", &bad, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    bad.kind = DIR_KIND_TEAM;
    bad.code = (char *) "biT";
    bad.parent_code = (char *) "biD";
    dt_command (client, "directory.CreateNode", &bad, &reply);
    s_expect (&reply, SF_ALREADY_EXISTS);
    sf_rpc_client_destroy (&client);
}

//  Envelope fields from outside: an empty role, text that is not UTF-8, a huge key.
static void
s_bad_envelope (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    sf_rpc_client_set_retry (client, 2000, 1);
    directory_command_t team = { .kind = DIR_KIND_TEAM, .code = (char *) "biT8", .parent_code = (char *) "biD",
                                 .name_zh = (char *) "八班", .name_en = (char *) "" };
    sf_reply_t reply;
    sf_rpc_client_set_actor (client, "tester", ",", "", "");          //  no role but empty ones
    dt_command (client, "directory.CreateNode", &team, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    sf_rpc_client_set_actor (client, "tester\xff", "org_admin", "", "");
    dt_command (client, "directory.CreateNode", &team, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    sf_rpc_client_set_actor (client, "tester", "org_admin", "", "");

    size_t size;
    uint8_t *body = directory_command_encode ("directory.CreateNode", &team, &size);
    sf_rpc_client_call (client, "directory.CreateNode", body, size, "key\xff\xfe", &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    char huge_key [3000];
    memset (huge_key, 'k', sizeof huge_key - 1);
    huge_key [sizeof huge_key - 1] = 0;
    sf_rpc_client_call (client, "directory.CreateNode", body, size, huge_key, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    free (body);

    directory_command_t get = { .code = (char *) "\xff\xfe" };
    dt_command (client, "directory.GetNode", &get, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);
    directory_command_t move = { .code = (char *) "biT", .parent_code = (char *) "\xc0\xaf" };
    dt_command (client, "directory.MoveNode", &move, &reply);
    s_expect (&reply, SF_INVALID_ARGUMENT);

    //  A second company, alone and inside an import with more rows after it: every bad row
    //  is listed and nothing is stored.
    directory_command_t company = { .kind = DIR_KIND_COMPANY, .code = (char *) "biC2",
                                    .name_zh = (char *) "第二公司", .name_en = (char *) "" };
    dt_command (client, "directory.CreateNode", &company, &reply);
    s_expect (&reply, SF_FAILED_PRECONDITION);
    const char *csv = "kind,code,parent_code,name_zh,name_en,employment_type\n"
                      "company,biC9,,又一个公司,,\n"
                      "plant,biP9,biC,九号厂区,,\n"
                      "team,biT9,biS,放错的班组,,\n";
    directory_command_t import = { .file_name = (char *) "bad.csv", .csv = (uint8_t *) csv, .csv_size = strlen (csv) };
    SF_CHECK (dt_command (client, "directory.ImportCsv", &import, &reply) == SF_INVALID_ARGUMENT);
    directory_import_result_t result;
    SF_CHECK (directory_import_result_decode (&result, reply.body, reply.body_size) == 0);
    SF_CHECK (result.error_count == 2 && result.errors [0].line == 2 && result.errors [1].line == 4);
    SF_CHECK (strstr (result.errors [0].zh, "第 2 行") && strstr (result.errors [1].en, "line 4"));
    directory_import_result_clear (&result);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);
}

static void
s_wrong_user (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    directory_command_t team = { .kind = DIR_KIND_TEAM, .code = (char *) "biT9", .parent_code = (char *) "biD",
                                 .name_zh = (char *) "九班", .name_en = (char *) "" };
    sf_reply_t reply;
    dt_command (client, "directory.CreateNode", &team, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    sf_rpc_client_set_actor (client, "worker", "employee", "", "");
    dt_command (client, "directory.CreateNode", &team, &reply);
    s_expect (&reply, SF_PERMISSION_DENIED);
    //  Reading needs no role.
    directory_command_t get = { .code = (char *) "biD" };
    SF_CHECK (dt_command (client, "directory.GetNode", &get, &reply) == SF_OK);
    sf_reply_clear (&reply);
    //  A write without an idempotency key.
    sf_rpc_client_set_actor (client, "tester", "org_admin", "", "");
    sf_request_t request = { .request_id = (char *) "r1", .idempotency_key = (char *) "",
                             .actor = { .user_id = (char *) "tester", .roles = { (char *) "org_admin" }, .role_count = 1 },
                             .type = (char *) "directory.CreateNode" };
    size_t size;
    request.body = directory_command_encode ("directory.CreateNode", &team, &request.body_size);
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
    SF_CHECK (dt_create (client, DIR_KIND_TEAM, "biT2", "biD", "二班", NULL, NULL) == SF_OK);
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
