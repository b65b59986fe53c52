/*  safetyctl score month, totals, report, export: a plant's months. Closing a month freezes it
    and ranks every person, team, department and plant (安全综合考核); preview computes the same
    without storing it (an open month's standing, or a closed month recomputed to compare its
    checksum); totals reads the ranking; report the top and bottom units and the trend; export
    writes the report as CSV or XLSX to a file.                                             */
#include "ctl_score.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_lesson.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "scoring_names.h"
#include "sf_codec.h"
#include "sf_json.h"
#include "sf_pb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_month = { "厂区 %s %s 月：%s（时区 %s，%s 至 %s）\n", "Plant %s, %s: %s (time zone %s, %s to %s)\n" };
static const sf_text_t s_msg_month_closed = { "结算：%s，%s，考核细则第 %lld 版\n", "Closed by %s, %s, rule set version %lld\n" };
static const sf_text_t s_msg_month_counts = {
    "条目 %lld 条；个人 %d，班组 %d，部门 %d；厂区总分 %s\n",
    "%lld entries; %d persons, %d teams, %d departments; the plant's total %s\n"
};
static const sf_text_t s_msg_month_checksum = { "校验和：%s\n", "Checksum: %s\n" };
static const sf_text_t s_msg_provisional = { "（未结算：当前暂计结果）\n", "(open month: the standing so far)\n" };
static const sf_text_t s_msg_no_totals = { "没有结果\n", "No totals\n" };
static const sf_text_t s_msg_top_teams = { "前列班组：\n", "Top teams:\n" };
static const sf_text_t s_msg_bottom_teams = { "后列班组：\n", "Bottom teams:\n" };
static const sf_text_t s_msg_top_departments = { "前列部门：\n", "Top departments:\n" };
static const sf_text_t s_msg_bottom_departments = { "后列部门：\n", "Bottom departments:\n" };
static const sf_text_t s_msg_trend = { "近几个月趋势：\n", "Trend over the recent months:\n" };
static const sf_text_t s_msg_exported = { "已写出 %s（%zu 字节，%s）\n", "Wrote %s (%zu bytes, %s)\n" };
static const sf_text_t s_msg_write_failed = { "无法写出文件“%s”：%s", "cannot write file '%s': %s" };
static const sf_text_t s_msg_bad_language = { "--language 的值“%s”无效：可用 zh 或 en", "--language '%s' is invalid: use zh or en" };

static const sf_text_t s_header_totals = {
    "名次\t编码\t名称\t上级\t总分\t直接\t连带\t奖\t罚\t条目\t档次\t奖罚（元）",
    "Rank\tCode\tName\tParent\tPoints\tDirect\tJoint\tRewards\tPenalties\tEntries\tTier\tAmount (yuan)"
};
static const sf_text_t s_header_trend = {
    "月份\t状态\t总分\t奖\t罚\t条目", "Month\tStatus\tPoints\tRewards\tPenalties\tEntries"
};

//  --------------------------------------------------------------------------------------
//  month close, preview, show

static void
s_month_print (const ctl_t *ctl, const Scoring__MonthResult *month)
{
    char starts [32], ends [32], points [32];
    ctl_beijing_time (month->starts_ms, starts, sizeof starts);
    ctl_beijing_time (month->ends_ms, ends, sizeof ends);
    ctl_print (ctl, stdout, &s_msg_month, month->plant_code, month->month,
               ctl_score_month_status_name (ctl, month->status), ctl_score_or_dash (month->time_zone), starts, ends);
    if (month->closed_ms) {
        char when [32];
        ctl_beijing_time (month->closed_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_month_closed, ctl_score_or_dash (month->closed_by), when,
                   (long long) month->rule_version);
    }
    ctl_score_points (month->points, false, points, sizeof points);
    ctl_print (ctl, stdout, &s_msg_month_counts, (long long) month->entries, (int) month->persons, (int) month->teams,
               (int) month->departments, points);
    if (*month->checksum)
        ctl_print (ctl, stdout, &s_msg_month_checksum, month->checksum);
}

