/*  safetyctl lesson assignments / history / assignment / ack / report / progress: each unit's
    assignment of a published lesson, through acknowledge → self-check (the special check in
    inspection) → report → closed, a unit's lesson history, and a lesson's progress.       */
#include "ctl_lesson.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "lesson_names.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_status = {
    "--status 的值“%s”无效：可用 assigned|acknowledged|self_checked|reported|closed|待签收|已签收|已自查|已报告|已关闭",
    "--status '%s' is invalid: use assigned|acknowledged|self_checked|reported|closed"
};
static const sf_text_t s_msg_no_assignments = { "没有符合条件的任务\n", "No assignments match\n" };
static const sf_text_t s_msg_yes = { "是", "yes" };
static const sf_text_t s_msg_no = { "否", "no" };
static const sf_text_t s_msg_check_created = { "已创建（任务 %lld）", "created (task %lld)" };
static const sf_text_t s_msg_check_waiting = { "已创建", "created" };
static const sf_text_t s_msg_check_pending = { "待创建", "pending" };
static const sf_text_t s_msg_check_retried = { "待创建（已尝试 %d 次）", "pending (attempts: %d)" };
static const sf_text_t s_msg_check_missed = { "漏检", "missed" };

static const sf_text_t s_msg_assignment = {
    "任务 %lld：事故案例 %s「%s」（编号 %lld），单位 %s（厂区 %s）\n",
    "Assignment %lld: lesson %s '%s' (id %lld), unit %s (plant %s)\n"
};
static const sf_text_t s_msg_state = {
    "状态：%s；报告期限：%s；逾期：%s\n", "Status: %s; report due by the end of %s; late: %s\n"
};
static const sf_text_t s_msg_acknowledged = { "签收：%s，%s\n", "Acknowledged by %s, %s\n" };
static const sf_text_t s_msg_check = {
    "专项检查：%s，计划 %s，已尝试 %d 次\n", "Special check: %s, plan %s, attempts: %d\n"
};
static const sf_text_t s_msg_check_error = { "  最近一次失败：%s\n", "  last failure: %s\n" };
static const sf_text_t s_msg_task = { "  隐患排查任务：%lld\n", "  inspection task: %lld\n" };
static const sf_text_t s_msg_missed = {
    "  专项检查在时间窗内未完成（未自查）\n", "  the special check's window ended unrecorded (not done)\n"
};
static const sf_text_t s_msg_self_checked = {
    "自查：%s，合格 %d 项，不合格 %d 项\n", "Self-checked %s: %d items passed, %d failed\n"
};
static const sf_text_t s_msg_findings = { "自查发现的隐患：%s（未整改 %d 个）\n", "Findings: %s (%d still open)\n" };
static const sf_text_t s_msg_reported = { "报告：%s，%s\n  %s\n", "Reported by %s, %s\n  %s\n" };
static const sf_text_t s_msg_closed = { "关闭：%s\n", "Closed: %s\n" };
static const sf_text_t s_msg_escalated = {
    "逾期通报：已沿组织链上报 %d 级，最近通报到 %s\n", "Overdue notice: %d levels up the org chain, last to %s\n"
};
static const sf_text_t s_msg_version = { "版本：%lld\n", "Version: %lld\n" };

static const sf_text_t s_msg_progress = { "事故案例 %s（编号 %lld）的进度：%s\n", "Progress of lesson %s (id %lld): %s\n" };
static const sf_text_t s_label_targets = { "下达单位", "Units reached" };
static const sf_text_t s_label_acknowledged = { "已签收", "Acknowledged" };
static const sf_text_t s_label_self_checked = { "已自查", "Self-checked" };
static const sf_text_t s_label_reported = { "已报告", "Reported" };
static const sf_text_t s_label_closed = { "已关闭", "Closed" };
static const sf_text_t s_label_late = { "逾期未报告", "Late (not reported by the deadline)" };
static const sf_text_t s_label_not_done = { "未完成自查（漏检）", "Self-check not done (missed)" };
static const sf_text_t s_label_checks_pending = { "专项检查待创建", "Special checks not yet created" };
static const sf_text_t s_label_findings = { "自查发现的隐患", "Findings of the self-checks" };
static const sf_text_t s_label_findings_open = { "其中未整改", "of which still open" };

