/*  safetyctl inspection: plans, plant calendars, tasks and their checklists, inspection
    records, findings (hidden hazards), 三违 and shift meetings, and the two reports. Each
    command builds its request as the generated message, sends it to the inspection daemon
    and shows the reply: with --json as the proto3 JSON mapping has it (sf_pbjson), else as
    lines and tables. The daemon checks every rule; the client only turns words (levels,
    factors, severities, types) into their values and times into epoch milliseconds.
    Times a person writes or reads here are Beijing time (Asia/Shanghai, UTC+8, no daylight
    saving), the default time zone of a plant; dates go to the daemon as written. The
    hazard and risk subgroups live in ctl_inspection_hazard.c.                              */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_inspection.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "directory_names.h"
#include "inspection_hazard_names.h"
#include "inspection_names.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_word = {
    "--%s 的值“%s”无效：可用 %s", "--%s '%s' is invalid: use %s"
};
static const sf_text_t s_msg_too_many_en = {
    "--item-en 给出的英文检查项（%zu 项）多于 --item（%zu 项）",
    "--item-en gives more English items (%zu) than --item (%zu)"
};
static const sf_text_t s_msg_finding_needs_description = {
    "给了 --finding-* 选项时也要给 --finding-description", "a --finding-* option needs --finding-description too"
};

static const sf_text_t s_msg_plan_created = {
    "已创建检查计划 %s「%s」：%s，范围 %s，自 %s 起%s\n", "Created plan %s '%s': %s, scope %s, from %s%s\n"
};
static const sf_text_t s_msg_plan_until = { "至 %s", " to %s" };
static const sf_text_t s_msg_free_item = { "  %s  %s\n", "  %s  %s\n" };
static const sf_text_t s_msg_calendar_set = {
    "厂区 %s 的日历已设置：时区 %s，%zu 个班次\n", "Calendar of plant %s set: time zone %s, %zu shifts\n"
};
static const sf_text_t s_msg_shift_line = { "  第 %zu 班  %s\n", "  shift %zu  %s\n" };
static const sf_text_t s_msg_generated = {
    "已生成 %d 个检查任务（%s 至 %s）\n", "Generated %d tasks (%s to %s)\n"
};
static const sf_text_t s_msg_no_tasks = { "没有符合条件的检查任务\n", "No tasks match\n" };
static const sf_text_t s_msg_routine_kind = { "%s（第 %d 班）", "%s (shift %d)" };
static const sf_text_t s_msg_checklist_title = {
    "检查任务 %lld 的检查清单，共 %zu 项：\n", "Checklist of task %lld, %zu items:\n"
};
static const sf_text_t s_msg_recorded = {
    "已记录检查任务 %lld（记录 %lld）：合格 %d 项，不合格 %d 项\n",
    "Recorded task %lld (record %lld): %d items passed, %d failed\n"
};
static const sf_text_t s_msg_finding_line = {
    "隐患 %s：%s，责任单位 %s，%s\n", "Finding %s: %s, responsible unit %s, %s\n"
};
static const sf_text_t s_msg_no_findings = { "没有符合条件的隐患\n", "No findings match\n" };
static const sf_text_t s_msg_violation_recorded = {
    "已记录三违 %s：%s，人员 %s，单位 %s，发生于 %s\n",
    "Recorded violation %s: %s, person %s, unit %s, at %s\n"
};
static const sf_text_t s_msg_no_violations = { "没有符合条件的三违记录\n", "No violations match\n" };
static const sf_text_t s_msg_meeting_recorded = {
    "已记录班组 %s %s 第 %d 班的%s：出席 %zu 人，缺席 %zu 人\n",
    "Recorded the %4$s of team %1$s on %2$s, shift %3$d: %5$zu present, %6$zu absent\n"
};
static const sf_text_t s_msg_no_units = { "该单位及其下级没有检查任务\n", "No tasks at or below that unit\n" };
static const sf_text_t s_msg_history_section = { "\n%s（%zu）\n", "\n%s (%zu)\n" };
static const sf_text_t s_msg_none = { "  （无）\n", "  (none)\n" };

static const sf_text_t s_label_id = { "编号", "ID" };
static const sf_text_t s_label_kind = { "类型", "KIND" };
static const sf_text_t s_label_plan = { "计划", "PLAN" };
static const sf_text_t s_label_executor = { "执行单位", "EXECUTOR" };
static const sf_text_t s_label_target = { "检查对象", "TARGET" };
static const sf_text_t s_label_window = { "时间窗（北京时间）", "WINDOW (Beijing time)" };
static const sf_text_t s_label_status = { "状态", "STATUS" };
static const sf_text_t s_label_key = { "检查项", "KEY" };
static const sf_text_t s_label_factor = { "要素", "FACTOR" };
static const sf_text_t s_label_colour = { "风险", "RISK" };
static const sf_text_t s_label_content = { "内容", "CONTENT" };
static const sf_text_t s_label_number = { "编号", "NUMBER" };
static const sf_text_t s_label_severity = { "等级", "SEVERITY" };
static const sf_text_t s_label_unit = { "单位", "UNIT" };
static const sf_text_t s_label_form = { "整改单", "FORM" };
static const sf_text_t s_label_source = { "来源", "SOURCE" };
static const sf_text_t s_label_reported = { "上报时间", "REPORTED" };
static const sf_text_t s_label_description = { "描述", "DESCRIPTION" };
static const sf_text_t s_label_type = { "类型", "TYPE" };
static const sf_text_t s_label_person = { "人员", "PERSON" };
static const sf_text_t s_label_occurred = { "发生时间", "OCCURRED" };
static const sf_text_t s_label_location = { "地点", "LOCATION" };
static const sf_text_t s_label_name = { "名称", "NAME" };
static const sf_text_t s_label_due = { "应检", "DUE" };
static const sf_text_t s_label_done = { "已完成", "DONE" };
static const sf_text_t s_label_missed = { "漏检", "MISSED" };
static const sf_text_t s_label_open = { "待办", "OPEN" };
static const sf_text_t s_label_rate = { "完成率", "RATE" };
static const sf_text_t s_label_task = { "任务", "TASK" };
static const sf_text_t s_label_inspector = { "检查人", "INSPECTOR" };
static const sf_text_t s_label_recorded = { "记录时间", "RECORDED" };
static const sf_text_t s_label_result = { "合格/不合格", "PASSED/FAILED" };
static const sf_text_t s_label_team = { "班组", "TEAM" };
static const sf_text_t s_label_shift = { "班次", "SHIFT" };
static const sf_text_t s_label_attendance = { "出席/缺席", "PRESENT/ABSENT" };
static const sf_text_t s_label_topics = { "会议内容", "TOPICS" };
static const sf_text_t s_section_records = { "检查记录", "Inspection records" };
static const sf_text_t s_section_findings = { "隐患", "Findings" };
static const sf_text_t s_section_violations = { "三违", "Violations" };
static const sf_text_t s_section_missed = { "漏检任务", "Missed tasks" };
static const sf_text_t s_section_meetings = { "班前班后会", "Shift meetings" };

