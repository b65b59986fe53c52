/*  inspection_store: records, findings, violations, meetings and their queries in SQL.     */
#include "inspection_store.h"
#include "inspection_task_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBTREE_OF_1 \
    "WITH RECURSIVE sub (code) AS (SELECT $1::text UNION " \
    "SELECT n.code FROM sf_org_node n JOIN sub s ON n.parent_code = s.code) "

#define FINDING_COLUMNS \
    "f.id, f.number, f.description, f.factor, f.location, f.severity, f.responsible_unit, " \
    "f.responsible_person, array_to_string (f.attachments, chr (10)), f.source, coalesce (f.task_id, 0), " \
    "coalesce (f.record_id, 0), f.lesson_ref, f.reporter, f.reporter_unit, f.plant_code, f.reported_ms, " \
    "f.status, f.form_number, f.hazard_key, cardinality (f.attachments)"

#define VIOLATION_COLUMNS \
    "v.id, v.number, v.type, v.person_code, v.unit_code, v.plant_code, v.description, v.location, " \
    "v.occurred_ms, v.recorded_by"

static char *
s_int (char *buffer, size_t size, int64_t value)
{
    snprintf (buffer, size, "%" PRId64, value);
    return buffer;
}

//  Splits "a\nb" (array_to_string with newline; attachments never hold newlines).
static char **
s_split_lines (const char *text, size_t count)
{
    char **items = calloc (count + 1, sizeof *items);
    if (!items)
        abort ();
    const char *at = text;
    for (size_t index = 0; index < count; index++) {
        const char *end = strchr (at, '\n');
        size_t length = end? (size_t) (end - at): strlen (at);
        items [index] = strndup (at, length);
        at = end? end + 1: at + length;
    }
    return items;
}

static void
s_read_finding (sf_rows_t *rows, int row, inspection_finding_t *finding)
{
    finding->id = sf_rows_int (rows, row, 0);
    finding->number = strdup (sf_rows_text (rows, row, 1));
    finding->description = strdup (sf_rows_text (rows, row, 2));
    finding->factor = (int) sf_rows_int (rows, row, 3);
    finding->location = strdup (sf_rows_text (rows, row, 4));
    finding->severity = (int) sf_rows_int (rows, row, 5);
    finding->responsible_unit = strdup (sf_rows_text (rows, row, 6));
    finding->responsible_person = strdup (sf_rows_text (rows, row, 7));
    finding->attachment_count = (size_t) sf_rows_int (rows, row, 20);
    finding->attachments = s_split_lines (sf_rows_text (rows, row, 8), finding->attachment_count);
    finding->source = (int) sf_rows_int (rows, row, 9);
    finding->task_id = sf_rows_int (rows, row, 10);
    finding->record_id = sf_rows_int (rows, row, 11);
    finding->lesson_ref = strdup (sf_rows_text (rows, row, 12));
    finding->reporter = strdup (sf_rows_text (rows, row, 13));
    finding->reporter_unit = strdup (sf_rows_text (rows, row, 14));
    finding->plant_code = strdup (sf_rows_text (rows, row, 15));
    finding->reported_ms = sf_rows_int (rows, row, 16);
    finding->status = (int) sf_rows_int (rows, row, 17);
    finding->form_number = strdup (sf_rows_text (rows, row, 18));
    finding->hazard_key = strdup (sf_rows_text (rows, row, 19));
}

static void
s_read_violation (sf_rows_t *rows, int row, inspection_violation_t *violation)
{
    violation->id = sf_rows_int (rows, row, 0);
    violation->number = strdup (sf_rows_text (rows, row, 1));
    violation->type = (int) sf_rows_int (rows, row, 2);
    violation->person_code = strdup (sf_rows_text (rows, row, 3));
    violation->unit_code = strdup (sf_rows_text (rows, row, 4));
    violation->plant_code = strdup (sf_rows_text (rows, row, 5));
    violation->description = strdup (sf_rows_text (rows, row, 6));
    violation->location = strdup (sf_rows_text (rows, row, 7));
    violation->occurred_ms = sf_rows_int (rows, row, 8);
    violation->recorded_by = strdup (sf_rows_text (rows, row, 9));
}

