/*  scoring_month_routes: the months area's part of the route table (scoring.h): a plant's
    zone, closing and previewing a month, reading it and its totals (README_months.md). The
    report and the exports are in scoring_report_routes.c and scoring_export_*.c, joined here.
    Reads need a grant covering the plant; writes admin or ehs (the zone), or also the
    plant's safety manager (the close). The close runs alone: it locks the ledger.          */
#include "scoring.h"
#include "scoring_events.h"
#include "scoring_month_close.h"
#include "scoring_month_messages.h"
#include "scoring_month_routes.h"
#include "scoring_month_totals.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
scoring_month_valid (const char *month)
{
    if (!month || strlen (month) != 7 || month [4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && !isdigit ((unsigned char) month [i]))
            return false;
    int number = atoi (month + 5);
    return number >= 1 && number <= 12 && strncmp (month, "0000", 4) != 0;
}

Scoring__MonthResult *
scoring_month_begin (sf_call_t *call, const char *plant, const char *month, char *zone, size_t size)
{
    if (!scoring_month_valid (month)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_MONTH, month? month: "");
        return NULL;
    }
    const scoring_state_t *state = call->state;
    Scoring__MonthResult *result = NULL;
    if (scoring_plant_zone (call->db, plant, state->time_zone, zone, size)
    ||  scoring_month_get (call->db, plant, month, zone, &result)) {
        sf_call_fail_db (call, "reading a month");
        return NULL;
    }
    return result;
}

static void
s_set_plant_zone (sf_call_t *call)
{
    const Scoring__SetPlantZone *request = SF_CALL_BODY (call, Scoring__SetPlantZone);
    sf_org_node_t node;
    int found = sf_org_find (call->db, request->plant_code, &node);
    if (found < 0) {
        sf_call_fail_db (call, "reading the org");
        return;
    }
    if (!found || (node.kind != SF_ORG_PLANT && node.kind != SF_ORG_COMPANY)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_NOT_PLANT, request->plant_code);
        return;
    }
    const char *values [] = { request->plant_code, request->time_zone };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $2),"
        " EXISTS (SELECT 1 FROM month_state WHERE plant_code = $1)", 2, values);
    if (!rows) {
        sf_call_fail_db (call, "checking a time zone");
        return;
    }
    bool known = sf_rows_bool (rows, 0, 0), closed = sf_rows_bool (rows, 0, 1);
    sf_rows_destroy (&rows);
    if (!known)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_ZONE, request->time_zone);
    else
    if (closed)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_MONTH_MSG_ZONE_FROZEN, request->plant_code);
    else
    if (sf_db_exec (call->db, "INSERT INTO plant_zone (plant_code, time_zone) VALUES ($1, $2)"
                              " ON CONFLICT (plant_code) DO UPDATE SET time_zone = EXCLUDED.time_zone", 2, values) < 0)
        sf_call_fail_db (call, "storing a plant's zone");
    else {
        Scoring__PlantZone reply = SCORING__PLANT_ZONE__INIT;
        reply.plant_code = request->plant_code;
        reply.time_zone = request->time_zone;
        sf_call_reply (call, &reply.base);
    }
}

static void
s_close (sf_call_t *call)
{
    const Scoring__CloseMonth *request = SF_CALL_BODY (call, Scoring__CloseMonth);
    char zone [64];
    Scoring__MonthResult *month = scoring_month_begin (call, request->plant_code, request->month, zone, sizeof zone);
    if (!month)
        return;
    sf_pb_destroy (&month);
    const char *actor = call->request->actor.user_id? call->request->actor.user_id: "";
    int rc = scoring_month_close (call->db, request->plant_code, request->month, zone, actor, sf_clock_now_ms (),
                                  &month);
    char key [48];
    snprintf (key, sizeof key, "%s:%s", request->plant_code, request->month);
    if (rc < 0)
        sf_call_fail_db (call, "closing a month");
    else
    if (rc == SCORING_MONTH_NOT_ENDED)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_MONTH_MSG_NOT_ENDED, request->month, zone);
    else
    if (rc == SCORING_MONTH_WAS_CLOSED)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_MONTH_MSG_CLOSED, request->plant_code, request->month);
    else
    if (scoring_emit (call, call->db, "scoring.month_closed", "month", key, 1, request->plant_code, &month->base))
        sf_call_fail_db (call, "recording scoring.month_closed");
    else
        sf_call_reply (call, &month->base);
    sf_pb_destroy (&month);
}

