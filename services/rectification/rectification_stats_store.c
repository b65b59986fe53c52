/*  rectification_stats_store: GetStats' SQL. A subtree's statistics are read from its forms
    of the period; the company's total from the day rows of migration 006 and the forms of
    the part days read live, its units a page at a time in code order.                      */
#include "rectification_stats_store.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>

#define S_DAY_MS 86400000LL

//  A form's closed and overdue as at the end of the period (end, a parameter), the statuses
//  bound as parameters: closed before the end; overdue: past the deadline by the end, and
//  either marked (the evidence came late) or still being worked on (neither submitted nor
//  closed).
#define S_AT_END(end, submitted, closed) \
    "(status = " closed " AND closed_ms < " end ") AS closed," \
    " (deadline_ms < " end " AND (overdue OR status NOT IN (" submitted ", " closed "))) AS overdue"

//  A unit's row of statistics (s_row_to_stats' columns 1..7) from f: its forms of the
//  period, not cancelled, with closed and overdue as S_AT_END's.
#define S_COUNTS \
    "count (*) AS issued, count (*) FILTER (WHERE closed) AS closed," \
    " count (*) FILTER (WHERE closed AND closed_ms <= deadline_ms) AS on_time," \
    " COALESCE (avg (closed_ms - issued_ms) FILTER (WHERE closed), 0) / 3600000.0 AS hours," \
    " count (*) FILTER (WHERE overdue) AS overdue," \
    " count (*) FILTER (WHERE recurrence_of IS NOT NULL) AS recurrences," \
    " count (*) FILTER (WHERE NOT closed) AS open"

static void
s_row_to_stats (sf_rows_t *rows, int row, Rectification__UnitStats *stats)
{
    sf_pb_set (&stats->unit_code, sf_rows_text (rows, row, 0));
    stats->issued = (int32_t) sf_rows_int (rows, row, 1);
    stats->closed = (int32_t) sf_rows_int (rows, row, 2);
    stats->closed_on_time = (int32_t) sf_rows_int (rows, row, 3);
    stats->mean_hours_to_close = strtod (sf_rows_text (rows, row, 4), NULL);
    stats->overdue = (int32_t) sf_rows_int (rows, row, 5);
    stats->recurrences = (int32_t) sf_rows_int (rows, row, 6);
    stats->open = (int32_t) sf_rows_int (rows, row, 7);
    sf_pb_set (&stats->unit_name_zh, sf_rows_text (rows, row, 8));
    sf_pb_set (&stats->unit_name_en, sf_rows_text (rows, row, 9));
    stats->closure_rate = stats->issued? (double) stats->closed / stats->issued: 0;
    stats->on_time_rate = stats->closed? (double) stats->closed_on_time / stats->closed: 0;
}

//  A subtree's statistics from its forms of the period (each unit's from one range of
//  form_by_unit_time): the cost follows the forms of the period.
static int
s_stats_live (sf_db_t *db, const char *unit, int64_t end_ms, const char *after, int limit,
              Rectification__Stats *stats)
{
    sf_db_num_t n [7];
    const char *values [] = {
        unit, sf_db_num (&n [0], stats->from_ms), sf_db_num (&n [1], stats->to_ms), sf_db_num (&n [2], end_ms),
        sf_db_num (&n [3], RECTIFICATION__FORM_STATUS__FORM_SUBMITTED),
        sf_db_num (&n [4], RECTIFICATION__FORM_STATUS__FORM_CLOSED),
        sf_db_num (&n [5], RECTIFICATION__FORM_STATUS__FORM_CANCELLED), after, sf_db_num (&n [6], limit)
    };
    //  Each unit of the subtree reads its forms of the period from one range of
    //  form_by_unit_time, which holds the columns counted (an index-only scan where the
    //  table's pages are all visible). The total (the ROLLUP row, unit NULL, first) comes on
    //  every page, then limit units after the unit $8.
    sf_rows_t *rows = sf_db_query (db,
        "WITH f AS (SELECT u.code AS unit, issued_ms, deadline_ms, closed_ms, recurrence_of,"
        "                  " S_AT_END ("$4", "$5", "$6")
        "             FROM (" SF_ORG_SUBTREE_SQL ("$1") ") u CROSS JOIN LATERAL"
        "                  (SELECT * FROM form WHERE responsible_unit = u.code AND issued_ms >= $2"
        "                      AND issued_ms < $3 AND status <> $7) f),"
        " g AS (SELECT unit, " S_COUNTS " FROM f GROUP BY ROLLUP (unit))"
        " SELECT COALESCE (g.unit, $1), g.issued, g.closed, g.on_time, round (g.hours, 3)::text, g.overdue,"
        "        g.recurrences, g.open, COALESCE (n.name_zh, ''), COALESCE (n.name_en, ''), g.unit IS NULL"
        "   FROM g LEFT JOIN sf_org_node n ON n.code = COALESCE (g.unit, $1)"
        "  WHERE g.unit IS NULL OR $8::text IS NULL OR g.unit > $8::text"
        "  ORDER BY g.unit NULLS FIRST LIMIT $9::int + 1", 9, values);
    if (!rows)
        return -1;
    stats->total = sf_pb_new (&rectification__unit_stats__descriptor);
    //  No forms at all: ROLLUP gives no total row on an empty input.
    sf_pb_set (&stats->total->unit_code, unit);
    for (int i = 0; i < sf_rows_count (rows); i++)
        if (sf_rows_bool (rows, i, 10))
            s_row_to_stats (rows, i, stats->total);
        else
            s_row_to_stats (rows, i, sf_pb_add (&stats->units, &stats->n_units, &rectification__unit_stats__descriptor));
    sf_rows_destroy (&rows);
    return 0;
}

