/*  lesson_board_routes: GetLessonBoard, the wall screen's lessons in progress. The rpc server
    checks, before the handler, that a grant of the actor (any role, the screen's included)
    covers the plant, or the company for the enterprise board (s_units); the handler checks
    that a code names a plant, then answers from the summary rows (lesson_board_store).       */
#include "lesson_board_routes.h"
#include "lesson_board_store.h"
#include "lesson.pb-c.h"
#include "sf_board.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_scope.h"

//  The unit a board request must be covered at: its plant, or the company root when empty
//  (sf_board.h).
static int
s_units (sf_call_t *call, sf_scope_units_t *units)
{
    return sf_board_scope_units (call, SF_CALL_BODY (call, Lesson__GetLessonBoard)->plant_code, units);
}

static void
s_get_board (sf_call_t *call)
{
    const Lesson__GetLessonBoard *request = SF_CALL_BODY (call, Lesson__GetLessonBoard);
    if (sf_board_check_plant (call, request->plant_code) < 0)
        return;
    Lesson__LessonBoard *board = sf_pb_new (&lesson__lesson_board__descriptor);
    sf_pb_set (&board->plant_code, request->plant_code);
    if (lesson_board_store_read (call->db, request->plant_code, sf_clock_now_ms (), board))
        sf_call_fail_db (call, "reading the lessons board");
    else
        sf_call_reply (call, &board->base);
    sf_pb_destroy (&board);
}

const sf_route_t lesson_board_routes [] = {
    { .request = &lesson__get_lesson_board__descriptor, .reply = &lesson__lesson_board__descriptor,
      .handler = s_get_board, .scope_of = s_units },
    { 0 }
};
