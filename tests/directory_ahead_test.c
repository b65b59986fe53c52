/*  CreateNode checked at commit (sf_route_t.checked_at_commit), through the daemon: a node's
    id and plant code are computed ahead and the whole command goes with its COMMIT. Whatever
    the guess, the reply is the stored row field for field and its event says the same: a
    parent moved to another plant since this process noted it makes the guess wrong, and the
    command runs again the ordinary way with the right plant. Refusals answer as before.      */
#include "directory_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

//  The node as GetNode reads it; the caller destroys it.
static Directory__Node *
s_get (sf_rpc_client_t *client, const char *code)
{
    Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
    get.code = (char *) code;
    sf_reply_t reply;
    SF_CHECK (dt_ask (client, &get.base, &reply) == SF_OK);
    Directory__Node *node = dt_body (&reply, &directory__node__descriptor);
    sf_reply_clear (&reply);
    return node;
}

//  Events of created nodes in plant.
static int64_t
s_created_events (sf_db_t *db, const char *plant)
{
    return sf_test_scalar (db, "SELECT count (*) FROM sf_outbox WHERE event_type LIKE 'org.%_created' "
                               "AND plant = $1", plant);
}

//  Creates code under parent, which must succeed in plant: the reply is the stored node and
//  the outbox holds one event more of that plant.
static void
s_created (sf_rpc_client_t *client, sf_db_t *db, int kind, const char *code, const char *parent,
           const char *plant)
{
    int64_t events = s_created_events (db, plant);
    Directory__Node *node = NULL;
    SF_CHECK (dt_create (client, kind, code, parent, "节点", NULL, &node) == SF_OK);
    SF_CHECK_STR (node->plant_code, plant);
    Directory__Node *read = s_get (client, code);
    SF_CHECK (sf_test_same_message (&node->base, &read->base));
    SF_CHECK (s_created_events (db, plant) == events + 1);
    sf_pb_destroy (&read);
    sf_pb_destroy (&node);
}

int
main (void)
{
    char *schema = sf_test_unique ("dirahead");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, NULL);
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "ah");

    //  Under a post this process created: ahead. The ids come from a block the daemon took,
    //  so the sequence is past the last id.
    char code [32];
    for (int i = 0; i < 10; i++) {
        snprintf (code, sizeof code, "ahE%d", i);
        s_created (client, db, DIRECTORY__KIND__KIND_EMPLOYEE, code, "ahS", "ahP");
    }
    SF_CHECK (sf_test_scalar (db, "SELECT last_value FROM org_node_id_seq", NULL)
              > sf_test_scalar (db, "SELECT max (id) FROM org_node", NULL));

    //  The team moves to a department of another plant: the daemon noted its post in ahP, the
    //  stored row says ahP2. The create runs again and answers ahP2.
    s_created (client, db, DIRECTORY__KIND__KIND_PLANT, "ahP2", "ahC", "ahP2");
    s_created (client, db, DIRECTORY__KIND__KIND_DEPARTMENT, "ahD2", "ahP2", "ahP2");
    Directory__MoveNode move = DIRECTORY__MOVE_NODE__INIT;
    move.code = (char *) "ahT";
    move.new_parent_code = (char *) "ahD2";
    SF_CHECK (dt_ask (client, &move.base, NULL) == SF_OK);
    s_created (client, db, DIRECTORY__KIND__KIND_EMPLOYEE, "ahE10", "ahS", "ahP2");
    s_created (client, db, DIRECTORY__KIND__KIND_EMPLOYEE, "ahE11", "ahS", "ahP2");
    //  Moved by another session (an operator's UPDATE): the same.
    sf_test_script (db, "UPDATE org_node SET plant_code = 'ahP' WHERE code IN ('ahT', 'ahS') "
                        "OR parent_id = (SELECT id FROM org_node WHERE code = 'ahS');"
                        "UPDATE org_node SET parent_id = (SELECT id FROM org_node WHERE code = 'ahD') "
                        "WHERE code = 'ahT'");
    s_created (client, db, DIRECTORY__KIND__KIND_EMPLOYEE, "ahE12", "ahS", "ahP");

    //  Refusals, each in both languages and changing nothing.
    int64_t nodes = sf_test_scalar (db, "SELECT count (*) FROM org_node", NULL);
    int64_t events = sf_test_scalar (db, "SELECT count (*) FROM sf_outbox", NULL);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "ahE1", "ahS", "重名", NULL, NULL) == SF_ALREADY_EXISTS);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "ahE99", "ahS-none", "无岗", NULL, NULL) == SF_NOT_FOUND);
    s_created (client, db, DIRECTORY__KIND__KIND_POST, "ahS9", "ahT", "ahP");
    Directory__DeactivateNode deactivate = DIRECTORY__DEACTIVATE_NODE__INIT;
    deactivate.code = (char *) "ahS9";
    SF_CHECK (dt_ask (client, &deactivate.base, NULL) == SF_OK);
    nodes++;
    events += 2;
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "ahE98", "ahS9", "停用", NULL, NULL)
              == SF_FAILED_PRECONDITION);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_TEAM, "ahT9", "ahS", "错层", NULL, NULL)
              == SF_FAILED_PRECONDITION);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM org_node", NULL) == nodes);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM sf_outbox", NULL) == events);

    //  One created event a node, all published.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM sf_outbox WHERE event_type LIKE 'org.%_created'", NULL)
              == nodes);
    SF_CHECK (dt_wait_published (db, 10000));

    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
