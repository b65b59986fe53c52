/*  rectification_stats: the statistics of a unit over a period, and the rectification
    notice of a department (its open forms together).                                      */
#include "rectification_handlers.h"
#include "rectification_messages.h"
#include "rectification_page.h"
#include "rectification_stats_store.h"
#include "rectification_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <stdlib.h>

//  Finds the unit a query is about; sets the reply when it cannot. 0 or -1.
static int
s_unit (sf_call_t *call, const char *code, sf_org_node_t *node)
{
    int found = sf_org_find (call->db, code, node);
    if (found < 0)
        sf_call_fail_db (call, "looking up a unit");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &RECT_MSG_UNIT_UNKNOWN, code);
    return found == 1? 0: -1;
}

//  Ends a page of units read with one more than page->size, as rect_page_forms_end.
static void
s_units_end (sf_call_t *call, const sf_page_t *page, Rectification__Stats *stats)
{
    if (stats->n_units <= (size_t) page->size)
        return;
    while (stats->n_units > (size_t) page->size)
        sf_pb_destroy (&stats->units [--stats->n_units]);
    const char *keys [] = { stats->units [stats->n_units - 1]->unit_code };
    char *token = sf_page_token (call, keys, 1);
    sf_pb_set (&stats->next_page_token, token);
    free (token);
}

void
rect_get_stats (sf_call_t *call)
{
    const Rectification__GetStats *query = SF_CALL_BODY (call, Rectification__GetStats);
    sf_org_node_t unit;
    sf_page_t page;
    if (sf_page_open (call, query->page_size, query->page_token, 1, &page))
        return;
    if (query->from_ms < 0 || query->to_ms <= query->from_ms)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_PERIOD);
    else
    if (s_unit (call, query->unit_code, &unit) == 0) {
        int64_t now = sf_clock_now_ms ();
        Rectification__Stats *stats = sf_pb_new (&rectification__stats__descriptor);
        stats->from_ms = query->from_ms;
        stats->to_ms = query->to_ms;
        //  The company's subtree is the whole org copy: its total is kept by day.
        bool whole = unit.kind == SF_ORG_COMPANY;
        if (rect_store_stats (call->db, query->unit_code, whole, query->to_ms < now? query->to_ms: now,
                              page.after? page.after [0]: NULL, page.size + 1, stats))
            sf_call_fail_db (call, "computing statistics");
        else {
            s_units_end (call, &page, stats);
            sf_call_reply (call, &stats->base);
        }
        sf_pb_destroy (&stats);
    }
    sf_page_close (&page);
}

void
rect_get_notice (sf_call_t *call)
{
    const Rectification__GetNotice *query = SF_CALL_BODY (call, Rectification__GetNotice);
    sf_org_node_t unit;
    sf_page_t page;
    int64_t after [RECT_PAGE_FORM_KEYS];
    const int64_t *position;
    if (sf_page_open (call, query->page_size, query->page_token, RECT_PAGE_FORM_KEYS, &page))
        return;
    if (rect_page_forms_after (call, &page, after, &position) == 0
     && s_unit (call, query->unit_code, &unit) == 0) {
        Rectification__Notice *notice = sf_pb_new (&rectification__notice__descriptor);
        sf_pb_set (&notice->unit_code, unit.code);
        sf_pb_set (&notice->unit_name_zh, unit.name_zh);
        sf_pb_set (&notice->unit_name_en, unit.name_en);
        sf_pb_set (&notice->plant_code, unit.plant_code);
        notice->generated_ms = sf_clock_now_ms ();
        if (rect_store_open_forms (call->db, unit.code, position, page.size + 1, &notice->forms, &notice->n_forms))
            sf_call_fail_db (call, "listing open forms");
        else {
            rect_page_forms_end (call, &page, RECT_PAGE_BY_DEADLINE, notice->forms, &notice->n_forms,
                                 &notice->next_page_token);
            sf_call_reply (call, &notice->base);
        }
        sf_pb_destroy (&notice);
    }
    sf_page_close (&page);
}
