/*  lesson_assign_routes: the assign area's part of the route table (lesson.h): acknowledge
    and report an assignment (the state machine of lesson_assign_machine.h), read one, list a
    lesson's assignments or a unit's history, and a lesson's progress (lesson_assign_read.h).
    Every route is scoped to the assignment's unit or the lesson's scope unit (README_assign.md,
    "Who may do what"); roles are not asked: a person with a grant there may act for the unit.
    The two writes run alone: each locks its assignment, then its lesson when it closes it.   */
#include "lesson.h"
#include "lesson_assign_machine.h"
#include "lesson_assign_messages.h"
#include "lesson_assign_read.h"
#include "lesson_events.h"
#include "lesson_store.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The longest report, in characters (lesson.proto: ReportAssignment.report).
#define S_REPORT_MAX_CHARS 2000

//  The assignment's unit, for the scope check of the routes naming an assignment_id.
static int
s_assignment_units (sf_call_t *call, sf_scope_units_t *units)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (call->message->descriptor, "assignment_id");
    int64_t id = *(const int64_t *) sf_pb_member (call->message, field);
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code FROM assignment WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

//  Reads and locks assignment id for action. The assignment, or NULL with the call failed
//  (unknown, or in a state the action does not start from).
static Lesson__Assignment *
s_begin (sf_call_t *call, int64_t id, lesson_assign_action_t action)
{
    Lesson__Assignment *assignment = NULL;
    int found = lesson_assignment_get (call->db, id, true, &assignment);
    if (found < 0)
        sf_call_fail_db (call, "reading an assignment");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &LESSON_ASSIGN_MSG_UNKNOWN, (long long) id);
    else
    if (!lesson_assign_may (action, assignment->status)) {
        const sf_text_t *state = lesson_assign_state_name (assignment->status);
        if (action == LESSON_ASSIGN_REPORT && assignment->status < LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &LESSON_ASSIGN_MSG_REPORT_EARLY, (long long) id, state->zh,
                          state->en);
        else {
            const sf_text_t *name = &lesson_assign_transition (action)->name;
            sf_call_fail (call, SF_FAILED_PRECONDITION, &LESSON_ASSIGN_MSG_TRANSITION, (long long) id, state->zh,
                          name->zh, state->en, name->en);
        }
        sf_pb_destroy (&assignment);
    }
    return assignment;
}

//  Reads assignment id back after a change and sends event (when not NULL) about it; the
//  assignment, or NULL with the call failed.
static Lesson__Assignment *
s_emit (sf_call_t *call, int64_t id, const char *event)
{
    Lesson__Assignment *assignment = NULL;
    if (lesson_assignment_get (call->db, id, false, &assignment) != 1
    ||  (event && lesson_emit_assignment (call, call->db, event, assignment))) {
        sf_call_fail_db (call, "reading an assignment back");
        sf_pb_destroy (&assignment);
    }
    return assignment;
}

static void
s_acknowledge (sf_call_t *call)
{
    const Lesson__AcknowledgeAssignment *request = SF_CALL_BODY (call, Lesson__AcknowledgeAssignment);
    Lesson__Assignment *assignment = s_begin (call, request->assignment_id, LESSON_ASSIGN_ACKNOWLEDGE);
    if (!assignment)
        return;
    const lesson_assign_transition_t *acknowledge = lesson_assign_transition (LESSON_ASSIGN_ACKNOWLEDGE);
    char key [24], to [8], now [24];
    snprintf (key, sizeof key, "%" PRId64, assignment->id);
    snprintf (to, sizeof to, "%d", acknowledge->to);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = { key, to, now, call->request->actor.user_id? call->request->actor.user_id: "" };
    sf_pb_destroy (&assignment);
    if (sf_db_exec (call->db, "UPDATE assignment SET status = $2::smallint, acknowledged_ms = $3::bigint,"
                              " acknowledged_by = $4, version = version + 1 WHERE id = $1::bigint", 4, values) != 1) {
        sf_call_fail_db (call, "acknowledging an assignment");
        return;
    }
    assignment = s_emit (call, request->assignment_id, acknowledge->event);
    if (assignment)
        sf_call_reply (call, &assignment->base);
    sf_pb_destroy (&assignment);
}

static void
s_report (sf_call_t *call)
{
    const Lesson__ReportAssignment *request = SF_CALL_BODY (call, Lesson__ReportAssignment);
    if (sf_utf8_blank (request->report) || sf_utf8_chars (request->report, strlen (request->report)) > S_REPORT_MAX_CHARS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_ASSIGN_MSG_REPORT_LENGTH, S_REPORT_MAX_CHARS);
        return;
    }
    Lesson__Assignment *assignment = s_begin (call, request->assignment_id, LESSON_ASSIGN_REPORT);
    if (!assignment)
        return;
    sf_pb_destroy (&assignment);
    const lesson_assign_transition_t *report = lesson_assign_transition (LESSON_ASSIGN_REPORT);
    int64_t now_ms = sf_clock_now_ms ();
    char key [24], to [8], now [24];
    snprintf (key, sizeof key, "%" PRId64, request->assignment_id);
    snprintf (to, sizeof to, "%d", report->to);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { key, to, now, call->request->actor.user_id? call->request->actor.user_id: "",
                              request->report };
    if (sf_db_exec (call->db, "UPDATE assignment SET status = $2::smallint, reported_ms = $3::bigint,"
                              " reported_by = $4, report = $5, version = version + 1 WHERE id = $1::bigint",
                    5, values) != 1) {
        sf_call_fail_db (call, "reporting an assignment");
        return;
    }
    assignment = s_emit (call, request->assignment_id, report->event);
    if (!assignment)
        return;
    //  No finding of its check open (none found, or every form closed or cancelled): closed
    //  at once, and its lesson with it when it was the last.
    sf_pb_destroy (&assignment);
    if (lesson_assign_close (call, call->db, request->assignment_id, 0, now_ms) < 0) {
        sf_call_fail_db (call, "closing an assignment");
        return;
    }
    assignment = s_emit (call, request->assignment_id, NULL);
    if (assignment)
        sf_call_reply (call, &assignment->base);
    sf_pb_destroy (&assignment);
}

static void
s_get (sf_call_t *call)
{
    const Lesson__GetAssignment *request = SF_CALL_BODY (call, Lesson__GetAssignment);
    Lesson__Assignment *assignment = NULL;
    int found = lesson_assignment_get (call->db, request->assignment_id, false, &assignment);
    if (found < 0)
        sf_call_fail_db (call, "reading an assignment");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &LESSON_ASSIGN_MSG_UNKNOWN, (long long) request->assignment_id);
    else
        sf_call_reply (call, &assignment->base);
    sf_pb_destroy (&assignment);
}

#define S_ROUTE(name, reply_name, fn) \
    .request = &lesson__##name##__descriptor, .reply = &lesson__##reply_name##__descriptor, .handler = fn

const sf_route_t lesson_assign_routes [] = {
    { S_ROUTE (acknowledge_assignment, assignment, s_acknowledge), .writes = true, .alone = true,
      .scope_of = s_assignment_units },
    { S_ROUTE (report_assignment, assignment, s_report), .writes = true, .alone = true, .required = "report",
      .scope_of = s_assignment_units },
    { S_ROUTE (get_assignment, assignment, s_get), .scope_of = s_assignment_units, .lookup = true },
    { S_ROUTE (list_assignments, assignment_list, lesson_assign_list), .scope_of = lesson_assign_list_units },
    { S_ROUTE (get_progress, progress, lesson_assign_progress), .scope_of = lesson_assign_progress_units },
    { 0 }
};
