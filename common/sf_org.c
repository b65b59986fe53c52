/*  sf_org: the copy of the org directory in a service's schema. Writes come only from
    sf_org_apply, one directory.Node at a time; reads walk parent_code with recursive
    queries. Events may arrive late or twice (a retried entry is applied after the ones
    behind it), so the copy can hold, for a moment, a tree the directory never had, even a
    loop (a node moved under its former child, applied before the child's own move): every
    walk here stops at a node it has already seen.                                         */
#include "sf_org.h"
#include "sf_event_payload.h"
#include "sf_codec.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_rpc_client.h"
#include "sf_scope_cache.h"
#include "sf_unit_plant.h"
#include "directory.pb-c.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PAYLOAD_TYPE "directory.Node"
#define S_ACCOUNT_PAYLOAD_TYPE "directory.Account"
#define S_EXPORT_PAGE 1000

//  The directory's event types that carry a node; every other type is not ours.
static const char *s_node_events [] = {
    "org.unit_created", "org.unit_renamed", "org.unit_moved",
    "org.unit_deactivated", "org.unit_plant_changed",
    "org.employee_created", "org.employee_renamed", "org.employee_moved",
    "org.employee_deactivated", "org.employee_plant_changed",
    NULL
};

//  The directory's event types that carry an account (with its grants).
static const char *s_account_events [] = {
    "directory.account_created", "directory.account_updated", "directory.account_disabled",
    "directory.grant_added", "directory.grant_revoked",
    NULL
};

//  Columns of sf_org_node n, in the order s_node_from_row reads them.
#define S_NODE_COLUMNS \
    "n.code, n.kind, coalesce (n.parent_code, ''), coalesce (n.plant_code, ''), " \
    "n.name_zh, n.name_en, n.active, n.version"

//  The size of a field of sf_org_node_t: what a stored node may hold, so find can return it.
#define S_FIELD_SIZE(field) sizeof (((sf_org_node_t *) 0)->field)

static bool
s_listed (const char *type, const char **types)
{
    for (size_t i = 0; type && types [i]; i++)
        if (strcmp (type, types [i]) == 0)
            return true;
    return false;
}

//  True when text fits a buffer of size bytes with its null.
static bool
s_fits (const char *text, size_t size)
{
    return text && strlen (text) < size;
}

//  Why a decoded node cannot be stored, or NULL when it can.
static const char *
s_node_invalid (const Directory__Node *wire)
{
    if (!s_fits (wire->code, S_FIELD_SIZE (code)) || !*wire->code)
        return "bad code";
    if ((int) wire->kind < SF_ORG_COMPANY || (int) wire->kind > SF_ORG_EMPLOYEE)
        return "bad kind";
    if (!s_fits (wire->parent_code, S_FIELD_SIZE (parent_code))
    ||  !s_fits (wire->plant_code, S_FIELD_SIZE (plant_code)))
        return "bad parent or plant code";
    if (!s_fits (wire->name_zh, S_FIELD_SIZE (name_zh)) || !s_fits (wire->name_en, S_FIELD_SIZE (name_en)))
        return "name too long";
    if (wire->version < 1)
        return "bad version";
    return NULL;
}

static int
s_upsert (sf_db_t *db, const Directory__Node *wire)
{
    char kind [16], version [24];
    snprintf (kind, sizeof kind, "%d", (int) wire->kind);
    snprintf (version, sizeof version, "%" PRId64, (int64_t) wire->version);
    const char *values [] = {
        wire->code, kind, wire->parent_code, wire->plant_code, wire->name_zh, wire->name_en,
        wire->active? "true": "false", version
    };
    return (int) sf_db_exec (db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) "
        "VALUES ($1, $2::smallint, nullif ($3, ''), nullif ($4, ''), $5, $6, $7::boolean, $8::bigint) "
        "ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, parent_code = excluded.parent_code, "
        "plant_code = excluded.plant_code, name_zh = excluded.name_zh, name_en = excluded.name_en, "
        "active = excluded.active, version = excluded.version, updated_at = now () "
        "WHERE sf_org_node.version < excluded.version", 8, values);
}

