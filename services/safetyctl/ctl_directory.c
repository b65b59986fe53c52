/*  safetyctl directory: the org directory's commands. Each builds one request body with
    directory_codec, sends it to the directory daemon and shows the node, the list or the
    import result that comes back. The daemon checks every rule; the client checks only
    what it must translate (kind and employment words). Writes take --key, so that running
    the same command line again after a failure takes effect at most once.                 */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_import.h"
#include "ctl_node.h"
#include "ctl_output.h"
#include "ctl_table.h"
#include "directory_kind.h"

#include <stdlib.h>
#include <string.h>

#define CTL_OPTION_KEY { "key", CTL_TEXT, "KEY", false, { \
    "幂等键：重试同一命令时给出相同的值，命令最多生效一次（默认每次新生成）", \
    "idempotency key: give the same value when retrying a command and it takes effect at most once " \
    "(default: a fresh one each time)" } }
#define CTL_OPTION_CODE(zh, en) { "code", CTL_TEXT, "CODE", true, { zh, en } }

static const sf_text_t s_msg_bad_reply = {
    "目录服务的应答无法解析（应为 %s）", "The directory's reply cannot be decoded (expected %s)"
};
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

//  Sends command as request type. Returns CTL_EXIT_OK, or prints why not and returns the
//  exit status.
static int
s_call (const ctl_t *ctl, const char *type, const directory_command_t *command, const char *key,
        sf_reply_t *reply)
{
    size_t size;
    uint8_t *body = directory_command_encode (type, command, &size);
    int rc = ctl_daemon_call (ctl, "directory", type, body, size, key, reply);
    free (body);
    return rc? ctl_fail_reply (ctl, reply): CTL_EXIT_OK;
}

static int
s_call_node (const ctl_t *ctl, const char *type, const directory_command_t *command, const char *key,
             directory_node_t *node)
{
    sf_reply_t reply;
    int rc = s_call (ctl, type, command, key, &reply);
    if (rc == CTL_EXIT_OK && directory_node_decode (node, reply.body, reply.body_size))
        rc = ctl_fail (ctl, SF_MALFORMED, &s_msg_bad_reply, "directory.Node");
    sf_reply_clear (&reply);
    return rc;
}

static int
s_call_list (const ctl_t *ctl, const char *type, const directory_command_t *command,
             directory_node_list_t *list)
{
    sf_reply_t reply;
    int rc = s_call (ctl, type, command, NULL, &reply);
    if (rc == CTL_EXIT_OK && directory_node_list_decode (list, reply.body, reply.body_size))
        rc = ctl_fail (ctl, SF_MALFORMED, &s_msg_bad_reply, "directory.NodeList");
    sf_reply_clear (&reply);
    return rc;
}

static void
s_print_node_json (const directory_node_t *node)
{
    sf_json_t *json = sf_json_new ();
    ctl_node_json (json, node);
    ctl_json_print (json);
    sf_json_destroy (&json);
}

static void
s_print_list_json (const directory_node_list_t *list)
{
    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    sf_json_key (json, "nodes");
    sf_json_array_begin (json);
    for (size_t i = 0; i < list->count; i++)
        ctl_node_json (json, &list->nodes [i]);
    sf_json_array_end (json);
    sf_json_object_end (json);
    ctl_json_print (json);
    sf_json_destroy (&json);
}