//  The three month commands send a message of the same shape (plant_code, month).
static int
s_month_call (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessageDescriptor *descriptor)
{
    ProtobufCMessage *request = sf_pb_new (descriptor);
    sf_pb_set ((char **) ((char *) request + sf_pb_field (descriptor, "plant_code")->offset),
               ctl_args_get (args, "plant"));
    sf_pb_set ((char **) ((char *) request + sf_pb_field (descriptor, "month")->offset), ctl_args_get (args, "month"));
    Scoring__MonthResult *month;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, request, ctl_args_get (args, "key"),
                              &scoring__month_result__descriptor, &month);
    if (month)
        s_month_print (ctl, month);
    sf_pb_destroy (&month);
    sf_pb_destroy (&request);
    return rc;
}

static int
s_close (const ctl_t *ctl, const ctl_args_t *args)
{
    return s_month_call (ctl, args, &scoring__close_month__descriptor);
}

static int
s_preview (const ctl_t *ctl, const ctl_args_t *args)
{
    return s_month_call (ctl, args, &scoring__preview_month__descriptor);
}

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    return s_month_call (ctl, args, &scoring__get_month__descriptor);
}

//  --------------------------------------------------------------------------------------
//  totals, report

void
ctl_score_totals_print (const ctl_t *ctl, Scoring__Total *const *totals, size_t count)
{
    ctl_table_t *table = ctl_lesson_table (ctl, &s_header_totals);
    for (size_t i = 0; i < count; i++) {
        const Scoring__Total *total = totals [i];
        char points [32], direct [32], cascade [32], rewards [32], penalties [32];
        ctl_score_points (total->points, false, points, sizeof points);
        ctl_score_points (total->direct_points, false, direct, sizeof direct);
        ctl_score_points (total->cascade_points, false, cascade, sizeof cascade);
        ctl_score_points (total->rewards, false, rewards, sizeof rewards);
        ctl_score_points (total->penalties, false, penalties, sizeof penalties);
        ctl_table_addf (table, "%d/%d", (int) total->rank, (int) total->rank_of);
        ctl_table_add (table, total->code);
        ctl_table_add (table, ctl_score_or_dash (ctl_score_name (ctl, total->name_zh, total->name_en)));
        ctl_table_add (table, ctl_score_or_dash (total->parent_code));
        ctl_table_add (table, points);
        ctl_table_add (table, direct);
        ctl_table_add (table, cascade);
        ctl_table_add (table, rewards);
        ctl_table_add (table, penalties);
        ctl_table_addf (table, "%d", (int) total->entries);
        ctl_table_add (table, ctl_score_or_dash (ctl_score_name (ctl, total->tier_name_zh, total->tier_name_en)));
        ctl_table_addf (table, "%lld", (long long) total->amount_yuan);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

static int
s_totals (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__ListTotals request = SCORING__LIST_TOTALS__INIT;
    const char *subject = ctl_args_get (args, "subject");
    const char *wire = scoring_subject_parse (subject);
    if (!wire)
        return ctl_score_bad_word (ctl, args, "subject", subject, "person|team|department|plant");
    request.subject = sf_codec_wire (wire);
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    request.month = sf_codec_wire (ctl_args_get (args, "month"));
    request.unit_code = sf_codec_wire (ctl_args_get (args, "unit"));
    request.ascending = ctl_args_get (args, "worst") != NULL;
    Scoring__TotalList *list;
    int rc = ctl_page_show_first (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_number (args, "page-size", 0),
                                  "totals", ctl_args_number (args, "limit", 0), &scoring__total_list__descriptor,
                                  &list);
    if (list) {
        if (list->provisional)
            ctl_print (ctl, stdout, &s_msg_provisional);
        if (list->n_totals)
            ctl_score_totals_print (ctl, list->totals, list->n_totals);
        else
            ctl_print (ctl, stdout, &s_msg_no_totals);
    }
    sf_pb_destroy (&list);
    return rc;
}

static void
s_section (const ctl_t *ctl, const sf_text_t *title, Scoring__Total *const *totals, size_t count)
{
    if (!count)
        return;
    ctl_print (ctl, stdout, title);
    ctl_score_totals_print (ctl, totals, count);
}

static int
s_report (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__GetReport request = SCORING__GET_REPORT__INIT;
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    request.month = sf_codec_wire (ctl_args_get (args, "month"));
    request.top = ctl_args_number (args, "top", 0);
    request.trend_months = ctl_args_number (args, "trend", 0);
    Scoring__Report *report;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, NULL, &scoring__report__descriptor, &report);
    if (!report)
        return rc;
    if (report->month)
        s_month_print (ctl, report->month);
    s_section (ctl, &s_msg_top_teams, report->top_teams, report->n_top_teams);
    s_section (ctl, &s_msg_bottom_teams, report->bottom_teams, report->n_bottom_teams);
    s_section (ctl, &s_msg_top_departments, report->top_departments, report->n_top_departments);
    s_section (ctl, &s_msg_bottom_departments, report->bottom_departments, report->n_bottom_departments);
    if (report->n_trend) {
        ctl_print (ctl, stdout, &s_msg_trend);
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_trend);
        for (size_t i = 0; i < report->n_trend; i++) {
            const Scoring__TrendPoint *point = report->trend [i];
            char points [32], rewards [32], penalties [32];
            ctl_score_points (point->points, false, points, sizeof points);
            ctl_score_points (point->rewards, false, rewards, sizeof rewards);
            ctl_score_points (point->penalties, false, penalties, sizeof penalties);
            ctl_table_add (table, point->month);
            ctl_table_add (table, ctl_score_month_status_name (ctl, point->status));
            ctl_table_add (table, points);
            ctl_table_add (table, rewards);
            ctl_table_add (table, penalties);
            ctl_table_addf (table, "%lld", (long long) point->entries);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&report);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  export

//  Writes size bytes of data to path. 0, or an errno.
static int
s_write_file (const char *path, const uint8_t *data, size_t size)
{
    FILE *file = fopen (path, "wb");
    if (!file)
        return errno;
    int error = fwrite (data, 1, size, file) == size? 0: errno;
    if (fclose (file) && !error)
        error = errno;
    return error;
}

static int
s_export (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__ExportReport request = SCORING__EXPORT_REPORT__INIT;
    const char *format = ctl_args_get (args, "format");
    if (!(request.format = scoring_export_format_parse (format)))
        return ctl_score_bad_word (ctl, args, "format", format, "csv|xlsx");
    const char *language = ctl_args_get (args, "language");
    if (language && strcmp (language, "zh") != 0 && strcmp (language, "en") != 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_language, language);
    request.language = sf_codec_wire (language? language: ctl->lang == CTL_LANG_EN? "en": "zh");
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    request.month = sf_codec_wire (ctl_args_get (args, "month"));
    Scoring__Export *export_;
    int rc = ctl_daemon_request (ctl, CTL_SCORE_DAEMON, &request.base, NULL, &scoring__export__descriptor, &export_);
    if (rc)
        return rc;
    const char *path = ctl_args_get (args, "out");
    path = path? path: export_->file_name;
    int error = s_write_file (path, export_->content.data, export_->content.len);
    if (error)
        rc = ctl_fail (ctl, SF_INTERNAL, &s_msg_write_failed, path, strerror (error));
    else
    if (ctl->json) {
        sf_json_t *json = sf_json_new ();
        sf_json_object_begin (json);
        sf_json_key_string (json, "fileName", export_->file_name);
        sf_json_key_string (json, "contentType", export_->content_type);
        sf_json_key_string (json, "path", path);
        sf_json_key_int (json, "bytes", (int64_t) export_->content.len);
        sf_json_object_end (json);
        ctl_json_print (json);
        sf_json_destroy (&json);
    }
    else
        ctl_print (ctl, stdout, &s_msg_exported, path, export_->content.len, export_->content_type);
    sf_pb_destroy (&export_);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

static const ctl_option_t s_month_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_MONTH,
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_totals_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_MONTH,
    { "subject", CTL_TEXT, "SUBJECT", true, { "对象：person（个人）、team（班组）、department（部门）或 plant（厂区）",
                                              "whose totals: person, team, department or plant" } },
    { "unit", CTL_TEXT, "UNIT", false, { "只列此单位及其下级", "only those at or below this unit" } },
    { "worst", CTL_SWITCH, NULL, false, { "从最差的开始列", "worst first" } },
    { "limit", CTL_NUMBER, "N", false, { "只列前 N 名", "only the first N" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_report_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_MONTH,
    { "top", CTL_NUMBER, "N", false, { "前列与后列各列几个单位（默认 5）", "units listed at the top and the bottom (default 5)" } },
    { "trend", CTL_NUMBER, "N", false, { "趋势的月数（默认 6，含本月）", "months of the trend (default 6, this one included)" } },
    { NULL }
};
static const ctl_option_t s_export_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_MONTH,
    { "format", CTL_TEXT, "csv|xlsx", true, { "文件格式：csv 或 xlsx", "the file's format: csv or xlsx" } },
    { "out", CTL_TEXT, "FILE", false, { "写到此文件（默认为服务给出的文件名，写在当前目录）",
                                        "the file written (default: the name the daemon gives, in this folder)" } },
    { "language", CTL_TEXT, "zh|en", false, { "表头和名称的语言（默认同 --lang）", "language of the headers and names (default: --lang's)" } },
    { NULL }
};

static const sf_text_t s_month_details = {
    "结算只能在厂区时区的月末之后进行；已结算的月份不再改变，之后的更正记入下一个未结算月份。\n"
    "同一数据结算两次得到相同的校验和；preview 可对已结算月份重新计算以比对校验和。\n",
    "A month closes only after its end in the plant's time zone; a closed month never changes, a later\n"
    "correction goes into the next open month. Equal data give an equal checksum; preview recomputes a\n"
    "closed month to compare it.\n"
};

static const ctl_command_t s_close_command = {
    .name = "close", .options = s_month_options, .run = s_close, .details = &s_month_details,
    .summary = { "结算月份：冻结并计算总分、排名和奖惩档次", "Close a month: freeze it and compute totals, ranks and tiers" }
};
static const ctl_command_t s_preview_command = {
    .name = "preview", .options = s_month_options, .run = s_preview, .details = &s_month_details,
    .summary = { "试算月份（不保存）", "Compute a month without storing it" }
};
static const ctl_command_t s_show_command = {
    .name = "show", .options = s_month_options, .run = s_show,
    .summary = { "查看月份的结算结果", "Show a month's result" }
};
static const ctl_command_t *const s_month_commands [] = { &s_close_command, &s_preview_command, &s_show_command, NULL };
const ctl_command_t ctl_score_month_command = {
    .name = "month", .commands = s_month_commands, .details = &s_month_details,
    .summary = { "月度考核：结算、试算、查看", "The monthly assessment: close, preview, show" }
};
const ctl_command_t ctl_score_totals_command = {
    .name = "totals", .options = s_totals_options, .run = s_totals,
    .summary = { "排名：某月个人、班组、部门或厂区的总分", "The ranking: a month's totals of persons, teams, departments or plants" }
};
const ctl_command_t ctl_score_report_command = {
    .name = "report", .options = s_report_options, .run = s_report,
    .summary = { "月报：前列与后列单位、近几个月趋势", "The month's report: top and bottom units, the recent trend" }
};
const ctl_command_t ctl_score_export_command = {
    .name = "export", .options = s_export_options, .run = s_export,
    .summary = { "把月报导出为 CSV 或 XLSX 文件", "Export the month's report as a CSV or XLSX file" }
};
