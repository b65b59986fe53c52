/*  safetyctl lesson: the group, what its files share (ctl_lesson.h), and the authoring
    commands: the tags, the grade figures give (国务院令第493号), a lesson written by hand or
    made from an inspection finding or 三违 record, one lesson, and the list. Lists typed on the
    command line follow inspection's rule: codes comma-separated, texts separated by |.     */
#include "ctl_lesson.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "inspection_hazard_names.h"
#include "lesson_names.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_id = { "“%s”不是有效的编号（正整数）", "'%s' is not a valid id (a positive whole number)" };
static const sf_text_t s_msg_bad_figure = { "--%s 的值“%s”不是整数", "--%s '%s' is not a whole number" };
static const sf_text_t s_msg_bad_word = { "--%s 的值“%s”无效：可用 %s", "--%s '%s' is invalid: use %s" };

static const sf_text_t s_msg_grade = { "事故等级：%s\n", "Accident grade: %s\n" };
static const sf_text_t s_msg_grade_criterion = { "决定等级的指标：%s\n", "Decided by: %s\n" };
static const sf_text_t s_msg_grade_basis = { "依据：%s\n", "Basis: %s\n" };

static const sf_text_t s_msg_lesson = { "事故案例 %s（编号 %lld）：%s\n", "Lesson %s (id %lld): %s\n" };
//  The title in the other language, when there is an English one.
static const sf_text_t s_msg_title_other = { "英文标题：%s\n", "Title in Chinese: %s\n" };
static const sf_text_t s_msg_status = { "状态：%s\n", "Status: %s\n" };
static const sf_text_t s_msg_source = { "来源：%s%s%s\n", "Source: %s%s%s\n" };
static const sf_text_t s_msg_origin = { "由隐患排查记录 %s 生成\n", "Made from inspection's record %s\n" };
static const sf_text_t s_msg_occurred = { "发生：%s，地点：%s\n", "Occurred: %s, at: %s\n" };
static const sf_text_t s_msg_figures = {
    "死亡 %d 人，重伤 %d 人，直接经济损失 %lld 元\n",
    "%d deaths, %d serious injuries, direct economic loss %lld yuan\n"
};
static const sf_text_t s_msg_lesson_grade = { "事故等级：%s%s\n", "Accident grade: %s%s\n" };
static const sf_text_t s_msg_lesson_grade_by = { "（依据%s）", " (by %s)" };
static const sf_text_t s_msg_summary = { "事故经过：%s\n", "What happened: %s\n" };
static const sf_text_t s_msg_causes = { "原因分析：%s\n", "Causes: %s\n" };
static const sf_text_t s_msg_factors = { "涉及要素：%s\n", "Factors: %s\n" };
static const sf_text_t s_msg_tags = { "标签：%s\n", "Tags: %s\n" };
static const sf_text_t s_msg_actions = { "防范措施（自查清单）：\n", "Required actions (the self-check's checklist):\n" };
static const sf_text_t s_msg_action = { "  %zu. %s\n", "  %zu. %s\n" };
static const sf_text_t s_msg_scope = {
    "范围：%s（厂区 %s），自查报告期限：%s\n", "Scope: %s (plant %s), self-check report due by the end of %s\n"
};
static const sf_text_t s_msg_created = { "创建：%s，%s\n", "Created by %s, %s\n" };
static const sf_text_t s_msg_published = { "发布：%s，%s\n", "Published by %s, %s\n" };
static const sf_text_t s_msg_closed = { "关闭：%s\n", "Closed: %s\n" };
static const sf_text_t s_msg_no_lessons = { "没有符合条件的事故案例\n", "No lessons match\n" };

static const sf_text_t s_header_tags = { "代码\t名称\t事故类型（GB 6441）", "Code\tName\tAccident types (GB 6441)" };
static const sf_text_t s_header_lessons = {
    "编号\t案例号\t标题\t来源\t等级\t状态\t范围\t期限\t创建时间",
    "Id\tNumber\tTitle\tSource\tGrade\tStatus\tScope\tDue\tCreated"
};

static const struct { const char *code; sf_text_t name; } s_criteria [] = {
    { "deaths", { "死亡人数", "deaths" } },
    { "serious_injuries", { "重伤人数", "serious injuries" } },
    { "direct_loss_yuan", { "直接经济损失", "direct economic loss" } },
};

