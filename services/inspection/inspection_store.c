/*  inspection_store: records, findings, violations, meetings and their queries in SQL.     */
#include "inspection_store.h"
#include "inspection_ahead.h"
#include "directory.pb-c.h"
#include "sf_id_block.h"
#include "sf_pb.h"

#include <stdint.h>
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

#define MEETING_COLUMNS \
    "m.id, m.team_code, m.shift_date::text, m.shift_no, m.kind, array_to_string (m.attendees, chr (10)), " \
    "array_to_string (m.absentees, chr (10)), m.topics, m.risks_briefed, m.recorded_by, m.recorded_ms, " \
    "cardinality (m.attendees), cardinality (m.absentees)"

//  Appends the count lines of "a\nb" (array_to_string with newline: no stored text holds a
//  control character) to a repeated string field.
static void
s_read_lines (const char *text, size_t count, char ***items, size_t *n_items)
{
    const char *at = text;
    for (size_t index = 0; index < count; index++) {
        const char *end = strchr (at, '\n');
        size_t length = end? (size_t) (end - at): strlen (at);
        char *line = strndup (at, length);
        sf_pb_add_string (items, n_items, line);
        free (line);
        at = end? end + 1: at + length;
    }
}

static Inspection__Finding *
s_read_finding (sf_rows_t *rows, int row, Inspection__Finding *finding)
{
    finding->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&finding->number, sf_rows_text (rows, row, 1));
    sf_pb_set (&finding->description, sf_rows_text (rows, row, 2));
    finding->factor = (Inspection__Factor) sf_rows_int (rows, row, 3);
    sf_pb_set (&finding->location, sf_rows_text (rows, row, 4));
    finding->severity = (Inspection__Severity) sf_rows_int (rows, row, 5);
    sf_pb_set (&finding->responsible_unit, sf_rows_text (rows, row, 6));
    sf_pb_set (&finding->responsible_person, sf_rows_text (rows, row, 7));
    s_read_lines (sf_rows_text (rows, row, 8), (size_t) sf_rows_int (rows, row, 20), &finding->attachments,
                  &finding->n_attachments);
    finding->source = (Inspection__FindingSource) sf_rows_int (rows, row, 9);
    finding->task_id = sf_rows_int (rows, row, 10);
    finding->record_id = sf_rows_int (rows, row, 11);
    sf_pb_set (&finding->lesson_ref, sf_rows_text (rows, row, 12));
    sf_pb_set (&finding->reporter, sf_rows_text (rows, row, 13));
    sf_pb_set (&finding->reporter_unit, sf_rows_text (rows, row, 14));
    sf_pb_set (&finding->plant_code, sf_rows_text (rows, row, 15));
    finding->reported_ms = sf_rows_int (rows, row, 16);
    finding->status = (Inspection__FindingStatus) sf_rows_int (rows, row, 17);
    sf_pb_set (&finding->form_number, sf_rows_text (rows, row, 18));
    sf_pb_set (&finding->hazard_key, sf_rows_text (rows, row, 19));
    return finding;
}

static Inspection__Violation *
s_read_violation (sf_rows_t *rows, int row, Inspection__Violation *violation)
{
    violation->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&violation->number, sf_rows_text (rows, row, 1));
    violation->type = (Inspection__ViolationType) sf_rows_int (rows, row, 2);
    sf_pb_set (&violation->person_code, sf_rows_text (rows, row, 3));
    sf_pb_set (&violation->unit_code, sf_rows_text (rows, row, 4));
    sf_pb_set (&violation->plant_code, sf_rows_text (rows, row, 5));
    sf_pb_set (&violation->description, sf_rows_text (rows, row, 6));
    sf_pb_set (&violation->location, sf_rows_text (rows, row, 7));
    violation->occurred_ms = sf_rows_int (rows, row, 8);
    sf_pb_set (&violation->recorded_by, sf_rows_text (rows, row, 9));
    return violation;
}

