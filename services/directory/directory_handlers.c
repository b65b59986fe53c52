/*  directory_handlers: one small function per request type. Writes run inside the group
    transaction the rpc server opened; each change emits its event through the outbox.     */
#include "directory_handlers.h"
#include "directory_kind.h"
#include "directory_messages.h"
#include "directory_rules.h"
#include "directory_store.h"
#include "directory.pb-c.h"
#include "sf_stream.h"
#include "sf_utf8.h"

#include <stdlib.h>
#include <string.h>


static bool
s_decode (sf_call_t *call, directory_command_t *command)
{
    if (directory_command_decode (call->request->type, call->request->body, call->request->body_size, command)) {
        sf_call_fail (call, SF_MALFORMED, &DIRECTORY_MSG_BAD_BODY, call->request->type);
        return false;
    }
    return true;
}

//  Checks a code; 0, or -1 with the reply set.
static int
s_check_code (sf_call_t *call, const char *code)
{
    size_t size = strlen (code);
    if (directory_code_valid (code, size))
        return 0;
    //  Repeat what was sent only when it is printable text of a sane length.
    bool printable = size <= 64 && sf_utf8_valid (code, size) && !sf_utf8_has_control (code, size);
    sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_CODE, printable? code: "?", DIRECTORY_CODE_MAX_CHARS);
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

//  Emits org.unit_<what> or org.employee_<what> with the node as payload.
static int
s_emit (sf_call_t *call, const char *what, const directory_node_t *node)
{
    char type [64];
    snprintf (type, sizeof type, "org.%s_%s", node->kind == DIR_KIND_EMPLOYEE? "employee": "unit", what);
    size_t size;
    uint8_t *payload = directory_node_encode (node, &size);
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup ("org_node"), .aggregate_id = strdup (node->code),
        .aggregate_version = node->version, .plant = strdup (node->plant_code),
        .payload_type = strdup ("directory.Node"), .payload = payload, .payload_size = size
    };
    int rc = sf_call_emit (call, sf_stream_name (DIRECTORY_TOPIC), &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing the event");
    return rc;
}

static void
s_reply_node (sf_call_t *call, const directory_node_t *node)
{
    size_t size;
    uint8_t *body = directory_node_encode (node, &size);
    sf_call_ok (call, "directory.Node", body, size);
    free (body);
}

//  Finds code; on absence or error sets the reply. Returns 1 found, 0/-1 otherwise.
static int
s_find (sf_call_t *call, const char *code, directory_lock_t lock, const sf_text_t *missing, directory_node_t *node)
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

//  Checks that parent_code names an active node that may hold a child of kind; fills parent.
static int
s_check_parent (sf_call_t *call, const char *parent_code, int kind, directory_node_t *parent)
{
    if (s_find (call, parent_code, DIRECTORY_LOCK_SHARE, &DIRECTORY_MSG_PARENT_NOT_FOUND, parent) != 1)
        return -1;
    if (!parent->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_INACTIVE, parent_code);
        return -1;
    }
    if (!directory_kind_parent_ok (parent->kind, kind)) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_BAD_PARENT_KIND, parent_code,
                      directory_kind_name_zh (kind), directory_kind_name (kind),
                      directory_kind_name_zh (parent->kind), directory_kind_name (parent->kind));
        return -1;
    }
    return 0;
}

