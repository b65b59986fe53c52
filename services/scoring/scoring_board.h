/*  scoring_board: the wall screen's assessment ranking (issue 16, GetRankingBoard): its part
    of the route table (scoring_board_routes.c; joined in scoring_routes.c) and its reads
    (scoring_board_store.c): a closed month's frozen totals, an open month's running totals
    kept by migration 040 in the same transaction as each entry.                          */
#ifndef SCORING_BOARD_H_INCLUDED
#define SCORING_BOARD_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"
#include "sf_rpc_server.h"

#define SCORING_BOARD_ALL_MAX 50        //  a longer ranking shows its best and worst halves of this

//  GetRankingBoard, any role whose grant covers the plant (the company root for "").
extern const sf_route_t scoring_board_routes [];

//  Fills board for plant ("" the enterprise: the plants ranked) and month ("" the current one
//  at now_ms in each plant's zone, fallback_zone when it has none). 0, or -1 on a database
//  error.
int scoring_board_store_read (sf_db_t *db, const char *plant, const char *month, const char *fallback_zone,
                              int64_t now_ms, Scoring__RankingBoard *board);

#endif
