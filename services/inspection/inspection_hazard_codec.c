/*  inspection_hazard_codec: conversions between the hazard-list messages of
    inspection.proto and plain structs.                                                   */
#include "inspection_hazard_codec.h"
#include "inspection.pb-c.h"
#include "sf_codec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  Grows an array of count elements of size bytes to hold one more; returns the new slot,
//  zeroed.
static void *
s_append (void **array, size_t *count, size_t *capacity, size_t size)
{
    if (*count == *capacity) {
        *capacity = *capacity? *capacity * 2: 16;
        *array = realloc (*array, *capacity * size);
        assert (*array);
    }
    void *slot = (char *) *array + (*count)++ * size;
    memset (slot, 0, size);
    return slot;
}

//  --------------------------------------------------------------------------------------
//  Risk and items

static void
s_risk_to_wire (const inspection_hazard_risk_t *risk, Inspection__Risk *wire)
{
    inspection__risk__init (wire);
    wire->l = sf_codec_wire (risk->l);
    wire->e = sf_codec_wire (risk->e);
    wire->c = sf_codec_wire (risk->c);
    wire->d = sf_codec_wire (risk->d);
    wire->grade = risk->grade;
    wire->colour = (Inspection__Colour) risk->colour;
    wire->grade_zh = sf_codec_wire (risk->grade_zh);
    wire->grade_en = sf_codec_wire (risk->grade_en);
}

static void
s_risk_from_wire (inspection_hazard_risk_t *risk, const Inspection__Risk *wire)
{
    memset (risk, 0, sizeof *risk);
    risk->l = sf_codec_strdup (wire? wire->l: NULL);
    risk->e = sf_codec_strdup (wire? wire->e: NULL);
    risk->c = sf_codec_strdup (wire? wire->c: NULL);
    risk->d = sf_codec_strdup (wire? wire->d: NULL);
    risk->grade = wire? wire->grade: 0;
    risk->colour = wire? (int) wire->colour: 0;
    risk->grade_zh = sf_codec_strdup (wire? wire->grade_zh: NULL);
    risk->grade_en = sf_codec_strdup (wire? wire->grade_en: NULL);
}

//  An item and the risk it points to, both on the wire.
typedef struct {
    Inspection__HazardItem item;
    Inspection__Risk risk;
} s_wire_item_t;

static void
s_item_to_wire (const inspection_hazard_item_t *item, s_wire_item_t *wire)
{
    inspection__hazard_item__init (&wire->item);
    wire->item.id = item->id;
    wire->item.unit_code = sf_codec_wire (item->unit_code);
    wire->item.year = item->year;
    wire->item.seq = item->seq;
    wire->item.factor = (Inspection__Factor) item->factor;
    wire->item.hazard = sf_codec_wire (item->hazard);
    wire->item.accident_type = sf_codec_wire (item->accident_type);
    wire->item.measures = sf_codec_wire (item->measures);
    s_risk_to_wire (&item->risk, &wire->risk);
    wire->item.risk = &wire->risk;
    wire->item.accident_type_zh = sf_codec_wire (item->accident_type_zh);
    wire->item.accident_type_en = sf_codec_wire (item->accident_type_en);
}

static void
s_item_from_wire (inspection_hazard_item_t *item, const Inspection__HazardItem *wire)
{
    memset (item, 0, sizeof *item);
    item->id = wire->id;
    item->unit_code = sf_codec_strdup (wire->unit_code);
    item->year = wire->year;
    item->seq = wire->seq;
    item->factor = (int) wire->factor;
    item->hazard = sf_codec_strdup (wire->hazard);
    item->accident_type = sf_codec_strdup (wire->accident_type);
    item->measures = sf_codec_strdup (wire->measures);
    s_risk_from_wire (&item->risk, wire->risk);
    item->accident_type_zh = sf_codec_strdup (wire->accident_type_zh);
    item->accident_type_en = sf_codec_strdup (wire->accident_type_en);
}

//  count items on the wire; free the result and the pointers with s_wire_items_free.
static Inspection__HazardItem **
s_wire_items (const inspection_hazard_item_t *items, size_t count, s_wire_item_t **storage)
{
    *storage = calloc (count + 1, sizeof **storage);
    Inspection__HazardItem **pointers = calloc (count + 1, sizeof *pointers);
    assert (*storage && pointers);
    for (size_t i = 0; i < count; i++) {
        s_item_to_wire (&items [i], &(*storage) [i]);
        pointers [i] = &(*storage) [i].item;
    }
    return pointers;
}