//  The company's total: the day rows of the whole days of the period ($4 <= issue day < $5),
//  those closed or due before the end's day ($6); the forms closed or due on the end's day
//  up to the end ($3, the day from $12) and issued on the whole days, read live; the forms
//  issued on the part days ([$1, $10) and [$11, $2), disjoint: $11 >= $10) read live whole,
//  each range from the index form_issued, which holds the columns counted. The end's day is
//  read first, from form_closed_at and form_deadline (migrations/008_stats_end_day.sql: they
//  hold the columns counted): a day's forms, where the whole days' range of form_issued that a
//  plan would otherwise join them with is a month's.
#define S_TOTAL_FROM_DAYS \
    "WITH c AS MATERIALIZED (SELECT issued_ms, deadline_ms, closed_ms, status FROM form" \
    "                         WHERE closed_ms > 0 AND closed_ms >= $12 AND closed_ms < $3)," \
    " d AS MATERIALIZED (SELECT issued_ms, status, overdue FROM form WHERE deadline_ms >= $12 AND deadline_ms < $3)," \
    " p AS (" \
    "  SELECT COALESCE (sum (n) FILTER (WHERE measure = 1), 0) AS issued," \
    "         COALESCE (sum (n) FILTER (WHERE measure = 2 AND other_day < $6), 0) AS closed," \
    "         COALESCE (sum (on_time) FILTER (WHERE measure = 2 AND other_day < $6), 0) AS on_time," \
    "         COALESCE (sum (close_ms) FILTER (WHERE measure = 2 AND other_day < $6), 0) AS close_ms," \
    "         COALESCE (sum (n) FILTER (WHERE measure = 3 AND other_day < $6), 0) AS overdue," \
    "         COALESCE (sum (recurrences) FILTER (WHERE measure = 1), 0) AS recurrences" \
    "    FROM stats_form_day WHERE measure IN (1, 2, 3) AND issue_day >= $4 AND issue_day < $5" \
    "  UNION ALL" \
    "  SELECT 0, count (*), count (*) FILTER (WHERE closed_ms <= deadline_ms), COALESCE (sum (closed_ms - issued_ms), 0), 0, 0" \
    "    FROM c WHERE status = $8 AND issued_ms >= $10 AND issued_ms < $11" \
    "  UNION ALL" \
    "  SELECT 0, 0, 0, 0, count (*), 0" \
    "    FROM d WHERE status <> $9 AND (overdue OR status NOT IN ($7, $8)) AND issued_ms >= $10 AND issued_ms < $11" \
    "  UNION ALL" \
    "  SELECT count (*), count (*) FILTER (WHERE closed), count (*) FILTER (WHERE closed AND closed_ms <= deadline_ms)," \
    "         COALESCE (sum (closed_ms - issued_ms) FILTER (WHERE closed), 0), count (*) FILTER (WHERE overdue)," \
    "         count (*) FILTER (WHERE recurrence_of IS NOT NULL)" \
    "    FROM (SELECT issued_ms, deadline_ms, closed_ms, recurrence_of, " S_AT_END ("$3", "$7", "$8") \
    "            FROM form WHERE issued_ms >= $1 AND issued_ms < LEAST ($2::bigint, $10::bigint) AND status <> $9" \
    "          UNION ALL" \
    "          SELECT issued_ms, deadline_ms, closed_ms, recurrence_of, " S_AT_END ("$3", "$7", "$8") \
    "            FROM form WHERE issued_ms >= GREATEST ($1::bigint, $11::bigint) AND issued_ms < $2 AND status <> $9) e)" \
    " SELECT n.code, sum (issued), sum (closed), sum (on_time)," \
    "        round (COALESCE (sum (close_ms)::numeric / NULLIF (sum (closed), 0), 0) / 3600000.0, 3)::text," \
    "        sum (overdue), sum (recurrences), sum (issued) - sum (closed), n.name_zh, n.name_en" \
    "   FROM p, sf_org_node n WHERE n.code = $13 GROUP BY n.code, n.name_zh, n.name_en"

