/*  safetyctl training exam: the exams of the training daemon: import a question bank from
    CSV, make and show a blueprint, start an attempt (the paper is printed), submit answers,
    read results and the questions most failed. The daemon draws, times and scores; the
    client never sees a key before the attempt is over, because the daemon never sends one. */
#include "ctl_training.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_import.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "training_exam.pb-c.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_imported = {
    "已导入 %s 到单位 %s 的题库：共 %d 行，新增 %d 题，修订 %d 题，未变 %d 题\n",
    "Imported %s into the bank of %s: %d rows, %d new, %d revised, %d unchanged\n"
};
static const sf_text_t s_msg_bad_part = {
    "无法识别的组成部分“%s”：写成 类别:题型:题数，如 must_know:single:5（题型 single、multiple、true_false 或 any）",
    "cannot read the part '%s': write category:type:count, e.g. must_know:single:5 (type single, multiple, true_false or any)"
};
static const sf_text_t s_msg_bad_answer = {
    "无法识别的答案“%s”：写成 题目编号=选项，如 Q-001=A;Q-002=A,C;Q-003=T",
    "cannot read the answer '%s': write CODE=OPTIONS, e.g. Q-001=A;Q-002=A,C;Q-003=T"
};
static const sf_text_t s_msg_blueprint = {
    "试卷方案 %s：%s（单位 %s，用途 %s）\n每份 %d 题，限时 %d 分钟，合格线 %d%%，每人最多 %d 次\n",
    "Blueprint %s: %s (unit %s, purpose %s)\n%d questions a paper, %d minutes, pass mark %d%%, at most %d attempts each\n"
};
static const sf_text_t s_msg_paper = {
    "考试 %lld · 方案 %s %s · 人员 %s · 第 %d/%d 次 · 合格线 %d%% · 截止 %s（北京时间）\n",
    "Attempt %lld · blueprint %s %s · person %s · attempt %d of %d · pass mark %d%% · deadline %s (Beijing time)\n"
};
static const sf_text_t s_msg_submit_hint = {
    "交卷：safetyctl training exam submit %lld --answers \"%s=…;…\"\n",
    "Submit: safetyctl training exam submit %lld --answers \"%s=…;…\"\n"
};
static const sf_text_t s_msg_result = {
    "考试 %lld · 方案 %s · 人员 %s · %s · 得分 %d%%（%d/%d，合格线 %d%%）· %s\n",
    "Attempt %lld · blueprint %s · person %s · %s · score %d%% (%d/%d, pass mark %d%%) · %s\n"
};
static const sf_text_t s_msg_stats = {
    "方案 %s：%d 次交卷，%d 次合格；错误率从高到低：\n",
    "Blueprint %s: %d attempts submitted, %d passed; questions most failed first:\n"
};
static const sf_text_t s_msg_passed = { "合格", "passed" };
static const sf_text_t s_msg_failed = { "不合格", "failed" };
static const sf_text_t s_msg_right = { "对", "right" };
static const sf_text_t s_msg_wrong = { "错", "wrong" };
static const sf_text_t s_header_parts = { "类别\t题型\t题数", "Category\tType\tCount" };
static const sf_text_t s_header_items = { "序号\t题目\t类别\t作答\t答案\t结果", "No.\tQuestion\tCategory\tGiven\tKey\tResult" };
static const sf_text_t s_header_results = {
    "考试\t方案\t人员\t第几次\t状态\t得分\t结果\t开始", "Attempt\tBlueprint\tPerson\tNo.\tStatus\tScore\tResult\tStarted"
};
static const sf_text_t s_header_stats = { "题目\t类别\t作答\t答错\t错误率\t题干", "Question\tCategory\tAsked\tWrong\tWrong %\tText" };

static const char *
s_type (const ctl_t *ctl, int type)
{
    static const char *const zh [] = { "任意", "单选", "多选", "判断" };
    static const char *const en [] = { "any", "single", "multiple", "true_false" };
    if (type < 0 || type > 3)
        type = 0;
    return ctl->lang == CTL_LANG_EN? en [type]: zh [type];
}

