/*  inspection_plan_handlers: check plans, plant calendars, task generation, task lists and
    checklists.                                                                              */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_jobs.h"
#include "inspection_messages.h"
#include "inspection_page.h"
#include "inspection_rules.h"
#include "inspection_task_store.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

//  Checks a date field (required or not); 0, or -1 with the reply set.
static int
s_check_date (sf_call_t *call, const char *text, bool required)
{
    if (!*text && !required)
        return 0;
    if (!inspection_date_valid (text)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_DATE, inspection_guard_shown (text));
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
s_check_special (sf_call_t *call, const Inspection__CreatePlan *plan)
{
    if (!*plan->ends_on) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_SPECIAL_NEEDS_END);
        return -1;
    }
    if (inspection_date_diff (plan->starts_on, plan->ends_on) >= INSPECTION_PERIOD_DAYS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_RANGE_TOO_LONG, INSPECTION_PERIOD_DAYS_MAX);
        return -1;
    }
    if (plan->target_kind < DIRECTORY__KIND__KIND_DEPARTMENT || plan->target_kind > DIRECTORY__KIND__KIND_POST) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TARGET_KIND);
        return -1;
    }
    return 0;
}

static int
s_check_plan (sf_call_t *call, const Inspection__CreatePlan *plan)
{
    if (!inspection_code_valid (plan->code)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_CODE, INSPECTION_CODE_MAX_CHARS);
        return -1;
    }
    if (plan->level < INSPECTION__PLAN_LEVEL__LEVEL_COMPANY_MONTHLY
    ||  plan->level > INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_LEVEL);
        return -1;
    }
    if (inspection_guard_text (call, plan->title_zh, 1, INSPECTION_TITLE_MAX_CHARS, "中文标题", "title_zh"))
        return -1;
    if (inspection_guard_text (call, plan->title_en, 0, INSPECTION_TITLE_MAX_CHARS, "英文标题", "title_en"))
        return -1;
    if (s_check_date (call, plan->starts_on, true) || s_check_date (call, plan->ends_on, false))
        return -1;
    if (*plan->ends_on && inspection_date_diff (plan->starts_on, plan->ends_on) < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_RANGE, plan->starts_on, plan->ends_on);
        return -1;
    }
    if (plan->level == INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL && s_check_special (call, plan))
        return -1;
    if (plan->n_free_items > INSPECTION_FREE_ITEMS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "自定义检查项", "free items",
                      INSPECTION_FREE_ITEMS_MAX);
        return -1;
    }
    for (size_t index = 0; index < plan->n_free_items; index++) {
        const Inspection__FreeItem *item = plan->free_items [index];
        const char *zh = "自定义检查项", *en = "a free item";
        if (inspection_guard_text (call, item->text_zh, 1, INSPECTION_ITEM_MAX_CHARS, zh, en)
        ||  inspection_guard_text (call, item->text_en, 0, INSPECTION_ITEM_MAX_CHARS, zh, en))
            return -1;
    }
    return 0;
}

void
inspection_create_plan (sf_call_t *call)
{
    const Inspection__CreatePlan *request = SF_CALL_BODY (call, Inspection__CreatePlan);
    unsigned scopes = INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_COMPANY)
                    | INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_PLANT)
                    | INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_DEPARTMENT);
    const sf_text_t *wrong_scope = &INSPECTION_MSG_BAD_SCOPE_KIND;
    //  A special check may be of one team or post (a lesson's self-check of that unit: scope
    //  and target kind the unit's own, so the unit is its one target).
    if (request->level == INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL) {
        scopes |= INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_TEAM) | INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_POST);
        wrong_scope = &INSPECTION_MSG_BAD_SPECIAL_SCOPE_KIND;
    }
    //  The scope unit is within the actor's grants: the route's scope check, before the handler.
    if (s_check_plan (call, request)
    ||  inspection_guard_unit (call, request->scope_unit, scopes, wrong_scope, NULL))
        return;
    Inspection__Plan plan = INSPECTION__PLAN__INIT;
    plan.code = request->code;
    plan.level = request->level;
    plan.scope_unit = request->scope_unit;
    plan.title_zh = request->title_zh;
    plan.title_en = request->title_en;
    plan.starts_on = request->starts_on;
    plan.ends_on = request->ends_on;
    plan.target_kind = request->level == INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL? request->target_kind: 0;
    plan.n_free_items = request->n_free_items;
    plan.free_items = request->free_items;
    int inserted = inspection_store_plan_insert (call->db, &plan, call->request->actor.user_id, sf_clock_now_ms ());
    //  Its tasks of today and tomorrow exist at once, not at the next run of the job.
    if (inserted > 0 && inspection_jobs_generate (call->db, call->state, sf_clock_now_ms ()))
        inserted = -1;
    if (inserted < 0)
        sf_call_fail_db (call, "inserting a plan");
    else
    if (!inserted)
        sf_call_fail (call, SF_ALREADY_EXISTS, &INSPECTION_MSG_PLAN_EXISTS, plan.code);
    else {
        sf_call_reply (call, &plan.base);
        if (inspection_guard_emit (call, "inspection.plan_created", "plan", plan.code, "", &plan.base) == 0)
            sf_info ("plan %s created (level %d, scope %s)", plan.code, plan.level, plan.scope_unit);
    }
}

