/*  safetyctl history: who did what to one object, and when, from the audit trail of the
    daemon that keeps it (sf.History, common/sf_audit.h). The object is named as its events
    name it: a type (form, finding, task, org_node, account, ...) and an id (a form's number,
    a node's code, a login). The daemon follows from the type; --daemon names another.      */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "sf_admin.pb-c.h"
#include "sf_pb.h"

#include <string.h>

static const sf_text_t s_msg_no_daemon = {
    "无法从对象类型 %s 判断由哪个服务保存，请用 --daemon 指定",
    "cannot tell which daemon keeps objects of type %s: name it with --daemon"
};
static const sf_text_t s_msg_unknown_daemon = { "未知的服务：%s", "unknown daemon: %s" };
static const sf_text_t s_msg_no_id = { "缺少对象编号 ID", "the object's ID is missing" };
static const sf_text_t s_msg_title = { "%s %s 的操作记录（%zu 条）：\n", "What was done to %s %s (%zu lines):\n" };
static const sf_text_t s_label_when = { "时间（北京）", "when (Beijing)" };
static const sf_text_t s_label_what = { "操作", "what" };
static const sf_text_t s_label_who = { "操作人", "who" };
static const sf_text_t s_label_unit = { "代表单位", "acting for" };

//  Which daemon keeps the objects of each type its events name.
static const struct {
    const char *type;
    const char *daemon;
} s_keepers [] = {
    { "org_node", "directory" }, { "account", "directory" },
    { "finding", "inspection" }, { "task", "inspection" }, { "plan", "inspection" },
    { "violation", "inspection" }, { "meeting", "inspection" }, { "hazard_list", "inspection" },
    { "rectification_form", "rectification" }, { "form", "rectification" },
    { NULL, NULL }
};

static const ctl_option_t s_options [] = {
    { "daemon", CTL_TEXT, "NAME", false, {
        "保存该对象的服务（默认按类型判断）", "daemon that keeps the object (default: from its type)" } },
    CTL_OPTION_PAGE_SIZE,
    CTL_OPTION_KEY,
    { NULL }
};

static const sf_text_t s_details = {
    "类型与事件中的聚合类型相同：org_node、account（组织目录），finding、task、plan、violation、meeting、\n"
    "hazard_list（检查），form（整改单，即 rectification_form）。需要 admin、ehs、plant_safety_manager\n"
    "之一的角色，且授权覆盖对象所在厂区。例：\n"
    "  safetyctl history form P01-R2026-000001\n"
    "  safetyctl history account p01.t01.leader",
    "TYPE is the aggregate type its events carry: org_node, account (directory); finding, task, plan,\n"
    "violation, meeting, hazard_list (inspection); form, i.e. rectification_form (rectification). Needs\n"
    "one of the roles admin, ehs, plant_safety_manager on a grant that covers the object's plant. E.g.:\n"
    "  safetyctl history form P01-R2026-000001\n"
    "  safetyctl history account p01.t01.leader"
};

static int
s_run (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *type = args->operand;
    //  "form" is what people call a rectification form; its events say rectification_form.
    const char *aggregate = strcmp (type, "form") == 0? "rectification_form": type;
    const char *named = ctl_args_get (args, "daemon");
    const char *daemon = named;
    for (int i = 0; !daemon && s_keepers [i].type; i++)
        if (strcmp (s_keepers [i].type, type) == 0)
            daemon = s_keepers [i].daemon;
    if (!daemon)
        return ctl_args_usage (ctl, args, &s_msg_no_daemon, type);
    if (!ctl_daemon_find (daemon))
        return ctl_args_usage (ctl, args, &s_msg_unknown_daemon, daemon);
    if (!args->optional_operand)
        return ctl_args_usage (ctl, args, &s_msg_no_id);

    Sf__History request = SF__HISTORY__INIT;
    request.aggregate_type = (char *) aggregate;
    request.aggregate_id = (char *) args->optional_operand;
    Sf__HistoryReply *history = NULL;
    int rc = ctl_page_show (ctl, daemon, &request.base, ctl_args_number (args, "page-size", 0),
                            &sf__history_reply__descriptor, &history);
    if (!history)
        return rc;
    ctl_print (ctl, stdout, &s_msg_title, type, request.aggregate_id, history->n_entries);
    ctl_table_t *table = ctl_table_new (4);
    ctl_table_add (table, ctl_text (ctl, &s_label_when));
    ctl_table_add (table, ctl_text (ctl, &s_label_what));
    ctl_table_add (table, ctl_text (ctl, &s_label_who));
    ctl_table_add (table, ctl_text (ctl, &s_label_unit));
    for (size_t i = 0; i < history->n_entries; i++) {
        const Sf__HistoryEntry *entry = history->entries [i];
        char when [40];
        ctl_beijing_time (entry->occurred_ms, when, sizeof when);
        ctl_table_add (table, when);
        ctl_table_add (table, entry->event_type);
        ctl_table_add (table, entry->actor);
        ctl_table_add (table, entry->actor_unit);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    sf_pb_destroy (&history);
    return rc;
}

const ctl_command_t ctl_history_command = {
    .name = "history", .operand = "TYPE", .optional_operand = "ID",
    .summary = { "某个对象的操作记录：谁在何时做了什么（审计记录）", "what was done to one object, by whom, when (the audit trail)" },
    .options = s_options, .run = s_run, .details = &s_details
};