static const sf_text_t s_header_assignments = {
    "任务\t事故案例\t标题\t单位\t状态\t专项检查\t隐患（未整改/共）\t报告期限\t逾期",
    "Id\tLesson\tTitle\tUnit\tStatus\tSpecial check\tFindings (open/all)\tDue\tLate"
};

static const char *
s_or_dash (const char *text)
{
    return text && *text? text: "-";
}

static const char *
s_status_name (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? lesson_assignment_status_name_en (status): lesson_assignment_status_name_zh (status);
}

static const char *
s_yes_no (const ctl_t *ctl, bool yes)
{
    return ctl_text (ctl, yes? &s_msg_yes: &s_msg_no);
}

//  How the special check stands, in a few words. Caller frees.
static char *
s_check_state (const ctl_t *ctl, const Lesson__Assignment *assignment)
{
    if (assignment->check_missed)
        return strdup (ctl_text (ctl, &s_msg_check_missed));
    if (assignment->check_request != LESSON__CHECK_REQUEST__CHECK_CREATED && assignment->check_attempts > 0)
        return ctl_format (ctl, &s_msg_check_retried, (int) assignment->check_attempts);
    if (assignment->check_request != LESSON__CHECK_REQUEST__CHECK_CREATED)
        return strdup (ctl_text (ctl, &s_msg_check_pending));
    if (assignment->task_id)
        return ctl_format (ctl, &s_msg_check_created, (long long) assignment->task_id);
    return strdup (ctl_text (ctl, &s_msg_check_waiting));
}

