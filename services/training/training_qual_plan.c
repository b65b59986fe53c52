/*  training_qual_plan: a unit's yearly training plan (年度安全培训计划) and its completion —
    the courses planned with their sessions and class hours, against the sessions held at or
    below the unit in that year, their hours and the attendance (README_qual.md, "Yearly
    training plans"). Routes CoursePlanSet and CoursePlanGet.                               */
#include "training_qual.h"
#include "training_qual_messages.h"
#include "training_text.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_YEAR_MIN 2000
#define S_YEAR_MAX 2100
#define S_ITEMS_MAX 100
#define S_SESSIONS_MAX 1000
#define S_HOURS_MAX 100000

static const sf_text_t s_msg_year = {
    "年度%d不对：应在%d至%d之间", "year %d is out of range: %d to %d"
};
static const sf_text_t s_msg_items = {
    "计划须有1至%d门课程，现有%d门", "a plan holds 1 to %d courses, not %d"
};
static const sf_text_t s_msg_twice = {
    "课程“%s”在计划中出现了两次", "course '%s' is twice in the plan"
};
static const sf_text_t s_msg_sessions = {
    "课程“%s”的计划场次%d不对：应为1至%d", "course '%s': %d planned sessions is out of range 1 to %d"
};
static const sf_text_t s_msg_hours = {
    "课程“%s”的计划学时%d不对：应为0（场次×课程学时）至%d",
    "course '%s': %d planned class hours is out of range 0 (sessions × the course's hours) to %d"
};
static const sf_text_t s_msg_no_plan = {
    "单位“%s”没有%d年度培训计划", "unit '%s' has no training plan for %d"
};

//  1 January of year, 00:00 Beijing time, in ms.
static int64_t
s_year_start (int year)
{
    struct tm tm = { .tm_year = year - 1900, .tm_mon = 0, .tm_mday = 1 };
    return (int64_t) timegm (&tm) * 1000 - 8 * 3600 * 1000LL;
}

static int
s_percent (int done, int planned)
{
    if (planned <= 0)
        return 0;
    long long percent = (long long) done * 100 / planned;
    return percent > 100? 100: (int) percent;
}

