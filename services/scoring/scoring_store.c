/*  scoring_store: entry rows as messages, subjects, months and writing an entry once.       */
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Scoring__Entry *
scoring_entry_from_row (sf_rows_t *rows, int row)
{
    Scoring__Entry *entry = sf_pb_new (&scoring__entry__descriptor);
    int c = 0;
    entry->id = sf_rows_int (rows, row, c++);
    sf_pb_set (&entry->plant_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->month, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->occurred_month, sf_rows_text (rows, row, c++));
    entry->subject_kind = (Scoring__SubjectKind) sf_rows_int (rows, row, c++);
    sf_pb_set (&entry->subject_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->subject_name_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->subject_name_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->unit_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->team_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->department_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->kind, sf_rows_text (rows, row, c++));
    entry->points = sf_rows_int (rows, row, c++);
    entry->origin = (Scoring__EntryOrigin) sf_rows_int (rows, row, c++);
    sf_pb_set (&entry->source_event_id, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->source_event_type, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->source_ref, sf_rows_text (rows, row, c++));
    entry->item_no = (int32_t) sf_rows_int (rows, row, c++);
    entry->rule_version = sf_rows_int (rows, row, c++);
    entry->parent_entry_id = sf_rows_int (rows, row, c++);
    entry->cascade_level = (int32_t) sf_rows_int (rows, row, c++);
    entry->factor = strtod (sf_rows_text (rows, row, c++), NULL);
    sf_pb_set (&entry->reason_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->reason_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&entry->created_by, sf_rows_text (rows, row, c++));
    entry->occurred_ms = sf_rows_int (rows, row, c++);
    entry->scored_ms = sf_rows_int (rows, row, c++);
    entry->reversed = sf_rows_bool (rows, row, c++);
    return entry;
}

int
scoring_entry_get (sf_db_t *db, int64_t id, bool lock, Scoring__Entry **entry)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (db, lock?
        "SELECT " SCORING_ENTRY_COLUMNS " FROM " SCORING_ENTRY_FROM " WHERE e.id = $1::bigint FOR UPDATE OF e":
        "SELECT " SCORING_ENTRY_COLUMNS " FROM " SCORING_ENTRY_FROM " WHERE e.id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found && entry)
        *entry = scoring_entry_from_row (rows, 0);
    sf_rows_destroy (&rows);
    return found;
}

static void
s_copy (char *to, size_t size, const char *from)
{
    snprintf (to, size, "%s", from? from: "");
}

int
scoring_subject_find (sf_db_t *db, const char *code, scoring_subject_t *subject)
{
    memset (subject, 0, sizeof *subject);
    char kinds [96];
    snprintf (kinds, sizeof kinds, "%d,%d,%d,%d,%d", SF_ORG_EMPLOYEE, SF_ORG_TEAM, SF_ORG_DEPARTMENT, SF_ORG_PLANT,
              SF_ORG_COMPANY);
    const char *values [] = { code, kinds };
    //  One walk up the copy: the node, its parent, and the nearest team, department, plant
    //  and company above it (CYCLE: a loop in the copy ends the walk).
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE up (code, parent_code, kind, depth) AS ("
        " SELECT code, parent_code, kind, 0 FROM sf_org_node WHERE code = $1"
        " UNION ALL SELECT n.code, n.parent_code, n.kind, up.depth + 1 FROM sf_org_node n"
        " JOIN up ON n.code = up.parent_code) CYCLE code SET looped USING path,"
        " k AS (SELECT string_to_array ($2, ',')::smallint[] AS v)"
        " SELECT s.kind, s.parent_code, s.active,"
        "  coalesce ((SELECT code FROM up WHERE kind = k.v[2] ORDER BY depth LIMIT 1), ''),"
        "  coalesce ((SELECT code FROM up WHERE kind = k.v[3] ORDER BY depth LIMIT 1), ''),"
        "  coalesce ((SELECT code FROM up WHERE kind = k.v[4] ORDER BY depth LIMIT 1), ''),"
        "  coalesce ((SELECT code FROM up WHERE kind = k.v[5] ORDER BY depth LIMIT 1), '')"
        " FROM sf_org_node s, k WHERE s.code = $1", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        s_copy (subject->code, sizeof subject->code, code);
        subject->node_kind = (int) sf_rows_int (rows, 0, 0);
        subject->active = sf_rows_bool (rows, 0, 2);
        bool person = subject->node_kind == SF_ORG_EMPLOYEE;
        subject->kind = person? SCORING__SUBJECT_KIND__SUBJECT_PERSON: SCORING__SUBJECT_KIND__SUBJECT_UNIT;
        s_copy (subject->unit_code, sizeof subject->unit_code, person? sf_rows_text (rows, 0, 1): code);
        s_copy (subject->team_code, sizeof subject->team_code, sf_rows_text (rows, 0, 3));
        s_copy (subject->department_code, sizeof subject->department_code, sf_rows_text (rows, 0, 4));
        //  Company-level units count in the company's own "plant" (README.md, "Months").
        const char *plant = sf_rows_text (rows, 0, 5);
        s_copy (subject->plant_code, sizeof subject->plant_code, *plant? plant: sf_rows_text (rows, 0, 6));
    }
    sf_rows_destroy (&rows);
    return found;
}