static const char *
s_status (const ctl_t *ctl, int status)
{
    static const char *const zh [] = { "-", "答题中", "已交卷", "已超时" };
    static const char *const en [] = { "-", "open", "submitted", "expired" };
    if (status < 0 || status > 3)
        status = 0;
    return ctl->lang == CTL_LANG_EN? en [status]: zh [status];
}

static char *
s_text (const ctl_args_t *args, const char *name)
{
    return sf_codec_wire (ctl_args_get (args, name));
}

//  A table header from the tab-separated titles of header.
static void
s_header (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *header)
{
    char *titles = strdup (ctl_text (ctl, header));
    char *save = NULL;
    for (char *cell = strtok_r (titles, "\t", &save); cell; cell = strtok_r (NULL, "\t", &save))
        ctl_table_add (table, cell);
    free (titles);
}

//  --------------------------------------------------------------------------------------
//  import

static void
s_import_summary (const ctl_t *ctl, const char *file_name, const ProtobufCMessage *message)
{
    const Training__ExamImportResult *result = (const Training__ExamImportResult *) message;
    ctl_print (ctl, stdout, &s_msg_imported, file_name, result->unit_code, result->rows, result->created,
               result->revised, result->unchanged);
}

static const ctl_import_t s_import_csv = {
    .daemon = "training", .request = &training__import_exam_questions__descriptor,
    .result = &training__exam_import_result__descriptor, .summary = s_import_summary
};

static int
s_import (const ctl_t *ctl, const ctl_args_t *args)
{
    return ctl_import_run (ctl, &s_import_csv, args->operand, ctl_args_get (args, "key"));
}

//  --------------------------------------------------------------------------------------
//  blueprint create, show