//  --------------------------------------------------------------------------------------
//  What the lesson files share

int
ctl_lesson_id (const ctl_t *ctl, const ctl_args_t *args, int64_t *id)
{
    const char *text = args->operand? args->operand: "";
    char *end;
    errno = 0;
    long long value = strtoll (text, &end, 10);
    if (*text < '0' || *text > '9' || *end || errno || value <= 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_id, text);
    *id = value;
    return CTL_EXIT_OK;
}

char **
ctl_lesson_split (const ctl_args_t *args, const char *name, char separator, size_t *count)
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

void
ctl_lesson_strings_free (char **strings, size_t count)
{
    for (size_t index = 0; strings && index < count; index++)
        free (strings [index]);
    free (strings);
}

void
ctl_lesson_date (int64_t ms, char *buffer, size_t size)
{
    if (ms <= 0) {
        snprintf (buffer, size, "-");
        return;
    }
    char time [32];
    ctl_beijing_time (ms, time, sizeof time);
    snprintf (buffer, size, "%.10s", time);
}

void
ctl_lesson_due (int64_t deadline_ms, char *buffer, size_t size)
{
    ctl_lesson_date (deadline_ms > 0? deadline_ms - 1: 0, buffer, size);
}

ctl_table_t *
ctl_lesson_table (const ctl_t *ctl, const sf_text_t *header)
{
    const char *titles = ctl_text (ctl, header);
    size_t columns = 1;
    for (const char *tab = strchr (titles, '\t'); tab; tab = strchr (tab + 1, '\t'))
        columns++;
    ctl_table_t *table = ctl_table_new (columns);
    char *copy = strdup (titles);
    for (char *save = NULL, *cell = strtok_r (copy, "\t", &save); cell; cell = strtok_r (NULL, "\t", &save))
        ctl_table_add (table, cell);
    free (copy);
    return table;
}

const char *
ctl_lesson_pick (const ctl_t *ctl, const char *zh, const char *en)
{
    return ctl->lang == CTL_LANG_EN && en && *en? en: zh? zh: "";
}

static const char *
s_or_dash (const char *text)
{
    return text && *text? text: "-";
}

//  The words of a criterion ("deaths" → 死亡人数); the code itself when it is not known.
static const char *
s_criterion (const ctl_t *ctl, const char *code)
{
    for (size_t i = 0; i < sizeof s_criteria / sizeof s_criteria [0]; i++)
        if (strcmp (code, s_criteria [i].code) == 0)
            return ctl_text (ctl, &s_criteria [i].name);
    return code;
}

//  The grade's name from the message (the daemon's table), else from lesson_names.
static const char *
s_grade_name (const ctl_t *ctl, const Lesson__Grade *grade)
{
    if (!grade)
        return "-";
    const char *name = ctl->lang == CTL_LANG_EN? grade->name_en: grade->name_zh;
    if (name && *name)
        return name;
    return ctl->lang == CTL_LANG_EN? lesson_grade_name_en (grade->grade): lesson_grade_name_zh (grade->grade);
}

static const char *
s_source_name (const ctl_t *ctl, int source)
{
    return ctl->lang == CTL_LANG_EN? lesson_source_name_en (source): lesson_source_name_zh (source);
}

static const char *
s_status_name (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? lesson_status_name_en (status): lesson_status_name_zh (status);
}

//  strings joined by sep into a new string ("-" for none). Caller frees.
static char *
s_join (char *const *strings, size_t count, const char *sep)
{
    size_t size = 2;
    for (size_t i = 0; i < count; i++)
        size += strlen (strings [i]) + strlen (sep);
    char *joined = calloc (1, size);
    if (!joined)
        abort ();
    for (size_t i = 0; i < count; i++) {
        if (i)
            strcat (joined, sep);
        strcat (joined, strings [i]);
    }
    if (!count)
        strcpy (joined, "-");
    return joined;
}

