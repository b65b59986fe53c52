/*  Accounts against a real directory: create (bad login, unknown or deactivated employee,
    weak passwords, duplicate, wrong role), login (right, wrong, unknown, disabled: one reason
    for every failure, after the same work), grants (unknown role, unknown node, an employee,
    revoke), passwords (own with and without the old one, another's, an admin's reset, a
    rehash at a new cost), paging, and the events: no hash in any of them, and every change
    reaching another daemon's org copy, also one started after the stream lost them. The
    writer is the service (a dt_client, as deploy/up's import); the refused one is a real
    account without grants that claims org_admin (claimed roles count for nothing). Login is
    asked by the service (a front for a person not yet logged in) and by an account.
    Scope across plants: directory_scope_test.c.                                           */
#include "directory_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

#define PASSWORD "Anquan-Shengchan-2026"
#define WAIT_MS 15000

static char s_prefix [64];

//  A code of this run: the prefix and a suffix.
static const char *
s_code (const char *suffix)
{
    static char codes [8][96];
    static int next;
    char *code = codes [next++ % 8];
    snprintf (code, sizeof codes [0], "%s%s", s_prefix, suffix);
    return code;
}

//  Sends request; returns its status. When ok and account is given, *account is the reply.
static sf_status_t
s_ask (sf_rpc_client_t *client, const ProtobufCMessage *request, Directory__Account **account, char **reason_en)
{
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, request, &reply);
    if (account && status == SF_OK)
        *account = dt_body (&reply, &directory__account__descriptor);
    if (reason_en)
        *reason_en = status == SF_OK? NULL: strdup (reply.reason_en);
    sf_reply_clear (&reply);
    return status;
}

static sf_status_t
s_create (sf_rpc_client_t *client, const char *login, const char *employee, const char *password)
{
    Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
    create.login = (char *) login;
    create.employee_code = (char *) employee;
    create.password = (char *) password;
    return s_ask (client, &create.base, NULL, NULL);
}

//  Refused logins timed per kind, for the median.
#define S_TIMED_LOGINS 5

static int
s_compare_ms (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

static int64_t
s_median (int64_t *values, int count)
{
    qsort (values, (size_t) count, sizeof *values, s_compare_ms);
    return values [count / 2];
}

//  Logs in; returns the status, *reason_en the reason (caller frees) and *ms the time taken.
static sf_status_t
s_login (sf_rpc_client_t *client, const char *login, const char *password, char **reason_en, int64_t *ms)
{
    Directory__Login request = DIRECTORY__LOGIN__INIT;
    request.login = (char *) login;
    request.password = (char *) password;
    int64_t started = zclock_mono ();
    sf_status_t status = s_ask (client, &request.base, NULL, reason_en);
    if (ms)
        *ms = zclock_mono () - started;
    return status;
}

static sf_status_t
s_grant (sf_rpc_client_t *client, bool grant, const char *login, const char *role, const char *node,
         Directory__Account **account)
{
    Directory__GrantRole request = DIRECTORY__GRANT_ROLE__INIT;
    request.login = (char *) login;
    request.role = (char *) role;
    request.node_code = (char *) node;
    if (!grant)
        request.base.descriptor = &directory__revoke_role__descriptor;     //  the same fields
    return s_ask (client, &request.base, account, NULL);
}

static sf_status_t
s_set_password (sf_rpc_client_t *client, const char *login, const char *old_password, const char *new_password)
{
    Directory__SetPassword request = DIRECTORY__SET_PASSWORD__INIT;
    request.login = (char *) login;
    request.old_password = (char *) old_password;
    request.new_password = (char *) new_password;
    return s_ask (client, &request.base, NULL, NULL);
}

static sf_rpc_client_t *
s_client_as (const sf_test_daemon_t *daemon, const char *user, const char *roles)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_rpc_client_set_actor (client, user, roles, "", "");
    return client;
}

