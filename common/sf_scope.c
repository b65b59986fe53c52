/*  sf_scope: the actor from the peer and the account's grants; a unit against them.       */
#include "sf_scope.h"
#include "sf_scope_cache.h"
#include "sf_roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Levels above a unit walked at most: the org has six (company to employee); a deeper walk
//  is a loop in the copy.
#define S_DEPTH_MAX 32

typedef sf_scope_code_t s_code_t;

const sf_text_t SF_SCOPE_MSG_ACCOUNT_UNKNOWN = {
    "账号 %s 不存在", "account %s is not known"
};
const sf_text_t SF_SCOPE_MSG_ACCOUNT_DISABLED = {
    "账号 %s 已停用", "account %s is disabled"
};
const sf_text_t SF_SCOPE_MSG_NOT_YOUR_KEY = {
    "密钥 %s 只能以其绑定的账号操作，不能代他人操作", "key %s acts only as the account it is bound to, not for someone else"
};
const sf_text_t SF_SCOPE_MSG_NO_ACCOUNT = {
    "密钥 %s 未绑定账号，不能操作", "key %s is bound to no account and may not act"
};
const sf_text_t SF_SCOPE_MSG_TOO_MANY_GRANTS = {
    "账号 %s 的授权过多，请在上级单位授权", "account %s holds too many grants: grant the role on a unit above instead"
};
const sf_text_t SF_SCOPE_MSG_NAME_NEEDED = {
    "密钥 %s 的请求必须注明以哪个账号操作，或以服务身份（角色 service）操作",
    "a request with key %s must name the account it acts as, or act as the service (role service)"
};
const sf_text_t SF_SCOPE_MSG_OBJECT_OUT_OF_SCOPE = {
    "%s：所涉对象不在您的授权范围内", "%s: what it acts on lies outside what your grants cover"
};
const sf_text_t SF_SCOPE_MSG_NO_UNIT = {
    "%s 必须注明所涉单位", "%s must name the unit it acts on"
};
const sf_text_t SF_SCOPE_MSG_OUT_OF_SCOPE = {
    "单位 %s 不在您的授权范围内", "unit %s lies outside what your grants cover"
};

//  The database failed: unavailable when retrying may cure it, else internal.
static sf_status_t
s_db_failed (sf_db_t *db, const sf_text_t **why)
{
    sf_status_t status = sf_db_error_transient (db)? SF_UNAVAILABLE: SF_INTERNAL;
    *why = sf_status_text (status);
    return status;
}

//  Replaces a malloc'd string of the actor.
static void
s_set (char **field, const char *text)
{
    free (*field);
    *field = strdup (text);
}

//  The unit an employee works in: the nearest node above it that is no post or employee.
//  1 found (into unit), 0 not, -1 on a database error.
static int
s_employee_unit (sf_db_t *db, const char *employee_code, sf_org_node_t *unit)
{
    int found = sf_org_find (db, employee_code, unit);
    for (int depth = 0; found == 1 && (unit->kind == SF_ORG_POST || unit->kind == SF_ORG_EMPLOYEE); depth++) {
        if (!*unit->parent_code || depth > 8)
            return 0;
        char parent [sizeof unit->parent_code];
        snprintf (parent, sizeof parent, "%s", unit->parent_code);
        found = sf_org_find (db, parent, unit);
    }
    return found;
}

//  The account login with its grants and each grant's plant, in one statement, into account
//  and scope. An account whose employee has left (the node deactivated) counts as disabled:
//  leaving does not wait for someone to disable the account too. 1 found, 0 unknown, 2 when it holds too many grants, -1 on a database error.
//  An account without grants holds worker on its employee's unit.
static int s_read_account (sf_db_t *db, const char *login, sf_org_account_t *account, sf_scope_t *scope);

//  From this thread's cache when it holds the account for the copy's generation.
static int
s_load_account (sf_db_t *db, const char *login, sf_org_account_t *account, sf_scope_t *scope)
{
    int rc;
    if (sf_scope_cache_account (login, &rc, account, scope))
        return rc;
    rc = s_read_account (db, login, account, scope);
    if (rc >= 0)
        sf_scope_cache_account_keep (login, rc, account, scope);
    return rc;
}