//  "人、机" / "man, machine"; "-" for none. Caller frees.
static char *
s_factors_text (const ctl_t *ctl, const Lesson__LessonInput *input)
{
    bool english = ctl->lang == CTL_LANG_EN;
    char *text = calloc (1, input->n_factors * 16 + 2);
    if (!text)
        abort ();
    for (size_t i = 0; i < input->n_factors; i++) {
        const char *word = english? inspection_hazard_factor_en (input->factors [i]):
                                    inspection_hazard_factor_zh (input->factors [i]);
        if (i)
            strcat (text, english? ", ": "、");
        strcat (text, *word? word: "?");
    }
    if (!input->n_factors)
        strcpy (text, "-");
    return text;
}

void
ctl_lesson_print (const ctl_t *ctl, const Lesson__Lesson *lesson)
{
    static const Lesson__LessonInput none = LESSON__LESSON_INPUT__INIT;
    const Lesson__LessonInput *input = lesson->input? lesson->input: &none;
    ctl_print (ctl, stdout, &s_msg_lesson, s_or_dash (lesson->number), (long long) lesson->id,
               ctl_lesson_pick (ctl, input->title_zh, input->title_en));
    if (*input->title_en)
        ctl_print (ctl, stdout, &s_msg_title_other, ctl->lang == CTL_LANG_EN? input->title_zh: input->title_en);
    ctl_print (ctl, stdout, &s_msg_status, s_status_name (ctl, lesson->status));
    ctl_print (ctl, stdout, &s_msg_source, s_source_name (ctl, input->source), *input->source_ref? " ": "",
               input->source_ref);
    if (*lesson->origin_number)
        ctl_print (ctl, stdout, &s_msg_origin, lesson->origin_number);
    ctl_print (ctl, stdout, &s_msg_occurred, s_or_dash (input->occurred_on), s_or_dash (input->place));
    ctl_print (ctl, stdout, &s_msg_figures, (int) input->deaths, (int) input->serious_injuries,
               (long long) input->direct_loss_yuan);
    char *by = lesson->grade && *lesson->grade->criterion?
               ctl_format (ctl, &s_msg_lesson_grade_by, s_criterion (ctl, lesson->grade->criterion)): strdup ("");
    ctl_print (ctl, stdout, &s_msg_lesson_grade, s_grade_name (ctl, lesson->grade), by);
    free (by);
    ctl_print (ctl, stdout, &s_msg_summary, input->summary);
    if (*input->causes)
        ctl_print (ctl, stdout, &s_msg_causes, input->causes);
    char *factors = s_factors_text (ctl, input);
    ctl_print (ctl, stdout, &s_msg_factors, factors);
    free (factors);
    char *joined = s_join (input->tags, input->n_tags, ", ");
    ctl_print (ctl, stdout, &s_msg_tags, joined);
    free (joined);
    ctl_print (ctl, stdout, &s_msg_actions);
    for (size_t i = 0; i < input->n_actions; i++)
        ctl_print (ctl, stdout, &s_msg_action, i + 1, input->actions [i]);
    char deadline [32];
    ctl_lesson_due (lesson->deadline_ms, deadline, sizeof deadline);
    ctl_print (ctl, stdout, &s_msg_scope, s_or_dash (input->scope_unit), s_or_dash (lesson->plant_code),
               *input->deadline_on? input->deadline_on: deadline);
    char when [32];
    ctl_beijing_time (lesson->created_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_created, s_or_dash (lesson->created_by), when);
    if (lesson->published_ms) {
        ctl_beijing_time (lesson->published_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_published, s_or_dash (lesson->published_by), when);
    }
    if (lesson->closed_ms) {
        ctl_beijing_time (lesson->closed_ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_closed, when);
    }
}

//  Sends request (a write with the --key given, when the command has one) and shows the
//  lesson it answers with.
static int
s_lesson_call (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request, const char *key)
{
    (void) args;
    Lesson__Lesson *lesson;
    int rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, request, key, &lesson__lesson__descriptor, &lesson);
    if (lesson)
        ctl_lesson_print (ctl, lesson);
    sf_pb_destroy (&lesson);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  tags, grade

