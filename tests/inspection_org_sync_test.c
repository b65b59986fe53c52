/*  A service's org copy is complete even when the stream no longer holds the org's history
    (trimmed by age, or lost by Redis): at start it reads every node from the directory
    (directory.ExportNodes, page by page), then follows the stream as before.              */
#include "directory_testlib.h"
#include "sf_pb.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <string.h>

static void
s_redis (const char *command, const char *key)
{
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    redisReply *reply = redisCommand (redis, "%s %s", command, key);
    SF_CHECK (reply && reply->type != REDIS_REPLY_ERROR);
    freeReplyObject (reply);
    redisFree (redis);
}

//  Pages of two: every node once, in id order, inactive ones too.
static void
s_check_export (sf_rpc_client_t *client, int nodes)
{
    int seen = 0;
    Directory__ExportNodes export = DIRECTORY__EXPORT_NODES__INIT;
    export.limit = 2;
    for (;;) {
        sf_reply_t reply;
        SF_CHECK (sf_rpc_client_call_message (client, &export.base, NULL, &reply) == SF_OK);
        Directory__NodeList *list = dt_body (&reply, &directory__node_list__descriptor);
        sf_reply_clear (&reply);
        SF_CHECK (list->n_nodes <= 2);
        for (size_t index = 0; index < list->n_nodes; index++) {
            SF_CHECK (list->nodes [index]->id > export.after_id);
            export.after_id = list->nodes [index]->id;
            seen++;
        }
        size_t count = list->n_nodes;
        sf_pb_destroy (&list);
        if (count < 2)
            break;
    }
    SF_CHECK (seen == nodes);
}

int
main (void)
{
    char *prefix = sf_test_unique ("itsync");
    char env [256], schema [96];
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s", prefix);
    sf_test_daemon_t directory, inspection;
    snprintf (schema, sizeof schema, "%s_dir", prefix);
    sf_test_daemon_start (&directory, DIRECTORY_BINARY, schema, env);
    sf_db_t *directory_db = sf_test_db_session (schema);
    sf_rpc_client_t *admin = dt_client (&directory);
    dt_build_tree (admin, prefix);
    char code [96], parent [96];
    snprintf (parent, sizeof parent, "%sS", prefix);
    snprintf (code, sizeof code, "%sE1", prefix);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_EMPLOYEE, code, parent, "王芳", NULL, NULL) == SF_OK);
    Directory__DeactivateNode deactivate = DIRECTORY__DEACTIVATE_NODE__INIT;
    deactivate.code = code;
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_message (admin, &deactivate.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    s_check_export (admin, 6);

    //  The org's history leaves the stream, as age trimming would take it.
    SF_CHECK (dt_wait_published (directory_db, 10000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:org", prefix);
    s_redis ("DEL", stream);

    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_ORG_DIRECTORY_ENDPOINT=%s", prefix, directory.endpoint);
    snprintf (schema, sizeof schema, "%s_insp", prefix);
    sf_test_daemon_start (&inspection, "services/inspection/sf-inspection", schema, env);
    sf_db_t *copy = sf_test_db_session (schema);
    SF_CHECK (sf_test_scalar (copy, "SELECT count(*) FROM sf_org_node", NULL) == 6);
    //  From the directory, not from a stream the directory's relay may have filled again
    //  meanwhile (it re-sends what Redis lost).
    SF_CHECK (sf_test_sh ("grep -q 'org copy: 6 nodes read from the directory' '%s'", inspection.log_path) == 0);
    SF_CHECK (sf_test_scalar (copy, "SELECT count(*) FROM sf_org_node WHERE code = $1 AND NOT active", code) == 1);

    //  Then it follows the stream as before.
    snprintf (code, sizeof code, "%sE2", prefix);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_EMPLOYEE, code, parent, "赵磊", NULL, NULL) == SF_OK);
    SF_CHECK (dt_wait_copy (copy, code, 10000));

    sf_db_destroy (&copy);
    sf_db_destroy (&directory_db);
    sf_rpc_client_destroy (&admin);
    sf_test_daemon_stop (&inspection, SIGTERM);
    sf_test_daemon_stop (&directory, SIGTERM);
    free (prefix);
    printf ("org copy from the directory: ok\n");
    return 0;
}