int
directory_create (sf_call_t *call, directory_node_t *node)
{
    if (directory_store_lock_tree (call->db, false)) {
        sf_call_fail_db (call, "locking the tree");
        return -1;
    }
    if (node->kind < DIR_KIND_COMPANY || node->kind > DIR_KIND_EMPLOYEE) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_BAD_KIND, node->kind);
        return -1;
    }
    if (s_check_code (call, node->code) || s_check_names (call, node->name_zh, node->name_en))
        return -1;
    bool employee = node->kind == DIR_KIND_EMPLOYEE;
    if (employee && node->employment_type != DIR_EMPLOYMENT_REGULAR
                 && node->employment_type != DIR_EMPLOYMENT_LABOUR_DISPATCH) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_EMPLOYMENT_NEEDED);
        return -1;
    }
    if (!employee && node->employment_type) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_EMPLOYMENT_NOT_ALLOWED);
        return -1;
    }
    bool root = directory_kind_is_root (node->kind);
    if (root && *node->parent_code) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_COMPANY_PARENT);
        return -1;
    }
    if (!root && !*node->parent_code) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_PARENT_NEEDED,
                      directory_kind_name_zh (node->kind), directory_kind_name (node->kind));
        return -1;
    }
    free (node->plant_code);
    node->plant_code = NULL;
    if (root) {
        node->plant_code = strdup ("");
        int company = directory_store_company_exists (call->db);
        if (company < 0)
            sf_call_fail_db (call, "looking up the company");
        else
        if (company)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_SECOND_COMPANY);
        if (company)
            return -1;
    }
    else {
        directory_node_t parent = { 0 };
        int rc = s_check_parent (call, node->parent_code, node->kind, &parent);
        node->plant_code = strdup (node->kind == DIR_KIND_PLANT? node->code: parent.plant_code? parent.plant_code: "");
        directory_node_clear (&parent);
        if (rc)
            return -1;
    }
    int inserted = directory_store_insert (call->db, node);
    if (inserted < 0)
        sf_call_fail_db (call, "inserting a node");
    else
    if (inserted > 0)
        sf_call_fail (call, SF_ALREADY_EXISTS, &DIRECTORY_MSG_EXISTS, node->code);
    if (inserted)
        return -1;
    return s_emit (call, "created", node);
}

int
directory_rename (sf_call_t *call, directory_node_t *node, const char *name_zh, const char *name_en)
{
    if (s_check_names (call, name_zh, name_en))
        return -1;
    free (node->name_zh);
    free (node->name_en);
    node->name_zh = strdup (name_zh);
    node->name_en = strdup (name_en);
    if (directory_store_rename (call->db, node)) {
        sf_call_fail_db (call, "renaming a node");
        return -1;
    }
    return s_emit (call, "renamed", node);
}

int
directory_move (sf_call_t *call, directory_node_t *node, const char *new_parent_code)
{
    if (directory_store_lock_tree (call->db, true)) {
        sf_call_fail_db (call, "locking the tree");
        return -1;
    }
    if (directory_kind_is_root (node->kind)) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_COMPANY_MOVE);
        return -1;
    }
    if (!node->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_INACTIVE, node->code);
        return -1;
    }
    directory_node_t parent = { 0 };
    if (s_check_parent (call, new_parent_code, node->kind, &parent)) {
        directory_node_clear (&parent);
        return -1;
    }
    int within = directory_store_is_within (call->db, parent.id, node->id);
    if (within != 0) {
        if (within < 0)
            sf_call_fail_db (call, "checking for a cycle");
        else
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_CYCLE, node->code, new_parent_code);
        directory_node_clear (&parent);
        return -1;
    }
    free (node->parent_code);
    free (node->plant_code);
    node->parent_code = strdup (new_parent_code);
    node->plant_code = strdup (node->kind == DIR_KIND_PLANT? node->code: parent.plant_code);
    directory_node_clear (&parent);
    directory_node_list_t relocated = { 0 };
    int rc = directory_store_move (call->db, node, &relocated);
    if (rc)
        sf_call_fail_db (call, "moving a node");
    else
        rc = s_emit (call, "moved", node);
    for (size_t i = 0; rc == 0 && i < relocated.count; i++)
        rc = s_emit (call, "plant_changed", &relocated.nodes [i]);
    directory_node_list_clear (&relocated);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Request types

static void
s_create_node (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t node = {
        .kind = command.kind, .code = strdup (command.code), .name_zh = strdup (command.name_zh),
        .name_en = strdup (command.name_en), .parent_code = strdup (command.parent_code),
        .employment_type = command.employment_type
    };
    if (directory_create (call, &node) == 0)
        s_reply_node (call, &node);
    directory_node_clear (&node);
    directory_command_clear (&command);
}

