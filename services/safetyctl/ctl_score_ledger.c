/*  safetyctl score entries, entry, adjust, appeal, appeals: the ledger. Every entry names the
    event that caused it and the rule version it was scored under; a joint-liability entry
    (连带) names the entry it follows and its factor. A safety officer adds adjustments with a
    reason, a person or unit appeals an entry, and the officer upholds or reverses it.     */
#include "ctl_score.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_lesson.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "scoring_names.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_points = {
    "--points 的值“%s”无效：应为非零分值，最多两位小数，如 -5 或 2.5",
    "--points '%s' is invalid: give non-zero points with at most two decimals, e.g. -5 or 2.5"
};
static const sf_text_t s_msg_decision = { "请给出 --reverse 或 --uphold 之一", "give one of --reverse or --uphold" };
static const sf_text_t s_msg_no_entries = { "没有符合条件的条目\n", "No entries match\n" };
static const sf_text_t s_msg_no_appeals = { "没有申诉\n", "No appeals\n" };
static const sf_text_t s_msg_entries_sum = { "共 %zu 条，合计 %s 分\n", "%zu entries, %s points in all\n" };

static const sf_text_t s_msg_entry = { "条目 %lld：%s %s %s 分\n", "Entry %lld: %s %s %s points\n" };
static const sf_text_t s_msg_entry_subject = { "对象：%s %s %s（单位 %s，班组 %s，部门 %s）\n",
                                               "Subject: %s %s %s (unit %s, team %s, department %s)\n" };
static const sf_text_t s_msg_entry_month = { "计入：%s %s 月（发生于 %s 月，%s）\n", "Counts in: %s %s (happened in %s, %s)\n" };
static const sf_text_t s_msg_entry_origin = { "来源：%s，考核细则第 %lld 版\n", "Origin: %s, rule set version %lld\n" };
static const sf_text_t s_msg_entry_event = { "事件：%s %s，涉及 %s%s\n", "Event: %s %s, about %s%s\n" };
static const sf_text_t s_msg_entry_item = { "（第 %d 天）", " (day %d)" };
static const sf_text_t s_msg_entry_cascade = { "连带：第 %d 级，系数 %s，随条目 %lld\n",
                                               "Joint liability: level %d, factor %s, following entry %lld\n" };
static const sf_text_t s_msg_entry_parent = { "针对条目：%lld\n", "Refers to entry %lld\n" };
static const sf_text_t s_msg_entry_reason = { "理由：%s\n", "Reason: %s\n" };
static const sf_text_t s_msg_entry_by = { "操作人：%s\n", "By: %s\n" };
static const sf_text_t s_msg_entry_scored = { "记入台账：%s\n", "Scored: %s\n" };
static const sf_text_t s_msg_entry_reversed = { "已因申诉撤销\n", "Reversed on appeal\n" };

static const sf_text_t s_msg_appeal = { "申诉 %lld：条目 %lld（%s %s），%s\n", "Appeal %lld: entry %lld (%s %s), %s\n" };
static const sf_text_t s_msg_appeal_reason = { "申诉理由：%s（%s，%s）\n", "Reason: %s (%s, %s)\n" };
static const sf_text_t s_msg_appeal_decided = { "裁决：%s，%s：%s\n", "Decided by %s, %s: %s\n" };
static const sf_text_t s_msg_appeal_reversals = { "撤销条目：", "Reversal entries:" };

static const sf_text_t s_header_entries = {
    "条目\t对象\t名称\t班组\t事件类型\t分值\t来源\t连带\t事件对象\t版本\t发生时间",
    "Entry\tSubject\tName\tTeam\tKind\tPoints\tOrigin\tCascade\tAbout\tRules\tOccurred"
};
static const sf_text_t s_header_appeals = {
    "申诉\t条目\t对象\t状态\t申诉人\t申诉时间\t裁决人\t裁决说明",
    "Appeal\tEntry\tSubject\tStatus\tFiled by\tFiled\tDecided by\tNote"
};

//  --------------------------------------------------------------------------------------
//  entries, entry

//  "1/0.5 ←123": the cascade level, its factor and the entry it follows; "-" for none.
static void
s_cascade (const Scoring__Entry *entry, char *buffer, size_t size)
{
    if (entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE)
        snprintf (buffer, size, "%d×%g←%lld", (int) entry->cascade_level, entry->factor,
                  (long long) entry->parent_entry_id);
    else
    if (entry->parent_entry_id)
        snprintf (buffer, size, "←%lld", (long long) entry->parent_entry_id);
    else
        snprintf (buffer, size, "-");
}

