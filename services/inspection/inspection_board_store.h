/*  inspection_board_store: the plant's wall screen (GetHazardBoard) read from the summary
    rows migrations 007 and 008 keep in the same transaction as each finding, task and hazard-list
    change: a handful of index lookups, whatever the number of findings.                   */
#ifndef INSPECTION_BOARD_STORE_H_INCLUDED
#define INSPECTION_BOARD_STORE_H_INCLUDED

#include "inspection.pb-c.h"
#include "inspection_state.h"
#include "sf_db.h"

#define INSPECTION_BOARD_TREND_DAYS 30

//  Whether code is a plant of the org copy: 1 yes, 0 no (unknown or another kind), -1 error.
int inspection_board_store_is_plant (sf_db_t *db, const char *code);

//  Fills board (plant_code set by the caller) for plant at now_ms: its calendar's time zone
//  and first shift (else the state's defaults), the colours by state->colour_by_grade.
//  0, or -1 on a database error.
int inspection_board_store_read (sf_db_t *db, const inspection_state_t *state, const char *plant, int64_t now_ms,
                                 Inspection__HazardBoard *board);

//  Fills board for the enterprise-wide screen of company at now_ms: one BoardPlant per
//  active plant below company (by code, each with its production day, open and open major
//  findings, today's missed, due and done tasks, worst risk grade and colour) and the same
//  figures summed over them; time_zone, today and the trend's days are the state's default
//  zone's (no plant's calendar); risk_map stays empty. 0, or -1 on a database error.
int inspection_board_store_read_all (sf_db_t *db, const inspection_state_t *state, const char *company,
                                     int64_t now_ms, Inspection__HazardBoard *board);

//  The daemon's default time zone (inspection.default_time_zone) as the zone the day rows of
//  plants without a calendar are kept in (migration 008): when it differs from the one they
//  are kept in, those plants' day rows are rebuilt from their quarter hours (in the caller's
//  transaction, if any); until then their trend is read from the quarter hours. Call at
//  start. 0, or -1 on a database error.
int inspection_board_store_default_zone (sf_db_t *db, const char *zone);

#endif
