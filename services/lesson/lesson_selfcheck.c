/*  lesson_selfcheck: what inspection and rectification say of the special checks (lesson.h).
    inspection.inspection_done of a lesson's plan (Record.plan_code is the assignment's
    "LS<id>") makes its assignment self-checked with the record's counts and findings;
    inspection.task_missed of such a plan marks its check missed (not done). rectification's
    form_closed and form_cancelled store the finding's outcome, whatever the finding (the form
    may come before inspection's record: two streams), and close each reported assignment
    whose last open finding it was. Each runs in the consumer's transaction and is safe to
    run twice: a state already reached, a flag already set, an outcome already stored change
    nothing and send nothing.                                                               */
#include "lesson.h"
#include "lesson_assign_machine.h"
#include "lesson_events.h"
#include "lesson_store.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_clock.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The time an event speaks of: when, else when the event occurred, else now.
static int64_t
s_time (const sf_event_t *event, int64_t when)
{
    return when > 0? when: event->occurred_ms > 0? event->occurred_ms: sf_clock_now_ms ();
}

//  Reads assignment id back and sends event about it. 0 or -1.
static int
s_emit (sf_db_t *db, int64_t id, const char *event)
{
    Lesson__Assignment *assignment = NULL;
    int rc = lesson_assignment_get (db, id, false, &assignment) == 1
          && lesson_emit_assignment (NULL, db, event, assignment) == 0? 0: -1;
    sf_pb_destroy (&assignment);
    return rc;
}

//  The record's findings (id, number) into assignment id's; a finding already there stays.
static int
s_findings (sf_db_t *db, const char *id, const Inspection__Record *record)
{
    int64_t *ids = calloc (record->n_findings + 1, sizeof *ids);
    char **numbers = calloc (record->n_findings + 1, sizeof *numbers);
    if (!ids || !numbers)
        abort ();
    size_t count = 0;
    for (size_t index = 0; index < record->n_findings; index++)
        if (record->findings [index]->id > 0) {
            ids [count] = record->findings [index]->id;
            numbers [count++] = record->findings [index]->number;
        }
    int rc = 0;
    if (count) {
        char *id_array = sf_db_int_array_literal (ids, count);
        char *number_array = sf_db_array_literal (numbers, count);
        const char *values [] = { id, id_array, number_array };
        rc = sf_db_exec (db, "INSERT INTO assignment_finding (assignment_id, finding_id, finding_number)"
                             " SELECT $1::bigint, f.id, f.number"
                             "   FROM unnest ($2::bigint[], $3::text[]) AS f (id, number)"
                             " ON CONFLICT DO NOTHING", 3, values) < 0? -1: 0;
        free (id_array);
        free (number_array);
    }
    free (ids);
    free (numbers);
    return rc;
}

