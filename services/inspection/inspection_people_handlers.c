/*  inspection_people_handlers: 三违 records (the case library) and the team's shift
    meetings (一班两会).                                                                     */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"
#include "sf_clock.h"

#include <stdlib.h>
#include <string.h>

//  A violation may be recorded a little ahead of the server's clock (a phone's clock).
#define CLOCK_SKEW_MS (5 * 60 * 1000)

static int
s_check_violation (sf_call_t *call, inspection_violation_t *violation, sf_org_node_t *unit)
{
    if (violation->type < INSPECTION_VIOLATION_ILLEGAL_COMMAND || violation->type > INSPECTION_VIOLATION_DISCIPLINE) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_VIOLATION);
        return -1;
    }
    if (!inspection_text_valid (violation->description, 1, INSPECTION_DESCRIPTION_MAX_CHARS)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "经过描述", "the description",
                      INSPECTION_DESCRIPTION_MAX_CHARS);
        return -1;
    }
    if (!inspection_text_valid (violation->location, 0, INSPECTION_LOCATION_MAX_CHARS)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "地点", "the location",
                      INSPECTION_LOCATION_MAX_CHARS);
        return -1;
    }
    int64_t now_ms = sf_clock_now_ms ();
    if (violation->occurred_ms == 0)
        violation->occurred_ms = now_ms;
    if (violation->occurred_ms < 0 || violation->occurred_ms > now_ms + CLOCK_SKEW_MS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_FUTURE_TIME);
        return -1;
    }
    unsigned kinds = INSPECTION_KIND_BIT (SF_ORG_PLANT) | INSPECTION_KIND_BIT (SF_ORG_DEPARTMENT)
                   | INSPECTION_KIND_BIT (SF_ORG_TEAM) | INSPECTION_KIND_BIT (SF_ORG_POST);
    if (inspection_guard_unit (call, violation->person_code, INSPECTION_KIND_BIT (SF_ORG_EMPLOYEE),
                               &INSPECTION_MSG_NOT_EMPLOYEE, NULL)
    ||  inspection_guard_unit (call, violation->unit_code, kinds, &INSPECTION_MSG_BAD_RESPONSIBLE_KIND, unit))
        return -1;
    return inspection_guard_covers (call, violation->unit_code);
}

void
inspection_record_violation (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    const inspection_state_t *state = call->state;
    inspection_violation_t *violation = &request.violation;
    sf_org_node_t unit;
    if (s_check_violation (call, violation, &unit) == 0) {
        int64_t now_ms = sf_clock_now_ms ();
        violation->plant_code = strdup (unit.plant_code);
        violation->recorded_by = strdup (call->request->actor.user_id? call->request->actor.user_id: "");
        violation->number = inspection_store_next_number (call->db, inspection_guard_plant_or_company (&unit), 'V',
                                                          now_ms, state->default_time_zone);
        if (!violation->number || inspection_store_violation_insert (call->db, violation, now_ms))
            sf_call_fail_db (call, "storing a violation");
        else {
            size_t size;
            uint8_t *body = inspection_violation_encode (violation, &size);
            sf_call_ok (call, "inspection.Violation", body, size);
            if (inspection_guard_emit (call, "inspection.violation_recorded", "violation", violation->number,
                                       unit.plant_code, "inspection.Violation", body, size) == 0)
                sf_info ("violation %s recorded for %s in %s", violation->number, violation->person_code,
                         violation->unit_code);
        }
    }
    inspection_request_clear (&request);
}

void
inspection_search_violations (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    int rc = *request.unit_code? inspection_guard_unit (call, request.unit_code, 0, NULL, NULL): 0;
    if (rc == 0 && !inspection_text_valid (request.text, 0, 100)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "搜索文字", "the search text", 100);
        rc = -1;
    }
    if (rc == 0 && request.to_ms && request.to_ms < request.from_ms) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_PERIOD);
        rc = -1;
    }
    if (rc == 0) {
        inspection_violation_list_t list = { 0 };
        if (inspection_store_violations (call->db, request.unit_code, request.violation_type, request.text,
                                         request.from_ms, request.to_ms, inspection_limit (request.limit), &list) < 0)
            sf_call_fail_db (call, "searching violations");
        else {
            size_t size;
            uint8_t *body = inspection_violation_list_encode (&list, &size);
            sf_call_ok (call, "inspection.ViolationList", body, size);
            free (body);
        }
        INSPECTION_CLEAR (&list, inspection_violation_clear);
    }
    inspection_request_clear (&request);
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
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_NOT_EMPLOYEE,
                      inspection_text_valid (unknown, 1, INSPECTION_CODE_MAX_CHARS)? unknown: "?");
        free (unknown);
        return -1;
    }
    return 0;
}

static int
s_check_meeting (sf_call_t *call, const inspection_meeting_t *meeting, sf_org_node_t *team)
{
    if (inspection_guard_unit (call, meeting->team_code, INSPECTION_KIND_BIT (SF_ORG_TEAM),
                               &INSPECTION_MSG_NOT_A_TEAM, team)
    ||  inspection_guard_covers (call, meeting->team_code))
        return -1;
    if (!inspection_date_valid (meeting->shift_date)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_DATE,
                      inspection_text_valid (meeting->shift_date, 0, 20)? meeting->shift_date: "?");
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
    if (meeting->kind != INSPECTION_MEETING_PRE_SHIFT && meeting->kind != INSPECTION_MEETING_POST_SHIFT) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_MEETING_KIND);
        return -1;
    }
    if (meeting->attendee_count == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_NO_ATTENDEES);
        return -1;
    }
    if (!inspection_text_valid (meeting->topics, 1, INSPECTION_DESCRIPTION_MAX_CHARS)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "会议内容", "the topics",
                      INSPECTION_DESCRIPTION_MAX_CHARS);
        return -1;
    }
    if (!inspection_text_valid (meeting->risks_briefed, 0, INSPECTION_DESCRIPTION_MAX_CHARS)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "风险交底", "the risks briefed",
                      INSPECTION_DESCRIPTION_MAX_CHARS);
        return -1;
    }
    return s_check_people (call, meeting->attendees, meeting->attendee_count)
        || s_check_people (call, meeting->absentees, meeting->absentee_count)? -1: 0;
}

void
inspection_record_meeting (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    inspection_meeting_t *meeting = &request.meeting;
    sf_org_node_t team;
    if (s_check_meeting (call, meeting, &team) == 0) {
        meeting->recorded_by = strdup (call->request->actor.user_id? call->request->actor.user_id: "");
        meeting->recorded_ms = sf_clock_now_ms ();
        int inserted = inspection_store_meeting_insert (call->db, meeting);
        if (inserted < 0)
            sf_call_fail_db (call, "storing a meeting");
        else
        if (!inserted)
            sf_call_fail (call, SF_ALREADY_EXISTS, &INSPECTION_MSG_MEETING_EXISTS, meeting->team_code,
                          meeting->shift_date, meeting->shift_no);
        else {
            size_t size;
            uint8_t *body = inspection_meeting_encode (meeting, &size);
            sf_call_ok (call, "inspection.Meeting", body, size);
            char id [32];
            snprintf (id, sizeof id, "%lld", (long long) meeting->id);
            inspection_guard_emit (call, "inspection.meeting_recorded", "meeting", id, team.plant_code,
                                   "inspection.Meeting", body, size);
        }
    }
    inspection_request_clear (&request);
}