uint8_t *
inspection_hazard_risk_encode (const inspection_hazard_risk_t *risk, size_t *size)
{
    Inspection__Risk wire;
    s_risk_to_wire (risk, &wire);
    return sf_codec_pack (&wire.base, size);
}

int
inspection_hazard_risk_decode (inspection_hazard_risk_t *risk, const uint8_t *data, size_t size)
{
    Inspection__Risk *wire = inspection__risk__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_risk_from_wire (risk, wire);
    inspection__risk__free_unpacked (wire, NULL);
    return 0;
}

void
inspection_hazard_risk_clear (inspection_hazard_risk_t *risk)
{
    free (risk->l);
    free (risk->e);
    free (risk->c);
    free (risk->d);
    free (risk->grade_zh);
    free (risk->grade_en);
    memset (risk, 0, sizeof *risk);
}

void
inspection_hazard_item_clear (inspection_hazard_item_t *item)
{
    free (item->unit_code);
    free (item->hazard);
    free (item->accident_type);
    free (item->measures);
    inspection_hazard_risk_clear (&item->risk);
    free (item->accident_type_zh);
    free (item->accident_type_en);
    memset (item, 0, sizeof *item);
}

//  --------------------------------------------------------------------------------------
//  Lists

inspection_hazard_item_t *
inspection_hazard_list_add (inspection_hazard_list_t *list)
{
    return s_append ((void **) &list->items, &list->count, &list->capacity, sizeof *list->items);
}

uint8_t *
inspection_hazard_list_encode (const inspection_hazard_list_t *list, bool with_items, size_t *size)
{
    Inspection__HazardList wire = INSPECTION__HAZARD_LIST__INIT;
    wire.unit_code = sf_codec_wire (list->unit_code);
    wire.year = list->year;
    wire.version = list->version;
    s_wire_item_t *storage = NULL;
    Inspection__HazardItem **pointers = NULL;
    if (with_items) {
        pointers = s_wire_items (list->items, list->count, &storage);
        wire.n_items = list->count;
        wire.items = pointers;
    }
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (pointers);
    free (storage);
    return buffer;
}

int
inspection_hazard_list_decode (inspection_hazard_list_t *list, const uint8_t *data, size_t size)
{
    Inspection__HazardList *wire = inspection__hazard_list__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (list, 0, sizeof *list);
    list->unit_code = sf_codec_strdup (wire->unit_code);
    list->year = wire->year;
    list->version = wire->version;
    for (size_t i = 0; i < wire->n_items; i++)
        s_item_from_wire (inspection_hazard_list_add (list), wire->items [i]);
    inspection__hazard_list__free_unpacked (wire, NULL);
    return 0;
}

void
inspection_hazard_list_clear (inspection_hazard_list_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        inspection_hazard_item_clear (&list->items [i]);
    free (list->items);
    free (list->unit_code);
    memset (list, 0, sizeof *list);
}

//  --------------------------------------------------------------------------------------
//  The risk register

inspection_hazard_colour_count_t *
inspection_hazard_register_add_unit (inspection_hazard_register_t *reg)
{
    return s_append ((void **) &reg->units, &reg->unit_count, &reg->unit_capacity, sizeof *reg->units);
}

inspection_hazard_item_t *
inspection_hazard_register_add_item (inspection_hazard_register_t *reg)
{
    return s_append ((void **) &reg->items, &reg->item_count, &reg->item_capacity, sizeof *reg->items);
}

