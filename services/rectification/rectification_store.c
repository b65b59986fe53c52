/*  rectification_store: the SQL of the rectification service.                              */
#include "rectification_store.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Text arrays are written as array literals (sf_db_array_literal) and read back joined by
//  the unit separator: a control character, which no stored text holds (the rpc server and
//  the consumer of findings refuse them), as no reference is empty (the form's checks refuse
//  one, which a split would drop).
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

static void
s_split (char ***items, size_t *count, const char *joined)
{
    while (*joined) {
        size_t size = strcspn (joined, S_SEP);
        char *item = strndup (joined, size);
        sf_pb_add_string (items, count, item);
        free (item);
        joined += size;
        if (*joined)
            joined++;
    }
}

static void
s_row_to_form (sf_rows_t *rows, int row, Rectification__Form *form)
{
    int c = 0;
#define S_TEXT(field) sf_pb_set (&(field), sf_rows_text (rows, row, c++))
#define S_INT() sf_rows_int (rows, row, c++)
    form->id = S_INT ();
    S_TEXT (form->number);
    form->finding_id = S_INT ();
    S_TEXT (form->finding_number);
    form->status = (Rectification__FormStatus) S_INT ();
    form->severity = (Rectification__Severity) S_INT ();
    S_TEXT (form->description);
    S_TEXT (form->location);
    S_TEXT (form->hazard_key);
    S_TEXT (form->responsible_unit);
    S_TEXT (form->responsible_person);
    S_TEXT (form->issuer_unit);
    S_TEXT (form->issued_by);
    S_TEXT (form->plant_code);
    S_TEXT (form->requirement);
    form->deadline_ms = S_INT ();
    form->pdca = (Rectification__Pdca) S_INT ();
    s_split (&form->attachments, &form->n_attachments, sf_rows_text (rows, row, c++));
    bool planned = sf_rows_bool (rows, row, c++);
    Rectification__Plan *plan = sf_pb_new (&rectification__plan__descriptor);
    S_TEXT (plan->measures);
    S_TEXT (plan->responsible_unit);
    S_TEXT (plan->responsible_person);
    plan->funds_fen = S_INT ();
    plan->time_limit_ms = S_INT ();
    S_TEXT (plan->interim_measures);
    S_TEXT (plan->emergency_plan_ref);
    if (planned)
        form->plan = plan;
    else
        sf_pb_destroy (&plan);
    Rectification__Evidence *evidence = sf_pb_new (&rectification__evidence__descriptor);
    S_TEXT (evidence->text);
    s_split (&evidence->attachments, &evidence->n_attachments, sf_rows_text (rows, row, c++));
    evidence->cost_fen = S_INT ();
    S_TEXT (evidence->submitted_by);
    evidence->submitted_ms = S_INT ();
    if (evidence->submitted_ms > 0)
        form->evidence = evidence;
    else
        sf_pb_destroy (&evidence);
    form->recurrence_of = S_INT ();
    S_TEXT (form->recurrence_of_number);
    form->issued_ms = S_INT ();
    form->closed_ms = S_INT ();
    S_TEXT (form->verified_by);
    S_TEXT (form->note);
    form->rejections = (int32_t) S_INT ();
    form->escalation_step = (int32_t) S_INT ();
    form->overdue = sf_rows_bool (rows, row, c++);
    form->version = S_INT ();
#undef S_TEXT
#undef S_INT
}

//  Runs a query selecting S_COLUMNS; *form gets its first row.
static int
s_find_one (sf_db_t *db, const char *sql, int nparams, const char *const *values, Rectification__Form **form)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        *form = sf_pb_new (&rectification__form__descriptor);
        s_row_to_form (rows, 0, *form);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
rect_store_find (sf_db_t *db, const char *number, int64_t id, bool lock, Rectification__Form **form)
{
    sf_db_num_t buffer;
    const char *values [] = { number && *number? number: NULL, sf_db_num (&buffer, id) };
    if (lock)
        return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.number = $1 OR ($1 IS NULL AND f.id = $2)"
                               " FOR UPDATE", 2, values, form);
    return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.number = $1 OR ($1 IS NULL AND f.id = $2)",
                       2, values, form);
}