static int
s_tags (const ctl_t *ctl, const ctl_args_t *args)
{
    (void) args;
    Lesson__ListTags request = LESSON__LIST_TAGS__INIT;
    Lesson__TagList *list;
    int rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, &request.base, NULL, &lesson__tag_list__descriptor, &list);
    if (list) {
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_tags);
        for (size_t i = 0; i < list->n_tags; i++) {
            const Lesson__Tag *tag = list->tags [i];
            ctl_table_add (table, tag->code);
            ctl_table_add (table, ctl_lesson_pick (ctl, tag->name_zh, tag->name_en));
            char *types = s_join (tag->accident_types, tag->n_accident_types, ", ");
            ctl_table_add (table, types);
            free (types);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

//  Option name as a whole number (negative ones too: the daemon says why a figure cannot be
//  an accident's) into *value, 0 when not given. CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_figure (const ctl_t *ctl, const ctl_args_t *args, const char *name, int64_t max, int64_t *value)
{
    const char *text = ctl_args_get (args, name);
    *value = 0;
    if (!text)
        return CTL_EXIT_OK;
    const char *digits = *text == '-'? text + 1: text;
    char *end;
    errno = 0;
    long long number = strtoll (text, &end, 10);
    if (*digits < '0' || *digits > '9' || *end || errno || number > max || number < -max)
        return ctl_args_usage (ctl, args, &s_msg_bad_figure, name, text);
    *value = number;
    return CTL_EXIT_OK;
}

//  --deaths, --injuries and --loss into the three figures. CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_figures (const ctl_t *ctl, const ctl_args_t *args, int32_t *deaths, int32_t *injuries, int64_t *loss)
{
    int64_t value;
    int rc = s_figure (ctl, args, "deaths", INT32_MAX, &value);
    *deaths = (int32_t) value;
    if (!rc)
        rc = s_figure (ctl, args, "injuries", INT32_MAX, &value);
    *injuries = (int32_t) value;
    if (!rc)
        rc = s_figure (ctl, args, "loss", INT64_MAX, loss);
    return rc;
}

static int
s_grade (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__GradeAccident request = LESSON__GRADE_ACCIDENT__INIT;
    int rc = s_figures (ctl, args, &request.deaths, &request.serious_injuries, &request.direct_loss_yuan);
    if (rc)
        return rc;
    Lesson__Grade *grade;
    rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, &request.base, NULL, &lesson__grade__descriptor, &grade);
    if (grade) {
        ctl_print (ctl, stdout, &s_msg_grade, s_grade_name (ctl, grade));
        if (*grade->criterion)
            ctl_print (ctl, stdout, &s_msg_grade_criterion, s_criterion (ctl, grade->criterion));
        if (*grade->basis)
            ctl_print (ctl, stdout, &s_msg_grade_basis, grade->basis);
    }
    sf_pb_destroy (&grade);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  create, from

//  --factor "人,机" into the input's factors. CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_factors (const ctl_t *ctl, const ctl_args_t *args, Lesson__LessonInput *input)
{
    size_t count;
    char **words = ctl_lesson_split (args, "factor", ',', &count);
    int rc = CTL_EXIT_OK;
    input->factors = calloc (count + 1, sizeof *input->factors);
    for (size_t i = 0; i < count && !rc; i++) {
        Inspection__Factor factor = inspection_hazard_factor_parse (words [i]);
        if (factor)
            input->factors [input->n_factors++] = factor;
        else
            rc = ctl_args_usage (ctl, args, &s_msg_bad_word, "factor", words [i],
                                 "man|machine|material|method|environment|人|机|料|法|环");
    }
    ctl_lesson_strings_free (words, count);
    return rc;
}

static int
s_create (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__CreateLesson *request = sf_pb_new (&lesson__create_lesson__descriptor);
    Lesson__LessonInput *input = request->lesson = sf_pb_new (&lesson__lesson_input__descriptor);
    const char *source = ctl_args_get (args, "source");
    int rc = CTL_EXIT_OK;
    if (!(input->source = lesson_source_parse (source)))
        rc = ctl_args_usage (ctl, args, &s_msg_bad_word, "source", source,
                             "national|industry|superior|news|internal|国家通报|行业通报|上级单位通报|新闻报道|内部典型问题");
    if (!rc)
        rc = s_figures (ctl, args, &input->deaths, &input->serious_injuries, &input->direct_loss_yuan);
    if (!rc)
        rc = s_factors (ctl, args, input);
    if (!rc) {
        sf_pb_set (&input->title_zh, ctl_args_get (args, "title"));
        sf_pb_set (&input->summary, ctl_args_get (args, "summary"));
        sf_pb_set (&input->source_ref, ctl_args_get (args, "ref"));
        sf_pb_set (&input->occurred_on, ctl_args_get (args, "date"));
        sf_pb_set (&input->place, ctl_args_get (args, "place"));
        sf_pb_set (&input->causes, ctl_args_get (args, "causes"));
        sf_pb_set (&input->deadline_on, ctl_args_get (args, "deadline"));
        sf_pb_set (&input->scope_unit, ctl_args_get (args, "scope"));
        input->tags = ctl_lesson_split (args, "tag", ',', &input->n_tags);
        input->actions = ctl_lesson_split (args, "action", '|', &input->n_actions);
        rc = s_lesson_call (ctl, args, &request->base, ctl_args_get (args, "key"));
    }
    sf_pb_destroy (&request);
    return rc;
}

static int
s_from (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__CreateLessonFromInspection *request = sf_pb_new (&lesson__create_lesson_from_inspection__descriptor);
    sf_pb_set (&request->number, args->operand);
    sf_pb_set (&request->title_zh, ctl_args_get (args, "title"));
    sf_pb_set (&request->title_en, ctl_args_get (args, "title-en"));
    sf_pb_set (&request->deadline_on, ctl_args_get (args, "deadline"));
    sf_pb_set (&request->scope_unit, ctl_args_get (args, "scope"));
    request->tags = ctl_lesson_split (args, "tag", ',', &request->n_tags);
    request->actions = ctl_lesson_split (args, "action", '|', &request->n_actions);
    int rc = s_lesson_call (ctl, args, &request->base, ctl_args_get (args, "key"));
    sf_pb_destroy (&request);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  show, list

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__GetLesson request = LESSON__GET_LESSON__INIT;
    int rc = ctl_lesson_id (ctl, args, &request.id);
    return rc? rc: s_lesson_call (ctl, args, &request.base, NULL);
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__ListLessons request = LESSON__LIST_LESSONS__INIT;
    const char *status = ctl_args_get (args, "status");
    if (status && !(request.status = lesson_status_parse (status)))
        return ctl_args_usage (ctl, args, &s_msg_bad_word, "status", status, "draft|published|closed|草稿|已发布|已关闭");
    request.unit_code = sf_codec_wire (ctl_args_get (args, "unit"));
    Lesson__LessonList *list;
    int rc = ctl_page_show (ctl, CTL_LESSON_DAEMON, &request.base, ctl_args_number (args, "page-size", 0),
                            &lesson__lesson_list__descriptor, &list);
    if (list && list->n_lessons == 0)
        ctl_print (ctl, stdout, &s_msg_no_lessons);
    else
    if (list) {
        static const Lesson__LessonInput none = LESSON__LESSON_INPUT__INIT;
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_lessons);
        for (size_t i = 0; i < list->n_lessons; i++) {
            const Lesson__Lesson *lesson = list->lessons [i];
            const Lesson__LessonInput *input = lesson->input? lesson->input: &none;
            char created [32];
            ctl_beijing_time (lesson->created_ms, created, sizeof created);
            ctl_table_addf (table, "%lld", (long long) lesson->id);
            ctl_table_add (table, s_or_dash (lesson->number));
            ctl_table_add (table, ctl_lesson_pick (ctl, input->title_zh, input->title_en));
            ctl_table_add (table, s_source_name (ctl, input->source));
            ctl_table_add (table, s_grade_name (ctl, lesson->grade));
            ctl_table_add (table, s_status_name (ctl, lesson->status));
            ctl_table_add (table, s_or_dash (input->scope_unit));
            ctl_table_add (table, s_or_dash (input->deadline_on));
            ctl_table_add (table, created);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

static const ctl_option_t s_no_options [] = {
    { NULL }
};
static const ctl_option_t s_grade_options [] = {
    { "deaths", CTL_TEXT, "N", false, { "死亡人数（默认 0）", "deaths (default 0)" } },
    { "injuries", CTL_TEXT, "N", false, { "重伤人数，含急性工业中毒（默认 0）",
                                         "serious injuries, acute industrial poisoning included (default 0)" } },
    { "loss", CTL_TEXT, "YUAN", false, { "直接经济损失，元（默认 0）", "direct economic loss in yuan (default 0)" } },
    { NULL }
};
static const ctl_option_t s_create_options [] = {
    { "title", CTL_TEXT, "TEXT", true, { "标题（1 至 200 字）", "title, in Chinese (1 to 200 characters)" } },
    { "summary", CTL_TEXT, "TEXT", true, { "事故经过（1 至 4000 字）", "what happened (1 to 4000 characters)" } },
    { "source", CTL_TEXT, "SOURCE", true, {
        "来源：national（国家通报）、industry（行业通报）、superior（上级单位通报）、news（新闻报道）或 internal（内部典型问题）",
        "where it comes from: national, industry, superior (a superior unit's bulletin), news or internal" } },
    { "ref", CTL_TEXT, "TEXT", false, { "通报文号、链接或记录编号", "bulletin number, link or record number" } },
    { "date", CTL_TEXT, "DATE", false, { "事故发生日期 YYYY-MM-DD（不晚于今天）", "the accident's date, YYYY-MM-DD (not in the future)" } },
    { "place", CTL_TEXT, "TEXT", false, { "发生地点", "where it happened" } },
    { "deaths", CTL_TEXT, "N", false, { "死亡人数（默认 0）", "deaths (default 0)" } },
    { "injuries", CTL_TEXT, "N", false, { "重伤人数（默认 0）", "serious injuries (default 0)" } },
    { "loss", CTL_TEXT, "YUAN", false, { "直接经济损失，元（默认 0）", "direct economic loss in yuan (default 0)" } },
    { "causes", CTL_TEXT, "TEXT", false, { "原因分析", "causes" } },
    { "factor", CTL_TEXT, "F,F", false, {
        "涉及的要素（人机料法环），逗号分隔，如 人,机 或 man,machine；给出时只匹配这些要素的危险源",
        "factors involved (man, machine, material, method, environment), comma-separated; matching then "
        "keeps hazards of these factors" } },
    { "tag", CTL_TEXT, "TAG,TAG", true, { "标签（见 lesson tags），逗号分隔，如 lifting", "tags (see lesson tags), comma-separated, e.g. lifting" } },
    { "action", CTL_TEXT, "TEXT|TEXT", true, {
        "防范措施（自查清单的检查项），多项用 | 分隔", "required actions (the self-check's items), separated by |" } },
    { "deadline", CTL_TEXT, "DATE", false, { "自查报告期限 YYYY-MM-DD（默认发布后 15 日）",
                                             "the report is due by this day, YYYY-MM-DD (default: 15 days after publishing)" } },
    { "scope", CTL_TEXT, "UNIT", false, { "可下达的范围（单位编码；默认为您的单位）",
                                          "the units it may reach lie at or below this one (default: yours)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_from_options [] = {
    { "tag", CTL_TEXT, "TAG,TAG", true, { "标签（见 lesson tags），逗号分隔", "tags (see lesson tags), comma-separated" } },
    { "action", CTL_TEXT, "TEXT|TEXT", false, { "防范措施，多项用 | 分隔（默认由描述生成一项）",
                                                "required actions, separated by | (default: one made from the description)" } },
    { "title", CTL_TEXT, "TEXT", false, { "标题（默认取描述的前 60 字）", "title (default: the first 60 characters of the description)" } },
    { "title-en", CTL_TEXT, "TEXT", false, { "英文标题", "title in English" } },
    { "deadline", CTL_TEXT, "DATE", false, { "自查报告期限 YYYY-MM-DD", "the report is due by this day, YYYY-MM-DD" } },
    { "scope", CTL_TEXT, "UNIT", false, { "可下达的范围（默认为您的单位）", "the units it may reach lie at or below this one (default: yours)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_list_options [] = {
    { "unit", CTL_TEXT, "UNIT", false, { "单位：可下达到它的和它下级的案例（默认为您的单位）",
                                         "unit: lessons that may reach it and those below it (default: yours)" } },
    { "status", CTL_TEXT, "STATUS", false, { "只列此状态：draft（草稿）、published（已发布）或 closed（已关闭）",
                                             "only this status: draft, published or closed" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_create_details = {
    "事故等级按国务院令第493号第三条由死亡、重伤和直接经济损失计算（见 lesson grade）。\n"
    "新建的案例是草稿：用 lesson preview 查看会下达到哪些单位及原因，再用 lesson publish 发布。\n",
    "The accident grade is computed from deaths, serious injuries and direct loss by State Council\n"
    "Decree No. 493, Art. 3 (see lesson grade). A new lesson is a draft: lesson preview shows which\n"
    "units it would reach and why, lesson publish publishes it.\n"
};
static const sf_text_t s_from_details = {
    "NUMBER 是隐患排查中的隐患编号（…-F…）或三违记录编号（…-V…）：描述、地点、日期、要素和单位\n"
    "取自隐患排查，不必重新录入；来源为内部典型问题。\n",
    "NUMBER is an inspection finding (…-F…) or 三违 record (…-V…): its description, place, date,\n"
    "factor and unit are read from inspection, not typed again; the source is internal.\n"
};
static const sf_text_t s_group_details = {
    "事故举一反三：一起事故（国家、行业、上级通报，新闻，或内部典型问题）成为事故案例；发布后，每个\n"
    "相关单位收到一项任务：签收 → 专项自查（隐患排查中的专项检查任务）→ 报告 → 自查隐患整改完毕后关闭。\n"
    "代码列表用逗号分隔，文字列表用 | 分隔；日期为 YYYY-MM-DD，显示的时间为北京时间。\n",
    "Lessons from accidents: an accident (a national, industry or superior bulletin, the news, or an\n"
    "internal typical problem) becomes a lesson; publishing it gives each unit it concerns an\n"
    "assignment: acknowledge → self-check (a special check task in inspection) → report → closed once\n"
    "the self-check's findings are rectified. Lists of codes are comma-separated, lists of texts\n"
    "separated by |; dates are YYYY-MM-DD, times shown are Beijing time.\n"
};

#define S_LEAF(var, word, opnd, opts, fn, zh, en) \
    static const ctl_command_t var = { .name = word, .operand = opnd, .options = opts, .run = fn, \
                                       .summary = { zh, en } }
S_LEAF (s_tags_command, "tags", NULL, s_no_options, s_tags, "列出标签（起重吊装、有限空间……）及其匹配的事故类型",
        "List the tags (lifting, confined space …) and the accident types they match");
S_LEAF (s_grade_command, "grade", NULL, s_grade_options, s_grade, "按国务院令第493号计算事故等级",
        "The accident grade figures give (State Council Decree No. 493)");
S_LEAF (s_show_command, "show", "ID", s_no_options, s_show, "查看事故案例", "Show a lesson");
S_LEAF (s_list_command, "list", NULL, s_list_options, s_list, "列出事故案例", "List lessons");
static const ctl_command_t s_create_command = {
    .name = "create", .options = s_create_options, .run = s_create, .details = &s_create_details,
    .summary = { "录入事故案例（草稿）", "Write a lesson (a draft)" }
};
static const ctl_command_t s_from_command = {
    .name = "from", .operand = "NUMBER", .options = s_from_options, .run = s_from, .details = &s_from_details,
    .summary = { "把典型隐患或三违记录生成事故案例（草稿）", "Make a lesson (a draft) of a typical finding or 三违 record" }
};

static const ctl_command_t *const s_commands [] = {
    &s_tags_command, &s_grade_command, &s_create_command, &s_from_command, &s_show_command, &s_list_command,
    &ctl_lesson_preview_command, &ctl_lesson_publish_command, &ctl_lesson_assignments_command,
    &ctl_lesson_history_command, &ctl_lesson_assignment_command, &ctl_lesson_ack_command,
    &ctl_lesson_report_command, &ctl_lesson_progress_command, NULL
};

const ctl_command_t ctl_lesson_command = {
    .name = "lesson",
    .summary = { "事故举一反三：事故案例、下达单位、专项自查与整改闭环",
                 "Lessons from accidents: lessons, the units they reach, self-checks and their close" },
    .commands = s_commands,
    .details = &s_group_details
};
