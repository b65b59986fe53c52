/*  directory_testlib: helpers of the directory black-box tests.                             */
#include "directory_testlib.h"

#include <hiredis/hiredis.h>
#include <stdlib.h>
#include <string.h>

char *
dt_directory_start (sf_test_daemon_t *directory, const char *prefix)
{
    char schema [64], env [128];
    snprintf (schema, sizeof schema, "%s_dir", prefix);
    sf_db_t *db = sf_test_db (schema);
    sf_db_destroy (&db);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s", prefix);
    sf_test_daemon_start (directory, DIRECTORY_BINARY, schema, env);
    return strdup (schema);
}

sf_rpc_client_t *
dt_client (const sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_rpc_client_set_actor (client, "sf-test", "service", "", "");
    return client;
}

void
dt_account (sf_rpc_client_t *service, const char *login, const char *employee, const char *roles,
            const char *unit)
{
    Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
    create.login = (char *) login;
    create.employee_code = (char *) employee;
    create.password = (char *) DT_PASSWORD;
    SF_CHECK (dt_ask (service, &create.base, NULL) == SF_OK);
    for (const char *at = roles? roles: ""; *at; ) {
        size_t size = strcspn (at, ",");
        char role [64];
        snprintf (role, sizeof role, "%.*s", (int) (size < sizeof role? size: sizeof role - 1), at);
        at += size + (at [size] == ',');
        Directory__GrantRole grant = DIRECTORY__GRANT_ROLE__INIT;
        grant.login = (char *) login;
        grant.role = role;
        grant.node_code = (char *) unit;
        SF_CHECK (dt_ask (service, &grant.base, NULL) == SF_OK);
    }
}

sf_rpc_client_t *
dt_client_as (const sf_test_daemon_t *daemon, const char *login, const char *roles)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_rpc_client_set_actor (client, login, roles? roles: "", "", "");
    return client;
}

sf_status_t
dt_ask (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_reply_t *reply)
{
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t status = sf_rpc_client_call_message (client, request, NULL, answer);
    if (status != SF_OK)
        SF_CHECK (answer->reason_zh && *answer->reason_zh && answer->reason_en && *answer->reason_en);
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

void *
dt_body (const sf_reply_t *reply, const ProtobufCMessageDescriptor *descriptor)
{
    ProtobufCMessage *message = protobuf_c_message_unpack (descriptor, NULL, reply->body_size, reply->body);
    SF_CHECK (message);
    return message;
}

sf_status_t
dt_create (sf_rpc_client_t *client, int kind, const char *code, const char *parent,
           const char *name_zh, const char *key, Directory__Node **node)
{
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = kind;
    create.code = (char *) code;
    create.parent_code = (char *) parent;
    create.name_zh = (char *) name_zh;
    if (kind == DIRECTORY__KIND__KIND_EMPLOYEE)
        create.employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
    sf_reply_t reply;
    sf_status_t status = sf_rpc_client_call_message (client, &create.base, key, &reply);
    if (status != SF_OK)
        fprintf (stderr, "create %s: %s %s\n", code, sf_status_name (status), reply.reason_en);
    if (node && status == SF_OK)
        *node = dt_body (&reply, &directory__node__descriptor);
    sf_reply_clear (&reply);
    return status;
}

void
dt_build_tree (sf_rpc_client_t *client, const char *prefix)
{
    static const char *suffix = "CPDTS";
    static const char *names [] = { "测试公司", "测试厂区", "安全环保部", "机加一班", "车工岗" };
    char code [64], parent [64] = "";
    for (int kind = DIRECTORY__KIND__KIND_COMPANY; kind <= DIRECTORY__KIND__KIND_POST; kind++) {
        snprintf (code, sizeof code, "%s%c", prefix, suffix [kind - 1]);
        SF_CHECK (dt_create (client, kind, code, parent, names [kind - 1], NULL, NULL) == SF_OK);
        snprintf (parent, sizeof parent, "%s", code);
    }
}

bool
dt_wait_copy (sf_db_t *db, const char *code, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        if (sf_test_scalar (db, "SELECT count(*) FROM sf_org_node WHERE code = $1", code) == 1)
            return true;
        sf_test_sleep_ms (100);
    }
    return false;
}

bool
dt_wait_published (sf_db_t *db, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        if (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE published_at IS NULL", NULL) == 0)
            return true;
        sf_test_sleep_ms (100);
    }
    return false;
}

zhashx_t *
dt_stream_ids (void)
{
    int64_t entries;
    return dt_stream_ids_of (ORG_STREAM, &entries);
}

zhashx_t *
dt_stream_ids_of (const char *stream, int64_t *entries_total)
{
    zhashx_t *ids = zhashx_new ();
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    char start [64] = "-";
    size_t entries = 1000;
    *entries_total = 0;
    while (entries == 1000) {
        redisReply *reply = (redisReply *) redisCommand (redis, "XRANGE %s %s + COUNT 1000", stream, start);
        SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY);
        entries = reply->elements;
        *entries_total += (int64_t) entries;
        for (size_t i = 0; i < entries; i++) {
            redisReply *entry = reply->element [i];
            redisReply *fields = entry->element [1];
            for (size_t f = 0; f + 1 < fields->elements; f += 2)
                if (strcmp (fields->element [f]->str, "id") == 0) {
                    const char *id = fields->element [f + 1]->str;
                    size_t count = (size_t) zhashx_lookup (ids, id);
                    zhashx_update (ids, id, (void *) (count + 1));
                }
            snprintf (start, sizeof start, "(%s", entry->element [0]->str);
        }
        freeReplyObject (reply);
    }
    redisFree (redis);
    return ids;
}

int
dt_stream_count (const char *event_id)
{
    zhashx_t *ids = dt_stream_ids ();
    int count = (int) (size_t) zhashx_lookup (ids, event_id);
    zhashx_destroy (&ids);
    return count;
}
