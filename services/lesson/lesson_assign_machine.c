/*  lesson_assign_machine: the transitions and the close.                                  */
#include "lesson_assign_machine.h"
#include "lesson_assign_messages.h"
#include "lesson_events.h"
#include "lesson_store.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_FROM(state) (1u << LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_##state)

static const lesson_assign_transition_t s_transitions [] = {
    { LESSON_ASSIGN_ACKNOWLEDGE, S_FROM (ASSIGNED), LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED,
      "lesson.assignment_acknowledged", { "签收", "acknowledged" } },
    { LESSON_ASSIGN_SELF_CHECK, S_FROM (ASSIGNED) | S_FROM (ACKNOWLEDGED),
      LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED, "lesson.assignment_self_checked",
      { "登记自查", "self-checked" } },
    { LESSON_ASSIGN_REPORT, S_FROM (SELF_CHECKED), LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED,
      "lesson.assignment_reported", { "报告", "reported" } },
    { LESSON_ASSIGN_CLOSE, S_FROM (REPORTED), LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED,
      "lesson.assignment_closed", { "关闭", "closed" } },
};

const lesson_assign_transition_t *
lesson_assign_transition (lesson_assign_action_t action)
{
    assert ((size_t) action < sizeof s_transitions / sizeof s_transitions [0]);
    assert (s_transitions [action].action == action);
    return &s_transitions [action];
}

bool
lesson_assign_may (lesson_assign_action_t action, int status)
{
    return status > 0 && status < 32 && (lesson_assign_transition (action)->from & (1u << status));
}

void
lesson_assign_from_sql (lesson_assign_action_t action, char *buffer, size_t size)
{
    unsigned from = lesson_assign_transition (action)->from;
    size_t length = (size_t) snprintf (buffer, size, "{");
    for (int status = 1; status < 32 && length < size; status++)
        if (from & (1u << status))
            length += (size_t) snprintf (buffer + length, size - length, "%s%d", length > 1? ",": "", status);
    if (length < size)
        snprintf (buffer + length, size - length, "}");
}

const sf_text_t *
lesson_assign_state_name (int status)
{
    return &LESSON_ASSIGN_STATE_NAMES [status > 0 && status <= LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED? status: 0];
}

//  Closes lesson id when it is published and every assignment of it is closed. Its row is
//  locked first, so that of two transactions closing its last two assignments the later one
//  reads the other's close (a statement after the lock sees what committed before it).
//  1 closed, 0 not (yet), -1 on a database error.
static int
s_lesson_close (sf_call_t *call, sf_db_t *db, int64_t id, int64_t now_ms)
{
    char key [24], now [24], published [8], closed [8], assignment_closed [8];
    snprintf (key, sizeof key, "%" PRId64, id);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (published, sizeof published, "%d", LESSON__LESSON_STATUS__LESSON_PUBLISHED);
    snprintf (closed, sizeof closed, "%d", LESSON__LESSON_STATUS__LESSON_CLOSED);
    snprintf (assignment_closed, sizeof assignment_closed, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED);
    const char *lock_values [] = { key };
    if (sf_db_exec (db, "SELECT 1 FROM lesson WHERE id = $1::bigint FOR UPDATE", 1, lock_values) < 0)
        return -1;
    const char *values [] = { key, now, published, closed, assignment_closed };
    int64_t changed = sf_db_exec (db,
        "UPDATE lesson l SET status = $4::smallint, closed_ms = $2::bigint, version = l.version + 1"
        " WHERE l.id = $1::bigint AND l.status = $3::smallint"
        "   AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.lesson_id = l.id AND a.status <> $5::smallint)",
        5, values);
    if (changed <= 0)
        return changed < 0? -1: 0;
    Lesson__Lesson *lesson = NULL;
    int rc = lesson_lesson_get (db, id, false, &lesson) == 1
          && lesson_emit (call, db, "lesson.lesson_closed", "lesson", id, lesson->version, lesson->plant_code,
                          &lesson->base) == 0? 1: -1;
    if (rc == 1)
        sf_info ("lesson %s closed: every assignment is closed", lesson->number);
    sf_pb_destroy (&lesson);
    return rc;
}

int
lesson_assign_close (sf_call_t *call, sf_db_t *db, int64_t assignment_id, int64_t finding_id, int64_t now_ms)
{
    assert (assignment_id > 0 || finding_id > 0);
    const lesson_assign_transition_t *close = lesson_assign_transition (LESSON_ASSIGN_CLOSE);
    char assignment [24], finding [24], now [24], to [8], from [64];
    snprintf (assignment, sizeof assignment, "%" PRId64, assignment_id);
    snprintf (finding, sizeof finding, "%" PRId64, finding_id);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (to, sizeof to, "%d", close->to);
    lesson_assign_from_sql (LESSON_ASSIGN_CLOSE, from, sizeof from);
    const char *values [] = { assignment, finding, now, to, from };
    //  The assignments concerned are locked first, in id order. A report committing while a
    //  form's outcome is stored would otherwise leave both sides reading the other's state
    //  from before: the report the finding open, the outcome's close the assignment not yet
    //  reported. Locked, the later of the two waits, and its close reads what the other did.
    if (sf_db_exec (db, "SELECT a.id FROM assignment a"
                        " WHERE ($1::bigint = 0 OR a.id = $1::bigint)"
                        "   AND ($2::bigint = 0 OR a.id IN (SELECT f.assignment_id FROM assignment_finding f"
                        "                                    WHERE f.finding_id = $2::bigint))"
                        " ORDER BY a.id FOR UPDATE OF a", 2, values) < 0)
        return -1;
    //  Lessons in id order: two closes lock them in the same order.
    sf_rows_t *rows = sf_db_query (db,
        "WITH closed AS ("
        "  UPDATE assignment a SET status = $4::smallint, closed_ms = $3::bigint, version = a.version + 1"
        "   WHERE a.status = ANY ($5::smallint[])"
        "     AND ($1::bigint = 0 OR a.id = $1::bigint)"
        "     AND ($2::bigint = 0 OR a.id IN (SELECT f.assignment_id FROM assignment_finding f"
        "                                      WHERE f.finding_id = $2::bigint))"
        "     AND NOT EXISTS (SELECT 1 FROM assignment_finding f WHERE f.assignment_id = a.id"
        "                       AND NOT EXISTS (SELECT 1 FROM finding_outcome o WHERE o.finding_id = f.finding_id))"
        "  RETURNING a.id, a.lesson_id)"
        " SELECT id, lesson_id FROM closed ORDER BY lesson_id, id", 5, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows), rc = 0;
    for (int row = 0; rc == 0 && row < count; row++) {
        Lesson__Assignment *closed = NULL;
        if (lesson_assignment_get (db, sf_rows_int (rows, row, 0), false, &closed) != 1
        ||  lesson_emit_assignment (call, db, close->event, closed))
            rc = -1;
        sf_pb_destroy (&closed);
    }
    for (int row = 0; rc == 0 && row < count; row++) {
        int64_t lesson = sf_rows_int (rows, row, 1);
        if (row > 0 && sf_rows_int (rows, row - 1, 1) == lesson)
            continue;
        if (s_lesson_close (call, db, lesson, now_ms) < 0)
            rc = -1;
    }
    sf_rows_destroy (&rows);
    return rc < 0? -1: count;
}
