/*  scoring_report_build: the report of a closed month of a plant (README_months.md,
    "Reports"): its result, the best and worst teams and departments, and the plant's trend
    over the months ending with it (a month not closed is 0 with MONTH_OPEN). GetReport
    answers it; the exports write it.                                                       */
#ifndef SCORING_REPORT_BUILD_H_INCLUDED
#define SCORING_REPORT_BUILD_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"

#define SCORING_REPORT_MAX 100     //  the largest top and trend_months a request may ask for

//  The report of month (closed; ownership moves into the report) with top teams and
//  departments each way and trend_months months of trend (0: scoring_setting report_top and
//  report_trend_months). *out (sf_pb_destroy frees it). 0, or -1 on a db error (month freed).
int scoring_report_build (sf_db_t *db, Scoring__MonthResult *month, int top, int trend_months, Scoring__Report **out);

#endif
