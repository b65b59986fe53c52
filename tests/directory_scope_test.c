/*  Who may do what in the directory, with real accounts (made through its own routes, as the
    service): an org admin granted on plant A creates, grants, disables and reads within plant
    A, and everything it tries in plant B (a unit under it, an account for its employee, a
    grant on its node, disabling, enabling, resetting and reading its account, renaming,
    moving and deactivating its nodes, moving a node of A into it, reading its org, an
    import with a row in it) is permission_denied and changes nothing. It cannot hand out
    admin or service. A worker's account claiming org_admin is refused: roles come from
    grants, never from the request. Anyone reads and changes their own account.             */
#include "directory_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

//  Rows and events: what a refused request must not change.
static int64_t
s_footprint (sf_db_t *db)
{
    return sf_test_scalar (db, "SELECT (SELECT count(*) FROM org_node) * 1000000000"
                               " + (SELECT coalesce (sum (version), 0) FROM org_node) * 1000000"
                               " + (SELECT coalesce (sum (version), 0) FROM account) * 10000"
                               " + (SELECT count(*) FROM account_grant) * 100"
                               " + (SELECT count(*) FROM sf_outbox)", NULL);
}

static sf_status_t
s_create_node (sf_rpc_client_t *client, int kind, const char *code, const char *parent)
{
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = kind;
    create.code = (char *) code;
    create.parent_code = (char *) parent;
    create.name_zh = (char *) "新单位";
    if (kind == DIRECTORY__KIND__KIND_EMPLOYEE)
        create.employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
    return dt_ask (client, &create.base, NULL);
}

static sf_status_t
s_create_account (sf_rpc_client_t *client, const char *login, const char *employee)
{
    Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
    create.login = (char *) login;
    create.employee_code = (char *) employee;
    create.password = (char *) DT_PASSWORD;
    return dt_ask (client, &create.base, NULL);
}

static sf_status_t
s_grant (sf_rpc_client_t *client, bool grant, const char *login, const char *role, const char *node)
{
    Directory__GrantRole request = DIRECTORY__GRANT_ROLE__INIT;
    request.login = (char *) login;
    request.role = (char *) role;
    request.node_code = (char *) node;
    if (!grant)
        request.base.descriptor = &directory__revoke_role__descriptor;     //  the same fields
    return dt_ask (client, &request.base, NULL);
}

//  A request whose only field is a login (DisableAccount, EnableAccount, GetAccount).
static sf_status_t
s_on_account (sf_rpc_client_t *client, const ProtobufCMessageDescriptor *descriptor, const char *login)
{
    Directory__DisableAccount request = DIRECTORY__DISABLE_ACCOUNT__INIT;
    request.base.descriptor = descriptor;
    request.login = (char *) login;
    return dt_ask (client, &request.base, NULL);
}

static sf_status_t
s_set_password (sf_rpc_client_t *client, const char *login, const char *old_password, const char *new_password)
{
    Directory__SetPassword request = DIRECTORY__SET_PASSWORD__INIT;
    request.login = (char *) login;
    request.old_password = (char *) old_password;
    request.new_password = (char *) new_password;
    return dt_ask (client, &request.base, NULL);
}

//  A request whose only field is a node code (DeactivateNode, GetNode, GetChain).
static sf_status_t
s_on_node (sf_rpc_client_t *client, const ProtobufCMessageDescriptor *descriptor, const char *code)
{
    Directory__GetNode request = DIRECTORY__GET_NODE__INIT;
    request.base.descriptor = descriptor;
    request.code = (char *) code;
    return dt_ask (client, &request.base, NULL);
}

static sf_status_t
s_rename (sf_rpc_client_t *client, const char *code)
{
    Directory__RenameNode rename = DIRECTORY__RENAME_NODE__INIT;
    rename.code = (char *) code;
    rename.name_zh = (char *) "改名";
    return dt_ask (client, &rename.base, NULL);
}

static sf_status_t
s_move (sf_rpc_client_t *client, const char *code, const char *new_parent_code)
{
    Directory__MoveNode move = DIRECTORY__MOVE_NODE__INIT;
    move.code = (char *) code;
    move.new_parent_code = (char *) new_parent_code;
    return dt_ask (client, &move.base, NULL);
}

