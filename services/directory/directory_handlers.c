/*  directory_handlers: one small function per request type. The rpc server has unpacked
    the body into its generated type and checked its text before a handler runs; what is
    left here are the directory's own rules. Writes run inside the group transaction the
    server opened; each change emits its event through the outbox.                        */
#include "directory_handlers.h"
#include "directory_accounts.h"
#include "directory_messages.h"
#include "directory_rules.h"
#include "directory_store.h"
#include "sf_id_block.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_stream.h"
#include "sf_unit_plant.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CODE_SHOWN_MAX 64             //  a longer code is not repeated in the reason

//  Checks a code; 0, or -1 with the reply set.
static int
s_check_code (sf_call_t *call, const char *code)
{
    size_t size = strlen (code);
    if (directory_code_valid (code, size))
        return 0;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_CODE, size <= S_CODE_SHOWN_MAX? code: "?",
                  DIRECTORY_CODE_MAX_CHARS);
    return -1;
}

//  Checks both names; 0, or -1 with the reply set.
static int
s_check_names (sf_call_t *call, const char *name_zh, const char *name_en)
{
    if (!directory_name_zh_valid (name_zh)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_NAME_ZH, DIRECTORY_NAME_ZH_MAX_CHARS);
        return -1;
    }
    if (!directory_name_en_valid (name_en)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_NAME_EN, DIRECTORY_NAME_EN_MAX_BYTES);
        return -1;
    }
    return 0;
}

int
directory_scope_check (sf_call_t *call, const char *roles, const char *unit)
{
    //  The rpc server resolves the actor before any handler runs: no scope is our bug.
    assert (call->scope);
    int covers = sf_scope_covers (call->db, call->scope, roles, SF_REACH_GRANT, unit);
    if (covers < 0)
        sf_call_fail_db (call, "the reach of the actor's grants");
    else
    if (!covers)
        sf_call_fail (call, SF_PERMISSION_DENIED, &SF_SCOPE_MSG_OUT_OF_SCOPE, unit);
    return covers == 1? 0: -1;
}

bool
directory_holds_role (const sf_call_t *call, const char *roles)
{
    assert (call->scope);
    if (call->scope->service)
        return sf_actor_has_role (&call->request->actor, roles);
    sf_actor_t probe = { .role_count = 1 };
    for (int g = 0; g < call->scope->count; g++) {
        probe.roles [0] = (char *) call->scope->grants [g].grant.role;
        if (sf_actor_has_role (&probe, roles))
            return true;
    }
    return false;
}

int
directory_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
                int64_t version, const char *plant, const ProtobufCMessage *payload)
{
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (aggregate_id),
        .aggregate_version = version, .plant = strdup (plant? plant: "")
    };
    sf_event_set_payload (&event, payload);
    int rc = sf_call_emit (call, sf_stream_name (DIRECTORY_TOPIC), &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing the event");
    return rc;
}

//  Emits org.unit_<what> or org.employee_<what> with the node as payload.
static int
s_emit (sf_call_t *call, const char *what, const Directory__Node *node)
{
    char type [64];
    snprintf (type, sizeof type, "org.%s_%s", node->kind == DIRECTORY__KIND__KIND_EMPLOYEE? "employee": "unit", what);
    return directory_emit (call, type, "org_node", node->code, node->version, node->plant_code, &node->base);
}

//  Finds code into *node (the caller destroys it); on absence or error sets the reply.
//  Returns 1 found, 0/-1 otherwise.
static int
s_find (sf_call_t *call, const char *code, directory_lock_t lock, const sf_text_t *missing, Directory__Node **node)
{
    if (s_check_code (call, code))
        return -1;
    int found = directory_store_find (call->db, code, lock, node);
    if (found < 0)
        sf_call_fail_db (call, "looking up a node");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, missing, code);
    return found;
}

//  Finds parent_code into *parent: an active node that may hold a child of kind. Returns
//  0, or -1 with the reply set and *parent NULL.
static int
s_find_parent (sf_call_t *call, const char *parent_code, int kind, Directory__Node **parent)
{
    if (s_find (call, parent_code, DIRECTORY_LOCK_SHARE, &DIRECTORY_MSG_PARENT_NOT_FOUND, parent) != 1)
        return -1;
    if (!(*parent)->active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_INACTIVE, parent_code);
    else
    if (!directory_kind_parent_ok ((*parent)->kind, kind))
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_BAD_PARENT_KIND, parent_code,
                      directory_kind_name_zh (kind), directory_kind_name (kind),
                      directory_kind_name_zh ((*parent)->kind), directory_kind_name ((*parent)->kind));
    else
        return 0;
    sf_pb_destroy (parent);
    return -1;
}

