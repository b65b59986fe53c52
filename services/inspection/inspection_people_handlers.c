/*  inspection_people_handlers: 三违 records (the case library) and the team's shift
    meetings (一班两会).                                                                     */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <stdlib.h>

//  A violation may be recorded a little ahead of the server's clock (a phone's clock).
#define CLOCK_SKEW_MS (5 * 60 * 1000)

static int
s_check_violation (sf_call_t *call, const Inspection__RecordViolation *violation, int64_t occurred_ms,
                   sf_org_node_t *unit)
{
    if (violation->type < INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND
    ||  violation->type > INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_VIOLATION);
        return -1;
    }
    if (inspection_guard_text (call, violation->description, 1, INSPECTION_DESCRIPTION_MAX_CHARS, "经过描述",
                               "the description"))
        return -1;
    if (inspection_guard_text (call, violation->location, 0, INSPECTION_LOCATION_MAX_CHARS, "地点", "the location"))
        return -1;
    if (occurred_ms < 0 || occurred_ms > sf_clock_now_ms () + CLOCK_SKEW_MS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_FUTURE_TIME);
        return -1;
    }
    //  The unit is within the actor's grants: the route's scope check, before the handler.
    return inspection_guard_unit (call, violation->person_code, INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_EMPLOYEE),
                                  &INSPECTION_MSG_NOT_EMPLOYEE, NULL)
        || inspection_guard_unit (call, violation->unit_code, INSPECTION_RESPONSIBLE_KINDS,
                                  &INSPECTION_MSG_BAD_RESPONSIBLE_KIND, unit)? -1: 0;
}

void
inspection_record_violation (sf_call_t *call)
{
    const Inspection__RecordViolation *request = SF_CALL_BODY (call, Inspection__RecordViolation);
    const inspection_state_t *state = call->state;
    int64_t now_ms = sf_clock_now_ms ();
    Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
    violation.occurred_ms = request->occurred_ms? request->occurred_ms: now_ms;
    sf_org_node_t unit;
    if (s_check_violation (call, request, violation.occurred_ms, &unit))
        return;
    violation.type = request->type;
    violation.person_code = request->person_code;
    violation.unit_code = request->unit_code;
    violation.plant_code = unit.plant_code;
    violation.description = request->description;
    violation.location = request->location;
    violation.recorded_by = call->request->actor.user_id;
    Inspection__Violation *stored = inspection_store_violation_insert (call->db, &violation, now_ms,
                                                                       inspection_guard_plant_or_company (&unit),
                                                                       state->default_time_zone);
    if (!stored)
        sf_call_fail_db (call, "storing a violation");
    else {
        sf_call_reply (call, &stored->base);
        if (inspection_guard_emit (call, "inspection.violation_recorded", "violation", stored->number, unit.plant_code,
                                   &stored->base) == 0)
            sf_info ("violation %s recorded for %s in %s", stored->number, stored->person_code, stored->unit_code);
    }
    sf_pb_destroy (&stored);
}

void
inspection_get_violation (sf_call_t *call)
{
    const Inspection__GetViolation *request = SF_CALL_BODY (call, Inspection__GetViolation);
    Inspection__Violation *violation = NULL;
    int found = inspection_store_violation_find (call->db, request->number, &violation);
    if (found < 0)
        sf_call_fail_db (call, "looking up a violation");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_VIOLATION_NOT_FOUND,
                      inspection_guard_shown (request->number));
    else
        sf_call_reply (call, &violation->base);
    sf_pb_destroy (&violation);
}

void
inspection_search_violations (sf_call_t *call)
{
    const Inspection__SearchViolations *request = SF_CALL_BODY (call, Inspection__SearchViolations);
    if (*request->unit_code && inspection_guard_unit (call, request->unit_code, 0, NULL, NULL))
        return;
    if (inspection_guard_text (call, request->text, 0, 100, "搜索文字", "the search text"))
        return;
    if (request->to_ms && request->to_ms < request->from_ms) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_PERIOD);
        return;
    }
    sf_page_t page;
    //  Latest first: occurred_ms and id.
    if (inspection_page_open (call, request->page_size, request->page_token, "nn", &page))
        return;
    Inspection__ViolationList *list = sf_pb_new (&inspection__violation_list__descriptor);
    int rc = inspection_store_violations (call->db, request, (const char *const *) page.after, page.size + 1, list);
    if (rc >= 0 && inspection_page_trim (&list->violations, &list->n_violations, page.size)) {
        const Inspection__Violation *last = list->violations [list->n_violations - 1];
        const char *keys [] = { INSPECTION_SQL_INT (last->occurred_ms), INSPECTION_SQL_INT (last->id) };
        inspection_page_set_token (call, &list->next_page_token, keys, 2);
    }
    sf_page_close (&page);
    inspection_guard_answer (call, rc, "searching violations", &list);
}

