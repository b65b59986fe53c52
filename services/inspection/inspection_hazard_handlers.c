/*  inspection_hazard_handlers: one function per request type. The import checks the whole
    file before it writes anything; reads colour each item by the enterprise's mapping
    (state->colour_by_grade) at the time they are read, so a new mapping needs no
    re-import.                                                                            */
#include "inspection_hazard_handlers.h"
#include "inspection_hazard_csv.h"
#include "inspection_hazard_messages.h"
#include "inspection_hazard_store.h"
#include "inspection_lec.h"
#include "inspection_page.h"
#include "inspection_state.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  What a reply may repeat of a value a person sent: printable text of a sane length.
static const char *
s_shown (const char *value)
{
    size_t size = strlen (value);
    return size <= 64 && sf_utf8_valid (value, size) && !sf_utf8_has_control (value, size)? value: "?";
}

//  Checks a unit code and a year (0 allowed: the latest); 0, or -1 with the reply set.
static int
s_check_unit_year (sf_call_t *call, const char *unit_code, int year)
{
    if (!inspection_hazard_unit_code_valid (unit_code)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_HAZARD_MSG_BAD_UNIT_CODE, s_shown (unit_code),
                      INSPECTION_HAZARD_UNIT_CODE_MAX_CHARS);
        return -1;
    }
    if (year != 0 && (year < INSPECTION_HAZARD_YEAR_MIN || year > INSPECTION_HAZARD_YEAR_MAX)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_HAZARD_MSG_BAD_YEAR, year, INSPECTION_HAZARD_YEAR_MIN,
                      INSPECTION_HAZARD_YEAR_MAX);
        return -1;
    }
    return 0;
}

//  Looks the unit up in the org copy; on absence or error sets the reply. 1 found, else 0/-1.
static int
s_find_unit (sf_call_t *call, const char *unit_code)
{
    sf_org_node_t node;
    int found = sf_org_find (call->db, unit_code, &node);
    if (found < 0)
        sf_call_fail_db (call, "looking up a unit");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_HAZARD_MSG_UNKNOWN_UNIT, unit_code);
    return found;
}

//  Fills what a read adds to a stored risk: the colour by the enterprise's mapping and the
//  grade's published wording.
static void
s_complete_risk (const inspection_state_t *state, Inspection__Risk *risk)
{
    const inspection_lec_grade_t *grade = inspection_lec_grade (risk->grade);
    risk->colour = grade? (Inspection__Colour) state->colour_by_grade [risk->grade]
                        : INSPECTION__COLOUR__COLOUR_UNSPECIFIED;
    sf_pb_set (&risk->grade_zh, grade? grade->wording_zh: "");
    sf_pb_set (&risk->grade_en, grade? grade->wording_en: "");
}

//  --------------------------------------------------------------------------------------
//  inspection.ImportHazardCsv

//  The org check of one unit, done once per distinct unit of a file.
typedef struct {
    const char *unit_code;
    const sf_text_t *problem;        //  NULL: the unit may be imported
    char plant_code [33];
} s_unit_check_t;

typedef struct {
    sf_call_t *call;
    inspection_hazard_csv_t *csv;
    s_unit_check_t *units;
    size_t unit_count;
    size_t out_of_scope;             //  rows whose unit no grant of the actor's covers
} s_import_t;

//  Checks unit_code against the org copy and the actor's grants: one holding a role of the
//  route covers it (an admin's or EHS's on the company covers every unit). 0, or -1 on a
//  database error (the reply set).
static int
s_check_unit (s_import_t *import, const char *unit_code, s_unit_check_t *check)
{
    sf_call_t *call = import->call;
    memset (check, 0, sizeof *check);
    check->unit_code = unit_code;
    sf_org_node_t node;
    int found = sf_org_find (call->db, unit_code, &node);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a unit");
        return -1;
    }
    if (!found)
        check->problem = &INSPECTION_HAZARD_MSG_CSV_UNKNOWN_UNIT;
    else
    if (!node.active)
        check->problem = &INSPECTION_HAZARD_MSG_CSV_UNIT_INACTIVE;
    else
    if (node.kind != SF_ORG_DEPARTMENT && node.kind != SF_ORG_TEAM && node.kind != SF_ORG_POST)
        check->problem = &INSPECTION_HAZARD_MSG_CSV_UNIT_KIND;
    else {
        int covers = sf_scope_covers (call->db, call->scope, call->route->roles, SF_REACH_GRANT, unit_code);
        if (covers < 0) {
            sf_call_fail_db (call, "checking a unit's scope");
            return -1;
        }
        if (!covers)
            check->problem = &INSPECTION_HAZARD_MSG_CSV_OUT_OF_SCOPE;
    }
    if (found)
        snprintf (check->plant_code, sizeof check->plant_code, "%s", node.plant_code);
    return 0;
}