int
scoring_plant_zone (sf_db_t *db, const char *plant, const char *fallback, char *zone, size_t size)
{
    const char *values [] = { plant, fallback? fallback: "UTC" };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT coalesce ((SELECT time_zone FROM plant_zone WHERE plant_code = $1), $2)", 2, values);
    if (!rows)
        return -1;
    snprintf (zone, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return 0;
}

int
scoring_month_of (sf_db_t *db, int64_t ms, const char *zone, char month [8])
{
    char at [24];
    snprintf (at, sizeof at, "%" PRId64, ms);
    const char *values [] = { at, zone };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT to_char (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2, 'YYYY-MM')", 2, values);
    if (!rows)
        return -1;
    snprintf (month, 8, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return 0;
}

int
scoring_month_bounds (sf_db_t *db, const char *month, const char *zone, int64_t *starts_ms, int64_t *ends_ms)
{
    if (strlen (month) != 7)
        return -1;
    const char *values [] = { month, zone };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT (extract (epoch FROM ($1 || '-01')::timestamp AT TIME ZONE $2) * 1000)::bigint,"
        " (extract (epoch FROM (($1 || '-01')::timestamp + interval '1 month') AT TIME ZONE $2) * 1000)::bigint",
        2, values);
    if (!rows)
        return -1;
    *starts_ms = sf_rows_int (rows, 0, 0);
    *ends_ms = sf_rows_int (rows, 0, 1);
    sf_rows_destroy (&rows);
    return 0;
}

int
scoring_month_closed (sf_db_t *db, const char *plant, const char *month)
{
    const char *values [] = { plant, month };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT 1 FROM month_state WHERE plant_code = $1 AND month = $2", 2, values);
    if (!rows)
        return -1;
    int closed = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return closed;
}

//  The first month at or after the month in $2 that plant $1 has not closed: SQL shared by
//  scoring_open_month and the insert of scoring_entry_add.
#define S_OPEN_MONTH_SQL(plant, month) \
    "(SELECT to_char (d, 'YYYY-MM') FROM generate_series ((" month " || '-01')::date," \
    " (" month " || '-01')::date + interval '100 years', interval '1 month') d" \
    " WHERE NOT EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = " plant \
    " AND s.month = to_char (d, 'YYYY-MM')) ORDER BY d LIMIT 1)"

int
scoring_open_month (sf_db_t *db, const char *plant, const char *month, char open [8])
{
    const char *values [] = { plant, month };
    sf_rows_t *rows = sf_db_query (db, "SELECT " S_OPEN_MONTH_SQL ("$1", "$2"), 2, values);
    if (!rows)
        return -1;
    snprintf (open, 8, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return 0;
}

int64_t
scoring_entry_add (sf_db_t *db, const scoring_entry_input_t *input)
{
    const scoring_subject_t *subject = input->subject;
    char kind [8], points [24], origin [8], item [16], version [24], parent [24], level [8], factor [32],
         occurred [24], scored [24];
    snprintf (kind, sizeof kind, "%d", (int) subject->kind);
    snprintf (points, sizeof points, "%" PRId64, input->points);
    snprintf (origin, sizeof origin, "%d", (int) input->origin);
    snprintf (item, sizeof item, "%d", input->item_no);
    snprintf (version, sizeof version, "%" PRId64, input->rule_version);
    snprintf (parent, sizeof parent, "%" PRId64, input->parent_entry_id);
    snprintf (level, sizeof level, "%d", input->cascade_level);
    snprintf (factor, sizeof factor, "%.4f", input->factor);
    snprintf (occurred, sizeof occurred, "%" PRId64, input->occurred_ms);
    snprintf (scored, sizeof scored, "%" PRId64, sf_clock_now_ms ());
#define S_TEXT(text) ((text)? (text): "")
    const char *values [] = {
        subject->plant_code, input->time_zone, occurred, kind, subject->code, subject->unit_code,
        subject->team_code, subject->department_code, input->kind, points, origin, input->source_key,
        S_TEXT (input->source_event_id), S_TEXT (input->source_event_type), S_TEXT (input->source_ref), item,
        version, parent, level, factor, S_TEXT (input->reason_zh), S_TEXT (input->reason_en),
        S_TEXT (input->created_by), scored
    };
#undef S_TEXT
    //  The month the cause happened in, and the month it counts in: the same unless that one
    //  is closed (the open-month walk runs only then).
    sf_rows_t *rows = sf_db_query (db,
        "WITH m AS (SELECT to_char (to_timestamp ($3::bigint / 1000.0) AT TIME ZONE $2, 'YYYY-MM') AS occurred),"
        " o AS (SELECT m.occurred, CASE WHEN EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = $1"
        "   AND s.month = m.occurred) THEN " S_OPEN_MONTH_SQL ("$1", "m.occurred") " ELSE m.occurred END AS month"
        "   FROM m)"
        " INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,"
        "  department_code, kind, points, origin, source_key, source_event_id, source_event_type, source_ref,"
        "  item_no, rule_version, parent_entry_id, cascade_level, factor, reason_zh, reason_en, created_by,"
        "  occurred_ms, scored_ms)"
        " SELECT $1, o.month, o.occurred, $4::smallint, $5, $6, $7, $8, $9, $10::bigint, $11::smallint, $12, $13,"
        "  $14, $15, $16::integer, $17::bigint, nullif ($18::bigint, 0), $19::smallint, $20::numeric,"
        "  CASE WHEN o.month = o.occurred THEN $21 ELSE $21 || '（更正：原属' || o.occurred || '，该月已结账）' END,"
        "  CASE WHEN o.month = o.occurred THEN $22 ELSE $22 || ' (correction: belongs to ' || o.occurred"
        "   || ', which was closed)' END,"
        "  $23, $3::bigint, $24::bigint FROM o"
        " ON CONFLICT (source_key, kind, item_no, subject_kind, subject_code, cascade_level) DO NOTHING"
        " RETURNING id", 24, values);
    if (!rows)
        return -1;
    int64_t id = sf_rows_count (rows)? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    return id;
}