//  Why a decoded account cannot be stored, or NULL when it can.
static const char *
s_account_invalid (const Directory__Account *wire)
{
    if (!s_fits (wire->login, sizeof (((sf_org_account_t *) 0)->login)) || !*wire->login)
        return "bad login";
    if (!s_fits (wire->employee_code, sizeof (((sf_org_account_t *) 0)->employee_code)))
        return "bad employee code";
    if (wire->version < 1)
        return "bad version";
    for (size_t i = 0; i < wire->n_grants; i++)
        if (!s_fits (wire->grants [i]->role, sizeof (((sf_org_grant_t *) 0)->role)) || !*wire->grants [i]->role
        ||  !s_fits (wire->grants [i]->node_code, sizeof (((sf_org_grant_t *) 0)->node_code)))
            return "bad grant";
    return NULL;
}

//  Replaces the account and its grants when wire is a higher version than the copy holds.
//  Returns 1 applied, 0 older than ours, -1 on error.
static int
s_upsert_account (sf_db_t *db, const Directory__Account *wire)
{
    char version [24];
    snprintf (version, sizeof version, "%" PRId64, (int64_t) wire->version);
    const char *values [] = { wire->login, wire->employee_code, wire->disabled? "true": "false", version };
    int64_t changed = sf_db_exec (db,
        "INSERT INTO sf_org_account (login, employee_code, disabled, version) "
        "VALUES ($1, $2, $3::boolean, $4::bigint) "
        "ON CONFLICT (login) DO UPDATE SET employee_code = excluded.employee_code, "
        "disabled = excluded.disabled, version = excluded.version, updated_at = now () "
        "WHERE sf_org_account.version < excluded.version", 4, values);
    if (changed <= 0)
        return (int) changed;
    const char *login [] = { wire->login };
    if (sf_db_exec (db, "DELETE FROM sf_org_grant WHERE login = $1", 1, login) < 0)
        return -1;
    for (size_t i = 0; i < wire->n_grants; i++) {
        const char *grant [] = { wire->login, wire->grants [i]->role, wire->grants [i]->node_code };
        if (sf_db_exec (db, "INSERT INTO sf_org_grant (login, role, node_code) VALUES ($1, $2, $3) "
                            "ON CONFLICT DO NOTHING", 3, grant) < 0)
            return -1;
    }
    return 1;
}

static int
s_apply_account (sf_db_t *db, const sf_event_t *event)
{
    sf_log_ctx_t ctx = { .event_id = event->event_id, .plant = event->plant };
    if (!event->payload_type || strcmp (event->payload_type, S_ACCOUNT_PAYLOAD_TYPE) != 0) {
        sf_log (SF_LOG_WARN, &ctx, "org copy: %s carries %s, not " S_ACCOUNT_PAYLOAD_TYPE,
                event->type, event->payload_type? event->payload_type: "nothing");
        return -1;
    }
    Directory__Account *wire = sf_event_payload (event, &directory__account__descriptor, "login");
    if (!wire)
        return -1;
    int rc = 0;
    const char *invalid = s_account_invalid (wire);
    if (invalid) {
        sf_log (SF_LOG_WARN, &ctx, "org copy: %s: %s", event->type, invalid);
        rc = -1;
    }
    else {
        int changed = s_upsert_account (db, wire);
        if (changed < 0) {
            sf_log (SF_LOG_WARN, &ctx, "org copy: %s %s: %s", event->type, wire->login, sf_db_error (db));
            rc = -1;
        }
        else
            sf_log (SF_LOG_DEBUG, &ctx, "org copy: %s %s version %" PRId64 " %s", event->type,
                    wire->login, (int64_t) wire->version, changed? "applied": "older than ours, ignored");
    }
    sf_pb_destroy (&wire);
    return rc;
}

