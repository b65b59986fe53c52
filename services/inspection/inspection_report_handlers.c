/*  inspection_report_handlers: completion rates and a unit's history.                      */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"
#include "sf_pb.h"

#define HISTORY_DEFAULT 100
#define HISTORY_END_MS 253402300799000LL     //  9999-12-31T23:59:59Z: "until now and ever"
#define HISTORY_MAX 1000

void
inspection_get_completion (sf_call_t *call)
{
    const Inspection__GetCompletion *request = SF_CALL_BODY (call, Inspection__GetCompletion);
    if (inspection_guard_unit (call, request->unit_code, 0, NULL, NULL))
        return;
    const char *bad = !inspection_date_valid (request->from_date)? request->from_date
                    : !inspection_date_valid (request->to_date)? request->to_date: NULL;
    if (bad) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_DATE, inspection_guard_shown (bad));
        return;
    }
    if (inspection_date_diff (request->from_date, request->to_date) < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_RANGE, request->from_date, request->to_date);
        return;
    }
    Inspection__Completion *completion = sf_pb_new (&inspection__completion__descriptor);
    int rc = inspection_store_completion (call->db, request, completion);
    inspection_guard_answer (call, rc, "computing completion", &completion);
}

void
inspection_get_unit_history (sf_call_t *call)
{
    const Inspection__GetUnitHistory *request = SF_CALL_BODY (call, Inspection__GetUnitHistory);
    int64_t to_ms = request->to_ms > 0 && request->to_ms < HISTORY_END_MS? request->to_ms: HISTORY_END_MS;
    if (inspection_guard_unit (call, request->unit_code, 0, NULL, NULL))
        return;
    if (to_ms < request->from_ms) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_PERIOD);
        return;
    }
    int limit = request->limit <= 0? HISTORY_DEFAULT: request->limit > HISTORY_MAX? HISTORY_MAX: request->limit;
    Inspection__UnitHistory *history = sf_pb_new (&inspection__unit_history__descriptor);
    int rc = inspection_store_history (call->db, request->unit_code, request->from_ms, to_ms, limit, history);
    inspection_guard_answer (call, rc, "reading a unit's history", &history);
}
