/*  lesson_store: a lesson's and an assignment's rows as their messages, for every area (the
    columns once, the conversion once). Lists select LESSON_LESSON_COLUMNS from lesson l (or
    LESSON_ASSIGNMENT_COLUMNS from assignment a JOIN lesson l) with their own WHERE and ORDER
    and convert each row with the *_from_row functions.                                      */
#ifndef LESSON_STORE_H_INCLUDED
#define LESSON_STORE_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  The columns of lesson l (and its grade g: "JOIN accident_grade g ON g.grade = l.grade"),
//  in the order lesson_lesson_from_row reads them.
#define LESSON_LESSON_COLUMNS \
    "l.id, l.number, l.source, l.source_ref, l.title_zh, l.title_en, l.summary, " \
    "coalesce (l.occurred_on::text, ''), l.place, l.deaths, l.serious_injuries, l.direct_loss_yuan, " \
    "l.causes, array_to_string (l.factors, ','), array_to_string (l.tags, chr (31)), " \
    "array_to_string (l.actions, chr (31)), l.deadline_on::text, l.scope_unit, l.grade, g.name_zh, g.name_en, " \
    "l.grade_criterion, l.status, l.origin_number, l.plant_code, l.created_by, l.created_ms, l.published_by, " \
    "l.published_ms, l.closed_ms, l.deadline_ms, l.version"
#define LESSON_LESSON_FROM "lesson l JOIN accident_grade g ON g.grade = l.grade"

//  A lesson built on the heap from row of rows (sf_pb_destroy frees it). Grade.basis is left
//  empty: lesson_grade_basis fills it where it is shown.
Lesson__Lesson *lesson_lesson_from_row (sf_rows_t *rows, int row);

//  Lesson id, FOR UPDATE when lock: 1 found (*lesson set), 0 no such lesson, -1 db error.
int lesson_lesson_get (sf_db_t *db, int64_t id, bool lock, Lesson__Lesson **lesson);

//  The columns of assignment a JOIN lesson l ON l.id = a.lesson_id, in the order
//  lesson_assignment_from_row reads them: its findings' numbers and how many are still open
//  come from assignment_finding and finding_outcome.
#define LESSON_ASSIGNMENT_COLUMNS \
    "a.id, a.lesson_id, l.number, l.title_zh, a.unit_code, a.plant_code, a.status, a.deadline_ms, " \
    "a.acknowledged_ms, a.acknowledged_by, a.check_sent_ms IS NOT NULL, a.plan_code, a.check_attempts, " \
    "a.check_error, a.task_id, a.self_checked_ms, a.items_passed, a.items_failed, " \
    "(SELECT coalesce (string_agg (f.finding_number, chr (31) ORDER BY f.finding_id), '') " \
    "   FROM assignment_finding f WHERE f.assignment_id = a.id), " \
    "(SELECT count (*) FROM assignment_finding f WHERE f.assignment_id = a.id AND NOT EXISTS " \
    "   (SELECT 1 FROM finding_outcome o WHERE o.finding_id = f.finding_id)), " \
    "a.check_missed, a.report, a.reported_by, a.reported_ms, a.closed_ms, a.late, a.escalation_step, " \
    "a.escalated_to, a.version"
#define LESSON_ASSIGNMENT_FROM "assignment a JOIN lesson l ON l.id = a.lesson_id"

Lesson__Assignment *lesson_assignment_from_row (sf_rows_t *rows, int row);

//  Assignment id, FOR UPDATE OF a when lock: 1 found, 0 none, -1 db error.
int lesson_assignment_get (sf_db_t *db, int64_t id, bool lock, Lesson__Assignment **assignment);

//  Appends to a repeated string field the items of joined, separated by sep ("" adds none).
void lesson_split_add (char ***array, size_t *count, const char *joined, char sep);

#endif