//  The plan of unit and year with its completion at now_ms, or NULL (*found 0 when there is
//  none, -1 on a database error).
static Training__CoursePlan *
s_plan_read (sf_db_t *db, const char *unit, int year, int64_t now_ms, int *found)
{
    char year_text [24], from [24], to [24], now [24];
    training_int_text (year_text, sizeof year_text, year);
    training_int_text (from, sizeof from, s_year_start (year));
    training_int_text (to, sizeof to, s_year_start (year + 1));
    training_int_text (now, sizeof now, now_ms);
    const char *values [] = { unit, year_text, from, to, now };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT plant_code, set_by, set_ms, version FROM qual_plan WHERE unit_code = $1 AND year = $2::integer",
        2, values);
    *found = rows? sf_rows_count (rows): -1;
    if (*found != 1) {
        sf_rows_destroy (&rows);
        return NULL;
    }
    Training__CoursePlan *plan = sf_pb_new (&training__course_plan__descriptor);
    sf_pb_set (&plan->unit_code, unit);
    plan->year = year;
    sf_pb_set (&plan->plant_code, sf_rows_text (rows, 0, 0));
    sf_pb_set (&plan->set_by, sf_rows_text (rows, 0, 1));
    plan->set_ms = sf_rows_int (rows, 0, 2);
    plan->version = sf_rows_int (rows, 0, 3);
    sf_rows_destroy (&rows);
    //  The sessions of each course held at or below the unit in the year, up to now.
    rows = sf_db_query (db,
        "WITH held AS (SELECT s.id, s.course_code FROM qual_session s"
        "   WHERE s.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        "   AND s.date_ms >= $3::bigint AND s.date_ms < $4::bigint AND s.date_ms <= $5::bigint)"
        " SELECT i.course_code, i.sessions, i.hours, c.title_zh, c.title_en,"
        " (SELECT count(*) FROM held h WHERE h.course_code = i.course_code),"
        " (SELECT count(*) FROM held h WHERE h.course_code = i.course_code) * c.hours,"
        " (SELECT count(*) FROM held h JOIN qual_attendance a ON a.session_id = h.id"
        "   WHERE h.course_code = i.course_code),"
        " (SELECT COALESCE (sum (a.hours), 0) FROM held h JOIN qual_attendance a ON a.session_id = h.id"
        "   WHERE h.course_code = i.course_code)"
        " FROM qual_plan_item i JOIN qual_course c ON c.code = i.course_code"
        " WHERE i.unit_code = $1 AND i.year = $2::integer ORDER BY i.course_code", 5, values);
    if (!rows) {
        *found = -1;
        sf_pb_destroy (&plan);
        return NULL;
    }
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__CoursePlanItem *item = sf_pb_add (&plan->items, &plan->n_items,
                                                    &training__course_plan_item__descriptor);
        sf_pb_set (&item->course_code, sf_rows_text (rows, i, 0));
        item->sessions = (int32_t) sf_rows_int (rows, i, 1);
        item->hours = (int32_t) sf_rows_int (rows, i, 2);
        sf_pb_set (&item->title_zh, sf_rows_text (rows, i, 3));
        sf_pb_set (&item->title_en, sf_rows_text (rows, i, 4));
        item->sessions_held = (int32_t) sf_rows_int (rows, i, 5);
        item->hours_delivered = (int32_t) sf_rows_int (rows, i, 6);
        item->attendances = (int32_t) sf_rows_int (rows, i, 7);
        item->attendance_hours = (int32_t) sf_rows_int (rows, i, 8);
        item->percent = s_percent (item->hours_delivered, item->hours);
        plan->sessions += item->sessions;
        plan->hours += item->hours;
        plan->sessions_held += item->sessions_held;
        plan->hours_delivered += item->hours_delivered > item->hours? item->hours: item->hours_delivered;
        plan->attendances += item->attendances;
    }
    sf_rows_destroy (&rows);
    plan->percent = s_percent (plan->hours_delivered, plan->hours);
    return plan;
}

