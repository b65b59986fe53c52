/*  inspection_plan_handlers: check plans, plant calendars, task generation, task lists and
    checklists.                                                                              */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_jobs.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_task_store.h"
#include "sf_clock.h"

#include <stdlib.h>
#include <string.h>

//  Checks a date field (required or not); 0, or -1 with the reply set.
static int
s_check_date (sf_call_t *call, const char *text, bool required)
{
    if (!*text && !required)
        return 0;
    if (!inspection_date_valid (text)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_DATE, inspection_text_valid (text, 0, 20)? text: "?");
        return -1;
    }
    return 0;
}

//  from..to: valid dates, in order, at most max_days apart.
static int
s_check_range (sf_call_t *call, const char *from, const char *to, int max_days)
{
    if (s_check_date (call, from, true) || s_check_date (call, to, true))
        return -1;
    int days = inspection_date_diff (from, to);
    if (days < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_RANGE, from, to);
        return -1;
    }
    if (days >= max_days) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_RANGE_TOO_LONG, max_days);
        return -1;
    }
    return 0;
}

static int
s_check_plan (sf_call_t *call, const inspection_plan_t *plan)
{
    if (!inspection_code_valid (plan->code)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_CODE, INSPECTION_CODE_MAX_CHARS);
        return -1;
    }
    if (plan->level < INSPECTION_LEVEL_COMPANY_MONTHLY || plan->level > INSPECTION_LEVEL_SPECIAL) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_LEVEL);
        return -1;
    }
    if (!inspection_text_valid (plan->title_zh, 1, INSPECTION_TITLE_MAX_CHARS)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "中文标题", "title_zh", INSPECTION_TITLE_MAX_CHARS);
        return -1;
    }
    if (!inspection_text_valid (plan->title_en, 0, INSPECTION_TITLE_MAX_CHARS)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "英文标题", "title_en", INSPECTION_TITLE_MAX_CHARS);
        return -1;
    }
    if (s_check_date (call, plan->starts_on, true) || s_check_date (call, plan->ends_on, false))
        return -1;
    if (*plan->ends_on && inspection_date_diff (plan->starts_on, plan->ends_on) < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_RANGE, plan->starts_on, plan->ends_on);
        return -1;
    }
    if (plan->level == INSPECTION_LEVEL_SPECIAL) {
        if (!*plan->ends_on) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_SPECIAL_NEEDS_END);
            return -1;
        }
        if (inspection_date_diff (plan->starts_on, plan->ends_on) >= INSPECTION_PERIOD_DAYS_MAX) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_RANGE_TOO_LONG, INSPECTION_PERIOD_DAYS_MAX);
            return -1;
        }
        if (plan->target_kind < SF_ORG_DEPARTMENT || plan->target_kind > SF_ORG_POST) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TARGET_KIND);
            return -1;
        }
    }
    if (plan->free_item_count > INSPECTION_FREE_ITEMS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "自定义检查项", "free items",
                      INSPECTION_FREE_ITEMS_MAX);
        return -1;
    }
    for (size_t index = 0; index < plan->free_item_count; index++)
        if (!inspection_text_valid (plan->free_items [index].text_zh, 1, INSPECTION_ITEM_MAX_CHARS)
        ||  !inspection_text_valid (plan->free_items [index].text_en, 0, INSPECTION_ITEM_MAX_CHARS)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, "自定义检查项", "a free item",
                          INSPECTION_ITEM_MAX_CHARS);
            return -1;
        }
    return 0;
}

void
inspection_create_plan (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    inspection_plan_t *plan = &request.plan;
    unsigned scopes = INSPECTION_KIND_BIT (SF_ORG_COMPANY) | INSPECTION_KIND_BIT (SF_ORG_PLANT)
                    | INSPECTION_KIND_BIT (SF_ORG_DEPARTMENT);
    if (s_check_plan (call, plan) == 0
    &&  inspection_guard_unit (call, plan->scope_unit, scopes, &INSPECTION_MSG_BAD_SCOPE_KIND, NULL) == 0
    &&  inspection_guard_covers (call, plan->scope_unit) == 0) {
        if (plan->level != INSPECTION_LEVEL_SPECIAL)
            plan->target_kind = 0;
        int inserted = inspection_store_plan_insert (call->db, plan, call->request->actor.user_id, sf_clock_now_ms ());
        //  Its tasks of today and tomorrow exist at once, not at the next run of the job.
        if (inserted > 0 && inspection_jobs_generate (call->db, call->state, sf_clock_now_ms ()))
            inserted = -1;
        if (inserted < 0)
            sf_call_fail_db (call, "inserting a plan");
        else
        if (!inserted)
            sf_call_fail (call, SF_ALREADY_EXISTS, &INSPECTION_MSG_PLAN_EXISTS, plan->code);
        else {
            size_t size;
            uint8_t *body = inspection_plan_encode (plan, &size);
            sf_call_ok (call, "inspection.Plan", body, size);
            if (inspection_guard_emit (call, "inspection.plan_created", "plan", plan->code, "", "inspection.Plan",
                                       body, size) == 0)
                sf_info ("plan %s created (level %d, scope %s)", plan->code, plan->level, plan->scope_unit);
        }
    }
    inspection_request_clear (&request);
}