int
sf_org_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    assert (db && event);
    if (s_listed (event->type, s_account_events))
        return s_apply_account (db, event);
    if (!s_listed (event->type, s_node_events))
        return 0;
    sf_log_ctx_t ctx = { .event_id = event->event_id, .plant = event->plant };
    if (!event->payload_type || strcmp (event->payload_type, S_PAYLOAD_TYPE) != 0) {
        sf_log (SF_LOG_WARN, &ctx, "org copy: %s carries %s, not " S_PAYLOAD_TYPE,
                event->type, event->payload_type? event->payload_type: "nothing");
        return -1;
    }
    Directory__Node *wire = sf_event_payload (event, &directory__node__descriptor, NULL);
    if (!wire)
        return -1;
    int rc = 0;
    const char *invalid = s_node_invalid (wire);
    if (invalid) {
        sf_log (SF_LOG_WARN, &ctx, "org copy: %s: %s", event->type, invalid);
        rc = -1;
    }
    else {
        int changed = s_upsert (db, wire);
        if (changed < 0) {
            sf_log (SF_LOG_WARN, &ctx, "org copy: %s %s: %s", event->type, wire->code, sf_db_error (db));
            rc = -1;
        }
        else
            sf_log (SF_LOG_DEBUG, &ctx, "org copy: %s %s version %" PRId64 " %s", event->type,
                    wire->code, (int64_t) wire->version, changed? "applied": "older than ours, ignored");
    }
    directory__node__free_unpacked (wire, NULL);
    return rc;
}

static void
s_copy (char *dest, size_t size, const char *text)
{
    snprintf (dest, size, "%s", text);
}

static void
s_node_from_row (sf_org_node_t *node, sf_rows_t *rows)
{
    memset (node, 0, sizeof *node);
    s_copy (node->code, sizeof node->code, sf_rows_text (rows, 0, 0));
    node->kind = (int) sf_rows_int (rows, 0, 1);
    s_copy (node->parent_code, sizeof node->parent_code, sf_rows_text (rows, 0, 2));
    s_copy (node->plant_code, sizeof node->plant_code, sf_rows_text (rows, 0, 3));
    s_copy (node->name_zh, sizeof node->name_zh, sf_rows_text (rows, 0, 4));
    s_copy (node->name_en, sizeof node->name_en, sf_rows_text (rows, 0, 5));
    node->active = sf_rows_bool (rows, 0, 6);
    node->version = sf_rows_int (rows, 0, 7);
}

//  Runs a query that answers at most one node. Returns 1 found (node filled unless NULL),
//  0 none, -1 on error.
static int
s_query_node (sf_db_t *db, const char *sql, int nparams, const char *const *values, sf_org_node_t *node)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found && node)
        s_node_from_row (node, rows);
    sf_rows_destroy (&rows);
    return found;
}

int
sf_org_find (sf_db_t *db, const char *code, sf_org_node_t *node)
{
    assert (db && code);
    sf_org_node_t found_node;
    if (sf_scope_cache_node (code, &found_node)) {
        //  Noted again: the process's notes may have been emptied (full) while the node
        //  stayed kept.
        sf_unit_plant_note (found_node.code, found_node.plant_code);
        if (node)
            *node = found_node;
        return 1;
    }
    const char *values [] = { code };
    //  A copy no command writes: its read may go out in any round of a gathered group.
    sf_db_side (db, sf_scope_cache_active ());
    int found = s_query_node (db, "SELECT " S_NODE_COLUMNS " FROM sf_org_node n WHERE n.code = $1", 1, values,
                              &found_node);
    sf_db_side (db, false);
    if (found == 1) {
        sf_scope_cache_node_keep (&found_node);
        sf_unit_plant_note (found_node.code, found_node.plant_code);
        if (node)
            *node = found_node;
    }
    return found;
}

int
sf_org_within (sf_db_t *db, const char *code, const char *ancestor)
{
    assert (db && code && ancestor);
    const char *values [] = { code, ancestor };
    //  UNION, not UNION ALL: a loop in the copy yields rows already seen, which end the walk.
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE up (code, parent_code) AS ("
        " SELECT code, parent_code FROM sf_org_node WHERE code = $1"
        " UNION SELECT n.code, n.parent_code FROM sf_org_node n JOIN up ON n.code = up.parent_code)"
        " SELECT EXISTS (SELECT 1 FROM up WHERE code = $2)", 2, values);
    if (!rows)
        return -1;
    int within = sf_rows_bool (rows, 0, 0)? 1: 0;
    sf_rows_destroy (&rows);
    return within;
}