//  --------------------------------------------------------------------------------------
//  Words: what a person types and reads for the proto's enum values (proto/inspection_names)

//  The word of value in the chosen language, "-" when it has none.
static const char *
s_word_shown (const ctl_t *ctl, const inspection_name_t *names, int value)
{
    const inspection_name_t *name = inspection_name_find (names, value);
    return !name? "-": ctl->lang == CTL_LANG_EN? name->name: name->zh;
}

//  "a|b|c|甲|乙|丙" for the usage error of a word option. The caller frees.
static char *
s_word_choices (const inspection_name_t *names)
{
    size_t size = 1;
    for (const inspection_name_t *name = names; name->value; name++)
        size += strlen (name->name) + strlen (name->zh) + 2;
    char *choices = calloc (1, size);
    if (!choices)
        abort ();
    for (const inspection_name_t *name = names; name->value; name++) {
        if (name != names)
            strcat (choices, "|");
        strcat (choices, name->name);
    }
    for (const inspection_name_t *name = names; name->value; name++) {
        strcat (choices, "|");
        strcat (choices, name->zh);
    }
    return choices;
}

//  Reads option name as a word of names into *value (0 when the option is not given).
//  CTL_EXIT_OK, or CTL_EXIT_USAGE after telling which words there are.
static int
s_word_option (const ctl_t *ctl, const ctl_args_t *args, const char *name, const inspection_name_t *names,
               int *value)
{
    const char *text = ctl_args_get (args, name);
    *value = text? inspection_name_parse (names, text): 0;
    if (!text || *value)
        return CTL_EXIT_OK;
    char *choices = s_word_choices (names);
    int rc = ctl_args_usage (ctl, args, &s_msg_bad_word, name, text, choices);
    free (choices);
    return rc;
}

//  The five factors (人机料法环) come from inspection_hazard_names, the one table of them.
static int
s_factor_option (const ctl_t *ctl, const ctl_args_t *args, const char *name, Inspection__Factor *factor)
{
    const char *text = ctl_args_get (args, name);
    *factor = text? inspection_hazard_factor_parse (text): INSPECTION__FACTOR__FACTOR_UNSPECIFIED;
    if (!text || *factor)
        return CTL_EXIT_OK;
    return ctl_args_usage (ctl, args, &s_msg_bad_word, name, text,
                           "man|machine|material|method|environment|人|机|料|法|环");
}

static const char *
s_or_dash (const char *text)
{
    return *text? text: "-";
}

//  --------------------------------------------------------------------------------------
//  Lists typed on the command line

//  The pieces of the option's text between separators, spaces around them trimmed, empty
//  ones dropped (none when the option is not given). The caller frees with s_strings_free.
static char **
s_split_option (const ctl_args_t *args, const char *name, char separator, size_t *count)
{
    const char *text = ctl_args_get (args, name);
    text = text? text: "";
    *count = 0;
    char **pieces = calloc (strlen (text) + 1, sizeof *pieces);
    if (!pieces)
        abort ();
    const char *start = text;
    while (true) {
        const char *end = strchr (start, separator);
        size_t length = end? (size_t) (end - start): strlen (start);
        const char *first = start;
        while (length && *first == ' ') {
            first++;
            length--;
        }
        while (length && first [length - 1] == ' ')
            length--;
        if (length)
            pieces [(*count)++] = strndup (first, length);
        if (!end)
            break;
        start = end + 1;
    }
    return pieces;
}

static void
s_strings_free (char **strings, size_t count)
{
    for (size_t index = 0; strings && index < count; index++)
        free (strings [index]);
    free (strings);
}

//  --------------------------------------------------------------------------------------
//  Times: Beijing time in, Beijing time out

//  "2026-01-05 08:00 – 16:00", or both times in full when the window spans days.
static void
s_window_text (int64_t start_ms, int64_t end_ms, char *buffer, size_t size)
{
    char start [32], end [32];
    ctl_beijing_time (start_ms, start, sizeof start);
    ctl_beijing_time (end_ms, end, sizeof end);
    bool same_day = strlen (start) == 16 && strlen (end) == 16 && strncmp (start, end, 10) == 0;
    snprintf (buffer, size, "%s – %s", start, same_day? end + 11: end);
}

//  --------------------------------------------------------------------------------------
//  Tables

static ctl_table_t *
s_table_new (const ctl_t *ctl, const sf_text_t *const *labels, size_t count)
{
    ctl_table_t *table = ctl_table_new (count);
    for (size_t index = 0; index < count; index++)
        ctl_table_add (table, ctl_text (ctl, labels [index]));
    return table;
}

static void
s_table_print (ctl_table_t **table)
{
    ctl_table_print (*table, stdout);
    ctl_table_destroy (table);
}

static void
s_tasks_table (const ctl_t *ctl, Inspection__Task *const *tasks, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_id, &s_label_kind, &s_label_plan, &s_label_executor, &s_label_target, &s_label_window, &s_label_status
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const Inspection__Task *task = tasks [index];
        ctl_table_addf (table, "%lld", (long long) task->id);
        //  A check shows its level (公司月查, …); a routine task its kind and shift.
        if (task->kind == INSPECTION__TASK_KIND__TASK_CHECK)
            ctl_table_add (table, s_word_shown (ctl, inspection_plan_levels, task->level));
        else {
            char *kind = ctl_format (ctl, &s_msg_routine_kind, s_word_shown (ctl, inspection_task_kinds, task->kind),
                                     task->shift_no);
            ctl_table_add (table, kind);
            free (kind);
        }
        ctl_table_add (table, task->plan_code);
        ctl_table_add (table, task->executor_unit);
        ctl_table_add (table, task->target_unit);
        char window [80];
        s_window_text (task->window_start_ms, task->window_end_ms, window, sizeof window);
        ctl_table_add (table, window);
        ctl_table_add (table, s_word_shown (ctl, inspection_task_statuses, task->status));
    }
    s_table_print (&table);
}

