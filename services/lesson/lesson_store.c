/*  lesson_store: lesson and assignment rows as messages.                                    */
#include "lesson_store.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
lesson_split_add (char ***array, size_t *count, const char *joined, char sep)
{
    if (!joined || !*joined)
        return;
    const char *at = joined;
    for (;;) {
        const char *end = strchr (at, sep);
        size_t length = end? (size_t) (end - at): strlen (at);
        char *item = strndup (at, length);
        sf_pb_add_string (array, count, item);
        free (item);
        if (!end)
            break;
        at = end + 1;
    }
}

Lesson__Lesson *
lesson_lesson_from_row (sf_rows_t *rows, int row)
{
    Lesson__Lesson *lesson = sf_pb_new (&lesson__lesson__descriptor);
    Lesson__LessonInput *in = lesson->input = sf_pb_new (&lesson__lesson_input__descriptor);
    Lesson__Grade *grade = lesson->grade = sf_pb_new (&lesson__grade__descriptor);
    int c = 0;
    lesson->id = sf_rows_int (rows, row, c++);
    sf_pb_set (&lesson->number, sf_rows_text (rows, row, c++));
    in->source = (Lesson__LessonSource) sf_rows_int (rows, row, c++);
    sf_pb_set (&in->source_ref, sf_rows_text (rows, row, c++));
    sf_pb_set (&in->title_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&in->title_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&in->summary, sf_rows_text (rows, row, c++));
    sf_pb_set (&in->occurred_on, sf_rows_text (rows, row, c++));
    sf_pb_set (&in->place, sf_rows_text (rows, row, c++));
    in->deaths = (int32_t) sf_rows_int (rows, row, c++);
    in->serious_injuries = (int32_t) sf_rows_int (rows, row, c++);
    in->direct_loss_yuan = sf_rows_int (rows, row, c++);
    sf_pb_set (&in->causes, sf_rows_text (rows, row, c++));
    for (const char *at = sf_rows_text (rows, row, c++); *at; at += *at == ','? 1: 0) {
        char *end;
        long factor = strtol (at, &end, 10);
        if (end == at)
            break;
        in->factors = realloc (in->factors, (in->n_factors + 1) * sizeof *in->factors);
        in->factors [in->n_factors++] = (Inspection__Factor) factor;
        at = end;
    }
    lesson_split_add (&in->tags, &in->n_tags, sf_rows_text (rows, row, c++), 31);
    lesson_split_add (&in->actions, &in->n_actions, sf_rows_text (rows, row, c++), 31);
    sf_pb_set (&in->deadline_on, sf_rows_text (rows, row, c++));
    sf_pb_set (&in->scope_unit, sf_rows_text (rows, row, c++));
    grade->grade = (Lesson__AccidentGrade) sf_rows_int (rows, row, c++);
    sf_pb_set (&grade->name_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&grade->name_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&grade->criterion, sf_rows_text (rows, row, c++));
    lesson->status = (Lesson__LessonStatus) sf_rows_int (rows, row, c++);
    sf_pb_set (&lesson->origin_number, sf_rows_text (rows, row, c++));
    sf_pb_set (&lesson->plant_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&lesson->created_by, sf_rows_text (rows, row, c++));
    lesson->created_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&lesson->published_by, sf_rows_text (rows, row, c++));
    lesson->published_ms = sf_rows_int (rows, row, c++);
    lesson->closed_ms = sf_rows_int (rows, row, c++);
    lesson->deadline_ms = sf_rows_int (rows, row, c++);
    lesson->version = sf_rows_int (rows, row, c++);
    return lesson;
}

//  The one row sql (its $1 the id) selects, built by from_row into *message: 1 found, 0 none,
//  -1 db error. Both readers below are this with their own columns and lock.
static int
s_get_by_id (sf_db_t *db, const char *sql, int64_t id, void *(*from_row) (sf_rows_t *, int), void **message)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (db, sql, 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found)
        *message = from_row (rows, 0);
    sf_rows_destroy (&rows);
    return found;
}

