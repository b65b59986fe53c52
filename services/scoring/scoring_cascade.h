/*  scoring_cascade: joint liability (奖罚连带制, README_rules.md "Joint liability"): after a
    person's direct entry of a cascading rule, each cascade level of the same rule version
    gives the leader holding the level's role on exactly the person's unit of that kind an
    entry of round (points × factor), half away from zero; with no such leader the unit
    itself bears it. Each is written once (scoring_entry_add), so a replay writes nothing.  */
#ifndef SCORING_CASCADE_H_INCLUDED
#define SCORING_CASCADE_H_INCLUDED

#include "scoring_store.h"

//  points × factor in centipoints, rounded half away from zero (factor has at most 4
//  decimals: computed in ten-thousandths, exactly).
int64_t scoring_cascade_points (int64_t points, double factor);

//  The cascades of entry parent_id, written as parent (the person's input: its subject,
//  kind, points, rule version, cause and moment; its time_zone the person's plant's, as
//  scoring_plant_zone gives it with fallback_zone: reused for a leader or unit of that plant)
//  says; kind_zh/kind_en the kind's names, fallback_zone the zone of a plant without a
//  plant_zone row. Returns the number of
//  entries written, or -1 on a db error.
int scoring_cascade_apply (sf_db_t *db, int64_t parent_id, const scoring_entry_input_t *parent,
                           const char *kind_zh, const char *kind_en, const char *fallback_zone);

#endif
