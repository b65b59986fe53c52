/*  training_exam_bank: training.ImportExamQuestions. Every row of the file is read and
    checked first (sf_csv gathers what is wrong, line by line); a file with any error stores
    nothing and tells every bad line. A clean file gives each new code version 1 and each
    changed question a new version; a row equal to the question's current version changes
    nothing. Versions are never deleted: a paper names the version it drew.                 */
#include "training_text.h"
#include "training_exam.h"
#include "sf_clock.h"
#include "sf_csv.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_CODE, S_CATEGORY, S_TYPE, S_QUESTION, S_QUESTION_EN, S_OPTION_A, S_OPTION_B, S_OPTION_C, S_OPTION_D,
    S_OPTION_E, S_ANSWER, S_EXPLANATION, S_COLUMNS
};

static const sf_csv_column_t s_columns [S_COLUMNS] = {
    { "code", "编号" }, { "category", "类别" }, { "type", "题型" }, { "question", "题干" },
    { "question_en", "英文题干" }, { "option_a", "选项A" }, { "option_b", "选项B" }, { "option_c", "选项C" },
    { "option_d", "选项D" }, { "option_e", "选项E" }, { "answer", "答案" }, { "explanation", "解析" }
};

//  The current row's value of column.
static const char *
s_field (sf_csv_t *csv, size_t column)
{
    size_t size;
    return sf_csv_field (csv, column, &size);
}

//  One readable row, kept until the file is known clean.
typedef struct {
    int line;
    Training__Question *question;
    Training__Question *current;     //  the bank's current version, NULL for a new code
} s_row_t;

//  The question of the current row; NULL after adding the row's errors to csv.
static Training__Question *
s_read_row (sf_csv_t *csv, const char *unit)
{
    int line = sf_csv_line (csv);
    Training__Question *q = sf_pb_new (&training__question__descriptor);
    q->code = sf_csv_field_copy (csv, S_CODE);
    q->category = sf_csv_field_copy (csv, S_CATEGORY);
    q->text = sf_csv_field_copy (csv, S_QUESTION);
    q->text_en = sf_csv_field_copy (csv, S_QUESTION_EN);
    q->explanation = sf_csv_field_copy (csv, S_EXPLANATION);
    sf_pb_set (&q->owner_unit, unit);
    bool bad = false;
    if (!exam_code_valid (q->code)) {
        char *shown = sf_csv_shown (q->code, strlen (q->code));
        sf_csv_add_error (csv, line, &EXAM_MSG_CSV_BAD_CODE, shown);
        free (shown);
        bad = true;
    }
    const char *type_text = s_field (csv, S_TYPE);
    q->type = exam_type_parse (type_text);
    if (!q->type) {
        char *shown = sf_csv_shown (type_text, strlen (type_text));
        sf_csv_add_error (csv, line, &EXAM_MSG_CSV_BAD_TYPE, shown);
        free (shown);
        sf_pb_destroy (&q);
        return NULL;
    }
    int last = -1;
    for (int i = 0; i < EXAM_OPTIONS_MAX; i++)
        if (*s_field (csv, S_OPTION_A + i))
            last = i;
    static const char *const keys [EXAM_OPTIONS_MAX] = { "A", "B", "C", "D", "E" };
    if (q->type == TRAINING__QUESTION_TYPE__QUESTION_TRUE_FALSE) {
        if (last >= 0) {
            sf_csv_add_error (csv, line, &EXAM_MSG_Q_TF_OPTIONS);
            bad = true;
        }
        const char *texts [2] = { EXAM_TRUE_TEXT, EXAM_FALSE_TEXT };
        for (int i = 0; i < 2; i++) {
            Training__QuestionOption *option = sf_pb_add (&q->options, &q->n_options,
                                                          &training__question_option__descriptor);
            sf_pb_set (&option->key, keys [i]);
            sf_pb_set (&option->text, texts [i]);
        }
    }
    else
        for (int i = 0; i <= last; i++) {
            Training__QuestionOption *option = sf_pb_add (&q->options, &q->n_options,
                                                          &training__question_option__descriptor);
            sf_pb_set (&option->key, keys [i]);
            option->text = sf_csv_field_copy (csv, S_OPTION_A + i);
        }
    const char *answer = s_field (csv, S_ANSWER);
    char key [EXAM_OPTIONS_MAX + 1];
    if (exam_choice_parse (answer, q->type, (int) q->n_options, key)) {
        char *shown = sf_csv_shown (answer, strlen (answer));
        sf_csv_add_error (csv, line, &EXAM_MSG_CSV_BAD_ANSWER, shown);
        free (shown);
        bad = true;
    }
    else {
        sf_pb_set (&q->answer, key);
        const char *arg;
        const sf_text_t *problem = exam_question_check (q, &arg);
        if (problem) {
            sf_csv_add_error (csv, line, problem, arg);
            bad = true;
        }
    }
    if (bad)
        sf_pb_destroy (&q);
    return q;
}

//  Checks what only the database knows of a readable row: its category, and that its code is
//  new or already in this unit's bank (then row->current is that version). 0, or -1 on a
//  database error (the call failed).
static int
s_check_stored (sf_call_t *call, sf_csv_t *csv, s_row_t *row, const char *unit)
{
    Training__Question *q = row->question;
    int known = exam_store_category_known (call->db, q->category);
    int found = known < 0? -1: exam_store_question (call->db, q->code, true, &row->current);
    if (known < 0 || found < 0) {
        sf_call_fail_db (call, "checking a question of the file");
        return -1;
    }
    if (!known) {
        char *shown = sf_csv_shown (q->category, strlen (q->category));
        sf_csv_add_error (csv, row->line, &EXAM_MSG_CSV_BAD_CATEGORY, shown);
        free (shown);
    }
    if (found && strcmp (row->current->owner_unit, unit) != 0)
        sf_csv_add_error (csv, row->line, &EXAM_MSG_CSV_TAKEN, q->code);
    return 0;
}

