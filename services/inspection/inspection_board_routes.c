/*  inspection_board_routes: GetHazardBoard, the plant's wall screen. The route checks that a
    grant of the actor covers plant_code (any role, the screen's included), or for "" the
    company root above the actor's unit (the enterprise-wide screen: a plant's grant does not
    cover it); the handler that it names a plant (or the company), then answers from the
    summary rows (inspection_board_store).                                                   */
#include "inspection_board_routes.h"
#include "inspection_board_store.h"
#include "inspection_guard.h"
#include "inspection.pb-c.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"

static const sf_text_t s_not_a_plant = {
    "“%s”不是厂区：看板按厂区显示", "'%s' is not a plant: a board shows one plant" };
static const sf_text_t s_no_company = {
    "%s 的单位不属于任何公司：全企业看板需要公司级授权",
    "%s belongs to no company: the enterprise-wide board needs a grant at the company" };

//  The company at or above the actor's unit: 1 found, 0 none, -1 on a database error.
static int
s_company (sf_call_t *call, sf_org_node_t *company)
{
    const char *unit = call->request->actor.org_node;
    if (!unit || !*unit)
        return 0;
    return sf_org_ancestor_of_kind (call->db, unit, SF_ORG_COMPANY, company);
}

int
inspection_board_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Inspection__GetHazardBoard *request = SF_CALL_BODY (call, Inspection__GetHazardBoard);
    if (*request->plant_code) {
        sf_scope_units_add (units, request->plant_code);
        return 0;
    }
    sf_org_node_t company;
    int found = s_company (call, &company);
    if (found == 1)
        sf_scope_units_add (units, company.code);
    return found < 0? -1: found? 0: 1;
}

//  The enterprise-wide screen: every plant of the actor's company (whose grant the route
//  checked covers it).
static void
s_enterprise_board (sf_call_t *call)
{
    sf_org_node_t company;
    int found = s_company (call, &company);
    if (found < 0) {
        sf_call_fail_db (call, "looking up the company");
        return;
    }
    if (!found) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &s_no_company, call->request->actor.user_id);
        return;
    }
    Inspection__HazardBoard *board = sf_pb_new (&inspection__hazard_board__descriptor);
    int rc = inspection_board_store_read_all (call->db, call->state, company.code, sf_clock_now_ms (), board);
    inspection_guard_answer (call, rc, "reading the enterprise's hazard board", &board);
}

void
inspection_get_hazard_board (sf_call_t *call)
{
    const Inspection__GetHazardBoard *request = SF_CALL_BODY (call, Inspection__GetHazardBoard);
    if (!*request->plant_code) {
        s_enterprise_board (call);
        return;
    }
    int plant = inspection_board_store_is_plant (call->db, request->plant_code);
    if (plant < 0) {
        sf_call_fail_db (call, "looking up the plant");
        return;
    }
    if (!plant) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_not_a_plant, inspection_guard_shown (request->plant_code));
        return;
    }
    Inspection__HazardBoard *board = sf_pb_new (&inspection__hazard_board__descriptor);
    sf_pb_set (&board->plant_code, request->plant_code);
    int rc = inspection_board_store_read (call->db, call->state, request->plant_code, sf_clock_now_ms (), board);
    inspection_guard_answer (call, rc, "reading the hazard board", &board);
}