static int
s_check_people (sf_call_t *call, char *const *codes, size_t count)
{
    if (count > INSPECTION_PEOPLE_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "人员", "people", INSPECTION_PEOPLE_MAX);
        return -1;
    }
    bool error;
    char *unknown = inspection_store_first_unknown_employee (call->db, codes, count, &error);
    if (error) {
        sf_call_fail_db (call, "looking up employees");
        return -1;
    }
    if (unknown) {
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_NOT_EMPLOYEE, inspection_guard_shown (unknown));
        free (unknown);
        return -1;
    }
    return 0;
}

static int
s_check_meeting (sf_call_t *call, const Inspection__RecordMeeting *meeting, sf_org_node_t *team)
{
    //  The team is within the actor's grants: the route's scope check, before the handler.
    if (inspection_guard_unit (call, meeting->team_code, INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_TEAM),
                               &INSPECTION_MSG_NOT_A_TEAM, team))
        return -1;
    if (!inspection_date_valid (meeting->shift_date)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_DATE, inspection_guard_shown (meeting->shift_date));
        return -1;
    }
    const inspection_state_t *state = call->state;
    int shifts = inspection_store_shift_count (call->db, team->plant_code, (int) state->default_shift_count);
    if (shifts < 0) {
        sf_call_fail_db (call, "reading the plant's calendar");
        return -1;
    }
    if (meeting->shift_no < 1 || meeting->shift_no > shifts) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SHIFT_NO);
        return -1;
    }
    if (meeting->kind != INSPECTION__MEETING_KIND__MEETING_PRE_SHIFT
    &&  meeting->kind != INSPECTION__MEETING_KIND__MEETING_POST_SHIFT) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_MEETING_KIND);
        return -1;
    }
    if (meeting->n_attendees == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_NO_ATTENDEES);
        return -1;
    }
    if (inspection_guard_text (call, meeting->topics, 1, INSPECTION_DESCRIPTION_MAX_CHARS, "会议内容", "the topics"))
        return -1;
    if (inspection_guard_text (call, meeting->risks_briefed, 0, INSPECTION_DESCRIPTION_MAX_CHARS, "风险交底",
                               "the risks briefed"))
        return -1;
    return s_check_people (call, meeting->attendees, meeting->n_attendees)
        || s_check_people (call, meeting->absentees, meeting->n_absentees)? -1: 0;
}

void
inspection_record_meeting (sf_call_t *call)
{
    const Inspection__RecordMeeting *request = SF_CALL_BODY (call, Inspection__RecordMeeting);
    sf_org_node_t team;
    if (s_check_meeting (call, request, &team))
        return;
    Inspection__Meeting meeting = INSPECTION__MEETING__INIT;
    meeting.team_code = request->team_code;
    meeting.shift_date = request->shift_date;
    meeting.shift_no = request->shift_no;
    meeting.kind = request->kind;
    meeting.n_attendees = request->n_attendees;
    meeting.attendees = request->attendees;
    meeting.n_absentees = request->n_absentees;
    meeting.absentees = request->absentees;
    meeting.topics = request->topics;
    meeting.risks_briefed = request->risks_briefed;
    meeting.recorded_by = call->request->actor.user_id;
    meeting.recorded_ms = sf_clock_now_ms ();
    Inspection__Meeting *stored = NULL;
    int inserted = inspection_store_meeting_insert (call->db, &meeting, &stored);
    if (inserted < 0)
        sf_call_fail_db (call, "storing a meeting");
    else
    if (!inserted)
        sf_call_fail (call, SF_ALREADY_EXISTS, &INSPECTION_MSG_MEETING_EXISTS, meeting.team_code, meeting.shift_date,
                      meeting.shift_no);
    else {
        sf_call_reply (call, &stored->base);
        char id [32];
        snprintf (id, sizeof id, "%lld", (long long) stored->id);
        inspection_guard_emit (call, "inspection.meeting_recorded", "meeting", id, team.plant_code, &stored->base);
    }
    sf_pb_destroy (&stored);
}