static int
s_read_account (sf_db_t *db, const char *login, sf_org_account_t *account, sf_scope_t *scope)
{
    const char *values [] = { login };
    sf_db_side (db, sf_scope_cache_active ());     //  a copy no command writes (sf_db_side)
    sf_rows_t *rows = sf_db_query (db,
        "SELECT a.login, a.employee_code, a.disabled OR e.active IS FALSE, g.role, g.node_code,"
        " coalesce (n.plant_code, '') "
        "FROM sf_org_account a LEFT JOIN sf_org_node e ON e.code = a.employee_code "
        "LEFT JOIN sf_org_grant g ON g.login = a.login "
        "LEFT JOIN sf_org_node n ON n.code = g.node_code "
        "WHERE a.login = $1 ORDER BY g.node_code, g.role", 1, values);
    sf_db_side (db, false);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    if (count == 0) {
        sf_rows_destroy (&rows);
        return 0;
    }
    memset (account, 0, sizeof *account);
    snprintf (account->login, sizeof account->login, "%s", sf_rows_text (rows, 0, 0));
    snprintf (account->employee_code, sizeof account->employee_code, "%s", sf_rows_text (rows, 0, 1));
    account->disabled = sf_rows_bool (rows, 0, 2);
    scope->count = 0;
    bool none = sf_rows_is_null (rows, 0, 3);
    if (!none && count > SF_SCOPE_GRANTS_MAX) {
        sf_rows_destroy (&rows);
        return 2;
    }
    for (int i = 0; !none && i < count; i++) {
        sf_scope_grant_t *grant = &scope->grants [scope->count++];
        snprintf (grant->grant.role, sizeof grant->grant.role, "%s", sf_rows_text (rows, i, 3));
        snprintf (grant->grant.node_code, sizeof grant->grant.node_code, "%s", sf_rows_text (rows, i, 4));
        snprintf (grant->plant_code, sizeof grant->plant_code, "%s", sf_rows_text (rows, i, 5));
    }
    sf_rows_destroy (&rows);
    if (none) {
        sf_org_node_t unit;
        int found = s_employee_unit (db, account->employee_code, &unit);
        if (found < 0)
            return -1;
        if (found) {
            sf_scope_grant_t *grant = &scope->grants [scope->count++];
            snprintf (grant->grant.role, sizeof grant->grant.role, "%s", SF_ROLE_WORKER);
            snprintf (grant->grant.node_code, sizeof grant->grant.node_code, "%s", unit.code);
            snprintf (grant->plant_code, sizeof grant->plant_code, "%s", unit.plant_code);
        }
    }
    return 1;
}

//  The codes at and above unit, nearest first, into up [max], and the unit's plant into
//  plant (may be NULL); how many, -1 on a database error (0: unit unknown).
static int s_read_ancestors (sf_db_t *db, const char *unit, s_code_t *up, int max, s_code_t *plant);

//  From this thread's cache when it holds the unit for the copy's generation.
static int
s_ancestors (sf_db_t *db, const char *unit, s_code_t *up, int max, s_code_t *plant)
{
    int count;
    if (sf_scope_cache_ancestors (unit, max, up, &count, plant))
        return count;
    s_code_t own = "";
    count = s_read_ancestors (db, unit, up, max, &own);
    if (plant)
        memcpy (*plant, own, sizeof own);
    if (count >= 0 && count < max)
        sf_scope_cache_ancestors_keep (unit, (const s_code_t *) up, count, (const s_code_t *) &own);
    return count;
}

static int
s_read_ancestors (sf_db_t *db, const char *unit, s_code_t *up, int max, s_code_t *plant)
{
    char max_text [16];
    snprintf (max_text, sizeof max_text, "%d", max);
    const char *values [] = { unit, max_text };
    //  UNION, not UNION ALL: a loop in the copy yields rows already seen, which end the walk.
    //  The walk carries the plant codes: joined back to the whole copy, a cached generic plan
    //  hashed every node of it on each call.
    sf_db_side (db, sf_scope_cache_active ());     //  a copy no command writes (sf_db_side)
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE up (code, parent_code, plant_code, depth) AS ("
        " SELECT code, parent_code, plant_code, 0 FROM sf_org_node WHERE code = $1"
        " UNION SELECT n.code, n.parent_code, n.plant_code, up.depth + 1 FROM sf_org_node n"
        " JOIN up ON n.code = up.parent_code WHERE up.depth < $2::int)"
        " SELECT code, coalesce (plant_code, '') FROM up ORDER BY depth", 2, values);
    sf_db_side (db, false);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows) < max? sf_rows_count (rows): max;
    if (plant)
        snprintf (*plant, sizeof *plant, "%s", count? sf_rows_text (rows, 0, 1): "");
    for (int i = 0; i < count; i++)
        snprintf (up [i], sizeof up [i], "%s", sf_rows_text (rows, i, 0));
    sf_rows_destroy (&rows);
    return count;
}

//  Whether grant's node is one of up [0 .. depth): the unit or a node above it.
static bool
s_grant_above (const sf_org_grant_t *grant, s_code_t *up, int depth)
{
    for (int d = 0; d < depth; d++)
        if (strcmp (up [d], grant->node_code) == 0)
            return true;
    return false;
}

