/*  inspection_task_store: the SQL of plans, plant calendars, tasks and checklists. Task
    generation is one statement: every active plan, every target unit of its level in its
    scope (from the org copy), every day, shift and check of the range, in the time zone and
    shift pattern of the target's plant; unique keys make it safe to run again. Rows come
    back as the generated messages; enum values go in as parameters from the generated
    constants, so that the SQL and the proto cannot drift.                                  */
#ifndef INSPECTION_TASK_STORE_H_INCLUDED
#define INSPECTION_TASK_STORE_H_INCLUDED

#include "inspection.pb-c.h"
#include "inspection_state.h"
#include "sf_db.h"
#include "sf_scope.h"

//  A whole number as a statement parameter, in a buffer that lives until the end of the
//  enclosing block: const char *values [] = { INSPECTION_SQL_INT (task->id), ... }.
#define INSPECTION_SQL_INT(value) inspection_sql_int ((char [24]) { 0 }, (int64_t) (value))
const char *inspection_sql_int (char *buffer, int64_t value);
//  An enum a query filters by: NULL when unspecified (any), so the SQL reads "$n IS NULL OR
//  column = $n" and names no enum number.
#define INSPECTION_SQL_ENUM_FILTER(value) ((value)? INSPECTION_SQL_INT (value): NULL)

//  The columns of a task (aliases t for task, p for plan) and their reader, for every query
//  that answers tasks.
//  A task's window in epoch ms as the messages carry it: lists of tasks sort and page by
//  these very values, so that a page token's keys compare exactly.
#define INSPECTION_TASK_START_MS "(extract (epoch FROM t.window_start) * 1000)::bigint"
#define INSPECTION_TASK_END_MS "(extract (epoch FROM t.window_end) * 1000)::bigint"
#define INSPECTION_TASK_COLUMNS \
    "t.id, p.code, p.level, t.kind, t.executor_unit, t.target_unit, t.plant_code, t.shift_date::text, " \
    "t.shift_no, " INSPECTION_TASK_START_MS ", " INSPECTION_TASK_END_MS ", t.status, coalesce (t.record_id, 0)"
void inspection_task_read (sf_rows_t *rows, int row, Inspection__Task *task);

//  Inserts plan (and its free items); fills plan->id and active. 1 inserted, 0 when the
//  code is taken, -1 on a database error.
int inspection_store_plan_insert (sf_db_t *db, Inspection__Plan *plan, const char *actor, int64_t now_ms);

//  Inserts or replaces the calendar of a plant. 0 or -1.
int inspection_store_calendar_put (sf_db_t *db, const Inspection__PlantCalendar *calendar, const char *actor,
                                   int64_t now_ms);

//  Creates the tasks of every active plan for the local dates from..to (inclusive) whose
//  window ends after now_ms. Returns how many were created, or -1.
int inspection_store_generate (sf_db_t *db, const inspection_state_t *state, const char *from_date,
                               const char *to_date, int64_t now_ms);

//  Marks missed every open task whose window ended at or before now_ms and appends them
//  to missed. Returns their number, or -1.
int inspection_store_mark_missed (sf_db_t *db, int64_t now_ms, Inspection__TaskList *missed);

//  Finds a task (locking it for update when asked) into *task (a new message, the caller's
//  to destroy). 1 found, 0 not, -1 on error.
int inspection_store_task_find (sf_db_t *db, int64_t id, bool for_update, Inspection__Task **task);

//  Adds the executor and target units of task id to units (what sf_rpc_scope checks a
//  request about the task against). 1 found, 0 not, -1 on error.
int inspection_store_task_units (sf_db_t *db, int64_t id, sf_scope_units_t *units);

//  Marks a task done by record_id. 0 or -1.
int inspection_store_task_done (sf_db_t *db, int64_t id, int64_t record_id, int64_t now_ms);

//  The tasks of query (executor or target in the subtree of its unit) by window start and
//  id, after the task with the keys after (window_start_ms, id; NULL: from the first), at
//  most limit, appended to list. Returns the count or -1.
int inspection_store_task_list (sf_db_t *db, const Inspection__ListTasks *query, const char *const *after, int limit,
                                Inspection__TaskList *list);

//  The item of checklist called key, or NULL.
const Inspection__ChecklistItem *inspection_checklist_find (const Inspection__Checklist *checklist, const char *key);

//  The keys of a checklist item: the year and version of the hazard list read (0 and 0 when
//  the target has none) and the item's place (a hazard item's seq; a free item's after them).
#define INSPECTION_CHECKLIST_KEYS 3

//  The checklist of a task: the items of its target unit's hazard list (the latest list year
//  up to the task's year, its current version) in order, then the plan's free items. after
//  is NULL for the whole list, or the keys of the last item sent: then the items after it,
//  from that year and version of the hazard list. At most size items (0: all) are appended
//  to list; when more follow, next (INSPECTION_CHECKLIST_KEYS strings, may be NULL) gets the
//  keys of the last one appended, for the caller to free. Returns the count or -1.
int inspection_store_checklist (sf_db_t *db, const inspection_state_t *state, const Inspection__Task *task,
                                const char *const *after, int size, Inspection__Checklist *list, char **next);

//  Appends to list the hazard item key ("H<id>") names when it is an item of unit in any
//  version of its lists: a checklist fetched before the list was imported again still
//  records. 1 appended, 0 not such an item, -1 on error.
int inspection_store_checklist_add_past (sf_db_t *db, const inspection_state_t *state, const char *unit,
                                         const char *key, Inspection__Checklist *list);

#endif