int
sf_org_ancestor_of_kind (sf_db_t *db, const char *code, int kind, sf_org_node_t *node)
{
    assert (db && code);
    char kind_text [16];
    snprintf (kind_text, sizeof kind_text, "%d", kind);
    const char *values [] = { code, kind_text };
    //  The walk carries each node's kind and the answer is read by its code: joined back to
    //  the whole copy, a cached generic plan hashed every node of it on each call.
    return s_query_node (db,
        "WITH RECURSIVE up (code, parent_code, kind, depth) AS ("
        " SELECT code, parent_code, kind, 0 FROM sf_org_node WHERE code = $1"
        " UNION ALL SELECT n.code, n.parent_code, n.kind, up.depth + 1 FROM sf_org_node n"
        " JOIN up ON n.code = up.parent_code)"
        " CYCLE code SET looped USING path"
        " SELECT " S_NODE_COLUMNS " FROM sf_org_node n WHERE n.code ="
        " (SELECT code FROM up WHERE kind = $2::smallint ORDER BY depth LIMIT 1)", 2, values, node);
}

int
sf_org_account_find (sf_db_t *db, const char *login, sf_org_account_t *account)
{
    assert (db && login);
    const char *values [] = { login };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT login, employee_code, disabled, version FROM sf_org_account WHERE login = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found && account) {
        memset (account, 0, sizeof *account);
        s_copy (account->login, sizeof account->login, sf_rows_text (rows, 0, 0));
        s_copy (account->employee_code, sizeof account->employee_code, sf_rows_text (rows, 0, 1));
        account->disabled = sf_rows_bool (rows, 0, 2);
        account->version = sf_rows_int (rows, 0, 3);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
sf_org_account_grants (sf_db_t *db, const char *login, sf_org_grant_t *grants, int max)
{
    assert (db && login && (grants || max == 0));
    const char *values [] = { login };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT g.role, g.node_code FROM sf_org_grant g JOIN sf_org_account a ON a.login = g.login "
        "WHERE g.login = $1 AND NOT a.disabled ORDER BY g.node_code, g.role", 1, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count && row < max; row++) {
        memset (&grants [row], 0, sizeof grants [row]);
        s_copy (grants [row].role, sizeof grants [row].role, sf_rows_text (rows, row, 0));
        s_copy (grants [row].node_code, sizeof grants [row].node_code, sf_rows_text (rows, row, 1));
    }
    sf_rows_destroy (&rows);
    return count;
}

//  Applies one page of ExportNodes; fills *last_id. Returns the nodes in it, or -1.
static int
s_sync_page (sf_db_t *db, const sf_reply_t *reply, int64_t *last_id)
{
    Directory__NodeList *list = directory__node_list__unpack (NULL, reply->body_size, reply->body);
    if (!list) {
        sf_warn ("org copy: directory.ExportNodes answered a body that does not decode");
        return -1;
    }
    int rc = sf_db_begin (db);
    for (size_t index = 0; rc == 0 && index < list->n_nodes; index++) {
        const Directory__Node *node = list->nodes [index];
        const char *invalid = s_node_invalid (node);
        if (invalid)
            sf_warn ("org copy: node %" PRId64 " from the directory skipped: %s", (int64_t) node->id, invalid);
        else
        if (s_upsert (db, node) < 0)
            rc = -1;
        *last_id = node->id;
    }
    if (rc == 0)
        rc = sf_db_commit (db);
    else
        sf_db_rollback (db);
    int count = (int) list->n_nodes;
    directory__node_list__free_unpacked (list, NULL);
    if (rc) {
        sf_warn ("org copy: applying the directory's nodes failed: %s", sf_db_error (db));
        return -1;
    }
    return count;
}