//  The checks of a create that need no database; 0, or -1 with the reply set.
static int
s_check_create (sf_call_t *call, const Directory__CreateNode *create)
{
    if (create->kind < DIRECTORY__KIND__KIND_COMPANY || create->kind > DIRECTORY__KIND__KIND_EMPLOYEE) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_KIND, create->kind);
        return -1;
    }
    if (s_check_code (call, create->code) || s_check_names (call, create->name_zh, create->name_en))
        return -1;
    bool employee = create->kind == DIRECTORY__KIND__KIND_EMPLOYEE;
    bool employment = create->employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR
                   || create->employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH;
    bool root = directory_kind_is_root (create->kind);
    if (employee && !employment)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_EMPLOYMENT_NEEDED);
    else
    if (!employee && create->employment_type)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_EMPLOYMENT_NOT_ALLOWED);
    else
    if (root && *create->parent_code)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_COMPANY_PARENT);
    else
    if (!root && !*create->parent_code)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PARENT_NEEDED,
                      directory_kind_name_zh (create->kind), directory_kind_name (create->kind));
    else
        return 0;
    return -1;
}

//  Stores node with the reply for an insert that found its code taken or failed; 0 when
//  inserted (inserted is the store's answer: 0, 1 conflict, -1 error).
static int
s_inserted (sf_call_t *call, const Directory__Node *node, int inserted)
{
    if (inserted < 0)
        sf_call_fail_db (call, "inserting a node");
    else
    if (inserted > 0)
        sf_call_fail (call, SF_ALREADY_EXISTS, &DIRECTORY_MSG_EXISTS, node->code);
    return inserted? -1: 0;
}

//  Stores the company: the caller must hold a root role and there must be none yet. 0, or -1
//  with the reply set.
static int
s_insert_root (sf_call_t *call, Directory__Node *node)
{
    if (!directory_holds_role (call, DIRECTORY_ROOT_ROLES)) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &DIRECTORY_MSG_ROOT_NEEDS_ADMIN);
        return -1;
    }
    int company = directory_store_company_exists (call->db);
    if (company < 0)
        sf_call_fail_db (call, "looking up the company");
    else
    if (company)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_SECOND_COMPANY);
    return company? -1: s_inserted (call, node, directory_store_insert (call->db, node));
}

//  Stores node under its parent checked at commit (sf_call_t.checked_at_commit), when this
//  process knows the plant code it takes: a plant's own code, any other node's its parent's as
//  the process last noted it (sf_unit_plant, a hint: the insert checks it). Its id taken
//  ahead, the node as the insert would read it back, the insert queued. 0 queued, 1 not known
//  ahead, -1 with the reply set.
static int
s_insert_ahead (sf_call_t *call, Directory__Node *node)
{
    char plant [DIRECTORY_CODE_MAX_CHARS + 1];
    if (node->kind == DIRECTORY__KIND__KIND_PLANT)
        snprintf (plant, sizeof plant, "%s", node->code);
    else
    if (!sf_unit_plant_find (node->parent_code, plant, sizeof plant))
        return 1;
    if (sf_id_block_next (call->db, "org_node", &node->id)) {
        sf_call_fail_db (call, "taking node ids");
        return -1;
    }
    node->version = 1;
    node->active = true;
    sf_pb_set (&node->plant_code, plant);
    if (directory_store_insert_under_checked (call->db, node)) {
        sf_call_fail_db (call, "inserting a node");
        return -1;
    }
    sf_unit_plant_note (node->code, node->plant_code);
    return 0;
}

//  Stores node under its parent: one statement that checks the parent as it inserts (active,
//  of a kind that takes the node), and only when it inserted nothing the parent looked up to
//  say why, or else that the code is taken. Checked at commit, the statement checks itself
//  and is not waited for (s_insert_ahead). 0, or -1 with the reply set.
static int
s_insert_under (sf_call_t *call, Directory__Node *node)
{
    if (s_check_code (call, node->parent_code)
    ||  directory_scope_check (call, DIRECTORY_WRITER_ROLES, node->parent_code))
        return -1;
    int ahead = call->checked_at_commit? s_insert_ahead (call, node): 1;
    if (ahead <= 0)
        return ahead;
    int inserted = directory_store_insert_under (call->db, node);
    if (inserted == 0) {
        //  The node's plant, and so its parent's (a plant's parent is above the plants).
        sf_unit_plant_note (node->code, node->plant_code);
        if (node->kind != DIRECTORY__KIND__KIND_PLANT)
            sf_unit_plant_note (node->parent_code, node->plant_code);
    }
    if (inserted <= 0)
        return s_inserted (call, node, inserted);
    Directory__Node *parent = NULL;
    if (s_find_parent (call, node->parent_code, node->kind, &parent))
        return -1;
    sf_pb_destroy (&parent);
    return s_inserted (call, node, inserted);
}