void
ctl_lesson_assignments_print (const ctl_t *ctl, Lesson__Assignment *const *assignments, size_t count)
{
    ctl_table_t *table = ctl_lesson_table (ctl, &s_header_assignments);
    for (size_t i = 0; i < count; i++) {
        const Lesson__Assignment *assignment = assignments [i];
        ctl_table_addf (table, "%lld", (long long) assignment->id);
        ctl_table_add (table, s_or_dash (assignment->lesson_number));
        ctl_table_add (table, s_or_dash (assignment->lesson_title_zh));
        ctl_table_add (table, assignment->unit_code);
        ctl_table_add (table, s_status_name (ctl, assignment->status));
        char *check = s_check_state (ctl, assignment);
        ctl_table_add (table, check);
        free (check);
        ctl_table_addf (table, "%d/%zu", (int) assignment->findings_open, assignment->n_finding_numbers);
        char due [32];
        ctl_lesson_due (assignment->deadline_ms, due, sizeof due);
        ctl_table_add (table, due);
        ctl_table_add (table, s_yes_no (ctl, assignment->late));
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

static void
s_assignment_print (const ctl_t *ctl, const Lesson__Assignment *assignment)
{
    char when [32];
    ctl_print (ctl, stdout, &s_msg_assignment, (long long) assignment->id, s_or_dash (assignment->lesson_number),
               s_or_dash (assignment->lesson_title_zh), (long long) assignment->lesson_id, assignment->unit_code,
               s_or_dash (assignment->plant_code));
    ctl_lesson_due (assignment->deadline_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_state, s_status_name (ctl, assignment->status), when,
               s_yes_no (ctl, assignment->late));
    if (assignment->acknowledged_ms) {
        ctl_beijing_time (assignment->acknowledged_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_acknowledged, s_or_dash (assignment->acknowledged_by), when);
    }
    const char *request = ctl->lang == CTL_LANG_EN? lesson_check_request_name_en (assignment->check_request):
                                                    lesson_check_request_name_zh (assignment->check_request);
    ctl_print (ctl, stdout, &s_msg_check, request, s_or_dash (assignment->plan_code), (int) assignment->check_attempts);
    if (*assignment->check_error && assignment->check_request != LESSON__CHECK_REQUEST__CHECK_CREATED)
        ctl_print (ctl, stdout, &s_msg_check_error, assignment->check_error);
    if (assignment->task_id)
        ctl_print (ctl, stdout, &s_msg_task, (long long) assignment->task_id);
    if (assignment->check_missed)
        ctl_print (ctl, stdout, &s_msg_missed);
    if (assignment->self_checked_ms) {
        ctl_beijing_time (assignment->self_checked_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_self_checked, when, (int) assignment->items_passed, (int) assignment->items_failed);
    }
    if (assignment->n_finding_numbers) {
        size_t size = 1;
        for (size_t i = 0; i < assignment->n_finding_numbers; i++)
            size += strlen (assignment->finding_numbers [i]) + 2;
        char *numbers = calloc (1, size);
        if (!numbers)
            abort ();
        for (size_t i = 0; i < assignment->n_finding_numbers; i++) {
            if (i)
                strcat (numbers, ", ");
            strcat (numbers, assignment->finding_numbers [i]);
        }
        ctl_print (ctl, stdout, &s_msg_findings, numbers, (int) assignment->findings_open);
        free (numbers);
    }
    if (assignment->reported_ms) {
        ctl_beijing_time (assignment->reported_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_reported, s_or_dash (assignment->reported_by), when, assignment->report);
    }
    if (assignment->closed_ms) {
        ctl_beijing_time (assignment->closed_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_closed, when);
    }
    if (assignment->escalation_step)
        ctl_print (ctl, stdout, &s_msg_escalated, (int) assignment->escalation_step, s_or_dash (assignment->escalated_to));
    ctl_print (ctl, stdout, &s_msg_version, (long long) assignment->version);
}

//  Sends request and shows the assignment it answers with.
static int
s_assignment_call (const ctl_t *ctl, const ProtobufCMessage *request, const char *key)
{
    Lesson__Assignment *assignment;
    int rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, request, key, &lesson__assignment__descriptor, &assignment);
    if (assignment)
        s_assignment_print (ctl, assignment);
    sf_pb_destroy (&assignment);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  assignments, history

//  Every page of request, shown as one table.
static int
s_list (const ctl_t *ctl, const ctl_args_t *args, Lesson__ListAssignments *request)
{
    const char *status = ctl_args_get (args, "status");
    if (status && !(request->status = lesson_assignment_status_parse (status)))
        return ctl_args_usage (ctl, args, &s_msg_bad_status, status);
    request->late_only = ctl_args_get (args, "late") != NULL;
    Lesson__AssignmentList *list;
    int rc = ctl_page_show (ctl, CTL_LESSON_DAEMON, &request->base, ctl_args_number (args, "page-size", 0),
                            &lesson__assignment_list__descriptor, &list);
    if (list && list->n_assignments == 0)
        ctl_print (ctl, stdout, &s_msg_no_assignments);
    else
    if (list)
        ctl_lesson_assignments_print (ctl, list->assignments, list->n_assignments);
    sf_pb_destroy (&list);
    return rc;
}

static int
s_assignments (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__ListAssignments request = LESSON__LIST_ASSIGNMENTS__INIT;
    int rc = ctl_lesson_id (ctl, args, &request.lesson_id);
    return rc? rc: s_list (ctl, args, &request);
}

static int
s_history (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__ListAssignments request = LESSON__LIST_ASSIGNMENTS__INIT;
    request.unit_code = sf_codec_wire (args->operand);
    return s_list (ctl, args, &request);
}

//  --------------------------------------------------------------------------------------
//  assignment, ack, report

static int
s_assignment (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__GetAssignment request = LESSON__GET_ASSIGNMENT__INIT;
    int rc = ctl_lesson_id (ctl, args, &request.assignment_id);
    return rc? rc: s_assignment_call (ctl, &request.base, NULL);
}

static int
s_ack (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__AcknowledgeAssignment request = LESSON__ACKNOWLEDGE_ASSIGNMENT__INIT;
    int rc = ctl_lesson_id (ctl, args, &request.assignment_id);
    return rc? rc: s_assignment_call (ctl, &request.base, ctl_args_get (args, "key"));
}

static int
s_report (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__ReportAssignment request = LESSON__REPORT_ASSIGNMENT__INIT;
    int rc = ctl_lesson_id (ctl, args, &request.assignment_id);
    if (rc)
        return rc;
    request.report = sf_codec_wire (ctl_args_get (args, "text"));
    return s_assignment_call (ctl, &request.base, ctl_args_get (args, "key"));
}

//  --------------------------------------------------------------------------------------
//  progress

static void
s_count (ctl_table_t *table, const ctl_t *ctl, const sf_text_t *label, int value)
{
    ctl_table_add (table, ctl_text (ctl, label));
    ctl_table_addf (table, "%d", value);
}

static int
s_progress (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__GetProgress request = LESSON__GET_PROGRESS__INIT;
    int rc = ctl_lesson_id (ctl, args, &request.lesson_id);
    if (rc)
        return rc;
    Lesson__Progress *progress;
    rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, &request.base, NULL, &lesson__progress__descriptor, &progress);
    if (progress) {
        const char *status = ctl->lang == CTL_LANG_EN? lesson_status_name_en (progress->status):
                                                       lesson_status_name_zh (progress->status);
        ctl_print (ctl, stdout, &s_msg_progress, s_or_dash (progress->lesson_number), (long long) progress->lesson_id,
                   status);
        ctl_table_t *table = ctl_table_new (2);
        s_count (table, ctl, &s_label_targets, progress->targets);
        s_count (table, ctl, &s_label_acknowledged, progress->acknowledged);
        s_count (table, ctl, &s_label_self_checked, progress->self_checked);
        s_count (table, ctl, &s_label_reported, progress->reported);
        s_count (table, ctl, &s_label_closed, progress->closed);
        s_count (table, ctl, &s_label_late, progress->late);
        s_count (table, ctl, &s_label_not_done, progress->not_done);
        s_count (table, ctl, &s_label_checks_pending, progress->checks_pending);
        s_count (table, ctl, &s_label_findings, progress->findings);
        s_count (table, ctl, &s_label_findings_open, progress->findings_open);
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&progress);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

static const ctl_option_t s_no_options [] = {
    { NULL }
};
static const ctl_option_t s_list_options [] = {
    { "status", CTL_TEXT, "STATUS", false, {
        "只列此状态：assigned（待签收）、acknowledged（已签收）、self_checked（已自查）、reported（已报告）或 closed（已关闭）",
        "only this status: assigned, acknowledged, self_checked, reported or closed" } },
    { "late", CTL_SWITCH, NULL, false, { "只列逾期未报告的", "only those not reported by their deadline" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_key_options [] = {
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_report_options [] = {
    { "text", CTL_TEXT, "TEXT", true, { "自查报告：查了什么、发现了什么（1 至 2000 字）",
                                        "the report: what was checked and found (1 to 2000 characters)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const sf_text_t s_report_details = {
    "专项检查在隐患排查中记录之后（状态为已自查）才能报告；自查发现的隐患都已整改（或没有隐患）时任务随即关闭，\n"
    "否则在整改单全部关闭或撤销时关闭。\n",
    "Only after the special check is recorded in inspection (status self-checked). The assignment\n"
    "closes at once when none of its findings is still open, else when the last form is closed or\n"
    "cancelled in rectification.\n"
};
static const sf_text_t s_assignment_details = {
    "专项检查在隐患排查中的计划编码为 LS<任务编号>；用 inspection tasks list 查找其任务，\n"
    "inspection checklist 查看检查清单，inspection record 记录结果。\n",
    "The special check's plan in inspection is LS<assignment id>: find its task with inspection tasks\n"
    "list, see its checklist with inspection checklist, record it with inspection record.\n"
};

const ctl_command_t ctl_lesson_assignments_command = {
    .name = "assignments", .operand = "ID", .options = s_list_options, .run = s_assignments,
    .summary = { "列出事故案例下达的任务", "List a lesson's assignments" }
};
const ctl_command_t ctl_lesson_history_command = {
    .name = "history", .operand = "UNIT", .options = s_list_options, .run = s_history,
    .summary = { "单位（含下级）的举一反三任务历史", "A unit's lesson history (the unit and below)" }
};
const ctl_command_t ctl_lesson_assignment_command = {
    .name = "assignment", .operand = "ASSIGNMENT_ID", .options = s_no_options, .run = s_assignment,
    .details = &s_assignment_details,
    .summary = { "查看一项任务：状态、专项检查、隐患和报告", "Show an assignment: state, special check, findings, report" }
};
const ctl_command_t ctl_lesson_ack_command = {
    .name = "ack", .operand = "ASSIGNMENT_ID", .options = s_key_options, .run = s_ack,
    .summary = { "签收任务", "Acknowledge an assignment" }
};
const ctl_command_t ctl_lesson_report_command = {
    .name = "report", .operand = "ASSIGNMENT_ID", .options = s_report_options, .run = s_report,
    .details = &s_report_details,
    .summary = { "报告自查结果", "Report the self-check" }
};
const ctl_command_t ctl_lesson_progress_command = {
    .name = "progress", .operand = "ID", .options = s_no_options, .run = s_progress,
    .summary = { "事故案例的进度：签收、自查、报告、关闭、逾期", "A lesson's progress: acknowledged, self-checked, reported, closed, late" }
};
