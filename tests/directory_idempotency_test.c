/*  The same command sent twice with one idempotency key: the same reply, one write, one
    event. The key reused for another command: conflict, nothing written.                   */
#include "directory_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

int
main (void)
{
    char *schema = sf_test_unique ("idem");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, NULL);
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "id");

    Directory__Node *first = NULL, *second = NULL;
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE1", "idS", "李娜", "key-1", &first) == SF_OK);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE1", "idS", "李娜", "key-1", &second) == SF_OK);
    SF_CHECK (first->id == second->id && first->version == second->version);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code = $1", "idE1") == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "org.employee_created") == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency WHERE key = $1", "key-1") == 1);

    //  Without the key the same command is a new one, and the code is taken.
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE1", "idS", "李娜", NULL, NULL) == SF_ALREADY_EXISTS);

    //  The key reused for a different body.
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE2", "idS", "王芳", "key-1", NULL) == SF_CONFLICT);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM org_node WHERE code = $1", "idE2") == 0);

    //  A failed command stores nothing under its key: after fixing the cause, the same key
    //  runs the command.
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE3", "idS9", "赵敏", "key-3", NULL) == SF_NOT_FOUND);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_POST, "idS9", "idT", "钳工岗", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE3", "idS9", "赵敏", "key-3", NULL) == SF_OK);

    //  The replay survives a restart: it is in the database, not in memory.
    sf_test_daemon_stop (&daemon, SIGKILL);
    sf_test_daemon_restart (&daemon);
    sf_rpc_client_destroy (&client);
    client = dt_client (&daemon);
    Directory__Node *third = NULL;
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "idE1", "idS", "李娜", "key-1", &third) == SF_OK);
    SF_CHECK (third->id == first->id);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "org.employee_created") == 2);

    sf_pb_destroy (&first);
    sf_pb_destroy (&second);
    sf_pb_destroy (&third);
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