//  Rewrites the actor's roles to those of the grants covering its unit (org_node), and
//  its plant to that unit's. 0 or -1 on a database error.
static int
s_rewrite_actor (sf_db_t *db, const sf_scope_t *scope, sf_actor_t *actor)
{
    //  The unit it acts for: the one it names when a grant covers it, else the first grant's.
    s_code_t up [S_DEPTH_MAX];
    const char *named = actor->org_node? actor->org_node: "";
    s_code_t plant = "";
    int depth = *named? s_ancestors (db, named, up, S_DEPTH_MAX, &plant): 0;
    if (depth < 0)
        return -1;
    bool covered = false;
    for (int g = 0; g < scope->count && !covered; g++)
        covered = s_grant_above (&scope->grants [g].grant, up, depth);
    if (!covered) {
        s_set (&actor->org_node, scope->count? scope->grants [0].grant.node_code: "");
        depth = *actor->org_node? s_ancestors (db, actor->org_node, up, S_DEPTH_MAX, &plant): 0;
        if (depth < 0)
            return -1;
    }
    for (size_t i = 0; i < actor->role_count; i++)
        free (actor->roles [i]);
    actor->role_count = 0;
    for (int g = 0; g < scope->count && actor->role_count < SF_MAX_ROLES; g++) {
        const sf_org_grant_t *grant = &scope->grants [g].grant;
        bool known = false;
        for (size_t r = 0; r < actor->role_count && !known; r++)
            known = strcmp (actor->roles [r], grant->role) == 0;
        if (s_grant_above (grant, up, depth) && !known)
            actor->roles [actor->role_count++] = strdup (grant->role);
    }
    s_set (&actor->plant, depth > 0? plant: "");
    return 0;
}

sf_status_t
sf_scope_resolve (sf_db_t *db, const sf_peer_t *peer, sf_actor_t *actor, sf_scope_t *scope,
                  const sf_text_t **why, const char **subject)
{
    memset (scope, 0, sizeof *scope);
    *why = NULL;
    *subject = peer->name;
    const char *claimed = actor->user_id? actor->user_id: "";
    const char *login = claimed;
    if (peer->trusted) {
        bool daemon = strcmp (peer->kind, SF_PEER_KIND_DAEMON) == 0 || strcmp (peer->kind, SF_PEER_KIND_NONE) == 0;
        if (daemon && sf_actor_has_role (actor, SF_ROLE_SERVICE)) {
            //  A daemon on its own jobs: itself, everywhere, as the service only.
            scope->service = true;
            snprintf (scope->login, sizeof scope->login, "%s", *claimed? claimed: peer->name);
            for (size_t i = 0; i < actor->role_count; i++)
                free (actor->roles [i]);
            actor->roles [0] = strdup (SF_ROLE_SERVICE);
            actor->role_count = 1;
            return SF_OK;
        }
    }
    else {
        if (!*peer->account) {
            *why = &SF_SCOPE_MSG_NO_ACCOUNT;
            return SF_PERMISSION_DENIED;
        }
        if (*claimed && strcmp (claimed, peer->account) != 0) {
            *why = &SF_SCOPE_MSG_NOT_YOUR_KEY;
            return SF_PERMISSION_DENIED;
        }
        login = peer->account;
    }
    *subject = login;
    if (!*login) {
        //  A trusted key that names nobody and is not the service on its own jobs.
        *subject = peer->name;
        *why = &SF_SCOPE_MSG_NAME_NEEDED;
        return SF_PERMISSION_DENIED;
    }
    sf_org_account_t account;
    int found = s_load_account (db, login, &account, scope);
    if (found < 0)
        return s_db_failed (db, why);
    if (!found || account.disabled) {
        scope->count = 0;
        *why = found? &SF_SCOPE_MSG_ACCOUNT_DISABLED: &SF_SCOPE_MSG_ACCOUNT_UNKNOWN;
        return SF_PERMISSION_DENIED;
    }
    if (found == 2) {
        *why = &SF_SCOPE_MSG_TOO_MANY_GRANTS;
        return SF_FAILED_PRECONDITION;
    }
    snprintf (scope->login, sizeof scope->login, "%s", account.login);
    //  subject may be actor->user_id, which s_set frees: from here on it is the scope's copy.
    *subject = scope->login;
    s_set (&actor->user_id, account.login);
    if (s_rewrite_actor (db, scope, actor))
        return s_db_failed (db, why);
    return SF_OK;
}

int
sf_scope_covers (sf_db_t *db, const sf_scope_t *scope, const char *roles, sf_reach_t reach, const char *unit)
{
    if (scope->service)
        return sf_roles_include (roles, SF_ROLE_SERVICE)? 1: 0;
    if (!unit || !*unit)
        return 0;
    s_code_t up [S_DEPTH_MAX], plant = "";
    int depth = s_ancestors (db, unit, up, S_DEPTH_MAX, &plant);
    if (depth <= 0)
        return depth;
    bool in_plant = reach == SF_REACH_PLANT && *plant;
    for (int g = 0; g < scope->count; g++) {
        const sf_scope_grant_t *grant = &scope->grants [g];
        if (!sf_roles_include (roles, grant->grant.role))
            continue;
        if (s_grant_above (&grant->grant, up, depth))
            return 1;
        //  Within the plant of the grant's node: never across plants, never from above them.
        if (in_plant && strcmp (plant, grant->plant_code) == 0)
            return 1;
    }
    return 0;
}

void
sf_scope_units_add (sf_scope_units_t *units, const char *code)
{
    if (code && *code && units->count < SF_SCOPE_UNITS_MAX)
        snprintf (units->codes [units->count++], sizeof units->codes [0], "%s", code);
}