//  The check of a row's unit, made on first sight. NULL on a database error (reply set).
static const s_unit_check_t *
s_unit (s_import_t *import, const char *unit_code)
{
    for (size_t i = 0; i < import->unit_count; i++)
        if (strcmp (import->units [i].unit_code, unit_code) == 0)
            return &import->units [i];
    import->units = realloc (import->units, (import->unit_count + 1) * sizeof *import->units);
    assert (import->units);
    s_unit_check_t *check = &import->units [import->unit_count];
    if (s_check_unit (import, unit_code, check))
        return NULL;
    import->unit_count++;
    return check;
}

//  Adds to the file's errors what the database says of each row, and gives each row its
//  accident category's code. 0, or -1 on a database error (reply set).
static int
s_check_rows (s_import_t *import)
{
    inspection_hazard_csv_t *csv = import->csv;
    inspection_hazard_accident_types_t types;
    if (inspection_hazard_store_accident_types (import->call->db, &types)) {
        sf_call_fail_db (import->call, "reading the accident categories");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < inspection_hazard_csv_row_count (csv) && !inspection_hazard_csv_full (csv); i++) {
        Inspection__HazardItem *row = inspection_hazard_csv_row (csv, i);
        int line = inspection_hazard_csv_line (csv, i);
        const s_unit_check_t *unit = s_unit (import, row->unit_code);
        if (!unit) {
            rc = -1;
            break;
        }
        if (unit->problem)
            inspection_hazard_csv_add_error (csv, line, unit->problem, row->unit_code);
        if (unit->problem == &INSPECTION_HAZARD_MSG_CSV_OUT_OF_SCOPE)
            import->out_of_scope++;
        const char *code = inspection_hazard_accident_type_resolve (&types, row->accident_type);
        if (code)
            sf_pb_set (&row->accident_type, code);
        else
            inspection_hazard_csv_add_error (csv, line, &INSPECTION_HAZARD_MSG_CSV_BAD_ACCIDENT_TYPE,
                                             s_shown (row->accident_type));
    }
    inspection_hazard_accident_types_clear (&types);
    return rc;
}

//  Orders rows by unit, year and seq (their place in the file), so each list is a run with
//  its items in file order.
static int
s_row_order (const void *a, const void *b)
{
    const Inspection__HazardItem *x = *(const Inspection__HazardItem *const *) a;
    const Inspection__HazardItem *y = *(const Inspection__HazardItem *const *) b;
    int order = strcmp (x->unit_code, y->unit_code);
    if (order == 0)
        order = (x->year > y->year) - (x->year < y->year);
    if (order == 0)
        order = (x->seq > y->seq) - (x->seq < y->seq);
    return order;
}