static void *
s_lesson_from_row (sf_rows_t *rows, int row)
{
    return lesson_lesson_from_row (rows, row);
}

int
lesson_lesson_get (sf_db_t *db, int64_t id, bool lock, Lesson__Lesson **lesson)
{
    return s_get_by_id (db, lock?
        "SELECT " LESSON_LESSON_COLUMNS " FROM " LESSON_LESSON_FROM " WHERE l.id = $1::bigint FOR UPDATE OF l":
        "SELECT " LESSON_LESSON_COLUMNS " FROM " LESSON_LESSON_FROM " WHERE l.id = $1::bigint",
        id, s_lesson_from_row, (void **) lesson);
}

Lesson__Assignment *
lesson_assignment_from_row (sf_rows_t *rows, int row)
{
    Lesson__Assignment *a = sf_pb_new (&lesson__assignment__descriptor);
    int c = 0;
    a->id = sf_rows_int (rows, row, c++);
    a->lesson_id = sf_rows_int (rows, row, c++);
    sf_pb_set (&a->lesson_number, sf_rows_text (rows, row, c++));
    sf_pb_set (&a->lesson_title_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&a->unit_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&a->plant_code, sf_rows_text (rows, row, c++));
    a->status = (Lesson__AssignmentStatus) sf_rows_int (rows, row, c++);
    a->deadline_ms = sf_rows_int (rows, row, c++);
    a->acknowledged_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&a->acknowledged_by, sf_rows_text (rows, row, c++));
    a->check_request = sf_rows_bool (rows, row, c++)? LESSON__CHECK_REQUEST__CHECK_CREATED:
                                                     LESSON__CHECK_REQUEST__CHECK_PENDING;
    sf_pb_set (&a->plan_code, sf_rows_text (rows, row, c++));
    a->check_attempts = (int32_t) sf_rows_int (rows, row, c++);
    sf_pb_set (&a->check_error, sf_rows_text (rows, row, c++));
    a->task_id = sf_rows_int (rows, row, c++);
    a->self_checked_ms = sf_rows_int (rows, row, c++);
    a->items_passed = (int32_t) sf_rows_int (rows, row, c++);
    a->items_failed = (int32_t) sf_rows_int (rows, row, c++);
    lesson_split_add (&a->finding_numbers, &a->n_finding_numbers, sf_rows_text (rows, row, c++), 31);
    a->findings_open = (int32_t) sf_rows_int (rows, row, c++);
    a->check_missed = sf_rows_bool (rows, row, c++);
    sf_pb_set (&a->report, sf_rows_text (rows, row, c++));
    sf_pb_set (&a->reported_by, sf_rows_text (rows, row, c++));
    a->reported_ms = sf_rows_int (rows, row, c++);
    a->closed_ms = sf_rows_int (rows, row, c++);
    a->late = sf_rows_bool (rows, row, c++);
    a->escalation_step = (int32_t) sf_rows_int (rows, row, c++);
    sf_pb_set (&a->escalated_to, sf_rows_text (rows, row, c++));
    a->version = sf_rows_int (rows, row, c++);
    return a;
}

static void *
s_assignment_from_row (sf_rows_t *rows, int row)
{
    return lesson_assignment_from_row (rows, row);
}

int
lesson_assignment_get (sf_db_t *db, int64_t id, bool lock, Lesson__Assignment **assignment)
{
    return s_get_by_id (db, lock?
        "SELECT " LESSON_ASSIGNMENT_COLUMNS " FROM " LESSON_ASSIGNMENT_FROM " WHERE a.id = $1::bigint FOR UPDATE OF a":
        "SELECT " LESSON_ASSIGNMENT_COLUMNS " FROM " LESSON_ASSIGNMENT_FROM " WHERE a.id = $1::bigint",
        id, s_assignment_from_row, (void **) assignment);
}
