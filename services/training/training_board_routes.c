/*  training_board_routes: GetTrainingBoard, the wall screen's training panel (issue 16), this
    area's part of the route table (training_routes.h). Any role (the screen's included) whose
    grant covers the plant named, or the company root when plant_code is "" (the whole
    enterprise, one row per plant): a grant below the plant (a team's) or of another plant is
    refused permission_denied before the handler. The handler answers from the summary rows
    (training_board_store).                                                                  */
#include "training_routes.h"
#include "training_board_store.h"
#include "training_qual.pb-c.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <string.h>

static const sf_text_t s_unknown_plant = {
    "没有厂区“%s”", "There is no plant '%s'" };
static const sf_text_t s_not_a_plant = {
    "“%s”不是厂区：看板按厂区显示（全企业请留空）",
    "'%s' is not a plant: a board shows one plant (leave it empty for the whole enterprise)" };
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
    const Training__GetTrainingBoard *request = SF_CALL_BODY (call, Training__GetTrainingBoard);
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
s_get_training_board (sf_call_t *call)
{
    const Training__GetTrainingBoard *request = SF_CALL_BODY (call, Training__GetTrainingBoard);
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