char *
inspection_store_next_number (sf_db_t *db, const char *plant, char letter, int64_t now_ms,
                              const char *time_zone)
{
    char prefix [64], now [32];
    snprintf (prefix, sizeof prefix, "%s-%c", plant, letter);
    const char *values [] = { prefix, s_int (now, sizeof now, now_ms), time_zone, plant };
    sf_rows_t *rows = sf_db_query (db,
        "WITH zone AS (SELECT coalesce ((SELECT time_zone FROM plant_calendar WHERE plant_code = $4), $3) AS tz), "
        "scope AS (SELECT $1 || extract (year FROM to_timestamp ($2::bigint / 1000.0) AT TIME ZONE zone.tz)::int"
        "  AS scope FROM zone) "
        "INSERT INTO number_seq (scope, last) SELECT scope, 1 FROM scope "
        "ON CONFLICT (scope) DO UPDATE SET last = number_seq.last + 1 "
        "RETURNING scope || '-' || lpad (last::text, greatest (6, length (last::text)), '0')", 4, values);
    if (!rows)
        return NULL;
    char *number = sf_rows_count (rows) == 1? strdup (sf_rows_text (rows, 0, 0)): NULL;
    sf_rows_destroy (&rows);
    return number;
}

static const inspection_check_item_t *
s_check_item (const inspection_check_list_t *checklist, const char *key)
{
    for (size_t index = 0; index < checklist->count; index++)
        if (strcmp (checklist->items [index].key, key) == 0)
            return &checklist->items [index];
    return NULL;
}

