/*  scoring_board_routes: GetRankingBoard, the wall screen's assessment ranking (issue 16), this
    area's part of the route table (scoring_routes.c). Any role (the screen's included) whose
    grant covers the plant named, or the company root when plant_code is "" (the plants
    ranked): a grant below the plant (a team's) or of another plant is refused
    permission_denied before the handler. The handler answers from scoring_board_store.     */
#include "scoring_board.h"
#include "scoring.h"
#include "scoring_month_messages.h"
#include "scoring_month_routes.h"
#include "sf_board.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <string.h>

//  A code fit to repeat in a message.
static const char *
s_shown (const char *text)
{
    size_t length = strlen (text);
    return length == 0 || length > 64? "?": text;
}

//  The unit the board shows: the plant named, else the company root (sf_board.h).
static int
s_board_units (sf_call_t *call, sf_scope_units_t *units)
{
    return sf_board_scope_units (call, SF_CALL_BODY (call, Scoring__GetRankingBoard)->plant_code, units);
}

static void
s_get_ranking_board (sf_call_t *call)
{
    const Scoring__GetRankingBoard *request = SF_CALL_BODY (call, Scoring__GetRankingBoard);
    if (*request->month && !scoring_month_valid (request->month)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_MONTH, s_shown (request->month));
        return;
    }
    if (sf_board_check_plant (call, request->plant_code) < 0)
        return;
    const scoring_state_t *state = call->state;
    Scoring__RankingBoard *board = sf_pb_new (&scoring__ranking_board__descriptor);
    if (scoring_board_store_read (call->db, request->plant_code, request->month, state->time_zone,
                                  sf_clock_now_ms (), board) == 0)
        sf_call_reply (call, &board->base);
    else
        sf_call_fail_db (call, "reading the ranking board");
    sf_pb_destroy (&board);
}

const sf_route_t scoring_board_routes [] = {
    { .request = &scoring__get_ranking_board__descriptor, .reply = &scoring__ranking_board__descriptor,
      .handler = s_get_ranking_board, .scope_of = s_board_units },
    { 0 }
};