Directory__Node *
directory_create (sf_call_t *call, const Directory__CreateNode *create)
{
    if (directory_store_lock_tree (call->db, false)) {
        sf_call_fail_db (call, "locking the tree");
        return NULL;
    }
    if (s_check_create (call, create))
        return NULL;
    Directory__Node *node = sf_pb_new (&directory__node__descriptor);
    node->kind = create->kind;
    sf_pb_set (&node->code, create->code);
    sf_pb_set (&node->name_zh, create->name_zh);
    sf_pb_set (&node->name_en, create->name_en);
    sf_pb_set (&node->parent_code, create->parent_code);
    sf_pb_set (&node->plant_code, "");
    node->employment_type = create->employment_type;
    int rc = directory_kind_is_root (create->kind)? s_insert_root (call, node): s_insert_under (call, node);
    if (rc || s_emit (call, "created", node))
        sf_pb_destroy (&node);
    return node;
}

int
directory_rename (sf_call_t *call, Directory__Node *node, const char *name_zh, const char *name_en)
{
    if (directory_scope_check (call, DIRECTORY_WRITER_ROLES, node->code) || s_check_names (call, name_zh, name_en))
        return -1;
    sf_pb_set (&node->name_zh, name_zh);
    sf_pb_set (&node->name_en, name_en);
    if (directory_store_rename (call->db, node)) {
        sf_call_fail_db (call, "renaming a node");
        return -1;
    }
    return s_emit (call, "renamed", node);
}

int
directory_move (sf_call_t *call, Directory__Node *node, const char *new_parent_code)
{
    if (directory_store_lock_tree (call->db, true)) {
        sf_call_fail_db (call, "locking the tree");
        return -1;
    }
    //  Out of one unit the actor keeps, into another it keeps: both ends within its grants.
    if (directory_scope_check (call, DIRECTORY_WRITER_ROLES, node->code) || s_check_code (call, new_parent_code)
    ||  directory_scope_check (call, DIRECTORY_WRITER_ROLES, new_parent_code))
        return -1;
    if (directory_kind_is_root (node->kind)) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_COMPANY_MOVE);
        return -1;
    }
    if (!node->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_INACTIVE, node->code);
        return -1;
    }
    Directory__Node *parent = NULL;
    if (s_find_parent (call, new_parent_code, node->kind, &parent))
        return -1;
    int within = directory_store_is_within (call->db, parent->id, node->id);
    if (within < 0)
        sf_call_fail_db (call, "checking for a cycle");
    else
    if (within)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_CYCLE, node->code, new_parent_code);
    else {
        sf_pb_set (&node->parent_code, new_parent_code);
        sf_pb_set (&node->plant_code, node->kind == DIRECTORY__KIND__KIND_PLANT? node->code: parent->plant_code);
    }
    sf_pb_destroy (&parent);
    if (within)
        return -1;
    Directory__NodeList *relocated = directory_store_move (call->db, node);
    int rc = relocated? s_emit (call, "moved", node): -1;
    if (!relocated)
        sf_call_fail_db (call, "moving a node");
    for (size_t i = 0; rc == 0 && i < relocated->n_nodes; i++)
        rc = s_emit (call, "plant_changed", relocated->nodes [i]);
    sf_pb_destroy (&relocated);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Request types

static void
s_create_node (sf_call_t *call)
{
    Directory__Node *node = directory_create (call, SF_CALL_BODY (call, Directory__CreateNode));
    if (node)
        sf_call_reply (call, &node->base);
    sf_pb_destroy (&node);
}

