/*  inspection_task_store: plans, calendars, task generation and checklists in SQL.          */
#include "inspection_task_store.h"
#include "directory.pb-c.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
inspection_sql_int (char *buffer, int64_t value)
{
    snprintf (buffer, 24, "%" PRId64, value);
    return buffer;
}

void
inspection_task_read (sf_rows_t *rows, int row, Inspection__Task *task)
{
    task->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&task->plan_code, sf_rows_text (rows, row, 1));
    task->level = (Inspection__PlanLevel) sf_rows_int (rows, row, 2);
    task->kind = (Inspection__TaskKind) sf_rows_int (rows, row, 3);
    sf_pb_set (&task->executor_unit, sf_rows_text (rows, row, 4));
    sf_pb_set (&task->target_unit, sf_rows_text (rows, row, 5));
    sf_pb_set (&task->plant_code, sf_rows_text (rows, row, 6));
    sf_pb_set (&task->shift_date, sf_rows_text (rows, row, 7));
    task->shift_no = (int32_t) sf_rows_int (rows, row, 8);
    task->window_start_ms = sf_rows_int (rows, row, 9);
    task->window_end_ms = sf_rows_int (rows, row, 10);
    task->status = (Inspection__TaskStatus) sf_rows_int (rows, row, 11);
    task->record_id = sf_rows_int (rows, row, 12);
}