//  A time zone PostgreSQL knows: 1, 0, or -1 on error.
static int
s_time_zone_known (sf_db_t *db, const char *zone)
{
    const char *values [] = { zone };
    sf_rows_t *rows = sf_db_query (db, "SELECT count (*) FROM pg_timezone_names WHERE name = $1", 1, values);
    if (!rows)
        return -1;
    int known = sf_rows_int (rows, 0, 0) > 0;
    sf_rows_destroy (&rows);
    return known;
}

void
inspection_set_plant_calendar (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    inspection_calendar_t *calendar = &request.calendar;
    int rc = inspection_guard_unit (call, calendar->plant_code, INSPECTION_KIND_BIT (SF_ORG_PLANT),
                                    &INSPECTION_MSG_NOT_A_PLANT, NULL);
    if (rc == 0 && !*calendar->time_zone) {
        free (calendar->time_zone);
        calendar->time_zone = strdup (((const inspection_state_t *) call->state)->default_time_zone);
    }
    if (rc == 0 && (calendar->shift_count == 0 || calendar->shift_count > INSPECTION_SHIFTS_MAX)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SHIFT, "");
        rc = -1;
    }
    for (size_t index = 0; rc == 0 && index < calendar->shift_count; index++)
        if (!inspection_shift_valid (calendar->shifts [index])) {
            const char *shift = calendar->shifts [index];
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SHIFT,
                          inspection_text_valid (shift, 0, 20)? shift: "?");
            rc = -1;
        }
    if (rc == 0) {
        int known = inspection_text_valid (calendar->time_zone, 1, 64)? s_time_zone_known (call->db, calendar->time_zone): 0;
        if (known < 0)
            sf_call_fail_db (call, "looking up a time zone");
        else
        if (!known)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TIME_ZONE,
                          inspection_text_valid (calendar->time_zone, 0, 64)? calendar->time_zone: "?");
        else
        if (inspection_store_calendar_put (call->db, calendar, call->request->actor.user_id, sf_clock_now_ms ()))
            sf_call_fail_db (call, "writing a calendar");
        else {
            size_t size;
            uint8_t *body = inspection_calendar_encode (calendar, &size);
            sf_call_ok (call, "inspection.PlantCalendar", body, size);
            free (body);
        }
    }
    inspection_request_clear (&request);
}

void
inspection_generate_tasks (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    if (s_check_range (call, request.from_date, request.to_date, INSPECTION_GENERATE_DAYS_MAX) == 0) {
        int created = inspection_store_generate (call->db, call->state, request.from_date, request.to_date,
                                                 sf_clock_now_ms ());
        if (created < 0)
            sf_call_fail_db (call, "generating tasks");
        else {
            size_t size;
            uint8_t *body = inspection_generate_result_encode (created, &size);
            sf_call_ok (call, "inspection.GenerateResult", body, size);
            free (body);
            sf_info ("%d tasks generated for %s..%s", created, request.from_date, request.to_date);
        }
    }
    inspection_request_clear (&request);
}

void
inspection_list_tasks (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    if (inspection_guard_unit (call, request.unit_code, 0, NULL, NULL) == 0
    &&  s_check_range (call, request.from_date, request.to_date, INSPECTION_PERIOD_DAYS_MAX) == 0) {
        inspection_task_list_t list = { 0 };
        if (inspection_store_task_list (call->db, request.unit_code, request.from_date, request.to_date,
                                        request.status, inspection_limit (request.limit), &list) < 0)
            sf_call_fail_db (call, "listing tasks");
        else {
            size_t size;
            uint8_t *body = inspection_task_list_encode (&list, &size);
            sf_call_ok (call, "inspection.TaskList", body, size);
            free (body);
        }
        INSPECTION_CLEAR (&list, inspection_task_clear);
    }
    inspection_request_clear (&request);
}

void
inspection_get_checklist (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    inspection_task_t task = { 0 };
    int found = inspection_store_task_find (call->db, request.task_id, false, &task);
    if (found < 0)
        sf_call_fail_db (call, "looking up a task");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_TASK_NOT_FOUND, (long long) request.task_id);
    else {
        inspection_check_list_t list = { 0 };
        if (inspection_store_checklist (call->db, call->state, &task, &list) < 0)
            sf_call_fail_db (call, "building a checklist");
        else {
            size_t size;
            uint8_t *body = inspection_checklist_encode (task.id, &list, &size);
            sf_call_ok (call, "inspection.Checklist", body, size);
            free (body);
        }
        INSPECTION_CLEAR (&list, inspection_check_item_clear);
    }
    inspection_task_clear (&task);
    inspection_request_clear (&request);
}