uint8_t *
inspection_hazard_register_encode (const inspection_hazard_register_t *reg, size_t *size)
{
    Inspection__RiskRegister wire = INSPECTION__RISK_REGISTER__INIT;
    Inspection__ColourCount *units = calloc (reg->unit_count + 1, sizeof *units);
    Inspection__ColourCount **unit_pointers = calloc (reg->unit_count + 1, sizeof *unit_pointers);
    assert (units && unit_pointers);
    for (size_t i = 0; i < reg->unit_count; i++) {
        const inspection_hazard_colour_count_t *count = &reg->units [i];
        inspection__colour_count__init (&units [i]);
        units [i].unit_code = sf_codec_wire (count->unit_code);
        units [i].unit_name = sf_codec_wire (count->unit_name);
        units [i].red = count->red;
        units [i].orange = count->orange;
        units [i].yellow = count->yellow;
        units [i].blue = count->blue;
        unit_pointers [i] = &units [i];
    }
    wire.n_units = reg->unit_count;
    wire.units = unit_pointers;
    s_wire_item_t *storage = NULL;
    wire.major_items = s_wire_items (reg->items, reg->item_count, &storage);
    wire.n_major_items = reg->item_count;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (wire.major_items);
    free (storage);
    free (unit_pointers);
    free (units);
    return buffer;
}

int
inspection_hazard_register_decode (inspection_hazard_register_t *reg, const uint8_t *data, size_t size)
{
    Inspection__RiskRegister *wire = inspection__risk_register__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (reg, 0, sizeof *reg);
    for (size_t i = 0; i < wire->n_units; i++) {
        const Inspection__ColourCount *unit = wire->units [i];
        inspection_hazard_colour_count_t *count = inspection_hazard_register_add_unit (reg);
        count->unit_code = sf_codec_strdup (unit->unit_code);
        count->unit_name = sf_codec_strdup (unit->unit_name);
        count->red = unit->red;
        count->orange = unit->orange;
        count->yellow = unit->yellow;
        count->blue = unit->blue;
    }
    for (size_t i = 0; i < wire->n_major_items; i++)
        s_item_from_wire (inspection_hazard_register_add_item (reg), wire->major_items [i]);
    inspection__risk_register__free_unpacked (wire, NULL);
    return 0;
}

void
inspection_hazard_register_clear (inspection_hazard_register_t *reg)
{
    for (size_t i = 0; i < reg->unit_count; i++) {
        free (reg->units [i].unit_code);
        free (reg->units [i].unit_name);
    }
    free (reg->units);
    for (size_t i = 0; i < reg->item_count; i++)
        inspection_hazard_item_clear (&reg->items [i]);
    free (reg->items);
    memset (reg, 0, sizeof *reg);
}

//  --------------------------------------------------------------------------------------
//  Import results

void
inspection_hazard_import_result_add_error (inspection_hazard_import_result_t *result, int line,
                                           const char *zh, const char *en)
{
    result->errors = realloc (result->errors, (result->error_count + 1) * sizeof *result->errors);
    assert (result->errors);
    inspection_hazard_import_error_t *error = &result->errors [result->error_count++];
    error->line = line;
    error->zh = sf_codec_strdup (zh);
    error->en = sf_codec_strdup (en);
}

uint8_t *
inspection_hazard_import_result_encode (const inspection_hazard_import_result_t *result, size_t *size)
{
    Inspection__ImportResult wire = INSPECTION__IMPORT_RESULT__INIT;
    Inspection__ImportError *errors = calloc (result->error_count + 1, sizeof *errors);
    Inspection__ImportError **pointers = calloc (result->error_count + 1, sizeof *pointers);
    assert (errors && pointers);
    for (size_t i = 0; i < result->error_count; i++) {
        inspection__import_error__init (&errors [i]);
        errors [i].line = result->errors [i].line;
        errors [i].zh = sf_codec_wire (result->errors [i].zh);
        errors [i].en = sf_codec_wire (result->errors [i].en);
        pointers [i] = &errors [i];
    }
    wire.rows = result->rows;
    wire.lists = result->lists;
    wire.n_errors = result->error_count;
    wire.errors = pointers;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (pointers);
    free (errors);
    return buffer;
}

int
inspection_hazard_import_result_decode (inspection_hazard_import_result_t *result, const uint8_t *data,
                                        size_t size)
{
    Inspection__ImportResult *wire = inspection__import_result__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (result, 0, sizeof *result);
    result->rows = wire->rows;
    result->lists = wire->lists;
    for (size_t i = 0; i < wire->n_errors; i++)
        inspection_hazard_import_result_add_error (result, wire->errors [i]->line, wire->errors [i]->zh,
                                                   wire->errors [i]->en);
    inspection__import_result__free_unpacked (wire, NULL);
    return 0;
}

