/*  scoring_score_apply: the consumers of inspection, training and lesson (scoring.h): each
    event a rule kind reads becomes a cause (scoring_score.h) with its business time; the
    rectification stream is scoring_score_rectification.c's. Events of other types are not
    their business (0); a payload that does not read fails (-1: the consumer dead-letters it).
    README_rules.md, "Event kinds", is the table of what each event is read as.             */
#include "scoring_score.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "training_exam.pb-c.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

//  The time an event speaks of: when, else the event's own moment.
static int64_t
s_time (const sf_event_t *event, int64_t when)
{
    return when > 0? when: event->occurred_ms;
}

static int
s_score (sf_db_t *db, void *arg, const sf_event_t *event, scoring_cause_t *cause)
{
    cause->source_key = event->event_id;
    cause->event_id = event->event_id;
    cause->event_type = event->type;
    return scoring_score_cause (db, arg, cause) < 0? -1: 0;
}

//  inspection.violation_recorded: 三违 by type, to the person and their unit.
static int
s_violation (sf_db_t *db, const sf_event_t *event, void *arg)
{
    Inspection__Violation *violation = sf_event_payload (event, &inspection__violation__descriptor, "number");
    if (!violation)
        return -1;
    const char *kind = violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND? "violation.command":
                       violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION? "violation.operation":
                       violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE? "violation.discipline": NULL;
    int rc = 0;
    if (kind) {
        scoring_cause_t cause = {
            .kind = kind, .person = violation->person_code, .unit = violation->unit_code,
            .occurred_ms = s_time (event, violation->occurred_ms), .source_ref = violation->number
        };
        rc = s_score (db, arg, event, &cause);
    }
    else
        rc = scoring_score_unscored (db, event->event_id, event->type, violation->number, "no violation type");
    sf_pb_destroy (&violation);
    return rc;
}

//  inspection.finding_reported (a person's own report only) and major_hazard_found: a
//  reward to the reporter's employee.
static int
s_finding (sf_db_t *db, const sf_event_t *event, void *arg, bool major)
{
    Inspection__Finding *finding = sf_event_payload (event, &inspection__finding__descriptor, "number");
    if (!finding)
        return -1;
    int rc = 0;
    if (major || finding->source == INSPECTION__FINDING_SOURCE__SOURCE_REPORT) {
        char employee [33];
        int found = scoring_score_employee_of (db, finding->reporter, employee);
        if (found < 0)
            rc = -1;
        else
        if (!found)
            rc = scoring_score_unscored (db, event->event_id, event->type, finding->reporter,
                                         "reporter's account unknown or without an employee");
        else {
            scoring_cause_t cause = {
                .kind = major? "hazard.major_found": "hazard.reported", .person = employee,
                .occurred_ms = s_time (event, finding->reported_ms), .source_ref = finding->number
            };
            rc = s_score (db, arg, event, &cause);
        }
    }
    sf_pb_destroy (&finding);
    return rc;
}

//  inspection.task_missed: the executor unit missed its inspection.
static int
s_task_missed (sf_db_t *db, const sf_event_t *event, void *arg)
{
    Inspection__Task *task = sf_event_payload (event, &inspection__task__descriptor, "executor_unit");
    if (!task)
        return -1;
    char ref [128];
    snprintf (ref, sizeof ref, "%s/%" PRId64, task->plan_code, task->id);
    scoring_cause_t cause = {
        .kind = "inspection.task_missed", .unit = task->executor_unit,
        .occurred_ms = s_time (event, task->window_end_ms), .source_ref = ref
    };
    int rc = s_score (db, arg, event, &cause);
    sf_pb_destroy (&task);
    return rc;
}

int
scoring_inspection_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    if (strcmp (event->type, "inspection.violation_recorded") == 0)
        return s_violation (db, event, arg);
    if (strcmp (event->type, "inspection.finding_reported") == 0)
        return s_finding (db, event, arg, false);
    if (strcmp (event->type, "inspection.major_hazard_found") == 0)
        return s_finding (db, event, arg, true);
    if (strcmp (event->type, "inspection.task_missed") == 0)
        return s_task_missed (db, event, arg);
    return 0;
}

int
scoring_training_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    if (strcmp (event->type, "training.exam_failed"))
        return 0;
    Training__ExamOutcome *outcome = sf_event_payload (event, &training__exam_outcome__descriptor, "employee_code");
    if (!outcome)
        return -1;
    char ref [128];
    snprintf (ref, sizeof ref, "%s/%" PRId64, outcome->blueprint_code, outcome->attempt_id);
    scoring_cause_t cause = {
        .kind = "training.exam_failed", .person = outcome->employee_code,
        .occurred_ms = s_time (event, outcome->submitted_ms), .source_ref = ref
    };
    int rc = s_score (db, arg, event, &cause);
    sf_pb_destroy (&outcome);
    return rc;
}

int
scoring_lesson_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    bool late = strcmp (event->type, "lesson.assignment_overdue") == 0;
    if (!late && strcmp (event->type, "lesson.assignment_not_done"))
        return 0;
    Lesson__Assignment *assignment = sf_event_payload (event, &lesson__assignment__descriptor, "unit_code");
    if (!assignment)
        return -1;
    scoring_cause_t cause = {
        .kind = late? "lesson.selfcheck_late": "lesson.selfcheck_not_done", .unit = assignment->unit_code,
        .occurred_ms = late? s_time (event, assignment->deadline_ms): event->occurred_ms,
        .source_ref = assignment->lesson_number
    };
    int rc = s_score (db, arg, event, &cause);
    sf_pb_destroy (&assignment);
    return rc;
}