static void
s_print_blueprint (const ctl_t *ctl, const Training__ExamBlueprint *b)
{
    const char *title = ctl->lang == CTL_LANG_EN && *b->title_en? b->title_en: b->title;
    ctl_print (ctl, stdout, &s_msg_blueprint, b->code, title, b->unit_code, *b->purpose? b->purpose: "-",
               b->question_count, b->time_limit_minutes, b->pass_percent, b->attempt_limit);
    ctl_table_t *table = ctl_table_new (3);
    s_header (ctl, table, &s_header_parts);
    for (size_t i = 0; i < b->n_parts; i++) {
        ctl_table_add (table, b->parts [i]->category);
        ctl_table_add (table, s_type (ctl, b->parts [i]->type));
        ctl_table_addf (table, "%d", b->parts [i]->count);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  Reads "category:type:count,..." into the blueprint's parts. 0, or -1 with *bad the part.
static int
s_parse_parts (char *spec, Training__ExamBlueprint *b, const char **bad)
{
    char *save = NULL;
    for (char *part = strtok_r (spec, ",;", &save); part; part = strtok_r (NULL, ",;", &save)) {
        char category [64], type [32];
        int count, used = 0;
        *bad = part;
        if (sscanf (part, " %63[^:]:%31[^:]:%d %n", category, type, &count, &used) != 3 || part [used])
            return -1;
        int value = strcmp (type, "single") == 0? 1: strcmp (type, "multiple") == 0? 2
                  : strcmp (type, "true_false") == 0? 3: strcmp (type, "any") == 0? 0: -1;
        if (value < 0 || count <= 0)
            return -1;
        Training__ExamBlueprintPart *p = sf_pb_add (&b->parts, &b->n_parts, &training__exam_blueprint_part__descriptor);
        sf_pb_set (&p->category, category);
        p->type = (Training__QuestionType) value;
        p->count = count;
    }
    return 0;
}

static int
s_blueprint_create (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__ExamBlueprint *b = sf_pb_new (&training__exam_blueprint__descriptor);
    sf_pb_set (&b->code, ctl_args_get (args, "code"));
    sf_pb_set (&b->unit_code, ctl_args_get (args, "unit"));
    sf_pb_set (&b->title, ctl_args_get (args, "title"));
    sf_pb_set (&b->title_en, s_text (args, "title-en"));
    sf_pb_set (&b->purpose, s_text (args, "purpose"));
    b->time_limit_minutes = ctl_args_number (args, "minutes", 0);
    b->pass_percent = ctl_args_number (args, "pass", 0);
    b->attempt_limit = ctl_args_number (args, "attempts", 0);
    char *spec = strdup (ctl_args_get (args, "parts"));
    const char *bad = NULL;
    int rc = s_parse_parts (spec, b, &bad)? ctl_args_usage (ctl, args, &s_msg_bad_part, bad): CTL_EXIT_OK;
    if (rc == CTL_EXIT_OK) {
        Training__CreateExamBlueprint create = TRAINING__CREATE_EXAM_BLUEPRINT__INIT;
        create.blueprint = b;
        Training__ExamBlueprint *made;
        rc = ctl_daemon_show (ctl, "training", &create.base, ctl_args_get (args, "key"),
                              &training__exam_blueprint__descriptor, &made);
        if (made)
            s_print_blueprint (ctl, made);
        sf_pb_destroy (&made);
    }
    free (spec);
    sf_pb_destroy (&b);
    return rc;
}

static int
s_blueprint_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__GetExamBlueprint get = TRAINING__GET_EXAM_BLUEPRINT__INIT;
    get.code = (char *) args->operand;
    Training__ExamBlueprint *b;
    int rc = ctl_daemon_show (ctl, "training", &get.base, NULL, &training__exam_blueprint__descriptor, &b);
    if (b)
        s_print_blueprint (ctl, b);
    sf_pb_destroy (&b);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  start, paper, submit

static void
s_print_paper (const ctl_t *ctl, const Training__ExamPaper *paper)
{
    char deadline [32];
    ctl_beijing_time (paper->deadline_ms, deadline, sizeof deadline);
    const char *title = ctl->lang == CTL_LANG_EN && *paper->title_en? paper->title_en: paper->title;
    ctl_print (ctl, stdout, &s_msg_paper, (long long) paper->attempt_id, paper->blueprint_code, title,
               paper->employee_code, paper->attempt_number, paper->attempt_limit, paper->pass_percent, deadline);
    for (size_t i = 0; i < paper->n_questions; i++) {
        const Training__ExamPaperQuestion *q = paper->questions [i];
        const char *text = ctl->lang == CTL_LANG_EN && *q->text_en? q->text_en: q->text;
        printf ("\n%d. [%s] %s  %s\n", q->seq, s_type (ctl, q->type), q->code, text);
        for (size_t o = 0; o < q->n_options; o++)
            printf ("   %s. %s\n", q->options [o]->key, q->options [o]->text);
    }
    if (paper->n_questions) {
        printf ("\n");
        ctl_print (ctl, stdout, &s_msg_submit_hint, (long long) paper->attempt_id, paper->questions [0]->code);
    }
}

static int
s_start (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__StartExamAttempt start = TRAINING__START_EXAM_ATTEMPT__INIT;
    start.blueprint_code = (char *) args->operand;
    start.employee_code = s_text (args, "person");
    Training__ExamPaper *paper;
    int rc = ctl_daemon_show (ctl, "training", &start.base, ctl_args_get (args, "key"), &training__exam_paper__descriptor,
                              &paper);
    if (paper)
        s_print_paper (ctl, paper);
    sf_pb_destroy (&paper);
    return rc;
}

static int
s_paper (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__GetExamPaper get = TRAINING__GET_EXAM_PAPER__INIT;
    get.attempt_id = strtoll (args->operand, NULL, 10);
    Training__ExamPaper *paper;
    int rc = ctl_daemon_show (ctl, "training", &get.base, NULL, &training__exam_paper__descriptor, &paper);
    if (paper)
        s_print_paper (ctl, paper);
    sf_pb_destroy (&paper);
    return rc;
}

static void
s_print_result (const ctl_t *ctl, const Training__ExamResult *r)
{
    ctl_print (ctl, stdout, &s_msg_result, (long long) r->attempt_id, r->blueprint_code, r->employee_code,
               s_status (ctl, r->status), r->score_percent, r->correct, r->total, r->pass_percent,
               ctl_text (ctl, r->passed? &s_msg_passed: &s_msg_failed));
    if (!r->n_items)
        return;
    ctl_table_t *table = ctl_table_new (6);
    s_header (ctl, table, &s_header_items);
    for (size_t i = 0; i < r->n_items; i++) {
        const Training__ExamResultItem *item = r->items [i];
        ctl_table_addf (table, "%d", item->seq);
        ctl_table_add (table, item->question_code);
        ctl_table_add (table, item->category);
        ctl_table_add (table, *item->given? item->given: "-");
        ctl_table_add (table, *item->key? item->key: "-");
        ctl_table_add (table, r->status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_OPEN? "-"
                              : ctl_text (ctl, item->correct? &s_msg_right: &s_msg_wrong));
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  Reads "CODE=A;CODE=A,C CODE=T" into answers. 0, or -1 with *bad the pair that is not one.
static int
s_parse_answers (char *spec, Training__SubmitExamAnswers *submit, const char **bad)
{
    char *save = NULL;
    for (char *pair = strtok_r (spec, "; \t\n", &save); pair; pair = strtok_r (NULL, "; \t\n", &save)) {
        char *equals = strchr (pair, '=');
        *bad = pair;
        if (!equals || equals == pair || !equals [1])
            return -1;
        *equals = 0;
        Training__ExamAnswer *answer = sf_pb_add (&submit->answers, &submit->n_answers, &training__exam_answer__descriptor);
        sf_pb_set (&answer->question_code, pair);
        sf_pb_set (&answer->choice, equals + 1);
        *equals = '=';
    }
    return 0;
}

static int
s_submit (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__SubmitExamAnswers *submit = sf_pb_new (&training__submit_exam_answers__descriptor);
    submit->attempt_id = strtoll (args->operand, NULL, 10);
    char *spec = strdup (ctl_args_get (args, "answers"));
    const char *bad = NULL;
    int rc = s_parse_answers (spec, submit, &bad)? ctl_args_usage (ctl, args, &s_msg_bad_answer, bad): CTL_EXIT_OK;
    if (rc == CTL_EXIT_OK) {
        Training__ExamResult *result;
        rc = ctl_daemon_show (ctl, "training", &submit->base, ctl_args_get (args, "key"),
                              &training__exam_result__descriptor, &result);
        if (result)
            s_print_result (ctl, result);
        sf_pb_destroy (&result);
    }
    free (spec);
    sf_pb_destroy (&submit);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  results, stats

static int
s_results (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *attempt = ctl_args_get (args, "attempt");
    if (attempt) {
        Training__GetExamResult get = TRAINING__GET_EXAM_RESULT__INIT;
        get.attempt_id = strtoll (attempt, NULL, 10);
        Training__ExamResult *result;
        int rc = ctl_daemon_show (ctl, "training", &get.base, NULL, &training__exam_result__descriptor, &result);
        if (result)
            s_print_result (ctl, result);
        sf_pb_destroy (&result);
        return rc;
    }
    Training__ListExamResults query = TRAINING__LIST_EXAM_RESULTS__INIT;
    query.unit_code = s_text (args, "unit");
    query.employee_code = s_text (args, "person");
    query.blueprint_code = s_text (args, "blueprint");
    Training__ExamResultList *list;
    int rc = ctl_page_show (ctl, "training", &query.base, ctl_args_number (args, "page-size", 0),
                            &training__exam_result_list__descriptor, &list);
    if (list) {
        ctl_table_t *table = ctl_table_new (8);
        s_header (ctl, table, &s_header_results);
        for (size_t i = 0; i < list->n_results; i++) {
            const Training__ExamResult *r = list->results [i];
            char started [32];
            ctl_beijing_time (r->started_ms, started, sizeof started);
            ctl_table_addf (table, "%lld", (long long) r->attempt_id);
            ctl_table_add (table, r->blueprint_code);
            ctl_table_add (table, r->employee_code);
            ctl_table_addf (table, "%d", r->attempt_number);
            ctl_table_add (table, s_status (ctl, r->status));
            ctl_table_addf (table, "%d%%", r->score_percent);
            ctl_table_add (table, r->status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_OPEN? "-"
                                  : ctl_text (ctl, r->passed? &s_msg_passed: &s_msg_failed));
            ctl_table_add (table, started);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

static int
s_stats (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__GetExamQuestionStats query = TRAINING__GET_EXAM_QUESTION_STATS__INIT;
    query.blueprint_code = (char *) args->operand;
    Training__ExamQuestionStats *stats;
    int rc = ctl_page_show (ctl, "training", &query.base, ctl_args_number (args, "page-size", 0),
                            &training__exam_question_stats__descriptor, &stats);
    if (stats) {
        ctl_print (ctl, stdout, &s_msg_stats, stats->blueprint_code, stats->attempts, stats->passed);
        ctl_table_t *table = ctl_table_new (6);
        s_header (ctl, table, &s_header_stats);
        for (size_t i = 0; i < stats->n_questions; i++) {
            const Training__ExamQuestionStat *s = stats->questions [i];
            ctl_table_add (table, s->question_code);
            ctl_table_add (table, s->category);
            ctl_table_addf (table, "%d", s->asked);
            ctl_table_addf (table, "%d", s->wrong);
            ctl_table_addf (table, "%d.%d%%", s->wrong_permille / 10, s->wrong_permille % 10);
            ctl_table_add (table, s->text);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&stats);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  The table

static const ctl_option_t s_key_options [] = { CTL_OPTION_KEY, { NULL } };
static const ctl_option_t s_create_options [] = {
    { "code", CTL_TEXT, "CODE", true, { "方案编号", "blueprint code" } },
    { "unit", CTL_TEXT, "CODE", true, { "所属单位：其下人员参加该考试", "its unit: the people at or below it take it" } },
    { "title", CTL_TEXT, "TEXT", true, { "标题", "title" } },
    { "title-en", CTL_TEXT, "TEXT", false, { "英文标题", "English title" } },
    { "purpose", CTL_TEXT, "WORD", false, {
        "用途：onboarding.company、onboarding.department、onboarding.team、refresher",
        "purpose: onboarding.company, onboarding.department, onboarding.team, refresher" } },
    { "parts", CTL_TEXT, "PARTS", true, {
        "组成：类别:题型:题数，逗号分隔，如 must_know:single:5,emergency:true_false:3",
        "parts: category:type:count, comma-separated, e.g. must_know:single:5,emergency:true_false:3" } },
    { "minutes", CTL_NUMBER, "N", false, { "考试时长（分钟，默认按规则）", "time limit in minutes (default: the rule's)" } },
    { "pass", CTL_NUMBER, "PERCENT", false, { "合格分数线（%，默认按规则 80）", "pass mark in percent (default: the rule's, 80)" } },
    { "attempts", CTL_NUMBER, "N", false, { "每人考试次数上限（默认按规则）", "attempts per person (default: the rule's)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_start_options [] = {
    { "person", CTL_TEXT, "CODE", false, {
        "考试人员的员工编号（默认本人；为他人开始需班组长或安全管理角色）",
        "employee code of the person (default: yourself; another needs a team leader or safety role)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_submit_options [] = {
    { "answers", CTL_TEXT, "ANSWERS", true, {
        "答案：题目编号=选项，分号分隔，如 Q-001=A;Q-002=A,C;Q-003=T（未答的题算错）",
        "answers: CODE=OPTIONS separated by ';', e.g. Q-001=A;Q-002=A,C;Q-003=T (an unanswered question is wrong)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_results_options [] = {
    { "unit", CTL_TEXT, "CODE", false, { "单位（含其下级；默认您所在单位）", "unit, with those below (default: yours)" } },
    { "person", CTL_TEXT, "CODE", false, { "只看该人员的", "only this person's" } },
    { "blueprint", CTL_TEXT, "CODE", false, { "只看该方案的", "only this blueprint's" } },
    { "attempt", CTL_NUMBER, "ID", false, { "查看一次考试的逐题结果", "one attempt, question by question" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_stats_options [] = { CTL_OPTION_PAGE_SIZE, { NULL } };

static const sf_text_t s_import_details = {
    "表头：code,category,type,question,question_en,option_a,option_b,option_c,option_d,option_e,answer,explanation\n"
    "（或中文：编号,类别,题型,题干,英文题干,选项A,…,选项E,答案,解析）。题型 single/multiple/true_false\n"
    "（单选/多选/判断）；判断题不填选项，答案写 对/错（T/F）。导入到 --org 单位的题库（默认您的第一个授权单位）。\n"
    "任何一行有错则整个文件不导入，并列出每一处错误。\n",
    "Header: code,category,type,question,question_en,option_a,option_b,option_c,option_d,option_e,answer,explanation\n"
    "(or the Chinese names). Type single, multiple or true_false; a true/false question takes no options and the\n"
    "answer T or F. The bank is that of the --org unit (default: your first grant's). A file with any bad row\n"
    "imports nothing and every bad line is listed.\n"
};

static const ctl_command_t s_import_command = {
    .name = "import", .operand = "FILE", .options = s_key_options, .run = s_import,
    .summary = { "从 CSV 文件导入题库（全部或全不）", "Import questions from a CSV file, all or nothing" },
    .details = &s_import_details
};
static const ctl_command_t s_create_command = {
    .name = "create", .options = s_create_options, .run = s_blueprint_create,
    .summary = { "新建试卷方案", "Create a blueprint" }
};
static const ctl_command_t s_show_command = {
    .name = "show", .operand = "CODE", .run = s_blueprint_show,
    .summary = { "查看试卷方案", "Show a blueprint" }
};
static const ctl_command_t *const s_blueprint_commands [] = { &s_create_command, &s_show_command, NULL };
static const ctl_command_t s_blueprint_command = {
    .name = "blueprint", .commands = s_blueprint_commands,
    .summary = { "试卷方案：各类别题数、时长、合格线、次数", "Blueprints: questions per category, time, pass mark, attempts" }
};
static const ctl_command_t s_start_command = {
    .name = "start", .operand = "BLUEPRINT", .options = s_start_options, .run = s_start,
    .summary = { "开始考试，打印随机抽取的试卷", "Start an attempt and print the paper drawn for it" }
};
static const ctl_command_t s_paper_command = {
    .name = "paper", .operand = "ATTEMPT", .run = s_paper,
    .summary = { "再次打印一次考试的试卷", "Print an attempt's paper again" }
};
static const ctl_command_t s_submit_command = {
    .name = "submit", .operand = "ATTEMPT", .options = s_submit_options, .run = s_submit,
    .summary = { "交卷，由服务端评分", "Submit the answers, scored by the daemon" }
};
static const ctl_command_t s_results_command = {
    .name = "results", .options = s_results_options, .run = s_results,
    .summary = { "考试成绩：单位、人员或一次考试", "Results: of a unit, a person, or one attempt" }
};
static const ctl_command_t s_stats_command = {
    .name = "stats", .operand = "BLUEPRINT", .options = s_stats_options, .run = s_stats,
    .summary = { "试题统计：错误率最高的题目在前", "Question statistics: the most failed first" }
};

static const ctl_command_t *const s_commands [] = {
    &s_import_command, &s_blueprint_command, &s_start_command, &s_paper_command, &s_submit_command,
    &s_results_command, &s_stats_command, NULL
};

const ctl_command_t ctl_training_exam_command = {
    .name = "exam",
    .summary = { "考试：题库、试卷方案、随机组卷、限时答题与成绩", "Exams: question bank, blueprints, drawn papers, timed attempts, results" },
    .commands = s_commands
};
