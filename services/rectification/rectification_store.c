/*  rectification_store: the SQL of the rectification service.                              */
#include "rectification_store.h"
#include "sf_org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Text arrays are written as array literals (sf_db_array_literal) and read back joined by
//  the unit separator: a control character, which the form's checks refuse in every
//  reference (as they refuse an empty one, which a split would drop).
#define S_SEP "\x1f"

#define S_COLUMNS \
    "f.id, f.number, COALESCE (f.finding_id, 0), f.finding_number, f.status, f.severity, f.description," \
    " f.location, f.hazard_key, f.responsible_unit, f.responsible_person, f.issuer_unit, f.issued_by," \
    " f.plant_code, f.requirement, f.deadline_ms, f.pdca, array_to_string (f.attachments, E'\\x1f')," \
    " f.plan_recorded, f.plan_measures, f.plan_unit, f.plan_person, f.plan_funds_fen," \
    " f.plan_time_limit_ms, f.plan_interim, f.plan_emergency_ref, f.evidence_text," \
    " array_to_string (f.evidence_attachments, E'\\x1f'), f.evidence_cost_fen, f.submitted_by," \
    " f.submitted_ms, COALESCE (f.recurrence_of, 0)," \
    " COALESCE ((SELECT r.number FROM form r WHERE r.id = f.recurrence_of), ''), f.issued_ms," \
    " f.closed_ms, f.verified_by, f.note, f.rejections, f.escalation_step, f.overdue, f.version"

//  A number as parameter text.
typedef struct {
    char text [24];
} s_num_t;

static const char *
s_num (s_num_t *buffer, int64_t value)
{
    snprintf (buffer->text, sizeof buffer->text, "%lld", (long long) value);
    return buffer->text;
}

static void
s_split (rect_strings_t *strings, const char *joined)
{
    memset (strings, 0, sizeof *strings);
    while (*joined) {
        size_t size = strcspn (joined, S_SEP);
        char *item = strndup (joined, size);
        rect_strings_add (strings, item);
        free (item);
        joined += size;
        if (*joined)
            joined++;
    }
}

static void
s_row_to_form (sf_rows_t *rows, int row, rect_form_t *form)
{
    int c = 0;
    memset (form, 0, sizeof *form);
#define S_TEXT() strdup (sf_rows_text (rows, row, c++))
#define S_INT() sf_rows_int (rows, row, c++)
    form->id = S_INT ();
    form->number = S_TEXT ();
    form->finding_id = S_INT ();
    form->finding_number = S_TEXT ();
    form->status = (int) S_INT ();
    form->severity = (int) S_INT ();
    form->description = S_TEXT ();
    form->location = S_TEXT ();
    form->hazard_key = S_TEXT ();
    form->responsible_unit = S_TEXT ();
    form->responsible_person = S_TEXT ();
    form->issuer_unit = S_TEXT ();
    form->issued_by = S_TEXT ();
    form->plant_code = S_TEXT ();
    form->requirement = S_TEXT ();
    form->deadline_ms = S_INT ();
    form->pdca = (int) S_INT ();
    s_split (&form->attachments, sf_rows_text (rows, row, c++));
    form->has_plan = sf_rows_bool (rows, row, c++);
    form->plan.measures = S_TEXT ();
    form->plan.responsible_unit = S_TEXT ();
    form->plan.responsible_person = S_TEXT ();
    form->plan.funds_fen = S_INT ();
    form->plan.time_limit_ms = S_INT ();
    form->plan.interim_measures = S_TEXT ();
    form->plan.emergency_plan_ref = S_TEXT ();
    form->evidence.text = S_TEXT ();
    s_split (&form->evidence.attachments, sf_rows_text (rows, row, c++));
    form->evidence.cost_fen = S_INT ();
    form->evidence.submitted_by = S_TEXT ();
    form->evidence.submitted_ms = S_INT ();
    form->has_evidence = form->evidence.submitted_ms > 0;
    form->recurrence_of = S_INT ();
    form->recurrence_of_number = S_TEXT ();
    form->issued_ms = S_INT ();
    form->closed_ms = S_INT ();
    form->verified_by = S_TEXT ();
    form->note = S_TEXT ();
    form->rejections = (int) S_INT ();
    form->escalation_step = (int) S_INT ();
    form->overdue = sf_rows_bool (rows, row, c++);
    form->version = S_INT ();
#undef S_TEXT
#undef S_INT
}

