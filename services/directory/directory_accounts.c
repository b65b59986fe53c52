/*  directory_accounts: one small function per account request type. The rpc server has
    checked the text of every field (valid UTF-8, no control characters, required fields not
    blank); what is left are the directory's rules. Every change bumps the account's version
    and emits the whole account (grants included, never the hash) on the org stream, so a
    copy replaces what it holds by any higher version. Commands that hash a password take one
    of the few hashing places first (directory_password.h): a busy daemon says so at once.  */
#include "directory_accounts.h"
#include "directory_account_messages.h"
#include "directory_account_store.h"
#include "directory_handlers.h"
#include "directory_messages.h"
#include "directory_password.h"
#include "directory_rules.h"
#include "directory_store.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_roles.h"
#include "sf_scope.h"

#include <stdlib.h>
#include <string.h>

//  The login the request names (every account request type has a text field "login").
static const char *
s_request_login (const sf_call_t *call)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (call->message->descriptor, "login");
    return *(char *const *) sf_pb_member (call->message, field);
}

//  True when the call's actor is the account login itself (never the service, whose name
//  is no account's).
static bool
s_own (const sf_call_t *call, const char *login)
{
    const char *actor = call->request->actor.user_id;
    return !call->scope->service && actor && strcmp (actor, login) == 0;
}

int
directory_account_units (sf_call_t *call, sf_scope_units_t *units)
{
    const char *login = s_request_login (call);
    sf_org_account_t account;
    int found = directory_login_valid (login)? sf_org_account_find (call->db, login, &account): 0;
    if (found < 0)
        return -1;
    if (!found)
        return 1;
    sf_scope_units_add (units, account.employee_code);
    return 0;
}

int
directory_own_account_units (sf_call_t *call, sf_scope_units_t *units)
{
    if (!s_own (call, s_request_login (call)))
        return directory_account_units (call, units);
    //  One's own account: the unit one acts for, which one of one's grants always covers
    //  (an account without grants: worker on its employee's unit).
    sf_scope_units_add (units, call->request->actor.org_node);
    return units->count? 0: 1;
}

//  Checks a login's form; 0, or -1 with the reply set.
static int
s_check_login (sf_call_t *call, const char *login)
{
    if (directory_login_valid (login))
        return 0;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_LOGIN,
                  strlen (login) <= DIRECTORY_LOGIN_MAX_CHARS? login: "?",
                  DIRECTORY_LOGIN_MIN_CHARS, DIRECTORY_LOGIN_MAX_CHARS);
    return -1;
}

//  Finds login (locked when lock) into *account, *plant its employee's plant (the caller
//  frees it; plant may be NULL). Returns 0, or -1 with the reply set.
static int
s_find (sf_call_t *call, const char *login, bool lock, Directory__Account **account, char **plant)
{
    if (s_check_login (call, login))
        return -1;
    int found = directory_account_store_find (call->db, login, lock, account, NULL, plant);
    if (found < 0)
        sf_call_fail_db (call, "looking up an account");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &DIRECTORY_MSG_ACCOUNT_NOT_FOUND, login);
    return found == 1? 0: -1;
}

//  Emits directory.<what> with the account as payload, in the plant of its employee.
static int
s_emit (sf_call_t *call, const char *what, const Directory__Account *account, const char *plant)
{
    char type [64];
    snprintf (type, sizeof type, "directory.%s", what);
    return directory_emit (call, type, "account", account->login, account->version, plant, &account->base);
}

//  Reads the password policy; 0, or -1 with the reply set.
static int
s_policy (sf_call_t *call, directory_password_policy_t *policy)
{
    if (directory_account_store_policy (call->db, policy) == 0)
        return 0;
    sf_call_fail_db (call, "reading the password policy");
    return -1;
}

//  Checks a new password against the policy and the list of common ones; 0, or -1 with the
//  reply set.
static int
s_check_password (sf_call_t *call, const directory_password_policy_t *policy, const char *login,
                  const char *password)
{
    switch (directory_password_check (policy, login, password)) {
        case DIRECTORY_PASSWORD_SHORT:
            sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PASSWORD_SHORT, policy->min_chars);
            return -1;
        case DIRECTORY_PASSWORD_LONG:
            sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PASSWORD_LONG, policy->max_chars);
            return -1;
        case DIRECTORY_PASSWORD_HAS_LOGIN:
            sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PASSWORD_HAS_LOGIN);
            return -1;
        case DIRECTORY_PASSWORD_OK:
            break;
    }
    int denied = directory_account_store_password_denied (call->db, password);
    if (denied < 0)
        sf_call_fail_db (call, "reading the common passwords");
    else
    if (denied)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PASSWORD_COMMON);
    return denied? -1: 0;
}

