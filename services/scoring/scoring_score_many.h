/*  scoring_score_many: the consumers' set-based handlers (sf_consumer_many_fn): a lane's
    share of a stream scored with two statements for the lot instead of ~10 for each event
    (docs/benchmarks.md, "Scoring"). The result is the one-by-one handler's, row for row
    (scoring_score_many_test.c proves it): the same subjects walked up the org copy, the same
    current rule, month, reasons and cascades. Whatever is not the plain case gives the share
    back (-1: the consumer applies it entry by entry): a payload that does not read, a
    violation without a type, an unknown subject or one of the wrong kind, a closed month, a
    text longer than the one-by-one handler's buffers. Events of the stream that need an
    account looked up (a reported finding, a major hazard) are applied by the one-by-one
    handler inside the same call.                                                         */
#ifndef SCORING_SCORE_MANY_H_INCLUDED
#define SCORING_SCORE_MANY_H_INCLUDED

#include "scoring_score.h"

#include <stddef.h>

sf_consumer_many_fn scoring_inspection_apply_many;
sf_consumer_many_fn scoring_training_apply_many;
sf_consumer_many_fn scoring_lesson_apply_many;

//  Scores count causes (item_no 0, person not optional; each with its own source_key) under
//  the current rule set, set-based: the direct entries, then the cascades of the new person
//  entries. state as scoring_score_cause takes it. Returns 0 when every cause was scored as
//  scoring_score_cause would have, 1 when some cause is not the plain case (nothing was
//  written then), -1 on a db error.
int scoring_score_many (sf_db_t *db, const scoring_state_t *state, const scoring_cause_t *causes, size_t count);

#endif
