/*  scoring_export_routes: scoring.ExportReport, a closed month's report and totals as a CSV
    or XLSX file (scoring_export.h); its route is in scoring_month_routes.c. A file larger
    than the reply bound is refused (too_large) with its size, not cut.                      */
#include "scoring_export.h"
#include "scoring_month_messages.h"
#include "scoring_month_routes.h"
#include "scoring_report_build.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Room for the reply's other fields around the file.
#define S_REPLY_OVERHEAD 1024

static void
s_send (sf_call_t *call, const char *plant, const char *month, bool xlsx, char *content, size_t size)
{
    if (call->max_reply_bytes && size + S_REPLY_OVERHEAD > call->max_reply_bytes) {
        sf_call_fail (call, SF_TOO_LARGE, &SCORING_MONTH_MSG_TOO_LARGE, (long long) size,
                      (long long) call->max_reply_bytes);
        return;
    }
    char name [128];
    snprintf (name, sizeof name, "%s-%s-scoring.%s", plant, month, xlsx? "xlsx": "csv");
    Scoring__Export reply = SCORING__EXPORT__INIT;
    reply.file_name = name;
    reply.content_type = xlsx? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                               "text/csv; charset=utf-8";
    reply.content.data = (uint8_t *) content;
    reply.content.len = size;
    sf_call_reply (call, &reply.base);
}

void
scoring_export_report (sf_call_t *call)
{
    const Scoring__ExportReport *request = SF_CALL_BODY (call, Scoring__ExportReport);
    bool xlsx = request->format == SCORING__EXPORT_FORMAT__EXPORT_XLSX;
    if (!xlsx && request->format != SCORING__EXPORT_FORMAT__EXPORT_CSV) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_FORMAT);
        return;
    }
    const char *language = request->language? request->language: "";
    bool english = strcmp (language, "en") == 0;
    if (!english && *language && strcmp (language, "zh") != 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_LANGUAGE, language);
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
    scoring_export_data_t data;
    if (scoring_report_build (call->db, month, 0, 0, &report) || scoring_export_load (call->db, report, english, &data)) {
        sf_call_fail_db (call, "reading a month for its export");
        sf_pb_destroy (&report);
        return;
    }
    char *content = NULL;
    size_t size = 0;
    if ((xlsx? scoring_export_xlsx: scoring_export_csv) (&data, &content, &size))
        sf_call_fail (call, SF_INTERNAL, &SCORING_MONTH_MSG_EXPORT_FAILED);
    else
        s_send (call, request->plant_code, request->month, xlsx, content, size);
    free (content);
    scoring_export_unload (&data);
    sf_pb_destroy (&report);
}
