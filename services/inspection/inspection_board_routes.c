/*  inspection_board_routes: GetHazardBoard, the plant's wall screen. The route checks that a
    grant of the actor covers plant_code (any role, the screen's included); the handler that
    it names a plant, then answers from the summary rows (inspection_board_store).          */
#include "inspection_board_routes.h"
#include "inspection_board_store.h"
#include "inspection_guard.h"
#include "inspection.pb-c.h"
#include "sf_clock.h"
#include "sf_pb.h"

static const sf_text_t s_not_a_plant = {
    "“%s”不是厂区：看板按厂区显示", "'%s' is not a plant: a board shows one plant" };

void
inspection_get_hazard_board (sf_call_t *call)
{
    const Inspection__GetHazardBoard *request = SF_CALL_BODY (call, Inspection__GetHazardBoard);
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