//  inspection.inspection_done: the self-check of the assignment whose plan it is.
static int
s_record (sf_db_t *db, const sf_event_t *event)
{
    Inspection__Record *record = sf_event_payload (event, &inspection__record__descriptor, NULL);
    if (!record)
        return -1;
    int rc = 0;
    const lesson_assign_transition_t *check = lesson_assign_transition (LESSON_ASSIGN_SELF_CHECK);
    char when [24], to [8], from [64], task [24], record_id [24], passed [16], failed [16];
    snprintf (when, sizeof when, "%" PRId64, s_time (event, record->recorded_ms));
    snprintf (to, sizeof to, "%d", check->to);
    lesson_assign_from_sql (LESSON_ASSIGN_SELF_CHECK, from, sizeof from);
    snprintf (task, sizeof task, "%" PRId64, record->task_id);
    snprintf (record_id, sizeof record_id, "%" PRId64, record->id);
    snprintf (passed, sizeof passed, "%d", (int) record->passed);
    snprintf (failed, sizeof failed, "%d", (int) record->failed);
    const char *values [] = { record->plan_code, when, to, from, task, record_id, passed, failed, record->inspector };
    //  A plan that is not a lesson's, or a record already applied (the state moved on): nothing.
    sf_rows_t *rows = *record->plan_code? sf_db_query (db,
        "UPDATE assignment SET status = $3::smallint, self_checked_ms = $2::bigint,"
        "       acknowledged_ms = CASE WHEN acknowledged_ms = 0 THEN $2::bigint ELSE acknowledged_ms END,"
        "       acknowledged_by = CASE WHEN acknowledged_by = '' THEN $9 ELSE acknowledged_by END,"
        "       task_id = $5::bigint, record_id = $6::bigint, items_passed = $7::int, items_failed = $8::int,"
        "       version = version + 1"
        " WHERE plan_code = $1 AND status = ANY ($4::smallint[]) RETURNING id", 9, values): NULL;
    if (*record->plan_code && !rows)
        rc = -1;
    if (rows && sf_rows_count (rows) == 1) {
        const char *id = sf_rows_text (rows, 0, 0);
        rc = s_findings (db, id, record) || s_emit (db, sf_rows_int (rows, 0, 0), check->event)? -1: 0;
        if (rc == 0)
            sf_info ("assignment %s self-checked: record %s, %zu findings", id, record_id, record->n_findings);
    }
    sf_rows_destroy (&rows);
    sf_pb_destroy (&record);
    return rc;
}

//  inspection.task_missed: the special check's window ended unrecorded; said once.
static int
s_missed (sf_db_t *db, const sf_event_t *event)
{
    Inspection__Task *task = sf_event_payload (event, &inspection__task__descriptor, NULL);
    if (!task)
        return -1;
    char from [64];
    lesson_assign_from_sql (LESSON_ASSIGN_SELF_CHECK, from, sizeof from);
    const char *values [] = { task->plan_code, from };
    sf_rows_t *rows = *task->plan_code? sf_db_query (db,
        "UPDATE assignment SET check_missed = true, version = version + 1"
        " WHERE plan_code = $1 AND NOT check_missed AND status = ANY ($2::smallint[]) RETURNING id", 2, values): NULL;
    int rc = *task->plan_code && !rows? -1: 0;
    if (rows && sf_rows_count (rows) == 1) {
        rc = s_emit (db, sf_rows_int (rows, 0, 0), "lesson.assignment_not_done");
        if (rc == 0)
            sf_info ("assignment %s: its special check was missed", sf_rows_text (rows, 0, 0));
    }
    sf_rows_destroy (&rows);
    sf_pb_destroy (&task);
    return rc;
}

int
lesson_selfcheck_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    if (strcmp (event->type, "inspection.inspection_done") == 0)
        return s_record (db, event);
    if (strcmp (event->type, "inspection.task_missed") == 0)
        return s_missed (db, event);
    return 0;
}

int
lesson_outcome_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    const char *outcome = strcmp (event->type, "rectification.form_closed") == 0? "closed":
                          strcmp (event->type, "rectification.form_cancelled") == 0? "cancelled": NULL;
    if (!outcome)
        return 0;
    Rectification__Form *form = sf_event_payload (event, &rectification__form__descriptor, NULL);
    if (!form)
        return -1;
    //  A direct form (no finding) concerns no self-check.
    int rc = 0;
    if (form->finding_id > 0) {
        char finding [24], at [24];
        snprintf (finding, sizeof finding, "%" PRId64, form->finding_id);
        snprintf (at, sizeof at, "%" PRId64, s_time (event, form->closed_ms));
        const char *values [] = { finding, outcome, form->number, at };
        rc = sf_db_exec (db, "INSERT INTO finding_outcome (finding_id, outcome, form_number, at_ms)"
                             " VALUES ($1::bigint, $2, $3, $4::bigint) ON CONFLICT DO NOTHING", 4, values) < 0
          || lesson_assign_close (NULL, db, 0, form->finding_id, sf_clock_now_ms ()) < 0? -1: 0;
    }
    sf_pb_destroy (&form);
    return rc;
}