static int
s_entries (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__ListEntries request = SCORING__LIST_ENTRIES__INIT;
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    request.month = sf_codec_wire (ctl_args_get (args, "month"));
    request.subject_code = sf_codec_wire (ctl_args_get (args, "subject"));
    request.cascade_only = ctl_args_get (args, "cascade") != NULL;
    Scoring__EntryList *list;
    int rc = ctl_page_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_number (args, "page-size", 0),
                            &scoring__entry_list__descriptor, &list);
    if (list && list->n_entries == 0)
        ctl_print (ctl, stdout, &s_msg_no_entries);
    else
    if (list) {
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_entries);
        int64_t sum = 0;
        for (size_t i = 0; i < list->n_entries; i++) {
            const Scoring__Entry *entry = list->entries [i];
            char points [32], cascade [64], occurred [32];
            ctl_score_points (entry->points, true, points, sizeof points);
            s_cascade (entry, cascade, sizeof cascade);
            ctl_beijing_time (entry->occurred_ms, occurred, sizeof occurred);
            sum += entry->points;
            ctl_table_addf (table, "%lld", (long long) entry->id);
            ctl_table_add (table, entry->subject_code);
            ctl_table_add (table, ctl_score_or_dash (ctl_score_name (ctl, entry->subject_name_zh, entry->subject_name_en)));
            ctl_table_add (table, ctl_score_or_dash (entry->team_code));
            ctl_table_add (table, entry->kind);
            ctl_table_addf (table, "%s%s", points, entry->reversed? "*": "");
            ctl_table_add (table, ctl_score_origin_name (ctl, entry->origin));
            ctl_table_add (table, cascade);
            ctl_table_add (table, ctl_score_or_dash (entry->source_ref));
            ctl_table_addf (table, "%lld", (long long) entry->rule_version);
            ctl_table_add (table, occurred);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
        char total [32];
        ctl_score_points (sum, false, total, sizeof total);
        ctl_print (ctl, stdout, &s_msg_entries_sum, list->n_entries, total);
    }
    sf_pb_destroy (&list);
    return rc;
}

static void
s_entry_print (const ctl_t *ctl, const Scoring__Entry *entry)
{
    char points [32], when [32];
    ctl_score_points (entry->points, true, points, sizeof points);
    ctl_print (ctl, stdout, &s_msg_entry, (long long) entry->id, entry->subject_code,
               ctl_score_name (ctl, entry->subject_name_zh, entry->subject_name_en), points);
    ctl_print (ctl, stdout, &s_msg_entry_subject,
               ctl->lang == CTL_LANG_EN? scoring_subject_kind_name_en (entry->subject_kind)
                                       : scoring_subject_kind_name_zh (entry->subject_kind),
               entry->subject_code, ctl_score_name (ctl, entry->subject_name_zh, entry->subject_name_en),
               ctl_score_or_dash (entry->unit_code), ctl_score_or_dash (entry->team_code),
               ctl_score_or_dash (entry->department_code));
    ctl_beijing_time (entry->occurred_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_entry_month, entry->plant_code, entry->month,
               ctl_score_or_dash (entry->occurred_month), when);
    ctl_print (ctl, stdout, &s_msg_entry_origin, ctl_score_origin_name (ctl, entry->origin),
               (long long) entry->rule_version);
    char *item = entry->item_no? ctl_format (ctl, &s_msg_entry_item, (int) entry->item_no): strdup ("");
    ctl_print (ctl, stdout, &s_msg_entry_event, entry->kind, ctl_score_or_dash (entry->source_event_type),
               ctl_score_or_dash (entry->source_ref), item);
    free (item);
    if (entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE) {
        char factor [32];
        snprintf (factor, sizeof factor, "%g", entry->factor);
        ctl_print (ctl, stdout, &s_msg_entry_cascade, (int) entry->cascade_level, factor,
                   (long long) entry->parent_entry_id);
    }
    else
    if (entry->parent_entry_id)
        ctl_print (ctl, stdout, &s_msg_entry_parent, (long long) entry->parent_entry_id);
    const char *reason = ctl_score_name (ctl, entry->reason_zh, entry->reason_en);
    if (*reason)
        ctl_print (ctl, stdout, &s_msg_entry_reason, reason);
    if (*entry->created_by)
        ctl_print (ctl, stdout, &s_msg_entry_by, entry->created_by);
    ctl_beijing_time (entry->scored_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_entry_scored, when);
    if (entry->reversed)
        ctl_print (ctl, stdout, &s_msg_entry_reversed);
}

//  Sends request and shows the entry it answers with.
static int
s_entry_call (const ctl_t *ctl, const ProtobufCMessage *request, const char *key)
{
    Scoring__Entry *entry;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, request, key, &scoring__entry__descriptor, &entry);
    if (entry)
        s_entry_print (ctl, entry);
    sf_pb_destroy (&entry);
    return rc;
}