static void
s_preview (sf_call_t *call)
{
    const Scoring__PreviewMonth *request = SF_CALL_BODY (call, Scoring__PreviewMonth);
    char zone [64];
    Scoring__MonthResult *month = scoring_month_begin (call, request->plant_code, request->month, zone, sizeof zone);
    if (!month)
        return;
    sf_pb_destroy (&month);
    if (scoring_month_preview (call->db, request->plant_code, request->month, zone, &month))
        sf_call_fail_db (call, "computing a month");
    else
        sf_call_reply (call, &month->base);
    sf_pb_destroy (&month);
}

static void
s_get (sf_call_t *call)
{
    const Scoring__GetMonth *request = SF_CALL_BODY (call, Scoring__GetMonth);
    char zone [64];
    Scoring__MonthResult *month = scoring_month_begin (call, request->plant_code, request->month, zone, sizeof zone);
    if (month)
        sf_call_reply (call, &month->base);
    sf_pb_destroy (&month);
}

static void
s_list_totals (sf_call_t *call)
{
    const Scoring__ListTotals *request = SF_CALL_BODY (call, Scoring__ListTotals);
    if (!scoring_month_subject_valid (request->subject)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_MONTH_MSG_BAD_SUBJECT, request->subject);
        return;
    }
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 2, &page))
        return;
    int64_t after_rank = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &after_rank)) {
        sf_page_close (&page);
        return;
    }
    char zone [64];
    Scoring__MonthResult *month = scoring_month_begin (call, request->plant_code, request->month, zone, sizeof zone);
    if (!month) {
        sf_page_close (&page);
        return;
    }
    scoring_totals_query_t query = {
        .month = month, .subject = request->subject, .unit = request->unit_code, .ascending = request->ascending,
        .limit = page.size + 1, .after_rank = (int) after_rank, .after_code = page.after? page.after [1]: NULL
    };
    Scoring__Total **totals = NULL;
    size_t count = 0;
    if (scoring_month_totals_read (call->db, &query, &totals, &count))
        sf_call_fail_db (call, "reading totals");
    else {
        Scoring__TotalList reply = SCORING__TOTAL_LIST__INIT;
        reply.provisional = month->status != SCORING__MONTH_STATUS__MONTH_CLOSED;
        reply.n_totals = count > (size_t) page.size? (size_t) page.size: count;
        reply.totals = totals;
        char *token = NULL;
        if (count > (size_t) page.size) {
            const Scoring__Total *last = totals [page.size - 1];
            char rank [16];
            snprintf (rank, sizeof rank, "%d", last->rank);
            const char *keys [] = { rank, last->code };
            token = sf_page_token (call, keys, 2);
        }
        reply.next_page_token = token? token: "";
        sf_call_reply (call, &reply.base);
        free (token);
    }
    scoring_month_totals_free (totals, count);
    sf_pb_destroy (&month);
    sf_page_close (&page);
}

#define S_ROUTE(name, reply_name, fn) \
    .request = &scoring__##name##__descriptor, .reply = &scoring__##reply_name##__descriptor, .handler = fn

#define S_WRITERS "admin,ehs,plant_safety_manager"

const sf_route_t scoring_month_routes [] = {
    { S_ROUTE (set_plant_zone, plant_zone, s_set_plant_zone), .writes = true, .roles = "admin,ehs",
      .required = "plant_code,time_zone", .scope = "plant_code" },
    { S_ROUTE (close_month, month_result, s_close), .writes = true, .alone = true, .roles = S_WRITERS,
      .required = "plant_code,month", .scope = "plant_code" },
    { S_ROUTE (preview_month, month_result, s_preview), .required = "plant_code,month", .scope = "plant_code" },
    { S_ROUTE (get_month, month_result, s_get), .required = "plant_code,month", .scope = "plant_code" },
    { S_ROUTE (list_totals, total_list, s_list_totals), .required = "plant_code,month,subject", .scope = "plant_code" },
    { S_ROUTE (get_report, report, scoring_report_get), .required = "plant_code,month", .scope = "plant_code" },
    { S_ROUTE (export_report, export, scoring_export_report), .required = "plant_code,month", .scope = "plant_code" },
    { 0 }
};