static Inspection__Meeting *
s_read_meeting (sf_rows_t *rows, int row, Inspection__Meeting *meeting)
{
    meeting->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&meeting->team_code, sf_rows_text (rows, row, 1));
    sf_pb_set (&meeting->shift_date, sf_rows_text (rows, row, 2));
    meeting->shift_no = (int32_t) sf_rows_int (rows, row, 3);
    meeting->kind = (Inspection__MeetingKind) sf_rows_int (rows, row, 4);
    s_read_lines (sf_rows_text (rows, row, 5), (size_t) sf_rows_int (rows, row, 11), &meeting->attendees,
                  &meeting->n_attendees);
    s_read_lines (sf_rows_text (rows, row, 6), (size_t) sf_rows_int (rows, row, 12), &meeting->absentees,
                  &meeting->n_absentees);
    sf_pb_set (&meeting->topics, sf_rows_text (rows, row, 7));
    sf_pb_set (&meeting->risks_briefed, sf_rows_text (rows, row, 8));
    sf_pb_set (&meeting->recorded_by, sf_rows_text (rows, row, 9));
    meeting->recorded_ms = sf_rows_int (rows, row, 10);
    return meeting;
}

//  The next readable number of a scope ($1: a plant's findings "P01-F" or violations "P01-V")
//  in the year of $2 (ms) in the plant's ($4) time zone (its calendar's, else $3), e.g.
//  "P01-F2026-000042": the common table `numbered (number)` of the INSERT that uses it.
#define S_NUMBERED \
    "WITH zone AS (SELECT coalesce ((SELECT time_zone FROM plant_calendar WHERE plant_code = $4), $3) AS tz), " \
    "scope AS (SELECT $1 || extract (year FROM to_timestamp ($2::bigint / 1000.0) AT TIME ZONE zone.tz)::int" \
    "  AS scope FROM zone), " \
    "numbered AS (INSERT INTO number_seq (scope, last) SELECT scope, 1 FROM scope " \
    "  ON CONFLICT (scope) DO UPDATE SET last = number_seq.last + 1 " \
    "  RETURNING scope || '-' || lpad (last::text, greatest (6, length (last::text)), '0') AS number) "

static void
s_number_prefix (char *prefix, size_t size, const char *plant, char letter)
{
    snprintf (prefix, size, "%s-%c", plant, letter);
}

