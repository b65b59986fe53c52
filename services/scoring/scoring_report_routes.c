/*  scoring_report_routes: scoring.GetReport, a closed month's report (scoring_report_build.h);
    its route is in scoring_month_routes.c.                                                  */
#include "scoring_month_messages.h"
#include "scoring_month_routes.h"
#include "scoring_report_build.h"
#include "sf_pb.h"

void
scoring_report_get (sf_call_t *call)
{
    const Scoring__GetReport *request = SF_CALL_BODY (call, Scoring__GetReport);
    if (request->top < 0 || request->top > SCORING_REPORT_MAX || request->trend_months < 0
    ||  request->trend_months > SCORING_REPORT_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_REPORT, request->top, request->trend_months,
                      SCORING_REPORT_MAX);
        return;
    }
    char zone [64];
    Scoring__MonthResult *month = scoring_month_begin (call, request->plant_code, request->month, zone, sizeof zone);
    if (!month)
        return;
    if (month->status != SCORING__MONTH_STATUS__MONTH_CLOSED) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_MONTH_MSG_NOT_CLOSED, request->plant_code, request->month);
        sf_pb_destroy (&month);
        return;
    }
    Scoring__Report *report = NULL;
    if (scoring_report_build (call->db, month, request->top, request->trend_months, &report))
        sf_call_fail_db (call, "building a report");
    else
        sf_call_reply (call, &report->base);
    sf_pb_destroy (&report);
}
