/*  rectification_board_routes: GetFormBoard, the wall screen's forms overdue and due this week
    by unit. The rpc server checks, before the handler, that a grant of the actor (any role,
    the screen's included) covers the plant, or the company for the enterprise board
    (rect_board_units); the handler checks that a code names a plant, then answers from the
    summary rows (rectification_board_store).                                              */
#include "rectification_board_routes.h"
#include "rectification_board_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <string.h>

static const sf_text_t s_unknown_plant = {
    "未知厂区“%s”", "unknown plant '%s'" };
static const sf_text_t s_not_a_plant = {
    "“%s”不是厂区：看板按厂区显示（留空为全公司）", "'%s' is not a plant: a board shows one plant (empty: the whole enterprise)" };

//  A code as an error shows it: a long one (no code is) is not repeated.
static const char *
s_shown (const char *code)
{
    return strlen (code) > 64? "?": code;
}

int
rect_board_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Rectification__GetFormBoard *request = SF_CALL_BODY (call, Rectification__GetFormBoard);
    if (*request->plant_code) {
        int found = sf_org_find (call->db, request->plant_code, NULL);
        if (found > 0)
            sf_scope_units_add (units, request->plant_code);
        return found < 0? -1: found? 0: 1;
    }
    const char *unit = call->request->actor.org_node;
    if (!unit || !*unit)
        return 0;                //  the service, which needs no unit; anyone else is refused
    sf_org_node_t company;
    int found = sf_org_ancestor_of_kind (call->db, unit, SF_ORG_COMPANY, &company);
    if (found > 0)
        sf_scope_units_add (units, company.code);
    return found < 0? -1: 0;
}

void
rect_get_form_board (sf_call_t *call)
{
    const Rectification__GetFormBoard *request = SF_CALL_BODY (call, Rectification__GetFormBoard);
    if (*request->plant_code) {
        sf_org_node_t node;
        int found = sf_org_find (call->db, request->plant_code, &node);
        if (found < 0) {
            sf_call_fail_db (call, "looking up the plant");
            return;
        }
        if (!found) {
            sf_call_fail (call, SF_NOT_FOUND, &s_unknown_plant, s_shown (request->plant_code));
            return;
        }
        if (node.kind != SF_ORG_PLANT) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_not_a_plant, s_shown (request->plant_code));
            return;
        }
    }
    Rectification__FormBoard *board = sf_pb_new (&rectification__form_board__descriptor);
    sf_pb_set (&board->plant_code, request->plant_code);
    if (rect_board_store_read (call->db, request->plant_code, sf_clock_now_ms (), board))
        sf_call_fail_db (call, "reading the forms board");
    else
        sf_call_reply (call, &board->base);
    sf_pb_destroy (&board);
}