//  The company's units with forms, in code order from the code after $4 ('' from the first):
//  each node of the copy read in the index's order, its forms of the period counted from
//  one range, until $5 of them have forms.
#define S_UNITS_IN_ORDER \
    "SELECT u.code, g.issued, g.closed, g.on_time, round (g.hours, 3)::text, g.overdue, g.recurrences, g.open," \
    "       u.name_zh, u.name_en" \
    "  FROM sf_org_node u CROSS JOIN LATERAL" \
    "       (SELECT " S_COUNTS \
    "          FROM (SELECT issued_ms, deadline_ms, closed_ms, recurrence_of, " S_AT_END ("$3", "$6", "$7") \
    "                  FROM form WHERE responsible_unit = u.code AND issued_ms >= $1 AND issued_ms < $2" \
    "                   AND status <> $8) f) g" \
    " WHERE u.code > $4 AND g.issued > 0 ORDER BY u.code LIMIT $5"

//  The company's statistics (migrations/006_stats_days.sql).
static int
s_stats_whole (sf_db_t *db, const char *unit, int64_t end_ms, const char *after, int limit,
               Rectification__Stats *stats)
{
    //  The whole days of the period, [first, last); none when it lies within one day.
    int64_t first = (stats->from_ms + S_DAY_MS - 1) / S_DAY_MS;
    int64_t last = stats->to_ms / S_DAY_MS;
    if (last < first)
        last = first;
    sf_db_num_t n [14];
    const char *values [] = {
        sf_db_num (&n [0], stats->from_ms), sf_db_num (&n [1], stats->to_ms), sf_db_num (&n [2], end_ms),
        sf_db_num (&n [3], first), sf_db_num (&n [4], last), sf_db_num (&n [5], end_ms / S_DAY_MS),
        sf_db_num (&n [6], RECTIFICATION__FORM_STATUS__FORM_SUBMITTED),
        sf_db_num (&n [7], RECTIFICATION__FORM_STATUS__FORM_CLOSED),
        sf_db_num (&n [8], RECTIFICATION__FORM_STATUS__FORM_CANCELLED),
        sf_db_num (&n [9], first * S_DAY_MS), sf_db_num (&n [10], last * S_DAY_MS),
        sf_db_num (&n [11], end_ms / S_DAY_MS * S_DAY_MS), unit
    };
    sf_rows_t *rows = sf_db_query (db, S_TOTAL_FROM_DAYS, 13, values);
    if (!rows)
        return -1;
    stats->total = sf_pb_new (&rectification__unit_stats__descriptor);
    sf_pb_set (&stats->total->unit_code, unit);
    if (sf_rows_count (rows) == 1)
        s_row_to_stats (rows, 0, stats->total);
    sf_rows_destroy (&rows);
    const char *page [] = {
        values [0], values [1], values [2], after? after: "", sf_db_num (&n [12], limit),
        values [6], values [7], values [8]
    };
    rows = sf_db_query (db, S_UNITS_IN_ORDER, 8, page);
    if (!rows)
        return -1;
    for (int i = 0; i < sf_rows_count (rows); i++)
        s_row_to_stats (rows, i, sf_pb_add (&stats->units, &stats->n_units, &rectification__unit_stats__descriptor));
    sf_rows_destroy (&rows);
    return 0;
}

int
rect_store_stats (sf_db_t *db, const char *unit, bool whole, int64_t end_ms, const char *after, int limit,
                  Rectification__Stats *stats)
{
    return whole? s_stats_whole (db, unit, end_ms, after, limit, stats)
                : s_stats_live (db, unit, end_ms, after, limit, stats);
}