static void
test_create (sf_rpc_client_t *admin, sf_rpc_client_t *worker, sf_db_t *db)
{
    const char *employee = s_code ("E1");
    SF_CHECK (s_create (admin, "Bad Login", employee, PASSWORD) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_create (admin, "ab", employee, PASSWORD) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_create (admin, "zhang.wei", s_code ("NOBODY"), PASSWORD) == SF_NOT_FOUND);
    SF_CHECK (s_create (admin, "zhang.wei", s_code ("S"), PASSWORD) == SF_NOT_FOUND);          //  a post
    SF_CHECK (s_create (admin, "zhang.wei", s_code ("E9"), PASSWORD) == SF_FAILED_PRECONDITION);  //  deactivated
    SF_CHECK (s_create (admin, "zhang.wei", employee, "short-1") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_create (admin, "zhang.wei", employee, "my-ZHANG.WEI-pass") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_create (admin, "zhang.wei", employee, "Password123") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_create (admin, "zhang.wei", employee, "          ") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_create (worker, "zhang.wei", employee, PASSWORD) == SF_PERMISSION_DENIED);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM account WHERE login <> 'an.other'", NULL) == 0);

    Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
    create.login = (char *) "zhang.wei";
    create.employee_code = (char *) employee;
    create.password = (char *) PASSWORD;
    Directory__Account *account = NULL;
    sf_reply_t reply = { 0 };
    SF_CHECK (sf_rpc_client_call_message (admin, &create.base, "create-zhang.wei", &reply) == SF_OK);
    account = dt_body (&reply, &directory__account__descriptor);
    sf_reply_clear (&reply);
    //  The stored fingerprint leaves the password out (sf_route_t.secret): a retry of the key
    //  with another password is the same request, answered as the first, not a conflict.
    create.password = (char *) "Another-Passw0rd-Entirely";
    SF_CHECK (sf_rpc_client_call_message (admin, &create.base, "create-zhang.wei", &reply) == SF_OK);
    sf_reply_clear (&reply);
    create.password = (char *) PASSWORD;
    create.employee_code = (char *) s_code ("E2");
    SF_CHECK (sf_rpc_client_call_message (admin, &create.base, "create-zhang.wei", &reply) == SF_CONFLICT);
    sf_reply_clear (&reply);
    create.employee_code = (char *) employee;
    SF_CHECK_STR (account->login, "zhang.wei");
    SF_CHECK_STR (account->employee_code, employee);
    SF_CHECK (account->version == 1 && !account->disabled && account->n_grants == 0);
    sf_pb_destroy (&account);
    SF_CHECK (s_create (admin, "zhang.wei", employee, PASSWORD) == SF_ALREADY_EXISTS);
    //  Argon2id at the policy's cost; the password itself is nowhere.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM account WHERE login = 'zhang.wei' "
                                  "AND password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM account WHERE password_hash LIKE $1",
                                  "%" PASSWORD "%") == 0);
}