//  The codes ListSubtree of code answers (one page), comma-separated; status into *status.
static char *
s_subtree (sf_rpc_client_t *client, const char *code, sf_status_t *status)
{
    Directory__ListSubtree list = DIRECTORY__LIST_SUBTREE__INIT;
    list.code = (char *) code;
    list.page_size = 100;
    sf_reply_t reply;
    *status = dt_ask (client, &list.base, &reply);
    char *codes = strdup ("");
    if (*status == SF_OK) {
        Directory__NodeList *nodes = dt_body (&reply, &directory__node_list__descriptor);
        for (size_t i = 0; i < nodes->n_nodes; i++) {
            char *longer;
            SF_CHECK (asprintf (&longer, "%s%s,", codes, nodes->nodes [i]->code) > 0);
            free (codes);
            codes = longer;
        }
        sf_pb_destroy (&nodes);
    }
    sf_reply_clear (&reply);
    return codes;
}

//  The logins ListAccounts answers (one page), comma-separated.
static char *
s_accounts (sf_rpc_client_t *client)
{
    Directory__ListAccounts list = DIRECTORY__LIST_ACCOUNTS__INIT;
    list.page_size = 100;
    sf_reply_t reply;
    SF_CHECK (dt_ask (client, &list.base, &reply) == SF_OK);
    Directory__AccountList *accounts = dt_body (&reply, &directory__account_list__descriptor);
    char *logins = strdup ("");
    for (size_t i = 0; i < accounts->n_accounts; i++) {
        char *longer;
        SF_CHECK (asprintf (&longer, "%s%s,", logins, accounts->accounts [i]->login) > 0);
        free (logins);
        logins = longer;
    }
    sf_pb_destroy (&accounts);
    sf_reply_clear (&reply);
    return logins;
}

