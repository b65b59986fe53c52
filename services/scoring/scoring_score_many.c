/*  scoring_score_many: the events of a share read into causes as scoring_score_apply.c reads
    them one by one (README_rules.md, "Event kinds"), then scored together
    (scoring_score_many_store.c).                                                           */
#include "scoring_score_many.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "training_exam.pb-c.h"
#include "sf_event_payload.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The causes of a share, with the payloads and references their texts point into.
typedef struct {
    size_t count;
    scoring_cause_t *causes;
    ProtobufCMessage **payloads;
    char (*refs) [128];
} s_share_t;

static void
s_share_init (s_share_t *share, size_t count)
{
    *share = (s_share_t) {
        .causes = calloc (count + 1, sizeof (scoring_cause_t)),
        .payloads = calloc (count + 1, sizeof (ProtobufCMessage *)),
        .refs = calloc (count + 1, sizeof (char [128]))
    };
    if (!share->causes || !share->payloads || !share->refs)
        abort ();
}

static void
s_share_clear (s_share_t *share)
{
    for (size_t i = 0; i < share->count; i++)
        sf_pb_destroy (&share->payloads [i]);
    free (share->causes);
    free (share->payloads);
    free (share->refs);
}

//  The time an event speaks of: when, else the event's own moment.
static int64_t
s_time (const sf_event_t *event, int64_t when)
{
    return when > 0? when: event->occurred_ms;
}

//  The next cause of share, for event, its payload kept until the share is cleared.
static scoring_cause_t *
s_add (s_share_t *share, const sf_event_t *event, void *payload)
{
    size_t i = share->count++;
    share->payloads [i] = payload;
    scoring_cause_t *cause = &share->causes [i];
    cause->source_key = event->event_id;
    cause->event_id = event->event_id;
    cause->event_type = event->type;
    return cause;
}

//  inspection.violation_recorded: 0 added, -1 for the one-by-one handler (no payload, no type).
static int
s_violation (s_share_t *share, const sf_event_t *event)
{
    Inspection__Violation *violation = sf_event_payload (event, &inspection__violation__descriptor, "number");
    if (!violation)
        return -1;
    const char *kind = violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND? "violation.command":
                       violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION? "violation.operation":
                       violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE? "violation.discipline": NULL;
    if (!kind) {
        sf_pb_destroy (&violation);
        return -1;
    }
    scoring_cause_t *cause = s_add (share, event, violation);
    cause->kind = kind;
    cause->person = violation->person_code;
    cause->unit = violation->unit_code;
    cause->occurred_ms = s_time (event, violation->occurred_ms);
    cause->source_ref = violation->number;
    return 0;
}

//  inspection.task_missed: the executor unit missed its inspection.
static int
s_task_missed (s_share_t *share, const sf_event_t *event)
{
    Inspection__Task *task = sf_event_payload (event, &inspection__task__descriptor, "executor_unit");
    if (!task)
        return -1;
    size_t i = share->count;
    scoring_cause_t *cause = s_add (share, event, task);
    snprintf (share->refs [i], sizeof share->refs [i], "%s/%" PRId64, task->plan_code, task->id);
    cause->kind = "inspection.task_missed";
    cause->unit = task->executor_unit;
    cause->occurred_ms = s_time (event, task->window_end_ms);
    cause->source_ref = share->refs [i];
    return 0;
}

static int
s_training (s_share_t *share, const sf_event_t *event)
{
    Training__ExamOutcome *outcome = sf_event_payload (event, &training__exam_outcome__descriptor, "employee_code");
    if (!outcome)
        return -1;
    size_t i = share->count;
    scoring_cause_t *cause = s_add (share, event, outcome);
    snprintf (share->refs [i], sizeof share->refs [i], "%s/%" PRId64, outcome->blueprint_code, outcome->attempt_id);
    cause->kind = "training.exam_failed";
    cause->person = outcome->employee_code;
    cause->occurred_ms = s_time (event, outcome->submitted_ms);
    cause->source_ref = share->refs [i];
    return 0;
}

static int
s_lesson (s_share_t *share, const sf_event_t *event, bool late)
{
    Lesson__Assignment *assignment = sf_event_payload (event, &lesson__assignment__descriptor, "unit_code");
    if (!assignment)
        return -1;
    scoring_cause_t *cause = s_add (share, event, assignment);
    cause->kind = late? "lesson.selfcheck_late": "lesson.selfcheck_not_done";
    cause->unit = assignment->unit_code;
    cause->occurred_ms = late? s_time (event, assignment->deadline_ms): event->occurred_ms;
    cause->source_ref = assignment->lesson_number;
    return 0;
}

//  Scores the causes read; 0 done, -1 (a db error, or a cause not plain) the share back.
static int
s_score (sf_db_t *db, void *arg, s_share_t *share, int rc)
{
    if (rc == 0 && share->count)
        rc = scoring_score_many (db, arg, share->causes, share->count) == 0? 0: -1;
    s_share_clear (share);
    return rc;
}

static bool
s_is (const sf_event_t *event, const char *type)
{
    return event->type && strcmp (event->type, type) == 0;
}

int
scoring_inspection_apply_many (sf_db_t *db, const sf_event_t *const *events, size_t count, void *arg)
{
    s_share_t share;
    s_share_init (&share, count);
    int rc = 0;
    for (size_t e = 0; e < count && rc == 0; e++) {
        const sf_event_t *event = events [e];
        if (s_is (event, "inspection.violation_recorded"))
            rc = s_violation (&share, event);
        else
        if (s_is (event, "inspection.task_missed"))
            rc = s_task_missed (&share, event);
        else
        if (s_is (event, "inspection.finding_reported") || s_is (event, "inspection.major_hazard_found"))
            rc = scoring_inspection_apply (db, event, arg) == 0? 0: -1;
    }
    return s_score (db, arg, &share, rc);
}

int
scoring_training_apply_many (sf_db_t *db, const sf_event_t *const *events, size_t count, void *arg)
{
    s_share_t share;
    s_share_init (&share, count);
    int rc = 0;
    for (size_t e = 0; e < count && rc == 0; e++)
        if (s_is (events [e], "training.exam_failed"))
            rc = s_training (&share, events [e]);
    return s_score (db, arg, &share, rc);
}

int
scoring_lesson_apply_many (sf_db_t *db, const sf_event_t *const *events, size_t count, void *arg)
{
    s_share_t share;
    s_share_init (&share, count);
    int rc = 0;
    for (size_t e = 0; e < count && rc == 0; e++) {
        bool late = s_is (events [e], "lesson.assignment_overdue");
        if (late || s_is (events [e], "lesson.assignment_not_done"))
            rc = s_lesson (&share, events [e], late);
    }
    return s_score (db, arg, &share, rc);
}
