/*  training_board_store: the wall screen's training panel (GetTrainingBoard) read from the
    summary rows migration 040 keeps in the same transaction as each judgement, certificate
    and org change: a handful of index ranges, whatever the number of people.              */
#ifndef TRAINING_BOARD_STORE_H_INCLUDED
#define TRAINING_BOARD_STORE_H_INCLUDED

#include "training_qual.pb-c.h"
#include "sf_db.h"

#define TRAINING_BOARD_ZONE "Asia/Shanghai"     //  the daemon's calendar: Beijing time
#define TRAINING_BOARD_NEXT 20                  //  certificates in next_expiring
#define TRAINING_BOARD_HORIZON_DAYS 90          //  the widest window, and next_expiring's

//  Fills board for plant at now_ms, or for the whole enterprise (one row per plant) when
//  plant is "" (board->plant_code is set to plant). 0, or -1 on a database error.
int training_board_store_read (sf_db_t *db, const char *plant, int64_t now_ms, Training__TrainingBoard *board);

#endif