//  Everything the org admin of plant A tries in plant B: refused, nothing changed.
static void
test_plant_b_refused (sf_rpc_client_t *admin_a, sf_db_t *db)
{
    int64_t before = s_footprint (db);
    SF_CHECK (s_create_node (admin_a, DIRECTORY__KIND__KIND_TEAM, "scTB2", "scDB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_create_node (admin_a, DIRECTORY__KIND__KIND_EMPLOYEE, "scEB9", "scSB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_create_node (admin_a, DIRECTORY__KIND__KIND_PLANT, "scPC", "scC") == SF_PERMISSION_DENIED);
    SF_CHECK (s_create_account (admin_a, "b.new", "scEB2") == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (admin_a, true, "b.user", "safety_officer", "scDB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (admin_a, true, "a.admin", "org_admin", "scPB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (admin_a, true, "a.admin", "org_admin", "scC") == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (admin_a, false, "b.keeper", "org_admin", "scPB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_account (admin_a, &directory__disable_account__descriptor, "b.user") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_account (admin_a, &directory__enable_account__descriptor, "b.user") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_account (admin_a, &directory__get_account__descriptor, "b.user") == SF_PERMISSION_DENIED);
    SF_CHECK (s_set_password (admin_a, "b.user", "", "Xin-Mima-Anquan-77") == SF_PERMISSION_DENIED);
    SF_CHECK (s_rename (admin_a, "scTB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_move (admin_a, "scTB", "scDA") == SF_PERMISSION_DENIED);
    SF_CHECK (s_move (admin_a, "scTA", "scDB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_node (admin_a, &directory__deactivate_node__descriptor, "scSB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_node (admin_a, &directory__get_node__descriptor, "scDB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_node (admin_a, &directory__get_chain__descriptor, "scTB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_node (admin_a, &directory__get_node__descriptor, "scC") == SF_PERMISSION_DENIED);
    sf_status_t status;
    free (s_subtree (admin_a, "scPB", &status));
    SF_CHECK (status == SF_PERMISSION_DENIED);
    free (s_subtree (admin_a, "scC", &status));
    SF_CHECK (status == SF_PERMISSION_DENIED);
    Directory__ExportNodes export = DIRECTORY__EXPORT_NODES__INIT;
    SF_CHECK (dt_ask (admin_a, &export.base, NULL) == SF_PERMISSION_DENIED);
    //  Admin and service are not an org admin's to hand out, not even in its own plant.
    SF_CHECK (s_grant (admin_a, true, "a.worker", "admin", "scPA") == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (admin_a, true, "a.worker", "service", "scPA") == SF_FAILED_PRECONDITION);
    //  An import with one row in plant B: the row is refused, the whole file with it.
    const char *csv = "kind,code,parent_code,name_zh,name_en,employment_type\n"
                      "team,scTA7,scDA,七班,,\n"
                      "team,scTB7,scDB,七班,,\n";
    Directory__ImportCsv import = DIRECTORY__IMPORT_CSV__INIT;
    import.file_name = (char *) "mixed.csv";
    import.csv.data = (uint8_t *) csv;
    import.csv.len = strlen (csv);
    sf_reply_t reply;
    SF_CHECK (dt_ask (admin_a, &import.base, &reply) == SF_INVALID_ARGUMENT);
    Directory__ImportResult *result = dt_body (&reply, &directory__import_result__descriptor);
    SF_CHECK (result->n_errors == 1 && result->errors [0]->line == 3);
    SF_CHECK (strstr (result->errors [0]->en, "scDB") && strstr (result->errors [0]->en, "outside"));
    sf_pb_destroy (&result);
    sf_reply_clear (&reply);
    SF_CHECK (s_footprint (db) == before);
}

//  The same org admin within plant A: allowed.
static void
test_plant_a_allowed (sf_rpc_client_t *admin_a)
{
    SF_CHECK (s_create_node (admin_a, DIRECTORY__KIND__KIND_TEAM, "scTA2", "scDA") == SF_OK);
    SF_CHECK (s_create_account (admin_a, "a.new", "scEA3") == SF_OK);
    SF_CHECK (s_grant (admin_a, true, "a.worker", "safety_officer", "scDA") == SF_OK);
    SF_CHECK (s_grant (admin_a, false, "a.worker", "safety_officer", "scDA") == SF_OK);
    SF_CHECK (s_on_account (admin_a, &directory__disable_account__descriptor, "a.new") == SF_OK);
    SF_CHECK (s_on_account (admin_a, &directory__enable_account__descriptor, "a.new") == SF_OK);
    SF_CHECK (s_on_account (admin_a, &directory__get_account__descriptor, "a.worker") == SF_OK);
    SF_CHECK (s_set_password (admin_a, "a.new", "", "Xin-Mima-Anquan-77") == SF_OK);
    SF_CHECK (s_rename (admin_a, "scTA2") == SF_OK);
    SF_CHECK (s_move (admin_a, "scTA2", "scDA2") == SF_OK);
    SF_CHECK (s_on_node (admin_a, &directory__deactivate_node__descriptor, "scTA2") == SF_OK);
    SF_CHECK (s_on_node (admin_a, &directory__get_chain__descriptor, "scTA") == SF_OK);
    //  Its subtree, named or not, holds plant A only; its account list, plant A's accounts.
    sf_status_t status;
    char *codes = s_subtree (admin_a, "", &status);
    SF_CHECK (status == SF_OK && strstr (codes, "scPA,") && strstr (codes, "scEA1,") && !strstr (codes, "B"));
    free (codes);
    char *logins = s_accounts (admin_a);
    SF_CHECK_STR (logins, "a.admin,a.new,a.worker,");
    free (logins);
}

//  Waits until the scope views show the grant, or not (at once: they read the directory's own
//  tables).
static void
s_wait_grant (sf_db_t *db, const char *role, const char *node, int64_t count)
{
    for (int waited = 0; waited < 10000; waited += 20) {
        char sql [200];
        snprintf (sql, sizeof sql, "SELECT count(*) FROM sf_org_grant WHERE login = 'a.worker' "
                  "AND role = '%s' AND node_code = $1", role);
        if (sf_test_scalar (db, sql, node) == count)
            return;
        sf_test_sleep_ms (20);
    }
    SF_CHECK (false);
}

//  A grant revoked holds from the next command on, though the same worker admitted the account
//  a moment before: the directory's admissions read its own tables every time (the org copies
//  of the other daemons may be kept in memory per generation, sf_scope_cache; the directory's
//  tables move no generation).
static void
test_revoked_at_once (const sf_test_daemon_t *daemon, sf_rpc_client_t *admin_a, sf_db_t *db)
{
    SF_CHECK (s_grant (admin_a, true, "a.worker", "org_admin", "scDA") == SF_OK);
    s_wait_grant (db, "org_admin", "scDA", 1);
    sf_rpc_client_t *worker = dt_client_as (daemon, "a.worker", "org_admin");
    for (int round = 0; round < 4; round++)
        SF_CHECK (s_rename (worker, "scTA") == SF_OK);
    SF_CHECK (s_grant (admin_a, false, "a.worker", "org_admin", "scDA") == SF_OK);
    s_wait_grant (db, "org_admin", "scDA", 0);
    for (int round = 0; round < 4; round++)
        SF_CHECK (s_rename (worker, "scTA") == SF_PERMISSION_DENIED);
    //  Granted again, allowed again.
    SF_CHECK (s_grant (admin_a, true, "a.worker", "org_admin", "scDA") == SF_OK);
    s_wait_grant (db, "org_admin", "scDA", 1);
    SF_CHECK (s_rename (worker, "scTA") == SF_OK);
    SF_CHECK (s_grant (admin_a, false, "a.worker", "org_admin", "scDA") == SF_OK);
    s_wait_grant (db, "org_admin", "scDA", 0);
    sf_rpc_client_destroy (&worker);
}

//  Accounts without the roles they claim, and what anyone may do with their own account.
static void
test_claims_and_own (const sf_test_daemon_t *daemon, sf_db_t *db)
{
    int64_t before = s_footprint (db);
    sf_rpc_client_t *worker = dt_client_as (daemon, "a.worker", "org_admin,admin");
    sf_rpc_client_t *user_b = dt_client_as (daemon, "b.user", "admin");
    SF_CHECK (s_create_node (worker, DIRECTORY__KIND__KIND_POST, "scSA9", "scTA") == SF_PERMISSION_DENIED);
    SF_CHECK (s_create_account (worker, "a.more", "scEA3") == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (worker, true, "a.worker", "org_admin", "scPA") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_account (worker, &directory__disable_account__descriptor, "a.admin") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_account (worker, &directory__get_account__descriptor, "a.admin") == SF_PERMISSION_DENIED);
    SF_CHECK (s_set_password (worker, "a.admin", "", "Xin-Mima-Anquan-77") == SF_PERMISSION_DENIED);
    SF_CHECK (s_rename (user_b, "scTB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_on_account (user_b, &directory__disable_account__descriptor, "b.keeper") == SF_PERMISSION_DENIED);
    Directory__ListAccounts list = DIRECTORY__LIST_ACCOUNTS__INIT;
    SF_CHECK (dt_ask (worker, &list.base, NULL) == SF_PERMISSION_DENIED);
    //  A worker reads the org of its plant, not another's.
    SF_CHECK (s_on_node (worker, &directory__get_node__descriptor, "scDA") == SF_OK);
    SF_CHECK (s_on_node (worker, &directory__get_node__descriptor, "scDB") == SF_PERMISSION_DENIED);
    SF_CHECK (s_footprint (db) == before);

    //  Its own account: read, password changed (with the old one), whatever its roles.
    SF_CHECK (s_on_account (worker, &directory__get_account__descriptor, "a.worker") == SF_OK);
    SF_CHECK (s_set_password (worker, "a.worker", DT_PASSWORD, "Xin-Mima-Anquan-77") == SF_OK);
    //  The password check answers any account, as a front asking for a person logging in.
    Directory__Login login = DIRECTORY__LOGIN__INIT;
    login.login = (char *) "a.worker";
    login.password = (char *) "Xin-Mima-Anquan-77";
    SF_CHECK (dt_ask (user_b, &login.base, NULL) == SF_OK);
    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&user_b);
}

int
main (void)
{
    char *schema = sf_test_unique ("scope");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, NULL);
    sf_rpc_client_t *service = dt_client (&daemon);
    //  Company scC; plants scPA and scPB, each with a department, a team, a post, employees.
    SF_CHECK (dt_create (service, DIRECTORY__KIND__KIND_COMPANY, "scC", "", "测试公司", NULL, NULL) == SF_OK);
    const char *plants [] = { "A", "B" };
    for (int p = 0; p < 2; p++) {
        char code [5][16];
        const char *kinds = "PDTS";
        for (int k = 0; k < 4; k++) {
            snprintf (code [k], sizeof code [k], "sc%c%s", kinds [k], plants [p]);
            SF_CHECK (dt_create (service, DIRECTORY__KIND__KIND_PLANT + k, code [k], k? code [k - 1]: "scC",
                                 "测试单位", NULL, NULL) == SF_OK);
        }
        for (int e = 1; e <= 3; e++) {
            snprintf (code [4], sizeof code [4], "scE%s%d", plants [p], e);
            SF_CHECK (dt_create (service, DIRECTORY__KIND__KIND_EMPLOYEE, code [4], code [3], "员工", NULL, NULL) == SF_OK);
        }
    }
    SF_CHECK (dt_create (service, DIRECTORY__KIND__KIND_DEPARTMENT, "scDA2", "scPA", "二部", NULL, NULL) == SF_OK);
    dt_account (service, "a.admin", "scEA1", "org_admin", "scPA");
    dt_account (service, "a.worker", "scEA2", NULL, NULL);
    dt_account (service, "b.user", "scEB1", NULL, NULL);
    dt_account (service, "b.keeper", "scEB2", "org_admin", "scPB");
    //  The roles claimed count for nothing: org_admin comes from the grant on scPA alone.
    sf_rpc_client_t *admin_a = dt_client_as (&daemon, "a.admin", "admin,org_admin");

    test_plant_b_refused (admin_a, db);
    test_plant_a_allowed (admin_a);
    test_revoked_at_once (&daemon, admin_a, db);
    test_claims_and_own (&daemon, db);

    sf_rpc_client_destroy (&admin_a);
    sf_rpc_client_destroy (&service);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    printf ("directory scope: ok\n");
    return 0;
}
