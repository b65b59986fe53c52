/*  training_exam_store: the exams' SQL, each statement once, rows read straight into the
    generated messages.                                                                     */
#include "training_exam.h"
#include "training_text.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The codes of unit and of every unit above it, for "owner_unit IN (...)". UNION ends a walk
//  on a loop the copy may hold for a moment (sf_org.h).
#define S_UNITS_UP(param) \
    "WITH RECURSIVE up (code, parent) AS (SELECT code, parent_code FROM sf_org_node WHERE code = " param \
    " UNION SELECT n.code, n.parent_code FROM sf_org_node n JOIN up ON n.code = up.parent)" \
    " SELECT code FROM up"

static const char *const s_keys [EXAM_OPTIONS_MAX] = { "A", "B", "C", "D", "E" };

//  Adds the options of a row, columns first .. first + EXAM_OPTIONS_MAX - 1, up to the last
//  one that is not empty.
static void
s_options (sf_rows_t *rows, int row, int first, Training__QuestionOption ***options, size_t *count)
{
    int last = -1;
    for (int i = 0; i < EXAM_OPTIONS_MAX; i++)
        if (*sf_rows_text (rows, row, first + i))
            last = i;
    for (int i = 0; i <= last; i++) {
        Training__QuestionOption *option = sf_pb_add (options, count, &training__question_option__descriptor);
        sf_pb_set (&option->key, s_keys [i]);
        sf_pb_set (&option->text, sf_rows_text (rows, row, first + i));
    }
}

