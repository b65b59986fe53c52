/*  safetyctl score: the group, what its files share (ctl_score.h), and the rules: the event
    kinds the daemon scores, the versioned rule sets (points, caps, joint liability, tiers),
    a plant's time zone, and the letter templates of a year. A rule set and a template are
    written as JSON files (the proto3 JSON mapping of RuleSet and LetterTemplate): one is
    read, edited and sent back whole.                                                      */
#include "ctl_score.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_lesson.h"
#include "ctl_output.h"
#include "scoring_names.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "sf_pbjson.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const sf_text_t s_msg_bad_id = { "“%s”不是有效的编号（正整数）", "'%s' is not a valid id (a positive whole number)" };
static const sf_text_t s_msg_bad_word = { "--%s 的值“%s”无效：可用 %s", "--%s '%s' is invalid: use %s" };
static const sf_text_t s_msg_read_failed = { "无法读取文件“%s”：%s", "cannot read file '%s': %s" };
static const sf_text_t s_msg_bad_json = {
    "文件“%s”不是有效的 %s：%s（位置 %s，第 %zu 字节）", "file '%s' is not a valid %s: %s (at %s, byte %zu)"
};
static const sf_text_t s_msg_zone_missing = { "缺少参数 TIME_ZONE", "missing argument TIME_ZONE" };

static const sf_text_t s_msg_rules = { "考核细则第 %lld 版（%s，%s）%s%s\n", "Rule set version %lld (%s, %s)%s%s\n" };
static const sf_text_t s_msg_rules_points = { "分值（每条）：\n", "Points (per entry):\n" };
static const sf_text_t s_msg_rules_cascade = { "奖罚连带（一人受奖罚，其班组、部门负责人连带）：\n",
                                               "Joint liability (a person's entry reaches their leaders):\n" };
static const sf_text_t s_msg_cascade_level = { "  第 %d 级：%s 的 %s × %s\n", "  level %d: the %s's %s × %s\n" };
static const sf_text_t s_msg_rules_tiers = { "奖惩档次（当月总分 ≥ 下限）：\n", "Tiers (a month's total ≥ the floor):\n" };
static const sf_text_t s_msg_zone = { "厂区 %s 的考核月份按时区 %s 计算\n", "Plant %s counts its months in %s\n" };
static const sf_text_t s_msg_template = { "%d 年度 %s 责任书模板（第 %lld 版，%s 修改于 %s）\n",
                                          "%d template of the %s letters (version %lld, by %s, %s)\n" };
static const sf_text_t s_msg_title = { "标题：%s\n", "Title: %s\n" };
static const sf_text_t s_msg_content = { "内容：\n%s\n", "Content:\n%s\n" };
static const sf_text_t s_msg_targets = { "目标：\n", "Targets:\n" };
static const sf_text_t s_msg_target = { "  %s  %s\n", "  %s  %s\n" };

static const sf_text_t s_header_kinds = {
    "代码\t名称\t来源事件\t个人\t单位\t按天", "Code\tName\tSource event\tPerson\tUnit\tPer day"
};
static const sf_text_t s_header_rules = {
    "事件类型\t个人\t单位\t每项最多天数\t月上限\t月下限\t连带\t说明",
    "Kind\tPerson\tUnit\tDays per item\tMonth cap\tMonth floor\tCascade\tNote"
};
static const sf_text_t s_header_tiers = {
    "对象\t代码\t下限\t名称\t奖罚（元）", "Subject\tCode\tFloor\tName\tAmount (yuan)"
};
static const sf_text_t s_yes = { "是", "yes" };
static const sf_text_t s_no = { "否", "no" };

//  --------------------------------------------------------------------------------------
//  What the score files share

int32_t
ctl_score_year (const ctl_args_t *args)
{
    int year = ctl_args_number (args, "year", 0);
    if (year > 0)
        return year;
    time_t beijing = time (NULL) + 8 * 3600;
    struct tm fields;
    gmtime_r (&beijing, &fields);
    return fields.tm_year + 1900;
}

int
ctl_score_id (const ctl_t *ctl, const ctl_args_t *args, bool number_ok, int64_t *id)
{
    const char *text = args->operand? args->operand: "";
    char *end;
    errno = 0;
    long long value = strtoll (text, &end, 10);
    bool digits = *text >= '0' && *text <= '9' && !*end && !errno;
    *id = 0;
    if (digits && value > 0) {
        *id = value;
        return CTL_EXIT_OK;
    }
    if (number_ok && !digits && *text)
        return CTL_EXIT_OK;
    return ctl_args_usage (ctl, args, &s_msg_bad_id, text);
}