//  Takes a hashing place; 0, or -1 with the reply set (unavailable: retry).
static int
s_enter (sf_call_t *call)
{
    if (directory_password_enter ())
        return 0;
    sf_call_fail (call, SF_UNAVAILABLE, &DIRECTORY_MSG_HASHING_BUSY);
    return -1;
}

//  The hash of password (the caller frees it), or NULL with the reply set.
static char *
s_hash (sf_call_t *call, const directory_password_policy_t *policy, const char *password)
{
    char *hash = directory_password_hash (policy, password);
    if (!hash)
        sf_call_fail (call, SF_UNAVAILABLE, &DIRECTORY_MSG_HASHING_FAILED);
    return hash;
}

//  Finds the employee an account is for; 0 with *plant its plant (the caller frees it), or -1
//  with the reply set.
static int
s_find_employee (sf_call_t *call, const char *code, char **plant)
{
    Directory__Node *node = NULL;
    int found = directory_code_valid (code, strlen (code))
              ? directory_store_find (call->db, code, DIRECTORY_LOCK_SHARE, &node): 0;
    if (found < 0)
        sf_call_fail_db (call, "looking up an employee");
    else
    if (!found || node->kind != DIRECTORY__KIND__KIND_EMPLOYEE)
        sf_call_fail (call, SF_NOT_FOUND, &DIRECTORY_MSG_EMPLOYEE_UNKNOWN, code);
    else
    if (!node->active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_EMPLOYEE_INACTIVE, code);
    else
        *plant = strdup (node->plant_code);
    int rc = found == 1 && *plant? 0: -1;
    sf_pb_destroy (&node);
    return rc;
}

void
directory_create_account (sf_call_t *call)
{
    const Directory__CreateAccount *create = SF_CALL_BODY (call, Directory__CreateAccount);
    directory_password_policy_t policy;
    char *plant = NULL;
    if (s_check_login (call, create->login) || s_find_employee (call, create->employee_code, &plant)
    ||  s_policy (call, &policy) || s_check_password (call, &policy, create->login, create->password)
    ||  s_enter (call)) {
        free (plant);
        return;
    }
    char *hash = s_hash (call, &policy, create->password);
    directory_password_leave ();
    Directory__Account *account = sf_pb_new (&directory__account__descriptor);
    sf_pb_set (&account->login, create->login);
    sf_pb_set (&account->employee_code, create->employee_code);
    int inserted = hash? directory_account_store_insert (call->db, account, hash): -1;
    if (hash && inserted < 0)
        sf_call_fail_db (call, "inserting an account");
    else
    if (inserted > 0)
        sf_call_fail (call, SF_ALREADY_EXISTS, &DIRECTORY_MSG_ACCOUNT_EXISTS, create->login);
    else
    if (inserted == 0 && s_emit (call, "account_created", account, plant) == 0)
        sf_call_reply (call, &account->base);
    sf_pb_destroy (&account);
    free (hash);
    free (plant);
}

//  Whether the actor may set login's password, and with or without the old one; 0, or -1
//  with the reply set. Checked before anything about the account is looked up; whether the
//  reset grant reaches the account's employee, once it is found.
static int
s_may_set_password (sf_call_t *call, const Directory__SetPassword *request, bool *own)
{
    *own = s_own (call, request->login);
    if (!*own && !directory_holds_role (call, DIRECTORY_PASSWORD_RESET_ROLES)) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &DIRECTORY_MSG_NOT_YOUR_ACCOUNT, request->login);
        return -1;
    }
    if (*own && !*request->old_password) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_OLD_PASSWORD_NEEDED);
        return -1;
    }
    if (*request->old_password && strcmp (request->old_password, request->new_password) == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PASSWORD_SAME);
        return -1;
    }
    return 0;
}

void
directory_set_password (sf_call_t *call)
{
    const Directory__SetPassword *request = SF_CALL_BODY (call, Directory__SetPassword);
    directory_password_policy_t policy;
    Directory__Account *account = NULL;
    char *stored = NULL, *plant = NULL, *hash = NULL;
    bool own;
    if (s_check_login (call, request->login) || s_may_set_password (call, request, &own)
    ||  s_policy (call, &policy) || s_check_password (call, &policy, request->login, request->new_password))
        return;
    int found = directory_account_store_find (call->db, request->login, true, &account, &stored, &plant);
    if (found < 0)
        sf_call_fail_db (call, "looking up an account");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &DIRECTORY_MSG_ACCOUNT_NOT_FOUND, request->login);
    else
    if (own && account->disabled)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_ACCOUNT_DISABLED, request->login);
    else
    //  Another's password: a reset grant must cover its employee.
    if ((own || directory_scope_check (call, DIRECTORY_PASSWORD_RESET_ROLES, account->employee_code) == 0)
    &&  s_enter (call) == 0) {
        //  The old password, when given (always for one's own), must be right.
        bool old_ok = !*request->old_password || directory_password_verify (stored, request->old_password);
        hash = old_ok? s_hash (call, &policy, request->new_password): NULL;
        directory_password_leave ();
        if (!old_ok)
            sf_call_fail (call, SF_PERMISSION_DENIED, &DIRECTORY_MSG_LOGIN_FAILED);
    }
    if (hash) {
        if (directory_account_store_set_hash (call->db, account, hash, true))
            sf_call_fail_db (call, "storing a password");
        else
        if (s_emit (call, "account_updated", account, plant) == 0)
            sf_call_reply (call, &account->base);
    }
    sf_pb_destroy (&account);
    free (hash);
    free (plant);
    free (stored);
}