void
inspection_hazard_import_result_clear (inspection_hazard_import_result_t *result)
{
    for (size_t i = 0; i < result->error_count; i++) {
        free (result->errors [i].zh);
        free (result->errors [i].en);
    }
    free (result->errors);
    memset (result, 0, sizeof *result);
}

//  --------------------------------------------------------------------------------------
//  Requests

int
inspection_hazard_command_decode (const char *type, const uint8_t *body, size_t size,
                                  inspection_hazard_command_t *command)
{
    memset (command, 0, sizeof *command);
    if (!type)
        return -1;
    if (strcmp (type, "inspection.ImportHazardCsv") == 0) {
        Inspection__ImportHazardCsv *wire = inspection__import_hazard_csv__unpack (NULL, size, body);
        if (!wire)
            return -1;
        command->file_name = sf_codec_strdup (wire->file_name);
        command->csv = sf_codec_bytes (wire->csv.data, wire->csv.len);
        command->csv_size = wire->csv.len;
        inspection__import_hazard_csv__free_unpacked (wire, NULL);
    }
    else
    if (strcmp (type, "inspection.AssessRisk") == 0) {
        Inspection__AssessRisk *wire = inspection__assess_risk__unpack (NULL, size, body);
        if (!wire)
            return -1;
        command->l = sf_codec_strdup (wire->l);
        command->e = sf_codec_strdup (wire->e);
        command->c = sf_codec_strdup (wire->c);
        inspection__assess_risk__free_unpacked (wire, NULL);
    }
    else
    if (strcmp (type, "inspection.GetHazardList") == 0) {
        Inspection__GetHazardList *wire = inspection__get_hazard_list__unpack (NULL, size, body);
        if (!wire)
            return -1;
        command->unit_code = sf_codec_strdup (wire->unit_code);
        command->year = wire->year;
        inspection__get_hazard_list__free_unpacked (wire, NULL);
    }
    else
    if (strcmp (type, "inspection.GetRiskRegister") == 0) {
        Inspection__GetRiskRegister *wire = inspection__get_risk_register__unpack (NULL, size, body);
        if (!wire)
            return -1;
        command->unit_code = sf_codec_strdup (wire->unit_code);
        command->year = wire->year;
        inspection__get_risk_register__free_unpacked (wire, NULL);
    }
    else
        return -1;
    //  Every string is set, so a handler reads them without checks.
    char **strings [] = { &command->file_name, &command->l, &command->e, &command->c, &command->unit_code };
    for (size_t i = 0; i < sizeof strings / sizeof strings [0]; i++)
        if (!*strings [i])
            *strings [i] = sf_codec_strdup (NULL);
    if (!command->csv)
        command->csv = sf_codec_bytes (NULL, 0);
    return 0;
}

void
inspection_hazard_command_clear (inspection_hazard_command_t *command)
{
    free (command->file_name);
    free (command->csv);
    free (command->l);
    free (command->e);
    free (command->c);
    free (command->unit_code);
    memset (command, 0, sizeof *command);
}

uint8_t *
inspection_hazard_command_encode (const char *type, const inspection_hazard_command_t *command, size_t *size)
{
    assert (type);
    if (strcmp (type, "inspection.ImportHazardCsv") == 0) {
        Inspection__ImportHazardCsv wire = INSPECTION__IMPORT_HAZARD_CSV__INIT;
        wire.file_name = sf_codec_wire (command->file_name);
        wire.csv.data = command->csv;
        wire.csv.len = command->csv_size;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.AssessRisk") == 0) {
        Inspection__AssessRisk wire = INSPECTION__ASSESS_RISK__INIT;
        wire.l = sf_codec_wire (command->l);
        wire.e = sf_codec_wire (command->e);
        wire.c = sf_codec_wire (command->c);
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.GetHazardList") == 0) {
        Inspection__GetHazardList wire = INSPECTION__GET_HAZARD_LIST__INIT;
        wire.unit_code = sf_codec_wire (command->unit_code);
        wire.year = command->year;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.GetRiskRegister") == 0) {
        Inspection__GetRiskRegister wire = INSPECTION__GET_RISK_REGISTER__INIT;
        wire.unit_code = sf_codec_wire (command->unit_code);
        wire.year = command->year;
        return sf_codec_pack (&wire.base, size);
    }
    return NULL;
}
