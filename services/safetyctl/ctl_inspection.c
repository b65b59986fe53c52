/*  safetyctl inspection: plans, plant calendars, tasks and their checklists, inspection
    records, findings (hidden hazards), 三违 and shift meetings, and the two reports. Each
    command builds one request with inspection_codec, sends it to the inspection daemon and
    shows the reply. The daemon checks every rule; the client only turns words (levels,
    factors, severities, types) into their numbers and times into epoch milliseconds.
    Times a person writes or reads here are Beijing time (Asia/Shanghai, UTC+8, no daylight
    saving), the default time zone of a plant; dates go to the daemon as written. The
    hazard and risk subgroups live in ctl_inspection_hazard.c.                              */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_inspection.h"
#include "ctl_output.h"
#include "ctl_table.h"
#include "directory_kind.h"
#include "inspection_codec.h"
#include "inspection_colour.h"
#include "inspection_hazard_csv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CTL_SHANGHAI_OFFSET_MS  (8 * 3600 * 1000LL)
#define CTL_DAY_MS              (24 * 3600 * 1000LL)

#define CTL_OPTION_KEY { "key", CTL_TEXT, "KEY", false, { \
    "幂等键：重试同一命令时给出相同的值，命令最多生效一次（默认每次新生成）", \
    "idempotency key: give the same value when retrying a command and it takes effect at most once " \
    "(default: a fresh one each time)" } }