int
inspection_store_record_insert (sf_db_t *db, Inspection__Record *record, const char *plant_code,
                                const Inspection__Checklist *checklist)
{
    const char *values [] = {
        INSPECTION_SQL_INT (record->task_id), record->inspector, record->executor_unit, record->target_unit,
        plant_code, INSPECTION_SQL_INT (record->recorded_ms), INSPECTION_SQL_INT (record->passed),
        INSPECTION_SQL_INT (record->failed), record->remarks
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO record (task_id, inspector, executor_unit, target_unit, plant_code, recorded_ms, passed, "
        "failed, remarks) VALUES ($1::bigint, $2, $3, $4, $5, $6::bigint, $7::int, $8::int, $9) RETURNING id",
        9, values);
    if (!rows)
        return -1;
    record->id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    for (size_t index = 0; index < record->n_results; index++) {
        const Inspection__ItemResult *result = record->results [index];
        const Inspection__ChecklistItem *item = inspection_checklist_find (checklist, result->key);
        const char *item_values [] = {
            INSPECTION_SQL_INT (record->id), result->key, item? item->text_zh: "", item? item->text_en: "",
            result->passed? "t": "f", result->note
        };
        if (sf_db_exec (db, "INSERT INTO record_item (record_id, key, text_zh, text_en, passed, note) "
                            "VALUES ($1::bigint, $2, $3, $4, $5::boolean, $6)", 6, item_values) < 0)
            return -1;
    }
    return 0;
}

#define S_FINDING_COLUMNS_IN \
    "number, description, factor, location, severity, responsible_unit, " \
    "responsible_person, attachments, source, task_id, record_id, lesson_ref, reporter, reporter_unit, " \
    "plant_code, reported_ms, hazard_key, status"
#define S_FINDING_VALUES_IN \
    "number, $5, $6::smallint, $7, $8::smallint, $9, $10, " \
    "$11::text[], $12::smallint, $13::bigint, $14::bigint, $15, $16, $17, $18, $19::bigint, $20, $21::smallint"
#define S_FINDING_INSERT "INSERT INTO finding AS f (" S_FINDING_COLUMNS_IN ") SELECT " S_FINDING_VALUES_IN
//  Added to the board with the insert: board's one row is fetched, and its call made, before the
//  insert's row exists (migration 012).
#define S_FINDING_BOARD \
    ", board AS (SELECT board_finding_inserting (number, $18, $8::smallint, $20, $19::bigint, " \
    "$21::smallint) AS added FROM numbered) "

//  The finding as an INSERT of it would read back: finding's fields, id, number, open.
static Inspection__Finding *
s_finding_inserted (const Inspection__Finding *finding, int64_t id, const char *number)
{
    Inspection__Finding *stored = sf_pb_new (&inspection__finding__descriptor);
    stored->id = id;
    sf_pb_set (&stored->number, number);
    sf_pb_set (&stored->description, finding->description);
    stored->factor = finding->factor;
    sf_pb_set (&stored->location, finding->location);
    stored->severity = finding->severity;
    sf_pb_set (&stored->responsible_unit, finding->responsible_unit);
    sf_pb_set (&stored->responsible_person, finding->responsible_person);
    for (size_t index = 0; index < finding->n_attachments; index++)
        sf_pb_add_string (&stored->attachments, &stored->n_attachments, finding->attachments [index]);
    stored->source = finding->source;
    stored->task_id = finding->task_id;
    stored->record_id = finding->record_id;
    sf_pb_set (&stored->lesson_ref, finding->lesson_ref);
    sf_pb_set (&stored->reporter, finding->reporter);
    sf_pb_set (&stored->reporter_unit, finding->reporter_unit);
    sf_pb_set (&stored->plant_code, finding->plant_code);
    stored->reported_ms = finding->reported_ms;
    stored->status = INSPECTION__FINDING_STATUS__FINDING_OPEN;
    sf_pb_set (&stored->hazard_key, finding->hazard_key);
    return stored;
}

Inspection__Finding *
inspection_store_finding_insert (sf_db_t *db, const Inspection__Finding *finding, const char *number_plant,
                                 const char *time_zone, bool board_now, bool ahead)
{
    char prefix [64];
    s_number_prefix (prefix, sizeof prefix, number_plant, 'F');
    int64_t id = 0;
    char number [96] = "";
    ahead = ahead && board_now && inspection_ahead_number (db, prefix, number, sizeof number);
    if (ahead && sf_id_block_next (db, "finding", &id))
        return NULL;
    char *attachments = sf_db_array_literal (finding->attachments, finding->n_attachments);
    const char *values [] = {
        prefix, INSPECTION_SQL_INT (finding->reported_ms), time_zone, number_plant,
        finding->description, INSPECTION_SQL_INT (finding->factor), finding->location,
        INSPECTION_SQL_INT (finding->severity), finding->responsible_unit, finding->responsible_person, attachments,
        INSPECTION_SQL_INT (finding->source), finding->task_id? INSPECTION_SQL_INT (finding->task_id): NULL,
        finding->record_id? INSPECTION_SQL_INT (finding->record_id): NULL, finding->lesson_ref, finding->reporter,
        finding->reporter_unit, finding->plant_code, INSPECTION_SQL_INT (finding->reported_ms), finding->hazard_key,
        INSPECTION_SQL_INT (INSPECTION__FINDING_STATUS__FINDING_OPEN), INSPECTION_SQL_INT (id), number
    };
    if (ahead) {
        //  Sent with COMMIT: the number the statement takes must be the one computed ahead.
        int rc = sf_db_defer (db, S_NUMBERED S_FINDING_BOARD
            ", checked AS (SELECT sf_expect (number = $23, 'the finding number computed ahead') AS ok FROM numbered) "
            "INSERT INTO finding AS f (id, " S_FINDING_COLUMNS_IN ") SELECT $22::bigint, " S_FINDING_VALUES_IN
            " FROM numbered, board, checked WHERE board.added AND checked.ok", 23, values, NULL, NULL);
        free (attachments);
        return rc? NULL: s_finding_inserted (finding, id, number);
    }
    sf_rows_t *rows = sf_db_query (db, board_now
        ? S_NUMBERED S_FINDING_BOARD S_FINDING_INSERT " FROM numbered, board WHERE board.added RETURNING " FINDING_COLUMNS
        : S_NUMBERED S_FINDING_INSERT " FROM numbered RETURNING " FINDING_COLUMNS, 21, values);
    free (attachments);
    if (!rows)
        return NULL;
    Inspection__Finding *stored = sf_rows_count (rows) == 1
        ? s_read_finding (rows, 0, sf_pb_new (&inspection__finding__descriptor)): NULL;
    sf_rows_destroy (&rows);
    if (stored)
        inspection_ahead_number_seen (db, prefix, stored->number);
    return stored;
}

int
inspection_store_finding_find (sf_db_t *db, const char *number, Inspection__Finding **finding)
{
    const char *values [] = { number };
    sf_rows_t *rows = sf_db_query (db, "SELECT " FINDING_COLUMNS " FROM finding f WHERE f.number = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        *finding = s_read_finding (rows, 0, sf_pb_new (&inspection__finding__descriptor));
    sf_rows_destroy (&rows);
    return found;
}

int
inspection_store_violation_find (sf_db_t *db, const char *number, Inspection__Violation **violation)
{
    const char *values [] = { number };
    sf_rows_t *rows = sf_db_query (db, "SELECT " VIOLATION_COLUMNS " FROM violation v WHERE v.number = $1", 1,
                                   values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        *violation = s_read_violation (rows, 0, sf_pb_new (&inspection__violation__descriptor));
    sf_rows_destroy (&rows);
    return found;
}

Inspection__Violation *
inspection_store_violation_insert (sf_db_t *db, const Inspection__Violation *violation, int64_t now_ms,
                                   const char *number_plant, const char *time_zone)
{
    char prefix [64];
    s_number_prefix (prefix, sizeof prefix, number_plant, 'V');
    const char *values [] = {
        prefix, INSPECTION_SQL_INT (now_ms), time_zone, number_plant,
        INSPECTION_SQL_INT (violation->type), violation->person_code, violation->unit_code,
        violation->plant_code, violation->description, violation->location, INSPECTION_SQL_INT (violation->occurred_ms),
        violation->recorded_by, INSPECTION_SQL_INT (now_ms)
    };
    sf_rows_t *rows = sf_db_query (db, S_NUMBERED
        "INSERT INTO violation AS v (number, type, person_code, unit_code, plant_code, description, location, "
        "occurred_ms, recorded_by, recorded_ms) SELECT number, $5::smallint, $6, $7, $8, $9, $10, $11::bigint, $12, "
        "$13::bigint FROM numbered RETURNING " VIOLATION_COLUMNS, 13, values);
    if (!rows)
        return NULL;
    Inspection__Violation *stored = sf_rows_count (rows) == 1
        ? s_read_violation (rows, 0, sf_pb_new (&inspection__violation__descriptor)): NULL;
    sf_rows_destroy (&rows);
    return stored;
}

int
inspection_store_meeting_insert (sf_db_t *db, const Inspection__Meeting *meeting, Inspection__Meeting **stored)
{
    char *attendees = sf_db_array_literal (meeting->attendees, meeting->n_attendees);
    char *absentees = sf_db_array_literal (meeting->absentees, meeting->n_absentees);
    const char *values [] = {
        meeting->team_code, meeting->shift_date, INSPECTION_SQL_INT (meeting->shift_no),
        INSPECTION_SQL_INT (meeting->kind), attendees, absentees, meeting->topics, meeting->risks_briefed,
        meeting->recorded_by, INSPECTION_SQL_INT (meeting->recorded_ms)
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO meeting AS m (team_code, shift_date, shift_no, kind, attendees, absentees, topics, "
        "risks_briefed, recorded_by, recorded_ms) VALUES ($1, $2::date, $3::smallint, $4::smallint, $5::text[], "
        "$6::text[], $7, $8, $9, $10::bigint) ON CONFLICT (team_code, shift_date, shift_no, kind) DO NOTHING "
        "RETURNING " MEETING_COLUMNS, 10, values);
    free (attendees);
    free (absentees);
    if (!rows)
        return -1;
    int inserted = sf_rows_count (rows) == 1;
    if (inserted)
        *stored = s_read_meeting (rows, 0, sf_pb_new (&inspection__meeting__descriptor));
    sf_rows_destroy (&rows);
    return inserted;
}

int
inspection_store_shift_count (sf_db_t *db, const char *plant_code, int default_count)
{
    const char *values [] = { plant_code, INSPECTION_SQL_INT (default_count) };
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
    const char *values [] = { array, INSPECTION_SQL_INT (DIRECTORY__KIND__KIND_EMPLOYEE) };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT c.code FROM unnest ($1::text[]) WITH ORDINALITY c (code, n) "
        "LEFT JOIN sf_org_node o ON o.code = c.code AND o.kind = $2::int AND o.active "
        "WHERE o.code IS NULL ORDER BY c.n LIMIT 1", 2, values);
    free (array);
    if (!rows) {
        *error = true;
        return NULL;
    }
    char *unknown = sf_rows_count (rows)? strdup (sf_rows_text (rows, 0, 0)): NULL;
    sf_rows_destroy (&rows);
    return unknown;
}

//  A keyset cursor before every row (no page read yet): the lists compare (time, id) with
//  the cursor always, so that the comparison is a range of the index in every plan.
#define S_BEFORE_ALL "9223372036854775807"

//  A list of a subtree reads each unit's newest rows from an index in the list's order, at
//  most a page per unit (LATERAL), and merges those pages: its cost follows the units and the
//  page size, not the rows they hold (migrations/009_flat_lists.sql). The open findings are
//  read from an index of the open ones alone (migrations/014_open_findings_index.sql), so that
//  a deep page of a unit with few open findings left does not pass its closed ones. The pages
//  are merged on their keys alone and only the merged page's rows are read whole (the severity
//  and factor filters, not in the indexes, still read each row a unit's page passes).
#define S_FINDINGS_OF_UNIT(status_filter) \
    SUBTREE_OF_1 ", page AS (SELECT k.reported_ms, k.id FROM sub CROSS JOIN LATERAL " \
    "(SELECT f.reported_ms, f.id FROM finding f WHERE f.responsible_unit = sub.code " status_filter \
    "AND ($2::int IS NULL OR f.severity = $2::int) AND ($3::int IS NULL OR f.factor = $3::int) " \
    "AND (f.reported_ms, f.id) < ($5::bigint, $6::bigint) ORDER BY f.reported_ms DESC, f.id DESC LIMIT $4::int) k " \
    "ORDER BY k.reported_ms DESC, k.id DESC LIMIT $4::int) " \
    "SELECT " FINDING_COLUMNS " FROM page JOIN finding f ON f.id = page.id ORDER BY f.reported_ms DESC, f.id DESC"

int
inspection_store_findings (sf_db_t *db, const Inspection__ListFindings *query, const char *const *after,
                           int limit, Inspection__FindingList *list)
{
    const char *values [] = {
        query->unit_code, INSPECTION_SQL_ENUM_FILTER (query->severity), INSPECTION_SQL_ENUM_FILTER (query->factor),
        INSPECTION_SQL_INT (limit), after? after [0]: S_BEFORE_ALL, after? after [1]: S_BEFORE_ALL
    };
    sf_rows_t *rows = sf_db_query (db, query->open_only? S_FINDINGS_OF_UNIT ("AND board_finding_open (f.status) ")
                                                       : S_FINDINGS_OF_UNIT (""), 6, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        s_read_finding (rows, row, sf_pb_add (&list->findings, &list->n_findings, &inspection__finding__descriptor));
    sf_rows_destroy (&rows);
    return count;
}

//  The violations' filters; $4, $5 the period (open ends bound as the widest range), $7, $8
//  the cursor.
#define S_VIOLATION_FILTERS \
    "($2::int IS NULL OR v.type = $2::int) " \
    "AND ($3 = '' OR strpos (v.description, $3) > 0 OR strpos (v.location, $3) > 0 " \
    "     OR strpos (v.person_code, $3) > 0) " \
    "AND v.occurred_ms >= $4::bigint AND v.occurred_ms < $5::bigint " \
    "AND (v.occurred_ms, v.id) < ($7::bigint, $8::bigint) ORDER BY v.occurred_ms DESC, v.id DESC LIMIT $6::int"

int
inspection_store_violations (sf_db_t *db, const Inspection__SearchViolations *query, const char *const *after,
                             int limit, Inspection__ViolationList *list)
{
    const char *values [] = {
        query->unit_code, INSPECTION_SQL_ENUM_FILTER (query->type), query->text,
        INSPECTION_SQL_INT (query->from_ms? query->from_ms: INT64_MIN),
        INSPECTION_SQL_INT (query->to_ms? query->to_ms: INT64_MAX), INSPECTION_SQL_INT (limit),
        after? after [0]: S_BEFORE_ALL, after? after [1]: S_BEFORE_ALL
    };
    //  A subtree as the findings' lists (a page per unit, merged); every unit: the newest rows.
    sf_rows_t *rows = *query->unit_code
        ? sf_db_query (db, SUBTREE_OF_1 "SELECT " VIOLATION_COLUMNS " FROM sub CROSS JOIN LATERAL "
                           "(SELECT v.* FROM violation v WHERE v.unit_code = sub.code AND " S_VIOLATION_FILTERS ") v "
                           "ORDER BY v.occurred_ms DESC, v.id DESC LIMIT $6::int", 8, values)
        : sf_db_query (db, "SELECT " VIOLATION_COLUMNS " FROM violation v WHERE $1 = '' AND " S_VIOLATION_FILTERS,
                       8, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++)
        s_read_violation (rows, row, sf_pb_add (&list->violations, &list->n_violations,
                                                &inspection__violation__descriptor));
    sf_rows_destroy (&rows);
    return count;
}

int
inspection_store_completion (sf_db_t *db, const Inspection__GetCompletion *query, const char *after, int limit,
                             Inspection__Completion *list)
{
    const char *values [] = {
        query->unit_code, query->from_date, query->to_date, INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_OPEN),
        INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_DONE), INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_MISSED),
        after, INSPECTION_SQL_INT (limit)
    };
    //  Each unit of the subtree counts its own tasks of the period from its index range
    //  (task_by_executor), as the lists read a page per unit: no scan of the period's tasks
    //  of every unit.
    sf_rows_t *rows = sf_db_query (db,
        SUBTREE_OF_1 "SELECT sub.code, coalesce ((SELECT n.name_zh FROM sf_org_node n WHERE n.code = sub.code), ''), "
        "c.due, c.done, c.missed, c.open FROM sub CROSS JOIN LATERAL (SELECT count (*) AS tasks, "
        "count (*) FILTER (WHERE t.status IN ($5::int, $6::int)) AS due, "
        "count (*) FILTER (WHERE t.status = $5::int) AS done, count (*) FILTER (WHERE t.status = $6::int) AS missed, "
        "count (*) FILTER (WHERE t.status = $4::int) AS open "
        "FROM task t WHERE t.executor_unit = sub.code AND t.shift_date BETWEEN $2::date AND $3::date) c "
        "WHERE c.tasks > 0 AND ($7::text IS NULL OR sub.code > $7::text) ORDER BY sub.code LIMIT $8::int", 8, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int row = 0; row < count; row++) {
        Inspection__UnitCompletion *unit = sf_pb_add (&list->units, &list->n_units,
                                                      &inspection__unit_completion__descriptor);
        sf_pb_set (&unit->unit_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&unit->unit_name, sf_rows_text (rows, row, 1));
        unit->due = (int32_t) sf_rows_int (rows, row, 2);
        unit->done = (int32_t) sf_rows_int (rows, row, 3);
        unit->missed = (int32_t) sf_rows_int (rows, row, 4);
        unit->open = (int32_t) sf_rows_int (rows, row, 5);
        int ended = unit->done + unit->missed;
        unit->rate = ended? (double) unit->done / ended: 1.0;
    }
    sf_rows_destroy (&rows);
    return count;
}

//  Each record's item results, in one query.
static int
s_history_results (sf_db_t *db, Inspection__UnitHistory *history)
{
    if (history->n_records == 0)
        return 0;
    char **ids = calloc (history->n_records, sizeof *ids);
    if (!ids)
        abort ();
    for (size_t index = 0; index < history->n_records; index++)
        ids [index] = strdup (INSPECTION_SQL_INT (history->records [index]->id));
    char *array = sf_db_array_literal (ids, history->n_records);
    for (size_t index = 0; index < history->n_records; index++)
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
        for (size_t index = 0; index < history->n_records; index++) {
            Inspection__Record *record = history->records [index];
            if (record->id != id)
                continue;
            Inspection__ItemResult *result = sf_pb_add (&record->results, &record->n_results,
                                                        &inspection__item_result__descriptor);
            sf_pb_set (&result->key, sf_rows_text (rows, row, 1));
            result->passed = sf_rows_bool (rows, row, 2);
            sf_pb_set (&result->note, sf_rows_text (rows, row, 3));
            break;
        }
    }
    sf_rows_destroy (&rows);
    return 0;
}