static int
s_entry (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__GetEntry request = SCORING__GET_ENTRY__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.entry_id);
    return rc? rc: s_entry_call (ctl, &request.base, NULL);
}

static int
s_adjust (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__AddAdjustment request = SCORING__ADD_ADJUSTMENT__INIT;
    const char *points = ctl_args_get (args, "points");
    if (ctl_score_points_parse (points, &request.points) || request.points == 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_points, points);
    const char *kind = ctl_args_get (args, "kind");
    request.subject_kind = kind? scoring_subject_kind_parse (kind): SCORING__SUBJECT_KIND__SUBJECT_PERSON;
    if (!request.subject_kind)
        return ctl_score_bad_word (ctl, args, "kind", kind, "person|unit|个人|单位");
    const char *ref = ctl_args_get (args, "ref");
    request.ref_entry_id = ref? atoll (ref): 0;
    request.subject_code = sf_codec_wire (ctl_args_get (args, "subject"));
    request.reason_zh = sf_codec_wire (ctl_args_get (args, "reason"));
    request.reason_en = sf_codec_wire (ctl_args_get (args, "reason-en"));
    return s_entry_call (ctl, &request.base, ctl_args_get (args, "key"));
}

//  --------------------------------------------------------------------------------------
//  appeal file, appeal decide, appeals

static void
s_appeal_print (const ctl_t *ctl, const Scoring__Appeal *appeal)
{
    char when [32];
    ctl_print (ctl, stdout, &s_msg_appeal, (long long) appeal->id, (long long) appeal->entry_id, appeal->plant_code,
               appeal->subject_code, ctl_score_appeal_status_name (ctl, appeal->status));
    ctl_beijing_time (appeal->filed_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_appeal_reason, appeal->reason, ctl_score_or_dash (appeal->filed_by), when);
    if (appeal->decided_ms) {
        ctl_beijing_time (appeal->decided_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_appeal_decided, ctl_score_or_dash (appeal->decided_by), when,
                   ctl_score_or_dash (appeal->decision_note));
    }
    if (appeal->n_reversal_entry_ids) {
        ctl_print (ctl, stdout, &s_msg_appeal_reversals);
        for (size_t i = 0; i < appeal->n_reversal_entry_ids; i++)
            printf (" %lld", (long long) appeal->reversal_entry_ids [i]);
        printf ("\n");
    }
}

static int
s_appeal_call (const ctl_t *ctl, const ProtobufCMessage *request, const char *key)
{
    Scoring__Appeal *appeal;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, request, key, &scoring__appeal__descriptor, &appeal);
    if (appeal)
        s_appeal_print (ctl, appeal);
    sf_pb_destroy (&appeal);
    return rc;
}

static int
s_appeal_file (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__FileAppeal request = SCORING__FILE_APPEAL__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.entry_id);
    if (rc)
        return rc;
    request.reason = sf_codec_wire (ctl_args_get (args, "reason"));
    return s_appeal_call (ctl, &request.base, ctl_args_get (args, "key"));
}

static int
s_appeal_decide (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__DecideAppeal request = SCORING__DECIDE_APPEAL__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.appeal_id);
    if (rc)
        return rc;
    bool reverse = ctl_args_get (args, "reverse") != NULL;
    bool uphold = ctl_args_get (args, "uphold") != NULL;
    if (reverse == uphold)
        return ctl_args_usage (ctl, args, &s_msg_decision);
    request.reverse = reverse;
    request.note = sf_codec_wire (ctl_args_get (args, "note"));
    return s_appeal_call (ctl, &request.base, ctl_args_get (args, "key"));
}