int
ctl_score_read_file (const ctl_t *ctl, const char *path, char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    FILE *file = fopen (path, "rb");
    if (!file)
        return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_read_failed, path, strerror (errno));
    size_t capacity = 0;
    char *buffer = NULL;
    int error = 0;
    while (true) {
        if (*size + 1 >= capacity) {
            capacity = capacity? capacity * 2: 16 * 1024;
            char *larger = realloc (buffer, capacity);
            if (!larger)
                abort ();
            buffer = larger;
        }
        size_t got = fread (buffer + *size, 1, capacity - *size - 1, file);
        *size += got;
        if (got == 0) {
            error = ferror (file)? errno: 0;
            break;
        }
    }
    fclose (file);
    if (error) {
        free (buffer);
        return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_read_failed, path, strerror (error));
    }
    buffer [*size] = 0;
    *data = buffer;
    return CTL_EXIT_OK;
}

int
ctl_score_read_json (const ctl_t *ctl, const char *path, const ProtobufCMessageDescriptor *descriptor,
                     void *message_p)
{
    ProtobufCMessage **message = message_p;
    *message = NULL;
    char *data;
    size_t size;
    if (ctl_score_read_file (ctl, path, &data, &size))
        return CTL_EXIT_FAILED;
    sf_pbjson_error_t error;
    *message = sf_pbjson_decode (descriptor, data, size, &error);
    free (data);
    if (!*message)
        return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_bad_json, path, descriptor->name,
                         ctl_text (ctl, error.reason), *error.path? error.path: "-", error.offset);
    return CTL_EXIT_OK;
}

const char *
ctl_score_name (const ctl_t *ctl, const char *zh, const char *en)
{
    return ctl_lesson_pick (ctl, zh, en);
}

const char *
ctl_score_or_dash (const char *text)
{
    return text && *text? text: "-";
}

const char *
ctl_score_level_name (const ctl_t *ctl, int level)
{
    return ctl->lang == CTL_LANG_EN? scoring_letter_level_name_en (level): scoring_letter_level_name_zh (level);
}

const char *
ctl_score_letter_status_name (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? scoring_letter_status_name_en (status): scoring_letter_status_name_zh (status);
}

const char *
ctl_score_origin_name (const ctl_t *ctl, int origin)
{
    return ctl->lang == CTL_LANG_EN? scoring_entry_origin_name_en (origin): scoring_entry_origin_name_zh (origin);
}

const char *
ctl_score_appeal_status_name (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? scoring_appeal_status_name_en (status): scoring_appeal_status_name_zh (status);
}

const char *
ctl_score_month_status_name (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? scoring_month_status_name_en (status): scoring_month_status_name_zh (status);
}

const char *
ctl_score_subject_name (const ctl_t *ctl, const char *subject)
{
    return ctl->lang == CTL_LANG_EN? scoring_subject_name_en (subject): scoring_subject_name_zh (subject);
}

int
ctl_score_bad_word (const ctl_t *ctl, const ctl_args_t *args, const char *option, const char *value,
                    const char *choices)
{
    return ctl_args_usage (ctl, args, &s_msg_bad_word, option, value, choices);
}

//  --------------------------------------------------------------------------------------
//  kinds, rules show, rules set, zone

