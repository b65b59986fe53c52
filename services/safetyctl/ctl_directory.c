/*  safetyctl directory: the org directory's commands. Each builds one generated request,
    sends it to the directory daemon and shows the node, the list or the import result that
    comes back (under --json, as the proto3 JSON mapping has the message). The daemon checks
    every rule; the client checks only what it must translate (kind and employment words).
    Writes take --key, so that running the same command line again after a failure takes
    effect at most once.                                                                    */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_import.h"
#include "ctl_node.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "directory_names.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

#define CTL_OPTION_CODE(zh, en) { "code", CTL_TEXT, "CODE", true, { zh, en } }

static const sf_text_t s_msg_bad_kind = {
    "未知的节点类型“%s”：可用 company、plant、department、team、post、employee，或 公司、厂区、部门、班组、岗位、员工",
    "unknown node kind '%s': use company, plant, department, team, post or employee"
};
static const sf_text_t s_msg_bad_employment = {
    "未知的用工类型“%s”：可用 regular（正式）或 labour_dispatch（劳务派遣）",
    "unknown employment type '%s': use regular or labour_dispatch"
};

//  Each takes (kind, code, name, version, parent).
static const sf_text_t s_msg_created = {
    "已创建 [%s] %s %s（版本 %lld）\n", "Created [%s] %s %s (version %lld)\n"
};
static const sf_text_t s_msg_renamed = {
    "已更名 [%s] %s 为 %s（版本 %lld）\n", "Renamed [%s] %s to %s (version %lld)\n"
};
static const sf_text_t s_msg_moved = {
    "已移动 [%s] %s %s（版本 %lld），上级现为 %s\n", "Moved [%s] %s %s (version %lld) under %s\n"
};
static const sf_text_t s_msg_deactivated = {
    "已停用 [%s] %s %s（版本 %lld）\n", "Deactivated [%s] %s %s (version %lld)\n"
};

static const sf_text_t s_msg_chain_link = { "%s（%s）", "%s (%s)" };
static const sf_text_t s_msg_imported = {
    "已导入“%s”：共 %d 行，新建 %d，更新 %d，未变 %d\n",
    "Imported '%s': %d rows, %d created, %d updated, %d unchanged\n"
};

static const sf_text_t s_label_code = { "编码", "Code" };
static const sf_text_t s_label_kind = { "类型", "Kind" };
static const sf_text_t s_label_name_zh = { "中文名称", "Chinese name" };
static const sf_text_t s_label_name_en = { "英文名称", "English name" };
static const sf_text_t s_label_parent = { "上级", "Parent" };
static const sf_text_t s_label_plant = { "厂区", "Plant" };
static const sf_text_t s_label_employment = { "用工类型", "Employment" };
static const sf_text_t s_label_state = { "状态", "State" };
static const sf_text_t s_label_version = { "版本", "Version" };
static const sf_text_t s_msg_active = { "在用", "active" };
static const sf_text_t s_msg_inactive = { "已停用", "deactivated" };

//  --------------------------------------------------------------------------------------
//  Calls and replies