//  Applies one page of ListAccounts in a transaction; fills *next (the caller frees it, NULL
//  on the last page). Returns the accounts in it, or -1.
static int
s_sync_accounts_page (sf_db_t *db, const sf_reply_t *reply, char **next)
{
    Directory__AccountList *list = directory__account_list__unpack (NULL, reply->body_size, reply->body);
    if (!list) {
        sf_warn ("org copy: directory.ListAccounts answered a body that does not decode");
        return -1;
    }
    int rc = sf_db_begin (db);
    for (size_t index = 0; rc == 0 && index < list->n_accounts; index++) {
        const Directory__Account *account = list->accounts [index];
        const char *invalid = s_account_invalid (account);
        if (invalid)
            sf_warn ("org copy: account %s from the directory skipped: %s", account->login, invalid);
        else
        if (s_upsert_account (db, account) < 0)
            rc = -1;
    }
    if (rc == 0)
        rc = sf_db_commit (db);
    else
        sf_db_rollback (db);
    int count = (int) list->n_accounts;
    *next = *list->next_page_token? strdup (list->next_page_token): NULL;
    directory__account_list__free_unpacked (list, NULL);
    if (rc) {
        sf_warn ("org copy: applying the directory's accounts failed: %s", sf_db_error (db));
        free (*next);
        *next = NULL;
        return -1;
    }
    return count;
}

//  Reads every account with its grants (directory.ListAccounts, page by page). Returns the
//  number read, or -1.
static int64_t
s_sync_accounts (sf_db_t *db, sf_rpc_client_t *client, const char *directory_endpoint)
{
    int64_t total = 0;
    char *token = NULL;
    do {
        Directory__ListAccounts request = DIRECTORY__LIST_ACCOUNTS__INIT;
        request.page_size = S_EXPORT_PAGE;
        request.page_token = token? token: (char *) "";
        size_t size;
        uint8_t *body = sf_codec_pack (&request.base, &size);
        sf_reply_t reply;
        int rc = sf_rpc_client_call (client, "directory.ListAccounts", body, size, NULL, &reply);
        free (body);
        free (token);
        token = NULL;
        if (rc || reply.status != SF_OK) {
            sf_warn ("org copy: the directory at %s did not give its accounts (%s)", directory_endpoint,
                     reply.reason_en? reply.reason_en: "no answer");
            sf_reply_clear (&reply);
            return -1;
        }
        int count = s_sync_accounts_page (db, &reply, &token);
        sf_reply_clear (&reply);
        if (count < 0)
            return -1;
        total += count;
    } while (token);
    return total;
}

int64_t
sf_org_sync (sf_db_t *db, const char *directory_endpoint, int timeout_ms)
{
    assert (db && directory_endpoint);
    sf_rpc_client_t *client = sf_rpc_client_new (directory_endpoint);
    sf_rpc_client_set_server (client, "directory");
    sf_rpc_client_set_actor (client, "sf-org-sync", "service", "", "");
    sf_rpc_client_set_retry (client, timeout_ms, 2);
    int64_t total = 0, after_id = 0;
    for (;;) {
        Directory__ExportNodes request = DIRECTORY__EXPORT_NODES__INIT;
        request.after_id = after_id;
        request.limit = S_EXPORT_PAGE;
        size_t size;
        uint8_t *body = sf_codec_pack (&request.base, &size);
        sf_reply_t reply;
        int rc = sf_rpc_client_call (client, "directory.ExportNodes", body, size, NULL, &reply);
        free (body);
        if (rc || reply.status != SF_OK) {
            sf_warn ("org copy: the directory at %s did not give its nodes (%s)", directory_endpoint,
                     reply.reason_en? reply.reason_en: "no answer");
            sf_reply_clear (&reply);
            total = -1;
            break;
        }
        int count = s_sync_page (db, &reply, &after_id);
        sf_reply_clear (&reply);
        if (count < 0) {
            total = -1;
            break;
        }
        total += count;
        if (count < S_EXPORT_PAGE)
            break;
    }
    int64_t accounts = total >= 0? s_sync_accounts (db, client, directory_endpoint): 0;
    sf_rpc_client_destroy (&client);
    if (total >= 0)
        sf_info ("org copy: %" PRId64 " nodes read from the directory at %s, and %" PRId64 " accounts", total,
                 directory_endpoint, accounts);
    return accounts < 0? -1: total;
}