void
qual_plan_set (sf_call_t *call)
{
    const Training__CoursePlanSet *set = SF_CALL_BODY (call, Training__CoursePlanSet);
    if (set->year < S_YEAR_MIN || set->year > S_YEAR_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_year, (int) set->year, S_YEAR_MIN, S_YEAR_MAX);
        return;
    }
    if (set->n_items < 1 || set->n_items > S_ITEMS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_items, S_ITEMS_MAX, (int) set->n_items);
        return;
    }
    for (size_t i = 0; i < set->n_items; i++) {
        const Training__CoursePlanItem *item = set->items [i];
        for (size_t j = 0; j < i; j++)
            if (strcmp (set->items [j]->course_code, item->course_code) == 0) {
                sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_twice, item->course_code);
                return;
            }
        if (item->sessions < 1 || item->sessions > S_SESSIONS_MAX) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_sessions, item->course_code, (int) item->sessions,
                          S_SESSIONS_MAX);
            return;
        }
        if (item->hours < 0 || item->hours > S_HOURS_MAX) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_hours, item->course_code, (int) item->hours, S_HOURS_MAX);
            return;
        }
    }
    sf_org_node_t unit;
    int found = sf_org_find (call->db, set->unit_code, &unit);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a unit");
        return;
    }
    if (!found || !unit.active || unit.kind == SF_ORG_EMPLOYEE || unit.kind == SF_ORG_POST) {
        sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_UNIT_UNKNOWN, set->unit_code);
        return;
    }
    //  Each course known and offered at or above the unit.
    int *course_hours = calloc (set->n_items, sizeof *course_hours);
    for (size_t i = 0; course_hours && i < set->n_items; i++) {
        const char *course_values [] = { set->items [i]->course_code };
        sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code, hours FROM qual_course WHERE code = $1", 1,
                                       course_values);
        if (!rows) {
            sf_call_fail_db (call, "looking up a course");
            free (course_hours);
            return;
        }
        char course_unit [64] = "";
        if (sf_rows_count (rows) == 1) {
            snprintf (course_unit, sizeof course_unit, "%s", sf_rows_text (rows, 0, 0));
            course_hours [i] = (int) sf_rows_int (rows, 0, 1);
        }
        sf_rows_destroy (&rows);
        int within = *course_unit? sf_org_within (call->db, set->unit_code, course_unit): 0;
        if (within < 0)
            sf_call_fail_db (call, "looking up a unit");
        else
        if (!*course_unit)
            sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_COURSE_UNKNOWN, set->items [i]->course_code);
        else
        if (!within)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &QUAL_MSG_COURSE_OUTSIDE, set->items [i]->course_code,
                          course_unit, set->unit_code);
        if (within <= 0) {
            free (course_hours);
            return;
        }
    }
    if (!course_hours) {
        sf_call_fail_db (call, "allocating");
        return;
    }
    char year [24], now [24];
    training_int_text (year, sizeof year, set->year);
    int64_t now_ms = sf_clock_now_ms ();
    training_int_text (now, sizeof now, now_ms);
    const char *user = training_actor (call);
    const char *values [] = { set->unit_code, year, unit.plant_code, user, now };
    int rc = sf_db_exec (call->db,
        "INSERT INTO qual_plan (unit_code, year, plant_code, set_by, set_ms) VALUES ($1, $2::integer, $3, $4, $5::bigint)"
        " ON CONFLICT (unit_code, year) DO UPDATE SET set_by = EXCLUDED.set_by, set_ms = EXCLUDED.set_ms,"
        " version = qual_plan.version + 1", 5, values) < 0
        ||   sf_db_exec (call->db, "DELETE FROM qual_plan_item WHERE unit_code = $1 AND year = $2::integer", 2,
                         values) < 0? -1: 0;
    for (size_t i = 0; rc == 0 && i < set->n_items; i++) {
        const Training__CoursePlanItem *item = set->items [i];
        char sessions [24], hours [24];
        training_int_text (sessions, sizeof sessions, item->sessions);
        training_int_text (hours, sizeof hours, item->hours? item->hours: (long long) item->sessions * course_hours [i]);
        const char *item_values [] = { set->unit_code, year, item->course_code, sessions, hours };
        if (sf_db_exec (call->db,
                "INSERT INTO qual_plan_item (unit_code, year, course_code, sessions, hours)"
                " VALUES ($1, $2::integer, $3, $4::integer, $5::integer)", 5, item_values) < 0)
            rc = -1;
    }
    free (course_hours);
    Training__CoursePlan *plan = rc? NULL: s_plan_read (call->db, set->unit_code, set->year, now_ms, &found);
    char id [96];
    snprintf (id, sizeof id, "%s/%d", set->unit_code, (int) set->year);
    if (!plan)
        sf_call_fail_db (call, "setting a training plan");
    else
    if (qual_emit (call->db, call, "training.plan_set", "plan", id, plan->version, unit.plant_code, &plan->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &plan->base);
    sf_pb_destroy (&plan);
}

void
qual_plan_get (sf_call_t *call)
{
    const Training__CoursePlanGet *get = SF_CALL_BODY (call, Training__CoursePlanGet);
    if (get->year < S_YEAR_MIN || get->year > S_YEAR_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_year, (int) get->year, S_YEAR_MIN, S_YEAR_MAX);
        return;
    }
    int found;
    Training__CoursePlan *plan = s_plan_read (call->db, get->unit_code, get->year, sf_clock_now_ms (), &found);
    if (found < 0)
        sf_call_fail_db (call, "reading a training plan");
    else
    if (!plan)
        sf_call_fail (call, SF_NOT_FOUND, &s_msg_no_plan, get->unit_code, (int) get->year);
    else
        sf_call_reply (call, &plan->base);
    sf_pb_destroy (&plan);
}
