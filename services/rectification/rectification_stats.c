/*  rectification_stats: the statistics of a unit over a period, and the rectification
    notice of a department (its open forms together).                                      */
#include "rectification_handlers.h"
#include "rectification_codec.h"
#include "rectification_messages.h"
#include "rectification_store.h"
#include "sf_clock.h"
#include "sf_org.h"

#include <stdlib.h>
#include <string.h>

//  Finds the unit a query is about; sets the reply when it cannot. 0 or -1.
static int
s_unit (sf_call_t *call, const char *code, sf_org_node_t *node)
{
    if (!*code) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_MISSING, "单位", "the unit");
        return -1;
    }
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
    rect_command_t command;
    if (rect_command_decode (call->request->type, call->request->body, call->request->body_size, &command)) {
        sf_call_fail (call, SF_MALFORMED, &RECT_MSG_BAD_BODY, call->request->type);
        return;
    }
    sf_org_node_t unit;
    if (command.from_ms < 0 || command.to_ms <= command.from_ms)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_PERIOD);
    else
    if (s_unit (call, command.unit_code, &unit) == 0) {
        int64_t now = sf_clock_now_ms ();
        int64_t end = command.to_ms < now? command.to_ms: now;
        rect_stats_t stats;
        if (rect_store_stats (call->db, command.unit_code, command.from_ms, command.to_ms, end, &stats))
            sf_call_fail_db (call, "computing statistics");
        else {
            size_t size;
            uint8_t *body = rect_stats_encode (&stats, &size);
            sf_call_ok (call, "rectification.Stats", body, size);
            free (body);
            rect_stats_clear (&stats);
        }
    }
    rect_command_clear (&command);
}

void
rect_get_notice (sf_call_t *call)
{
    rect_command_t command;
    if (rect_command_decode (call->request->type, call->request->body, call->request->body_size, &command)) {
        sf_call_fail (call, SF_MALFORMED, &RECT_MSG_BAD_BODY, call->request->type);
        return;
    }
    sf_org_node_t unit;
    if (s_unit (call, command.unit_code, &unit) == 0) {
        rect_notice_t notice = {
            .unit_code = strdup (unit.code), .unit_name_zh = strdup (unit.name_zh),
            .unit_name_en = strdup (unit.name_en), .plant_code = strdup (unit.plant_code),
            .generated_ms = sf_clock_now_ms ()
        };
        if (rect_store_open_forms (call->db, unit.code, &notice.forms))
            sf_call_fail_db (call, "listing open forms");
        else {
            size_t size;
            uint8_t *body = rect_notice_encode (&notice, &size);
            sf_call_ok (call, "rectification.Notice", body, size);
            free (body);
        }
        rect_notice_clear (&notice);
    }
    rect_command_clear (&command);
}
