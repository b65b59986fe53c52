/*  safetyctl rectify: the rectification daemon's commands: issue a feedback form, move it
    through its life (ack, start, plan, submit, verify, reject, cancel), show and list forms,
    the statistics of a unit and the printed rectification notice of a department. The
    daemon checks every rule; the client translates only words, dates and amounts. Writes
    take --key, so that running the same command line again takes effect at most once.     */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "rectification.pb-c.h"
#include "rectification_names.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_severity = {
    "未知的隐患等级“%s”：可用 general（一般隐患）或 major（重大隐患）",
    "unknown severity '%s': use general or major"
};
static const sf_text_t s_msg_bad_status = {
    "未知的状态“%s”：可用 issued、acknowledged、in_rectification、submitted、closed、cancelled",
    "unknown status '%s': use issued, acknowledged, in_rectification, submitted, closed or cancelled"
};
static const sf_text_t s_msg_bad_amount = {
    "无法识别的金额“%s”：请写成元，最多两位小数，如 12000 或 350.50",
    "cannot read the amount '%s': write yuan with at most two decimals, e.g. 12000 or 350.50"
};
static const sf_text_t s_msg_done = {
    "问题反馈单 %s：%s（版本 %lld）\n", "Feedback form %s: %s (version %lld)\n"
};
static const sf_text_t s_msg_notice_title = {
    "整改通知书 · %s %s · 厂区 %s · %s\n共 %zu 项未完成整改：\n",
    "Rectification notice · %s %s · plant %s · %s\n%zu open forms:\n"
};
static const sf_text_t s_msg_stats_title = {
    "%s 整改统计（%s 至 %s）\n", "Rectification statistics of %s (%s to %s)\n"
};

static const sf_text_t s_label_number = { "编号", "Number" };
static const sf_text_t s_label_status = { "状态", "Status" };
static const sf_text_t s_label_severity = { "隐患等级", "Severity" };
static const sf_text_t s_label_description = { "问题描述", "Description" };
static const sf_text_t s_label_location = { "地点", "Location" };
static const sf_text_t s_label_unit = { "责任单位", "Responsible unit" };
static const sf_text_t s_label_person = { "责任人", "Responsible person" };
static const sf_text_t s_label_issuer = { "下发单位", "Issuer unit" };
static const sf_text_t s_label_requirement = { "整改要求", "Requirement" };
static const sf_text_t s_label_deadline = { "整改期限", "Deadline" };
static const sf_text_t s_label_pdca = { "PDCA 阶段", "PDCA stage" };
static const sf_text_t s_label_finding = { "来源隐患", "Finding" };
static const sf_text_t s_label_plan = { "治理方案", "Plan" };
static const sf_text_t s_label_evidence = { "整改证据", "Evidence" };
static const sf_text_t s_label_recurrence = { "重复发生，关联", "Recurrence of" };
static const sf_text_t s_label_note = { "备注", "Note" };
static const sf_text_t s_label_overdue = { "已逾期", "Overdue" };
static const sf_text_t s_label_version = { "版本", "Version" };
static const sf_text_t s_msg_plan_line = {
    "措施：%s；责任：%s/%s；资金：%s 元；时限：%s；临时措施：%s；应急预案：%s",
    "measures: %s; responsible: %s/%s; funds: CNY %s; time limit: %s; interim: %s; emergency plan: %s"
};
static const sf_text_t s_msg_evidence_line = {
    "%s（费用 %s 元，%zu 个附件，%s 提交）", "%s (cost CNY %s, %zu attachments, submitted by %s)"
};
static const sf_text_t s_msg_yes = { "是", "yes" };
static const sf_text_t s_header_stats = {
    "单位\t下发\t关闭\t按期关闭\t关闭率\t按期率\t平均关闭小时\t逾期\t重复\t未关闭",
    "Unit\tIssued\tClosed\tOn time\tClosure\tOn-time\tMean hours\tOverdue\tRecurrent\tOpen"
};
static const sf_text_t s_header_list = {
    "编号\t状态\t等级\t责任单位\t期限\t问题描述", "Number\tStatus\tSeverity\tUnit\tDeadline\tDescription"
};

//  --------------------------------------------------------------------------------------
//  Words, dates and amounts

static const char *
s_status (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? rect_status_name (status): rect_status_name_zh (status);
}

