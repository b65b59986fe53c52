/*  scoring_report_build: a closed month's report (scoring_report_build.h).                  */
#include "scoring_report_build.h"
#include "scoring_month_totals.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A setting of scoring_setting, or -1 on a db error.
static int64_t
s_setting (sf_db_t *db, const char *key)
{
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (db, "SELECT coalesce ((SELECT value FROM scoring_setting WHERE key = $1), 0)",
                                   1, values);
    if (!rows)
        return -1;
    int64_t value = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return value;
}

static int
s_side (sf_db_t *db, const Scoring__MonthResult *month, const char *subject, bool ascending, int top,
        Scoring__Total ***totals, size_t *count)
{
    scoring_totals_query_t query = { .month = month, .subject = subject, .ascending = ascending, .limit = top };
    return scoring_month_totals_read (db, &query, totals, count);
}

static int
s_trend (sf_db_t *db, Scoring__Report *report, int months)
{
    char count [16];
    snprintf (count, sizeof count, "%d", months);
    const char *values [] = { report->month->plant_code, report->month->month, count };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT to_char (d, 'YYYY-MM'), s.status IS NOT NULL, coalesce (s.points, 0), coalesce (t.rewards, 0),"
        " coalesce (t.penalties, 0), coalesce (s.entries, 0)"
        " FROM generate_series (($2 || '-01')::date - ($3::integer - 1) * interval '1 month', ($2 || '-01')::date,"
        "  interval '1 month') d"
        " LEFT JOIN month_state s ON s.plant_code = $1 AND s.month = to_char (d, 'YYYY-MM')"
        " LEFT JOIN month_total t ON t.plant_code = $1 AND t.month = s.month AND t.subject = 'plant'"
        " ORDER BY d", 3, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Scoring__TrendPoint *point = sf_pb_add (&report->trend, &report->n_trend, &scoring__trend_point__descriptor);
        sf_pb_set (&point->month, sf_rows_text (rows, row, 0));
        point->status = sf_rows_bool (rows, row, 1)? SCORING__MONTH_STATUS__MONTH_CLOSED:
                                                     SCORING__MONTH_STATUS__MONTH_OPEN;
        point->points = sf_rows_int (rows, row, 2);
        point->rewards = sf_rows_int (rows, row, 3);
        point->penalties = sf_rows_int (rows, row, 4);
        point->entries = sf_rows_int (rows, row, 5);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
scoring_report_build (sf_db_t *db, Scoring__MonthResult *month, int top, int trend_months, Scoring__Report **out)
{
    Scoring__Report *report = sf_pb_new (&scoring__report__descriptor);
    report->month = month;
    int64_t top_n = top > 0? top: s_setting (db, "report_top");
    int64_t trend_n = trend_months > 0? trend_months: s_setting (db, "report_trend_months");
    int rc = top_n < 0 || trend_n < 0? -1: 0;
    if (top_n > SCORING_REPORT_MAX)
        top_n = SCORING_REPORT_MAX;
    if (trend_n > SCORING_REPORT_MAX)
        trend_n = SCORING_REPORT_MAX;
    if (!rc && top_n > 0)
        rc = s_side (db, month, "team", false, (int) top_n, &report->top_teams, &report->n_top_teams)
          || s_side (db, month, "team", true, (int) top_n, &report->bottom_teams, &report->n_bottom_teams)
          || s_side (db, month, "department", false, (int) top_n, &report->top_departments, &report->n_top_departments)
          || s_side (db, month, "department", true, (int) top_n, &report->bottom_departments,
                     &report->n_bottom_departments)? -1: 0;
    if (!rc && trend_n > 0)
        rc = s_trend (db, report, (int) trend_n);
    if (rc)
        sf_pb_destroy (&report);
    *out = report;
    return rc;
}
