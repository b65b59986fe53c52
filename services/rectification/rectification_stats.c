/*  rectification_stats: the statistics of a unit over a period, and the rectification
    notice of a department (its open forms together).                                      */
#include "rectification_handlers.h"
#include "rectification_messages.h"
#include "rectification_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

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

void
rect_get_stats (sf_call_t *call)
{
    const Rectification__GetStats *query = SF_CALL_BODY (call, Rectification__GetStats);
    sf_org_node_t unit;
    if (query->from_ms < 0 || query->to_ms <= query->from_ms)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_PERIOD);
    else
    if (s_unit (call, query->unit_code, &unit) == 0) {
        int64_t now = sf_clock_now_ms ();
        Rectification__Stats *stats = sf_pb_new (&rectification__stats__descriptor);
        stats->from_ms = query->from_ms;
        stats->to_ms = query->to_ms;
        if (rect_store_stats (call->db, query->unit_code, query->to_ms < now? query->to_ms: now, stats))
            sf_call_fail_db (call, "computing statistics");
        else
            sf_call_reply (call, &stats->base);
        sf_pb_destroy (&stats);
    }
}

void
rect_get_notice (sf_call_t *call)
{
    const Rectification__GetNotice *query = SF_CALL_BODY (call, Rectification__GetNotice);
    sf_org_node_t unit;
    if (s_unit (call, query->unit_code, &unit))
        return;
    Rectification__Notice *notice = sf_pb_new (&rectification__notice__descriptor);
    sf_pb_set (&notice->unit_code, unit.code);
    sf_pb_set (&notice->unit_name_zh, unit.name_zh);
    sf_pb_set (&notice->unit_name_en, unit.name_en);
    sf_pb_set (&notice->plant_code, unit.plant_code);
    notice->generated_ms = sf_clock_now_ms ();
    if (rect_store_open_forms (call->db, unit.code, &notice->forms, &notice->n_forms))
        sf_call_fail_db (call, "listing open forms");
    else
        sf_call_reply (call, &notice->base);
    sf_pb_destroy (&notice);
}