//  Emits inspection.hazard_list_imported, with the list just written as its payload: the
//  header and its items, from which the training daemon makes the team's hazard article.
//  Nothing on the way bounds an event's size (the outbox's bytea, the stream entry, the
//  consumer's checks per text field); what bounds it is the import: one list is at most
//  INSPECTION_HAZARD_IMPORT_MAX_ROWS items of a file of INSPECTION_HAZARD_IMPORT_MAX_BYTES.
//  A list of 500 items makes an envelope of 112 KB (tests.training_kb_hazard_list prints it).
//  0, or -1 (reply set).
static int
s_emit (sf_call_t *call, const Inspection__HazardList *list, const char *plant_code)
{
    const inspection_state_t *state = call->state;
    char aggregate [64];
    snprintf (aggregate, sizeof aggregate, "%s/%d", list->unit_code, list->year);
    Inspection__HazardList header = INSPECTION__HAZARD_LIST__INIT;
    header.unit_code = list->unit_code;
    header.year = list->year;
    header.version = list->version;
    header.n_items = list->n_items;
    header.items = list->items;
    sf_event_t event = {
        .type = strdup ("inspection.hazard_list_imported"), .aggregate_type = strdup ("hazard_list"),
        .aggregate_id = strdup (aggregate), .aggregate_version = list->version, .plant = strdup (plant_code)
    };
    sf_event_set_payload (&event, &header.base);
    int rc = sf_call_emit (call, state->stream, &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing the event");
    return rc;
}

//  Writes one list of the count rows of one unit and year. 0, or -1 (reply set).
static int
s_write_list (s_import_t *import, Inspection__HazardItem **rows, size_t count)
{
    sf_call_t *call = import->call;
    Inspection__HazardList list = INSPECTION__HAZARD_LIST__INIT;
    list.unit_code = rows [0]->unit_code;
    list.year = rows [0]->year;
    list.n_items = count;
    list.items = rows;
    const char *user = call->request->actor.user_id;
    if (inspection_hazard_store_write_list (call->db, &list, user? user: "", sf_clock_now_ms ())) {
        sf_call_fail_db (call, "writing a hazard list");
        return -1;
    }
    //  The event carries the list as stored and as GetHazardList reads it: each item's id, its
    //  place in its own list, its category named in both languages, its colour.
    Inspection__HazardList *stored = NULL;
    if (inspection_hazard_store_get_list (call->db, list.unit_code, list.year, NULL, (int) count, &stored) != 1) {
        sf_pb_destroy (&stored);
        sf_call_fail_db (call, "reading back a hazard list");
        return -1;
    }
    for (size_t i = 0; i < stored->n_items; i++)
        s_complete_risk (call->state, stored->items [i]->risk);
    int rc = s_emit (call, stored, s_unit (import, list.unit_code)->plant_code);
    sf_pb_destroy (&stored);
    return rc;
}

//  Writes every list of the file. 0, or -1 (reply set).
static int
s_write_lists (s_import_t *import, Inspection__ImportResult *result)
{
    size_t count = inspection_hazard_csv_row_count (import->csv);
    Inspection__HazardItem **rows = calloc (count + 1, sizeof *rows);
    assert (rows);
    for (size_t i = 0; i < count; i++) {
        rows [i] = inspection_hazard_csv_row (import->csv, i);
        rows [i]->seq = (int) i + 1;
    }
    qsort (rows, count, sizeof *rows, s_row_order);
    int rc = 0;
    for (size_t start = 0, end; rc == 0 && start < count; start = end) {
        end = start + 1;
        while (end < count && strcmp (rows [end]->unit_code, rows [start]->unit_code) == 0
                           && rows [end]->year == rows [start]->year)
            end++;
        rc = s_write_list (import, rows + start, end - start);
        if (rc == 0)
            result->lists++;
    }
    free (rows);
    return rc;
}

void
inspection_import_hazard_csv (sf_call_t *call)
{
    const Inspection__ImportHazardCsv *request = SF_CALL_BODY (call, Inspection__ImportHazardCsv);
    const char *file_name = *request->file_name? s_shown (request->file_name): "(csv)";
    s_import_t import = {
        .call = call,
        .csv = inspection_hazard_csv_parse ((const char *) request->csv.data, request->csv.len,
                                            INSPECTION_HAZARD_IMPORT_MAX_BYTES, INSPECTION_HAZARD_IMPORT_MAX_ROWS)
    };
    Inspection__ImportResult *result = sf_pb_new (&inspection__import_result__descriptor);
    result->rows = (int) inspection_hazard_csv_row_count (import.csv);
    int rc = s_check_rows (&import);
    if (rc == 0) {
        for (size_t i = 0; i < inspection_hazard_csv_error_count (import.csv); i++) {
            const inspection_hazard_csv_error_t *error = inspection_hazard_csv_error (import.csv, i);
            Inspection__ImportError *wire = sf_pb_add (&result->errors, &result->n_errors,
                                                       &inspection__import_error__descriptor);
            wire->line = error->line;
            sf_pb_set (&wire->zh, error->zh);
            sf_pb_set (&wire->en, error->en);
        }
        if (result->n_errors == 0)
            rc = s_write_lists (&import, result);
    }
    if (rc == 0) {
        sf_call_reply (call, &result->base);
        //  The body stays: a refused file still tells every error. A unit out of the actor's
        //  reach refuses the whole file as a permission, whatever else is wrong in it.
        if (import.out_of_scope)
            sf_call_fail (call, SF_PERMISSION_DENIED, &INSPECTION_HAZARD_MSG_IMPORT_OUT_OF_SCOPE, file_name,
                          import.out_of_scope);
        else
        if (result->n_errors)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_HAZARD_MSG_IMPORT_FAILED, file_name,
                          result->n_errors);
        else
            sf_log (SF_LOG_INFO, &call->log, "hazard lists imported from %s: %d rows, %d lists", file_name,
                    result->rows, result->lists);
    }
    sf_pb_destroy (&result);
    free (import.units);
    inspection_hazard_csv_destroy (&import.csv);
}

//  --------------------------------------------------------------------------------------
//  inspection.AssessRisk