//  Runs a query selecting S_COLUMNS; fills form from its first row.
static int
s_find_one (sf_db_t *db, const char *sql, int nparams, const char *const *values, rect_form_t *form)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found)
        s_row_to_form (rows, 0, form);
    sf_rows_destroy (&rows);
    return found;
}

int
rect_store_find (sf_db_t *db, const char *number, int64_t id, bool lock, rect_form_t *form)
{
    s_num_t buffer;
    const char *values [] = { number && *number? number: NULL, s_num (&buffer, id) };
    if (lock)
        return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.number = $1 OR ($1 IS NULL AND f.id = $2)"
                               " FOR UPDATE", 2, values, form);
    return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.number = $1 OR ($1 IS NULL AND f.id = $2)",
                       2, values, form);
}

int
rect_store_lock_nowait (sf_db_t *db, int64_t id, rect_form_t *form)
{
    s_num_t buffer;
    const char *values [] = { s_num (&buffer, id) };
    return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.id = $1 FOR UPDATE NOWAIT", 1, values, form);
}

int
rect_store_find_by_finding (sf_db_t *db, int64_t finding_id, rect_form_t *form)
{
    s_num_t buffer;
    const char *values [] = { s_num (&buffer, finding_id) };
    return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.finding_id = $1", 1, values, form);
}

int
rect_store_next_number (sf_db_t *db, const char *plant, int year, char **number)
{
    s_num_t buffer;
    const char *values [] = { plant, s_num (&buffer, year) };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO form_sequence (plant_code, year, last_seq) VALUES ($1, $2, 1)"
        " ON CONFLICT (plant_code, year) DO UPDATE SET last_seq = form_sequence.last_seq + 1"
        " RETURNING last_seq", 2, values);
    if (!rows)
        return -1;
    char text [128];
    snprintf (text, sizeof text, "%s-R%d-%06lld", plant, year, (long long) sf_rows_int (rows, 0, 0));
    sf_rows_destroy (&rows);
    *number = strdup (text);
    return 0;
}

int
rect_store_insert (sf_db_t *db, rect_form_t *form)
{
    s_num_t n [7];
    char *attachments = sf_db_array_literal (form->attachments.items, form->attachments.count);
    const char *values [] = {
        form->number, form->finding_id? s_num (&n [0], form->finding_id): NULL, form->finding_number,
        s_num (&n [1], form->status), s_num (&n [2], form->severity), form->description, form->location,
        form->hazard_key, form->responsible_unit, form->responsible_person, form->issuer_unit,
        form->issued_by, form->plant_code, form->requirement, s_num (&n [3], form->deadline_ms),
        s_num (&n [4], form->pdca), attachments,
        form->recurrence_of? s_num (&n [5], form->recurrence_of): NULL, s_num (&n [6], form->issued_ms)
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO form (number, finding_id, finding_number, status, severity, description, location,"
        " hazard_key, responsible_unit, responsible_person, issuer_unit, issued_by, plant_code, requirement,"
        " deadline_ms, pdca, attachments, recurrence_of, issued_ms)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
        " $17::text[], $18, $19)"
        " ON CONFLICT (finding_id) DO NOTHING RETURNING id, version", 19, values);
    free (attachments);
    if (!rows)
        return -1;
    int rc = 1;
    if (sf_rows_count (rows) == 1) {
        form->id = sf_rows_int (rows, 0, 0);
        form->version = sf_rows_int (rows, 0, 1);
        rc = 0;
    }
    sf_rows_destroy (&rows);
    return rc;
}

int
rect_store_update (sf_db_t *db, rect_form_t *form)
{
    s_num_t n [13];
    char *evidence = sf_db_array_literal (form->evidence.attachments.items, form->evidence.attachments.count);
    const char *values [] = {
        s_num (&n [0], form->id), s_num (&n [1], form->status), s_num (&n [2], form->pdca),
        form->has_plan? "true": "false", form->plan.measures, form->plan.responsible_unit,
        form->plan.responsible_person, s_num (&n [3], form->plan.funds_fen),
        s_num (&n [4], form->plan.time_limit_ms), form->plan.interim_measures, form->plan.emergency_plan_ref,
        form->evidence.text, evidence, s_num (&n [5], form->evidence.cost_fen), form->evidence.submitted_by,
        s_num (&n [6], form->evidence.submitted_ms), s_num (&n [7], form->closed_ms), form->verified_by,
        form->note, s_num (&n [8], form->rejections), s_num (&n [9], form->escalation_step),
        form->overdue? "true": "false", s_num (&n [10], form->deadline_ms)
    };
    for (size_t i = 0; i < sizeof values / sizeof values [0]; i++)
        if (!values [i])
            values [i] = "";
    sf_rows_t *rows = sf_db_query (db,
        "UPDATE form SET status = $2, pdca = $3, plan_recorded = $4, plan_measures = $5, plan_unit = $6,"
        " plan_person = $7, plan_funds_fen = $8, plan_time_limit_ms = $9, plan_interim = $10,"
        " plan_emergency_ref = $11, evidence_text = $12, evidence_attachments = $13::text[],"
        " evidence_cost_fen = $14, submitted_by = $15, submitted_ms = $16, closed_ms = $17, verified_by = $18,"
        " note = $19, rejections = $20, escalation_step = $21, overdue = $22, deadline_ms = $23,"
        " version = version + 1, updated_at = now ()"
        " WHERE id = $1 RETURNING version", 23, values);
    free (evidence);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 1)
        form->version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return 0;
}