static void
s_add_record (sf_rows_t *rows, int row, Inspection__UnitHistory *history)
{
    Inspection__Record *record = sf_pb_add (&history->records, &history->n_records, &inspection__record__descriptor);
    record->id = sf_rows_int (rows, row, 0);
    record->task_id = sf_rows_int (rows, row, 1);
    sf_pb_set (&record->inspector, sf_rows_text (rows, row, 2));
    sf_pb_set (&record->executor_unit, sf_rows_text (rows, row, 3));
    sf_pb_set (&record->target_unit, sf_rows_text (rows, row, 4));
    record->recorded_ms = sf_rows_int (rows, row, 5);
    record->passed = (int32_t) sf_rows_int (rows, row, 6);
    record->failed = (int32_t) sf_rows_int (rows, row, 7);
    sf_pb_set (&record->remarks, sf_rows_text (rows, row, 8));
    sf_pb_set (&record->plan_code, sf_rows_text (rows, row, 9));
}

static void
s_add_finding (sf_rows_t *rows, int row, Inspection__UnitHistory *history)
{
    s_read_finding (rows, row, sf_pb_add (&history->findings, &history->n_findings, &inspection__finding__descriptor));
}

static void
s_add_violation (sf_rows_t *rows, int row, Inspection__UnitHistory *history)
{
    s_read_violation (rows, row, sf_pb_add (&history->violations, &history->n_violations,
                                            &inspection__violation__descriptor));
}

