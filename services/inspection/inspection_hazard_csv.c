/*  inspection_hazard_csv: the hazard list's columns read through sf_csv and the checks of
    each row on its own. Rows with an error are dropped; the good ones stay in file order
    as items with their LEC assessment.                                                    */
#include "inspection_hazard_csv.h"
#include "inspection_hazard_messages.h"
#include "sf_pb.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    S_COL_UNIT_CODE,
    S_COL_YEAR,
    S_COL_FACTOR,
    S_COL_HAZARD,
    S_COL_ACCIDENT_TYPE,
    S_COL_MEASURES,
    S_COL_L,
    S_COL_E,
    S_COL_C,
    S_COLUMNS
} s_column_t;

//  Each column's English name (as INSPECTION_HAZARD_CSV_HEADER has it) and Chinese name.
static const sf_csv_column_t s_columns [S_COLUMNS] = {
    { "unit_code", "单位编码" }, { "year", "年度" }, { "factor", "因素" }, { "hazard", "危险源" },
    { "accident_type", "事故类型" }, { "measures", "控制措施" }, { "l", "L" }, { "e", "E" }, { "c", "C" }
};

struct _inspection_hazard_csv_t {
    sf_csv_t *csv;                      //  the reader, and then the errors
    Inspection__HazardItem **rows;
    int *lines;                         //  the line each row starts on
    size_t row_count;
};


//  --------------------------------------------------------------------------
//  One row on its own

typedef struct {
    sf_csv_t *csv;
    int line;
    bool bad;
} s_check_t;

static void
s_reject (s_check_t *check, const sf_text_t *text, ...)
{
    check->bad = true;
    va_list args;
    va_start (args, text);
    sf_csv_add_errorv (check->csv, check->line, text, args);
    va_end (args);
}

//  An error quoting a person's value: text takes (const char *value), then up to two ints.
static void
s_reject_value (s_check_t *check, const sf_text_t *text, const char *value, size_t size, int a, int b)
{
    char *shown = sf_csv_shown (value, size);
    s_reject (check, text, shown, a, b);
    free (shown);
}

//  A field that must be one word: a NUL inside makes it no word at all.
static bool
s_word (const char *value, size_t size)
{
    return strlen (value) == size;
}

static void
s_check_unit (s_check_t *check, const char *value, size_t size)
{
    if (size == 0)
        s_reject (check, &INSPECTION_HAZARD_MSG_CSV_UNIT_MISSING);
    else
    if (!s_word (value, size) || !inspection_hazard_unit_code_valid (value))
        s_reject_value (check, &INSPECTION_HAZARD_MSG_CSV_BAD_UNIT_CODE, value, size,
                        INSPECTION_HAZARD_UNIT_CODE_MAX_CHARS, 0);
}

static int
s_check_year (s_check_t *check, const char *value, size_t size)
{
    if (size == 0) {
        s_reject (check, &INSPECTION_HAZARD_MSG_CSV_YEAR_MISSING);
        return 0;
    }
    int year = 0;
    bool digits = size <= 4;
    for (size_t i = 0; digits && i < size; i++) {
        digits = value [i] >= '0' && value [i] <= '9';
        year = year * 10 + (value [i] - '0');
    }
    if (!digits || year < INSPECTION_HAZARD_YEAR_MIN || year > INSPECTION_HAZARD_YEAR_MAX) {
        s_reject_value (check, &INSPECTION_HAZARD_MSG_CSV_BAD_YEAR, value, size,
                        INSPECTION_HAZARD_YEAR_MIN, INSPECTION_HAZARD_YEAR_MAX);
        return 0;
    }
    return year;
}

static Inspection__Factor
s_check_factor (s_check_t *check, const char *value, size_t size)
{
    if (size == 0) {
        s_reject (check, &INSPECTION_HAZARD_MSG_CSV_FACTOR_MISSING);
        return INSPECTION__FACTOR__FACTOR_UNSPECIFIED;
    }
    Inspection__Factor factor = s_word (value, size)? inspection_hazard_factor_parse (value)
                                                    : INSPECTION__FACTOR__FACTOR_UNSPECIFIED;
    if (!factor)
        s_reject_value (check, &INSPECTION_HAZARD_MSG_CSV_BAD_FACTOR, value, size, 0, 0);
    return factor;
}