static const sf_text_t s_msg_bad_reply = {
    "巡检服务的应答无法解析（应为 %s）", "The inspection daemon's reply cannot be decoded (expected %s)"
};
static const sf_text_t s_msg_bad_word = {
    "--%s 的值“%s”无效：可用 %s", "--%s '%s' is invalid: use %s"
};
static const sf_text_t s_msg_bad_time = {
    "--%s 的值“%s”无效：可用日期 YYYY-MM-DD、ISO-8601 时间（如 2026-01-05T10:00:00+08:00）或 Unix 毫秒数",
    "--%s '%s' is invalid: use a date YYYY-MM-DD, an ISO-8601 time (such as 2026-01-05T10:00:00+08:00) "
    "or Unix epoch milliseconds"
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
//  Words: what a person types and reads for the proto's numbers

//  One value of an enum: the word of the command line, JSON and English output, the
//  Chinese word (accepted too, shown in Chinese output) and one more accepted spelling.
typedef struct {
    int value;
    const char *name;
    const char *zh;
    const char *alias;
} s_word_t;

static const s_word_t s_levels [] = {
    { INSPECTION_LEVEL_COMPANY_MONTHLY, "company_monthly", "公司月查", NULL },
    { INSPECTION_LEVEL_DEPARTMENT_WEEKLY, "department_weekly", "部门周查", NULL },
    { INSPECTION_LEVEL_TEAM_DAILY, "team_daily", "班组日查", NULL },
    { INSPECTION_LEVEL_SPECIAL, "special", "专项检查", "专查" },
    { 0 }
};
static const s_word_t s_task_kinds [] = {
    { INSPECTION_TASK_CHECK, "check", "检查", NULL },
    { INSPECTION_TASK_PRE_SHIFT, "pre_shift", "班前自查", NULL },
    { INSPECTION_TASK_IN_SHIFT, "in_shift", "班中巡查", NULL },
    { INSPECTION_TASK_POST_SHIFT, "post_shift", "班后清查", NULL },
    { 0 }
};
static const s_word_t s_task_statuses [] = {
    { INSPECTION_TASK_OPEN, "open", "待办", NULL },
    { INSPECTION_TASK_DONE, "done", "已完成", NULL },
    { INSPECTION_TASK_MISSED, "missed", "漏检", NULL },
    { 0 }
};
static const s_word_t s_severities [] = {
    { INSPECTION_SEVERITY_GENERAL, "general", "一般隐患", "一般" },
    { INSPECTION_SEVERITY_MAJOR, "major", "重大隐患", "重大" },
    { 0 }
};
static const s_word_t s_sources [] = {
    { INSPECTION_SOURCE_INSPECTION, "inspection", "检查发现", NULL },
    { INSPECTION_SOURCE_REPORT, "report", "随手拍", NULL },
    { INSPECTION_SOURCE_LESSON, "lesson", "举一反三", NULL },
    { 0 }
};
static const s_word_t s_finding_statuses [] = {
    { INSPECTION_FINDING_OPEN, "open", "待整改", NULL },
    { INSPECTION_FINDING_IN_RECTIFICATION, "in_rectification", "整改中", NULL },
    { INSPECTION_FINDING_CLOSED, "closed", "已关闭", NULL },
    { INSPECTION_FINDING_CANCELLED, "cancelled", "已取消", NULL },
    { 0 }
};
static const s_word_t s_violation_types [] = {
    { INSPECTION_VIOLATION_ILLEGAL_COMMAND, "illegal_command", "违章指挥", NULL },
    { INSPECTION_VIOLATION_ILLEGAL_OPERATION, "illegal_operation", "违章作业", NULL },
    { INSPECTION_VIOLATION_DISCIPLINE, "discipline", "违反劳动纪律", NULL },
    { 0 }
};
static const s_word_t s_meeting_kinds [] = {
    { INSPECTION_MEETING_PRE_SHIFT, "pre", "班前会", "pre_shift" },
    { INSPECTION_MEETING_POST_SHIFT, "post", "班后会", "post_shift" },
    { 0 }
};

//  The value of a word in words, in any letter case for Latin words; 0 when none.
static int
s_word_parse (const s_word_t *words, const char *text)
{
    for (const s_word_t *word = words; word->value; word++)
        if (strcasecmp (text, word->name) == 0 || strcmp (text, word->zh) == 0
        ||  (word->alias && strcasecmp (text, word->alias) == 0))
            return word->value;
    return 0;
}

//  The machine word of value, "unspecified" when it has none.
static const char *
s_word_name (const s_word_t *words, int value)
{
    for (const s_word_t *word = words; word->value; word++)
        if (word->value == value)
            return word->name;
    return "unspecified";
}

//  The word of value in the chosen language, "-" when it has none.
static const char *
s_word_shown (const ctl_t *ctl, const s_word_t *words, int value)
{
    for (const s_word_t *word = words; word->value; word++)
        if (word->value == value)
            return ctl->lang == CTL_LANG_EN? word->name: word->zh;
    return "-";
}

//  "a|b|c|甲|乙|丙" for the usage error of a word option. The caller frees.
static char *
s_word_choices (const s_word_t *words)
{
    size_t size = 1;
    for (const s_word_t *word = words; word->value; word++)
        size += strlen (word->name) + strlen (word->zh) + 2;
    char *choices = calloc (1, size);
    if (!choices)
        abort ();
    for (const s_word_t *word = words; word->value; word++) {
        if (word != words)
            strcat (choices, "|");
        strcat (choices, word->name);
    }
    for (const s_word_t *word = words; word->value; word++) {
        strcat (choices, "|");
        strcat (choices, word->zh);
    }
    return choices;
}

//  Reads option name as a word of words into *value (0 when the option is not given).
//  CTL_EXIT_OK, or CTL_EXIT_USAGE after telling which words there are.
static int
s_word_option (const ctl_t *ctl, const ctl_args_t *args, const char *name, const s_word_t *words, int *value)
{
    const char *text = ctl_args_get (args, name);
    *value = text? s_word_parse (words, text): 0;
    if (!text || *value)
        return CTL_EXIT_OK;
    char *choices = s_word_choices (words);
    int rc = ctl_args_usage (ctl, args, &s_msg_bad_word, name, text, choices);
    free (choices);
    return rc;
}

//  The five factors (人机料法环) come from inspection_hazard_csv, the one table of them.
static int
s_factor_option (const ctl_t *ctl, const ctl_args_t *args, const char *name, int *factor)
{
    const char *text = ctl_args_get (args, name);
    *factor = text? inspection_hazard_factor_parse (text): 0;
    if (!text || *factor)
        return CTL_EXIT_OK;
    return ctl_args_usage (ctl, args, &s_msg_bad_word, name, text,
                           "man|machine|material|method|environment|人|机|料|法|环");
}

static const char *
s_factor_name (int factor)
{
    const char *name = inspection_hazard_factor_en (factor);
    return *name? name: "unspecified";
}

static const char *
s_factor_shown (const ctl_t *ctl, int factor)
{
    const char *name = ctl->lang == CTL_LANG_EN? inspection_hazard_factor_en (factor): inspection_hazard_factor_zh (factor);
    return *name? name: "-";
}

static const char *
s_colour_name (int colour)
{
    const char *name = inspection_colour_name (colour);
    return *name? name: "unspecified";
}

static const char *
s_colour_shown (const ctl_t *ctl, int colour)
{
    const char *name = ctl->lang == CTL_LANG_EN? inspection_colour_name (colour): inspection_colour_name_zh (colour);
    return *name? name: "-";
}

static const char *
s_or_dash (const char *text)
{
    return text && *text? text: "-";
}

//  --------------------------------------------------------------------------------------
//  Lists typed on the command line

//  The pieces of text between separators, spaces around them trimmed, empty ones dropped.
//  The caller frees with s_strings_free.
static char **
s_split (const char *text, char separator, size_t *count)
{
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

//  The option's list, or an empty one when it is not given.
static char **
s_split_option (const ctl_args_t *args, const char *name, char separator, size_t *count)
{
    const char *text = ctl_args_get (args, name);
    return s_split (text? text: "", separator, count);
}

//  --------------------------------------------------------------------------------------
//  Times: Beijing time in, Beijing time out

static bool
s_digits (const char *text, size_t count)
{
    for (size_t index = 0; index < count; index++)
        if (text [index] < '0' || text [index] > '9')
            return false;
    return true;
}

static int
s_number (const char *text, size_t count)
{
    int value = 0;
    for (size_t index = 0; index < count; index++)
        value = value * 10 + text [index] - '0';
    return value;
}

//  Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
static int64_t
s_days_from_civil (int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = (year >= 0? year: year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2? -3: 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static int
s_days_in_month (int year, int month)
{
    static const int days [] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap? 29: days [month - 1];
}

//  Reads "[T| ]HH:MM[:SS[.fff]]" at text into milliseconds of the day; the bytes read, or -1.
static int
s_parse_clock (const char *text, int64_t *ms)
{
    if ((text [0] != 'T' && text [0] != ' ') || !s_digits (text + 1, 2) || text [3] != ':' || !s_digits (text + 4, 2))
        return -1;
    int hour = s_number (text + 1, 2), minute = s_number (text + 4, 2), second = 0, milli = 0;
    int at = 6;
    if (text [at] == ':' && s_digits (text + at + 1, 2)) {
        second = s_number (text + at + 1, 2);
        at += 3;
        if (text [at] == '.' && s_digits (text + at + 1, 1)) {
            at++;
            for (int place = 100; text [at] >= '0' && text [at] <= '9'; at++, place /= 10)
                milli += place * (text [at] - '0');
        }
    }
    if (hour > 23 || minute > 59 || second > 59)
        return -1;
    *ms = ((hour * 60 + minute) * 60 + second) * 1000LL + milli;
    return at;
}

//  Reads "Z", "+HH:MM", "+HHMM" or "+HH" (or "-") at text into the zone's offset from UTC.
//  0 when text is that whole, else -1.
static int
s_parse_zone (const char *text, int64_t *offset_ms)
{
    if (strcmp (text, "Z") == 0 || strcmp (text, "z") == 0) {
        *offset_ms = 0;
        return 0;
    }
    if ((text [0] != '+' && text [0] != '-') || !s_digits (text + 1, 2))
        return -1;
    const char *minutes = text [3] == ':'? text + 4: text + 3;
    int minute = 0;
    if (*minutes) {
        if (!s_digits (minutes, 2) || minutes [2])
            return -1;
        minute = s_number (minutes, 2);
    }
    else
    if (text [3])
        return -1;
    int hour = s_number (text + 1, 2);
    if (hour > 14 || minute > 59)
        return -1;
    *offset_ms = (text [0] == '-'? -1: 1) * (hour * 60 + minute) * 60 * 1000LL;
    return 0;
}

//  Reads a time as a person writes it: Unix epoch milliseconds, a date YYYY-MM-DD (its
//  first millisecond, or its last when end_of_day), or an ISO-8601 time; without a zone,
//  Beijing time. 0, or -1 when text is none of these.
static int
s_parse_time (const char *text, bool end_of_day, int64_t *ms)
{
    size_t length = strlen (text);
    if (length && length <= 15 && s_digits (text, length)) {
        *ms = strtoll (text, NULL, 10);
        return 0;
    }
    if (length < 10 || !s_digits (text, 4) || text [4] != '-' || !s_digits (text + 5, 2) || text [7] != '-'
    ||  !s_digits (text + 8, 2))
        return -1;
    int year = s_number (text, 4), month = s_number (text + 5, 2), day = s_number (text + 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > s_days_in_month (year, month))
        return -1;
    int64_t midnight_ms = s_days_from_civil (year, month, day) * CTL_DAY_MS;
    if (length == 10) {
        *ms = midnight_ms - CTL_SHANGHAI_OFFSET_MS + (end_of_day? CTL_DAY_MS - 1: 0);
        return 0;
    }
    int64_t clock_ms, offset_ms = CTL_SHANGHAI_OFFSET_MS;
    int read = s_parse_clock (text + 10, &clock_ms);
    if (read < 0 || (text [10 + read] && s_parse_zone (text + 10 + read, &offset_ms)))
        return -1;
    *ms = midnight_ms + clock_ms - offset_ms;
    return 0;
}

//  Reads option name as a time into *ms (0 when not given). CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_time_option (const ctl_t *ctl, const ctl_args_t *args, const char *name, bool end_of_day, int64_t *ms)
{
    const char *text = ctl_args_get (args, name);
    *ms = 0;
    if (!text || s_parse_time (text, end_of_day, ms) == 0)
        return CTL_EXIT_OK;
    return ctl_args_usage (ctl, args, &s_msg_bad_time, name, text);
}

//  Epoch milliseconds as Beijing time, "2026-01-05 10:00"; "-" for 0.
static void
s_time_text (int64_t ms, char *buffer, size_t size)
{
    ctl_beijing_time (ms, buffer, size);
}

//  "2026-01-05 08:00 – 16:00", or both times in full when the window spans days.
static void
s_window_text (int64_t start_ms, int64_t end_ms, char *buffer, size_t size)
{
    char start [32], end [32];
    s_time_text (start_ms, start, sizeof start);
    s_time_text (end_ms, end, sizeof end);
    bool same_day = strlen (start) == 16 && strlen (end) == 16 && strncmp (start, end, 10) == 0;
    snprintf (buffer, size, "%s – %s", start, same_day? end + 11: end);
}

//  --------------------------------------------------------------------------------------
//  Calls

//  Sends request as type. CTL_EXIT_OK, or the failure printed and CTL_EXIT_FAILED; the
//  caller clears reply either way.
static int
s_call (const ctl_t *ctl, const char *type, const inspection_request_t *request, const char *key, sf_reply_t *reply)
{
    size_t size;
    uint8_t *body = inspection_request_encode (type, request, &size);
    int rc = ctl_daemon_call (ctl, "inspection", type, body, size, key, reply);
    free (body);
    return rc? ctl_fail_reply (ctl, reply): CTL_EXIT_OK;
}

static int
s_bad_reply (const ctl_t *ctl, const char *type)
{
    return ctl_fail (ctl, SF_MALFORMED, &s_msg_bad_reply, type);
}

//  --------------------------------------------------------------------------------------
//  JSON

static void
s_strings_json (sf_json_t *json, const char *key, char *const *strings, size_t count)
{
    sf_json_key (json, key);
    sf_json_array_begin (json);
    for (size_t index = 0; index < count; index++)
        sf_json_string (json, strings [index]);
    sf_json_array_end (json);
}

static void
s_plan_json (sf_json_t *json, const inspection_plan_t *plan)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", plan->id);
    sf_json_key_string (json, "code", plan->code);
    sf_json_key_string (json, "level", s_word_name (s_levels, plan->level));
    sf_json_key_string (json, "scope_unit", plan->scope_unit);
    sf_json_key_string (json, "title_zh", plan->title_zh);
    sf_json_key_string (json, "title_en", plan->title_en);
    sf_json_key_string (json, "starts_on", plan->starts_on);
    sf_json_key_string (json, "ends_on", plan->ends_on);
    sf_json_key_string (json, "target_kind", plan->target_kind? directory_kind_name (plan->target_kind): "");
    sf_json_key (json, "free_items");
    sf_json_array_begin (json);
    for (size_t index = 0; index < plan->free_item_count; index++) {
        sf_json_object_begin (json);
        sf_json_key_string (json, "text_zh", plan->free_items [index].text_zh);
        sf_json_key_string (json, "text_en", plan->free_items [index].text_en);
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
    sf_json_key_bool (json, "active", plan->active);
    sf_json_object_end (json);
}

static void
s_task_json (sf_json_t *json, const inspection_task_t *task)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", task->id);
    sf_json_key_string (json, "plan_code", task->plan_code);
    sf_json_key_string (json, "level", s_word_name (s_levels, task->level));
    sf_json_key_string (json, "kind", s_word_name (s_task_kinds, task->kind));
    sf_json_key_string (json, "executor_unit", task->executor_unit);
    sf_json_key_string (json, "target_unit", task->target_unit);
    sf_json_key_string (json, "plant_code", task->plant_code);
    sf_json_key_string (json, "shift_date", task->shift_date);
    sf_json_key_int (json, "shift_no", task->shift_no);
    sf_json_key_int (json, "window_start_ms", task->window_start_ms);
    sf_json_key_int (json, "window_end_ms", task->window_end_ms);
    sf_json_key_string (json, "status", s_word_name (s_task_statuses, task->status));
    sf_json_key_int (json, "record_id", task->record_id);
    sf_json_object_end (json);
}

static void
s_finding_json (sf_json_t *json, const inspection_finding_t *finding)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", finding->id);
    sf_json_key_string (json, "number", finding->number);
    sf_json_key_string (json, "description", finding->description);
    sf_json_key_string (json, "factor", s_factor_name (finding->factor));
    sf_json_key_string (json, "location", finding->location);
    sf_json_key_string (json, "severity", s_word_name (s_severities, finding->severity));
    sf_json_key_string (json, "responsible_unit", finding->responsible_unit);
    sf_json_key_string (json, "responsible_person", finding->responsible_person);
    s_strings_json (json, "attachments", finding->attachments, finding->attachment_count);
    sf_json_key_string (json, "source", s_word_name (s_sources, finding->source));
    sf_json_key_int (json, "task_id", finding->task_id);
    sf_json_key_int (json, "record_id", finding->record_id);
    sf_json_key_string (json, "lesson_ref", finding->lesson_ref);
    sf_json_key_string (json, "reporter", finding->reporter);
    sf_json_key_string (json, "reporter_unit", finding->reporter_unit);
    sf_json_key_string (json, "plant_code", finding->plant_code);
    sf_json_key_int (json, "reported_ms", finding->reported_ms);
    sf_json_key_string (json, "status", s_word_name (s_finding_statuses, finding->status));
    sf_json_key_string (json, "form_number", finding->form_number);
    sf_json_key_string (json, "hazard_key", finding->hazard_key);
    sf_json_object_end (json);
}

static void
s_record_json (sf_json_t *json, const inspection_record_t *record)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", record->id);
    sf_json_key_int (json, "task_id", record->task_id);
    sf_json_key_string (json, "inspector", record->inspector);
    sf_json_key_string (json, "executor_unit", record->executor_unit);
    sf_json_key_string (json, "target_unit", record->target_unit);
    sf_json_key_int (json, "recorded_ms", record->recorded_ms);
    sf_json_key_int (json, "passed", record->passed);
    sf_json_key_int (json, "failed", record->failed);
    sf_json_key (json, "results");
    sf_json_array_begin (json);
    for (size_t index = 0; index < record->result_count; index++) {
        sf_json_object_begin (json);
        sf_json_key_string (json, "key", record->results [index].key);
        sf_json_key_bool (json, "passed", record->results [index].passed);
        sf_json_key_string (json, "note", record->results [index].note);
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
    sf_json_key (json, "findings");
    sf_json_array_begin (json);
    for (size_t index = 0; index < record->finding_count; index++)
        s_finding_json (json, &record->findings [index]);
    sf_json_array_end (json);
    sf_json_key_string (json, "remarks", record->remarks);
    sf_json_object_end (json);
}

static void
s_violation_json (sf_json_t *json, const inspection_violation_t *violation)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", violation->id);
    sf_json_key_string (json, "number", violation->number);
    sf_json_key_string (json, "type", s_word_name (s_violation_types, violation->type));
    sf_json_key_string (json, "person_code", violation->person_code);
    sf_json_key_string (json, "unit_code", violation->unit_code);
    sf_json_key_string (json, "plant_code", violation->plant_code);
    sf_json_key_string (json, "description", violation->description);
    sf_json_key_string (json, "location", violation->location);
    sf_json_key_int (json, "occurred_ms", violation->occurred_ms);
    sf_json_key_string (json, "recorded_by", violation->recorded_by);
    sf_json_object_end (json);
}

static void
s_meeting_json (sf_json_t *json, const inspection_meeting_t *meeting)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", meeting->id);
    sf_json_key_string (json, "team_code", meeting->team_code);
    sf_json_key_string (json, "shift_date", meeting->shift_date);
    sf_json_key_int (json, "shift_no", meeting->shift_no);
    sf_json_key_string (json, "kind", s_word_name (s_meeting_kinds, meeting->kind));
    s_strings_json (json, "attendees", meeting->attendees, meeting->attendee_count);
    s_strings_json (json, "absentees", meeting->absentees, meeting->absentee_count);
    sf_json_key_string (json, "topics", meeting->topics);
    sf_json_key_string (json, "risks_briefed", meeting->risks_briefed);
    sf_json_key_string (json, "recorded_by", meeting->recorded_by);
    sf_json_key_int (json, "recorded_ms", meeting->recorded_ms);
    sf_json_object_end (json);
}