//  Stores the rows that change the bank and tells each by an event. 0, or -1 (call failed).
static int
s_store (sf_call_t *call, s_row_t *rows, size_t count, const char *plant, Training__ExamImportResult *result)
{
    const char *actor = training_actor (call);
    int64_t now = sf_clock_now_ms ();
    for (size_t i = 0; i < count; i++) {
        Training__Question *q = rows [i].question;
        if (rows [i].current && exam_question_same (q, rows [i].current)) {
            result->unchanged++;
            continue;
        }
        q->version = rows [i].current? rows [i].current->version + 1: 1;
        if (exam_store_question_write (call->db, q, actor, now)) {
            sf_call_fail_db (call, "storing a question");
            return -1;
        }
        if (rows [i].current)
            result->revised++;
        else
            result->created++;
        //  The stream never carries a key.
        char *answer = q->answer;
        q->answer = (char *) "";
        int rc = exam_emit (call, "training.exam_question_imported", "exam_question", q->code, q->version, plant,
                            &q->base);
        q->answer = answer;
        if (rc)
            return -1;
    }
    return 0;
}

//  The bank's unit: known, active, neither post nor person. 0, or -1 with the call failed.
static int
s_bank_unit (sf_call_t *call, const char *code, sf_org_node_t *node)
{
    int found = sf_org_find (call->db, code, node);
    if (found < 0)
        sf_call_fail_db (call, "looking up a unit");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_UNIT_UNKNOWN, code);
    else
    if (!node->active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_UNIT_INACTIVE, code);
    else
    if (node->kind == SF_ORG_POST || node->kind == SF_ORG_EMPLOYEE)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_UNIT_KIND, code);
    return found == 1 && node->active && node->kind != SF_ORG_POST && node->kind != SF_ORG_EMPLOYEE? 0: -1;
}

void
exam_import_questions (sf_call_t *call)
{
    const Training__ImportExamQuestions *request = SF_CALL_BODY (call, Training__ImportExamQuestions);
    const char *unit = *request->unit_code? request->unit_code: call->request->actor.org_node;
    sf_org_node_t node;
    if (s_bank_unit (call, unit? unit: "", &node))
        return;
    char *file_name = *request->file_name? sf_csv_shown (request->file_name, strlen (request->file_name))
                                         : strdup ("(csv)");
    sf_csv_t *csv = sf_csv_new ((const char *) request->csv.data, request->csv.len, s_columns, S_COLUMNS,
                                EXAM_IMPORT_MAX_BYTES, EXAM_IMPORT_MAX_ROWS);
    s_row_t *rows = NULL;
    size_t count = 0;
    int rc = 0;
    zhashx_t *lines = zhashx_new ();      //  code -> first line, for duplicates in the file
    Training__ExamImportResult *result = sf_pb_new (&training__exam_import_result__descriptor);
    sf_pb_set (&result->unit_code, unit);
    while (rc == 0 && sf_csv_next (csv)) {
        result->rows++;
        int line = sf_csv_line (csv);
        const char *code = s_field (csv, S_CODE);
        void *first = zhashx_lookup (lines, code);
        if (first) {
            char *shown = sf_csv_shown (code, strlen (code));
            sf_csv_add_error (csv, line, &EXAM_MSG_CSV_DUPLICATE, shown, (int) (intptr_t) first);
            free (shown);
            continue;
        }
        if (*code)
            zhashx_insert (lines, code, (void *) (intptr_t) line);
        Training__Question *q = s_read_row (csv, unit);
        if (!q)
            continue;
        rows = realloc (rows, (count + 1) * sizeof *rows);
        assert (rows);
        rows [count] = (s_row_t) { .line = line, .question = q };
        rc = s_check_stored (call, csv, &rows [count], unit);
        count++;
    }
    if (rc == 0) {
        for (size_t i = 0; i < sf_csv_error_count (csv); i++) {
            const sf_csv_error_t *error = sf_csv_error (csv, i);
            Training__ExamImportError *wire = sf_pb_add (&result->errors, &result->n_errors,
                                                         &training__exam_import_error__descriptor);
            wire->line = error->line;
            sf_pb_set (&wire->zh, error->zh);
            sf_pb_set (&wire->en, error->en);
        }
        if (result->n_errors == 0)
            rc = s_store (call, rows, count, node.plant_code, result);
    }
    if (rc == 0) {
        //  A refused file's reply still carries every error.
        sf_call_reply (call, &result->base);
        if (result->n_errors)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_IMPORT_FAILED, file_name, (int) result->n_errors);
        else
            sf_log (SF_LOG_INFO, &call->log, "questions imported into %s from %s: %d new, %d revised, %d unchanged",
                    unit, file_name, result->created, result->revised, result->unchanged);
    }
    for (size_t i = 0; i < count; i++) {
        sf_pb_destroy (&rows [i].question);
        sf_pb_destroy (&rows [i].current);
    }
    free (rows);
    zhashx_destroy (&lines);
    sf_pb_destroy (&result);
    sf_csv_destroy (&csv);
    free (file_name);
}
