/*  rectification_stats_store: the SQL of GetStats, a subtree's forms of a period counted as
    they stood at its end (README.md "GetStats" for the definitions).                      */
#ifndef RECTIFICATION_STATS_STORE_H
#define RECTIFICATION_STATS_STORE_H

#include "rectification.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>

//  Statistics of the forms issued in [stats->from_ms, stats->to_ms) in the subtree of unit,
//  as they stood at end_ms: the total, and a row per unit with forms, by code, the first
//  limit after the code after (NULL: from the first), into stats. whole: unit is the
//  company, whose subtree is the whole org copy; its total comes from the day rows
//  (migrations/006_stats_days.sql) and the forms of at most three days, and its units are
//  read in code order until limit of them have forms. 0, or -1 on a database error.
int rect_store_stats (sf_db_t *db, const char *unit, bool whole, int64_t end_ms, const char *after, int limit,
                      Rectification__Stats *stats);

#endif