//  Prints one object written by write.
#define S_PRINT_JSON(write, item) do { \
        sf_json_t *json_ = sf_json_new (); \
        write (json_, (item)); \
        ctl_json_print (json_); \
        sf_json_destroy (&json_); \
    } while (0)

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
s_tasks_table (const ctl_t *ctl, const inspection_task_t *tasks, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_id, &s_label_kind, &s_label_plan, &s_label_executor, &s_label_target, &s_label_window, &s_label_status
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const inspection_task_t *task = &tasks [index];
        ctl_table_addf (table, "%lld", (long long) task->id);
        //  A check shows its level (公司月查, …); a routine task its kind and shift.
        if (task->kind == INSPECTION_TASK_CHECK)
            ctl_table_add (table, s_word_shown (ctl, s_levels, task->level));
        else {
            char *kind = ctl_format (ctl, &s_msg_routine_kind, s_word_shown (ctl, s_task_kinds, task->kind),
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
        ctl_table_add (table, s_word_shown (ctl, s_task_statuses, task->status));
    }
    s_table_print (&table);
}

static void
s_findings_table (const ctl_t *ctl, const inspection_finding_t *findings, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_number, &s_label_severity, &s_label_factor, &s_label_unit, &s_label_status, &s_label_form,
        &s_label_source, &s_label_reported, &s_label_description
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const inspection_finding_t *finding = &findings [index];
        ctl_table_add (table, finding->number);
        ctl_table_add (table, s_word_shown (ctl, s_severities, finding->severity));
        ctl_table_add (table, s_factor_shown (ctl, finding->factor));
        ctl_table_add (table, finding->responsible_unit);
        ctl_table_add (table, s_word_shown (ctl, s_finding_statuses, finding->status));
        ctl_table_add (table, s_or_dash (finding->form_number));
        ctl_table_add (table, s_word_shown (ctl, s_sources, finding->source));
        char reported [32];
        s_time_text (finding->reported_ms, reported, sizeof reported);
        ctl_table_add (table, reported);
        ctl_table_add (table, finding->description);
    }
    s_table_print (&table);
}

