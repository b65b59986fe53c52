/*  A command's whole trip: client -> ZeroMQ -> sf-directory -> PostgreSQL -> outbox ->
    Redis stream, checked at each end; then every read and change of the org tree.          */
#include "directory_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

static void
s_check_trip (sf_rpc_client_t *client, sf_db_t *db)
{
    Directory__Node *node = NULL;
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "ft-E1", "ftS", "张伟", NULL, &node) == SF_OK);
    SF_CHECK (node->id > 0 && node->version == 1 && node->active);
    SF_CHECK_STR (node->plant_code, "ftP");
    SF_CHECK_STR (node->parent_code, "ftS");
    //  PostgreSQL: the row and its event, written together.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code = $1 AND name_zh = '张伟'", "ft-E1") == 1);
    sf_rows_t *rows = sf_db_query (db,
        "SELECT event_id, event_type FROM sf_outbox WHERE event_type = 'org.employee_created'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *event_id = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    //  Redis: the relay publishes it, once.
    SF_CHECK (dt_wait_published (db, 10000));
    SF_CHECK (dt_stream_count (event_id) == 1);
    free (event_id);
    sf_pb_destroy (&node);
}

//  Sends request, which must succeed, and returns the node list it answers.
static Directory__NodeList *
s_list (sf_rpc_client_t *client, const ProtobufCMessage *request)
{
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_message (client, request, NULL, &reply) == SF_OK);
    Directory__NodeList *list = dt_body (&reply, &directory__node_list__descriptor);
    sf_reply_clear (&reply);
    return list;
}

static void
s_check_reads (sf_rpc_client_t *client)
{
    Directory__GetChain chain = DIRECTORY__GET_CHAIN__INIT;
    chain.code = (char *) "ft-E1";
    Directory__NodeList *list = s_list (client, &chain.base);
    SF_CHECK (list->n_nodes == 6);
    SF_CHECK_STR (list->nodes [0]->code, "ftC");
    SF_CHECK_STR (list->nodes [1]->code, "ftP");
    SF_CHECK_STR (list->nodes [3]->code, "ftT");
    SF_CHECK_STR (list->nodes [5]->code, "ft-E1");
    sf_pb_destroy (&list);

    Directory__ListSubtree subtree = DIRECTORY__LIST_SUBTREE__INIT;
    subtree.code = (char *) "ftP";
    list = s_list (client, &subtree.base);
    SF_CHECK (list->n_nodes == 5 && list->nodes [0]->depth == 0 && list->nodes [4]->depth == 4);
    sf_pb_destroy (&list);

    subtree.max_depth = 2;
    list = s_list (client, &subtree.base);
    SF_CHECK (list->n_nodes == 3);
    sf_pb_destroy (&list);
}

static void
s_check_changes (sf_rpc_client_t *client, sf_db_t *db)
{
    sf_reply_t reply;
    Directory__RenameNode rename = DIRECTORY__RENAME_NODE__INIT;
    rename.code = (char *) "ft-E1";
    rename.name_zh = (char *) "张伟伟";
    rename.name_en = (char *) "Zhang Weiwei";
    SF_CHECK (sf_rpc_client_call_message (client, &rename.base, NULL, &reply) == SF_OK);
    Directory__Node *node = dt_body (&reply, &directory__node__descriptor);
    SF_CHECK (node->version == 2);
    SF_CHECK_STR (node->name_en, "Zhang Weiwei");
    sf_pb_destroy (&node);
    sf_reply_clear (&reply);

    //  A second plant; moving the department there carries its whole subtree along.
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_PLANT, "ftP2", "ftC", "西安厂区", NULL, NULL) == SF_OK);
    Directory__MoveNode move = DIRECTORY__MOVE_NODE__INIT;
    move.code = (char *) "ftD";
    move.new_parent_code = (char *) "ftP2";
    SF_CHECK (sf_rpc_client_call_message (client, &move.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE plant_code = $1", "ftP2") == 5);

    //  Deactivating needs the children gone first.
    Directory__DeactivateNode deactivate = DIRECTORY__DEACTIVATE_NODE__INIT;
    deactivate.code = (char *) "ftS";
    SF_CHECK (sf_rpc_client_call_message (client, &deactivate.base, NULL, &reply) == SF_FAILED_PRECONDITION);
    SF_CHECK (strstr (reply.reason_zh, "下级") && strstr (reply.reason_en, "children"));
    sf_reply_clear (&reply);
    deactivate.code = (char *) "ft-E1";
    SF_CHECK (sf_rpc_client_call_message (client, &deactivate.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (sf_rpc_client_call_message (client, &deactivate.base, NULL, &reply) == SF_FAILED_PRECONDITION);
    sf_reply_clear (&reply);
    //  Created 7, renamed 1, moved 1, deactivated 1, and the 3 nodes below the moved
    //  department changed plant with it.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type LIKE $1", "org.%") == 13);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type LIKE $1", "%plant_changed") == 3);
    SF_CHECK (dt_wait_published (db, 10000));
}

int
main (void)
{
    char *schema = sf_test_unique ("flow");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, NULL);
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "ft");
    s_check_trip (client, db);
    s_check_reads (client);
    s_check_changes (client, db);
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