void
inspection_assess_risk (sf_call_t *call)
{
    const Inspection__AssessRisk *request = SF_CALL_BODY (call, Inspection__AssessRisk);
    inspection_lec_t lec;
    char bad;
    if (inspection_lec_assess (request->l, request->e, request->c, &lec, &bad)) {
        char allowed [128];
        const char *value = bad == 'L'? request->l: bad == 'E'? request->e: request->c;
        const char *factor = bad == 'L'? "L": bad == 'E'? "E": "C";
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_HAZARD_MSG_BAD_LEC, factor, s_shown (value),
                      inspection_lec_allowed (bad, ", ", allowed, sizeof allowed));
        return;
    }
    Inspection__Risk *risk = sf_pb_new (&inspection__risk__descriptor);
    inspection_lec_risk (&lec, risk);
    s_complete_risk (call->state, risk);
    sf_call_reply (call, &risk->base);
    sf_pb_destroy (&risk);
}

//  --------------------------------------------------------------------------------------
//  inspection.GetHazardList

void
inspection_get_hazard_list (sf_call_t *call)
{
    const Inspection__GetHazardList *request = SF_CALL_BODY (call, Inspection__GetHazardList);
    sf_page_t page;
    //  The list's year and version (a walk reads one version), and the item's seq.
    if (s_check_unit_year (call, request->unit_code, request->year)
    ||  inspection_page_open (call, request->page_size, request->page_token, "nnn", &page))
        return;
    Inspection__HazardList *list = NULL;
    int found = inspection_hazard_store_get_list (call->db, request->unit_code, request->year,
                                                  (const char *const *) page.after, page.size + 1, &list);
    sf_page_close (&page);
    if (found < 0)
        sf_call_fail_db (call, "reading a hazard list");
    else
    if (found) {
        if (inspection_page_trim (&list->items, &list->n_items, page.size)) {
            char year [16], version [16], seq [16];
            snprintf (year, sizeof year, "%d", list->year);
            snprintf (version, sizeof version, "%d", list->version);
            snprintf (seq, sizeof seq, "%d", list->items [list->n_items - 1]->seq);
            const char *keys [] = { year, version, seq };
            inspection_page_set_token (call, &list->next_page_token, keys, 3);
        }
        for (size_t i = 0; i < list->n_items; i++)
            s_complete_risk (call->state, list->items [i]->risk);
        sf_call_reply (call, &list->base);
        sf_pb_destroy (&list);
    }
    else
    //  No list: say whether the unit is unknown or just has none.
    if (s_find_unit (call, request->unit_code) == 1) {
        if (request->year)
            sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_HAZARD_MSG_NO_LIST, request->unit_code, request->year);
        else
            sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_HAZARD_MSG_NO_LISTS, request->unit_code);
    }
}

//  --------------------------------------------------------------------------------------
//  inspection.GetRiskRegister

void
inspection_get_risk_register (sf_call_t *call)
{
    const Inspection__GetRiskRegister *request = SF_CALL_BODY (call, Inspection__GetRiskRegister);
    const inspection_state_t *state = call->state;
    //  Units by code; the major items by grade, D (highest first), unit code and seq.
    static const char *const kinds [INSPECTION_REGISTER_LISTS] = { "s", "ndsn" };
    inspection_pages_t pages;
    if (s_check_unit_year (call, request->unit_code, request->year)
    ||  inspection_pages_open (call, request->page_size, request->page_token, kinds, INSPECTION_REGISTER_LISTS, &pages))
        return;
    int size = pages.page.size;
    Inspection__RiskRegister *reg = NULL;
    int found = s_find_unit (call, request->unit_code);
    if (found == 1 && inspection_hazard_store_register (call->db, request->unit_code, request->year,
                                                        state->colour_by_grade, size + 1, pages.cursors, &reg))
        sf_call_fail_db (call, "reading the risk register");
    else
    if (found == 1) {
        if (inspection_page_trim (&reg->units, &reg->n_units, size)) {
            const char *keys [] = { reg->units [size - 1]->unit_code };
            inspection_pages_more (&pages, INSPECTION_REGISTER_UNITS, keys);
        }
        if (inspection_page_trim (&reg->major_items, &reg->n_major_items, size)) {
            const Inspection__HazardItem *last = reg->major_items [size - 1];
            char grade [16], seq [16];
            snprintf (grade, sizeof grade, "%d", last->risk->grade);
            snprintf (seq, sizeof seq, "%d", last->seq);
            const char *keys [] = { grade, last->risk->d, last->unit_code, seq };
            inspection_pages_more (&pages, INSPECTION_REGISTER_MAJOR, keys);
        }
        inspection_pages_set_token (&pages, call, &reg->next_page_token);
        for (size_t i = 0; i < reg->n_major_items; i++)
            s_complete_risk (state, reg->major_items [i]->risk);
        sf_call_reply (call, &reg->base);
        sf_pb_destroy (&reg);
    }
    inspection_pages_close (&pages);
}