int
exam_store_category_known (sf_db_t *db, const char *code)
{
    const char *values [] = { code };
    sf_rows_t *rows = sf_db_query (db, "SELECT 1 FROM exam_category WHERE code = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    sf_rows_destroy (&rows);
    return found;
}

int
exam_store_question (sf_db_t *db, const char *code, bool lock, Training__Question **question)
{
    const char *values [] = { code };
    sf_rows_t *rows = sf_db_query (db, lock?
        "SELECT q.code, q.current_version, v.category, v.type, v.text, v.text_en, v.answer, v.explanation, q.owner_unit,"
        " v.option_a, v.option_b, v.option_c, v.option_d, v.option_e"
        " FROM exam_question q JOIN exam_question_version v ON v.code = q.code AND v.version = q.current_version"
        " WHERE q.code = $1 FOR UPDATE OF q":
        "SELECT q.code, q.current_version, v.category, v.type, v.text, v.text_en, v.answer, v.explanation, q.owner_unit,"
        " v.option_a, v.option_b, v.option_c, v.option_d, v.option_e"
        " FROM exam_question q JOIN exam_question_version v ON v.code = q.code AND v.version = q.current_version"
        " WHERE q.code = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found) {
        Training__Question *q = sf_pb_new (&training__question__descriptor);
        sf_pb_set (&q->code, sf_rows_text (rows, 0, 0));
        q->version = (int32_t) sf_rows_int (rows, 0, 1);
        sf_pb_set (&q->category, sf_rows_text (rows, 0, 2));
        q->type = (Training__QuestionType) sf_rows_int (rows, 0, 3);
        sf_pb_set (&q->text, sf_rows_text (rows, 0, 4));
        sf_pb_set (&q->text_en, sf_rows_text (rows, 0, 5));
        sf_pb_set (&q->answer, sf_rows_text (rows, 0, 6));
        sf_pb_set (&q->explanation, sf_rows_text (rows, 0, 7));
        sf_pb_set (&q->owner_unit, sf_rows_text (rows, 0, 8));
        s_options (rows, 0, 9, &q->options, &q->n_options);
        *question = q;
    }
    sf_rows_destroy (&rows);
    return found;
}

int
exam_store_question_write (sf_db_t *db, const Training__Question *question, const char *actor, int64_t now_ms)
{
    char version [24], now [24];
    training_int_text (version, sizeof version, question->version);
    training_int_text (now, sizeof now, now_ms);
    const char *head [] = { question->code, question->owner_unit, version, now };
    int64_t done = sf_db_exec (db, question->version == 1?
        "INSERT INTO exam_question (code, owner_unit, current_version, created_ms, updated_ms)"
        " VALUES ($1, $2, $3::int, $4::bigint, $4::bigint)":
        "UPDATE exam_question SET current_version = $3::int, updated_ms = $4::bigint"
        " WHERE code = $1 AND owner_unit = $2", 4, head);
    if (done != 1)
        return -1;
    char type [24];
    training_int_text (type, sizeof type, question->type);
    const char *option [EXAM_OPTIONS_MAX] = { "", "", "", "", "" };
    for (size_t i = 0; i < question->n_options && i < EXAM_OPTIONS_MAX; i++)
        option [i] = question->options [i]->text;
    const char *values [] = {
        question->code, version, question->category, type, question->text, question->text_en,
        option [0], option [1], option [2], option [3], option [4], question->answer, question->explanation,
        now, actor
    };
    return sf_db_exec (db,
        "INSERT INTO exam_question_version (code, version, category, type, text, text_en, option_a, option_b,"
        " option_c, option_d, option_e, answer, explanation, created_ms, created_by)"
        " VALUES ($1, $2::int, $3, $4::smallint, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::bigint, $15)",
        15, values) == 1? 0: -1;
}

int
exam_store_blueprint (sf_db_t *db, const char *code, Training__ExamBlueprint **blueprint)
{
    const char *values [] = { code };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT code, unit_code, plant_code, title, title_en, purpose, time_limit_minutes, pass_percent,"
        " attempt_limit, created_by, created_ms FROM exam_blueprint WHERE code = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (!found) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Training__ExamBlueprint *b = sf_pb_new (&training__exam_blueprint__descriptor);
    sf_pb_set (&b->code, sf_rows_text (rows, 0, 0));
    sf_pb_set (&b->unit_code, sf_rows_text (rows, 0, 1));
    sf_pb_set (&b->plant_code, sf_rows_text (rows, 0, 2));
    sf_pb_set (&b->title, sf_rows_text (rows, 0, 3));
    sf_pb_set (&b->title_en, sf_rows_text (rows, 0, 4));
    sf_pb_set (&b->purpose, sf_rows_text (rows, 0, 5));
    b->time_limit_minutes = (int32_t) sf_rows_int (rows, 0, 6);
    b->pass_percent = (int32_t) sf_rows_int (rows, 0, 7);
    b->attempt_limit = (int32_t) sf_rows_int (rows, 0, 8);
    sf_pb_set (&b->created_by, sf_rows_text (rows, 0, 9));
    b->created_ms = sf_rows_int (rows, 0, 10);
    sf_rows_destroy (&rows);
    rows = sf_db_query (db, "SELECT category, type, count FROM exam_blueprint_part WHERE blueprint_code = $1"
                            " ORDER BY seq", 1, values);
    if (!rows) {
        sf_pb_destroy (&b);
        return -1;
    }
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__ExamBlueprintPart *part = sf_pb_add (&b->parts, &b->n_parts, &training__exam_blueprint_part__descriptor);
        sf_pb_set (&part->category, sf_rows_text (rows, row, 0));
        part->type = (Training__QuestionType) sf_rows_int (rows, row, 1);
        part->count = (int32_t) sf_rows_int (rows, row, 2);
        b->question_count += part->count;
    }
    sf_rows_destroy (&rows);
    *blueprint = b;
    return 1;
}