static void
s_rename_node (sf_call_t *call)
{
    const Directory__RenameNode *rename = SF_CALL_BODY (call, Directory__RenameNode);
    Directory__Node *node = NULL;
    if (s_find (call, rename->code, DIRECTORY_LOCK_UPDATE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        bool same = strcmp (node->name_zh, rename->name_zh) == 0 && strcmp (node->name_en, rename->name_en) == 0;
        if (same || directory_rename (call, node, rename->name_zh, rename->name_en) == 0)
            sf_call_reply (call, &node->base);
    }
    sf_pb_destroy (&node);
}

static void
s_move_node (sf_call_t *call)
{
    const Directory__MoveNode *move = SF_CALL_BODY (call, Directory__MoveNode);
    Directory__Node *node = NULL;
    //  The tree before the node, in the order creates take them (tree, then parent row),
    //  so a move and a create under the moving node cannot deadlock.
    if (directory_store_lock_tree (call->db, true))
        sf_call_fail_db (call, "locking the tree");
    else
    if (s_find (call, move->code, DIRECTORY_LOCK_UPDATE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        bool same = strcmp (node->parent_code, move->new_parent_code) == 0;
        if (same || directory_move (call, node, move->new_parent_code) == 0)
            sf_call_reply (call, &node->base);
    }
    sf_pb_destroy (&node);
}

static void
s_deactivate_node (sf_call_t *call)
{
    const Directory__DeactivateNode *deactivate = SF_CALL_BODY (call, Directory__DeactivateNode);
    Directory__Node *node = NULL;
    if (s_find (call, deactivate->code, DIRECTORY_LOCK_UPDATE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        int64_t children = node->active? directory_store_active_children (call->db, node->id): 0;
        if (!node->active)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_INACTIVE, node->code);
        else
        if (children < 0)
            sf_call_fail_db (call, "counting children");
        else
        if (children > 0)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_HAS_CHILDREN, node->code, (long long) children);
        else
        if (directory_store_deactivate (call->db, node))
            sf_call_fail_db (call, "deactivating a node");
        else
        if (s_emit (call, "deactivated", node) == 0)
            sf_call_reply (call, &node->base);
    }
    sf_pb_destroy (&node);
}

static void
s_get_node (sf_call_t *call)
{
    Directory__Node *node = NULL;
    if (s_find (call, SF_CALL_BODY (call, Directory__GetNode)->code, DIRECTORY_LOCK_NONE,
                &DIRECTORY_MSG_NOT_FOUND, &node) == 1)
        sf_call_reply (call, &node->base);
    sf_pb_destroy (&node);
}

//  Answers with list, or fails when reading it failed (NULL); destroys it.
static void
s_reply_list (sf_call_t *call, Directory__NodeList *list, const char *what)
{
    if (list)
        sf_call_reply (call, &list->base);
    else
        sf_call_fail_db (call, what);
    sf_pb_destroy (&list);
}

//  Answers with one page of a list (NULL: reading it failed), whose next page starts after
//  the node whose key is next (NULL: this is the last page); destroys list and next.
static void
s_reply_page (sf_call_t *call, Directory__NodeList *list, char *next, const char *what)
{
    if (list && next) {
        const char *keys [] = { next };
        char *token = sf_page_token (call, keys, 1);
        sf_pb_set (&list->next_page_token, token);
        free (token);
    }
    s_reply_list (call, list, what);
    free (next);
}

static void
s_list_subtree (sf_call_t *call)
{
    const Directory__ListSubtree *list = SF_CALL_BODY (call, Directory__ListSubtree);
    sf_page_t page;
    if (sf_page_open (call, list->page_size, list->page_token, 1, &page))
        return;
    Directory__Node *root = NULL;
    if (s_find (call, list->code, DIRECTORY_LOCK_NONE, &DIRECTORY_MSG_NOT_FOUND, &root) == 1) {
        char *next;
        Directory__NodeList *nodes = directory_store_subtree (call->db, root->id, list->include_inactive,
                                                              list->max_depth, page.after? page.after [0]: NULL,
                                                              page.size, &next);
        s_reply_page (call, nodes, next, "listing a subtree");
    }
    sf_pb_destroy (&root);
    sf_page_close (&page);
}

static void
s_export_nodes (sf_call_t *call)
{
    const Directory__ExportNodes *export = SF_CALL_BODY (call, Directory__ExportNodes);
    //  after_id and limit are the paging ExportNodes had before page_token and page_size.
    int32_t page_size = export->page_size? export->page_size: export->limit > 0? export->limit: 0;
    sf_page_t page;
    if (sf_page_open (call, page_size, export->page_token, 1, &page))
        return;
    int64_t after_id = export->after_id;
    if (!page.after || sf_page_after_int (call, &page, 0, &after_id) == 0) {
        char *next;
        Directory__NodeList *nodes = directory_store_export (call->db, after_id, page.size, &next);
        s_reply_page (call, nodes, next, "exporting nodes");
    }
    sf_page_close (&page);
}

static void
s_get_chain (sf_call_t *call)
{
    Directory__Node *node = NULL;
    if (s_find (call, SF_CALL_BODY (call, Directory__GetChain)->code, DIRECTORY_LOCK_NONE,
                &DIRECTORY_MSG_NOT_FOUND, &node) == 1)
        s_reply_list (call, directory_store_chain (call->db, node->id), "reading a chain");
    sf_pb_destroy (&node);
}

//  The unit a new node goes under: its parent. The company has none: the rpc server's check
//  is left to directory_create, which lets only DIRECTORY_ROOT_ROLES create it.
static int
s_create_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Directory__CreateNode *create = SF_CALL_BODY (call, Directory__CreateNode);
    if (!*create->parent_code)
        return 1;
    sf_scope_units_add (units, create->parent_code);
    return 0;
}