static int
s_kinds (const ctl_t *ctl, const ctl_args_t *args)
{
    (void) args;
    Scoring__ListEventKinds request = SCORING__LIST_EVENT_KINDS__INIT;
    Scoring__EventKindList *list;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, NULL, &scoring__event_kind_list__descriptor, &list);
    if (list) {
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_kinds);
        for (size_t i = 0; i < list->n_kinds; i++) {
            const Scoring__EventKind *kind = list->kinds [i];
            ctl_table_add (table, kind->code);
            ctl_table_add (table, ctl_score_name (ctl, kind->name_zh, kind->name_en));
            ctl_table_add (table, ctl_score_or_dash (kind->source_event));
            ctl_table_add (table, ctl_text (ctl, kind->person? &s_yes: &s_no));
            ctl_table_add (table, ctl_text (ctl, kind->unit? &s_yes: &s_no));
            ctl_table_add (table, ctl_text (ctl, kind->per_item? &s_yes: &s_no));
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

//  A bound of a rule: its points, "-" when there is none.
static void
s_bound (int64_t centipoints, char *buffer, size_t size)
{
    if (centipoints)
        ctl_score_points (centipoints, false, buffer, size);
    else
        snprintf (buffer, size, "-");
}

static void
s_rules_print (const ctl_t *ctl, const Scoring__RuleSet *set)
{
    char when [32];
    ctl_beijing_time (set->created_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_rules, (long long) set->version, ctl_score_or_dash (set->created_by), when,
               *set->note? ": ": "", set->note);
    ctl_print (ctl, stdout, &s_msg_rules_points);
    ctl_table_t *table = ctl_lesson_table (ctl, &s_header_rules);
    for (size_t i = 0; i < set->n_rules; i++) {
        const Scoring__Rule *rule = set->rules [i];
        char person [32], unit [32], cap [32], floor [32];
        s_bound (rule->person_points, person, sizeof person);
        s_bound (rule->unit_points, unit, sizeof unit);
        s_bound (rule->month_cap, cap, sizeof cap);
        s_bound (rule->month_floor, floor, sizeof floor);
        ctl_table_add (table, rule->kind);
        ctl_table_add (table, person);
        ctl_table_add (table, unit);
        if (rule->item_cap)
            ctl_table_addf (table, "%d", (int) rule->item_cap);
        else
            ctl_table_add (table, "-");
        ctl_table_add (table, cap);
        ctl_table_add (table, floor);
        ctl_table_add (table, ctl_text (ctl, rule->cascade? &s_yes: &s_no));
        ctl_table_add (table, ctl_score_or_dash (ctl_score_name (ctl, rule->note_zh, rule->note_en)));
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    ctl_print (ctl, stdout, &s_msg_rules_cascade);
    for (size_t i = 0; i < set->n_cascade; i++) {
        const Scoring__CascadeLevel *level = set->cascade [i];
        char factor [32];
        snprintf (factor, sizeof factor, "%g", level->factor);
        ctl_print (ctl, stdout, &s_msg_cascade_level, (int) level->level,
                   ctl_score_subject_name (ctl, level->unit_kind), level->role, factor);
    }
    ctl_print (ctl, stdout, &s_msg_rules_tiers);
    table = ctl_lesson_table (ctl, &s_header_tiers);
    for (size_t i = 0; i < set->n_tiers; i++) {
        const Scoring__Tier *tier = set->tiers [i];
        char floor [32];
        ctl_score_points (tier->min_points, false, floor, sizeof floor);
        ctl_table_add (table, ctl_score_subject_name (ctl, tier->subject));
        ctl_table_add (table, tier->code);
        ctl_table_add (table, floor);
        ctl_table_add (table, ctl_score_name (ctl, tier->name_zh, tier->name_en));
        ctl_table_addf (table, "%lld", (long long) tier->amount_yuan);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

static int
s_rules_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__GetRules request = SCORING__GET_RULES__INIT;
    request.version = ctl_args_number (args, "version", 0);
    Scoring__RuleSet *set;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, NULL, &scoring__rule_set__descriptor, &set);
    if (set)
        s_rules_print (ctl, set);
    sf_pb_destroy (&set);
    return rc;
}

static int
s_rules_set (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__SetRules request = SCORING__SET_RULES__INIT;
    int rc = ctl_score_read_json (ctl, ctl_args_get (args, "file"), &scoring__rule_set__descriptor, &request.rules);
    if (rc)
        return rc;
    const char *note = ctl_args_get (args, "note");
    if (note)
        sf_pb_set (&request.rules->note, note);
    Scoring__RuleSet *set;
    rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_get (args, "key"),
                          &scoring__rule_set__descriptor, &set);
    if (set)
        s_rules_print (ctl, set);
    sf_pb_destroy (&set);
    sf_pb_destroy (&request.rules);
    return rc;
}

static int
s_zone (const ctl_t *ctl, const ctl_args_t *args)
{
    if (!args->optional_operand)
        return ctl_args_usage (ctl, args, &s_msg_zone_missing);
    Scoring__SetPlantZone request = SCORING__SET_PLANT_ZONE__INIT;
    request.plant_code = sf_codec_wire (args->operand);
    request.time_zone = sf_codec_wire (args->optional_operand);
    Scoring__PlantZone *zone;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_get (args, "key"),
                              &scoring__plant_zone__descriptor, &zone);
    if (zone)
        ctl_print (ctl, stdout, &s_msg_zone, zone->plant_code, zone->time_zone);
    sf_pb_destroy (&zone);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  template set, template show

static void
s_template_print (const ctl_t *ctl, const Scoring__LetterTemplate *template_)
{
    char when [32];
    ctl_beijing_time (template_->updated_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_template, (int) template_->year, ctl_score_level_name (ctl, template_->level),
               (long long) template_->version, ctl_score_or_dash (template_->updated_by), when);
    ctl_print (ctl, stdout, &s_msg_title, ctl_score_name (ctl, template_->title_zh, template_->title_en));
    ctl_print (ctl, stdout, &s_msg_content, ctl_score_name (ctl, template_->content_zh, template_->content_en));
    ctl_print (ctl, stdout, &s_msg_targets);
    for (size_t i = 0; i < template_->n_targets; i++)
        ctl_print (ctl, stdout, &s_msg_target, template_->targets [i]->code,
                   ctl_score_name (ctl, template_->targets [i]->text_zh, template_->targets [i]->text_en));
}

//  --level into *level (required). CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_level (const ctl_t *ctl, const ctl_args_t *args, Scoring__LetterLevel *level)
{
    const char *text = ctl_args_get (args, "level");
    if ((*level = scoring_letter_level_parse (text)))
        return CTL_EXIT_OK;
    return ctl_score_bad_word (ctl, args, "level", text? text: "",
                               "company_plant|plant_department|department_team|department_officer|team_member");
}

static int
s_template_set (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__LetterLevel level;
    int rc = s_level (ctl, args, &level);
    if (rc)
        return rc;
    Scoring__SetLetterTemplate request = SCORING__SET_LETTER_TEMPLATE__INIT;
    rc = ctl_score_read_json (ctl, ctl_args_get (args, "file"), &scoring__letter_template__descriptor,
                              &request.template_);
    if (rc)
        return rc;
    request.template_->year = ctl_score_year (args);
    request.template_->level = level;
    Scoring__LetterTemplate *template_;
    rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_get (args, "key"),
                          &scoring__letter_template__descriptor, &template_);
    if (template_)
        s_template_print (ctl, template_);
    sf_pb_destroy (&template_);
    sf_pb_destroy (&request.template_);
    return rc;
}