int
exam_store_blueprint_unit (sf_db_t *db, const char *code, char *unit, size_t size)
{
    const char *values [] = { code };
    sf_rows_t *rows = sf_db_query (db, "SELECT unit_code FROM exam_blueprint WHERE code = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found)
        snprintf (unit, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found;
}

int
exam_store_blueprint_write (sf_db_t *db, const Training__ExamBlueprint *b)
{
    char time_limit [24], pass [24], attempts [24], created [24];
    training_int_text (time_limit, sizeof time_limit, b->time_limit_minutes);
    training_int_text (pass, sizeof pass, b->pass_percent);
    training_int_text (attempts, sizeof attempts, b->attempt_limit);
    training_int_text (created, sizeof created, b->created_ms);
    const char *values [] = {
        b->code, b->unit_code, b->plant_code, b->title, b->title_en, b->purpose, time_limit, pass, attempts,
        created, b->created_by
    };
    if (sf_db_exec (db,
            "INSERT INTO exam_blueprint (code, unit_code, plant_code, title, title_en, purpose, time_limit_minutes,"
            " pass_percent, attempt_limit, created_ms, created_by)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7::int, $8::int, $9::int, $10::bigint, $11)", 11, values) != 1)
        return -1;
    for (size_t i = 0; i < b->n_parts; i++) {
        char seq [24], type [24], count [24];
        training_int_text (seq, sizeof seq, (int64_t) i + 1);
        training_int_text (type, sizeof type, b->parts [i]->type);
        training_int_text (count, sizeof count, b->parts [i]->count);
        const char *part [] = { b->code, seq, b->parts [i]->category, type, count };
        if (sf_db_exec (db, "INSERT INTO exam_blueprint_part (blueprint_code, seq, category, type, count)"
                            " VALUES ($1, $2::int, $3, $4::smallint, $5::int)", 5, part) != 1)
            return -1;
    }
    return 0;
}

int
exam_store_draw (sf_db_t *db, const char *unit, const char *category, int type, int count,
                 char ***codes, int **versions, int *taken)
{
    char type_text [24], count_text [24];
    training_int_text (type_text, sizeof type_text, type);
    training_int_text (count_text, sizeof count_text, count);
    char *exclude = sf_db_array_literal (*codes, (size_t) *taken);
    const char *values [] = { unit, category, type_text, exclude, count_text };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT q.code, q.current_version FROM exam_question q"
        " JOIN exam_question_version v ON v.code = q.code AND v.version = q.current_version"
        " WHERE q.owner_unit IN (" S_UNITS_UP ("$1") ") AND v.category = $2"
        " AND ($3::smallint = 0 OR v.type = $3::smallint) AND q.code <> ALL ($4::text[])"
        " ORDER BY random () LIMIT $5::int", 5, values);
    free (exclude);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    *codes = realloc (*codes, (size_t) (*taken + found + 1) * sizeof **codes);
    *versions = realloc (*versions, (size_t) (*taken + found + 1) * sizeof **versions);
    assert (*codes && *versions);
    for (int row = 0; row < found; row++) {
        (*codes) [*taken] = strdup (sf_rows_text (rows, row, 0));
        (*versions) [*taken] = (int) sf_rows_int (rows, row, 1);
        (*taken)++;
    }
    sf_rows_destroy (&rows);
    return found;
}

int
exam_store_lock_person (sf_db_t *db, const char *blueprint_code, const char *employee_code)
{
    const char *values [] = { blueprint_code, employee_code };
    sf_rows_t *rows = sf_db_query (db, "SELECT pg_advisory_xact_lock (hashtextextended (current_schema () || '/' || $1 || '/' || $2, 11))",
                                   2, values);
    if (!rows)
        return -1;
    sf_rows_destroy (&rows);
    return 0;
}

int
exam_store_last_attempt (sf_db_t *db, const char *blueprint_code, const char *employee_code, int64_t now_ms,
                         int *number, bool *open)
{
    char now [24];
    training_int_text (now, sizeof now, now_ms);
    const char *values [] = { blueprint_code, employee_code, now };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT attempt_number, status = 1 AND deadline_ms >= $3::bigint FROM exam_attempt"
        " WHERE blueprint_code = $1 AND employee_code = $2 ORDER BY attempt_number DESC LIMIT 1", 3, values);
    if (!rows)
        return -1;
    *number = 0;
    *open = false;
    if (sf_rows_count (rows)) {
        *number = (int) sf_rows_int (rows, 0, 0);
        *open = sf_rows_bool (rows, 0, 1);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
exam_store_attempt_insert (sf_db_t *db, Training__ExamPaper *paper, const char *unit_code, const char *plant_code,
                           const char *started_by)
{
    char number [24], started [24], deadline [24], pass [24], total [24];
    training_int_text (number, sizeof number, paper->attempt_number);
    training_int_text (started, sizeof started, paper->started_ms);
    training_int_text (deadline, sizeof deadline, paper->deadline_ms);
    training_int_text (pass, sizeof pass, paper->pass_percent);
    training_int_text (total, sizeof total, (int64_t) paper->n_questions);
    const char *values [] = {
        paper->blueprint_code, paper->employee_code, unit_code, plant_code, number, started, deadline, started_by,
        pass, total
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO exam_attempt (blueprint_code, employee_code, unit_code, plant_code, attempt_number, started_ms,"
        " deadline_ms, started_by, pass_percent, status, total)"
        " VALUES ($1, $2, $3, $4, $5::int, $6::bigint, $7::bigint, $8, $9::int, 1, $10::int) RETURNING id",
        10, values);
    if (!rows)
        return -1;
    paper->attempt_id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    char id [24];
    training_int_text (id, sizeof id, paper->attempt_id);
    for (size_t i = 0; i < paper->n_questions; i++) {
        char seq [24], version [24];
        training_int_text (seq, sizeof seq, paper->questions [i]->seq);
        training_int_text (version, sizeof version, paper->questions [i]->version);
        const char *question [] = { id, seq, paper->questions [i]->code, version };
        if (sf_db_exec (db, "INSERT INTO exam_attempt_question (attempt_id, seq, code, version)"
                            " VALUES ($1::bigint, $2::int, $3, $4::int)", 4, question) != 1)
            return -1;
    }
    return 0;
}

//  The columns of an attempt, in the order s_result_row reads them.
#define S_RESULT_COLUMNS \
    "a.id, a.blueprint_code, a.employee_code, a.unit_code, a.plant_code, a.status, a.attempt_number," \
    " a.started_ms, a.deadline_ms, a.submitted_ms, a.correct, a.total, a.score_percent, a.pass_percent," \
    " a.passed, a.started_by"

static Training__ExamResult *
s_result_row (sf_rows_t *rows, int row)
{
    Training__ExamResult *r = sf_pb_new (&training__exam_result__descriptor);
    r->attempt_id = sf_rows_int (rows, row, 0);
    sf_pb_set (&r->blueprint_code, sf_rows_text (rows, row, 1));
    sf_pb_set (&r->employee_code, sf_rows_text (rows, row, 2));
    sf_pb_set (&r->unit_code, sf_rows_text (rows, row, 3));
    sf_pb_set (&r->plant_code, sf_rows_text (rows, row, 4));
    r->status = (Training__ExamAttemptStatus) sf_rows_int (rows, row, 5);
    r->attempt_number = (int32_t) sf_rows_int (rows, row, 6);
    r->started_ms = sf_rows_int (rows, row, 7);
    r->deadline_ms = sf_rows_int (rows, row, 8);
    r->submitted_ms = sf_rows_int (rows, row, 9);
    r->correct = (int32_t) sf_rows_int (rows, row, 10);
    r->total = (int32_t) sf_rows_int (rows, row, 11);
    r->score_percent = (int32_t) sf_rows_int (rows, row, 12);
    r->pass_percent = (int32_t) sf_rows_int (rows, row, 13);
    r->passed = sf_rows_bool (rows, row, 14);
    sf_pb_set (&r->started_by, sf_rows_text (rows, row, 15));
    return r;
}

int
exam_store_result (sf_db_t *db, int64_t id, bool lock, Training__ExamResult **result)
{
    char id_text [24];
    training_int_text (id_text, sizeof id_text, id);
    const char *values [] = { id_text };
    sf_rows_t *rows = sf_db_query (db, lock?
        "SELECT " S_RESULT_COLUMNS " FROM exam_attempt a WHERE a.id = $1::bigint FOR UPDATE":
        "SELECT " S_RESULT_COLUMNS " FROM exam_attempt a WHERE a.id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Training__ExamResult *r = s_result_row (rows, 0);
    sf_rows_destroy (&rows);
    rows = sf_db_query (db,
        "SELECT aq.seq, aq.code, aq.version, v.category, aq.given, v.answer, aq.correct, v.explanation"
        " FROM exam_attempt_question aq JOIN exam_question_version v ON v.code = aq.code AND v.version = aq.version"
        " WHERE aq.attempt_id = $1::bigint ORDER BY aq.seq", 1, values);
    if (!rows) {
        sf_pb_destroy (&r);
        return -1;
    }
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__ExamResultItem *item = sf_pb_add (&r->items, &r->n_items, &training__exam_result_item__descriptor);
        item->seq = (int32_t) sf_rows_int (rows, row, 0);
        sf_pb_set (&item->question_code, sf_rows_text (rows, row, 1));
        item->question_version = (int32_t) sf_rows_int (rows, row, 2);
        sf_pb_set (&item->category, sf_rows_text (rows, row, 3));
        sf_pb_set (&item->given, sf_rows_text (rows, row, 4));
        sf_pb_set (&item->key, sf_rows_text (rows, row, 5));
        item->correct = sf_rows_bool (rows, row, 6);
        sf_pb_set (&item->explanation, sf_rows_text (rows, row, 7));
    }
    sf_rows_destroy (&rows);
    *result = r;
    return 1;
}

int
exam_store_attempt_employee (sf_db_t *db, int64_t id, char *employee, size_t size)
{
    char id_text [24];
    training_int_text (id_text, sizeof id_text, id);
    const char *values [] = { id_text };
    sf_rows_t *rows = sf_db_query (db, "SELECT employee_code FROM exam_attempt WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found)
        snprintf (employee, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found;
}

int
exam_store_paper (sf_db_t *db, int64_t id, Training__ExamPaper **paper)
{
    char id_text [24];
    training_int_text (id_text, sizeof id_text, id);
    const char *values [] = { id_text };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT a.id, a.blueprint_code, b.title, b.title_en, a.employee_code, a.attempt_number, b.attempt_limit,"
        " a.pass_percent, a.started_ms, a.deadline_ms, a.status"
        " FROM exam_attempt a JOIN exam_blueprint b ON b.code = a.blueprint_code WHERE a.id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Training__ExamPaper *p = sf_pb_new (&training__exam_paper__descriptor);
    p->attempt_id = sf_rows_int (rows, 0, 0);
    sf_pb_set (&p->blueprint_code, sf_rows_text (rows, 0, 1));
    sf_pb_set (&p->title, sf_rows_text (rows, 0, 2));
    sf_pb_set (&p->title_en, sf_rows_text (rows, 0, 3));
    sf_pb_set (&p->employee_code, sf_rows_text (rows, 0, 4));
    p->attempt_number = (int32_t) sf_rows_int (rows, 0, 5);
    p->attempt_limit = (int32_t) sf_rows_int (rows, 0, 6);
    p->pass_percent = (int32_t) sf_rows_int (rows, 0, 7);
    p->started_ms = sf_rows_int (rows, 0, 8);
    p->deadline_ms = sf_rows_int (rows, 0, 9);
    p->status = (Training__ExamAttemptStatus) sf_rows_int (rows, 0, 10);
    sf_rows_destroy (&rows);
    rows = sf_db_query (db,
        "SELECT aq.seq, aq.code, aq.version, v.category, v.type, v.text, v.text_en,"
        " v.option_a, v.option_b, v.option_c, v.option_d, v.option_e"
        " FROM exam_attempt_question aq JOIN exam_question_version v ON v.code = aq.code AND v.version = aq.version"
        " WHERE aq.attempt_id = $1::bigint ORDER BY aq.seq", 1, values);
    if (!rows) {
        sf_pb_destroy (&p);
        return -1;
    }
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__ExamPaperQuestion *q = sf_pb_add (&p->questions, &p->n_questions,
                                                    &training__exam_paper_question__descriptor);
        q->seq = (int32_t) sf_rows_int (rows, row, 0);
        sf_pb_set (&q->code, sf_rows_text (rows, row, 1));
        q->version = (int32_t) sf_rows_int (rows, row, 2);
        sf_pb_set (&q->category, sf_rows_text (rows, row, 3));
        q->type = (Training__QuestionType) sf_rows_int (rows, row, 4);
        sf_pb_set (&q->text, sf_rows_text (rows, row, 5));
        sf_pb_set (&q->text_en, sf_rows_text (rows, row, 6));
        s_options (rows, row, 7, &q->options, &q->n_options);
    }
    sf_rows_destroy (&rows);
    *paper = p;
    return 1;
}

int
exam_store_result_write (sf_db_t *db, const Training__ExamResult *r)
{
    char id [24], submitted [24], correct [24], score [24];
    training_int_text (id, sizeof id, r->attempt_id);
    training_int_text (submitted, sizeof submitted, r->submitted_ms);
    training_int_text (correct, sizeof correct, r->correct);
    training_int_text (score, sizeof score, r->score_percent);
    const char *values [] = { id, submitted, correct, score, r->passed? "true": "false" };
    if (sf_db_exec (db, "UPDATE exam_attempt SET status = 2, submitted_ms = $2::bigint, correct = $3::int,"
                        " score_percent = $4::int, passed = $5::boolean WHERE id = $1::bigint AND status = 1",
                    5, values) != 1)
        return -1;
    for (size_t i = 0; i < r->n_items; i++) {
        char seq [24];
        training_int_text (seq, sizeof seq, r->items [i]->seq);
        const char *item [] = { id, seq, r->items [i]->given, r->items [i]->correct? "true": "false" };
        if (sf_db_exec (db, "UPDATE exam_attempt_question SET given = $3, correct = $4::boolean"
                            " WHERE attempt_id = $1::bigint AND seq = $2::int", 4, item) != 1)
            return -1;
    }
    return 0;
}

int
exam_store_results (sf_db_t *db, const char *unit, const char *employee, const char *blueprint, const char *own,
                    const int64_t *after, int limit, Training__ExamResultList *list)
{
    char started [24] = "", id [24] = "", limit_text [24];
    if (after) {
        training_int_text (started, sizeof started, after [0]);
        training_int_text (id, sizeof id, after [1]);
    }
    training_int_text (limit_text, sizeof limit_text, limit);
    const char *values [] = { unit, employee, blueprint, own, after? started: NULL, after? id: NULL, limit_text };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT " S_RESULT_COLUMNS " FROM exam_attempt a"
        " WHERE a.employee_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND ($2 = '' OR a.employee_code = $2) AND ($3 = '' OR a.blueprint_code = $3)"
        " AND ($4 = '' OR a.employee_code = $4)"
        " AND ($5::bigint IS NULL OR (a.started_ms, a.id) < ($5::bigint, $6::bigint))"
        " ORDER BY a.started_ms DESC, a.id DESC LIMIT $7::int", 7, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        list->results = realloc (list->results, (list->n_results + 1) * sizeof *list->results);
        assert (list->results);
        list->results [list->n_results++] = s_result_row (rows, row);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
exam_store_stats (sf_db_t *db, const char *blueprint, int after_permille, const char *after_code, int limit,
                  Training__ExamQuestionStats *stats)
{
    const char *values [] = { blueprint };
    sf_rows_t *rows = sf_db_query (db, "SELECT count(*), count(*) FILTER (WHERE passed) FROM exam_attempt"
                                       " WHERE blueprint_code = $1 AND status = 2", 1, values);
    if (!rows)
        return -1;
    stats->attempts = (int32_t) sf_rows_int (rows, 0, 0);
    stats->passed = (int32_t) sf_rows_int (rows, 0, 1);
    sf_rows_destroy (&rows);
    char permille [24], limit_text [24];
    training_int_text (permille, sizeof permille, after_permille);
    training_int_text (limit_text, sizeof limit_text, limit);
    const char *page [] = { blueprint, after_code? permille: NULL, after_code, limit_text };
    rows = sf_db_query (db,
        "WITH s AS (SELECT aq.code, count(*) AS asked, count(*) FILTER (WHERE NOT aq.correct) AS wrong"
        " FROM exam_attempt_question aq JOIN exam_attempt a ON a.id = aq.attempt_id"
        " WHERE a.blueprint_code = $1 AND a.status = 2 GROUP BY aq.code),"
        " r AS (SELECT code, asked, wrong, (wrong * 1000 / asked)::int AS permille FROM s)"
        " SELECT r.code, v.category, v.text, r.asked, r.wrong, r.permille FROM r"
        " JOIN exam_question q ON q.code = r.code"
        " JOIN exam_question_version v ON v.code = q.code AND v.version = q.current_version"
        " WHERE $2::int IS NULL OR r.permille < $2::int OR (r.permille = $2::int AND r.code > $3)"
        " ORDER BY r.permille DESC, r.code LIMIT $4::int", 4, page);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__ExamQuestionStat *stat = sf_pb_add (&stats->questions, &stats->n_questions,
                                                      &training__exam_question_stat__descriptor);
        sf_pb_set (&stat->question_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&stat->category, sf_rows_text (rows, row, 1));
        sf_pb_set (&stat->text, sf_rows_text (rows, row, 2));
        stat->asked = (int32_t) sf_rows_int (rows, row, 3);
        stat->wrong = (int32_t) sf_rows_int (rows, row, 4);
        stat->wrong_permille = (int32_t) sf_rows_int (rows, row, 5);
    }
    sf_rows_destroy (&rows);
    return 0;
}