static void
s_violations_table (const ctl_t *ctl, const inspection_violation_t *violations, size_t count)
{
    const sf_text_t *labels [] = {
        &s_label_number, &s_label_type, &s_label_person, &s_label_unit, &s_label_occurred, &s_label_location,
        &s_label_description
    };
    ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
    for (size_t index = 0; index < count; index++) {
        const inspection_violation_t *violation = &violations [index];
        ctl_table_add (table, violation->number);
        ctl_table_add (table, s_word_shown (ctl, s_violation_types, violation->type));
        ctl_table_add (table, violation->person_code);
        ctl_table_add (table, violation->unit_code);
        char occurred [32];
        s_time_text (violation->occurred_ms, occurred, sizeof occurred);
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
    inspection_request_t request = { 0 };
    inspection_plan_t *plan = &request.plan;
    int rc = s_word_option (ctl, args, "level", s_levels, &plan->level);
    if (rc)
        return rc;
    const char *target_kind = ctl_args_get (args, "target-kind");
    if (target_kind) {
        plan->target_kind = directory_kind_parse (target_kind);
        if (!plan->target_kind)
            return ctl_args_usage (ctl, args, &s_msg_bad_word, "target-kind", target_kind,
                                   "department|team|post|部门|班组|岗位");
    }
    size_t item_count, item_en_count;
    char **items = s_split_option (args, "item", '|', &item_count);
    char **items_en = s_split_option (args, "item-en", '|', &item_en_count);
    if (item_en_count > item_count) {
        rc = ctl_args_usage (ctl, args, &s_msg_too_many_en, item_en_count, item_count);
        s_strings_free (items, item_count);
        s_strings_free (items_en, item_en_count);
        return rc;
    }
    plan->code = (char *) ctl_args_get (args, "code");
    plan->scope_unit = (char *) ctl_args_get (args, "scope");
    plan->title_zh = (char *) ctl_args_get (args, "title-zh");
    plan->title_en = (char *) ctl_args_get (args, "title-en");
    plan->starts_on = (char *) ctl_args_get (args, "starts-on");
    plan->ends_on = (char *) ctl_args_get (args, "ends-on");
    plan->free_items = calloc (item_count + 1, sizeof *plan->free_items);
    if (!plan->free_items)
        abort ();
    for (size_t index = 0; index < item_count; index++) {
        plan->free_items [index].text_zh = items [index];
        plan->free_items [index].text_en = index < item_en_count? items_en [index]: NULL;
    }
    plan->free_item_count = item_count;

    sf_reply_t reply;
    inspection_plan_t created = { 0 };
    rc = s_call (ctl, "inspection.CreatePlan", &request, ctl_args_get (args, "key"), &reply);
    if (rc == CTL_EXIT_OK && inspection_plan_decode (&created, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Plan");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_plan_json, &created);
    else
    if (rc == CTL_EXIT_OK) {
        bool english = ctl->lang == CTL_LANG_EN && *created.title_en;
        char *until = *created.ends_on? ctl_format (ctl, &s_msg_plan_until, created.ends_on): strdup ("");
        ctl_print (ctl, stdout, &s_msg_plan_created, created.code, english? created.title_en: created.title_zh,
                   s_word_shown (ctl, s_levels, created.level), created.scope_unit, created.starts_on, until);
        free (until);
        for (size_t index = 0; index < created.free_item_count; index++) {
            char key [24];
            snprintf (key, sizeof key, "F%zu", index + 1);
            const inspection_free_item_t *item = &created.free_items [index];
            ctl_print (ctl, stdout, &s_msg_free_item, key,
                       ctl->lang == CTL_LANG_EN && *item->text_en? item->text_en: item->text_zh);
        }
    }
    inspection_plan_clear (&created);
    sf_reply_clear (&reply);
    free (plan->free_items);
    s_strings_free (items, item_count);
    s_strings_free (items_en, item_en_count);
    return rc;
}

static void
s_calendar_json (sf_json_t *json, const inspection_calendar_t *calendar)
{
    sf_json_object_begin (json);
    sf_json_key_string (json, "plant_code", calendar->plant_code);
    sf_json_key_string (json, "time_zone", calendar->time_zone);
    s_strings_json (json, "shifts", calendar->shifts, calendar->shift_count);
    sf_json_object_end (json);
}

static int
s_calendar_set (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = { 0 };
    request.calendar.plant_code = (char *) ctl_args_get (args, "plant");
    request.calendar.time_zone = (char *) ctl_args_get (args, "time-zone");
    request.calendar.shifts = s_split_option (args, "shifts", ',', &request.calendar.shift_count);
    sf_reply_t reply;
    inspection_calendar_t calendar = { 0 };
    int rc = s_call (ctl, "inspection.SetPlantCalendar", &request, ctl_args_get (args, "key"), &reply);
    if (rc == CTL_EXIT_OK && inspection_calendar_decode (&calendar, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.PlantCalendar");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_calendar_json, &calendar);
    else
    if (rc == CTL_EXIT_OK) {
        ctl_print (ctl, stdout, &s_msg_calendar_set, calendar.plant_code, calendar.time_zone, calendar.shift_count);
        for (size_t index = 0; index < calendar.shift_count; index++)
            ctl_print (ctl, stdout, &s_msg_shift_line, index + 1, calendar.shifts [index]);
    }
    inspection_calendar_clear (&calendar);
    sf_reply_clear (&reply);
    s_strings_free (request.calendar.shifts, request.calendar.shift_count);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  tasks generate, tasks list, checklist

static int
s_tasks_generate (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = {
        .from_date = (char *) ctl_args_get (args, "from"),
        .to_date = (char *) ctl_args_get (args, "to")
    };
    sf_reply_t reply;
    int created = 0;
    int rc = s_call (ctl, "inspection.GenerateTasks", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK && inspection_generate_result_decode (&created, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.GenerateResult");
    else
    if (rc == CTL_EXIT_OK && ctl->json) {
        sf_json_t *json = sf_json_new ();
        sf_json_object_begin (json);
        sf_json_key_int (json, "created", created);
        sf_json_object_end (json);
        ctl_json_print (json);
        sf_json_destroy (&json);
    }
    else
    if (rc == CTL_EXIT_OK)
        ctl_print (ctl, stdout, &s_msg_generated, created, request.from_date, request.to_date);
    sf_reply_clear (&reply);
    return rc;
}

static void
s_task_list_json (sf_json_t *json, const inspection_task_list_t *list)
{
    sf_json_object_begin (json);
    sf_json_key (json, "tasks");
    sf_json_array_begin (json);
    for (size_t index = 0; index < list->count; index++)
        s_task_json (json, &list->items [index]);
    sf_json_array_end (json);
    sf_json_object_end (json);
}

static int
s_tasks_list (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = {
        .unit_code = (char *) ctl_args_get (args, "unit"),
        .from_date = (char *) ctl_args_get (args, "from"),
        .to_date = (char *) ctl_args_get (args, "to"),
        .limit = ctl_args_number (args, "limit", 0)
    };
    int rc = s_word_option (ctl, args, "status", s_task_statuses, &request.status);
    if (rc)
        return rc;
    sf_reply_t reply;
    inspection_task_list_t list = { 0 };
    rc = s_call (ctl, "inspection.ListTasks", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK && inspection_task_list_decode (&list, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.TaskList");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_task_list_json, &list);
    else
    if (rc == CTL_EXIT_OK && list.count == 0)
        ctl_print (ctl, stdout, &s_msg_no_tasks);
    else
    if (rc == CTL_EXIT_OK)
        s_tasks_table (ctl, list.items, list.count);
    INSPECTION_CLEAR (&list, inspection_task_clear);
    sf_reply_clear (&reply);
    return rc;
}

static void
s_checklist_json (sf_json_t *json, int64_t task_id, const inspection_check_list_t *list)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "task_id", task_id);
    sf_json_key (json, "items");
    sf_json_array_begin (json);
    for (size_t index = 0; index < list->count; index++) {
        const inspection_check_item_t *item = &list->items [index];
        sf_json_object_begin (json);
        sf_json_key_string (json, "key", item->key);
        sf_json_key_string (json, "text_zh", item->text_zh);
        sf_json_key_string (json, "text_en", item->text_en);
        sf_json_key_string (json, "factor", s_factor_name (item->factor));
        sf_json_key_string (json, "colour", s_colour_name (item->colour));
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
    sf_json_object_end (json);
}

static int
s_checklist (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = { .task_id = ctl_args_number (args, "task", 0) };
    sf_reply_t reply;
    int64_t task_id = 0;
    inspection_check_list_t list = { 0 };
    int rc = s_call (ctl, "inspection.GetChecklist", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK && inspection_checklist_decode (&task_id, &list, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Checklist");
    else
    if (rc == CTL_EXIT_OK && ctl->json) {
        sf_json_t *json = sf_json_new ();
        s_checklist_json (json, task_id, &list);
        ctl_json_print (json);
        sf_json_destroy (&json);
    }
    else
    if (rc == CTL_EXIT_OK) {
        ctl_print (ctl, stdout, &s_msg_checklist_title, (long long) task_id, list.count);
        const sf_text_t *labels [] = { &s_label_key, &s_label_factor, &s_label_colour, &s_label_content };
        ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
        for (size_t index = 0; index < list.count; index++) {
            const inspection_check_item_t *item = &list.items [index];
            ctl_table_add (table, item->key);
            ctl_table_add (table, s_factor_shown (ctl, item->factor));
            ctl_table_add (table, s_colour_shown (ctl, item->colour));
            ctl_table_add (table, ctl->lang == CTL_LANG_EN? item->text_en: item->text_zh);
        }
        s_table_print (&table);
    }
    INSPECTION_CLEAR (&list, inspection_check_item_clear);
    sf_reply_clear (&reply);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  record, report, findings

//  A finding's fields from the options named prefix + "description", … (prefix "" for
//  report, "finding-" for record). Strings point into args, except the attachments (free
//  with s_strings_free). CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_finding_options (const ctl_t *ctl, const ctl_args_t *args, const char *prefix, inspection_finding_t *finding)
{
    char name [64];
    snprintf (name, sizeof name, "%sfactor", prefix);
    int rc = s_factor_option (ctl, args, name, &finding->factor);
    snprintf (name, sizeof name, "%sseverity", prefix);
    if (rc == CTL_EXIT_OK)
        rc = s_word_option (ctl, args, name, s_severities, &finding->severity);
    if (rc)
        return rc;
    snprintf (name, sizeof name, "%sdescription", prefix);
    finding->description = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%sunit", prefix);
    finding->responsible_unit = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%slocation", prefix);
    finding->location = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%sperson", prefix);
    finding->responsible_person = (char *) ctl_args_get (args, name);
    snprintf (name, sizeof name, "%sattachment", prefix);
    finding->attachments = s_split_option (args, name, '|', &finding->attachment_count);
    return CTL_EXIT_OK;
}

static void
s_print_finding_line (const ctl_t *ctl, const inspection_finding_t *finding)
{
    ctl_print (ctl, stdout, &s_msg_finding_line, finding->number, s_word_shown (ctl, s_severities, finding->severity),
               finding->responsible_unit, s_word_shown (ctl, s_finding_statuses, finding->status));
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

    inspection_finding_t finding = { .hazard_key = (char *) ctl_args_get (args, "finding-item") };
    int rc = has_finding? s_finding_options (ctl, args, "finding-", &finding): CTL_EXIT_OK;
    if (rc)
        return rc;
    size_t pass_count, fail_count;
    char **passed = s_split_option (args, "pass", ',', &pass_count);
    char **failed = s_split_option (args, "fail", ',', &fail_count);
    inspection_item_result_t *results = calloc (pass_count + fail_count + 1, sizeof *results);
    if (!results)
        abort ();
    inspection_request_t request = {
        .task_id = ctl_args_number (args, "task", 0),
        .remarks = (char *) ctl_args_get (args, "remarks"),
        .findings = has_finding? &finding: NULL,
        .finding_count = has_finding? 1: 0,
        .results = results,
        .result_count = pass_count + fail_count
    };
    for (size_t index = 0; index < pass_count; index++)
        request.results [index] = (inspection_item_result_t) { .key = passed [index], .passed = true };
    for (size_t index = 0; index < fail_count; index++)
        request.results [pass_count + index] = (inspection_item_result_t) { .key = failed [index], .passed = false };

    sf_reply_t reply;
    inspection_record_t record = { 0 };
    rc = s_call (ctl, "inspection.RecordInspection", &request, ctl_args_get (args, "key"), &reply);
    if (rc == CTL_EXIT_OK && inspection_record_decode (&record, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Record");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_record_json, &record);
    else
    if (rc == CTL_EXIT_OK) {
        ctl_print (ctl, stdout, &s_msg_recorded, (long long) record.task_id, (long long) record.id, record.passed,
                   record.failed);
        for (size_t index = 0; index < record.finding_count; index++)
            s_print_finding_line (ctl, &record.findings [index]);
    }
    inspection_record_clear (&record);
    sf_reply_clear (&reply);
    free (results);
    s_strings_free (passed, pass_count);
    s_strings_free (failed, fail_count);
    s_strings_free (finding.attachments, finding.attachment_count);
    return rc;
}

static int
s_report (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_finding_t finding = { 0 };
    int rc = s_finding_options (ctl, args, "", &finding);
    if (rc)
        return rc;
    const char *lesson = ctl_args_get (args, "lesson");
    inspection_request_t request = {
        .findings = &finding,
        .finding_count = 1,
        .source = lesson? INSPECTION_SOURCE_LESSON: INSPECTION_SOURCE_REPORT,
        .lesson_ref = (char *) lesson
    };
    sf_reply_t reply;
    inspection_finding_t reported = { 0 };
    rc = s_call (ctl, "inspection.ReportFinding", &request, ctl_args_get (args, "key"), &reply);
    if (rc == CTL_EXIT_OK && inspection_finding_decode (&reported, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Finding");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_finding_json, &reported);
    else
    if (rc == CTL_EXIT_OK)
        s_print_finding_line (ctl, &reported);
    inspection_finding_clear (&reported);
    sf_reply_clear (&reply);
    s_strings_free (finding.attachments, finding.attachment_count);
    return rc;
}

static void
s_finding_list_json (sf_json_t *json, const inspection_finding_list_t *list)
{
    sf_json_object_begin (json);
    sf_json_key (json, "findings");
    sf_json_array_begin (json);
    for (size_t index = 0; index < list->count; index++)
        s_finding_json (json, &list->items [index]);
    sf_json_array_end (json);
    sf_json_object_end (json);
}

static int
s_findings (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = {
        .unit_code = (char *) ctl_args_get (args, "unit"),
        .open_only = ctl_args_get (args, "open") != NULL,
        .limit = ctl_args_number (args, "limit", 0)
    };
    int rc = s_word_option (ctl, args, "severity", s_severities, &request.severity);
    if (rc == CTL_EXIT_OK)
        rc = s_factor_option (ctl, args, "factor", &request.factor);
    if (rc)
        return rc;
    sf_reply_t reply;
    inspection_finding_list_t list = { 0 };
    rc = s_call (ctl, "inspection.ListFindings", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK && inspection_finding_list_decode (&list, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.FindingList");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_finding_list_json, &list);
    else
    if (rc == CTL_EXIT_OK && list.count == 0)
        ctl_print (ctl, stdout, &s_msg_no_findings);
    else
    if (rc == CTL_EXIT_OK)
        s_findings_table (ctl, list.items, list.count);
    INSPECTION_CLEAR (&list, inspection_finding_clear);
    sf_reply_clear (&reply);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  violation record, violation search, meeting record

static int
s_violation_record (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = { 0 };
    inspection_violation_t *violation = &request.violation;
    int rc = s_word_option (ctl, args, "type", s_violation_types, &violation->type);
    if (rc == CTL_EXIT_OK)
        rc = s_time_option (ctl, args, "occurred", false, &violation->occurred_ms);
    if (rc)
        return rc;
    violation->person_code = (char *) ctl_args_get (args, "person");
    violation->unit_code = (char *) ctl_args_get (args, "unit");
    violation->description = (char *) ctl_args_get (args, "description");
    violation->location = (char *) ctl_args_get (args, "location");
    sf_reply_t reply;
    inspection_violation_t recorded = { 0 };
    rc = s_call (ctl, "inspection.RecordViolation", &request, ctl_args_get (args, "key"), &reply);
    if (rc == CTL_EXIT_OK && inspection_violation_decode (&recorded, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Violation");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_violation_json, &recorded);
    else
    if (rc == CTL_EXIT_OK) {
        char occurred [32];
        s_time_text (recorded.occurred_ms, occurred, sizeof occurred);
        ctl_print (ctl, stdout, &s_msg_violation_recorded, recorded.number,
                   s_word_shown (ctl, s_violation_types, recorded.type), recorded.person_code, recorded.unit_code,
                   occurred);
    }
    inspection_violation_clear (&recorded);
    sf_reply_clear (&reply);
    return rc;
}

static void
s_violation_list_json (sf_json_t *json, const inspection_violation_list_t *list)
{
    sf_json_object_begin (json);
    sf_json_key (json, "violations");
    sf_json_array_begin (json);
    for (size_t index = 0; index < list->count; index++)
        s_violation_json (json, &list->items [index]);
    sf_json_array_end (json);
    sf_json_object_end (json);
}

static int
s_violation_search (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = {
        .unit_code = (char *) ctl_args_get (args, "unit"),
        .text = (char *) ctl_args_get (args, "text"),
        .limit = ctl_args_number (args, "limit", 0)
    };
    int rc = s_word_option (ctl, args, "type", s_violation_types, &request.violation_type);
    if (rc == CTL_EXIT_OK)
        rc = s_time_option (ctl, args, "from", false, &request.from_ms);
    if (rc == CTL_EXIT_OK)
        rc = s_time_option (ctl, args, "to", true, &request.to_ms);
    if (rc)
        return rc;
    sf_reply_t reply;
    inspection_violation_list_t list = { 0 };
    rc = s_call (ctl, "inspection.SearchViolations", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK && inspection_violation_list_decode (&list, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.ViolationList");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_violation_list_json, &list);
    else
    if (rc == CTL_EXIT_OK && list.count == 0)
        ctl_print (ctl, stdout, &s_msg_no_violations);
    else
    if (rc == CTL_EXIT_OK)
        s_violations_table (ctl, list.items, list.count);
    INSPECTION_CLEAR (&list, inspection_violation_clear);
    sf_reply_clear (&reply);
    return rc;
}

static int
s_meeting_record (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = { 0 };
    inspection_meeting_t *meeting = &request.meeting;
    int rc = s_word_option (ctl, args, "kind", s_meeting_kinds, &meeting->kind);
    if (rc)
        return rc;
    meeting->team_code = (char *) ctl_args_get (args, "team");
    meeting->shift_date = (char *) ctl_args_get (args, "date");
    meeting->shift_no = ctl_args_number (args, "shift", 0);
    meeting->attendees = s_split_option (args, "attendees", ',', &meeting->attendee_count);
    meeting->absentees = s_split_option (args, "absentees", ',', &meeting->absentee_count);
    meeting->topics = (char *) ctl_args_get (args, "topics");
    meeting->risks_briefed = (char *) ctl_args_get (args, "risks");
    sf_reply_t reply;
    inspection_meeting_t recorded = { 0 };
    rc = s_call (ctl, "inspection.RecordMeeting", &request, ctl_args_get (args, "key"), &reply);
    if (rc == CTL_EXIT_OK && inspection_meeting_decode (&recorded, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Meeting");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_meeting_json, &recorded);
    else
    if (rc == CTL_EXIT_OK)
        ctl_print (ctl, stdout, &s_msg_meeting_recorded, recorded.team_code, recorded.shift_date, recorded.shift_no,
                   s_word_shown (ctl, s_meeting_kinds, recorded.kind), recorded.attendee_count,
                   recorded.absentee_count);
    inspection_meeting_clear (&recorded);
    sf_reply_clear (&reply);
    s_strings_free (meeting->attendees, meeting->attendee_count);
    s_strings_free (meeting->absentees, meeting->absentee_count);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  completion, history

//  The rate as a whole percentage, rounded: sf_json writes whole numbers only.
static int
s_percent (double rate)
{
    return (int) (rate * 100.0 + 0.5);
}

static void
s_completion_json (sf_json_t *json, const inspection_completion_list_t *list)
{
    sf_json_object_begin (json);
    sf_json_key (json, "units");
    sf_json_array_begin (json);
    for (size_t index = 0; index < list->count; index++) {
        const inspection_completion_t *unit = &list->items [index];
        sf_json_object_begin (json);
        sf_json_key_string (json, "unit_code", unit->unit_code);
        sf_json_key_string (json, "unit_name", unit->unit_name);
        sf_json_key_int (json, "due", unit->due);
        sf_json_key_int (json, "done", unit->done);
        sf_json_key_int (json, "missed", unit->missed);
        sf_json_key_int (json, "open", unit->open);
        sf_json_key_int (json, "rate_percent", s_percent (unit->rate));
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
    sf_json_object_end (json);
}

static int
s_completion (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = {
        .unit_code = (char *) ctl_args_get (args, "unit"),
        .from_date = (char *) ctl_args_get (args, "from"),
        .to_date = (char *) ctl_args_get (args, "to")
    };
    sf_reply_t reply;
    inspection_completion_list_t list = { 0 };
    int rc = s_call (ctl, "inspection.GetCompletion", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK && inspection_completion_decode (&list, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.Completion");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_completion_json, &list);
    else
    if (rc == CTL_EXIT_OK && list.count == 0)
        ctl_print (ctl, stdout, &s_msg_no_units);
    else
    if (rc == CTL_EXIT_OK) {
        const sf_text_t *labels [] = {
            &s_label_unit, &s_label_name, &s_label_due, &s_label_done, &s_label_missed, &s_label_open, &s_label_rate
        };
        ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
        for (size_t index = 0; index < list.count; index++) {
            const inspection_completion_t *unit = &list.items [index];
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
    INSPECTION_CLEAR (&list, inspection_completion_clear);
    sf_reply_clear (&reply);
    return rc;
}

typedef struct {
    inspection_record_list_t records;
    inspection_finding_list_t findings;
    inspection_violation_list_t violations;
    inspection_task_list_t missed;
    inspection_meeting_list_t meetings;
} s_history_t;

static void
s_history_json (sf_json_t *json, const s_history_t *history)
{
    sf_json_object_begin (json);
    sf_json_key (json, "records");
    sf_json_array_begin (json);
    for (size_t index = 0; index < history->records.count; index++)
        s_record_json (json, &history->records.items [index]);
    sf_json_array_end (json);
    sf_json_key (json, "findings");
    sf_json_array_begin (json);
    for (size_t index = 0; index < history->findings.count; index++)
        s_finding_json (json, &history->findings.items [index]);
    sf_json_array_end (json);
    sf_json_key (json, "violations");
    sf_json_array_begin (json);
    for (size_t index = 0; index < history->violations.count; index++)
        s_violation_json (json, &history->violations.items [index]);
    sf_json_array_end (json);
    sf_json_key (json, "missed");
    sf_json_array_begin (json);
    for (size_t index = 0; index < history->missed.count; index++)
        s_task_json (json, &history->missed.items [index]);
    sf_json_array_end (json);
    sf_json_key (json, "meetings");
    sf_json_array_begin (json);
    for (size_t index = 0; index < history->meetings.count; index++)
        s_meeting_json (json, &history->meetings.items [index]);
    sf_json_array_end (json);
    sf_json_object_end (json);
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
s_history_print (const ctl_t *ctl, const s_history_t *history)
{
    if (s_section (ctl, &s_section_records, history->records.count)) {
        const sf_text_t *labels [] = {
            &s_label_id, &s_label_task, &s_label_inspector, &s_label_executor, &s_label_target, &s_label_recorded,
            &s_label_result
        };
        ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
        for (size_t index = 0; index < history->records.count; index++) {
            const inspection_record_t *record = &history->records.items [index];
            ctl_table_addf (table, "%lld", (long long) record->id);
            ctl_table_addf (table, "%lld", (long long) record->task_id);
            ctl_table_add (table, s_or_dash (record->inspector));
            ctl_table_add (table, record->executor_unit);
            ctl_table_add (table, record->target_unit);
            char recorded [32];
            s_time_text (record->recorded_ms, recorded, sizeof recorded);
            ctl_table_add (table, recorded);
            ctl_table_addf (table, "%d/%d", record->passed, record->failed);
        }
        s_table_print (&table);
    }
    if (s_section (ctl, &s_section_findings, history->findings.count))
        s_findings_table (ctl, history->findings.items, history->findings.count);
    if (s_section (ctl, &s_section_violations, history->violations.count))
        s_violations_table (ctl, history->violations.items, history->violations.count);
    if (s_section (ctl, &s_section_missed, history->missed.count))
        s_tasks_table (ctl, history->missed.items, history->missed.count);
    if (s_section (ctl, &s_section_meetings, history->meetings.count)) {
        const sf_text_t *labels [] = {
            &s_label_team, &s_label_shift, &s_label_kind, &s_label_attendance, &s_label_recorded, &s_label_topics
        };
        ctl_table_t *table = s_table_new (ctl, labels, sizeof labels / sizeof labels [0]);
        for (size_t index = 0; index < history->meetings.count; index++) {
            const inspection_meeting_t *meeting = &history->meetings.items [index];
            ctl_table_add (table, meeting->team_code);
            ctl_table_addf (table, "%s #%d", meeting->shift_date, meeting->shift_no);
            ctl_table_add (table, s_word_shown (ctl, s_meeting_kinds, meeting->kind));
            ctl_table_addf (table, "%zu/%zu", meeting->attendee_count, meeting->absentee_count);
            char recorded [32];
            s_time_text (meeting->recorded_ms, recorded, sizeof recorded);
            ctl_table_add (table, recorded);
            ctl_table_add (table, meeting->topics);
        }
        s_table_print (&table);
    }
}

static int
s_history (const ctl_t *ctl, const ctl_args_t *args)
{
    inspection_request_t request = {
        .unit_code = (char *) ctl_args_get (args, "unit"),
        .limit = ctl_args_number (args, "limit", 0)
    };
    int rc = s_time_option (ctl, args, "from", false, &request.from_ms);
    if (rc == CTL_EXIT_OK)
        rc = s_time_option (ctl, args, "to", true, &request.to_ms);
    if (rc)
        return rc;
    sf_reply_t reply;
    s_history_t history = { 0 };
    rc = s_call (ctl, "inspection.GetUnitHistory", &request, NULL, &reply);
    if (rc == CTL_EXIT_OK
    &&  inspection_history_decode (&history.records, &history.findings, &history.violations, &history.missed,
                                   &history.meetings, reply.body, reply.body_size))
        rc = s_bad_reply (ctl, "inspection.UnitHistory");
    else
    if (rc == CTL_EXIT_OK && ctl->json)
        S_PRINT_JSON (s_history_json, &history);
    else
    if (rc == CTL_EXIT_OK)
        s_history_print (ctl, &history);
    INSPECTION_CLEAR (&history.records, inspection_record_clear);
    INSPECTION_CLEAR (&history.findings, inspection_finding_clear);
    INSPECTION_CLEAR (&history.violations, inspection_violation_clear);
    INSPECTION_CLEAR (&history.missed, inspection_task_clear);
    INSPECTION_CLEAR (&history.meetings, inspection_meeting_clear);
    sf_reply_clear (&reply);
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
    { "limit", CTL_NUMBER, "N", false, { "最多列出几项（默认 500）", "at most this many (default 500)" } },
    { NULL }
};

static const ctl_option_t s_checklist_options [] = {
    { "task", CTL_NUMBER, "ID", true, { "检查任务编号", "task id" } },
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
    { "limit", CTL_NUMBER, "N", false, { "最多列出几项（默认 500）", "at most this many (default 500)" } },
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
    { "limit", CTL_NUMBER, "N", false, { "最多列出几项（默认 200）", "at most this many (default 200)" } },
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
    { NULL }
};

static const ctl_option_t s_history_options [] = {
    { "unit", CTL_TEXT, "UNIT", true, { "单位编码", "unit code" } },
    { "from", CTL_TEXT, "TIME", false, {
        "起：日期 YYYY-MM-DD 为北京时间当天 0 点，也可写 ISO-8601 或 Unix 毫秒数（默认不限）",
        "from: a date YYYY-MM-DD is its start in Beijing time; ISO-8601 or epoch ms work too (default: no limit)" } },
    { "to", CTL_TEXT, "TIME", false, {
        "止：日期为北京时间当天最后一毫秒（默认不限）", "to: a date is its last millisecond in Beijing time (default: no limit)" } },
    { "limit", CTL_NUMBER, "N", false, { "每类最多几项（默认 100）", "at most this many of each kind (default 100)" } },
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