//  A write: sends it and tells what became of the node with done.
static int
s_write (const ctl_t *ctl, const ctl_args_t *args, const char *type, const directory_command_t *command,
         const sf_text_t *done)
{
    directory_node_t node = { 0 };
    int rc = s_call_node (ctl, type, command, ctl_args_get (args, "key"), &node);
    if (rc == CTL_EXIT_OK) {
        if (ctl->json)
            s_print_node_json (&node);
        else
            ctl_print (ctl, stdout, done, ctl_node_kind (ctl, node.kind), node.code, ctl_node_name (ctl, &node),
                       (long long) node.version, node.parent_code);
    }
    directory_node_clear (&node);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Commands

static int
s_create (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *kind = ctl_args_get (args, "kind");
    const char *employment = ctl_args_get (args, "employment");
    directory_command_t command = {
        .kind = directory_kind_parse (kind),
        .code = (char *) ctl_args_get (args, "code"),
        .parent_code = (char *) ctl_args_get (args, "parent"),
        .name_zh = (char *) ctl_args_get (args, "name-zh"),
        .name_en = (char *) ctl_args_get (args, "name-en"),
        .employment_type = employment? directory_employment_parse (employment): DIR_EMPLOYMENT_UNSPECIFIED
    };
    if (command.kind == DIR_KIND_UNSPECIFIED)
        return ctl_args_usage (ctl, args, &s_msg_bad_kind, kind);
    if (employment && command.employment_type == DIR_EMPLOYMENT_UNSPECIFIED)
        return ctl_args_usage (ctl, args, &s_msg_bad_employment, employment);
    return s_write (ctl, args, "directory.CreateNode", &command, &s_msg_created);
}

static int
s_rename (const ctl_t *ctl, const ctl_args_t *args)
{
    directory_command_t command = {
        .code = (char *) ctl_args_get (args, "code"),
        .name_zh = (char *) ctl_args_get (args, "name-zh"),
        .name_en = (char *) ctl_args_get (args, "name-en")
    };
    //  The request replaces both names: without --name-en, send the current English name.
    directory_node_t current = { 0 };
    if (!command.name_en) {
        int rc = s_call_node (ctl, "directory.GetNode", &command, NULL, &current);
        if (rc != CTL_EXIT_OK)
            return rc;
        command.name_en = current.name_en;
    }
    int rc = s_write (ctl, args, "directory.RenameNode", &command, &s_msg_renamed);
    directory_node_clear (&current);
    return rc;
}

static int
s_move (const ctl_t *ctl, const ctl_args_t *args)
{
    directory_command_t command = {
        .code = (char *) ctl_args_get (args, "code"),
        .parent_code = (char *) ctl_args_get (args, "parent")
    };
    return s_write (ctl, args, "directory.MoveNode", &command, &s_msg_moved);
}

static int
s_deactivate (const ctl_t *ctl, const ctl_args_t *args)
{
    directory_command_t command = { .code = (char *) ctl_args_get (args, "code") };
    return s_write (ctl, args, "directory.DeactivateNode", &command, &s_msg_deactivated);
}

static void
s_print_node_fields (const ctl_t *ctl, const directory_node_t *node)
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
    directory_command_t command = { .code = (char *) ctl_args_get (args, "code") };
    directory_node_t node = { 0 };
    int rc = s_call_node (ctl, "directory.GetNode", &command, NULL, &node);
    if (rc == CTL_EXIT_OK) {
        if (ctl->json)
            s_print_node_json (&node);
        else
            s_print_node_fields (ctl, &node);
    }
    directory_node_clear (&node);
    return rc;
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    directory_command_t command = {
        .code = (char *) ctl_args_get (args, "code"),
        .include_inactive = ctl_args_get (args, "all") != NULL,
        .max_depth = ctl_args_number (args, "depth", 0)
    };
    directory_node_list_t list = { 0 };
    int rc = s_call_list (ctl, "directory.ListSubtree", &command, &list);
    if (rc == CTL_EXIT_OK) {
        if (ctl->json)
            s_print_list_json (&list);
        else
            for (size_t i = 0; i < list.count; i++) {
                char *line = ctl_node_line (ctl, &list.nodes [i]);
                printf ("%*s%s\n", 2 * list.nodes [i].depth, "", line);
                free (line);
            }
    }
    directory_node_list_clear (&list);
    return rc;
}

static int
s_chain (const ctl_t *ctl, const ctl_args_t *args)
{
    directory_command_t command = { .code = (char *) ctl_args_get (args, "code") };
    directory_node_list_t list = { 0 };
    int rc = s_call_list (ctl, "directory.GetChain", &command, &list);
    if (rc == CTL_EXIT_OK) {
        if (ctl->json)
            s_print_list_json (&list);
        else {
            for (size_t i = 0; i < list.count; i++) {
                if (i)
                    fputs (" → ", stdout);
                ctl_print (ctl, stdout, &s_msg_chain_link, ctl_node_name (ctl, &list.nodes [i]), list.nodes [i].code);
            }
            fputc ('\n', stdout);
        }
    }
    directory_node_list_clear (&list);
    return rc;
}

static uint8_t *
s_encode_import (const char *type, const char *file_name, uint8_t *csv, size_t csv_size, size_t *size)
{
    directory_command_t command = { .file_name = (char *) file_name, .csv = csv, .csv_size = csv_size };
    return directory_command_encode (type, &command, size);
}

static int
s_show_import (const ctl_t *ctl, const char *file_name, const uint8_t *body, size_t size)
{
    directory_import_result_t result = { 0 };
    int rc = directory_import_result_decode (&result, body, size);
    if (rc == 0) {
        ctl_import_show_t show;
        ctl_import_show_begin (&show, ctl, file_name, result.rows);
        if (show.json) {
            sf_json_key_int (show.json, "created", result.created);
            sf_json_key_int (show.json, "updated", result.updated);
            sf_json_key_int (show.json, "unchanged", result.unchanged);
        }
        for (size_t i = 0; i < result.error_count; i++)
            ctl_import_show_error (&show, result.errors [i].line, result.errors [i].zh, result.errors [i].en);
        if (ctl_import_show_end (&show))
            ctl_print (ctl, stdout, &s_msg_imported, file_name, result.rows, result.created, result.updated,
                       result.unchanged);
    }
    directory_import_result_clear (&result);
    return rc;
}

static const ctl_import_t s_import_csv = {
    .daemon = "directory", .type = "directory.ImportCsv", .result_type = "directory.ImportResult",
    .bad_reply = &s_msg_bad_reply, .encode = s_encode_import, .show = s_show_import
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