//  Disables or enables an account; the same state again changes nothing.
static void
s_set_disabled (sf_call_t *call, const char *login, bool disabled)
{
    Directory__Account *account = NULL;
    char *plant = NULL;
    if (s_find (call, login, true, &account, &plant) == 0) {
        if (account->disabled == disabled)
            sf_call_reply (call, &account->base);
        else {
            account->disabled = disabled;
            if (directory_account_store_set_disabled (call->db, account))
                sf_call_fail_db (call, "changing an account");
            else
            if (s_emit (call, disabled? "account_disabled": "account_updated", account, plant) == 0)
                sf_call_reply (call, &account->base);
        }
    }
    sf_pb_destroy (&account);
    free (plant);
}

void
directory_disable_account (sf_call_t *call)
{
    s_set_disabled (call, SF_CALL_BODY (call, Directory__DisableAccount)->login, true);
}

void
directory_enable_account (sf_call_t *call)
{
    s_set_disabled (call, SF_CALL_BODY (call, Directory__EnableAccount)->login, false);
}

//  Checks a grant's role and node: the role in the catalogue, the node an active unit (an
//  active one only when active_needed: a grant on a node since deactivated may be revoked).
//  0, or -1 with the reply set.
static int
s_check_grant (sf_call_t *call, const char *role, const char *node_code, bool active_needed)
{
    //  The service is the daemons' own, no account's; admin runs the whole company, so only
    //  an admin (or the service) hands it out or takes it back: an org admin may not raise
    //  anyone, itself included, above its own grants.
    if (active_needed && strcmp (role, SF_ROLE_SERVICE) == 0) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_ROLE_NOT_GRANTABLE, role);
        return -1;
    }
    if (strcmp (role, SF_ROLE_ADMIN) == 0 && !directory_holds_role (call, DIRECTORY_ROOT_ROLES)) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &DIRECTORY_MSG_ADMIN_GRANT_NEEDS_ADMIN, role);
        return -1;
    }
    int known = directory_account_store_role_known (call->db, role);
    if (known <= 0) {
        if (known < 0)
            sf_call_fail_db (call, "looking up a role");
        else
            sf_call_fail (call, SF_NOT_FOUND, &DIRECTORY_MSG_ROLE_UNKNOWN, role);
        return -1;
    }
    Directory__Node *node = NULL;
    int found = directory_code_valid (node_code, strlen (node_code))
              ? directory_store_find (call->db, node_code, DIRECTORY_LOCK_SHARE, &node): 0;
    int rc = -1;
    if (found < 0)
        sf_call_fail_db (call, "looking up a node");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &DIRECTORY_MSG_GRANT_NODE_UNKNOWN, node_code);
    else
    if (node->kind == DIRECTORY__KIND__KIND_EMPLOYEE)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_GRANT_ON_EMPLOYEE, node_code);
    else
    if (active_needed && !node->active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_GRANT_NODE_INACTIVE, node_code);
    else
        rc = 0;
    sf_pb_destroy (&node);
    return rc;
}

void
directory_grant_role (sf_call_t *call)
{
    const Directory__GrantRole *grant = SF_CALL_BODY (call, Directory__GrantRole);
    Directory__Account *account = NULL;
    char *plant = NULL;
    if (s_find (call, grant->login, true, &account, &plant) == 0
    &&  s_check_grant (call, grant->role, grant->node_code, true) == 0) {
        const char *by = call->request->actor.user_id? call->request->actor.user_id: "";
        int added = directory_account_store_grant (call->db, account, grant->role, grant->node_code, by);
        if (added < 0)
            sf_call_fail_db (call, "adding a grant");
        else
        if (added == 0 || s_emit (call, "grant_added", account, plant) == 0)
            sf_call_reply (call, &account->base);
    }
    sf_pb_destroy (&account);
    free (plant);
}