int
inspection_store_plan_insert (sf_db_t *db, Inspection__Plan *plan, const char *actor, int64_t now_ms)
{
    const char *values [] = {
        plan->code, INSPECTION_SQL_INT (plan->level), plan->scope_unit, plan->title_zh, plan->title_en, plan->starts_on,
        *plan->ends_on? plan->ends_on: NULL, INSPECTION_SQL_INT (plan->target_kind), actor, INSPECTION_SQL_INT (now_ms)
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
    for (size_t index = 0; inserted && index < plan->n_free_items; index++) {
        const char *item [] = {
            INSPECTION_SQL_INT (plan->id), INSPECTION_SQL_INT (index + 1), plan->free_items [index]->text_zh,
            plan->free_items [index]->text_en
        };
        if (sf_db_exec (db, "INSERT INTO plan_free_item (plan_id, n, text_zh, text_en) "
                            "VALUES ($1::bigint, $2::int, $3, $4)", 4, item) < 0)
            return -1;
    }
    plan->active = true;
    return inserted;
}

int
inspection_store_calendar_put (sf_db_t *db, const Inspection__PlantCalendar *calendar, const char *actor,
                               int64_t now_ms)
{
    char *shifts = sf_db_array_literal (calendar->shifts, calendar->n_shifts);
    const char *values [] = { calendar->plant_code, calendar->time_zone, shifts, actor, INSPECTION_SQL_INT (now_ms) };
    int64_t rc = sf_db_exec (db,
        "INSERT INTO plant_calendar (plant_code, time_zone, shifts, updated_by, updated_ms) "
        "VALUES ($1, $2, $3::text[], $4, $5::bigint) ON CONFLICT (plant_code) DO UPDATE SET "
        "time_zone = excluded.time_zone, shifts = excluded.shifts, updated_by = excluded.updated_by, "
        "updated_ms = excluded.updated_ms", 5, values);
    free (shifts);
    return rc < 0? -1: 0;
}

//  $1 from, $2 to, $3 now (ms), $4..$7 routine window minutes (pre before/after, post
//  before/after), $8 default time zone, $9 default shifts; inspection.PlanLevel $10 company
//  monthly, $11 department weekly, $12 team daily, $13 special; inspection.TaskKind $14
//  check, $15 pre-shift, $16 in-shift, $17 post-shift; directory.Kind $18 department, $19
//  team; $20 the status of a new task (open).
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
    "  SELECT p.id AS plan_id, p.level, p.scope_unit, p.starts_on, p.ends_on, n.code,"
    "         coalesce (n.plant_code, '') AS plant_code,"
    "         coalesce (c.time_zone, $8) AS tz, coalesce (c.shifts, $9::text[]) AS shifts,"
    "         greatest ($1::date, p.starts_on) AS d_from, least ($2::date, coalesce (p.ends_on, $2::date)) AS d_to"
    "  FROM scope s JOIN plan p ON p.id = s.plan_id"
    "  JOIN sf_org_node n ON n.code = s.code AND n.active"
    "  LEFT JOIN plant_calendar c ON c.plant_code = n.plant_code"
    "  WHERE n.kind = CASE p.level WHEN $10::int THEN $18::int WHEN $11::int THEN $18::int"
    "                              WHEN $12::int THEN $19::int ELSE p.target_kind END"
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
    "  WHERE t.level = $12::int"
    "), slot (plan_id, kind, executor, code, plant_code, shift_date, shift_no, w_start, w_end) AS ("
    "  SELECT s.plan_id, k.kind, s.code, s.code, s.plant_code, s.day, s.no,"
    "         CASE k.kind WHEN $15::int THEN s.start_at - $4::int * interval '1 minute' WHEN $16::int THEN s.start_at"
    "              ELSE s.end_at - $6::int * interval '1 minute' END,"
    "         CASE k.kind WHEN $15::int THEN s.start_at + $5::int * interval '1 minute' WHEN $16::int THEN s.end_at"
    "              ELSE s.end_at + $7::int * interval '1 minute' END"
    "  FROM shift s CROSS JOIN (VALUES ($15::int), ($16::int), ($17::int)) k (kind)"
    "  UNION ALL"
    "  SELECT t.plan_id, $14::int, CASE t.level WHEN $10::int THEN t.scope_unit ELSE t.code END, t.code, t.plant_code,"
    "         ps.period_start, 0, greatest (ps.period_start, t.starts_on)::timestamp AT TIME ZONE t.tz,"
    "         least (ps.period_start + CASE t.level WHEN $10::int THEN interval '1 month' ELSE interval '7 days' END,"
    "                coalesce (t.ends_on + 1, 'infinity'::date)::timestamp) AT TIME ZONE t.tz"
    "  FROM target t CROSS JOIN LATERAL (SELECT DISTINCT"
    "         date_trunc (CASE t.level WHEN $10::int THEN 'month' ELSE 'week' END, d)::date AS period_start"
    "       FROM generate_series (t.d_from, t.d_to, interval '1 day') d) ps"
    "  WHERE t.level IN ($10::int, $11::int)"
    "  UNION ALL"
    "  SELECT t.plan_id, $14::int, t.code, t.code, t.plant_code, t.starts_on, 0,"
    "         t.starts_on::timestamp AT TIME ZONE t.tz,"
    "         (t.ends_on + 1)::timestamp AT TIME ZONE t.tz"
    "  FROM target t WHERE t.level = $13::int AND t.d_from <= t.d_to"
    ") "
    "INSERT INTO task (plan_id, kind, executor_unit, target_unit, plant_code, shift_date, shift_no, window_start, "
    "                  window_end, status) "
    "SELECT plan_id, kind, executor, code, plant_code, shift_date, shift_no, w_start, w_end, $20::smallint FROM slot "
    "WHERE w_end > to_timestamp ($3::bigint / 1000.0) "
    "ON CONFLICT DO NOTHING";

int
inspection_store_generate (sf_db_t *db, const inspection_state_t *state, const char *from_date,
                           const char *to_date, int64_t now_ms)
{
    char *shifts = sf_db_array_literal (state->default_shifts, state->default_shift_count);
    const char *values [] = {
        from_date, to_date, INSPECTION_SQL_INT (now_ms), INSPECTION_SQL_INT (state->pre_shift_before_min),
        INSPECTION_SQL_INT (state->pre_shift_after_min), INSPECTION_SQL_INT (state->post_shift_before_min),
        INSPECTION_SQL_INT (state->post_shift_after_min), state->default_time_zone, shifts,
        INSPECTION_SQL_INT (INSPECTION__PLAN_LEVEL__LEVEL_COMPANY_MONTHLY),
        INSPECTION_SQL_INT (INSPECTION__PLAN_LEVEL__LEVEL_DEPARTMENT_WEEKLY),
        INSPECTION_SQL_INT (INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY),
        INSPECTION_SQL_INT (INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL),
        INSPECTION_SQL_INT (INSPECTION__TASK_KIND__TASK_CHECK),
        INSPECTION_SQL_INT (INSPECTION__TASK_KIND__TASK_PRE_SHIFT),
        INSPECTION_SQL_INT (INSPECTION__TASK_KIND__TASK_IN_SHIFT),
        INSPECTION_SQL_INT (INSPECTION__TASK_KIND__TASK_POST_SHIFT),
        INSPECTION_SQL_INT (DIRECTORY__KIND__KIND_DEPARTMENT), INSPECTION_SQL_INT (DIRECTORY__KIND__KIND_TEAM),
        INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_OPEN)
    };
    int64_t created = sf_db_exec (db, s_generate_sql, 20, values);
    free (shifts);
    return (int) created;
}

