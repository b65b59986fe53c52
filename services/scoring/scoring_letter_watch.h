/*  scoring_letter_watch: the job behind scoring.letter_missing (README_letters.md, "The
    letter_missing job"). Every minute: each unit and employee that is party B of an expected
    pair and not yet watched is written into letter_watch as first seen now; each watched one
    first seen more than letter_grace_days ago (scoring_setting), still party B of a pair,
    without a SIGNED letter as party B in the current year of its plant's zone and not yet
    notified this year gets one event scoring.letter_missing (a LetterGap: its lowest level's
    pair), and notified_year is set, so it is told once a year.                          */
#ifndef SCORING_LETTER_WATCH_H_INCLUDED
#define SCORING_LETTER_WATCH_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

//  One pass at now_ms inside the caller's transaction; zone is scoring.time_zone (a plant
//  without a plant_zone row). Returns the events emitted, or -1 on a db error.
int scoring_letter_watch_pass (sf_db_t *db, const char *zone, int64_t now_ms);

#endif
