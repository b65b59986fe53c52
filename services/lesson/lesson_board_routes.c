/*  lesson_board_routes: GetLessonBoard, the wall screen's lessons in progress. The rpc server
    checks, before the handler, that a grant of the actor (any role, the screen's included)
    covers the plant, or the company for the enterprise board (s_units); the handler checks
    that a code names a plant, then answers from the summary rows (lesson_board_store).       */
#include "lesson_board_routes.h"
#include "lesson_board_store.h"
#include "lesson.pb-c.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"

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

//  The unit a board request must be covered at: its plant_code, or the company of the actor's
//  unit when it is empty. 1 for a code the org copy does not know (the handler answers
//  not_found), 0 with units filled, -1 on a database error.
static int
s_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Lesson__GetLessonBoard *request = SF_CALL_BODY (call, Lesson__GetLessonBoard);
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

static void
s_get_board (sf_call_t *call)
{
    const Lesson__GetLessonBoard *request = SF_CALL_BODY (call, Lesson__GetLessonBoard);
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
