/*  training_board_routes: GetTrainingBoard, the wall screen's training panel (issue 16), this
    area's part of the route table (training_routes.h). Any role (the screen's included) whose
    grant covers the plant named, or the company root when plant_code is "" (the whole
    enterprise, one row per plant): a grant below the plant (a team's) or of another plant is
    refused permission_denied before the handler. The handler answers from the summary rows
    (training_board_store).                                                                  */
#include "training_routes.h"
#include "training_board_store.h"
#include "training_qual.pb-c.h"
#include "sf_board.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_scope.h"

//  The unit the board shows: the plant named, else the company root (sf_board.h).
static int
s_board_units (sf_call_t *call, sf_scope_units_t *units)
{
    return sf_board_scope_units (call, SF_CALL_BODY (call, Training__GetTrainingBoard)->plant_code, units);
}

static void
s_get_training_board (sf_call_t *call)
{
    const Training__GetTrainingBoard *request = SF_CALL_BODY (call, Training__GetTrainingBoard);
    if (sf_board_check_plant (call, request->plant_code) < 0)
        return;
    Training__TrainingBoard *board = sf_pb_new (&training__training_board__descriptor);
    if (training_board_store_read (call->db, request->plant_code, sf_clock_now_ms (), board) == 0)
        sf_call_reply (call, &board->base);
    else
        sf_call_fail_db (call, "reading the training board");
    sf_pb_destroy (&board);
}

const sf_route_t training_board_routes [] = {
    { .request = &training__get_training_board__descriptor, .reply = &training__training_board__descriptor,
      .handler = s_get_training_board, .scope_of = s_board_units },
    { 0 }
};