static void
s_findings_table (const ctl_t *ctl, Inspection__Finding *const *findings, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_number, &s_label_severity, &s_label_factor, &s_label_unit, &s_label_status, &s_label_form,
        &s_label_source, &s_label_reported, &s_label_description
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const Inspection__Finding *finding = findings [index];
        ctl_table_add (table, finding->number);
        ctl_table_add (table, s_word_shown (ctl, inspection_severities, finding->severity));
        ctl_table_add (table, ctl_inspection_factor (ctl, finding->factor));
        ctl_table_add (table, finding->responsible_unit);
        ctl_table_add (table, s_word_shown (ctl, inspection_finding_statuses, finding->status));
        ctl_table_add (table, s_or_dash (finding->form_number));
        ctl_table_add (table, s_word_shown (ctl, inspection_finding_sources, finding->source));
        char reported [32];
        ctl_beijing_time (finding->reported_ms, reported, sizeof reported);
        ctl_table_add (table, reported);
        ctl_table_add (table, finding->description);
    }
    s_table_print (&table);
}

static void
s_violations_table (const ctl_t *ctl, Inspection__Violation *const *violations, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_number, &s_label_type, &s_label_person, &s_label_unit, &s_label_occurred, &s_label_location,
        &s_label_description
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const Inspection__Violation *violation = violations [index];
        ctl_table_add (table, violation->number);
        ctl_table_add (table, s_word_shown (ctl, inspection_violation_types, violation->type));
        ctl_table_add (table, violation->person_code);
        ctl_table_add (table, violation->unit_code);
        char occurred [32];
        ctl_beijing_time (violation->occurred_ms, occurred, sizeof occurred);
        ctl_table_add (table, occurred);
        ctl_table_add (table, s_or_dash (violation->location));
        ctl_table_add (table, violation->description);
    }
    s_table_print (&table);
}

//  --------------------------------------------------------------------------------------
//  plan create, calendar set

static int
s_plan_create (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__CreatePlan request = INSPECTION__CREATE_PLAN__INIT;
    int level;
    int rc = s_word_option (ctl, args, "level", inspection_plan_levels, &level);
    if (rc)
        return rc;
    request.level = (Inspection__PlanLevel) level;
    const char *target_kind = ctl_args_get (args, "target-kind");
    if (target_kind) {
        request.target_kind = directory_kind_parse (target_kind);
        if (!request.target_kind)
            return ctl_args_usage (ctl, args, &s_msg_bad_word, "target-kind", target_kind,
                                   "department|team|post|部门|班组|岗位");
    }
    size_t item_count, item_en_count;
    char **items = s_split_option (args, "item", '|', &item_count);
    char **items_en = s_split_option (args, "item-en", '|', &item_en_count);
    Inspection__FreeItem *free_items = calloc (item_count + 1, sizeof *free_items);
    Inspection__FreeItem **free_item_list = calloc (item_count + 1, sizeof *free_item_list);
    if (!free_items || !free_item_list)
        abort ();
    for (size_t index = 0; index < item_count; index++) {
        inspection__free_item__init (&free_items [index]);
        free_items [index].text_zh = items [index];
        free_items [index].text_en = index < item_en_count? items_en [index]: (char *) "";
        free_item_list [index] = &free_items [index];
    }
    request.code = (char *) ctl_args_get (args, "code");
    request.scope_unit = (char *) ctl_args_get (args, "scope");
    request.title_zh = (char *) ctl_args_get (args, "title-zh");
    request.title_en = (char *) ctl_args_get (args, "title-en");
    request.starts_on = (char *) ctl_args_get (args, "starts-on");
    request.ends_on = (char *) ctl_args_get (args, "ends-on");
    request.n_free_items = item_count;
    request.free_items = free_item_list;

    Inspection__Plan *plan = NULL;
    if (item_en_count > item_count)
        rc = ctl_args_usage (ctl, args, &s_msg_too_many_en, item_en_count, item_count);
    else
        rc = ctl_daemon_show (ctl, "inspection", &request.base, ctl_args_get (args, "key"),
                              &inspection__plan__descriptor, &plan);
    if (plan) {
        bool english = ctl->lang == CTL_LANG_EN && *plan->title_en;
        char *until = *plan->ends_on? ctl_format (ctl, &s_msg_plan_until, plan->ends_on): strdup ("");
        ctl_print (ctl, stdout, &s_msg_plan_created, plan->code, english? plan->title_en: plan->title_zh,
                   s_word_shown (ctl, inspection_plan_levels, plan->level), plan->scope_unit, plan->starts_on, until);
        free (until);
        for (size_t index = 0; index < plan->n_free_items; index++) {
            char key [24];
            snprintf (key, sizeof key, "F%zu", index + 1);
            const Inspection__FreeItem *item = plan->free_items [index];
            ctl_print (ctl, stdout, &s_msg_free_item, key,
                       ctl->lang == CTL_LANG_EN && *item->text_en? item->text_en: item->text_zh);
        }
    }
    sf_pb_destroy (&plan);
    free (free_item_list);
    free (free_items);
    s_strings_free (items, item_count);
    s_strings_free (items_en, item_en_count);
    return rc;
}

static int
s_calendar_set (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__SetPlantCalendar request = INSPECTION__SET_PLANT_CALENDAR__INIT;
    request.plant_code = (char *) ctl_args_get (args, "plant");
    request.time_zone = (char *) ctl_args_get (args, "time-zone");
    request.shifts = s_split_option (args, "shifts", ',', &request.n_shifts);
    Inspection__PlantCalendar *calendar = NULL;
    int rc = ctl_daemon_show (ctl, "inspection", &request.base, ctl_args_get (args, "key"),
                              &inspection__plant_calendar__descriptor,
                              &calendar);
    if (calendar) {
        ctl_print (ctl, stdout, &s_msg_calendar_set, calendar->plant_code, calendar->time_zone, calendar->n_shifts);
        for (size_t index = 0; index < calendar->n_shifts; index++)
            ctl_print (ctl, stdout, &s_msg_shift_line, index + 1, calendar->shifts [index]);
    }
    sf_pb_destroy (&calendar);
    s_strings_free (request.shifts, request.n_shifts);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  tasks generate, tasks list, checklist

static int
s_tasks_generate (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__GenerateTasks request = INSPECTION__GENERATE_TASKS__INIT;
    request.from_date = (char *) ctl_args_get (args, "from");
    request.to_date = (char *) ctl_args_get (args, "to");
    Inspection__GenerateResult *result = NULL;
    int rc = ctl_daemon_show (ctl, "inspection", &request.base, NULL,
                              &inspection__generate_result__descriptor, &result);
    if (result)
        ctl_print (ctl, stdout, &s_msg_generated, result->created, request.from_date, request.to_date);
    sf_pb_destroy (&result);
    return rc;
}

static int
s_tasks_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__ListTasks request = INSPECTION__LIST_TASKS__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.from_date = (char *) ctl_args_get (args, "from");
    request.to_date = (char *) ctl_args_get (args, "to");
    int status;
    int rc = s_word_option (ctl, args, "status", inspection_task_statuses, &status);
    if (rc)
        return rc;
    request.status = (Inspection__TaskStatus) status;
    Inspection__TaskList *list = NULL;
    rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                        &inspection__task_list__descriptor, &list);
    if (list && list->n_tasks == 0)
        ctl_print (ctl, stdout, &s_msg_no_tasks);
    else
    if (list)
        s_tasks_table (ctl, list->tasks, list->n_tasks);
    sf_pb_destroy (&list);
    return rc;
}

