/*  scoring_board_routes: GetRankingBoard, the wall screen's assessment ranking (issue 16), this
    area's part of the route table (scoring_routes.c). Any role (the screen's included) whose
    grant covers the plant named, or the company root when plant_code is "" (the plants
    ranked): a grant below the plant (a team's) or of another plant is refused
    permission_denied before the handler. The handler answers from scoring_board_store.     */
#include "scoring_board.h"
#include "scoring.h"
#include "scoring_month_messages.h"
#include "scoring_month_routes.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <stdio.h>
#include <string.h>

static const sf_text_t s_unknown_plant = {
    "没有厂区“%s”", "There is no plant '%s'" };
static const sf_text_t s_not_a_plant = {
    "“%s”不是厂区：排名看板按厂区显示（全企业请留空）",
    "'%s' is not a plant: a ranking board shows one plant (leave it empty for the whole enterprise)" };
static const sf_text_t s_no_company = {
    "组织架构中还没有公司", "The org has no company yet" };

//  A code fit to repeat in a message.
static const char *
s_shown (const char *text)
{
    size_t length = strlen (text);
    return length == 0 || length > 64? "?": text;
}

//  The company root (a company without a parent): 1 found, 0 none, -1 error.
static int
s_company (sf_db_t *db, char *code, size_t size)
{
    char kind [8];
    snprintf (kind, sizeof kind, "%d", SF_ORG_COMPANY);
    const char *values [] = { kind };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT code FROM sf_org_node WHERE kind = $1::smallint AND parent_code IS NULL ORDER BY code LIMIT 1",
        1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        snprintf (code, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found;
}

//  The unit the board shows: the plant named (when the copy knows it), else the company root.
static int
s_board_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Scoring__GetRankingBoard *request = SF_CALL_BODY (call, Scoring__GetRankingBoard);
    if (*request->plant_code) {
        int found = sf_org_find (call->db, request->plant_code, NULL);
        if (found > 0)
            sf_scope_units_add (units, request->plant_code);
        return found < 0? -1: found? 0: 1;
    }
    char company [sizeof (((sf_org_node_t *) 0)->code)];
    int found = s_company (call->db, company, sizeof company);
    if (found > 0)
        sf_scope_units_add (units, company);
    return found < 0? -1: found? 0: 1;
}

static void
s_get_ranking_board (sf_call_t *call)
{
    const Scoring__GetRankingBoard *request = SF_CALL_BODY (call, Scoring__GetRankingBoard);
    if (*request->month && !scoring_month_valid (request->month)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_MONTH, s_shown (request->month));
        return;
    }
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
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_not_a_plant, request->plant_code);
            return;
        }
    }
    else {
        char company [sizeof (((sf_org_node_t *) 0)->code)];
        int found = s_company (call->db, company, sizeof company);
        if (found <= 0) {
            if (found < 0)
                sf_call_fail_db (call, "looking up the company");
            else
                sf_call_fail (call, SF_NOT_FOUND, &s_no_company);
            return;
        }
    }
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