//  A time zone PostgreSQL knows: 1, 0, or -1 on error.
static int
s_time_zone_known (sf_db_t *db, const char *zone)
{
    if (strlen (zone) > 64)
        return 0;
    const char *values [] = { zone };
    sf_rows_t *rows = sf_db_query (db, "SELECT count (*) FROM pg_timezone_names WHERE name = $1", 1, values);
    if (!rows)
        return -1;
    int known = sf_rows_int (rows, 0, 0) > 0;
    sf_rows_destroy (&rows);
    return known;
}

static int
s_check_shifts (sf_call_t *call, char *const *shifts, size_t count)
{
    if (count == 0 || count > INSPECTION_SHIFTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SHIFT, "");
        return -1;
    }
    for (size_t index = 0; index < count; index++)
        if (!inspection_shift_valid (shifts [index])) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SHIFT, inspection_guard_shown (shifts [index]));
            return -1;
        }
    return 0;
}

void
inspection_set_plant_calendar (sf_call_t *call)
{
    const Inspection__SetPlantCalendar *request = SF_CALL_BODY (call, Inspection__SetPlantCalendar);
    const inspection_state_t *state = call->state;
    Inspection__PlantCalendar calendar = INSPECTION__PLANT_CALENDAR__INIT;
    calendar.plant_code = request->plant_code;
    calendar.time_zone = *request->time_zone? request->time_zone: state->default_time_zone;
    calendar.n_shifts = request->n_shifts;
    calendar.shifts = request->shifts;
    if (inspection_guard_unit (call, calendar.plant_code, INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_PLANT),
                               &INSPECTION_MSG_NOT_A_PLANT, NULL)
    ||  s_check_shifts (call, calendar.shifts, calendar.n_shifts))
        return;
    int known = s_time_zone_known (call->db, calendar.time_zone);
    if (known < 0)
        sf_call_fail_db (call, "looking up a time zone");
    else
    if (!known)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TIME_ZONE,
                      inspection_guard_shown (calendar.time_zone));
    else
    if (inspection_store_calendar_put (call->db, &calendar, call->request->actor.user_id, sf_clock_now_ms ()))
        sf_call_fail_db (call, "writing a calendar");
    else
        sf_call_reply (call, &calendar.base);
}

void
inspection_generate_tasks (sf_call_t *call)
{
    const Inspection__GenerateTasks *request = SF_CALL_BODY (call, Inspection__GenerateTasks);
    //  Every plan of every plant: only a grant above the plants.
    if (inspection_guard_company (call)
    ||  s_check_range (call, request->from_date, request->to_date, INSPECTION_GENERATE_DAYS_MAX))
        return;
    int created = inspection_store_generate (call->db, call->state, request->from_date, request->to_date,
                                             sf_clock_now_ms ());
    if (created < 0)
        sf_call_fail_db (call, "generating tasks");
    else {
        Inspection__GenerateResult result = INSPECTION__GENERATE_RESULT__INIT;
        result.created = created;
        sf_call_reply (call, &result.base);
        sf_info ("%d tasks generated for %s..%s", created, request->from_date, request->to_date);
    }
}

void
inspection_list_tasks (sf_call_t *call)
{
    const Inspection__ListTasks *request = SF_CALL_BODY (call, Inspection__ListTasks);
    sf_page_t page;
    //  Sorted by window start (ms) and id.
    if (inspection_guard_unit (call, request->unit_code, 0, NULL, NULL)
    ||  s_check_range (call, request->from_date, request->to_date, INSPECTION_PERIOD_DAYS_MAX)
    ||  inspection_page_open (call, request->page_size, request->page_token, "nn", &page))
        return;
    Inspection__TaskList *list = sf_pb_new (&inspection__task_list__descriptor);
    int rc = inspection_store_task_list (call->db, request, (const char *const *) page.after, page.size + 1, list);
    if (rc >= 0 && inspection_page_trim (&list->tasks, &list->n_tasks, page.size)) {
        const Inspection__Task *last = list->tasks [list->n_tasks - 1];
        const char *keys [] = { INSPECTION_SQL_INT (last->window_start_ms), INSPECTION_SQL_INT (last->id) };
        inspection_page_set_token (call, &list->next_page_token, keys, 2);
    }
    sf_page_close (&page);
    inspection_guard_answer (call, rc, "listing tasks", &list);
}

void
inspection_get_checklist (sf_call_t *call)
{
    const Inspection__GetChecklist *request = SF_CALL_BODY (call, Inspection__GetChecklist);
    sf_page_t page;
    //  The hazard list's year and version, and the item's place (INSPECTION_CHECKLIST_KEYS).
    if (inspection_page_open (call, request->page_size, request->page_token, "nnn", &page))
        return;
    Inspection__Task *task = NULL;
    int found = inspection_store_task_find (call->db, request->task_id, false, &task);
    if (found < 0)
        sf_call_fail_db (call, "looking up a task");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_TASK_NOT_FOUND, (long long) request->task_id);
    else {
        Inspection__Checklist *list = sf_pb_new (&inspection__checklist__descriptor);
        list->task_id = task->id;
        char *next [INSPECTION_CHECKLIST_KEYS] = { NULL };
        int rc = inspection_store_checklist (call->db, call->state, task, (const char *const *) page.after, page.size,
                                             list, next);
        if (next [0])
            inspection_page_set_token (call, &list->next_page_token, (const char *const *) next,
                                       INSPECTION_CHECKLIST_KEYS);
        for (int key = 0; key < INSPECTION_CHECKLIST_KEYS; key++)
            free (next [key]);
        inspection_guard_answer (call, rc, "building a checklist", &list);
    }
    sf_pb_destroy (&task);
    sf_page_close (&page);
}