static int
s_checklist (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__GetChecklist request = INSPECTION__GET_CHECKLIST__INIT;
    request.task_id = ctl_args_number (args, "task", 0);
    Inspection__Checklist *list = NULL;
    int rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                            &inspection__checklist__descriptor, &list);
    if (list) {
        ctl_print (ctl, stdout, &s_msg_checklist_title, (long long) list->task_id, list->n_items);
        const sf_text_t *labels [] = { &s_label_key, &s_label_factor, &s_label_colour, &s_label_content };
        ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
        for (size_t index = 0; index < list->n_items; index++) {
            const Inspection__ChecklistItem *item = list->items [index];
            ctl_table_add (table, item->key);
            ctl_table_add (table, ctl_inspection_factor (ctl, item->factor));
            ctl_table_add (table, ctl_inspection_colour (ctl, item->colour));
            ctl_table_add (table, ctl->lang == CTL_LANG_EN? item->text_en: item->text_zh);
        }
        s_table_print (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  record, report, findings

//  A finding's fields from the options named prefix + "description", … (prefix "" for
//  report, "finding-" for record). Strings point into args, except the attachments (free
//  with s_strings_free). CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_finding_options (const ctl_t *ctl, const ctl_args_t *args, const char *prefix, Inspection__FindingInput *finding)
{
    char name [64];
    snprintf (name, sizeof name, "%sfactor", prefix);
    int rc = s_factor_option (ctl, args, name, &finding->factor);
    snprintf (name, sizeof name, "%sseverity", prefix);
    int severity = 0;
    if (rc == CTL_EXIT_OK)
        rc = s_word_option (ctl, args, name, inspection_severities, &severity);
    if (rc)
        return rc;
    finding->severity = (Inspection__Severity) severity;
    snprintf (name, sizeof name, "%sdescription", prefix);
    finding->description = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%sunit", prefix);
    finding->responsible_unit = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%slocation", prefix);
    finding->location = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%sperson", prefix);
    finding->responsible_person = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%sattachment", prefix);
    finding->attachments = s_split_option (args, name, '|', &finding->n_attachments);
    return CTL_EXIT_OK;
}

static void
s_print_finding_line (const ctl_t *ctl, const Inspection__Finding *finding)
{
    ctl_print (ctl, stdout, &s_msg_finding_line, finding->number,
               s_word_shown (ctl, inspection_severities, finding->severity), finding->responsible_unit,
               s_word_shown (ctl, inspection_finding_statuses, finding->status));
}

//  The results of --pass and --fail. The caller frees them with s_results_free.
static Inspection__ItemResult **
s_results (const ctl_args_t *args, size_t *count)
{
    size_t pass_count, fail_count;
    char **passed = s_split_option (args, "pass", ',', &pass_count);
    char **failed = s_split_option (args, "fail", ',', &fail_count);
    *count = pass_count + fail_count;
    Inspection__ItemResult **results = calloc (*count + 1, sizeof *results);
    if (!results)
        abort ();
    for (size_t index = 0; index < *count; index++) {
        Inspection__ItemResult *result = sf_pb_new (&inspection__item_result__descriptor);
        result->passed = index < pass_count;
        sf_pb_set (&result->key, result->passed? passed [index]: failed [index - pass_count]);
        results [index] = result;
    }
    s_strings_free (passed, pass_count);
    s_strings_free (failed, fail_count);
    return results;
}

static void
s_results_free (Inspection__ItemResult **results, size_t count)
{
    for (size_t index = 0; index < count; index++)
        sf_pb_destroy (&results [index]);
    free (results);
}

static int
s_record (const ctl_t *ctl, const ctl_args_t *args)
{
    static const char *const finding_options [] = {
        "finding-description", "finding-factor", "finding-severity", "finding-unit", "finding-location",
        "finding-person", "finding-item", "finding-attachment", NULL
    };
    bool has_finding = false;
    for (const char *const *name = finding_options; *name; name++)
        has_finding |= ctl_args_get (args, *name) != NULL;
    if (has_finding && !ctl_args_get (args, "finding-description"))
        return ctl_args_usage (ctl, args, &s_msg_finding_needs_description);

    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    Inspection__FindingInput *findings [] = { &finding };
    finding.hazard_key = (char *) ctl_args_get (args, "finding-item");
    int rc = has_finding? s_finding_options (ctl, args, "finding-", &finding): CTL_EXIT_OK;
    if (rc)
        return rc;
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = ctl_args_number (args, "task", 0);
    request.remarks = (char *) ctl_args_get (args, "remarks");
    request.n_findings = has_finding? 1: 0;
    request.findings = findings;
    request.results = s_results (args, &request.n_results);
    Inspection__Record *record = NULL;
    rc = ctl_daemon_show (ctl, "inspection", &request.base, ctl_args_get (args, "key"),
                          &inspection__record__descriptor, &record);
    if (record) {
        ctl_print (ctl, stdout, &s_msg_recorded, (long long) record->task_id, (long long) record->id, record->passed,
                   record->failed);
        for (size_t index = 0; index < record->n_findings; index++)
            s_print_finding_line (ctl, record->findings [index]);
    }
    sf_pb_destroy (&record);
    s_results_free (request.results, request.n_results);
    s_strings_free (finding.attachments, finding.n_attachments);
    return rc;
}

static int
s_report (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    int rc = s_finding_options (ctl, args, "", &finding);
    if (rc)
        return rc;
    const char *lesson = ctl_args_get (args, "lesson");
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = lesson? INSPECTION__FINDING_SOURCE__SOURCE_LESSON: INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    request.lesson_ref = (char *) lesson;
    Inspection__Finding *reported = NULL;
    rc = ctl_daemon_show (ctl, "inspection", &request.base, ctl_args_get (args, "key"),
                          &inspection__finding__descriptor, &reported);
    if (reported)
        s_print_finding_line (ctl, reported);
    sf_pb_destroy (&reported);
    s_strings_free (finding.attachments, finding.n_attachments);
    return rc;
}

static int
s_findings (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__ListFindings request = INSPECTION__LIST_FINDINGS__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.open_only = ctl_args_get (args, "open") != NULL;
    int severity;
    int rc = s_word_option (ctl, args, "severity", inspection_severities, &severity);
    if (rc == CTL_EXIT_OK)
        rc = s_factor_option (ctl, args, "factor", &request.factor);
    if (rc)
        return rc;
    request.severity = (Inspection__Severity) severity;
    Inspection__FindingList *list = NULL;
    rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                        &inspection__finding_list__descriptor, &list);
    if (list && list->n_findings == 0)
        ctl_print (ctl, stdout, &s_msg_no_findings);
    else
    if (list)
        s_findings_table (ctl, list->findings, list->n_findings);
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  violation record, violation search, meeting record

static int
s_violation_record (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
    int type;
    int rc = s_word_option (ctl, args, "type", inspection_violation_types, &type);
    if (rc == CTL_EXIT_OK)
        rc = ctl_args_time (ctl, args, "occurred", false, &request.occurred_ms);
    if (rc)
        return rc;
    request.type = (Inspection__ViolationType) type;
    request.person_code = (char *) ctl_args_get (args, "person");
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.description = (char *) ctl_args_get (args, "description");
    request.location = (char *) ctl_args_get (args, "location");
    Inspection__Violation *violation = NULL;
    rc = ctl_daemon_show (ctl, "inspection", &request.base, ctl_args_get (args, "key"),
                          &inspection__violation__descriptor, &violation);
    if (violation) {
        char occurred [32];
        ctl_beijing_time (violation->occurred_ms, occurred, sizeof occurred);
        ctl_print (ctl, stdout, &s_msg_violation_recorded, violation->number,
                   s_word_shown (ctl, inspection_violation_types, violation->type), violation->person_code,
                   violation->unit_code, occurred);
    }
    sf_pb_destroy (&violation);
    return rc;
}

static int
s_violation_search (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__SearchViolations request = INSPECTION__SEARCH_VIOLATIONS__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.text = (char *) ctl_args_get (args, "text");
    int type;
    int rc = s_word_option (ctl, args, "type", inspection_violation_types, &type);
    if (rc == CTL_EXIT_OK)
        rc = ctl_args_time (ctl, args, "from", false, &request.from_ms);
    if (rc == CTL_EXIT_OK)
        rc = ctl_args_time (ctl, args, "to", true, &request.to_ms);
    if (rc)
        return rc;
    request.type = (Inspection__ViolationType) type;
    Inspection__ViolationList *list = NULL;
    rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                        &inspection__violation_list__descriptor, &list);
    if (list && list->n_violations == 0)
        ctl_print (ctl, stdout, &s_msg_no_violations);
    else
    if (list)
        s_violations_table (ctl, list->violations, list->n_violations);
    sf_pb_destroy (&list);
    return rc;
}

static int
s_meeting_record (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__RecordMeeting request = INSPECTION__RECORD_MEETING__INIT;
    int kind;
    int rc = s_word_option (ctl, args, "kind", inspection_meeting_kinds, &kind);
    if (rc)
        return rc;
    request.kind = (Inspection__MeetingKind) kind;
    request.team_code = (char *) ctl_args_get (args, "team");
    request.shift_date = (char *) ctl_args_get (args, "date");
    request.shift_no = ctl_args_number (args, "shift", 0);
    request.attendees = s_split_option (args, "attendees", ',', &request.n_attendees);
    request.absentees = s_split_option (args, "absentees", ',', &request.n_absentees);
    request.topics = (char *) ctl_args_get (args, "topics");
    request.risks_briefed = (char *) ctl_args_get (args, "risks");
    Inspection__Meeting *meeting = NULL;
    rc = ctl_daemon_show (ctl, "inspection", &request.base, ctl_args_get (args, "key"),
                          &inspection__meeting__descriptor, &meeting);
    if (meeting)
        ctl_print (ctl, stdout, &s_msg_meeting_recorded, meeting->team_code, meeting->shift_date, meeting->shift_no,
                   s_word_shown (ctl, inspection_meeting_kinds, meeting->kind), meeting->n_attendees,
                   meeting->n_absentees);
    sf_pb_destroy (&meeting);
    s_strings_free (request.attendees, request.n_attendees);
    s_strings_free (request.absentees, request.n_absentees);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  completion, history

static int
s_completion (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__GetCompletion request = INSPECTION__GET_COMPLETION__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.from_date = (char *) ctl_args_get (args, "from");
    request.to_date = (char *) ctl_args_get (args, "to");
    Inspection__Completion *completion = NULL;
    int rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                            &inspection__completion__descriptor, &completion);
    if (completion && completion->n_units == 0)
        ctl_print (ctl, stdout, &s_msg_no_units);
    else
    if (completion) {
        const sf_text_t *labels [] = {
            &s_label_unit, &s_label_name, &s_label_due, &s_label_done, &s_label_missed, &s_label_open, &s_label_rate
        };
        ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
        for (size_t index = 0; index < completion->n_units; index++) {
            const Inspection__UnitCompletion *unit = completion->units [index];
            ctl_table_add (table, unit->unit_code);
            ctl_table_add (table, s_or_dash (unit->unit_name));
            ctl_table_addf (table, "%d", unit->due);
            ctl_table_addf (table, "%d", unit->done);
            ctl_table_addf (table, "%d", unit->missed);
            ctl_table_addf (table, "%d", unit->open);
            ctl_table_addf (table, "%.1f%%", unit->rate * 100.0);
        }
        s_table_print (&table);
    }
    sf_pb_destroy (&completion);
    return rc;
}

//  Prints a section's title; false (after "none") when it has nothing to show.
static bool
s_section (const ctl_t *ctl, const sf_text_t *title, size_t count)
{
    ctl_print (ctl, stdout, &s_msg_history_section, ctl_text (ctl, title), count);
    if (!count)
        ctl_print (ctl, stdout, &s_msg_none);
    return count > 0;
}

static void
s_records_table (const ctl_t *ctl, Inspection__Record *const *records, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_id, &s_label_task, &s_label_inspector, &s_label_executor, &s_label_target, &s_label_recorded,
        &s_label_result
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const Inspection__Record *record = records [index];
        ctl_table_addf (table, "%lld", (long long) record->id);
        ctl_table_addf (table, "%lld", (long long) record->task_id);
        ctl_table_add (table, s_or_dash (record->inspector));
        ctl_table_add (table, record->executor_unit);
        ctl_table_add (table, record->target_unit);
        char recorded [32];
        ctl_beijing_time (record->recorded_ms, recorded, sizeof recorded);
        ctl_table_add (table, recorded);
        ctl_table_addf (table, "%d/%d", record->passed, record->failed);
    }
    s_table_print (&table);
}