//  Sends request to the directory and shows the Node it answers: under --json as it is, else
//  what became of it with done. Writes give their --key.
static int
s_write (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request, const sf_text_t *done)
{
    Directory__Node *node;
    int rc = ctl_daemon_show (ctl, "directory", request, ctl_args_get (args, "key"), &directory__node__descriptor,
                              &node);
    if (node)
        ctl_print (ctl, stdout, done, ctl_node_kind (ctl, node->kind), node->code, ctl_node_name (ctl, node),
                   (long long) node->version, node->parent_code);
    sf_pb_destroy (&node);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Commands

static int
s_create (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *kind = ctl_args_get (args, "kind");
    const char *employment = ctl_args_get (args, "employment");
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = directory_kind_parse (kind);
    create.code = (char *) ctl_args_get (args, "code");
    create.parent_code = (char *) ctl_args_get (args, "parent");
    create.name_zh = (char *) ctl_args_get (args, "name-zh");
    create.name_en = (char *) ctl_args_get (args, "name-en");
    create.employment_type = directory_employment_parse (employment);
    if (create.kind == DIRECTORY__KIND__KIND_UNSPECIFIED)
        return ctl_args_usage (ctl, args, &s_msg_bad_kind, kind);
    if (employment && create.employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED)
        return ctl_args_usage (ctl, args, &s_msg_bad_employment, employment);
    return s_write (ctl, args, &create.base, &s_msg_created);
}

static int
s_rename (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__RenameNode rename = DIRECTORY__RENAME_NODE__INIT;
    rename.code = (char *) ctl_args_get (args, "code");
    rename.name_zh = (char *) ctl_args_get (args, "name-zh");
    rename.name_en = (char *) ctl_args_get (args, "name-en");
    //  The request replaces both names: without --name-en, send the current English name.
    Directory__Node *current = NULL;
    if (!rename.name_en) {
        Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
        get.code = rename.code;
        if (ctl_daemon_request (ctl, "directory", &get.base, NULL, &directory__node__descriptor, &current))
            return CTL_EXIT_FAILED;
        rename.name_en = current->name_en;
    }
    int rc = s_write (ctl, args, &rename.base, &s_msg_renamed);
    sf_pb_destroy (&current);
    return rc;
}

static int
s_move (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__MoveNode move = DIRECTORY__MOVE_NODE__INIT;
    move.code = (char *) ctl_args_get (args, "code");
    move.new_parent_code = (char *) ctl_args_get (args, "parent");
    return s_write (ctl, args, &move.base, &s_msg_moved);
}

static int
s_deactivate (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__DeactivateNode deactivate = DIRECTORY__DEACTIVATE_NODE__INIT;
    deactivate.code = (char *) ctl_args_get (args, "code");
    return s_write (ctl, args, &deactivate.base, &s_msg_deactivated);
}

static void
s_print_node_fields (const ctl_t *ctl, const Directory__Node *node)
{
    ctl_table_t *table = ctl_table_new (2);
    ctl_table_add (table, ctl_text (ctl, &s_label_code));
    ctl_table_add (table, node->code);
    ctl_table_add (table, ctl_text (ctl, &s_label_kind));
    ctl_table_add (table, ctl_node_kind (ctl, node->kind));
    ctl_table_add (table, ctl_text (ctl, &s_label_name_zh));
    ctl_table_add (table, node->name_zh);
    ctl_table_add (table, ctl_text (ctl, &s_label_name_en));
    ctl_table_add (table, *node->name_en? node->name_en: "-");
    ctl_table_add (table, ctl_text (ctl, &s_label_parent));
    ctl_table_add (table, *node->parent_code? node->parent_code: "-");
    ctl_table_add (table, ctl_text (ctl, &s_label_plant));
    ctl_table_add (table, *node->plant_code? node->plant_code: "-");
    ctl_table_add (table, ctl_text (ctl, &s_label_employment));
    ctl_table_add (table, ctl_node_employment (ctl, node->employment_type));
    ctl_table_add (table, ctl_text (ctl, &s_label_state));
    ctl_table_add (table, ctl_text (ctl, node->active? &s_msg_active: &s_msg_inactive));
    ctl_table_add (table, ctl_text (ctl, &s_label_version));
    ctl_table_addf (table, "%lld", (long long) node->version);
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

static int
s_get (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__GetNode get = DIRECTORY__GET_NODE__INIT;
    get.code = (char *) ctl_args_get (args, "code");
    Directory__Node *node;
    int rc = ctl_daemon_show (ctl, "directory", &get.base, NULL, &directory__node__descriptor, &node);
    if (node)
        s_print_node_fields (ctl, node);
    sf_pb_destroy (&node);
    return rc;
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__ListSubtree subtree = DIRECTORY__LIST_SUBTREE__INIT;
    subtree.code = (char *) ctl_args_get (args, "code");
    subtree.include_inactive = ctl_args_get (args, "all") != NULL;
    subtree.max_depth = ctl_args_number (args, "depth", 0);
    Directory__NodeList *list;
    int rc = ctl_page_show (ctl, "directory", &subtree.base, ctl_args_number (args, "page-size", 0),
                            &directory__node_list__descriptor, &list);
    for (size_t i = 0; list && i < list->n_nodes; i++) {
        char *line = ctl_node_line (ctl, list->nodes [i]);
        printf ("%*s%s\n", 2 * list->nodes [i]->depth, "", line);
        free (line);
    }
    sf_pb_destroy (&list);
    return rc;
}

static int
s_chain (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__GetChain chain = DIRECTORY__GET_CHAIN__INIT;
    chain.code = (char *) ctl_args_get (args, "code");
    Directory__NodeList *list;
    int rc = ctl_daemon_show (ctl, "directory", &chain.base, NULL, &directory__node_list__descriptor, &list);
    if (list) {
        for (size_t i = 0; i < list->n_nodes; i++) {
            if (i)
                fputs (" → ", stdout);
            ctl_print (ctl, stdout, &s_msg_chain_link, ctl_node_name (ctl, list->nodes [i]), list->nodes [i]->code);
        }
        fputc ('\n', stdout);
    }
    sf_pb_destroy (&list);
    return rc;
}

static void
s_import_summary (const ctl_t *ctl, const char *file_name, const ProtobufCMessage *message)
{
    const Directory__ImportResult *result = (const Directory__ImportResult *) message;
    ctl_print (ctl, stdout, &s_msg_imported, file_name, result->rows, result->created, result->updated,
               result->unchanged);
}

static const ctl_import_t s_import_csv = {
    .daemon = "directory", .request = &directory__import_csv__descriptor,
    .result = &directory__import_result__descriptor, .summary = s_import_summary
};

static int
s_import (const ctl_t *ctl, const ctl_args_t *args)
{
    return ctl_import_run (ctl, &s_import_csv, args->operand, ctl_args_get (args, "key"));
}

//  --------------------------------------------------------------------------------------
//  The table

static const ctl_option_t s_create_options [] = {
    { "kind", CTL_TEXT, "KIND", true, {
        "节点类型：company、plant、department、team、post、employee，或 公司、厂区、部门、班组、岗位、员工",
        "node kind: company, plant, department, team, post or employee" } },
    CTL_OPTION_CODE ("新节点的编码，全企业唯一", "code of the new node, unique across the enterprise"),
    { "parent", CTL_TEXT, "CODE", false, {
        "上级节点的编码（公司之外都必须有）", "code of the parent node (every node but the company has one)" } },
    { "name-zh", CTL_TEXT, "NAME", true, { "中文名称", "Chinese name" } },
    { "name-en", CTL_TEXT, "NAME", false, { "英文名称", "English name" } },
    { "employment", CTL_TEXT, "TYPE", false, {
        "员工的用工类型：regular（正式）或 labour_dispatch（劳务派遣）",
        "employment type of an employee: regular or labour_dispatch" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_rename_options [] = {
    CTL_OPTION_CODE ("要更名的节点", "node to rename"),
    { "name-zh", CTL_TEXT, "NAME", true, { "新的中文名称", "new Chinese name" } },
    { "name-en", CTL_TEXT, "NAME", false, {
        "新的英文名称（不给则保留原英文名称，给空值则清除）",
        "new English name (left as it is when not given; an empty value clears it)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_move_options [] = {
    CTL_OPTION_CODE ("要移动的节点", "node to move"),
    { "parent", CTL_TEXT, "CODE", true, { "新的上级节点", "new parent node" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_deactivate_options [] = {
    CTL_OPTION_CODE ("要停用的节点（须已没有在用的下级）", "node to deactivate (it must have no active children)"),
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_get_options [] = {
    CTL_OPTION_CODE ("节点编码", "node code"),
    { NULL }
};

static const ctl_option_t s_list_options [] = {
    CTL_OPTION_CODE ("子树的根节点", "root of the subtree"),
    { "depth", CTL_NUMBER, "N", false, {
        "只列出根节点以下 N 层（默认全部）", "list only N levels below the root (default: all)" } },
    { "all", CTL_SWITCH, NULL, false, { "也列出已停用的节点", "list deactivated nodes too" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_chain_options [] = {
    CTL_OPTION_CODE ("节点编码", "node code"),
    { NULL }
};

static const ctl_option_t s_import_options [] = {
    CTL_OPTION_KEY,
    { NULL }
};

static const sf_text_t s_import_details = {
    "FILE 是 UTF-8 编码的 CSV 文件，首行为表头：kind,code,parent_code,name_zh,name_en,employment_type。\n"
    "已存在的编码按文件更新。文件有任何错误时不导入任何内容，并列出每处错误及其行号，退出状态为 1。\n",
    "FILE is a UTF-8 CSV file whose first line is the header\n"
    "kind,code,parent_code,name_zh,name_en,employment_type. Codes that exist are updated to match.\n"
    "A file with any error imports nothing: every error is listed with its line, and the exit status is 1.\n"
};

static const ctl_command_t s_create_command = {
    .name = "create", .options = s_create_options, .run = s_create,
    .summary = { "新建一个节点（公司、厂区、部门、班组、岗位或员工）",
                 "Create a node (company, plant, department, team, post or employee)" }
};
static const ctl_command_t s_rename_command = {
    .name = "rename", .options = s_rename_options, .run = s_rename,
    .summary = { "修改节点名称", "Rename a node" }
};
static const ctl_command_t s_move_command = {
    .name = "move", .options = s_move_options, .run = s_move,
    .summary = { "把节点连同其下级移到另一个上级之下", "Move a node, with everything under it, under another parent" }
};
static const ctl_command_t s_deactivate_command = {
    .name = "deactivate", .options = s_deactivate_options, .run = s_deactivate,
    .summary = { "停用节点", "Deactivate a node" }
};
static const ctl_command_t s_get_command = {
    .name = "get", .options = s_get_options, .run = s_get,
    .summary = { "查看一个节点", "Show one node" }
};
static const ctl_command_t s_list_command = {
    .name = "list", .options = s_list_options, .run = s_list,
    .summary = { "以树形列出节点及其全部下级", "List a node and everything under it as a tree" }
};
static const ctl_command_t s_chain_command = {
    .name = "chain", .options = s_chain_options, .run = s_chain,
    .summary = { "列出从公司到该节点的各级上级", "Show the chain of parents from the company down to a node" }
};
static const ctl_command_t s_import_command = {
    .name = "import", .operand = "FILE", .options = s_import_options, .run = s_import,
    .summary = { "从 CSV 文件整体导入组织目录", "Import the org directory from a CSV file, all or nothing" },
    .details = &s_import_details
};

static const ctl_command_t *const s_commands [] = {
    &s_create_command, &s_rename_command, &s_move_command, &s_deactivate_command,
    &s_get_command, &s_list_command, &s_chain_command, &s_import_command, NULL
};

const ctl_command_t ctl_directory_command = {
    .name = "directory",
    .summary = { "组织目录：公司、厂区、部门、班组、岗位和员工",
                 "The org directory: company, plants, departments, teams, posts and employees" },
    .commands = s_commands
};