static int
s_appeals (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__ListAppeals request = SCORING__LIST_APPEALS__INIT;
    const char *status = ctl_args_get (args, "status");
    if (status && !(request.status = scoring_appeal_status_parse (status)))
        return ctl_score_bad_word (ctl, args, "status", status, "open|upheld|reversed");
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    Scoring__AppealList *list;
    int rc = ctl_page_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_number (args, "page-size", 0),
                            &scoring__appeal_list__descriptor, &list);
    if (list && list->n_appeals == 0)
        ctl_print (ctl, stdout, &s_msg_no_appeals);
    else
    if (list) {
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_appeals);
        for (size_t i = 0; i < list->n_appeals; i++) {
            const Scoring__Appeal *appeal = list->appeals [i];
            char filed [32];
            ctl_beijing_time (appeal->filed_ms, filed, sizeof filed);
            ctl_table_addf (table, "%lld", (long long) appeal->id);
            ctl_table_addf (table, "%lld", (long long) appeal->entry_id);
            ctl_table_add (table, appeal->subject_code);
            ctl_table_add (table, ctl_score_appeal_status_name (ctl, appeal->status));
            ctl_table_add (table, ctl_score_or_dash (appeal->filed_by));
            ctl_table_add (table, filed);
            ctl_table_add (table, ctl_score_or_dash (appeal->decided_by));
            ctl_table_add (table, ctl_score_or_dash (appeal->decision_note));
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

static const ctl_option_t s_entries_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_MONTH,
    { "subject", CTL_TEXT, "CODE", false, { "只此人员，或此单位及其下级的条目（默认全厂）",
                                            "only this person, or everything at or below this unit (default: the plant)" } },
    { "cascade", CTL_SWITCH, NULL, false, { "只列连带条目（奖罚连带制）", "only joint-liability entries" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_no_options [] = {
    { NULL }
};
static const ctl_option_t s_adjust_options [] = {
    { "subject", CTL_TEXT, "CODE", true, { "员工或单位编码", "the employee's or the unit's code" } },
    { "kind", CTL_TEXT, "person|unit", false, { "对象是个人（person，默认）还是单位（unit）",
                                                "whether the subject is a person (default) or a unit" } },
    { "points", CTL_TEXT, "POINTS", true, { "分值：奖为正、罚为负，最多两位小数，如 -5 或 2.5",
                                            "points: a reward positive, a penalty negative, at most two decimals" } },
    { "reason", CTL_TEXT, "TEXT", true, { "理由（中文）", "the reason, in Chinese" } },
    { "reason-en", CTL_TEXT, "TEXT", false, { "英文理由", "the reason in English" } },
    { "ref", CTL_NUMBER, "ENTRY", false, { "所更正的条目", "the entry it corrects" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_appeal_file_options [] = {
    { "reason", CTL_TEXT, "TEXT", true, { "申诉理由", "why the entry is contested" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_appeal_decide_options [] = {
    { "reverse", CTL_SWITCH, NULL, false, { "申诉成立：撤销该条目及其连带条目", "the appeal holds: reverse the entry and its cascades" } },
    { "uphold", CTL_SWITCH, NULL, false, { "维持原条目", "the entry stands" } },
    { "note", CTL_TEXT, "TEXT", true, { "裁决说明", "why" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_appeals_options [] = {
    CTL_SCORE_OPTION_PLANT,
    { "status", CTL_TEXT, "STATUS", false, { "只此状态：open（待裁决）、upheld（维持）或 reversed（撤销）",
                                             "only this status: open, upheld or reversed" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_entries_details = {
    "分值后的 * 表示已因申诉撤销；连带列为“级×系数←所随条目”。\n",
    "A * after the points: reversed on appeal; the cascade column reads level×factor←the entry followed.\n"
};

const ctl_command_t ctl_score_entries_command = {
    .name = "entries", .options = s_entries_options, .run = s_entries, .details = &s_entries_details,
    .summary = { "列出厂区某月的台账条目", "List a plant's ledger entries of a month" }
};
const ctl_command_t ctl_score_entry_command = {
    .name = "entry", .operand = "ID", .options = s_no_options, .run = s_entry,
    .summary = { "查看一条台账条目及其来源", "Show a ledger entry and where it comes from" }
};
const ctl_command_t ctl_score_adjust_command = {
    .name = "adjust", .options = s_adjust_options, .run = s_adjust,
    .summary = { "人工调整：记入当前未结算月份，附理由", "Add an adjustment, with its reason, to the first open month" }
};
static const ctl_command_t s_appeal_file_command = {
    .name = "file", .operand = "ENTRY", .options = s_appeal_file_options, .run = s_appeal_file,
    .summary = { "对一条条目提出申诉", "Appeal against an entry" }
};
static const ctl_command_t s_appeal_decide_command = {
    .name = "decide", .operand = "APPEAL", .options = s_appeal_decide_options, .run = s_appeal_decide,
    .summary = { "裁决申诉：撤销或维持", "Decide an appeal: reverse or uphold" }
};
static const ctl_command_t *const s_appeal_commands [] = { &s_appeal_file_command, &s_appeal_decide_command, NULL };
const ctl_command_t ctl_score_appeal_command = {
    .name = "appeal", .commands = s_appeal_commands,
    .summary = { "申诉：提出与裁决", "Appeals: file and decide" }
};
const ctl_command_t ctl_score_appeals_command = {
    .name = "appeals", .options = s_appeals_options, .run = s_appeals,
    .summary = { "列出厂区的申诉（新的在前）", "List a plant's appeals, newest first" }
};