static void
s_meetings_table (const ctl_t *ctl, Inspection__Meeting *const *meetings, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_team, &s_label_shift, &s_label_kind, &s_label_attendance, &s_label_recorded, &s_label_topics
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const Inspection__Meeting *meeting = meetings [index];
        ctl_table_add (table, meeting->team_code);
        ctl_table_addf (table, "%s #%d", meeting->shift_date, meeting->shift_no);
        ctl_table_add (table, s_word_shown (ctl, inspection_meeting_kinds, meeting->kind));
        ctl_table_addf (table, "%zu/%zu", meeting->n_attendees, meeting->n_absentees);
        char recorded [32];
        ctl_beijing_time (meeting->recorded_ms, recorded, sizeof recorded);
        ctl_table_add (table, recorded);
        ctl_table_add (table, meeting->topics);
    }
    s_table_print (&table);
}

static int
s_history (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__GetUnitHistory request = INSPECTION__GET_UNIT_HISTORY__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    int rc = ctl_args_time (ctl, args, "from", false, &request.from_ms);
    if (rc == CTL_EXIT_OK)
        rc = ctl_args_time (ctl, args, "to", true, &request.to_ms);
    if (rc)
        return rc;
    Inspection__UnitHistory *history = NULL;
    rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                        &inspection__unit_history__descriptor, &history);
    if (history && s_section (ctl, &s_section_records, history->n_records))
        s_records_table (ctl, history->records, history->n_records);
    if (history && s_section (ctl, &s_section_findings, history->n_findings))
        s_findings_table (ctl, history->findings, history->n_findings);
    if (history && s_section (ctl, &s_section_violations, history->n_violations))
        s_violations_table (ctl, history->violations, history->n_violations);
    if (history && s_section (ctl, &s_section_missed, history->n_missed))
        s_tasks_table (ctl, history->missed, history->n_missed);
    if (history && s_section (ctl, &s_section_meetings, history->n_meetings))
        s_meetings_table (ctl, history->meetings, history->n_meetings);
    sf_pb_destroy (&history);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables of commands

