/*  scoring_month_totals: a month's totals as messages (scoring_month_totals.h).              */
#include "scoring_month_totals.h"
#include "scoring_month_close.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
scoring_month_subject_valid (const char *subject)
{
    static const char *const subjects [] = { "person", "team", "department", "plant" };
    for (size_t i = 0; subject && i < sizeof subjects / sizeof subjects [0]; i++)
        if (strcmp (subject, subjects [i]) == 0)
            return true;
    return false;
}

void
scoring_month_totals_free (Scoring__Total **totals, size_t count)
{
    for (size_t i = 0; totals && i < count; i++)
        sf_pb_destroy (&totals [i]);
    free (totals);
}

//  The columns read from the totals "t" (month_total's columns), the subject's node "n" and
//  the tier "tr"; then the filters: $5 subject, $6 unit ('' none), $7/$8 the row after
//  which the page starts ('' none).
#define S_SELECT \
    "SELECT t.subject, t.code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), t.parent_code, t.points," \
    " t.direct_points, t.cascade_points, t.rewards, t.penalties, t.entries, t.rank, t.rank_of, t.tier_code," \
    " coalesce (tr.name_zh, ''), coalesce (tr.name_en, ''), t.amount_yuan FROM"
#define S_JOIN_WHERE \
    " LEFT JOIN sf_org_node n ON n.code = t.code" \
    " LEFT JOIN tier tr ON tr.version = $3::bigint AND tr.subject = t.subject AND tr.code = t.tier_code" \
    " WHERE t.subject = $5 AND ($6 = '' OR t.code IN (" SF_ORG_SUBTREE_SQL ("$6") "))"
#define S_AFTER(op) " AND ($8 = '' OR (t.rank, t.code COLLATE \"C\") " op " (nullif ($7, '')::integer, $8))"
#define S_ORDER_BEST " ORDER BY t.rank, t.code COLLATE \"C\" LIMIT nullif ($9::integer, 0)"
#define S_ORDER_WORST " ORDER BY t.rank DESC, t.code COLLATE \"C\" DESC LIMIT nullif ($9::integer, 0)"

static Scoring__Total *
s_total_from_row (sf_rows_t *rows, int row)
{
    Scoring__Total *total = sf_pb_new (&scoring__total__descriptor);
    int c = 0;
    sf_pb_set (&total->subject, sf_rows_text (rows, row, c++));
    sf_pb_set (&total->code, sf_rows_text (rows, row, c++));
    sf_pb_set (&total->name_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&total->name_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&total->parent_code, sf_rows_text (rows, row, c++));
    total->points = sf_rows_int (rows, row, c++);
    total->direct_points = sf_rows_int (rows, row, c++);
    total->cascade_points = sf_rows_int (rows, row, c++);
    total->rewards = sf_rows_int (rows, row, c++);
    total->penalties = sf_rows_int (rows, row, c++);
    total->entries = (int32_t) sf_rows_int (rows, row, c++);
    total->rank = (int32_t) sf_rows_int (rows, row, c++);
    total->rank_of = (int32_t) sf_rows_int (rows, row, c++);
    sf_pb_set (&total->tier_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&total->tier_name_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&total->tier_name_en, sf_rows_text (rows, row, c++));
    total->amount_yuan = sf_rows_int (rows, row, c++);
    return total;
}

int
scoring_month_totals_read (sf_db_t *db, const scoring_totals_query_t *query, Scoring__Total ***totals, size_t *count)
{
    *totals = NULL;
    *count = 0;
    const Scoring__MonthResult *month = query->month;
    bool closed = month->status == SCORING__MONTH_STATUS__MONTH_CLOSED;
    int64_t version = month->rule_version? month->rule_version: scoring_month_rule_version (db);
    if (version < 0)
        return -1;
    char key [24], after [16], limit [16];
    snprintf (key, sizeof key, "%" PRId64, version);
    snprintf (after, sizeof after, "%d", query->after_rank);
    snprintf (limit, sizeof limit, "%d", query->limit > 0? query->limit: 0);
    const char *values [] = {
        month->plant_code, month->month, key, closed? "false": "true", query->subject,
        query->unit? query->unit: "", query->after_code? after: "", query->after_code? query->after_code: "", limit
    };
    const char *tail = query->ascending? S_JOIN_WHERE S_AFTER ("<") S_ORDER_WORST: S_JOIN_WHERE S_AFTER (">") S_ORDER_BEST;
    char *sql = NULL;
    if (closed) {
        //  $4 (false for a closed month) is named so every statement takes the same parameters.
        size_t size = strlen (tail) + 512;
        sql = malloc (size);
        snprintf (sql, size, "%s (SELECT * FROM month_total WHERE plant_code = $1 AND month = $2"
                             " AND NOT $4::boolean) t %s", S_SELECT, tail);
    }
    else
        sql = scoring_month_totals_wrap (S_SELECT, tail);
    sf_rows_t *rows = sql? sf_db_query (db, sql, 9, values): NULL;
    free (sql);
    if (!rows)
        return -1;
    int n = sf_rows_count (rows);
    *totals = calloc ((size_t) n + 1, sizeof **totals);
    for (int row = 0; row < n; row++)
        (*totals) [row] = s_total_from_row (rows, row);
    *count = (size_t) n;
    sf_rows_destroy (&rows);
    return 0;
}
