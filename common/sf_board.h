/*  sf_board: what the wall screen's board requests share (issue 16: inspection.GetHazardBoard,
    rectification.GetFormBoard, training.GetTrainingBoard, lesson.GetLessonBoard,
    scoring.GetRankingBoard). Each names a plant, or "" for the whole enterprise; any role whose
    grant covers the plant (the screen's included) may read it, the enterprise's board needs a
    grant at the company. The daemon's org copy answers both questions.                       */
#ifndef SF_BOARD_H_INCLUDED
#define SF_BOARD_H_INCLUDED

#include "sf_rpc_server.h"
#include "sf_scope.h"

//  For a board route's .scope_of: the unit a grant must cover, the plant named or, for "", the
//  company at the root of the org. 1 for a code the org copy does not know, or no company yet
//  (the handler answers: sf_board_check_plant), 0 with units filled, -1 on a database error.
int sf_board_scope_units (sf_call_t *call, const char *plant_code, sf_scope_units_t *units);

//  0 when plant_code names a plant of the org copy, or is "" and the org has its company;
//  otherwise the call has been answered (not_found, invalid_argument, or the database's
//  failure: logged) and -1.
int sf_board_check_plant (sf_call_t *call, const char *plant_code);

#endif