int
rect_store_lock_nowait (sf_db_t *db, int64_t id, Rectification__Form **form)
{
    sf_db_num_t buffer;
    const char *values [] = { sf_db_num (&buffer, id) };
    return s_find_one (db, "SELECT " S_COLUMNS " FROM form f WHERE f.id = $1 FOR UPDATE NOWAIT", 1, values, form);
}

int
rect_store_units (sf_db_t *db, const char *number, int64_t id, char *responsible, char *issuer, size_t size)
{
    sf_db_num_t buffer;
    const char *values [] = { number && *number? number: NULL, sf_db_num (&buffer, id) };
    sf_rows_t *rows = sf_db_query (db, "SELECT f.responsible_unit, f.issuer_unit FROM form f"
                                   " WHERE f.number = $1 OR ($1 IS NULL AND f.id = $2)", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        snprintf (responsible, size, "%s", sf_rows_text (rows, 0, 0));
        snprintf (issuer, size, "%s", sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found;
}

int
rect_store_has_finding (sf_db_t *db, int64_t finding_id)
{
    sf_db_num_t buffer;
    const char *values [] = { sf_db_num (&buffer, finding_id) };
    sf_rows_t *rows = sf_db_query (db, "SELECT 1 FROM form WHERE finding_id = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return found;
}

int
rect_store_next_number (sf_db_t *db, const char *plant, int year, Rectification__Form *form)
{
    sf_db_num_t buffer;
    const char *values [] = { plant, sf_db_num (&buffer, year) };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO form_sequence (plant_code, year, last_seq) VALUES ($1, $2, 1)"
        " ON CONFLICT (plant_code, year) DO UPDATE SET last_seq = form_sequence.last_seq + 1"
        " RETURNING last_seq", 2, values);
    if (!rows)
        return -1;
    char text [128];
    snprintf (text, sizeof text, "%s-R%d-%06lld", plant, year, (long long) sf_rows_int (rows, 0, 0));
    sf_rows_destroy (&rows);
    sf_pb_set (&form->number, text);
    return 0;
}

int
rect_store_insert (sf_db_t *db, Rectification__Form *form)
{
    sf_db_num_t n [7];
    char *attachments = sf_db_array_literal (form->attachments, form->n_attachments);
    const char *values [] = {
        form->number, form->finding_id? sf_db_num (&n [0], form->finding_id): NULL, form->finding_number,
        sf_db_num (&n [1], form->status), sf_db_num (&n [2], form->severity), form->description, form->location,
        form->hazard_key, form->responsible_unit, form->responsible_person, form->issuer_unit,
        form->issued_by, form->plant_code, form->requirement, sf_db_num (&n [3], form->deadline_ms),
        sf_db_num (&n [4], form->pdca), attachments,
        form->recurrence_of? sf_db_num (&n [5], form->recurrence_of): NULL, sf_db_num (&n [6], form->issued_ms)
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
rect_store_update (sf_db_t *db, Rectification__Form *form)
{
    //  A form without a plan or evidence stores their empty columns.
    static const Rectification__Plan no_plan = RECTIFICATION__PLAN__INIT;
    static const Rectification__Evidence no_evidence = RECTIFICATION__EVIDENCE__INIT;
    const Rectification__Plan *plan = form->plan? form->plan: &no_plan;
    const Rectification__Evidence *evidence = form->evidence? form->evidence: &no_evidence;
    sf_db_num_t n [11];
    char *evidence_attachments = sf_db_array_literal (evidence->attachments, evidence->n_attachments);
    const char *values [] = {
        sf_db_num (&n [0], form->id), sf_db_num (&n [1], form->status), sf_db_num (&n [2], form->pdca),
        form->plan? "true": "false", plan->measures, plan->responsible_unit, plan->responsible_person,
        sf_db_num (&n [3], plan->funds_fen), sf_db_num (&n [4], plan->time_limit_ms), plan->interim_measures,
        plan->emergency_plan_ref, evidence->text, evidence_attachments, sf_db_num (&n [5], evidence->cost_fen),
        evidence->submitted_by, sf_db_num (&n [6], evidence->submitted_ms), sf_db_num (&n [7], form->closed_ms),
        form->verified_by, form->note, sf_db_num (&n [8], form->rejections), sf_db_num (&n [9], form->escalation_step),
        form->overdue? "true": "false", sf_db_num (&n [10], form->deadline_ms)
    };
    sf_rows_t *rows = sf_db_query (db,
        "UPDATE form SET status = $2, pdca = $3, plan_recorded = $4, plan_measures = $5, plan_unit = $6,"
        " plan_person = $7, plan_funds_fen = $8, plan_time_limit_ms = $9, plan_interim = $10,"
        " plan_emergency_ref = $11, evidence_text = $12, evidence_attachments = $13::text[],"
        " evidence_cost_fen = $14, submitted_by = $15, submitted_ms = $16, closed_ms = $17, verified_by = $18,"
        " note = $19, rejections = $20, escalation_step = $21, overdue = $22, deadline_ms = $23,"
        " version = version + 1, updated_at = now ()"
        " WHERE id = $1 RETURNING version", 23, values);
    free (evidence_attachments);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 1)
        form->version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return 0;
}

int
rect_store_bump_version (sf_db_t *db, Rectification__Form *form)
{
    sf_db_num_t buffer;
    const char *values [] = { sf_db_num (&buffer, form->id) };
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
    sf_db_num_t n [4];
    const char *values [] = {
        sf_db_num (&n [0], form_id), transition, sf_db_num (&n [1], from), sf_db_num (&n [2], to),
        actor? actor: "", actor_unit? actor_unit: "", note? note: "", sf_db_num (&n [3], at_ms)
    };
    return sf_db_exec (db,
        "INSERT INTO form_history (form_id, transition, from_status, to_status, actor, actor_unit, note, at_ms)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, values) < 0? -1: 0;
}

int
rect_store_last_closed (sf_db_t *db, Rectification__Form *form, int64_t since_ms)
{
    sf_db_num_t n [2];
    const char *values [] = {
        form->responsible_unit, form->hazard_key, form->description, sf_db_num (&n [0], since_ms),
        sf_db_num (&n [1], RECTIFICATION__FORM_STATUS__FORM_CLOSED)
    };
    //  closed_ms > 0 as the index form_recurrence reads it, so that a prepared plan uses it.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT id, number FROM form WHERE status = $5 AND closed_ms > 0 AND responsible_unit = $1"
        " AND closed_ms >= $4"
        " AND (CASE WHEN $2 <> '' THEN hazard_key = $2 ELSE hazard_key = '' AND description = $3 END)"
        " ORDER BY closed_ms DESC LIMIT 1", 5, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        form->recurrence_of = sf_rows_int (rows, 0, 0);
        sf_pb_set (&form->recurrence_of_number, sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found;
}

static int
s_fill_list (sf_rows_t *rows, Rectification__Form ***forms, size_t *count)
{
    if (!rows)
        return -1;
    for (int i = 0; i < sf_rows_count (rows); i++)
        s_row_to_form (rows, i, sf_pb_add (forms, count, &rectification__form__descriptor));
    sf_rows_destroy (&rows);
    return 0;
}

//  A keyset cursor before every form: the list compares (issued_ms, id) with the cursor
//  always, so that the comparison is a range of the index in every plan.
#define S_BEFORE_ALL "9223372036854775807"

//  The forms of a subtree, newest first: each unit's newest forms read from an index in that
//  order, at most a page per unit (LATERAL), the pages merged, so that the cost follows the
//  units and the page size, not the forms they hold (migrations/005_flat_lists.sql). With a
//  status filter, a range per unit of that status; with open_only alone, a range per unit of
//  the open forms' own index (migrations/009_open_forms_index.sql): a deep page of a unit with
//  few open forms left does not pass its closed ones. The pages are merged on their keys alone
//  (in the index: no row read where its pages are all visible), and only the merged page's
//  forms are read whole.
#define S_FORMS_OF_UNITS(status_filter) \
    "SELECT " S_COLUMNS " FROM (SELECT k.issued_ms, k.id FROM (" SF_ORG_SUBTREE_SQL ("$1") ") u" \
    " CROSS JOIN LATERAL (SELECT f.issued_ms, f.id FROM form f WHERE f.responsible_unit = u.code" status_filter \
    " AND (f.issued_ms, f.id) < ($3::bigint, $4::bigint) ORDER BY f.issued_ms DESC, f.id DESC LIMIT $2) k" \
    " ORDER BY k.issued_ms DESC, k.id DESC LIMIT $2) page JOIN form f ON f.id = page.id" \
    " ORDER BY f.issued_ms DESC, f.id DESC"
#define S_OF_STATUS " AND f.status = $5::int"
#define S_OPEN " AND board_form_open (f.status)"

int
rect_store_list (sf_db_t *db, const char *unit, Rectification__FormStatus status, bool open_only,
                 const int64_t *after, int limit, Rectification__Form ***forms, size_t *count)
{
    sf_db_num_t n [4];
    const char *values [] = {
        unit, sf_db_num (&n [0], limit), after? sf_db_num (&n [1], after [0]): S_BEFORE_ALL,
        after? sf_db_num (&n [2], after [1]): S_BEFORE_ALL, sf_db_num (&n [3], status)
    };
    const char *sql = status? (open_only? S_FORMS_OF_UNITS (S_OF_STATUS S_OPEN): S_FORMS_OF_UNITS (S_OF_STATUS))
                            : (open_only? S_FORMS_OF_UNITS (S_OPEN): S_FORMS_OF_UNITS (""));
    return s_fill_list (sf_db_query (db, sql, status? 5: 4, values), forms, count);
}

int
rect_store_open_forms (sf_db_t *db, const char *unit, const int64_t *after, int limit,
                       Rectification__Form ***forms, size_t *count)
{
    sf_db_num_t n [5];
    const char *values [] = {
        unit, sf_db_num (&n [0], RECTIFICATION__FORM_STATUS__FORM_CLOSED),
        sf_db_num (&n [1], RECTIFICATION__FORM_STATUS__FORM_CANCELLED),
        after? sf_db_num (&n [2], after [0]): NULL, after? sf_db_num (&n [3], after [1]): NULL, sf_db_num (&n [4], limit)
    };
    return s_fill_list (sf_db_query (db,
        "SELECT " S_COLUMNS " FROM form f WHERE f.status NOT IN ($2, $3)"
        " AND f.responsible_unit IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND ($4::bigint IS NULL OR (f.deadline_ms, f.id) > ($4::bigint, $5::bigint))"
        " ORDER BY f.deadline_ms, f.id LIMIT $6", 6, values), forms, count);
}

//  Many-row statements bind each column as one array literal (sf_db_array_literal), the rows
//  unnested in order. A column of count texts taken from the forms by a field.
#define S_TEXTS(column, forms, count, field) do {                                           \
    const char **items_ = calloc ((count) + 1, sizeof (char *));                            \
    assert (items_);                                                                        \
    for (size_t i_ = 0; i_ < (count); i_++)                                                 \
        items_ [i_] = (forms) [i_]->field;                                                  \
    (column) = sf_db_array_literal ((char *const *) items_, (count));                       \
    free (items_);                                                                          \
} while (0)

//  The numbers of a field of the forms as an array literal; caller frees.
#define S_INTS(column, forms, count, field) do {                                            \
    int64_t *values_ = calloc ((count) + 1, sizeof (int64_t));                              \
    assert (values_);                                                                       \
    for (size_t i_ = 0; i_ < (count); i_++)                                                 \
        values_ [i_] = (int64_t) (forms) [i_]->field;                                       \
    (column) = sf_db_int_array_literal (values_, (count));                                  \
    free (values_);                                                                         \
} while (0)

int
rect_store_finding_context (sf_db_t *db, Rectification__Form *const *forms, const char *const *reporter_units,
                            const int64_t *since_ms, size_t count, rect_finding_context_t *contexts)
{
    char *columns [6];
    S_INTS (columns [0], forms, count, finding_id);
    columns [1] = sf_db_array_literal ((char *const *) reporter_units, count);
    S_TEXTS (columns [2], forms, count, responsible_unit);
    S_TEXTS (columns [3], forms, count, hazard_key);
    S_TEXTS (columns [4], forms, count, description);
    columns [5] = sf_db_int_array_literal (since_ms, count);
    sf_db_num_t closed;
    const char *values [] = {
        columns [0], columns [1], columns [2], columns [3], columns [4], columns [5],
        sf_db_num (&closed, RECTIFICATION__FORM_STATUS__FORM_CLOSED)
    };
    //  The recurrence test is rect_store_last_closed's, row by row.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT t.taken IS NOT NULL,"
        " r.code IS NOT NULL, u.code IS NOT NULL, COALESCE (u.active, false), COALESCE (u.plant_code, ''),"
        " c.repeats IS NOT NULL, COALESCE (r.plant_code, '')"
        " FROM unnest ($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])"
        " WITH ORDINALITY i (finding_id, reporter, unit, hazard, description, since, n)"
        //  Lateral, LIMIT 1: an index probe per finding. As EXISTS in the select list the
        //  planner may hash the whole form table on every call instead.
        " LEFT JOIN LATERAL (SELECT 1 AS taken FROM form f WHERE f.finding_id = i.finding_id LIMIT 1) t ON true"
        " LEFT JOIN LATERAL (SELECT 1 AS repeats FROM form c WHERE c.status = $7 AND c.closed_ms > 0"
        " AND c.responsible_unit = i.unit AND c.closed_ms >= i.since"
        " AND (CASE WHEN i.hazard <> '' THEN c.hazard_key = i.hazard"
        " ELSE c.hazard_key = '' AND c.description = i.description END) LIMIT 1) c ON true"
        " LEFT JOIN sf_org_node r ON r.code = i.reporter"
        " LEFT JOIN sf_org_node u ON u.code = i.unit ORDER BY i.n", 7, values);
    for (int c = 0; c < 6; c++)
        free (columns [c]);
    if (!rows)
        return -1;
    int rc = sf_rows_count (rows) == (int) count? 0: -1;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        rect_finding_context_t *context = &contexts [i];
        context->taken = sf_rows_bool (rows, (int) i, 0);
        context->reporter_known = sf_rows_bool (rows, (int) i, 1);
        context->unit_known = sf_rows_bool (rows, (int) i, 2);
        context->unit_active = sf_rows_bool (rows, (int) i, 3);
        snprintf (context->plant_code, sizeof context->plant_code, "%s", sf_rows_text (rows, (int) i, 4));
        context->repeats = sf_rows_bool (rows, (int) i, 5);
        snprintf (context->reporter_plant, sizeof context->reporter_plant, "%s", sf_rows_text (rows, (int) i, 6));
    }
    sf_rows_destroy (&rows);
    return rc;
}

int
rect_store_next_numbers (sf_db_t *db, const int *years, Rectification__Form *const *forms, size_t count)
{
    char *plants, *year_column;
    S_TEXTS (plants, forms, count, plant_code);
    int64_t *wide = calloc (count + 1, sizeof *wide);
    assert (wide);
    for (size_t i = 0; i < count; i++)
        wide [i] = years [i];
    year_column = sf_db_int_array_literal (wide, count);
    free (wide);
    const char *values [] = { plants, year_column };
    //  In the order of plant and year, so that batches of several plants lock alike.
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO form_sequence (plant_code, year, last_seq)"
        " SELECT plant, year, count (*) FROM unnest ($1::text[], $2::int[]) w (plant, year)"
        " GROUP BY plant, year ORDER BY plant, year"
        " ON CONFLICT (plant_code, year) DO UPDATE SET last_seq = form_sequence.last_seq + excluded.last_seq"
        " RETURNING plant_code, year, last_seq", 2, values);
    free (plants);
    free (year_column);
    if (!rows)
        return -1;
    //  Each (plant, year) took as many numbers as it has forms here, the last one returned:
    //  the forms get them in their order.
    int groups = sf_rows_count (rows);
    int64_t *next = calloc ((size_t) groups + 1, sizeof *next);
    assert (next);
    for (int g = 0; g < groups; g++) {
        int64_t taken = 0;
        for (size_t i = 0; i < count; i++)
            if (years [i] == (int) sf_rows_int (rows, g, 1) && strcmp (forms [i]->plant_code, sf_rows_text (rows, g, 0)) == 0)
                taken++;
        next [g] = sf_rows_int (rows, g, 2) - taken + 1;
    }
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        int g = 0;
        while (g < groups && !(years [i] == (int) sf_rows_int (rows, g, 1)
                               && strcmp (forms [i]->plant_code, sf_rows_text (rows, g, 0)) == 0))
            g++;
        if (g == groups) {
            rc = -1;
            break;
        }
        char text [128];
        snprintf (text, sizeof text, "%s-R%d-%06lld", forms [i]->plant_code, years [i], (long long) next [g]++);
        sf_pb_set (&forms [i]->number, text);
    }
    free (next);
    sf_rows_destroy (&rows);
    return rc;
}

