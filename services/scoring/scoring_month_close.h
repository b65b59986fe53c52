/*  scoring_month_close: a plant's month computed from the ledger (README_months.md): the
    clean-month entries (三零), the totals of every person, team, department and the plant
    with caps, ranks and tiers, and the checksum. CloseMonth stores them for ever; PreviewMonth
    and an open month's ListTotals compute the same thing and store nothing. Everything is
    set-based SQL (one INSERT … SELECT with GROUP BY per step, never a loop per person), so a
    month of 100,000 employees closes in about the time of one aggregation of its entries.   */
#ifndef SCORING_MONTH_CLOSE_H_INCLUDED
#define SCORING_MONTH_CLOSE_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>
#include <stdint.h>

//  What scoring_month_close answers besides -1 (a database error).
typedef enum {
    SCORING_MONTH_CLOSED_NOW = 0,      //  closed by this call, *out set
    SCORING_MONTH_NOT_ENDED = 1,       //  now_ms is before the month's end in its zone
    SCORING_MONTH_WAS_CLOSED = 2       //  closed before: never again
} scoring_month_close_t;

//  The totals of a month as one SELECT, with the columns of month_total (subject, code,
//  parent_code, points, direct_points, cascade_points, rewards, penalties, entries, rank,
//  rank_of, tier_code, amount_yuan), in no order. Parameters: $1 plant, $2 month, $3 the rule
//  version whose caps and tiers apply, $4 true to count the clean-month entries a close
//  would write (an open month), false when they are in the ledger already (a closed one).
extern const char SCORING_MONTH_TOTALS_SQL [];

//  head, then the totals as a subquery "(…) t", then tail: e.g. head "SELECT t.code FROM",
//  tail "WHERE t.subject = 'team'". The caller frees it.
char *scoring_month_totals_wrap (const char *head, const char *tail);

//  Closes plant's month (zone: scoring_plant_zone) as actor at now_ms, in db's transaction
//  (the caller commits): writes the clean-month entries, the totals and the month_state row.
//  Writes to the ledger wait meanwhile (a lock on entry), so no entry lands in the month
//  unseen. *out (sf_pb_destroy frees it) is the stored result. Returns a
//  scoring_month_close_t, or -1 on a database error (the caller rolls back).
int scoring_month_close (sf_db_t *db, const char *plant, const char *month, const char *zone, const char *actor,
                         int64_t now_ms, Scoring__MonthResult **out);

//  The same computation, stored nowhere: an open month's standing under the current rules
//  with the clean-month entries it would get; a closed month recomputed from its ledger under
//  its own rule version (the checksum must equal the stored one). 0, or -1 on a db error.
int scoring_month_preview (sf_db_t *db, const char *plant, const char *month, const char *zone,
                           Scoring__MonthResult **out);

//  The stored result of a closed month, or for an open one its bounds with status MONTH_OPEN
//  and zero totals. 0, or -1 on a db error.
int scoring_month_get (sf_db_t *db, const char *plant, const char *month, const char *zone,
                       Scoring__MonthResult **out);

//  The current rule version (the highest), or -1 on a db error.
int64_t scoring_month_rule_version (sf_db_t *db);

#endif
