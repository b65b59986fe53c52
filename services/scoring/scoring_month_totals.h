/*  scoring_month_totals: a month's totals of one subject kind as Total messages, with names
    from the org copy and the tier's names: a closed month's stored rows, an open month's
    computed now (scoring_month_close.h). ListTotals pages them; the report takes the first
    and last few; the exports take them all.                                              */
#ifndef SCORING_MONTH_TOTALS_H_INCLUDED
#define SCORING_MONTH_TOTALS_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>
#include <stddef.h>

//  Which totals: subject ("person", "team", "department", "plant") of month (a
//  scoring_month_get result: closed reads month_total, open computes under its rule_version
//  or the current one when 0), only codes at or below unit when not "" or NULL; best first
//  (rank, then code), or exactly reversed when ascending; after the row (after_rank,
//  after_code) when after_code is not NULL; at most limit rows (0: all).
typedef struct {
    const Scoring__MonthResult *month;
    const char *subject;
    const char *unit;
    bool ascending;
    int limit;
    int after_rank;
    const char *after_code;
} scoring_totals_query_t;

//  The totals into *totals (count of them; the caller frees each with sf_pb_destroy and the
//  array with free). 0, or -1 on a db error.
int scoring_month_totals_read (sf_db_t *db, const scoring_totals_query_t *query, Scoring__Total ***totals,
                               size_t *count);

//  1 when subject is one of the four kinds, else 0.
bool scoring_month_subject_valid (const char *subject);

//  Frees count totals and the array; safe with NULL.
void scoring_month_totals_free (Scoring__Total **totals, size_t count);

#endif