int
rect_store_insert_many (sf_db_t *db, Rectification__Form *const *forms, size_t count)
{
    char *c [18];
    S_TEXTS (c [0], forms, count, number);
    S_INTS (c [1], forms, count, finding_id);
    S_TEXTS (c [2], forms, count, finding_number);
    S_INTS (c [3], forms, count, status);
    S_INTS (c [4], forms, count, severity);
    S_TEXTS (c [5], forms, count, description);
    S_TEXTS (c [6], forms, count, location);
    S_TEXTS (c [7], forms, count, hazard_key);
    S_TEXTS (c [8], forms, count, responsible_unit);
    S_TEXTS (c [9], forms, count, responsible_person);
    S_TEXTS (c [10], forms, count, issuer_unit);
    S_TEXTS (c [11], forms, count, issued_by);
    S_TEXTS (c [12], forms, count, plant_code);
    S_TEXTS (c [13], forms, count, requirement);
    S_INTS (c [14], forms, count, deadline_ms);
    S_INTS (c [15], forms, count, pdca);
    S_INTS (c [16], forms, count, issued_ms);
    //  Each form's attachments as an array literal of its own, cast back row by row.
    char **attachments = calloc (count + 1, sizeof *attachments);
    assert (attachments);
    for (size_t i = 0; i < count; i++)
        attachments [i] = sf_db_array_literal (forms [i]->attachments, forms [i]->n_attachments);
    c [17] = sf_db_array_literal (attachments, count);
    for (size_t i = 0; i < count; i++)
        free (attachments [i]);
    free (attachments);
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO form (number, finding_id, finding_number, status, severity, description, location,"
        " hazard_key, responsible_unit, responsible_person, issuer_unit, issued_by, plant_code, requirement,"
        " deadline_ms, pdca, issued_ms, attachments)"
        " SELECT number, NULLIF (finding_id, 0), finding_number, status, severity, description, location,"
        " hazard_key, responsible_unit, responsible_person, issuer_unit, issued_by, plant_code, requirement,"
        " deadline_ms, pdca, issued_ms, attachments::text[]"
        " FROM unnest ($1::text[], $2::bigint[], $3::text[], $4::smallint[], $5::smallint[], $6::text[],"
        " $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],"
        " $15::bigint[], $16::smallint[], $17::bigint[], $18::text[]) WITH ORDINALITY r (number, finding_id,"
        " finding_number, status, severity, description, location, hazard_key, responsible_unit,"
        " responsible_person, issuer_unit, issued_by, plant_code, requirement, deadline_ms, pdca, issued_ms,"
        " attachments, n) ORDER BY n"
        " ON CONFLICT (finding_id) DO NOTHING RETURNING number, id, version",
        18, (const char *const *) c);
    for (int i = 0; i < 18; i++)
        free (c [i]);
    if (!rows)
        return -1;
    int inserted = sf_rows_count (rows);
    for (int r = 0; r < inserted; r++)
        for (size_t i = 0; i < count; i++)
            if (strcmp (forms [i]->number, sf_rows_text (rows, r, 0)) == 0) {
                forms [i]->id = sf_rows_int (rows, r, 1);
                forms [i]->version = sf_rows_int (rows, r, 2);
            }
    sf_rows_destroy (&rows);
    return inserted;
}

int
rect_store_history_many (sf_db_t *db, Rectification__Form *const *forms, const char *const *actor_units,
                         size_t count, const char *transition, int64_t at_ms)
{
    char *ids, *statuses, *actors, *units;
    S_INTS (ids, forms, count, id);
    S_INTS (statuses, forms, count, status);
    S_TEXTS (actors, forms, count, issued_by);
    units = sf_db_array_literal ((char *const *) actor_units, count);
    sf_db_num_t at;
    const char *values [] = { ids, transition, statuses, actors, units, sf_db_num (&at, at_ms) };
    int64_t added = sf_db_exec (db,
        "INSERT INTO form_history (form_id, transition, from_status, to_status, actor, actor_unit, note, at_ms)"
        " SELECT id, $2, 0, status, actor, unit, '', $6::bigint"
        " FROM unnest ($1::bigint[], $3::smallint[], $4::text[], $5::text[]) WITH ORDINALITY h (id, status, actor, unit, n)"
        " ORDER BY n", 6, values);
    free (ids);
    free (statuses);
    free (actors);
    free (units);
    return added == (int64_t) count? 0: -1;
}