void
directory_revoke_role (sf_call_t *call)
{
    const Directory__RevokeRole *revoke = SF_CALL_BODY (call, Directory__RevokeRole);
    Directory__Account *account = NULL;
    char *plant = NULL;
    if (s_find (call, revoke->login, true, &account, &plant) == 0
    &&  s_check_grant (call, revoke->role, revoke->node_code, false) == 0) {
        int removed = directory_account_store_revoke (call->db, account, revoke->role, revoke->node_code);
        if (removed < 0)
            sf_call_fail_db (call, "removing a grant");
        else
        if (removed == 0)
            sf_call_fail (call, SF_NOT_FOUND, &DIRECTORY_MSG_GRANT_NOT_FOUND, revoke->login, revoke->role,
                          revoke->node_code);
        else
        if (s_emit (call, "grant_revoked", account, plant) == 0)
            sf_call_reply (call, &account->base);
    }
    sf_pb_destroy (&account);
    free (plant);
}

void
directory_get_account (sf_call_t *call)
{
    const char *login = SF_CALL_BODY (call, Directory__GetAccount)->login;
    Directory__Account *account = NULL;
    //  One's own, or another's under a writer's grant (grants are for those who keep them).
    if (s_find (call, login, false, &account, NULL) == 0
    &&  (s_own (call, login) || directory_scope_check (call, DIRECTORY_WRITER_ROLES, account->employee_code) == 0))
        sf_call_reply (call, &account->base);
    sf_pb_destroy (&account);
}

void
directory_list_accounts (sf_call_t *call)
{
    const Directory__ListAccounts *request = SF_CALL_BODY (call, Directory__ListAccounts);
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 1, &page))
        return;
    //  Only the accounts whose employees the actor's writer grants cover; the service: all.
    char *within [SF_SCOPE_GRANTS_MAX];
    size_t roots = 0;
    for (int g = 0; !call->scope->service && g < call->scope->count; g++) {
        const sf_org_grant_t *grant = &call->scope->grants [g].grant;
        sf_actor_t probe = { .roles = { (char *) grant->role }, .role_count = 1 };
        if (sf_actor_has_role (&probe, DIRECTORY_WRITER_ROLES))
            within [roots++] = (char *) grant->node_code;
    }
    char *next = NULL;
    Directory__AccountList *list = directory_account_store_list (call->db, page.after? page.after [0]: NULL,
                                                                 page.size, call->scope->service? NULL: within,
                                                                 roots, &next);
    if (!list)
        sf_call_fail_db (call, "listing accounts");
    else {
        if (next) {
            const char *keys [] = { next };
            char *token = sf_page_token (call, keys, 1);
            sf_pb_set (&list->next_page_token, token);
            free (token);
        }
        sf_call_reply (call, &list->base);
    }
    sf_pb_destroy (&list);
    free (next);
    sf_page_close (&page);
}

//  After a good login: a hash made at another cost than the policy's is made again at the
//  policy's (the version stays: nothing anyone sees changed). Login is a read, so this
//  commits on its own; a failure only leaves the old hash, which still verifies.
static void
s_rehash (sf_call_t *call, const directory_password_policy_t *policy, Directory__Account *account,
          const char *password)
{
    char *hash = directory_password_hash (policy, password);
    if (!hash || directory_account_store_set_hash (call->db, account, hash, false))
        sf_log (SF_LOG_WARN, &call->log, "login %s: the password could not be rehashed at the policy's cost",
                account->login);
    free (hash);
}

void
directory_login (sf_call_t *call)
{
    const Directory__Login *login = SF_CALL_BODY (call, Directory__Login);
    directory_password_policy_t policy;
    if (s_policy (call, &policy) || s_enter (call))
        return;
    //  An unknown login, one of the wrong form and a wrong password take the same work and
    //  get the same answer: the caller learns nothing about which accounts exist.
    Directory__Account *account = NULL;
    char *hash = NULL;
    int found = directory_login_valid (login->login)
              ? directory_account_store_find (call->db, login->login, false, &account, &hash, NULL): 0;
    bool right = false;
    if (found == 1)
        right = directory_password_verify (hash, login->password);
    else
        directory_password_burn (&policy, login->password);
    if (right && !account->disabled && directory_password_needs_rehash (&policy, hash))
        s_rehash (call, &policy, account, login->password);
    directory_password_leave ();
    if (found < 0)
        sf_call_fail_db (call, "looking up an account");
    else
    if (!right)
        sf_call_fail (call, SF_PERMISSION_DENIED, &DIRECTORY_MSG_LOGIN_FAILED);
    else
    if (account->disabled)
        sf_call_fail (call, SF_PERMISSION_DENIED, &DIRECTORY_MSG_ACCOUNT_DISABLED, account->login);
    else
        sf_call_reply (call, &account->base);
    sf_pb_destroy (&account);
    free (hash);
}