static const char *
s_severity (const ctl_t *ctl, int severity)
{
    return ctl->lang == CTL_LANG_EN? rect_severity_name (severity): rect_severity_name_zh (severity);
}

//  The option's text, "" when it was not given.
static char *
s_text (const ctl_args_t *args, const char *name)
{
    return sf_codec_wire (ctl_args_get (args, name));
}

//  Yuan with up to two decimals to fen; -1 when unreadable.
static int64_t
s_parse_amount (const char *text)
{
    int64_t fen = 0;
    int decimals = -1;
    if (!*text)
        return -1;
    for (const char *at = text; *at; at++) {
        if (*at == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (*at < '0' || *at > '9' || decimals == 2 || fen > 100000000000000LL)
            return -1;
        fen = fen * 10 + (*at - '0');
        if (decimals >= 0)
            decimals++;
    }
    for (int d = decimals < 0? 0: decimals; d < 2; d++)
        fen *= 10;
    return fen;
}

//  The option's amount in fen; 0 when it was not given, -1 when unreadable.
static int64_t
s_amount (const ctl_args_t *args, const char *name)
{
    const char *text = ctl_args_get (args, name);
    return text? s_parse_amount (text): 0;
}

static void
s_amount_text (int64_t fen, char *buffer, size_t size)
{
    snprintf (buffer, size, "%lld.%02lld", (long long) (fen / 100), (long long) (fen % 100));
}

//  --------------------------------------------------------------------------------------
//  Calls and output

static void
s_row (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *label, const char *value)
{
    ctl_table_add (table, ctl_text (ctl, label));
    ctl_table_add (table, value && *value? value: "-");
}

static void
s_print_form (const ctl_t *ctl, const Rectification__Form *form)
{
    char deadline [32], amount [32], limit [32];
    ctl_beijing_time (form->deadline_ms, deadline, sizeof deadline);
    ctl_table_t *table = ctl_table_new (2);
    s_row (ctl, table, &s_label_number, form->number);
    s_row (ctl, table, &s_label_status, s_status (ctl, form->status));
    s_row (ctl, table, &s_label_severity, s_severity (ctl, form->severity));
    s_row (ctl, table, &s_label_description, form->description);
    s_row (ctl, table, &s_label_location, form->location);
    s_row (ctl, table, &s_label_unit, form->responsible_unit);
    s_row (ctl, table, &s_label_person, form->responsible_person);
    s_row (ctl, table, &s_label_issuer, form->issuer_unit);
    s_row (ctl, table, &s_label_requirement, form->requirement);
    s_row (ctl, table, &s_label_deadline, deadline);
    s_row (ctl, table, &s_label_pdca, ctl->lang == CTL_LANG_EN? rect_pdca_name (form->pdca): rect_pdca_name_zh (form->pdca));
    s_row (ctl, table, &s_label_finding, form->finding_number);
    const Rectification__Plan *plan = form->plan;
    if (plan) {
        s_amount_text (plan->funds_fen, amount, sizeof amount);
        ctl_beijing_time (plan->time_limit_ms, limit, sizeof limit);
        char *line = ctl_format (ctl, &s_msg_plan_line, plan->measures, plan->responsible_unit,
                                 plan->responsible_person, amount, limit, plan->interim_measures,
                                 plan->emergency_plan_ref);
        s_row (ctl, table, &s_label_plan, line);
        free (line);
    }
    const Rectification__Evidence *evidence = form->evidence;
    if (evidence) {
        s_amount_text (evidence->cost_fen, amount, sizeof amount);
        char *line = ctl_format (ctl, &s_msg_evidence_line, evidence->text, amount, evidence->n_attachments,
                                 evidence->submitted_by);
        s_row (ctl, table, &s_label_evidence, line);
        free (line);
    }
    s_row (ctl, table, &s_label_recurrence, form->recurrence_of_number);
    s_row (ctl, table, &s_label_overdue, form->overdue? ctl_text (ctl, &s_msg_yes): "-");
    s_row (ctl, table, &s_label_note, form->note);
    ctl_table_add (table, ctl_text (ctl, &s_label_version));
    ctl_table_addf (table, "%lld", (long long) form->version);
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  Sends a command that answers a Form and shows it: whole for show, one line otherwise.
//  Writes give their --key.
static int
s_form_command (const ctl_t *ctl, const char *key, const ProtobufCMessage *request, bool whole)
{
    Rectification__Form *form;
    int rc = ctl_daemon_show (ctl, "rectification", request, key, &rectification__form__descriptor, &form);
    if (form && whole)
        s_print_form (ctl, form);
    else
    if (form)
        ctl_print (ctl, stdout, &s_msg_done, form->number, s_status (ctl, form->status),
                   (long long) form->version);
    sf_pb_destroy (&form);
    return rc;
}

//  A table header from the tab-separated titles of header.
static void
s_header (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *header)
{
    char *titles = strdup (ctl_text (ctl, header));
    for (char *cell = strtok (titles, "\t"); cell; cell = strtok (NULL, "\t"))
        ctl_table_add (table, cell);
    free (titles);
}

static void
s_print_list (const ctl_t *ctl, Rectification__Form *const *forms, size_t count)
{
    ctl_table_t *table = ctl_table_new (6);
    s_header (ctl, table, &s_header_list);
    for (size_t i = 0; i < count; i++) {
        const Rectification__Form *form = forms [i];
        char deadline [32];
        ctl_beijing_time (form->deadline_ms, deadline, sizeof deadline);
        ctl_table_add (table, form->number);
        ctl_table_add (table, s_status (ctl, form->status));
        ctl_table_add (table, s_severity (ctl, form->severity));
        ctl_table_add (table, form->responsible_unit);
        ctl_table_add (table, deadline);
        ctl_table_add (table, form->description);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  --------------------------------------------------------------------------------------
//  Commands

static int
s_issue (const ctl_t *ctl, const ctl_args_t *args)
{
    char *attachment = s_text (args, "attachment");
    Rectification__IssueForm issue = RECTIFICATION__ISSUE_FORM__INIT;
    issue.responsible_unit = s_text (args, "unit");
    issue.responsible_person = s_text (args, "person");
    issue.issuer_unit = s_text (args, "issuer");
    issue.severity = rect_severity_parse (ctl_args_get (args, "severity"));
    issue.description = s_text (args, "description");
    issue.location = s_text (args, "location");
    issue.requirement = s_text (args, "requirement");
    issue.hazard_key = s_text (args, "hazard");
    issue.attachments = &attachment;
    issue.n_attachments = *attachment? 1: 0;
    if (!issue.severity)
        return ctl_args_usage (ctl, args, &s_msg_bad_severity, ctl_args_get (args, "severity"));
    int rc = ctl_args_time (ctl, args, "deadline", false, &issue.deadline_ms);
    return rc? rc: s_form_command (ctl, ctl_args_get (args, "key"), &issue.base, true);
}

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Rectification__GetForm get = RECTIFICATION__GET_FORM__INIT;
    get.number = (char *) args->operand;
    return s_form_command (ctl, NULL, &get.base, true);
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *status = ctl_args_get (args, "status");
    Rectification__ListForms query = RECTIFICATION__LIST_FORMS__INIT;
    query.unit_code = s_text (args, "unit");
    query.status = rect_status_parse (status);
    query.open_only = ctl_args_get (args, "open") != NULL;
    int limit = ctl_args_number (args, "limit", 0);
    if (status && !query.status)
        return ctl_args_usage (ctl, args, &s_msg_bad_status, status);
    //  The newest --limit forms need no larger pages than that.
    Rectification__FormList *list;
    int rc = ctl_page_show_first (ctl, "rectification", &query.base, ctl_args_number (args, "page-size", limit),
                                  "forms", limit, &rectification__form_list__descriptor, &list);
    if (list)
        s_print_list (ctl, list->forms, list->n_forms);
    sf_pb_destroy (&list);
    return rc;
}

//  ack, start, verify, reject, cancel: a request of type naming the form, with the option
//  note (the name of its field, "note" or "reason") when it carries one.
static int
s_move (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessageDescriptor *type, const char *note)
{
    ProtobufCMessage *request = sf_pb_new (type);
    sf_pb_set ((char **) sf_pb_member (request, sf_pb_field (type, "number")), args->operand);
    if (note)
        sf_pb_set ((char **) sf_pb_member (request, sf_pb_field (type, note)), ctl_args_get (args, note));
    int rc = s_form_command (ctl, ctl_args_get (args, "key"), request, false);
    sf_pb_destroy (&request);
    return rc;
}

static int s_ack (const ctl_t *ctl, const ctl_args_t *args) { return s_move (ctl, args, &rectification__acknowledge_form__descriptor, "note"); }
static int s_start (const ctl_t *ctl, const ctl_args_t *args) { return s_move (ctl, args, &rectification__start_rectification__descriptor, NULL); }
static int s_verify (const ctl_t *ctl, const ctl_args_t *args) { return s_move (ctl, args, &rectification__verify_form__descriptor, "note"); }
static int s_reject (const ctl_t *ctl, const ctl_args_t *args) { return s_move (ctl, args, &rectification__reject_form__descriptor, "reason"); }
static int s_cancel (const ctl_t *ctl, const ctl_args_t *args) { return s_move (ctl, args, &rectification__cancel_form__descriptor, "reason"); }

static int
s_plan (const ctl_t *ctl, const ctl_args_t *args)
{
    Rectification__Plan plan = RECTIFICATION__PLAN__INIT;
    plan.measures = s_text (args, "measures");
    plan.responsible_unit = s_text (args, "unit");
    plan.responsible_person = s_text (args, "person");
    plan.funds_fen = s_amount (args, "funds");
    plan.interim_measures = s_text (args, "interim");
    plan.emergency_plan_ref = s_text (args, "emergency-plan");
    if (plan.funds_fen < 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_amount, ctl_args_get (args, "funds"));
    int rc = ctl_args_time (ctl, args, "time-limit", false, &plan.time_limit_ms);
    if (rc)
        return rc;
    Rectification__RecordPlan record = RECTIFICATION__RECORD_PLAN__INIT;
    record.number = (char *) args->operand;
    record.plan = &plan;
    return s_form_command (ctl, ctl_args_get (args, "key"), &record.base, false);
}

static int
s_submit (const ctl_t *ctl, const ctl_args_t *args)
{
    char *attachment = s_text (args, "attachment");
    Rectification__Evidence evidence = RECTIFICATION__EVIDENCE__INIT;
    evidence.text = s_text (args, "evidence");
    evidence.attachments = &attachment;
    evidence.n_attachments = *attachment? 1: 0;
    evidence.cost_fen = s_amount (args, "cost");
    if (evidence.cost_fen < 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_amount, ctl_args_get (args, "cost"));
    Rectification__SubmitEvidence submit = RECTIFICATION__SUBMIT_EVIDENCE__INIT;
    submit.number = (char *) args->operand;
    submit.evidence = &evidence;
    return s_form_command (ctl, ctl_args_get (args, "key"), &submit.base, false);
}

static void
s_stats_row (ctl_table_t *table, const Rectification__UnitStats *stats)
{
    ctl_table_add (table, stats->unit_code);
    ctl_table_addf (table, "%d", stats->issued);
    ctl_table_addf (table, "%d", stats->closed);
    ctl_table_addf (table, "%d", stats->closed_on_time);
    ctl_table_addf (table, "%.1f%%", stats->closure_rate * 100);
    ctl_table_addf (table, "%.1f%%", stats->on_time_rate * 100);
    ctl_table_addf (table, "%.1f", stats->mean_hours_to_close);
    ctl_table_addf (table, "%d", stats->overdue);
    ctl_table_addf (table, "%d", stats->recurrences);
    ctl_table_addf (table, "%d", stats->open);
}

static int
s_stats (const ctl_t *ctl, const ctl_args_t *args)
{
    Rectification__GetStats query = RECTIFICATION__GET_STATS__INIT;
    query.unit_code = s_text (args, "unit");
    int rc = ctl_args_time (ctl, args, "from", false, &query.from_ms);
    if (rc == CTL_EXIT_OK)
        rc = ctl_args_time (ctl, args, "to", false, &query.to_ms);
    if (rc)
        return rc;
    Rectification__Stats *stats;
    rc = ctl_page_show (ctl, "rectification", &query.base, ctl_args_number (args, "page-size", 0),
                        &rectification__stats__descriptor, &stats);
    if (stats) {
        static const Rectification__UnitStats none = RECTIFICATION__UNIT_STATS__INIT;
        const Rectification__UnitStats *total = stats->total? stats->total: &none;
        ctl_print (ctl, stdout, &s_msg_stats_title, total->unit_code, ctl_args_get (args, "from"),
                   ctl_args_get (args, "to"));
        ctl_table_t *table = ctl_table_new (10);
        s_header (ctl, table, &s_header_stats);
        s_stats_row (table, total);
        for (size_t i = 0; i < stats->n_units; i++)
            s_stats_row (table, stats->units [i]);
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&stats);
    return rc;
}

static int
s_notice (const ctl_t *ctl, const ctl_args_t *args)
{
    Rectification__GetNotice query = RECTIFICATION__GET_NOTICE__INIT;
    query.unit_code = s_text (args, "unit");
    Rectification__Notice *notice;
    int rc = ctl_page_show (ctl, "rectification", &query.base, ctl_args_number (args, "page-size", 0),
                            &rectification__notice__descriptor, &notice);
    if (notice) {
        char generated [32];
        ctl_beijing_time (notice->generated_ms, generated, sizeof generated);
        const char *name = ctl->lang == CTL_LANG_EN && *notice->unit_name_en? notice->unit_name_en: notice->unit_name_zh;
        ctl_print (ctl, stdout, &s_msg_notice_title, notice->unit_code, name, notice->plant_code, generated,
                   notice->n_forms);
        s_print_list (ctl, notice->forms, notice->n_forms);
    }
    sf_pb_destroy (&notice);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  The table

static const ctl_option_t s_issue_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "责任单位编码", "code of the responsible unit" } },
    { "severity", CTL_TEXT, "LEVEL", true, {
        "隐患等级：general（一般隐患）或 major（重大隐患）", "severity: general or major" } },
    { "description", CTL_TEXT, "TEXT", true, { "问题描述", "what is wrong" } },
    { "requirement", CTL_TEXT, "TEXT", true, { "整改要求", "what must be done" } },
    { "person", CTL_TEXT, "CODE", false, { "责任人", "responsible person" } },
    { "issuer", CTL_TEXT, "CODE", false, {
        "下发单位（默认为 --org）：由它或其上级验证", "issuing unit (default --org): it or a unit above verifies" } },
    { "location", CTL_TEXT, "TEXT", false, { "地点", "location" } },
    { "deadline", CTL_TEXT, "DATE", false, {
        "整改期限 YYYY-MM-DD [HH:MM]（默认按隐患等级）", "deadline YYYY-MM-DD [HH:MM] (default: by severity)" } },
    { "hazard", CTL_TEXT, "KEY", false, { "隐患标识（用于判断重复发生）", "hazard key (for recurrence)" } },
    { "attachment", CTL_TEXT, "REF", false, { "附件引用（照片、文件）", "attachment reference (photo, file)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_list_options [] = {
    { "unit", CTL_TEXT, "CODE", false, { "只列出该单位及其下级的（默认全部）", "only this unit and below (default: all)" } },
    { "status", CTL_TEXT, "STATUS", false, { "只列出该状态的", "only forms in this status" } },
    { "open", CTL_SWITCH, NULL, false, { "只列出未关闭、未撤销的", "only forms neither closed nor cancelled" } },
    { "limit", CTL_NUMBER, "N", false, { "只列出最新的 N 项（默认全部）", "only the newest N forms (default: all)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_note_options [] = {
    { "note", CTL_TEXT, "TEXT", false, { "备注", "note" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_key_options [] = {
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_reason_options [] = {
    { "reason", CTL_TEXT, "TEXT", true, { "原因", "reason" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_plan_options [] = {
    { "measures", CTL_TEXT, "TEXT", false, { "治理措施", "treatment measures" } },
    { "unit", CTL_TEXT, "CODE", false, { "责任单位", "responsible unit" } },
    { "person", CTL_TEXT, "NAME", false, { "责任人", "responsible person" } },
    { "funds", CTL_TEXT, "YUAN", false, { "治理资金（元）", "funds (yuan)" } },
    { "time-limit", CTL_TEXT, "DATE", false, { "治理时限 YYYY-MM-DD [HH:MM]", "time limit YYYY-MM-DD [HH:MM]" } },
    { "interim", CTL_TEXT, "TEXT", false, { "临时管控措施", "interim control measures" } },
    { "emergency-plan", CTL_TEXT, "REF", false, { "应急预案编号", "emergency plan reference" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_submit_options [] = {
    { "evidence", CTL_TEXT, "TEXT", true, { "整改情况说明", "what was done" } },
    { "attachment", CTL_TEXT, "REF", false, { "附件引用（整改后照片）", "attachment reference (photo after)" } },
    { "cost", CTL_TEXT, "YUAN", false, { "整改费用（元）", "cost (yuan)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_stats_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "单位（含其下级）", "unit (with the units below it)" } },
    { "from", CTL_TEXT, "DATE", true, { "统计开始 YYYY-MM-DD（含）", "period start YYYY-MM-DD (inclusive)" } },
    { "to", CTL_TEXT, "DATE", true, { "统计结束 YYYY-MM-DD（不含）", "period end YYYY-MM-DD (exclusive)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_notice_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "责任部门", "responsible department" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_plan_details = {
    "重大隐患须有完整的治理方案（措施、责任单位、责任人、资金、时限、临时管控措施、应急预案）才能开始整改，\n"
    "依据《安全生产事故隐患排查治理暂行规定》（国家安全生产监督管理总局令第16号）第十五条。\n",
    "A major hazard needs a complete plan (measures, responsible unit and person, funds, time limit,\n"
    "interim control measures, emergency plan) before rectification starts: order No. 16 of the State\n"
    "Administration of Work Safety, Art. 15.\n"
};

#define S_COMMAND(var, word, opts, fn, zh, en) \
    static const ctl_command_t var = { .name = word, .operand = "NUMBER", .options = opts, .run = fn, \
                                       .summary = { zh, en } }
S_COMMAND (s_show_command, "show", NULL, s_show, "查看一张问题反馈单", "Show one feedback form");
S_COMMAND (s_ack_command, "ack", s_note_options, s_ack, "责任单位签收", "Acknowledge a form (responsible unit)");
S_COMMAND (s_start_command, "start", s_key_options, s_start, "开始整改", "Start rectification");
S_COMMAND (s_submit_command, "submit", s_submit_options, s_submit, "提交整改证据", "Submit the evidence");
S_COMMAND (s_verify_command, "verify", s_note_options, s_verify, "下发方验证并关闭", "Verify and close (issuing side)");
S_COMMAND (s_reject_command, "reject", s_reason_options, s_reject, "验证不通过，退回整改", "Reject back to rectification");
S_COMMAND (s_cancel_command, "cancel", s_reason_options, s_cancel, "撤销问题反馈单", "Cancel a form");
static const ctl_command_t s_plan_command = {
    .name = "plan", .operand = "NUMBER", .options = s_plan_options, .run = s_plan,
    .summary = { "记录治理方案（重大隐患须五落实）", "Record the treatment plan (complete for a major hazard)" },
    .details = &s_plan_details
};
static const ctl_command_t s_issue_command = {
    .name = "issue", .options = s_issue_options, .run = s_issue,
    .summary = { "直接下发问题反馈单（审核、上级检查）", "Issue a feedback form directly (audit, superior's check)" }
};
static const ctl_command_t s_list_command = {
    .name = "list", .options = s_list_options, .run = s_list,
    .summary = { "列出问题反馈单", "List feedback forms" }
};
static const ctl_command_t s_stats_command = {
    .name = "stats", .options = s_stats_options, .run = s_stats,
    .summary = { "整改统计：关闭率、按期率、平均关闭时间、逾期、重复", "Statistics: closure, on-time, mean time, overdue, recurrences" }
};
static const ctl_command_t s_notice_command = {
    .name = "notice", .options = s_notice_options, .run = s_notice,
    .summary = { "整改通知书：一个部门的全部未完成整改", "Rectification notice: a department's open forms" }
};

static const ctl_command_t *const s_commands [] = {
    &s_issue_command, &s_show_command, &s_list_command, &s_ack_command, &s_start_command, &s_plan_command,
    &s_submit_command, &s_verify_command, &s_reject_command, &s_cancel_command, &s_stats_command,
    &s_notice_command, NULL
};

const ctl_command_t ctl_rectification_command = {
    .name = "rectify",
    .summary = { "隐患整改：问题反馈单、重大隐患治理方案、统计与整改通知书",
                 "Rectification: feedback forms, major-hazard plans, statistics and notices" },
    .commands = s_commands
};
