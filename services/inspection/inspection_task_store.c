/*  inspection_task_store: plans, calendars, task generation and checklists in SQL.          */
#include "inspection_task_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
inspection_task_read (sf_rows_t *rows, int row, inspection_task_t *task)
{
    task->id = sf_rows_int (rows, row, 0);
    task->plan_code = strdup (sf_rows_text (rows, row, 1));
    task->level = (int) sf_rows_int (rows, row, 2);
    task->kind = (int) sf_rows_int (rows, row, 3);
    task->executor_unit = strdup (sf_rows_text (rows, row, 4));
    task->target_unit = strdup (sf_rows_text (rows, row, 5));
    task->plant_code = strdup (sf_rows_text (rows, row, 6));
    task->shift_date = strdup (sf_rows_text (rows, row, 7));
    task->shift_no = (int) sf_rows_int (rows, row, 8);
    task->window_start_ms = sf_rows_int (rows, row, 9);
    task->window_end_ms = sf_rows_int (rows, row, 10);
    task->status = (int) sf_rows_int (rows, row, 11);
    task->record_id = sf_rows_int (rows, row, 12);
}

int
inspection_store_plan_insert (sf_db_t *db, inspection_plan_t *plan, const char *actor, int64_t now_ms)
{
    char level [16], kind [16], now [32];
    snprintf (level, sizeof level, "%d", plan->level);
    snprintf (kind, sizeof kind, "%d", plan->target_kind);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = {
        plan->code, level, plan->scope_unit, plan->title_zh, plan->title_en, plan->starts_on,
        *plan->ends_on? plan->ends_on: NULL, kind, actor, now
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO plan (code, level, scope_unit, title_zh, title_en, starts_on, ends_on, target_kind, "
        "created_by, created_ms) VALUES ($1, $2::smallint, $3, $4, $5, $6::date, $7::date, $8::smallint, $9, "
        "$10::bigint) ON CONFLICT (code) DO NOTHING RETURNING id", 10, values);
    if (!rows)
        return -1;
    int inserted = sf_rows_count (rows) == 1;
    if (inserted)
        plan->id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    char id [32], n [24];
    snprintf (id, sizeof id, "%" PRId64, plan->id);
    for (size_t index = 0; inserted && index < plan->free_item_count; index++) {
        snprintf (n, sizeof n, "%zu", index + 1);
        const char *item [] = { id, n, plan->free_items [index].text_zh, plan->free_items [index].text_en };
        if (sf_db_exec (db, "INSERT INTO plan_free_item (plan_id, n, text_zh, text_en) "
                            "VALUES ($1::bigint, $2::int, $3, $4)", 4, item) < 0)
            return -1;
    }
    plan->active = true;
    return inserted;
}

int
inspection_store_calendar_put (sf_db_t *db, const inspection_calendar_t *calendar, const char *actor,
                               int64_t now_ms)
{
    char now [32];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    char *shifts = sf_db_array_literal (calendar->shifts, calendar->shift_count);
    const char *values [] = { calendar->plant_code, calendar->time_zone, shifts, actor, now };
    int64_t rc = sf_db_exec (db,
        "INSERT INTO plant_calendar (plant_code, time_zone, shifts, updated_by, updated_ms) "
        "VALUES ($1, $2, $3::text[], $4, $5::bigint) ON CONFLICT (plant_code) DO UPDATE SET "
        "time_zone = excluded.time_zone, shifts = excluded.shifts, updated_by = excluded.updated_by, "
        "updated_ms = excluded.updated_ms", 5, values);
    free (shifts);
    return rc < 0? -1: 0;
}

//  $1 from, $2 to, $3 now (ms), $4..$7 routine window minutes (pre before/after, post
//  before/after), $8 default time zone, $9 default shifts. Level numbers are
//  inspection.PlanLevel, kinds inspection.TaskKind and directory.Kind (3 department, 4 team).
//  Subtree walks use UNION, so a loop the org copy may hold for a moment (events applied out
//  of order) ends the walk instead of running to the statement timeout. Units above the
//  plants have no plant: their tasks carry ''.
//  A plant's shifts are listed in the order of its production day, which starts with the
//  first shift: with 08-16, 16-24, 00-08 the third shift of day D is D+1 00:00-08:00.
static const char *s_generate_sql =
    "WITH RECURSIVE scope (plan_id, code) AS ("
    "  SELECT id, scope_unit FROM plan WHERE active"
    "  UNION SELECT s.plan_id, n.code FROM sf_org_node n JOIN scope s ON n.parent_code = s.code"
    "), target AS ("
    "  SELECT p.id AS plan_id, p.level, p.scope_unit, p.starts_on, p.ends_on, n.code, coalesce (n.plant_code, '') AS plant_code,"
    "         coalesce (c.time_zone, $8) AS tz, coalesce (c.shifts, $9::text[]) AS shifts,"
    "         greatest ($1::date, p.starts_on) AS d_from, least ($2::date, coalesce (p.ends_on, $2::date)) AS d_to"
    "  FROM scope s JOIN plan p ON p.id = s.plan_id"
    "  JOIN sf_org_node n ON n.code = s.code AND n.active"
    "  LEFT JOIN plant_calendar c ON c.plant_code = n.plant_code"
    "  WHERE n.kind = CASE p.level WHEN 1 THEN 3 WHEN 2 THEN 3 WHEN 3 THEN 4 ELSE p.target_kind END"
    "), shift AS ("
    "  SELECT t.*, d::date AS day, u.no::int AS no,"
    "         (d::date + u.s + u.next_day) AT TIME ZONE t.tz AS start_at,"
    "         (d::date + u.e + u.next_day + CASE WHEN u.e <= u.s THEN interval '1 day' ELSE interval '0' END)"
    "           AT TIME ZONE t.tz AS end_at"
    "  FROM target t CROSS JOIN LATERAL generate_series (t.d_from, t.d_to, interval '1 day') d"
    "  CROSS JOIN LATERAL (SELECT no, split_part (spec, '-', 1)::time AS s, split_part (spec, '-', 2)::time AS e,"
    "         CASE WHEN split_part (spec, '-', 1)::time < split_part (t.shifts [1], '-', 1)::time"
    "              THEN interval '1 day' ELSE interval '0' END AS next_day"
    "       FROM unnest (t.shifts) WITH ORDINALITY x (spec, no)) u"
    "  WHERE t.level = 3"
    "), slot (plan_id, kind, executor, code, plant_code, shift_date, shift_no, w_start, w_end) AS ("
    "  SELECT s.plan_id, k.kind, s.code, s.code, s.plant_code, s.day, s.no,"
    "         CASE k.kind WHEN 2 THEN s.start_at - $4::int * interval '1 minute' WHEN 3 THEN s.start_at"
    "              ELSE s.end_at - $6::int * interval '1 minute' END,"
    "         CASE k.kind WHEN 2 THEN s.start_at + $5::int * interval '1 minute' WHEN 3 THEN s.end_at"
    "              ELSE s.end_at + $7::int * interval '1 minute' END"
    "  FROM shift s CROSS JOIN (VALUES (2), (3), (4)) k (kind)"
    "  UNION ALL"
    "  SELECT t.plan_id, 1, CASE t.level WHEN 1 THEN t.scope_unit ELSE t.code END, t.code, t.plant_code,"
    "         ps.period_start, 0, greatest (ps.period_start, t.starts_on)::timestamp AT TIME ZONE t.tz,"
    "         least (ps.period_start + CASE t.level WHEN 1 THEN interval '1 month' ELSE interval '7 days' END,"
    "                coalesce (t.ends_on + 1, 'infinity'::date)::timestamp) AT TIME ZONE t.tz"
    "  FROM target t CROSS JOIN LATERAL (SELECT DISTINCT date_trunc (CASE t.level WHEN 1 THEN 'month' ELSE 'week' END,"
    "         d)::date AS period_start FROM generate_series (t.d_from, t.d_to, interval '1 day') d) ps"
    "  WHERE t.level IN (1, 2)"
    "  UNION ALL"
    "  SELECT t.plan_id, 1, t.code, t.code, t.plant_code, t.starts_on, 0, t.starts_on::timestamp AT TIME ZONE t.tz,"
    "         (t.ends_on + 1)::timestamp AT TIME ZONE t.tz"
    "  FROM target t WHERE t.level = 4 AND t.d_from <= t.d_to"
    ") "
    "INSERT INTO task (plan_id, kind, executor_unit, target_unit, plant_code, shift_date, shift_no, window_start, window_end) "
    "SELECT plan_id, kind, executor, code, plant_code, shift_date, shift_no, w_start, w_end FROM slot "
    "WHERE w_end > to_timestamp ($3::bigint / 1000.0) "
    "ON CONFLICT DO NOTHING";

int
inspection_store_generate (sf_db_t *db, const inspection_state_t *state, const char *from_date,
                           const char *to_date, int64_t now_ms)
{
    char now [32], pre_before [16], pre_after [16], post_before [16], post_after [16];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (pre_before, sizeof pre_before, "%d", state->pre_shift_before_min);
    snprintf (pre_after, sizeof pre_after, "%d", state->pre_shift_after_min);
    snprintf (post_before, sizeof post_before, "%d", state->post_shift_before_min);
    snprintf (post_after, sizeof post_after, "%d", state->post_shift_after_min);
    char *shifts = sf_db_array_literal (state->default_shifts, state->default_shift_count);
    const char *values [] = {
        from_date, to_date, now, pre_before, pre_after, post_before, post_after, state->default_time_zone, shifts
    };
    int64_t created = sf_db_exec (db, s_generate_sql, 9, values);
    free (shifts);
    return (int) created;
}

int
inspection_store_mark_missed (sf_db_t *db, int64_t now_ms, inspection_task_list_t *missed)
{
    char now [32];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { now };
    sf_rows_t *rows = sf_db_query (db,
        "UPDATE task t SET status = 3, closed_ms = $1::bigint FROM plan p "
        "WHERE p.id = t.plan_id AND t.status = 1 AND t.window_end <= to_timestamp ($1::bigint / 1000.0) "
        "RETURNING " INSPECTION_TASK_COLUMNS, 1, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        inspection_task_read (rows, row, INSPECTION_ADD (missed));
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_task_find (sf_db_t *db, int64_t id, bool for_update, inspection_task_t *task)
{
    char text [32];
    snprintf (text, sizeof text, "%" PRId64, id);
    const char *values [] = { text };
    sf_rows_t *rows = sf_db_query (db, for_update
        ? "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1::bigint FOR UPDATE OF t"
        : "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        inspection_task_read (rows, 0, task);
    sf_rows_destroy (&rows);
    return found;
}

int
inspection_store_task_done (sf_db_t *db, int64_t id, int64_t record_id, int64_t now_ms)
{
    char task [32], record [32], now [32];
    snprintf (task, sizeof task, "%" PRId64, id);
    snprintf (record, sizeof record, "%" PRId64, record_id);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { task, record, now };
    return sf_db_exec (db, "UPDATE task SET status = 2, record_id = $2::bigint, closed_ms = $3::bigint "
                           "WHERE id = $1::bigint", 3, values) == 1? 0: -1;
}

int
inspection_store_task_list (sf_db_t *db, const char *unit, const char *from_date, const char *to_date,
                            int status, int limit, inspection_task_list_t *list)
{
    char status_text [16], limit_text [16];
    snprintf (status_text, sizeof status_text, "%d", status);
    snprintf (limit_text, sizeof limit_text, "%d", limit);
    const char *values [] = { unit, from_date, to_date, status_text, limit_text };
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE sub (code) AS (SELECT $1::text UNION "
        "  SELECT n.code FROM sf_org_node n JOIN sub s ON n.parent_code = s.code) "
        "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id "
        "WHERE (t.executor_unit IN (SELECT code FROM sub) OR t.target_unit IN (SELECT code FROM sub)) "
        "AND t.shift_date BETWEEN $2::date AND $3::date AND ($4::int = 0 OR t.status = $4::int) "
        "ORDER BY t.window_start, t.id LIMIT $5::int", 5, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        inspection_task_read (rows, row, INSPECTION_ADD (list));
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_checklist (sf_db_t *db, const inspection_state_t *state, const inspection_task_t *task,
                            inspection_check_list_t *list)
{
    char id [32];
    snprintf (id, sizeof id, "%" PRId64, task->id);
    const char *values [] = { task->target_unit, task->shift_date, id };
    sf_rows_t *rows = sf_db_query (db,
        "WITH list AS (SELECT unit_code, year, version FROM hazard_list "
        "  WHERE unit_code = $1 AND year <= extract (year FROM $2::date) ORDER BY year DESC LIMIT 1) "
        "SELECT 'H' || i.id, i.hazard || '：' || i.measures, i.hazard || ': ' || i.measures, i.factor, i.grade, i.seq "
        "FROM hazard_item i JOIN list l USING (unit_code, year, version) "
        "UNION ALL "
        "SELECT 'F' || f.n, f.text_zh, CASE f.text_en WHEN '' THEN f.text_zh ELSE f.text_en END, 0, 0, 100000 + f.n "
        "FROM plan_free_item f JOIN task t ON t.plan_id = f.plan_id WHERE t.id = $3::bigint "
        "ORDER BY 6", 3, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++) {
        inspection_check_item_t *item = INSPECTION_ADD (list);
        item->key = strdup (sf_rows_text (rows, row, 0));
        item->text_zh = strdup (sf_rows_text (rows, row, 1));
        item->text_en = strdup (sf_rows_text (rows, row, 2));
        item->factor = (int) sf_rows_int (rows, row, 3);
        int grade = (int) sf_rows_int (rows, row, 4);
        item->colour = grade >= 1 && grade <= 5? state->colour_by_grade [grade]: 0;
    }
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_checklist_add_past (sf_db_t *db, const inspection_state_t *state, const char *unit,
                                     const char *key, inspection_check_list_t *list)
{
    if (key [0] != 'H' || !key [1] || strspn (key + 1, "0123456789") != strlen (key + 1) || strlen (key) > 19)
        return 0;
    const char *values [] = { key + 1, unit };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT i.hazard || '：' || i.measures, i.hazard || ': ' || i.measures, i.factor, i.grade "
        "FROM hazard_item i WHERE i.id = $1::bigint AND i.unit_code = $2", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        inspection_check_item_t *item = INSPECTION_ADD (list);
        item->key = strdup (key);
        item->text_zh = strdup (sf_rows_text (rows, 0, 0));
        item->text_en = strdup (sf_rows_text (rows, 0, 1));
        item->factor = (int) sf_rows_int (rows, 0, 2);
        int grade = (int) sf_rows_int (rows, 0, 3);
        item->colour = grade >= 1 && grade <= 5? state->colour_by_grade [grade]: 0;
    }
    sf_rows_destroy (&rows);
    return found;
}