static void
s_rename_node (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t node = { 0 };
    if (s_find (call, command.code, DIRECTORY_LOCK_UPDATE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        bool same = strcmp (node.name_zh, command.name_zh) == 0 && strcmp (node.name_en, command.name_en) == 0;
        if (same || directory_rename (call, &node, command.name_zh, command.name_en) == 0)
            s_reply_node (call, &node);
    }
    directory_node_clear (&node);
    directory_command_clear (&command);
}

static void
s_move_node (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t node = { 0 };
    //  The tree before the node, in the order creates take them (tree, then parent row),
    //  so a move and a create under the moving node cannot deadlock.
    if (directory_store_lock_tree (call->db, true))
        sf_call_fail_db (call, "locking the tree");
    else
    if (s_find (call, command.code, DIRECTORY_LOCK_UPDATE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        bool same = strcmp (node.parent_code, command.parent_code) == 0;
        if (same || directory_move (call, &node, command.parent_code) == 0)
            s_reply_node (call, &node);
    }
    directory_node_clear (&node);
    directory_command_clear (&command);
}

static void
s_deactivate_node (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t node = { 0 };
    if (s_find (call, command.code, DIRECTORY_LOCK_UPDATE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        int64_t children = node.active? directory_store_active_children (call->db, node.id): 0;
        if (!node.active)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_INACTIVE, node.code);
        else
        if (children < 0)
            sf_call_fail_db (call, "counting children");
        else
        if (children > 0)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_HAS_CHILDREN, node.code, (long long) children);
        else
        if (directory_store_deactivate (call->db, &node))
            sf_call_fail_db (call, "deactivating a node");
        else
        if (s_emit (call, "deactivated", &node) == 0)
            s_reply_node (call, &node);
    }
    directory_node_clear (&node);
    directory_command_clear (&command);
}

static void
s_get_node (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t node = { 0 };
    if (s_find (call, command.code, DIRECTORY_LOCK_NONE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1)
        s_reply_node (call, &node);
    directory_node_clear (&node);
    directory_command_clear (&command);
}

static void
s_reply_list (sf_call_t *call, const directory_node_list_t *list)
{
    size_t size;
    uint8_t *body = directory_node_list_encode (list, &size);
    sf_call_ok (call, "directory.NodeList", body, size);
    free (body);
}

static void
s_list_subtree (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t root = { 0 };
    directory_node_list_t list = { 0 };
    if (s_find (call, command.code, DIRECTORY_LOCK_NONE, &DIRECTORY_MSG_NOT_FOUND, &root) == 1) {
        if (directory_store_subtree (call->db, root.id, command.include_inactive, command.max_depth, &list))
            sf_call_fail_db (call, "listing a subtree");
        else
            s_reply_list (call, &list);
    }
    directory_node_list_clear (&list);
    directory_node_clear (&root);
    directory_command_clear (&command);
}

static void
s_export_nodes (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    int limit = command.limit <= 0? DIRECTORY_EXPORT_DEFAULT
              : command.limit > DIRECTORY_EXPORT_MAX? DIRECTORY_EXPORT_MAX: command.limit;
    directory_node_list_t list = { 0 };
    if (directory_store_export (call->db, command.after_id, limit, &list))
        sf_call_fail_db (call, "exporting nodes");
    else
        s_reply_list (call, &list);
    directory_node_list_clear (&list);
    directory_command_clear (&command);
}

static void
s_get_chain (sf_call_t *call)
{
    directory_command_t command;
    if (!s_decode (call, &command))
        return;
    directory_node_t node = { 0 };
    directory_node_list_t list = { 0 };
    if (s_find (call, command.code, DIRECTORY_LOCK_NONE, &DIRECTORY_MSG_NOT_FOUND, &node) == 1) {
        if (directory_store_chain (call->db, node.id, &list))
            sf_call_fail_db (call, "reading a chain");
        else
            s_reply_list (call, &list);
    }
    directory_node_list_clear (&list);
    directory_node_clear (&node);
    directory_command_clear (&command);
}

const sf_route_t directory_routes [] = {
    { .request = &directory__create_node__descriptor, .reply = &directory__node__descriptor, .handler = s_create_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__rename_node__descriptor, .reply = &directory__node__descriptor, .handler = s_rename_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__move_node__descriptor, .reply = &directory__node__descriptor, .handler = s_move_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__deactivate_node__descriptor, .reply = &directory__node__descriptor, .handler = s_deactivate_node,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__import_csv__descriptor, .reply = &directory__import_result__descriptor, .handler = directory_import_csv,
      .writes = true, .roles = DIRECTORY_WRITER_ROLES },
    { .request = &directory__get_node__descriptor, .reply = &directory__node__descriptor, .handler = s_get_node },
    { .request = &directory__list_subtree__descriptor, .reply = &directory__node_list__descriptor, .handler = s_list_subtree },
    { .request = &directory__export_nodes__descriptor, .reply = &directory__node_list__descriptor, .handler = s_export_nodes },
    { .request = &directory__get_chain__descriptor, .reply = &directory__node_list__descriptor, .handler = s_get_chain },
    { 0 }
};