int
rect_store_bump_version (sf_db_t *db, rect_form_t *form)
{
    s_num_t buffer;
    const char *values [] = { s_num (&buffer, form->id) };
    sf_rows_t *rows = sf_db_query (db, "UPDATE form SET version = version + 1, updated_at = now ()"
                                   " WHERE id = $1 RETURNING version", 1, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 1)
        form->version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return 0;
}

int
rect_store_history (sf_db_t *db, int64_t form_id, const char *transition, int from, int to,
                    const char *actor, const char *actor_unit, const char *note, int64_t at_ms)
{
    s_num_t n [4];
    const char *values [] = {
        s_num (&n [0], form_id), transition, s_num (&n [1], from), s_num (&n [2], to),
        actor? actor: "", actor_unit? actor_unit: "", note? note: "", s_num (&n [3], at_ms)
    };
    return sf_db_exec (db,
        "INSERT INTO form_history (form_id, transition, from_status, to_status, actor, actor_unit, note, at_ms)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, values) < 0? -1: 0;
}

int
rect_store_last_closed (sf_db_t *db, const char *unit, const char *hazard_key, const char *description,
                        int64_t since_ms, int64_t *id, char **number)
{
    s_num_t buffer;
    const char *values [] = { unit, hazard_key, description, s_num (&buffer, since_ms) };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT id, number FROM form WHERE status = 5 AND responsible_unit = $1 AND closed_ms >= $4"
        " AND (CASE WHEN $2 <> '' THEN hazard_key = $2 ELSE hazard_key = '' AND description = $3 END)"
        " ORDER BY closed_ms DESC LIMIT 1", 4, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        *id = sf_rows_int (rows, 0, 0);
        *number = strdup (sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found;
}

static int
s_fill_list (sf_rows_t *rows, rect_form_list_t *list)
{
    if (!rows)
        return -1;
    for (int i = 0; i < sf_rows_count (rows); i++)
        s_row_to_form (rows, i, rect_form_list_add (list));
    sf_rows_destroy (&rows);
    return 0;
}

int
rect_store_list (sf_db_t *db, const char *unit, int status, bool open_only, int limit, rect_form_list_t *list)
{
    s_num_t n [2];
    const char *values [] = { unit, s_num (&n [0], status), open_only? "true": "false", s_num (&n [1], limit) };
    if (!*unit)
        return s_fill_list (sf_db_query (db,
            "SELECT " S_COLUMNS " FROM form f WHERE ($2 = 0 OR f.status = $2) AND (NOT $3 OR f.status < 5)"
            " AND $1 = '' ORDER BY f.issued_ms DESC, f.id DESC LIMIT $4", 4, values), list);
    return s_fill_list (sf_db_query (db,
        "SELECT " S_COLUMNS " FROM form f WHERE ($2 = 0 OR f.status = $2) AND (NOT $3 OR f.status < 5)"
        " AND f.responsible_unit IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " ORDER BY f.issued_ms DESC, f.id DESC LIMIT $4", 4, values), list);
}

int
rect_store_open_forms (sf_db_t *db, const char *unit, rect_form_list_t *list)
{
    const char *values [] = { unit };
    return s_fill_list (sf_db_query (db,
        "SELECT " S_COLUMNS " FROM form f WHERE f.status < 5"
        " AND f.responsible_unit IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " ORDER BY f.deadline_ms, f.id", 1, values), list);
}

static void
s_row_to_stats (sf_rows_t *rows, int row, rect_unit_stats_t *stats)
{
    memset (stats, 0, sizeof *stats);
    stats->unit_code = strdup (sf_rows_text (rows, row, 0));
    stats->issued = (int) sf_rows_int (rows, row, 1);
    stats->closed = (int) sf_rows_int (rows, row, 2);
    stats->closed_on_time = (int) sf_rows_int (rows, row, 3);
    stats->mean_hours_to_close = strtod (sf_rows_text (rows, row, 4), NULL);
    stats->overdue = (int) sf_rows_int (rows, row, 5);
    stats->recurrences = (int) sf_rows_int (rows, row, 6);
    stats->open = (int) sf_rows_int (rows, row, 7);
    stats->unit_name_zh = strdup (sf_rows_text (rows, row, 8));
    stats->unit_name_en = strdup (sf_rows_text (rows, row, 9));
    stats->closure_rate = stats->issued? (double) stats->closed / stats->issued: 0;
    stats->on_time_rate = stats->closed? (double) stats->closed_on_time / stats->closed: 0;
}

int
rect_store_stats (sf_db_t *db, const char *unit, int64_t from_ms, int64_t to_ms, int64_t end_ms,
                  rect_stats_t *stats)
{
    s_num_t n [3];
    const char *values [] = { unit, s_num (&n [0], from_ms), s_num (&n [1], to_ms), s_num (&n [2], end_ms) };
    sf_rows_t *rows = sf_db_query (db,
        "WITH f AS (SELECT responsible_unit AS unit, issued_ms, deadline_ms, closed_ms, recurrence_of,"
        "                  (status = 5 AND closed_ms < $4) AS closed,"
        "                  (deadline_ms < $4 AND (overdue OR status IN (1, 2, 3))) AS overdue"
        "             FROM form WHERE status <> 6 AND issued_ms >= $2 AND issued_ms < $3"
        "              AND responsible_unit IN (" SF_ORG_SUBTREE_SQL ("$1") ")),"
        " g AS (SELECT unit, count (*) AS issued, count (*) FILTER (WHERE closed) AS closed,"
        "              count (*) FILTER (WHERE closed AND closed_ms <= deadline_ms) AS on_time,"
        "              COALESCE (avg (closed_ms - issued_ms) FILTER (WHERE closed), 0) / 3600000.0 AS hours,"
        "              count (*) FILTER (WHERE overdue) AS overdue,"
        "              count (*) FILTER (WHERE recurrence_of IS NOT NULL) AS recurrences,"
        "              count (*) FILTER (WHERE NOT closed) AS open"
        "         FROM f GROUP BY ROLLUP (unit))"
        " SELECT COALESCE (g.unit, $1), g.issued, g.closed, g.on_time, round (g.hours, 3)::text, g.overdue,"
        "        g.recurrences, g.open, COALESCE (n.name_zh, ''), COALESCE (n.name_en, ''), g.unit IS NULL"
        "   FROM g LEFT JOIN sf_org_node n ON n.code = COALESCE (g.unit, $1)"
        "  ORDER BY g.unit NULLS FIRST", 4, values);
    if (!rows)
        return -1;
    memset (stats, 0, sizeof *stats);
    stats->from_ms = from_ms;
    stats->to_ms = to_ms;
    int count = sf_rows_count (rows);
    stats->units = calloc ((size_t) count + 1, sizeof *stats->units);
    if (!stats->units)
        abort ();
    for (int i = 0; i < count; i++)
        if (sf_rows_bool (rows, i, 10))
            s_row_to_stats (rows, i, &stats->total);
        else
            s_row_to_stats (rows, i, &stats->units [stats->count++]);
    sf_rows_destroy (&rows);
    if (!stats->total.unit_code) {
        //  No forms at all: ROLLUP gives no total row on an empty input.
        stats->total.unit_code = strdup (unit);
        stats->total.unit_name_zh = strdup ("");
        stats->total.unit_name_en = strdup ("");
    }
    return 0;
}
