/*  rectification_board_store: the wall screen's forms board (GetFormBoard) read from the
    summary rows migration 004 keeps in the same transaction as each form change: two index
    ranges per plant (open forms by unit and stage; the days due from today on), whatever the
    number of forms.                                                                         */
#ifndef RECTIFICATION_BOARD_STORE_H_INCLUDED
#define RECTIFICATION_BOARD_STORE_H_INCLUDED

#include "rectification.pb-c.h"
#include "sf_db.h"

//  Fills board for plant ("" for the whole enterprise: a row per plant) at now_ms: time_zone
//  (the schema's board_time_zone ()), today, week_ends, the units and the totals. plant_code
//  is the caller's to set. 0, or -1 on a database error.
int rect_board_store_read (sf_db_t *db, const char *plant, int64_t now_ms, Rectification__FormBoard *board);

#endif
