/*  inspection_report_handlers: completion rates and a unit's history, both paged: completion
    by executor unit, the history's five lists each on its own (inspection_page).            */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"
#include "sf_pb.h"

#define HISTORY_END_MS 253402300799000LL     //  9999-12-31T23:59:59Z: "until now and ever"

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
    sf_page_t page;
    //  By executor unit code.
    if (inspection_page_open (call, request->page_size, request->page_token, "s", &page))
        return;
    Inspection__Completion *completion = sf_pb_new (&inspection__completion__descriptor);
    int rc = inspection_store_completion (call->db, request, page.after? page.after [0]: NULL, page.size + 1,
                                          completion);
    if (rc >= 0 && inspection_page_trim (&completion->units, &completion->n_units, page.size)) {
        const char *keys [] = { completion->units [completion->n_units - 1]->unit_code };
        inspection_page_set_token (call, &completion->next_page_token, keys, 1);
    }
    sf_page_close (&page);
    inspection_guard_answer (call, rc, "computing completion", &completion);
}

//  A history list goes on after the row with this time and id.
static void
s_more (inspection_pages_t *pages, inspection_history_list_t list, int64_t time_ms, int64_t id)
{
    const char *keys [] = { INSPECTION_SQL_INT (time_ms), INSPECTION_SQL_INT (id) };
    inspection_pages_more (pages, list, keys);
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
    //  Every list by its time and id (inspection_history_list_t).
    static const char *const kinds [INSPECTION_HISTORY_LISTS] = { "nn", "nn", "nn", "nn", "nn" };
    inspection_pages_t pages;
    if (inspection_pages_open (call, request->page_size, request->page_token, kinds, INSPECTION_HISTORY_LISTS, &pages))
        return;
    int size = pages.page.size;
    Inspection__UnitHistory *history = sf_pb_new (&inspection__unit_history__descriptor);
    int rc = inspection_store_history (call->db, request->unit_code, request->from_ms, to_ms, size + 1, pages.cursors,
                                       history);
    if (rc >= 0) {
        if (inspection_page_trim (&history->records, &history->n_records, size))
            s_more (&pages, INSPECTION_HISTORY_RECORDS, history->records [size - 1]->recorded_ms,
                    history->records [size - 1]->id);
        if (inspection_page_trim (&history->findings, &history->n_findings, size))
            s_more (&pages, INSPECTION_HISTORY_FINDINGS, history->findings [size - 1]->reported_ms,
                    history->findings [size - 1]->id);
        if (inspection_page_trim (&history->violations, &history->n_violations, size))
            s_more (&pages, INSPECTION_HISTORY_VIOLATIONS, history->violations [size - 1]->occurred_ms,
                    history->violations [size - 1]->id);
        if (inspection_page_trim (&history->missed, &history->n_missed, size))
            s_more (&pages, INSPECTION_HISTORY_MISSED, history->missed [size - 1]->window_end_ms,
                    history->missed [size - 1]->id);
        if (inspection_page_trim (&history->meetings, &history->n_meetings, size))
            s_more (&pages, INSPECTION_HISTORY_MEETINGS, history->meetings [size - 1]->recorded_ms,
                    history->meetings [size - 1]->id);
        inspection_pages_set_token (&pages, call, &history->next_page_token);
    }
    inspection_pages_close (&pages);
    inspection_guard_answer (call, rc, "reading a unit's history", &history);
}
