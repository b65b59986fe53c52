/*  inspection_hazard_handlers: one function per request type. The import checks the whole
    file before it writes anything; reads colour each item by the enterprise's mapping
    (state->colour_by_grade) at the time they are read, so a new mapping needs no
    re-import.                                                                            */
#include "inspection_hazard_handlers.h"
#include "inspection_colour.h"
#include "inspection_hazard_codec.h"
#include "inspection_hazard_csv.h"
#include "inspection_hazard_messages.h"
#include "inspection_hazard_store.h"
#include "inspection_lec.h"
#include "inspection_state.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
s_decode (sf_call_t *call, inspection_hazard_command_t *command)
{
    const sf_request_t *request = call->request;
    if (inspection_hazard_command_decode (request->type, request->body, request->body_size, command)) {
        sf_call_fail (call, SF_MALFORMED, &INSPECTION_HAZARD_MSG_BAD_BODY, request->type);
        return false;
    }
    return true;
}

//  What a reply may repeat of a value a client sent: printable text of a sane length.
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
s_find_unit (sf_call_t *call, const char *unit_code, sf_org_node_t *node)
{
    int found = sf_org_find (call->db, unit_code, node);
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
s_complete_risk (const inspection_state_t *state, inspection_hazard_risk_t *risk)
{
    const inspection_lec_grade_t *grade = inspection_lec_grade (risk->grade);
    risk->colour = grade? state->colour_by_grade [risk->grade]: INSPECTION_COLOUR_UNSPECIFIED;
    free (risk->grade_zh);
    free (risk->grade_en);
    risk->grade_zh = strdup (grade? grade->wording_zh: "");
    risk->grade_en = strdup (grade? grade->wording_en: "");
}

//  An assessment as the wire carries it: the values as the tables write them.
static void
s_risk_from_lec (const inspection_lec_t *lec, inspection_hazard_risk_t *risk)
{
    memset (risk, 0, sizeof *risk);
    risk->l = strdup (lec->l->text);
    risk->e = strdup (lec->e->text);
    risk->c = strdup (lec->c->text);
    risk->d = strdup (lec->d);
    risk->grade = lec->grade->grade;
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
    inspection_hazard_accident_types_t types;
    s_unit_check_t *units;
    size_t unit_count;
    bool any_unit;                   //  the actor may import every unit
} s_import_t;

//  Checks unit_code against the org copy and the actor's scope. 0, or -1 on a database
//  error (the reply set).
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
    else
    if (!import->any_unit) {
        const char *org = call->request->actor.org_node;
        int within = org && *org? sf_org_within (call->db, unit_code, org): 0;
        if (within < 0) {
            sf_call_fail_db (call, "checking a unit's scope");
            return -1;
        }
        if (!within)
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

//  Adds to the file's errors what the database says of each row. 0, or -1 on a database
//  error (reply set).
static int
s_check_rows (s_import_t *import)
{
    inspection_hazard_csv_t *csv = import->csv;
    if (inspection_hazard_store_accident_types (import->call->db, &import->types)) {
        sf_call_fail_db (import->call, "reading the accident categories");
        return -1;
    }
    const char *org = import->call->request->actor.org_node;
    for (size_t i = 0; i < inspection_hazard_csv_row_count (csv) && !inspection_hazard_csv_full (csv); i++) {
        const inspection_hazard_csv_row_t *row = inspection_hazard_csv_row (csv, i);
        const s_unit_check_t *unit = s_unit (import, row->unit_code);
        if (!unit)
            return -1;
        if (unit->problem)
            inspection_hazard_csv_add_error (csv, row->line, unit->problem, row->unit_code, org? org: "");
        if (!inspection_hazard_accident_type_resolve (&import->types, row->accident_type))
            inspection_hazard_csv_add_error (csv, row->line, &INSPECTION_HAZARD_MSG_CSV_BAD_ACCIDENT_TYPE,
                                             s_shown (row->accident_type));
    }
    return 0;
}

//  Orders rows by unit, year and line, so each list is a run with its items in file order.
static int
s_row_order (const void *a, const void *b)
{
    const inspection_hazard_csv_row_t *x = *(const inspection_hazard_csv_row_t *const *) a;
    const inspection_hazard_csv_row_t *y = *(const inspection_hazard_csv_row_t *const *) b;
    int order = strcmp (x->unit_code, y->unit_code);
    if (order == 0)
        order = (x->year > y->year) - (x->year < y->year);
    if (order == 0)
        order = (x->line > y->line) - (x->line < y->line);
    return order;
}

//  Emits inspection.hazard_list_imported for a list just written. 0, or -1 (reply set).
static int
s_emit (sf_call_t *call, const inspection_hazard_list_t *list, const char *plant_code)
{
    const inspection_state_t *state = call->state;
    char aggregate [64];
    snprintf (aggregate, sizeof aggregate, "%s/%d", list->unit_code, list->year);
    size_t size;
    uint8_t *payload = inspection_hazard_list_encode (list, false, &size);
    sf_event_t event = {
        .type = strdup ("inspection.hazard_list_imported"), .aggregate_type = strdup ("hazard_list"),
        .aggregate_id = strdup (aggregate), .aggregate_version = list->version, .plant = strdup (plant_code),
        .payload_type = strdup ("inspection.HazardList"), .payload = payload, .payload_size = size
    };
    int rc = sf_call_emit (call, state->stream, &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing the event");
    return rc;
}

//  Writes one list from rows [0, count) of the same unit and year. 0, or -1 (reply set).
static int
s_write_list (s_import_t *import, const inspection_hazard_csv_row_t *const *rows, size_t count)
{
    sf_call_t *call = import->call;
    inspection_hazard_list_t list = { .unit_code = strdup (rows [0]->unit_code), .year = rows [0]->year };
    for (size_t i = 0; i < count; i++) {
        const inspection_hazard_csv_row_t *row = rows [i];
        inspection_hazard_item_t *item = inspection_hazard_list_add (&list);
        item->unit_code = strdup (row->unit_code);
        item->year = row->year;
        item->seq = (int) i + 1;
        item->factor = row->factor;
        item->hazard = strdup (row->hazard);
        item->accident_type = strdup (inspection_hazard_accident_type_resolve (&import->types, row->accident_type));
        item->measures = strdup (row->measures);
        s_risk_from_lec (&row->risk, &item->risk);
    }
    const char *user = call->request->actor.user_id;
    int rc = inspection_hazard_store_write_list (call->db, &list, user? user: "", sf_clock_now_ms ());
    if (rc)
        sf_call_fail_db (call, "writing a hazard list");
    else
        rc = s_emit (call, &list, s_unit (import, list.unit_code)->plant_code);
    inspection_hazard_list_clear (&list);
    return rc;
}

//  Writes every list of the file. 0, or -1 (reply set).
static int
s_write_lists (s_import_t *import, inspection_hazard_import_result_t *result)
{
    size_t count = inspection_hazard_csv_row_count (import->csv);
    const inspection_hazard_csv_row_t **rows = calloc (count + 1, sizeof *rows);
    assert (rows);
    for (size_t i = 0; i < count; i++)
        rows [i] = inspection_hazard_csv_row (import->csv, i);
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

static void
s_reply_import (sf_call_t *call, const char *file_name, const inspection_hazard_import_result_t *result)
{
    size_t size;
    uint8_t *body = inspection_hazard_import_result_encode (result, &size);
    sf_call_ok (call, "inspection.ImportResult", body, size);
    free (body);
    //  The body stays: a refused file still tells every error.
    if (result->error_count)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_HAZARD_MSG_IMPORT_FAILED, file_name,
                      result->error_count);
}

void
inspection_import_hazard_csv (sf_call_t *call)
{
    inspection_hazard_command_t command;
    if (!s_decode (call, &command))
        return;
    const char *file_name = *command.file_name? s_shown (command.file_name): "(csv)";
    s_import_t import = {
        .call = call,
        .csv = inspection_hazard_csv_parse ((const char *) command.csv, command.csv_size,
                                            INSPECTION_HAZARD_IMPORT_MAX_BYTES, INSPECTION_HAZARD_IMPORT_MAX_ROWS),
        .any_unit = sf_actor_has_role (&call->request->actor, INSPECTION_HAZARD_ANY_UNIT_ROLES)
    };
    inspection_hazard_import_result_t result = { .rows = (int) inspection_hazard_csv_row_count (import.csv) };
    int rc = s_check_rows (&import);
    if (rc == 0) {
        for (size_t i = 0; i < inspection_hazard_csv_error_count (import.csv); i++) {
            const inspection_hazard_csv_error_t *error = inspection_hazard_csv_error (import.csv, i);
            inspection_hazard_import_result_add_error (&result, error->line, error->zh, error->en);
        }
        if (result.error_count == 0)
            rc = s_write_lists (&import, &result);
    }
    if (rc == 0) {
        if (result.error_count == 0)
            sf_log (SF_LOG_INFO, &call->log, "hazard lists imported from %s: %d rows, %d lists", file_name,
                    result.rows, result.lists);
        s_reply_import (call, file_name, &result);
    }
    inspection_hazard_import_result_clear (&result);
    inspection_hazard_accident_types_clear (&import.types);
    free (import.units);
    inspection_hazard_csv_destroy (&import.csv);
    inspection_hazard_command_clear (&command);
}

//  --------------------------------------------------------------------------------------
//  inspection.AssessRisk

void
inspection_assess_risk (sf_call_t *call)
{
    inspection_hazard_command_t command;
    if (!s_decode (call, &command))
        return;
    inspection_lec_t lec;
    char bad;
    if (inspection_lec_assess (command.l, command.e, command.c, &lec, &bad)) {
        char allowed [128];
        const char *value = bad == 'L'? command.l: bad == 'E'? command.e: command.c;
        const char *factor = bad == 'L'? "L": bad == 'E'? "E": "C";
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_HAZARD_MSG_BAD_LEC, factor, s_shown (value),
                      inspection_lec_allowed (bad, ", ", allowed, sizeof allowed));
    }
    else {
        inspection_hazard_risk_t risk;
        s_risk_from_lec (&lec, &risk);
        s_complete_risk (call->state, &risk);
        size_t size;
        uint8_t *body = inspection_hazard_risk_encode (&risk, &size);
        sf_call_ok (call, "inspection.Risk", body, size);
        free (body);
        inspection_hazard_risk_clear (&risk);
    }
    inspection_hazard_command_clear (&command);
}

//  --------------------------------------------------------------------------------------
//  inspection.GetHazardList

void
inspection_get_hazard_list (sf_call_t *call)
{
    inspection_hazard_command_t command;
    if (!s_decode (call, &command))
        return;
    inspection_hazard_list_t list = { 0 };
    int found = 0;
    if (s_check_unit_year (call, command.unit_code, command.year))
        found = -1;
    else
    if ((found = inspection_hazard_store_get_list (call->db, command.unit_code, command.year, &list)) < 0)
        sf_call_fail_db (call, "reading a hazard list");
    if (found == 1) {
        for (size_t i = 0; i < list.count; i++)
            s_complete_risk (call->state, &list.items [i].risk);
        size_t size;
        uint8_t *body = inspection_hazard_list_encode (&list, true, &size);
        sf_call_ok (call, "inspection.HazardList", body, size);
        free (body);
    }
    else
    if (found == 0) {
        //  No list: say whether the unit is unknown or just has none.
        sf_org_node_t node;
        if (s_find_unit (call, command.unit_code, &node) == 1) {
            if (command.year)
                sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_HAZARD_MSG_NO_LIST, command.unit_code, command.year);
            else
                sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_HAZARD_MSG_NO_LISTS, command.unit_code);
        }
    }
    inspection_hazard_list_clear (&list);
    inspection_hazard_command_clear (&command);
}

//  --------------------------------------------------------------------------------------
//  inspection.GetRiskRegister

void
inspection_get_risk_register (sf_call_t *call)
{
    inspection_hazard_command_t command;
    if (!s_decode (call, &command))
        return;
    const inspection_state_t *state = call->state;
    sf_org_node_t node;
    if (s_check_unit_year (call, command.unit_code, command.year) == 0
    &&  s_find_unit (call, command.unit_code, &node) == 1) {
        inspection_hazard_register_t reg;
        if (inspection_hazard_store_register (call->db, command.unit_code, command.year, state->colour_by_grade, &reg))
            sf_call_fail_db (call, "reading the risk register");
        else {
            for (size_t i = 0; i < reg.item_count; i++)
                s_complete_risk (state, &reg.items [i].risk);
            size_t size;
            uint8_t *body = inspection_hazard_register_encode (&reg, &size);
            sf_call_ok (call, "inspection.RiskRegister", body, size);
            free (body);
            inspection_hazard_register_clear (&reg);
        }
    }
    inspection_hazard_command_clear (&command);
}