static void
s_check_text (s_check_t *check, const char *value, size_t size, int max_chars, const sf_text_t *missing,
              const sf_text_t *control, const sf_text_t *too_long)
{
    if (size == 0 || sf_utf8_blank (value))
        s_reject (check, missing);
    else
    if (sf_utf8_has_control_in_text (value, size) || !s_word (value, size))
        s_reject (check, control);
    else {
        size_t chars = sf_utf8_chars (value, size);
        if (chars > (size_t) max_chars)
            s_reject (check, too_long, chars, max_chars);
    }
}

static void
s_check_lec (s_check_t *check, const char *values [3], const size_t sizes [3], inspection_lec_t *risk)
{
    static const char factors [3] = { 'L', 'E', 'C' };
    static const char *names [3] = { "L", "E", "C" };
    bool complete = true;
    for (int i = 0; i < 3; i++) {
        if (sizes [i] == 0) {
            s_reject (check, &INSPECTION_HAZARD_MSG_CSV_LEC_MISSING, names [i]);
            complete = false;
        }
        else
        if (!s_word (values [i], sizes [i]) || !inspection_lec_find (factors [i], values [i])) {
            char allowed [128];
            char *shown = sf_csv_shown (values [i], sizes [i]);
            s_reject (check, &INSPECTION_HAZARD_MSG_BAD_LEC, names [i], shown,
                      inspection_lec_allowed (factors [i], ", ", allowed, sizeof allowed));
            free (shown);
            complete = false;
        }
    }
    if (complete) {
        char bad;
        int rc = inspection_lec_assess (values [0], values [1], values [2], risk, &bad);
        assert (rc == 0);       //  each value was just found in its table
        (void) rc;
    }
}

//  Turns the current row into a row, reporting every problem it has on its own.
static void
s_take_row (inspection_hazard_csv_t *self)
{
    s_check_t check = { self->csv, sf_csv_line (self->csv), false };
    const char *value [S_COLUMNS];
    size_t size [S_COLUMNS];
    for (size_t c = 0; c < S_COLUMNS; c++)
        value [c] = sf_csv_field (self->csv, c, &size [c]);

    s_check_unit (&check, value [S_COL_UNIT_CODE], size [S_COL_UNIT_CODE]);
    int year = s_check_year (&check, value [S_COL_YEAR], size [S_COL_YEAR]);
    Inspection__Factor factor = s_check_factor (&check, value [S_COL_FACTOR], size [S_COL_FACTOR]);
    s_check_text (&check, value [S_COL_HAZARD], size [S_COL_HAZARD], INSPECTION_HAZARD_TEXT_MAX_CHARS,
                  &INSPECTION_HAZARD_MSG_CSV_HAZARD_MISSING, &INSPECTION_HAZARD_MSG_CSV_HAZARD_CONTROL,
                  &INSPECTION_HAZARD_MSG_CSV_HAZARD_TOO_LONG);
    if (size [S_COL_ACCIDENT_TYPE] == 0 || sf_utf8_blank (value [S_COL_ACCIDENT_TYPE]))
        s_reject (&check, &INSPECTION_HAZARD_MSG_CSV_ACCIDENT_TYPE_MISSING);
    else
    if (!s_word (value [S_COL_ACCIDENT_TYPE], size [S_COL_ACCIDENT_TYPE]))
        s_reject_value (&check, &INSPECTION_HAZARD_MSG_CSV_BAD_ACCIDENT_TYPE, value [S_COL_ACCIDENT_TYPE],
                        size [S_COL_ACCIDENT_TYPE], 0, 0);
    s_check_text (&check, value [S_COL_MEASURES], size [S_COL_MEASURES], INSPECTION_HAZARD_MEASURES_MAX_CHARS,
                  &INSPECTION_HAZARD_MSG_CSV_MEASURES_MISSING, &INSPECTION_HAZARD_MSG_CSV_MEASURES_CONTROL,
                  &INSPECTION_HAZARD_MSG_CSV_MEASURES_TOO_LONG);
    const char *lec [3] = { value [S_COL_L], value [S_COL_E], value [S_COL_C] };
    const size_t lec_sizes [3] = { size [S_COL_L], size [S_COL_E], size [S_COL_C] };
    inspection_lec_t risk;
    s_check_lec (&check, lec, lec_sizes, &risk);
    if (check.bad)
        return;

    Inspection__HazardItem *row = sf_pb_add (&self->rows, &self->row_count, &inspection__hazard_item__descriptor);
    self->lines = realloc (self->lines, self->row_count * sizeof *self->lines);
    assert (self->lines);
    self->lines [self->row_count - 1] = check.line;
    row->unit_code = sf_csv_field_copy (self->csv, S_COL_UNIT_CODE);
    row->year = year;
    row->factor = factor;
    row->hazard = sf_csv_field_copy (self->csv, S_COL_HAZARD);
    row->accident_type = sf_csv_field_copy (self->csv, S_COL_ACCIDENT_TYPE);
    row->measures = sf_csv_field_copy (self->csv, S_COL_MEASURES);
    row->risk = sf_pb_new (&inspection__risk__descriptor);
    inspection_lec_risk (&risk, row->risk);
}


