/*  inspection_hazard_csv: parses and checks a hazard list import file
    (inspection.ImportHazardCsv) without touching the database. The file is read by sf_csv
    (UTF-8 CSV as RFC 4180 has it, an optional BOM, fields trimmed, blank rows skipped) and
    has the header
        unit_code,year,factor,hazard,accident_type,measures,l,e,c
    with the columns in any order, named in English (any case) or in Chinese (单位编码, 年度,
    因素, 危险源, 事故类型, 控制措施, L, E, C).

    Each row is checked on its own: the unit code's shape, the year, the factor (人/机/料/
    法/环 or man/machine/material/method/environment), the texts, and L, E and C against
    the published LEC tables (inspection_lec), which also grade the row. What needs the
    database (the unit in the org directory, the accident category) is left to the caller,
    who adds what it finds wrong to the same error list. Every bad row is reported (up to
    INSPECTION_HAZARD_CSV_MAX_ERRORS) with the physical line it starts on, in both
    languages, so one attempt shows the person all there is to correct.                   */
#ifndef INSPECTION_HAZARD_CSV_H_INCLUDED
#define INSPECTION_HAZARD_CSV_H_INCLUDED

#include "inspection_hazard_names.h"
#include "inspection_lec.h"
#include "sf_csv.h"

#include <stdbool.h>
#include <stddef.h>

#define INSPECTION_HAZARD_CSV_MAX_ERRORS SF_CSV_MAX_ERRORS   //  more are dropped and one last error says so
#define INSPECTION_HAZARD_UNIT_CODE_MAX_CHARS 32
#define INSPECTION_HAZARD_YEAR_MIN 2000
#define INSPECTION_HAZARD_YEAR_MAX 2100
#define INSPECTION_HAZARD_TEXT_MAX_CHARS 500     //  the hazard
#define INSPECTION_HAZARD_MEASURES_MAX_CHARS 2000

//  One problem: line (0 for the file as a whole), zh and en, which start with the line.
typedef sf_csv_error_t inspection_hazard_csv_error_t;

typedef struct _inspection_hazard_csv_t inspection_hazard_csv_t;

//  Parses size bytes of data. A file of more than max_bytes bytes or more than max_rows
//  data rows is refused with one error. Never returns NULL; the result holds the good rows
//  and the errors, and the import may go ahead only when there are no errors.
inspection_hazard_csv_t *inspection_hazard_csv_parse (const char *data, size_t size, size_t max_bytes,
                                                      size_t max_rows);
void inspection_hazard_csv_destroy (inspection_hazard_csv_t **self_p);

//  Good rows in file order. A row that has any error found by the parser is not among them.
//  A row is an item with unit_code, year, factor, hazard, measures, risk (l, e and c as the
//  tables write them, d and grade) and accident_type as written: a category code or Chinese
//  name, for the caller to resolve. The caller may change it (the category, seq).
size_t inspection_hazard_csv_row_count (inspection_hazard_csv_t *self);
Inspection__HazardItem *inspection_hazard_csv_row (inspection_hazard_csv_t *self, size_t index);

//  The 1-based physical line the row starts on.
int inspection_hazard_csv_line (inspection_hazard_csv_t *self, size_t index);

//  The file's errors, to which the caller adds what it finds, e.g. (self, line,
//  &INSPECTION_HAZARD_MSG_CSV_UNKNOWN_UNIT, row->unit_code): as sf_csv_error_count,
//  sf_csv_error, sf_csv_add_error and sf_csv_full have them (in line order, capped).
size_t inspection_hazard_csv_error_count (inspection_hazard_csv_t *self);
const inspection_hazard_csv_error_t *inspection_hazard_csv_error (inspection_hazard_csv_t *self, size_t index);
void inspection_hazard_csv_add_error (inspection_hazard_csv_t *self, int line, const sf_text_t *text, ...);
bool inspection_hazard_csv_full (inspection_hazard_csv_t *self);

//  True for a unit code of the org directory's shape: 1 to 32 of [A-Za-z0-9_-].
bool inspection_hazard_unit_code_valid (const char *code);

#endif
