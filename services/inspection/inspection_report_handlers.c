/*  inspection_report_handlers: completion rates and a unit's history.                      */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"

#include <stdlib.h>

#define HISTORY_DEFAULT 100
#define HISTORY_END_MS 253402300799000LL     //  9999-12-31T23:59:59Z: "until now and ever"
#define HISTORY_MAX 1000

void
inspection_get_completion (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    int rc = inspection_guard_unit (call, request.unit_code, 0, NULL, NULL);
    const char *bad = !inspection_date_valid (request.from_date)? request.from_date
                    : !inspection_date_valid (request.to_date)? request.to_date: NULL;
    if (rc == 0 && bad) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_DATE, inspection_text_valid (bad, 0, 20)? bad: "?");
        rc = -1;
    }
    if (rc == 0 && inspection_date_diff (request.from_date, request.to_date) < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_RANGE, request.from_date, request.to_date);
        rc = -1;
    }
    if (rc == 0) {
        inspection_completion_list_t list = { 0 };
        if (inspection_store_completion (call->db, request.unit_code, request.from_date, request.to_date, &list) < 0)
            sf_call_fail_db (call, "computing completion");
        else {
            size_t size;
            uint8_t *body = inspection_completion_encode (&list, &size);
            sf_call_ok (call, "inspection.Completion", body, size);
            free (body);
        }
        INSPECTION_CLEAR (&list, inspection_completion_clear);
    }
    inspection_request_clear (&request);
}

void
inspection_get_unit_history (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    int64_t to_ms = request.to_ms > 0 && request.to_ms < HISTORY_END_MS? request.to_ms: HISTORY_END_MS;
    if (inspection_guard_unit (call, request.unit_code, 0, NULL, NULL) == 0) {
        if (to_ms < request.from_ms)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_PERIOD);
        else {
            int limit = request.limit <= 0? HISTORY_DEFAULT: request.limit > HISTORY_MAX? HISTORY_MAX: request.limit;
            inspection_record_list_t records = { 0 };
            inspection_finding_list_t findings = { 0 };
            inspection_violation_list_t violations = { 0 };
            inspection_task_list_t missed = { 0 };
            inspection_meeting_list_t meetings = { 0 };
            if (inspection_store_history (call->db, request.unit_code, request.from_ms, to_ms, limit, &records,
                                          &findings, &violations, &missed, &meetings))
                sf_call_fail_db (call, "reading a unit's history");
            else {
                size_t size;
                uint8_t *body = inspection_history_encode (&records, &findings, &violations, &missed, &meetings, &size);
                sf_call_ok (call, "inspection.UnitHistory", body, size);
                free (body);
            }
            INSPECTION_CLEAR (&records, inspection_record_clear);
            INSPECTION_CLEAR (&findings, inspection_finding_clear);
            INSPECTION_CLEAR (&violations, inspection_violation_clear);
            INSPECTION_CLEAR (&missed, inspection_task_clear);
            INSPECTION_CLEAR (&meetings, inspection_meeting_clear);
        }
    }
    inspection_request_clear (&request);
}
