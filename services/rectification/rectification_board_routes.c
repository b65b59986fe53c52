/*  rectification_board_routes: GetFormBoard, the wall screen's forms overdue and due this week
    by unit. The rpc server checks, before the handler, that a grant of the actor (any role,
    the screen's included) covers the plant, or the company for the enterprise board
    (rect_board_units); the handler checks that a code names a plant, then answers from the
    summary rows (rectification_board_store).                                              */
#include "rectification_board_routes.h"
#include "rectification_board_store.h"
#include "sf_board.h"
#include "sf_clock.h"
#include "sf_pb.h"

int
rect_board_units (sf_call_t *call, sf_scope_units_t *units)
{
    return sf_board_scope_units (call, SF_CALL_BODY (call, Rectification__GetFormBoard)->plant_code, units);
}

void
rect_get_form_board (sf_call_t *call)
{
    const Rectification__GetFormBoard *request = SF_CALL_BODY (call, Rectification__GetFormBoard);
    if (sf_board_check_plant (call, request->plant_code) < 0)
        return;
    Rectification__FormBoard *board = sf_pb_new (&rectification__form_board__descriptor);
    sf_pb_set (&board->plant_code, request->plant_code);
    if (rect_board_store_read (call->db, request->plant_code, sf_clock_now_ms (), board))
        sf_call_fail_db (call, "reading the forms board");
    else
        sf_call_reply (call, &board->base);
    sf_pb_destroy (&board);
}