//  --------------------------------------------------------------------------
//  Public API

inspection_hazard_csv_t *
inspection_hazard_csv_parse (const char *data, size_t size, size_t max_bytes, size_t max_rows)
{
    inspection_hazard_csv_t *self = calloc (1, sizeof *self);
    assert (self);
    self->csv = sf_csv_new (data, size, s_columns, S_COLUMNS, max_bytes, max_rows);
    while (sf_csv_next (self->csv))
        s_take_row (self);
    return self;
}

void
inspection_hazard_csv_destroy (inspection_hazard_csv_t **self_p)
{
    assert (self_p);
    inspection_hazard_csv_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->row_count; i++)
        sf_pb_destroy (&self->rows [i]);
    free (self->rows);
    free (self->lines);
    sf_csv_destroy (&self->csv);
    free (self);
    *self_p = NULL;
}

size_t
inspection_hazard_csv_row_count (inspection_hazard_csv_t *self)
{
    assert (self);
    return self->row_count;
}

Inspection__HazardItem *
inspection_hazard_csv_row (inspection_hazard_csv_t *self, size_t index)
{
    assert (self);
    assert (index < self->row_count);
    return self->rows [index];
}

int
inspection_hazard_csv_line (inspection_hazard_csv_t *self, size_t index)
{
    assert (self);
    assert (index < self->row_count);
    return self->lines [index];
}

size_t
inspection_hazard_csv_error_count (inspection_hazard_csv_t *self)
{
    assert (self);
    return sf_csv_error_count (self->csv);
}

const inspection_hazard_csv_error_t *
inspection_hazard_csv_error (inspection_hazard_csv_t *self, size_t index)
{
    assert (self);
    return sf_csv_error (self->csv, index);
}

void
inspection_hazard_csv_add_error (inspection_hazard_csv_t *self, int line, const sf_text_t *text, ...)
{
    assert (self);
    va_list args;
    va_start (args, text);
    sf_csv_add_errorv (self->csv, line, text, args);
    va_end (args);
}

bool
inspection_hazard_csv_full (inspection_hazard_csv_t *self)
{
    assert (self);
    return sf_csv_full (self->csv);
}

bool
inspection_hazard_unit_code_valid (const char *code)
{
    assert (code);
    size_t size = strlen (code);
    if (size == 0 || size > INSPECTION_HAZARD_UNIT_CODE_MAX_CHARS)
        return false;
    for (size_t i = 0; i < size; i++) {
        char c = code [i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}