int
inspection_store_mark_missed (sf_db_t *db, int64_t now_ms, Inspection__TaskList *missed)
{
    const char *values [] = { INSPECTION_SQL_INT (now_ms), INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_MISSED) };
    //  Open: not closed yet (done and missed set closed_ms), as the index task_open_by_end reads it.
    sf_rows_t *rows = sf_db_query (db,
        "UPDATE task t SET status = $2::smallint, closed_ms = $1::bigint FROM plan p "
        "WHERE p.id = t.plan_id AND t.closed_ms IS NULL AND t.window_end <= to_timestamp ($1::bigint / 1000.0) "
        "RETURNING " INSPECTION_TASK_COLUMNS, 2, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        inspection_task_read (rows, row, sf_pb_add (&missed->tasks, &missed->n_tasks, &inspection__task__descriptor));
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_task_find (sf_db_t *db, int64_t id, bool for_update, Inspection__Task **task)
{
    const char *values [] = { INSPECTION_SQL_INT (id) };
    sf_rows_t *rows = sf_db_query (db, for_update
        ? "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1::bigint FOR UPDATE OF t"
        : "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        *task = sf_pb_new (&inspection__task__descriptor);
        inspection_task_read (rows, 0, *task);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
inspection_store_task_units (sf_db_t *db, int64_t id, sf_scope_units_t *units)
{
    const char *values [] = { INSPECTION_SQL_INT (id) };
    sf_rows_t *rows = sf_db_query (db, "SELECT executor_unit, target_unit FROM task WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
        sf_scope_units_add (units, sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found;
}

int
inspection_store_task_done (sf_db_t *db, int64_t id, int64_t record_id, int64_t now_ms)
{
    const char *values [] = {
        INSPECTION_SQL_INT (id), INSPECTION_SQL_INT (record_id), INSPECTION_SQL_INT (now_ms),
        INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_DONE)
    };
    return sf_db_exec (db, "UPDATE task SET status = $4::smallint, record_id = $2::bigint, closed_ms = $3::bigint "
                           "WHERE id = $1::bigint", 4, values) == 1? 0: -1;
}

int
inspection_store_task_list (sf_db_t *db, const Inspection__ListTasks *query, const char *const *after, int limit,
                            Inspection__TaskList *list)
{
    const char *values [] = {
        query->unit_code, query->from_date, query->to_date, INSPECTION_SQL_ENUM_FILTER (query->status),
        INSPECTION_SQL_INT (limit), after? after [0]: NULL, after? after [1]: NULL
    };
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE sub (code) AS (SELECT $1::text UNION "
        "  SELECT n.code FROM sf_org_node n JOIN sub s ON n.parent_code = s.code) "
        "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id "
        "WHERE (t.executor_unit IN (SELECT code FROM sub) OR t.target_unit IN (SELECT code FROM sub)) "
        "AND t.shift_date BETWEEN $2::date AND $3::date AND ($4::int IS NULL OR t.status = $4::int) "
        "AND ($6::bigint IS NULL OR (" INSPECTION_TASK_START_MS ", t.id) > ($6::bigint, $7::bigint)) "
        "ORDER BY " INSPECTION_TASK_START_MS ", t.id LIMIT $5::int", 7, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        inspection_task_read (rows, row, sf_pb_add (&list->tasks, &list->n_tasks, &inspection__task__descriptor));
    sf_rows_destroy (&rows);
    return count;
}

const Inspection__ChecklistItem *
inspection_checklist_find (const Inspection__Checklist *checklist, const char *key)
{
    for (size_t index = 0; index < checklist->n_items; index++)
        if (strcmp (checklist->items [index]->key, key) == 0)
            return checklist->items [index];
    return NULL;
}

//  Appends the checklist item of row (key, text_zh, text_en, factor, grade).
static void
s_read_item (sf_rows_t *rows, int row, const inspection_state_t *state, Inspection__Checklist *list)
{
    Inspection__ChecklistItem *item = sf_pb_add (&list->items, &list->n_items, &inspection__checklist_item__descriptor);
    sf_pb_set (&item->key, sf_rows_text (rows, row, 0));
    sf_pb_set (&item->text_zh, sf_rows_text (rows, row, 1));
    sf_pb_set (&item->text_en, sf_rows_text (rows, row, 2));
    item->factor = (Inspection__Factor) sf_rows_int (rows, row, 3);
    int grade = (int) sf_rows_int (rows, row, 4);
    item->colour = grade >= 1 && grade <= 5? (Inspection__Colour) state->colour_by_grade [grade]: 0;
}

//  The items of a checklist, columns as s_read_item reads them, then each item's keys (year,
//  version, place). $1 the target unit, $2 the task's date, $3 the task; $4 and $5 the year
//  and version of the hazard list a page started with (NULL: the current list), $6 the place
//  of the last item sent (NULL: from the first), $7 the rows to read (NULL: all). A free item
//  has no factor and no grade, and its place comes after any hazard item's (an import holds
//  at most INSPECTION_HAZARD_IMPORT_MAX_ROWS rows, well under 100000).
static const char *s_checklist_sql =
    "WITH list AS (SELECT unit_code, year, version FROM hazard_list "
    "  WHERE $4::int IS NULL AND unit_code = $1 AND year <= extract (year FROM $2::date) ORDER BY year DESC LIMIT 1), "
    "pinned AS (SELECT unit_code, year, version FROM list UNION ALL SELECT $1, $4::int, $5::int WHERE $4::int IS NOT NULL), "
    "item AS ("
    "  SELECT 'H' || i.id AS key, i.hazard || '：' || i.measures AS text_zh, i.hazard || ': ' || i.measures AS text_en, "
    "         i.factor, i.grade, i.seq AS place "
    "  FROM hazard_item i JOIN pinned l USING (unit_code, year, version) "
    "  UNION ALL "
    "  SELECT 'F' || f.n, f.text_zh, CASE f.text_en WHEN '' THEN f.text_zh ELSE f.text_en END, NULL, NULL, 100000 + f.n "
    "  FROM plan_free_item f JOIN task t ON t.plan_id = f.plan_id WHERE t.id = $3::bigint) "
    "SELECT key, text_zh, text_en, factor, grade, coalesce ((SELECT year FROM pinned), 0), "
    "       coalesce ((SELECT version FROM pinned), 0), place "
    "FROM item WHERE $6::int IS NULL OR place > $6::int ORDER BY place LIMIT $7::int";

int
inspection_store_checklist (sf_db_t *db, const inspection_state_t *state, const Inspection__Task *task,
                            const char *const *after, int size, Inspection__Checklist *list, char **next)
{
    const char *values [] = {
        task->target_unit, task->shift_date, INSPECTION_SQL_INT (task->id), after? after [0]: NULL,
        after? after [1]: NULL, after? after [2]: NULL, size? INSPECTION_SQL_INT (size + 1): NULL
    };
    sf_rows_t *rows = sf_db_query (db, s_checklist_sql, 7, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    if (size && count > size) {
        count = size;
        for (int key = 0; next && key < INSPECTION_CHECKLIST_KEYS; key++)
            next [key] = strdup (sf_rows_text (rows, count - 1, 5 + key));
    }
    for (int row = 0; row < count; row++)
        s_read_item (rows, row, state, list);
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_checklist_add_past (sf_db_t *db, const inspection_state_t *state, const char *unit,
                                     const char *key, Inspection__Checklist *list)
{
    if (key [0] != 'H' || !key [1] || strspn (key + 1, "0123456789") != strlen (key + 1) || strlen (key) > 19)
        return 0;
    const char *values [] = { key, unit };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT $1::text, i.hazard || '：' || i.measures, i.hazard || ': ' || i.measures, i.factor, i.grade "
        "FROM hazard_item i WHERE i.id = substr ($1, 2)::bigint AND i.unit_code = $2", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        s_read_item (rows, 0, state, list);
    sf_rows_destroy (&rows);
    return found;
}