//  Who may do what (README, "Who may do what"). Writes need a writer's grant covering the
//  node they change (a move: also its new parent, in directory_move; a create: the parent),
//  accounts a writer's grant covering the account's employee, grants the node granted on.
//  Reads of nodes reach the plants of the actor's grants (a worker sees its plant's org, never
//  another plant's); an empty code reads the actor's own unit. The whole org (ExportNodes,
//  the org copies' snapshot) is the service's and an admin's; ListAccounts lists only what the
//  actor's writer grants cover. Login declares nothing: any resolved actor (the service, as a
//  front acting for a person not yet logged in) may check a password.
const sf_route_t directory_routes [] = {
    { .request = &directory__create_node__descriptor, .reply = &directory__node__descriptor, .handler = s_create_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES, .required = "name_zh", .scope_of = s_create_units,
      .checked_at_commit = true },
    { .request = &directory__rename_node__descriptor, .reply = &directory__node__descriptor, .handler = s_rename_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES, .required = "name_zh,code", .scope = "code" },
    { .request = &directory__move_node__descriptor, .reply = &directory__node__descriptor, .handler = s_move_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES, .required = "code", .scope = "code" },
    { .request = &directory__deactivate_node__descriptor, .reply = &directory__node__descriptor, .handler = s_deactivate_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES, .required = "code", .scope = "code" },
    { .request = &directory__import_csv__descriptor, .reply = &directory__import_result__descriptor, .handler = directory_import_csv,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__get_node__descriptor, .reply = &directory__node__descriptor, .handler = s_get_node,
      .scope = "code", .reach = SF_REACH_PLANT, .lookup = true },
    { .request = &directory__list_subtree__descriptor, .reply = &directory__node_list__descriptor,
      .handler = s_list_subtree, .scope = "code", .reach = SF_REACH_PLANT },
    { .request = &directory__export_nodes__descriptor, .reply = &directory__node_list__descriptor,
      .handler = s_export_nodes, .roles = DIRECTORY_ROOT_ROLES },
    { .request = &directory__get_chain__descriptor, .reply = &directory__node_list__descriptor, .handler = s_get_chain,
      .scope = "code", .reach = SF_REACH_PLANT, .lookup = true },
    //  Accounts (directory_accounts.c). Each write locks its account row and the nodes it
    //  names, in no order shared with node commands, and CreateAccount and SetPassword hash a
    //  password for tens of milliseconds: each runs alone, holding up no group.
    { .request = &directory__create_account__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_create_account, .writes = true, .alone = true, .roles = DIRECTORY_WRITER_ROLES,
      .required = "login,employee_code,password", .secret = "password", .scope = "employee_code" },
    //  Any role: one's own password (scope_of: the actor's own unit); another's needs a
    //  DIRECTORY_PASSWORD_RESET_ROLES grant covering its employee, checked by the handler.
    { .request = &directory__set_password__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_set_password, .writes = true, .alone = true, .required = "login,new_password",
      .secret = "old_password,new_password", .scope_of = directory_own_account_units },
    { .request = &directory__disable_account__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_disable_account, .writes = true, .alone = true, .roles = DIRECTORY_WRITER_ROLES,
      .required = "login", .scope_of = directory_account_units },
    { .request = &directory__enable_account__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_enable_account, .writes = true, .alone = true, .roles = DIRECTORY_WRITER_ROLES,
      .required = "login", .scope_of = directory_account_units },
    { .request = &directory__grant_role__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_grant_role, .writes = true, .alone = true, .roles = DIRECTORY_WRITER_ROLES,
      .required = "login,role,node_code", .scope = "node_code" },
    { .request = &directory__revoke_role__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_revoke_role, .writes = true, .alone = true, .roles = DIRECTORY_WRITER_ROLES,
      .required = "login,role,node_code", .scope = "node_code" },
    //  One's own; another's needs a writer's grant covering its employee (the handler).
    { .request = &directory__get_account__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_get_account, .required = "login", .scope_of = directory_own_account_units,
      .lookup = true },
    { .request = &directory__list_accounts__descriptor, .reply = &directory__account_list__descriptor,
      .handler = directory_list_accounts, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__login__descriptor, .reply = &directory__account__descriptor,
      .handler = directory_login, .required = "login,password" },
    { 0 }
};