static int
s_template_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__GetLetterTemplate request = SCORING__GET_LETTER_TEMPLATE__INIT;
    int rc = s_level (ctl, args, &request.level);
    if (rc)
        return rc;
    request.year = ctl_score_year (args);
    Scoring__LetterTemplate *template_;
    rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, NULL, &scoring__letter_template__descriptor, &template_);
    if (template_)
        s_template_print (ctl, template_);
    sf_pb_destroy (&template_);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

#define S_LEVEL_OPTION(required) { "level", CTL_TEXT, "LEVEL", required, { \
    "责任书层级：company_plant（公司—厂区）、plant_department（厂区—部门）、department_team（部门—班组）、" \
    "department_officer（部门—部门安全员）或 team_member（班组—组员）", \
    "the letter level: company_plant, plant_department, department_team, department_officer or team_member" } }

static const ctl_option_t s_no_options [] = {
    { NULL }
};
static const ctl_option_t s_rules_show_options [] = {
    { "version", CTL_NUMBER, "N", false, { "版本（默认为现行版本）", "the version (default: the current one)" } },
    { NULL }
};
static const ctl_option_t s_rules_set_options [] = {
    { "file", CTL_TEXT, "FILE", true, { "考核细则 JSON 文件（RuleSet；可由 score rules show --json 得到再修改）",
                                        "the rule set as JSON (a RuleSet; e.g. score rules show --json, edited)" } },
    { "note", CTL_TEXT, "TEXT", false, { "修订说明", "why the rules change" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_zone_options [] = {
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_template_set_options [] = {
    CTL_SCORE_OPTION_YEAR,
    S_LEVEL_OPTION (true),
    { "file", CTL_TEXT, "FILE", true, {
        "模板 JSON 文件（LetterTemplate：titleZh、titleEn、contentZh、contentEn、targets）",
        "the template as JSON (a LetterTemplate: titleZh, titleEn, contentZh, contentEn, targets)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_template_show_options [] = {
    CTL_SCORE_OPTION_YEAR,
    S_LEVEL_OPTION (true),
    { NULL }
};

static const sf_text_t s_rules_details = {
    "每次修改生成新版本；此后的事件按新版本计分，已有条目保留其计分时的版本。\n",
    "Every change makes a new version; events scored from then on use it, entries keep theirs.\n"
};
static const sf_text_t s_group_details = {
    "一岗双责：每年逐级签订安全生产责任书（公司—厂区—部门—班组—组员，部门—部门安全员），\n"
    "coverage 列出未签订的单位和人员。安全综合考核：其他服务的事件按考核细则记入台账（分值以分计，\n"
    "一人受奖罚，其班组长、部门负责人按系数连带），月末结算冻结当月，计算个人、班组、部门、厂区的\n"
    "总分、排名和奖惩档次；申诉经安全员裁决；报表可导出 CSV 和 XLSX。月份按厂区所在时区计。\n",
    "Responsibility letters (一岗双责): each year, signed level by level (company - plant - department -\n"
    "team - member, department - its safety officer); coverage lists who has none signed. The monthly\n"
    "assessment (安全综合考核): other daemons' events become ledger entries under the rule set (points;\n"
    "a person's entry reaches their team leader and department head by a factor); closing a month\n"
    "freezes it and ranks every person, team, department and plant with their tiers; appeals are\n"
    "decided by a safety officer; reports export as CSV and XLSX. Months are in the plant's time zone.\n"
};

static const ctl_command_t s_kinds_command = {
    .name = "kinds", .options = s_no_options, .run = s_kinds,
    .summary = { "列出可计分的事件类型", "List the event kinds that can be scored" }
};
static const ctl_command_t s_rules_show_command = {
    .name = "show", .options = s_rules_show_options, .run = s_rules_show,
    .summary = { "查看考核细则", "Show a rule set" }
};
static const ctl_command_t s_rules_set_command = {
    .name = "set", .options = s_rules_set_options, .run = s_rules_set, .details = &s_rules_details,
    .summary = { "发布新版考核细则", "Make a new version of the rules" }
};
static const ctl_command_t *const s_rules_commands [] = { &s_rules_show_command, &s_rules_set_command, NULL };
static const ctl_command_t s_rules_command = {
    .name = "rules", .commands = s_rules_commands, .details = &s_rules_details,
    .summary = { "考核细则：分值、上下限、连带系数、奖惩档次", "The rules: points, caps, joint liability, tiers" }
};
static const ctl_command_t s_zone_command = {
    .name = "zone", .operand = "PLANT", .optional_operand = "TIME_ZONE", .options = s_zone_options, .run = s_zone,
    .summary = { "设置厂区考核月份所用的时区（如 Asia/Shanghai；已有结算月份后不可改）",
                 "Set the time zone a plant's months are counted in (e.g. Asia/Shanghai; not once a month closed)" }
};
static const ctl_command_t s_template_set_command = {
    .name = "set", .options = s_template_set_options, .run = s_template_set,
    .summary = { "设置某年某层级的责任书模板", "Set the template of a level for a year" }
};
static const ctl_command_t s_template_show_command = {
    .name = "show", .options = s_template_show_options, .run = s_template_show,
    .summary = { "查看责任书模板", "Show a template" }
};
static const ctl_command_t *const s_template_commands [] = { &s_template_set_command, &s_template_show_command, NULL };
static const ctl_command_t s_template_command = {
    .name = "template", .commands = s_template_commands,
    .summary = { "安全生产责任书模板（每年每层级一份）", "Letter templates (one per level and year)" }
};

static const ctl_command_t *const s_commands [] = {
    &s_kinds_command, &s_rules_command, &s_zone_command, &s_template_command, &ctl_score_letters_command,
    &ctl_score_letter_command, &ctl_score_coverage_command, &ctl_score_entries_command, &ctl_score_entry_command,
    &ctl_score_adjust_command, &ctl_score_appeal_command, &ctl_score_appeals_command, &ctl_score_month_command,
    &ctl_score_totals_command, &ctl_score_report_command, &ctl_score_export_command, NULL
};

const ctl_command_t ctl_score_command = {
    .name = "score",
    .summary = { "一岗双责责任书与安全综合考核：台账、连带、月度结算、排名与报表",
                 "Responsibility letters and the monthly safety assessment: ledger, joint liability, months, ranking, reports" },
    .commands = s_commands,
    .details = &s_group_details
};