static void
s_add_missed (sf_rows_t *rows, int row, Inspection__UnitHistory *history)
{
    inspection_task_read (rows, row, sf_pb_add (&history->missed, &history->n_missed, &inspection__task__descriptor));
}

static void
s_add_meeting (sf_rows_t *rows, int row, Inspection__UnitHistory *history)
{
    s_read_meeting (rows, row, sf_pb_add (&history->meetings, &history->n_meetings, &inspection__meeting__descriptor));
}

//  The end of every history query: the rows after the cursor's ($5, $6: NULL from the first),
//  latest first by time, then id, at most $4 of them.
#define S_HISTORY_PAGE(time, id) \
    "AND ($5::bigint IS NULL OR (" time ", " id ") < ($5::bigint, $6::bigint)) " \
    "ORDER BY " time " DESC, " id " DESC LIMIT $4::int"

//  Each list of a unit's history, in inspection_history_list_t's order: its query ($1 the
//  unit, [$2, $3) the period in ms, $7 the missed status where it says so) and its reader.
static const struct {
    const char *sql;
    void (*add) (sf_rows_t *rows, int row, Inspection__UnitHistory *history);
    bool missed_status;
} s_history_lists [INSPECTION_HISTORY_LISTS] = {
    { "SELECT r.id, r.task_id, r.inspector, r.executor_unit, r.target_unit, r.recorded_ms, r.passed, r.failed, "
      "r.remarks, p.code FROM record r JOIN task t ON t.id = r.task_id JOIN plan p ON p.id = t.plan_id "
      "WHERE (r.executor_unit = $1 OR r.target_unit = $1) "
      "AND r.recorded_ms >= $2::bigint AND r.recorded_ms < $3::bigint " S_HISTORY_PAGE ("r.recorded_ms", "r.id"),
      s_add_record, false },
    { "SELECT " FINDING_COLUMNS " FROM finding f WHERE f.responsible_unit = $1 AND f.reported_ms >= $2::bigint "
      "AND f.reported_ms < $3::bigint " S_HISTORY_PAGE ("f.reported_ms", "f.id"), s_add_finding, false },
    { "SELECT " VIOLATION_COLUMNS " FROM violation v WHERE v.unit_code = $1 AND v.occurred_ms >= $2::bigint "
      "AND v.occurred_ms < $3::bigint " S_HISTORY_PAGE ("v.occurred_ms", "v.id"), s_add_violation, false },
    { "SELECT " INSPECTION_TASK_COLUMNS " FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.executor_unit = $1 "
      "AND t.status = $7::int AND t.window_end >= to_timestamp ($2::bigint / 1000.0) "
      "AND t.window_end < to_timestamp ($3::bigint / 1000.0) " S_HISTORY_PAGE (INSPECTION_TASK_END_MS, "t.id"),
      s_add_missed, true },
    { "SELECT " MEETING_COLUMNS " FROM meeting m WHERE m.team_code = $1 AND m.recorded_ms >= $2::bigint "
      "AND m.recorded_ms < $3::bigint " S_HISTORY_PAGE ("m.recorded_ms", "m.id"), s_add_meeting, false },
};