static const ctl_option_t s_plan_create_options [] = {
    { "code", CTL_TEXT, "CODE", true, { "计划编码，1 到 32 个字母、数字、_ 或 -，不可重复",
                                        "plan code: 1 to 32 letters, digits, _ or -, unique" } },
    { "level", CTL_TEXT, "LEVEL", true, {
        "检查级别：company_monthly（公司月查）、department_weekly（部门周查）、team_daily（班组日查，一班三查）或 special（专项检查）",
        "check level: company_monthly, department_weekly, team_daily (three checks per shift) or special" } },
    { "scope", CTL_TEXT, "UNIT", true, { "范围：公司、厂区或部门的编码，检查其下的单位",
                                         "scope: code of the company, plant or department whose units are checked" } },
    { "title-zh", CTL_TEXT, "TITLE", true, { "中文标题", "title in Chinese" } },
    { "title-en", CTL_TEXT, "TITLE", false, { "英文标题", "title in English" } },
    { "starts-on", CTL_TEXT, "DATE", true, { "开始日期 YYYY-MM-DD", "first day, YYYY-MM-DD" } },
    { "ends-on", CTL_TEXT, "DATE", false, { "结束日期 YYYY-MM-DD（专项检查必填）",
                                            "last day, YYYY-MM-DD (required for special)" } },
    { "target-kind", CTL_TEXT, "KIND", false, { "专项检查的对象：department、team 或 post（部门、班组、岗位）",
                                                "what a special plan checks: department, team or post" } },
    { "item", CTL_TEXT, "TEXT|TEXT", false, { "自定义检查项（中文），多项用 | 分隔，依次为 F1、F2 …",
                                              "free checklist items in Chinese, separated by |: F1, F2, ..." } },
    { "item-en", CTL_TEXT, "TEXT|TEXT", false, { "自定义检查项的英文，按顺序与 --item 对应",
                                                 "the free items in English, in the order of --item" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_calendar_set_options [] = {
    { "plant", CTL_TEXT, "PLANT", true, { "厂区编码", "plant code" } },
    { "time-zone", CTL_TEXT, "ZONE", false, { "IANA 时区名（默认 Asia/Shanghai）", "IANA time zone (default Asia/Shanghai)" } },
    { "shifts", CTL_TEXT, "HH:MM-HH:MM,...", true, {
        "班次，当地时间，逗号分隔，按顺序为第 1、2 … 班，如 08:00-16:00,16:00-24:00,00:00-08:00",
        "shifts in local time, comma-separated, shift 1, 2, ... in order, e.g. 08:00-16:00,16:00-24:00,00:00-08:00" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_tasks_generate_options [] = {
    { "from", CTL_TEXT, "DATE", true, { "第一天 YYYY-MM-DD", "first day, YYYY-MM-DD" } },
    { "to", CTL_TEXT, "DATE", true, { "最后一天 YYYY-MM-DD（含，最多 31 天）", "last day, YYYY-MM-DD (inclusive, at most 31 days)" } },
    { NULL }
};

static const ctl_option_t s_tasks_list_options [] = {
    { "unit", CTL_TEXT, "UNIT", true, { "单位编码：列出执行单位或检查对象在其下的任务",
                                        "unit code: tasks whose executor or target lies at or below it" } },
    { "from", CTL_TEXT, "DATE", true, { "第一天 YYYY-MM-DD（班次日期）", "first day, YYYY-MM-DD (of the shift)" } },
    { "to", CTL_TEXT, "DATE", true, { "最后一天 YYYY-MM-DD（含）", "last day, YYYY-MM-DD (inclusive)" } },
    { "status", CTL_TEXT, "STATUS", false, { "只列此状态：open（待办）、done（已完成）或 missed（漏检）",
                                             "only this status: open, done or missed" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_checklist_options [] = {
    { "task", CTL_NUMBER, "ID", true, { "检查任务编号", "task id" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_record_options [] = {
    { "task", CTL_NUMBER, "ID", true, { "检查任务编号", "task id" } },
    { "pass", CTL_TEXT, "KEY,KEY", false, { "合格的检查项，逗号分隔（见 checklist）",
                                            "items that passed, comma-separated (see checklist)" } },
    { "fail", CTL_TEXT, "KEY,KEY", false, { "不合格的检查项，逗号分隔", "items that failed, comma-separated" } },
    { "remarks", CTL_TEXT, "TEXT", false, { "备注", "remarks" } },
    { "finding-description", CTL_TEXT, "TEXT", false, { "发现的隐患：描述", "a finding: its description" } },
    { "finding-factor", CTL_TEXT, "FACTOR", false, {
        "隐患的要素：人、机、料、法、环（man、machine、material、method、environment）",
        "the finding's factor: man, machine, material, method or environment (人机料法环)" } },
    { "finding-severity", CTL_TEXT, "SEVERITY", false, { "隐患等级：general（一般）或 major（重大）",
                                                         "the finding's severity: general or major" } },
    { "finding-unit", CTL_TEXT, "UNIT", false, { "隐患的责任单位编码", "code of the unit responsible for the finding" } },
    { "finding-location", CTL_TEXT, "TEXT", false, { "隐患地点", "where the finding is" } },
    { "finding-person", CTL_TEXT, "EMPLOYEE", false, { "隐患的责任人（员工编码）", "the responsible person (employee code)" } },
    { "finding-item", CTL_TEXT, "KEY", false, { "隐患所属的检查项", "checklist item the finding belongs to" } },
    { "finding-attachment", CTL_TEXT, "REF|REF", false, { "照片或文件的引用，多个用 | 分隔",
                                                          "references to photos or files, separated by |" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_report_options [] = {
    { "description", CTL_TEXT, "TEXT", true, { "隐患描述", "what the hazard is" } },
    { "factor", CTL_TEXT, "FACTOR", true, {
        "要素：人、机、料、法、环（man、machine、material、method、environment）",
        "factor: man, machine, material, method or environment (人机料法环)" } },
    { "severity", CTL_TEXT, "SEVERITY", true, { "等级：general（一般）或 major（重大）", "severity: general or major" } },
    { "unit", CTL_TEXT, "UNIT", true, { "责任单位编码", "code of the responsible unit" } },
    { "location", CTL_TEXT, "TEXT", false, { "地点", "where it is" } },
    { "person", CTL_TEXT, "EMPLOYEE", false, { "责任人（员工编码）", "the responsible person (employee code)" } },
    { "attachment", CTL_TEXT, "REF|REF", false, { "照片或文件的引用，多个用 | 分隔",
                                                  "references to photos or files, separated by |" } },
    { "lesson", CTL_TEXT, "LESSON_ID", false, { "举一反三：要求自查的事故案例编号（给出时来源为 lesson）",
                                                "the lesson whose self-check found it (the source is then lesson)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_findings_options [] = {
    { "unit", CTL_TEXT, "UNIT", true, { "单位编码：列出责任单位在其下的隐患",
                                        "unit code: findings whose responsible unit lies at or below it" } },
    { "severity", CTL_TEXT, "SEVERITY", false, { "只列此等级：general 或 major", "only this severity: general or major" } },
    { "factor", CTL_TEXT, "FACTOR", false, { "只列此要素（人机料法环）", "only this factor (man, machine, ...)" } },
    { "open", CTL_SWITCH, NULL, false, { "只列未关闭的（待整改或整改中）", "only open ones (open or in rectification)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_violation_record_options [] = {
    { "type", CTL_TEXT, "TYPE", true, {
        "三违类型：illegal_command（违章指挥）、illegal_operation（违章作业）或 discipline（违反劳动纪律）",
        "type: illegal_command, illegal_operation or discipline (违章指挥, 违章作业, 违反劳动纪律)" } },
    { "person", CTL_TEXT, "EMPLOYEE", true, { "违章人员（员工编码）", "the person (employee code)" } },
    { "unit", CTL_TEXT, "UNIT", true, { "其所在单位（班组或部门）的编码", "code of the unit the person works in" } },
    { "description", CTL_TEXT, "TEXT", true, { "经过描述", "what happened" } },
    { "location", CTL_TEXT, "TEXT", false, { "地点", "where" } },
    { "occurred", CTL_TEXT, "TIME", false, {
        "发生时间：ISO-8601（不带时区时按北京时间）或 Unix 毫秒数（默认现在）",
        "when: ISO-8601 (Beijing time when no zone is given) or Unix epoch milliseconds (default now)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_violation_search_options [] = {
    { "unit", CTL_TEXT, "UNIT", false, { "只查此单位及其下级", "only this unit and those below it" } },
    { "type", CTL_TEXT, "TYPE", false, { "只查此类型", "only this type" } },
    { "text", CTL_TEXT, "TEXT", false, { "描述或地点中含有的文字", "text found in the description or location" } },
    { "from", CTL_TEXT, "TIME", false, { "发生不早于（日期按北京时间当天 0 点）", "occurred at or after (a date: its start, Beijing time)" } },
    { "to", CTL_TEXT, "TIME", false, { "发生不晚于（日期按北京时间当天结束）", "occurred at or before (a date: its end, Beijing time)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_meeting_record_options [] = {
    { "team", CTL_TEXT, "TEAM", true, { "班组编码", "team code" } },
    { "date", CTL_TEXT, "DATE", true, { "班次日期 YYYY-MM-DD", "date of the shift, YYYY-MM-DD" } },
    { "shift", CTL_NUMBER, "N", true, { "第几班（1 起）", "shift number (from 1)" } },
    { "kind", CTL_TEXT, "KIND", true, { "pre（班前会）或 post（班后会）", "pre (before the shift) or post (after it)" } },
    { "attendees", CTL_TEXT, "A,B", true, { "出席人员的员工编码，逗号分隔", "employee codes of those present, comma-separated" } },
    { "absentees", CTL_TEXT, "C,D", false, { "缺席人员的员工编码，逗号分隔", "employee codes of those absent, comma-separated" } },
    { "topics", CTL_TEXT, "TEXT", true, { "会议内容", "what the meeting covered" } },
    { "risks", CTL_TEXT, "TEXT", false, { "交底的风险", "the risks briefed" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_completion_options [] = {
    { "unit", CTL_TEXT, "UNIT", true, { "单位编码：按其下每个执行单位统计", "unit code: one row per executor unit at or below it" } },
    { "from", CTL_TEXT, "DATE", true, { "第一天 YYYY-MM-DD", "first day, YYYY-MM-DD" } },
    { "to", CTL_TEXT, "DATE", true, { "最后一天 YYYY-MM-DD（含）", "last day, YYYY-MM-DD (inclusive)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_history_options [] = {
    { "unit", CTL_TEXT, "UNIT", true, { "单位编码", "unit code" } },
    { "from", CTL_TEXT, "TIME", false, {
        "起：日期 YYYY-MM-DD 为北京时间当天 0 点，也可写 ISO-8601 或 Unix 毫秒数（默认不限）",
        "from: a date YYYY-MM-DD is its start in Beijing time; ISO-8601 or epoch ms work too (default: no limit)" } },
    { "to", CTL_TEXT, "TIME", false, {
        "止：日期为北京时间当天最后一毫秒（默认不限）", "to: a date is its last millisecond in Beijing time (default: no limit)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_record_details = {
    "每个检查项写在 --pass 或 --fail 中（检查项编号见 checklist）。只有执行单位的成员（--org）\n"
    "能在任务的时间窗内记录，每个任务只能记录一次。\n",
    "Put each checklist item (keys from checklist) in --pass or --fail. Only a member of the\n"
    "executor unit (--org) may record a task, within its window, and only once.\n"
};

static const sf_text_t s_group_details = {
    "日期写作 YYYY-MM-DD，按厂区所在时区理解。时间（--occurred、history 与 violation search 的\n"
    "--from/--to）可写 ISO-8601 或 Unix 毫秒数；不带时区的时间和单独的日期按北京时间\n"
    "（Asia/Shanghai，UTC+8）换算。显示的时间也是北京时间。代码列表用逗号分隔，文字列表用 | 分隔。\n",
    "Dates are YYYY-MM-DD, in the plant's time zone. Times (--occurred, --from/--to of history and\n"
    "violation search) may be ISO-8601 or Unix epoch milliseconds; a time without a zone and a bare\n"
    "date are Beijing time (Asia/Shanghai, UTC+8). Times shown are Beijing time too. Lists of codes\n"
    "are comma-separated, lists of texts separated by |.\n"
};

static const ctl_command_t s_plan_create_command = {
    .name = "create", .options = s_plan_create_options, .run = s_plan_create,
    .summary = { "创建检查计划（四查：公司月查、部门周查、班组日查、专项检查）",
                 "Create a check plan (company monthly, department weekly, team daily or special)" }
};
static const ctl_command_t *const s_plan_commands [] = { &s_plan_create_command, NULL };
static const ctl_command_t s_plan_command = {
    .name = "plan", .commands = s_plan_commands,
    .summary = { "检查计划", "Check plans" }
};

static const ctl_command_t s_calendar_set_command = {
    .name = "set", .options = s_calendar_set_options, .run = s_calendar_set,
    .summary = { "设置厂区的时区和班次", "Set a plant's time zone and shifts" }
};
static const ctl_command_t *const s_calendar_commands [] = { &s_calendar_set_command, NULL };
static const ctl_command_t s_calendar_command = {
    .name = "calendar", .commands = s_calendar_commands,
    .summary = { "厂区日历：时区和班次", "Plant calendars: time zone and shifts" }
};

static const ctl_command_t s_tasks_generate_command = {
    .name = "generate", .options = s_tasks_generate_options, .run = s_tasks_generate,
    .summary = { "按计划生成这些天的检查任务（重复生成不会重复创建）",
                 "Generate the tasks of these days from the plans (generating again creates nothing new)" }
};
static const ctl_command_t s_tasks_list_command = {
    .name = "list", .options = s_tasks_list_options, .run = s_tasks_list,
    .summary = { "列出检查任务", "List tasks" }
};
static const ctl_command_t *const s_tasks_commands [] = { &s_tasks_generate_command, &s_tasks_list_command, NULL };
static const ctl_command_t s_tasks_command = {
    .name = "tasks", .commands = s_tasks_commands,
    .summary = { "检查任务", "Tasks" }
};

static const ctl_command_t s_checklist_command = {
    .name = "checklist", .options = s_checklist_options, .run = s_checklist,
    .summary = { "查看任务的检查清单", "Show the checklist of a task" }
};
static const ctl_command_t s_record_command = {
    .name = "record", .options = s_record_options, .run = s_record,
    .summary = { "记录一次检查的结果，可附一项隐患", "Record the result of a task, with one finding if any" },
    .details = &s_record_details
};
static const ctl_command_t s_report_command = {
    .name = "report", .options = s_report_options, .run = s_report,
    .summary = { "上报一项隐患（随手拍，或举一反三的自查）",
                 "Report a finding (outside an inspection, or from a lesson's self-check)" }
};
static const ctl_command_t s_findings_command = {
    .name = "findings", .options = s_findings_options, .run = s_findings,
    .summary = { "列出隐患", "List findings" }
};

static const ctl_command_t s_violation_record_command = {
    .name = "record", .options = s_violation_record_options, .run = s_violation_record,
    .summary = { "记录一起三违", "Record a violation" }
};
static const ctl_command_t s_violation_search_command = {
    .name = "search", .options = s_violation_search_options, .run = s_violation_search,
    .summary = { "查询三违案例库", "Search the violation case library" }
};
static const ctl_command_t *const s_violation_commands [] = {
    &s_violation_record_command, &s_violation_search_command, NULL
};
static const ctl_command_t s_violation_command = {
    .name = "violation", .commands = s_violation_commands,
    .summary = { "三违：违章指挥、违章作业、违反劳动纪律",
                 "Violations: illegal command, illegal operation, breach of discipline" }
};

static const ctl_command_t s_meeting_record_command = {
    .name = "record", .options = s_meeting_record_options, .run = s_meeting_record,
    .summary = { "记录班前会或班后会", "Record a pre-shift or post-shift meeting" }
};
static const ctl_command_t *const s_meeting_commands [] = { &s_meeting_record_command, NULL };
static const ctl_command_t s_meeting_command = {
    .name = "meeting", .commands = s_meeting_commands,
    .summary = { "一班两会：班前会和班后会", "Shift meetings, before and after each shift" }
};

static const ctl_command_t s_completion_command = {
    .name = "completion", .options = s_completion_options, .run = s_completion,
    .summary = { "各执行单位的检查完成率", "Completion rate of each executor unit" }
};
static const ctl_command_t s_history_command = {
    .name = "history", .options = s_history_options, .run = s_history,
    .summary = { "单位的检查记录、隐患、三违、漏检和班组会议",
                 "A unit's records, findings, violations, missed tasks and meetings" }
};

static const ctl_command_t *const s_commands [] = {
    &ctl_inspection_hazard_command, &ctl_inspection_risk_command, &s_plan_command, &s_calendar_command,
    &s_tasks_command, &s_checklist_command, &s_record_command, &s_report_command, &s_findings_command,
    &s_violation_command, &s_meeting_command, &s_completion_command, &s_history_command, NULL
};

const ctl_command_t ctl_inspection_command = {
    .name = "inspection",
    .summary = { "隐患排查：危险源清单、检查计划与任务、检查记录、隐患、三违和班组会议",
                 "Inspection: hazard lists, plans and tasks, records, findings, violations and shift meetings" },
    .commands = s_commands,
    .details = &s_group_details
};