int
inspection_store_record_insert (sf_db_t *db, inspection_record_t *record, const char *plant_code,
                                const inspection_check_list_t *checklist)
{
    char task [32], recorded [32], passed [16], failed [16];
    const char *values [] = {
        s_int (task, sizeof task, record->task_id), record->inspector, record->executor_unit, record->target_unit,
        plant_code, s_int (recorded, sizeof recorded, record->recorded_ms),
        s_int (passed, sizeof passed, record->passed), s_int (failed, sizeof failed, record->failed),
        record->remarks
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO record (task_id, inspector, executor_unit, target_unit, plant_code, recorded_ms, passed, "
        "failed, remarks) VALUES ($1::bigint, $2, $3, $4, $5, $6::bigint, $7::int, $8::int, $9) RETURNING id",
        9, values);
    if (!rows)
        return -1;
    record->id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    char id [32];
    s_int (id, sizeof id, record->id);
    for (size_t index = 0; index < record->result_count; index++) {
        const inspection_item_result_t *result = &record->results [index];
        const inspection_check_item_t *item = s_check_item (checklist, result->key);
        const char *item_values [] = {
            id, result->key, item? item->text_zh: "", item? item->text_en: "", result->passed? "t": "f",
            result->note
        };
        if (sf_db_exec (db, "INSERT INTO record_item (record_id, key, text_zh, text_en, passed, note) "
                            "VALUES ($1::bigint, $2, $3, $4, $5::boolean, $6)", 6, item_values) < 0)
            return -1;
    }
    return 0;
}

int
inspection_store_finding_insert (sf_db_t *db, inspection_finding_t *finding)
{
    char factor [16], severity [16], source [16], task [32], record [32], reported [32];
    char *attachments = sf_db_array_literal (finding->attachments, finding->attachment_count);
    const char *values [] = {
        finding->number, finding->description, s_int (factor, sizeof factor, finding->factor), finding->location,
        s_int (severity, sizeof severity, finding->severity), finding->responsible_unit,
        finding->responsible_person, attachments, s_int (source, sizeof source, finding->source),
        finding->task_id? s_int (task, sizeof task, finding->task_id): NULL,
        finding->record_id? s_int (record, sizeof record, finding->record_id): NULL,
        finding->lesson_ref, finding->reporter, finding->reporter_unit, finding->plant_code,
        s_int (reported, sizeof reported, finding->reported_ms), finding->hazard_key
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO finding (number, description, factor, location, severity, responsible_unit, "
        "responsible_person, attachments, source, task_id, record_id, lesson_ref, reporter, reporter_unit, "
        "plant_code, reported_ms, hazard_key) VALUES ($1, $2, $3::smallint, $4, $5::smallint, $6, $7, $8::text[], "
        "$9::smallint, $10::bigint, $11::bigint, $12, $13, $14, $15, $16::bigint, $17) RETURNING id",
        17, values);
    free (attachments);
    if (!rows)
        return -1;
    finding->id = sf_rows_int (rows, 0, 0);
    finding->status = INSPECTION_FINDING_OPEN;
    sf_rows_destroy (&rows);
    return 0;
}

int
inspection_store_violation_insert (sf_db_t *db, inspection_violation_t *violation, int64_t now_ms)
{
    char type [16], occurred [32], now [32];
    const char *values [] = {
        violation->number, s_int (type, sizeof type, violation->type), violation->person_code,
        violation->unit_code, violation->plant_code, violation->description, violation->location,
        s_int (occurred, sizeof occurred, violation->occurred_ms), violation->recorded_by,
        s_int (now, sizeof now, now_ms)
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO violation (number, type, person_code, unit_code, plant_code, description, location, "
        "occurred_ms, recorded_by, recorded_ms) VALUES ($1, $2::smallint, $3, $4, $5, $6, $7, $8::bigint, $9, "
        "$10::bigint) RETURNING id", 10, values);
    if (!rows)
        return -1;
    violation->id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return 0;
}

int
inspection_store_meeting_insert (sf_db_t *db, inspection_meeting_t *meeting)
{
    char shift [16], kind [16], recorded [32];
    char *attendees = sf_db_array_literal (meeting->attendees, meeting->attendee_count);
    char *absentees = sf_db_array_literal (meeting->absentees, meeting->absentee_count);
    const char *values [] = {
        meeting->team_code, meeting->shift_date, s_int (shift, sizeof shift, meeting->shift_no),
        s_int (kind, sizeof kind, meeting->kind), attendees, absentees, meeting->topics, meeting->risks_briefed,
        meeting->recorded_by, s_int (recorded, sizeof recorded, meeting->recorded_ms)
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO meeting (team_code, shift_date, shift_no, kind, attendees, absentees, topics, risks_briefed, "
        "recorded_by, recorded_ms) VALUES ($1, $2::date, $3::smallint, $4::smallint, $5::text[], $6::text[], $7, "
        "$8, $9, $10::bigint) ON CONFLICT (team_code, shift_date, shift_no, kind) DO NOTHING RETURNING id",
        10, values);
    free (attendees);
    free (absentees);
    if (!rows)
        return -1;
    int inserted = sf_rows_count (rows) == 1;
    if (inserted)
        meeting->id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return inserted;
}

int
inspection_store_shift_count (sf_db_t *db, const char *plant_code, int default_count)
{
    char fallback [16];
    const char *values [] = { plant_code, s_int (fallback, sizeof fallback, default_count) };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT coalesce ((SELECT cardinality (shifts) FROM plant_calendar WHERE plant_code = $1), $2::int)",
        2, values);
    if (!rows)
        return -1;
    int count = (int) sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

char *
inspection_store_first_unknown_employee (sf_db_t *db, char *const *codes, size_t count, bool *error)
{
    *error = false;
    if (count == 0)
        return NULL;
    char *array = sf_db_array_literal (codes, count);
    const char *values [] = { array };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT c.code FROM unnest ($1::text[]) WITH ORDINALITY c (code, n) "
        "LEFT JOIN sf_org_node o ON o.code = c.code AND o.kind = 6 AND o.active "
        "WHERE o.code IS NULL ORDER BY c.n LIMIT 1", 1, values);
    free (array);
    if (!rows) {
        *error = true;
        return NULL;
    }
    char *unknown = sf_rows_count (rows)? strdup (sf_rows_text (rows, 0, 0)): NULL;
    sf_rows_destroy (&rows);
    return unknown;
}

int
inspection_store_findings (sf_db_t *db, const char *unit, int severity, int factor, bool open_only,
                           int limit, inspection_finding_list_t *list)
{
    char severity_text [16], factor_text [16], limit_text [16];
    const char *values [] = {
        unit, s_int (severity_text, sizeof severity_text, severity), s_int (factor_text, sizeof factor_text, factor),
        open_only? "t": "f", s_int (limit_text, sizeof limit_text, limit)
    };
    sf_rows_t *rows = sf_db_query (db,
        SUBTREE_OF_1 "SELECT " FINDING_COLUMNS " FROM finding f WHERE f.responsible_unit IN (SELECT code FROM sub) "
        "AND ($2::int = 0 OR f.severity = $2::int) AND ($3::int = 0 OR f.factor = $3::int) "
        "AND (NOT $4::boolean OR f.status IN (1, 2)) ORDER BY f.reported_ms DESC, f.id DESC LIMIT $5::int",
        5, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        s_read_finding (rows, row, INSPECTION_ADD (list));
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_violations (sf_db_t *db, const char *unit, int type, const char *text, int64_t from_ms,
                             int64_t to_ms, int limit, inspection_violation_list_t *list)
{
    char type_text [16], from [32], to [32], limit_text [16];
    const char *values [] = {
        unit, s_int (type_text, sizeof type_text, type), text, s_int (from, sizeof from, from_ms),
        s_int (to, sizeof to, to_ms), s_int (limit_text, sizeof limit_text, limit)
    };
    sf_rows_t *rows = sf_db_query (db,
        SUBTREE_OF_1 "SELECT " VIOLATION_COLUMNS " FROM violation v "
        "WHERE ($1 = '' OR v.unit_code IN (SELECT code FROM sub)) AND ($2::int = 0 OR v.type = $2::int) "
        "AND ($3 = '' OR strpos (v.description, $3) > 0 OR strpos (v.location, $3) > 0 "
        "     OR strpos (v.person_code, $3) > 0) "
        "AND ($4::bigint = 0 OR v.occurred_ms >= $4::bigint) AND ($5::bigint = 0 OR v.occurred_ms < $5::bigint) "
        "ORDER BY v.occurred_ms DESC, v.id DESC LIMIT $6::int", 6, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        s_read_violation (rows, row, INSPECTION_ADD (list));
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_completion (sf_db_t *db, const char *unit, const char *from_date, const char *to_date,
                             inspection_completion_list_t *list)
{
    const char *values [] = { unit, from_date, to_date };
    sf_rows_t *rows = sf_db_query (db,
        SUBTREE_OF_1 "SELECT t.executor_unit, coalesce (n.name_zh, ''), "
        "count (*) FILTER (WHERE t.status IN (2, 3)), count (*) FILTER (WHERE t.status = 2), "
        "count (*) FILTER (WHERE t.status = 3), count (*) FILTER (WHERE t.status = 1) "
        "FROM task t LEFT JOIN sf_org_node n ON n.code = t.executor_unit "
        "WHERE t.executor_unit IN (SELECT code FROM sub) AND t.shift_date BETWEEN $2::date AND $3::date "
        "GROUP BY t.executor_unit, n.name_zh ORDER BY t.executor_unit", 3, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++) {
        inspection_completion_t *unit_row = INSPECTION_ADD (list);
        unit_row->unit_code = strdup (sf_rows_text (rows, row, 0));
        unit_row->unit_name = strdup (sf_rows_text (rows, row, 1));
        unit_row->due = (int) sf_rows_int (rows, row, 2);
        unit_row->done = (int) sf_rows_int (rows, row, 3);
        unit_row->missed = (int) sf_rows_int (rows, row, 4);
        unit_row->open = (int) sf_rows_int (rows, row, 5);
        int ended = unit_row->done + unit_row->missed;
        unit_row->rate = ended? (double) unit_row->done / ended: 1.0;
    }
    sf_rows_destroy (&rows);
    return count;
}

//  Each record's item results, in one query.
static int
s_history_results (sf_db_t *db, inspection_record_list_t *records)
{
    if (records->count == 0)
        return 0;
    char **ids = calloc (records->count, sizeof *ids);
    if (!ids)
        abort ();
    char id [32];
    for (size_t index = 0; index < records->count; index++)
        ids [index] = strdup (s_int (id, sizeof id, records->items [index].id));
    char *array = sf_db_array_literal (ids, records->count);
    for (size_t index = 0; index < records->count; index++)
        free (ids [index]);
    free (ids);
    const char *values [] = { array };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT record_id, key, passed, note FROM record_item WHERE record_id = ANY ($1::bigint[]) "
        "ORDER BY record_id, key", 1, values);
    free (array);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        int64_t id = sf_rows_int (rows, row, 0);
        for (size_t index = 0; index < records->count; index++) {
            inspection_record_t *record = &records->items [index];
            if (record->id != id)
                continue;
            record->results = realloc (record->results, (record->result_count + 1) * sizeof *record->results);
            if (!record->results)
                abort ();
            inspection_item_result_t *result = &record->results [record->result_count++];
            result->key = strdup (sf_rows_text (rows, row, 1));
            result->passed = sf_rows_bool (rows, row, 2);
            result->note = strdup (sf_rows_text (rows, row, 3));
            break;
        }
    }
    sf_rows_destroy (&rows);
    return 0;
}

static int
s_history_records (sf_db_t *db, const char *const *values, inspection_record_list_t *records)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT r.id, r.task_id, r.inspector, r.executor_unit, r.target_unit, r.recorded_ms, r.passed, r.failed, "
        "r.remarks FROM record r WHERE (r.executor_unit = $1 OR r.target_unit = $1) "
        "AND r.recorded_ms >= $2::bigint AND r.recorded_ms < $3::bigint ORDER BY r.recorded_ms DESC LIMIT $4::int",
        4, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        inspection_record_t *record = INSPECTION_ADD (records);
        record->id = sf_rows_int (rows, row, 0);
        record->task_id = sf_rows_int (rows, row, 1);
        record->inspector = strdup (sf_rows_text (rows, row, 2));
        record->executor_unit = strdup (sf_rows_text (rows, row, 3));
        record->target_unit = strdup (sf_rows_text (rows, row, 4));
        record->recorded_ms = sf_rows_int (rows, row, 5);
        record->passed = (int) sf_rows_int (rows, row, 6);
        record->failed = (int) sf_rows_int (rows, row, 7);
        record->remarks = strdup (sf_rows_text (rows, row, 8));
    }
    sf_rows_destroy (&rows);
    return s_history_results (db, records);
}

int
inspection_store_history (sf_db_t *db, const char *unit, int64_t from_ms, int64_t to_ms, int limit,
                          inspection_record_list_t *records, inspection_finding_list_t *findings,
                          inspection_violation_list_t *violations, inspection_task_list_t *missed,
                          inspection_meeting_list_t *meetings)
{
    char from [32], to [32], limit_text [16];
    const char *values [] = {
        unit, s_int (from, sizeof from, from_ms), s_int (to, sizeof to, to_ms), s_int (limit_text, sizeof limit_text, limit)
    };
    if (s_history_records (db, values, records))
        return -1;
    sf_rows_t *rows = sf_db_query (db,
        "SELECT " FINDING_COLUMNS " FROM finding f WHERE f.responsible_unit = $1 AND f.reported_ms >= $2::bigint "
        "AND f.reported_ms < $3::bigint ORDER BY f.reported_ms DESC LIMIT $4::int", 4, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++)
        s_read_finding (rows, row, INSPECTION_ADD (findings));
    sf_rows_destroy (&rows);
    rows = sf_db_query (db,
        "SELECT " VIOLATION_COLUMNS " FROM violation v WHERE v.unit_code = $1 AND v.occurred_ms >= $2::bigint "
        "AND v.occurred_ms < $3::bigint ORDER BY v.occurred_ms DESC LIMIT $4::int", 4, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++)
        s_read_violation (rows, row, INSPECTION_ADD (violations));
    sf_rows_destroy (&rows);
    rows = sf_db_query (db,
        "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.executor_unit = $1 "
        "AND t.status = 3 AND t.window_end >= to_timestamp ($2::bigint / 1000.0) "
        "AND t.window_end < to_timestamp ($3::bigint / 1000.0) ORDER BY t.window_end DESC LIMIT $4::int", 4, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++)
        inspection_task_read (rows, row, INSPECTION_ADD (missed));
    sf_rows_destroy (&rows);
    rows = sf_db_query (db,
        "SELECT id, team_code, shift_date::text, shift_no, kind, array_to_string (attendees, chr (10)), "
        "array_to_string (absentees, chr (10)), topics, risks_briefed, recorded_by, recorded_ms, cardinality (attendees), "
        "cardinality (absentees) FROM meeting WHERE team_code = $1 AND recorded_ms >= $2::bigint "
        "AND recorded_ms < $3::bigint ORDER BY recorded_ms DESC LIMIT $4::int", 4, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        inspection_meeting_t *meeting = INSPECTION_ADD (meetings);
        meeting->id = sf_rows_int (rows, row, 0);
        meeting->team_code = strdup (sf_rows_text (rows, row, 1));
        meeting->shift_date = strdup (sf_rows_text (rows, row, 2));
        meeting->shift_no = (int) sf_rows_int (rows, row, 3);
        meeting->kind = (int) sf_rows_int (rows, row, 4);
        //  Employee codes hold no newlines.
        meeting->attendee_count = (size_t) sf_rows_int (rows, row, 11);
        meeting->attendees = s_split_lines (sf_rows_text (rows, row, 5), meeting->attendee_count);
        meeting->absentee_count = (size_t) sf_rows_int (rows, row, 12);
        meeting->absentees = s_split_lines (sf_rows_text (rows, row, 6), meeting->absentee_count);
        meeting->topics = strdup (sf_rows_text (rows, row, 7));
        meeting->risks_briefed = strdup (sf_rows_text (rows, row, 8));
        meeting->recorded_by = strdup (sf_rows_text (rows, row, 9));
        meeting->recorded_ms = sf_rows_int (rows, row, 10);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
inspection_store_finding_feedback (sf_db_t *db, int64_t finding_id, int status, const char *form_number)
{
    char id [32], status_text [16];
    const char *values [] = { s_int (id, sizeof id, finding_id), s_int (status_text, sizeof status_text, status),
                              form_number };
    int64_t changed = sf_db_exec (db,
        "UPDATE finding SET status = $2::smallint, form_number = $3 WHERE id = $1::bigint AND status IN (1, 2) "
        "AND NOT (status = $2::smallint AND form_number = $3)", 3, values);
    return (int) changed;
}
