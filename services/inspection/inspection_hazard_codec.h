/*  inspection_hazard_codec: the hazard-list part of proto/inspection.proto as plain structs.
    Only this file (and inspection_codec, for the rest of the proto) sees the generated
    protobuf-c types. Strings are owned and never NULL after a decode (NULL encodes as
    empty); the clear functions free them.                                               */
#ifndef INSPECTION_HAZARD_CODEC_H_INCLUDED
#define INSPECTION_HAZARD_CODEC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  inspection.Risk: an LEC assessment.
typedef struct {
    char *l;
    char *e;
    char *c;
    char *d;
    int grade;
    int colour;                  //  inspection.Colour
    char *grade_zh;
    char *grade_en;
} inspection_hazard_risk_t;

//  inspection.HazardItem.
typedef struct {
    int64_t id;
    char *unit_code;
    int year;
    int seq;
    int factor;                  //  inspection.Factor
    char *hazard;
    char *accident_type;         //  GB 6441-1986 category code
    char *measures;
    inspection_hazard_risk_t risk;
    char *accident_type_zh;      //  the category's names, for display
    char *accident_type_en;
} inspection_hazard_item_t;

//  inspection.HazardList.
typedef struct {
    char *unit_code;
    int year;
    int version;
    inspection_hazard_item_t *items;
    size_t count;
    size_t capacity;
} inspection_hazard_list_t;

//  inspection.ColourCount.
typedef struct {
    char *unit_code;
    char *unit_name;
    int red;
    int orange;
    int yellow;
    int blue;
} inspection_hazard_colour_count_t;

//  inspection.RiskRegister.
typedef struct {
    inspection_hazard_colour_count_t *units;
    size_t unit_count;
    size_t unit_capacity;
    inspection_hazard_item_t *items;     //  major_items: red and orange
    size_t item_count;
    size_t item_capacity;
} inspection_hazard_register_t;

typedef struct {
    int line;
    char *zh;
    char *en;
} inspection_hazard_import_error_t;

//  inspection.ImportResult.
typedef struct {
    int rows;
    int lists;
    inspection_hazard_import_error_t *errors;
    size_t error_count;
} inspection_hazard_import_result_t;

//  Every request body of this part, decoded into one struct: each type fills its own
//  fields. ImportHazardCsv: file_name, csv. AssessRisk: l, e, c. GetHazardList and
//  GetRiskRegister: unit_code, year.
typedef struct {
    char *file_name;
    uint8_t *csv;
    size_t csv_size;
    char *l;
    char *e;
    char *c;
    char *unit_code;
    int year;
} inspection_hazard_command_t;

//  Decodes the body of request type ("inspection.ImportHazardCsv", "inspection.AssessRisk",
//  "inspection.GetHazardList", "inspection.GetRiskRegister"). -1 if malformed or unknown.
int inspection_hazard_command_decode (const char *type, const uint8_t *body, size_t size,
                                      inspection_hazard_command_t *command);
void inspection_hazard_command_clear (inspection_hazard_command_t *command);

//  Encodes a request of type, for clients (safetyctl, tests). NULL for an unknown type.
//  Caller frees.
uint8_t *inspection_hazard_command_encode (const char *type, const inspection_hazard_command_t *command,
                                           size_t *size);

uint8_t *inspection_hazard_risk_encode (const inspection_hazard_risk_t *risk, size_t *size);
int inspection_hazard_risk_decode (inspection_hazard_risk_t *risk, const uint8_t *data, size_t size);
void inspection_hazard_risk_clear (inspection_hazard_risk_t *risk);

//  with_items false: the list's header only (the payload of inspection.hazard_list_imported).
uint8_t *inspection_hazard_list_encode (const inspection_hazard_list_t *list, bool with_items, size_t *size);
int inspection_hazard_list_decode (inspection_hazard_list_t *list, const uint8_t *data, size_t size);
//  Appends a zeroed item and returns it.
inspection_hazard_item_t *inspection_hazard_list_add (inspection_hazard_list_t *list);
void inspection_hazard_list_clear (inspection_hazard_list_t *list);
void inspection_hazard_item_clear (inspection_hazard_item_t *item);

uint8_t *inspection_hazard_register_encode (const inspection_hazard_register_t *reg, size_t *size);
int inspection_hazard_register_decode (inspection_hazard_register_t *reg, const uint8_t *data, size_t size);
inspection_hazard_colour_count_t *inspection_hazard_register_add_unit (inspection_hazard_register_t *reg);
inspection_hazard_item_t *inspection_hazard_register_add_item (inspection_hazard_register_t *reg);
void inspection_hazard_register_clear (inspection_hazard_register_t *reg);

uint8_t *inspection_hazard_import_result_encode (const inspection_hazard_import_result_t *result, size_t *size);
int inspection_hazard_import_result_decode (inspection_hazard_import_result_t *result, const uint8_t *data,
                                            size_t size);
void inspection_hazard_import_result_add_error (inspection_hazard_import_result_t *result, int line,
                                                const char *zh, const char *en);
void inspection_hazard_import_result_clear (inspection_hazard_import_result_t *result);

#endif
