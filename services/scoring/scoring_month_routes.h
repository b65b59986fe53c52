/*  scoring_month_routes: what the months area's handlers share (scoring_month_routes.c,
    scoring_report_routes.c, scoring_export_routes.c).                                     */
#ifndef SCORING_MONTH_ROUTES_H_INCLUDED
#define SCORING_MONTH_ROUTES_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_rpc_server.h"

#include <stdbool.h>
#include <stddef.h>

//  True for "YYYY-MM" with a month 01..12.
bool scoring_month_valid (const char *month);

//  The start of every month request: month checked (invalid_argument), the plant's zone into
//  zone (size bytes), and the month as scoring_month_get has it; NULL with the call failed.
Scoring__MonthResult *scoring_month_begin (sf_call_t *call, const char *plant, const char *month, char *zone,
                                           size_t size);

//  scoring.GetReport (scoring_report_routes.c) and scoring.ExportReport (scoring_export_routes.c).
sf_handler_fn scoring_report_get;
sf_handler_fn scoring_export_report;

#endif