int
inspection_store_history (sf_db_t *db, const char *unit, int64_t from_ms, int64_t to_ms, int limit,
                          const inspection_cursor_t cursors [INSPECTION_HISTORY_LISTS],
                          Inspection__UnitHistory *history)
{
    for (int list = 0; list < INSPECTION_HISTORY_LISTS; list++) {
        const inspection_cursor_t *cursor = &cursors [list];
        if (cursor->done)
            continue;
        const char *values [] = {
            unit, INSPECTION_SQL_INT (from_ms), INSPECTION_SQL_INT (to_ms), INSPECTION_SQL_INT (limit),
            cursor->after? cursor->after [0]: NULL, cursor->after? cursor->after [1]: NULL,
            INSPECTION_SQL_INT (INSPECTION__TASK_STATUS__TASK_MISSED)
        };
        sf_rows_t *rows = sf_db_query (db, s_history_lists [list].sql, s_history_lists [list].missed_status? 7: 6,
                                       values);
        if (!rows)
            return -1;
        for (int row = 0; row < sf_rows_count (rows); row++)
            s_history_lists [list].add (rows, row, history);
        sf_rows_destroy (&rows);
    }
    return s_history_results (db, history);
}

int
inspection_store_finding_feedback (sf_db_t *db, int64_t finding_id, Inspection__FindingStatus status,
                                   const char *form_number)
{
    const char *values [] = {
        INSPECTION_SQL_INT (finding_id), INSPECTION_SQL_INT (status), form_number,
        INSPECTION_SQL_INT (INSPECTION__FINDING_STATUS__FINDING_OPEN),
        INSPECTION_SQL_INT (INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION)
    };
    return (int) sf_db_exec (db,
        "UPDATE finding SET status = $2::smallint, form_number = $3 WHERE id = $1::bigint "
        "AND status IN ($4::int, $5::int) AND NOT (status = $2::smallint AND form_number = $3)", 5, values);
}