static void
test_login (sf_rpc_client_t *client, sf_rpc_client_t *admin)
{
    char *wrong = NULL, *unknown = NULL, *malformed = NULL;
    int64_t wrong_ms, unknown_ms;
    Directory__Login request = DIRECTORY__LOGIN__INIT;
    request.login = (char *) "zhang.wei";
    request.password = (char *) PASSWORD;
    Directory__Account *account = NULL;
    SF_CHECK (s_ask (client, &request.base, &account, NULL) == SF_OK);
    SF_CHECK_STR (account->login, "zhang.wei");
    sf_pb_destroy (&account);
    SF_CHECK (s_login (client, "zhang.wei", PASSWORD "x", &wrong, &wrong_ms) == SF_PERMISSION_DENIED);
    SF_CHECK (s_login (client, "li.na", PASSWORD, &unknown, &unknown_ms) == SF_PERMISSION_DENIED);
    SF_CHECK (s_login (client, "Not A Login", PASSWORD, &malformed, NULL) == SF_PERMISSION_DENIED);
    //  One reason, whichever part was wrong; and an unknown login is not refused faster
    //  (it runs a hash of the same cost as the verify).
    SF_CHECK_STR (wrong, "login or password wrong");
    SF_CHECK_STR (unknown, wrong);
    SF_CHECK_STR (malformed, wrong);
    //  Compared by medians of a few refusals each, taken in turn: one of each is at the mercy
    //  of whatever else the machine does at that moment.
    int64_t wrongs [S_TIMED_LOGINS], unknowns [S_TIMED_LOGINS];
    for (int i = 0; i < S_TIMED_LOGINS; i++) {
        SF_CHECK (s_login (client, "zhang.wei", PASSWORD "x", NULL, &wrongs [i]) == SF_PERMISSION_DENIED);
        SF_CHECK (s_login (client, "li.na", PASSWORD, NULL, &unknowns [i]) == SF_PERMISSION_DENIED);
    }
    wrong_ms = s_median (wrongs, S_TIMED_LOGINS);
    unknown_ms = s_median (unknowns, S_TIMED_LOGINS);
    printf ("login refused (medians of %d): wrong password %lld ms, unknown login %lld ms\n", S_TIMED_LOGINS,
            (long long) wrong_ms, (long long) unknown_ms);
    SF_CHECK (unknown_ms * 3 >= wrong_ms && wrong_ms * 3 >= unknown_ms);
    free (wrong);
    free (unknown);
    free (malformed);

    //  Disabled: refused (told so only to whoever knows the password); enabled again: in.
    Directory__DisableAccount disable = DIRECTORY__DISABLE_ACCOUNT__INIT;
    disable.login = (char *) "zhang.wei";
    SF_CHECK (s_ask (admin, &disable.base, &account, NULL) == SF_OK);
    SF_CHECK (account->disabled && account->version == 2);
    sf_pb_destroy (&account);
    SF_CHECK (s_ask (admin, &disable.base, &account, NULL) == SF_OK);       //  again: no change
    SF_CHECK (account->version == 2);
    sf_pb_destroy (&account);
    char *reason = NULL;
    SF_CHECK (s_login (client, "zhang.wei", PASSWORD, &reason, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (strstr (reason, "disabled"));
    free (reason);
    SF_CHECK (s_login (client, "zhang.wei", "wrong-wrong-wrong", &reason, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK_STR (reason, "login or password wrong");
    free (reason);
    Directory__EnableAccount enable = DIRECTORY__ENABLE_ACCOUNT__INIT;
    enable.login = (char *) "zhang.wei";
    SF_CHECK (s_ask (admin, &enable.base, &account, NULL) == SF_OK);
    SF_CHECK (!account->disabled && account->version == 3);
    sf_pb_destroy (&account);
    SF_CHECK (s_login (client, "zhang.wei", PASSWORD, NULL, NULL) == SF_OK);
    enable.login = (char *) "li.na";
    SF_CHECK (s_ask (admin, &enable.base, NULL, NULL) == SF_NOT_FOUND);
}

static void
test_grants (sf_rpc_client_t *admin, sf_rpc_client_t *worker)
{
    Directory__Account *account = NULL;
    SF_CHECK (s_grant (admin, true, "zhang.wei", "safety_czar", s_code ("D"), NULL) == SF_NOT_FOUND);
    SF_CHECK (s_grant (admin, true, "zhang.wei", "safety_officer", s_code ("NOWHERE"), NULL) == SF_NOT_FOUND);
    SF_CHECK (s_grant (admin, true, "zhang.wei", "safety_officer", s_code ("E1"), NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_grant (admin, true, "li.na", "safety_officer", s_code ("D"), NULL) == SF_NOT_FOUND);
    SF_CHECK (s_grant (worker, true, "zhang.wei", "admin", s_code ("C"), NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_grant (admin, true, "zhang.wei", "safety_officer", s_code ("D"), &account) == SF_OK);
    SF_CHECK (account->version == 4 && account->n_grants == 1);
    SF_CHECK_STR (account->grants [0]->role, "safety_officer");
    SF_CHECK_STR (account->grants [0]->node_code, s_code ("D"));
    SF_CHECK_STR (account->grants [0]->granted_by, "sf-test");
    SF_CHECK (account->grants [0]->granted_ms > 0);
    sf_pb_destroy (&account);
    SF_CHECK (s_grant (admin, true, "zhang.wei", "safety_officer", s_code ("D"), &account) == SF_OK);
    SF_CHECK (account->version == 4 && account->n_grants == 1);           //  held already
    sf_pb_destroy (&account);
    SF_CHECK (s_grant (admin, true, "zhang.wei", "team_leader", s_code ("T"), &account) == SF_OK);
    SF_CHECK (account->version == 5 && account->n_grants == 2);
    sf_pb_destroy (&account);
    SF_CHECK (s_grant (admin, false, "zhang.wei", "worker", s_code ("T"), NULL) == SF_NOT_FOUND);
    SF_CHECK (s_grant (admin, false, "zhang.wei", "safety_czar", s_code ("T"), NULL) == SF_NOT_FOUND);
    SF_CHECK (s_grant (admin, false, "zhang.wei", "safety_officer", s_code ("D"), &account) == SF_OK);
    SF_CHECK (account->version == 6 && account->n_grants == 1);
    SF_CHECK_STR (account->grants [0]->role, "team_leader");
    sf_pb_destroy (&account);

    //  Login answers the account with its grants.
    Directory__Login login = DIRECTORY__LOGIN__INIT;
    login.login = (char *) "zhang.wei";
    login.password = (char *) PASSWORD;
    SF_CHECK (s_ask (worker, &login.base, &account, NULL) == SF_OK);
    SF_CHECK (account->n_grants == 1 && account->version == 6);
    sf_pb_destroy (&account);
}

static void
test_passwords (const sf_test_daemon_t *daemon, sf_rpc_client_t *admin, sf_db_t *db)
{
    sf_rpc_client_t *self = s_client_as (daemon, "zhang.wei", "team_leader");
    //  Another account, which claims a role it does not hold: its grants say worker only.
    sf_rpc_client_t *other = s_client_as (daemon, "an.other", "safety_officer");
    const char *next = "Xin-Mima-Anquan-77";
    SF_CHECK (s_set_password (self, "zhang.wei", "", next) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_set_password (self, "zhang.wei", "wrong-old-password", next) == SF_PERMISSION_DENIED);
    SF_CHECK (s_set_password (self, "zhang.wei", PASSWORD, PASSWORD) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_set_password (self, "zhang.wei", PASSWORD, "tooshort") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_set_password (other, "zhang.wei", "", next) == SF_PERMISSION_DENIED);
    SF_CHECK (s_set_password (other, "zhang.wei", PASSWORD, next) == SF_PERMISSION_DENIED);
    SF_CHECK (s_set_password (self, "zhang.wei", PASSWORD, next) == SF_OK);
    SF_CHECK (s_login (self, "zhang.wei", PASSWORD, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_login (self, "zhang.wei", next, NULL, NULL) == SF_OK);
    //  An org admin resets it without the old one.
    SF_CHECK (s_set_password (admin, "zhang.wei", "", PASSWORD) == SF_OK);
    SF_CHECK (s_set_password (admin, "li.na", "", PASSWORD) == SF_NOT_FOUND);
    SF_CHECK (s_login (self, "zhang.wei", PASSWORD, NULL, NULL) == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT version FROM account WHERE login = 'zhang.wei'", NULL) == 8);

    //  A stronger cost in the policy: the next login rehashes, the version stays.
    SF_CHECK (sf_db_exec (db, "UPDATE password_policy SET value = 3 WHERE name = 'hash_ops'", 0, NULL) == 1);
    SF_CHECK (s_login (self, "zhang.wei", PASSWORD, NULL, NULL) == SF_OK);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM account WHERE login = 'zhang.wei' "
                                  "AND password_hash LIKE '$argon2id$v=19$m=19456,t=3,p=1$%'", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT version FROM account WHERE login = 'zhang.wei'", NULL) == 8);
    SF_CHECK (s_login (self, "zhang.wei", PASSWORD, NULL, NULL) == SF_OK);
    SF_CHECK (sf_db_exec (db, "UPDATE password_policy SET value = 2 WHERE name = 'hash_ops'", 0, NULL) == 1);
    sf_rpc_client_destroy (&self);
    sf_rpc_client_destroy (&other);
}

//  Five more accounts, listed two at a time: each once, in login order.
static void
test_paging (sf_rpc_client_t *admin)
{
    static const char *logins [] = { "a.one", "b.two", "c.three", "d.four", "e.five" };
    for (int i = 0; i < 5; i++)
        SF_CHECK (s_create (admin, logins [i], s_code ("E2"), PASSWORD) == SF_OK);
    Directory__ListAccounts list = DIRECTORY__LIST_ACCOUNTS__INIT;
    list.page_size = 2;
    char *token = NULL, last [80] = "";
    int seen = 0, pages = 0;
    do {
        list.page_token = token? token: (char *) "";
        sf_reply_t reply;
        SF_CHECK (dt_ask (admin, &list.base, &reply) == SF_OK);
        Directory__AccountList *page = dt_body (&reply, &directory__account_list__descriptor);
        sf_reply_clear (&reply);
        SF_CHECK (page->n_accounts <= 2);
        for (size_t i = 0; i < page->n_accounts; i++) {
            SF_CHECK (strcmp (page->accounts [i]->login, last) > 0);
            snprintf (last, sizeof last, "%s", page->accounts [i]->login);
            seen++;
        }
        free (token);
        token = *page->next_page_token? strdup (page->next_page_token): NULL;
        sf_pb_destroy (&page);
        pages++;
    } while (token);
    SF_CHECK (seen == 7 && pages == 4);
    list.page_token = (char *) "not-a-token";
    SF_CHECK (dt_ask (admin, &list.base, NULL) == SF_INVALID_ARGUMENT);
}

//  Waits until the copy holds login at version with grants grants.
static void
s_wait_copy (sf_db_t *copy, const char *login, int64_t version, int64_t grants)
{
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM sf_org_account a WHERE login = $1 AND version = %lld "
             "AND (SELECT count(*) FROM sf_org_grant g WHERE g.login = a.login) = %lld",
             (long long) version, (long long) grants);
    for (int waited = 0; waited < WAIT_MS; waited += 100) {
        if (sf_test_scalar (copy, sql, login) == 1)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "%s never reached version %lld with %lld grants in the copy\n", login,
             (long long) version, (long long) grants);
    SF_CHECK (false);
}

int
main (void)
{
    char *prefix = sf_test_unique ("acct");
    snprintf (s_prefix, sizeof s_prefix, "%s", prefix);
    char env [256], schema [96];
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s", prefix);
    snprintf (schema, sizeof schema, "%s_dir", prefix);
    sf_test_daemon_t directory, inspection;
    sf_test_daemon_start (&directory, DIRECTORY_BINARY, schema, env);
    sf_db_t *db = sf_test_db_session (schema);
    sf_rpc_client_t *admin = dt_client (&directory);
    dt_build_tree (admin, prefix);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_EMPLOYEE, s_code ("E1"), s_code ("S"), "张伟", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_EMPLOYEE, s_code ("E2"), s_code ("S"), "李娜", NULL, NULL) == SF_OK);
    //  An account without grants (worker on its employee's team) that claims org_admin.
    dt_account (admin, "an.other", s_code ("E2"), NULL, NULL);
    sf_rpc_client_t *worker = s_client_as (&directory, "an.other", "org_admin");
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_EMPLOYEE, s_code ("E9"), s_code ("S"), "王芳", NULL, NULL) == SF_OK);
    Directory__DeactivateNode deactivate = DIRECTORY__DEACTIVATE_NODE__INIT;
    deactivate.code = (char *) s_code ("E9");
    SF_CHECK (dt_ask (admin, &deactivate.base, NULL) == SF_OK);

    //  A daemon with an org copy, running before the accounts exist: it follows the stream.
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_ORG_DIRECTORY_ENDPOINT=%s", prefix, directory.endpoint);
    snprintf (schema, sizeof schema, "%s_insp", prefix);
    sf_test_daemon_start (&inspection, "services/inspection/sf-inspection", schema, env);
    sf_db_t *copy = sf_test_db_session (schema);

    test_create (admin, worker, db);
    test_login (admin, admin);
    test_grants (admin, worker);
    test_passwords (&directory, admin, db);
    test_paging (admin);

    //  Events: one per change, the whole account each, never a hash.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE event_type LIKE 'directory.%'", NULL) == 14);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE position ('argon2' IN encode (envelope, 'escape')) > 0",
                              NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE position ($1 IN encode (envelope, 'escape')) > 0",
                              PASSWORD) == 0);
    s_wait_copy (copy, "zhang.wei", 8, 1);
    s_wait_copy (copy, "e.five", 1, 0);
    SF_CHECK (sf_test_scalar (copy, "SELECT count(*) FROM sf_org_grant WHERE login = 'zhang.wei' "
                                    "AND role = 'team_leader' AND node_code = $1", s_code ("T")) == 1);

    //  A copy started after the stream lost the accounts' events reads them from the directory.
    SF_CHECK (dt_wait_published (db, 10000));
    sf_test_daemon_stop (&inspection, SIGKILL);
    sf_db_exec (copy, "DELETE FROM sf_org_grant", 0, NULL);
    sf_db_exec (copy, "DELETE FROM sf_org_account", 0, NULL);
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:org", prefix);
    SF_CHECK (sf_test_sh ("redis-cli -h %s -p %s DEL %s >/dev/null", sf_test_env ("SF_REDIS_HOST"),
                          sf_test_env ("SF_REDIS_PORT"), stream) == 0);
    sf_test_daemon_restart (&inspection);
    s_wait_copy (copy, "zhang.wei", 8, 1);
    SF_CHECK (sf_test_scalar (copy, "SELECT count(*) FROM sf_org_account", NULL) == 7);

    sf_db_destroy (&copy);
    sf_db_destroy (&db);
    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&admin);
    sf_test_daemon_stop (&inspection, SIGTERM);
    sf_test_daemon_stop (&directory, SIGTERM);
    free (prefix);
    printf ("directory accounts: ok\n");
    return 0;
}
