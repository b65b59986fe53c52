/*  inspection_hazard_csv: a record reader (RFC 4180, counting physical lines as it goes),
    the header, and the checks of each row on its own. Rows with an error are dropped; the
    good ones stay in file order with their LEC assessment.                               */
#include "inspection_hazard_csv.h"
#include "inspection_hazard_messages.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
static const char *s_column_names [S_COLUMNS][2] = {
    { "unit_code", "单位编码" }, { "year", "年度" }, { "factor", "因素" }, { "hazard", "危险源" },
    { "accident_type", "事故类型" }, { "measures", "控制措施" }, { "l", "L" }, { "e", "E" }, { "c", "C" }
};

//  The factors: inspection.Factor - 1 indexes them.
static const char *s_factor_names [5][2] = {
    { "人", "man" }, { "机", "machine" }, { "料", "material" }, { "法", "method" }, { "环", "environment" }
};

//  How many code points of a person's value an error message repeats.
#define S_SHOWN_CHARS 32

struct _inspection_hazard_csv_t {
    inspection_hazard_csv_row_t *rows;
    size_t row_count;
    size_t row_capacity;
    inspection_hazard_csv_error_t errors [INSPECTION_HAZARD_CSV_MAX_ERRORS];
    size_t error_count;
    bool full;                          //  errors were dropped; too_many says so
    inspection_hazard_csv_error_t too_many;
};


//  --------------------------------------------------------------------------
//  Reader: one record at a time; the fields are unquoted into one buffer, each followed
//  by a NUL.

typedef enum {
    S_READ_OK,
    S_READ_END,                 //  no more input
    S_READ_STRAY_QUOTE,         //  a quote inside an unquoted field or after a closing quote
    S_READ_UNCLOSED             //  a quoted field runs to the end of the input
} s_read_t;

typedef struct {
    size_t start;
    size_t size;
} s_field_t;

typedef struct {
    const char *data;
    size_t size;
    size_t pos;
    int line;                   //  physical line at pos
    int record_line;            //  line the last record started on
    size_t record_start;        //  bytes of the last record, for the UTF-8 check
    size_t record_end;
    int stray_field;            //  1-based field with the misplaced quote
    char *text;
    size_t text_size;
    size_t text_capacity;
    s_field_t *fields;
    size_t field_count;
    size_t field_capacity;
} s_reader_t;

static void
s_reader_init (s_reader_t *self, const char *data, size_t size)
{
    memset (self, 0, sizeof *self);
    self->data = data;
    self->size = size;
    self->line = 1;
    if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        self->pos = 3;
}

static void
s_reader_clear (s_reader_t *self)
{
    free (self->text);
    free (self->fields);
}

static void
s_reader_put (s_reader_t *self, const char *bytes, size_t size)
{
    if (size == 0)
        return;
    if (self->text_size + size > self->text_capacity) {
        size_t capacity = self->text_capacity? self->text_capacity: 256;
        while (capacity < self->text_size + size)
            capacity *= 2;
        self->text = realloc (self->text, capacity);
        assert (self->text);
        self->text_capacity = capacity;
    }
    memcpy (self->text + self->text_size, bytes, size);
    self->text_size += size;
}

static bool
s_reader_at_line_end (s_reader_t *self)
{
    return self->pos < self->size && (self->data [self->pos] == '\n' || self->data [self->pos] == '\r');
}

//  Steps over the line end at pos (CRLF, LF or CR); returns how many bytes it had.
static size_t
s_reader_pass_line_end (s_reader_t *self)
{
    size_t bytes = self->data [self->pos] == '\r' && self->pos + 1 < self->size
                && self->data [self->pos + 1] == '\n'? 2: 1;
    self->pos += bytes;
    self->line++;
    return bytes;
}

//  Starts a field at the end of the text.
static void
s_reader_field_open (s_reader_t *self)
{
    if (self->field_count == self->field_capacity) {
        self->field_capacity = self->field_capacity? self->field_capacity * 2: 16;
        self->fields = realloc (self->fields, self->field_capacity * sizeof *self->fields);
        assert (self->fields);
    }
    self->fields [self->field_count].start = self->text_size;
}

//  Ends the field: trimmed of spaces and tabs, followed by a NUL.
static void
s_reader_field_close (s_reader_t *self)
{
    s_field_t *field = &self->fields [self->field_count++];
    size_t end = self->text_size;
    s_reader_put (self, "", 1);
    while (field->start < end && (self->text [field->start] == ' ' || self->text [field->start] == '\t'))
        field->start++;
    while (end > field->start && (self->text [end - 1] == ' ' || self->text [end - 1] == '\t'))
        end--;
    self->text [end] = 0;
    field->size = end - field->start;
}

//  Ends a record at pos, stepping over its line end.
static s_read_t
s_reader_record_end (s_reader_t *self, s_read_t result)
{
    self->record_end = self->pos;
    if (self->pos < self->size)
        s_reader_pass_line_end (self);
    return result;
}

//  A quote where none may be: the record ends at the next line end, quotes or not.
static s_read_t
s_reader_stray_quote (s_reader_t *self)
{
    self->stray_field = (int) self->field_count + 1;
    while (self->pos < self->size && !s_reader_at_line_end (self))
        self->pos++;
    return s_reader_record_end (self, S_READ_STRAY_QUOTE);
}

//  Reads a quoted field from the opening quote at pos. 0, or -1 when it is not closed.
static int
s_reader_quoted (s_reader_t *self)
{
    self->pos++;
    while (self->pos < self->size) {
        char c = self->data [self->pos];
        if (c == '"') {
            if (self->pos + 1 < self->size && self->data [self->pos + 1] == '"') {
                s_reader_put (self, "\"", 1);
                self->pos += 2;
                continue;
            }
            self->pos++;
            return 0;
        }
        if (s_reader_at_line_end (self)) {
            size_t from = self->pos;
            s_reader_put (self, self->data + from, s_reader_pass_line_end (self));
        }
        else
            s_reader_put (self, self->data + self->pos++, 1);
    }
    return -1;
}

static s_read_t
s_reader_next (s_reader_t *self)
{
    if (self->pos >= self->size)
        return S_READ_END;
    self->record_line = self->line;
    self->record_start = self->pos;
    self->text_size = 0;
    self->field_count = 0;
    while (true) {
        s_reader_field_open (self);
        if (self->pos < self->size && self->data [self->pos] == '"') {
            if (s_reader_quoted (self)) {
                self->record_end = self->size;
                return S_READ_UNCLOSED;
            }
            if (self->pos < self->size && self->data [self->pos] != ',' && !s_reader_at_line_end (self))
                return s_reader_stray_quote (self);
        }
        else {
            size_t from = self->pos;
            while (self->pos < self->size && self->data [self->pos] != ',' && !s_reader_at_line_end (self)) {
                if (self->data [self->pos] == '"')
                    return s_reader_stray_quote (self);
                self->pos++;
            }
            s_reader_put (self, self->data + from, self->pos - from);
        }
        s_reader_field_close (self);
        if (self->pos < self->size && self->data [self->pos] == ',')
            self->pos++;
        else
            return s_reader_record_end (self, S_READ_OK);
    }
}

static const char *
s_reader_field (s_reader_t *self, size_t index, size_t *size)
{
    *size = self->fields [index].size;
    return self->text + self->fields [index].start;
}

static bool
s_reader_blank (s_reader_t *self)
{
    for (size_t i = 0; i < self->field_count; i++)
        if (self->fields [i].size)
            return false;
    return true;
}


//  --------------------------------------------------------------------------
//  Errors

//  A person's value as an error message repeats it: at most S_SHOWN_CHARS code points,
//  control characters as '?'. The text must be valid UTF-8. Caller frees.
static char *
s_shown (const char *text, size_t size)
{
    char *shown = malloc (size + sizeof "…");
    assert (shown);
    size_t out = 0, chars = 0, i = 0;
    while (i < size && chars < S_SHOWN_CHARS) {
        size_t length = 1;
        while (i + length < size && ((unsigned char) text [i + length] & 0xC0) == 0x80)
            length++;
        if (sf_utf8_has_control (text + i, length))
            shown [out++] = '?';
        else {
            memcpy (shown + out, text + i, length);
            out += length;
        }
        i += length;
        chars++;
    }
    if (i < size) {
        memcpy (shown + out, "…", sizeof "…" - 1);
        out += sizeof "…" - 1;
    }
    shown [out] = 0;
    return shown;
}

static void
s_add_errorv (inspection_hazard_csv_t *self, int line, const sf_text_t *text, va_list args)
{
    if (self->error_count == INSPECTION_HAZARD_CSV_MAX_ERRORS) {
        if (!self->full) {
            self->full = true;
            sf_text_format (&INSPECTION_HAZARD_MSG_CSV_TOO_MANY_ERRORS, &self->too_many.zh, &self->too_many.en,
                            (int) INSPECTION_HAZARD_CSV_MAX_ERRORS);
            assert (self->too_many.zh && self->too_many.en);
        }
        return;
    }
    inspection_hazard_csv_error_t error = { line, NULL, NULL };
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text, &zh, &en, args);
    assert (zh && en);
    if (line > 0) {
        char *unused = NULL;
        sf_text_format (&INSPECTION_HAZARD_MSG_CSV_LINE, &error.zh, &unused, line, zh);
        free (unused);
        sf_text_format (&INSPECTION_HAZARD_MSG_CSV_LINE, &unused, &error.en, line, en);
        free (unused);
        free (zh);
        free (en);
        assert (error.zh && error.en);
    }
    else {
        error.zh = zh;
        error.en = en;
    }
    //  After every error of the same or an earlier line, so a row's errors keep the order
    //  they were found in.
    size_t at = self->error_count;
    while (at > 0 && self->errors [at - 1].line > line)
        at--;
    memmove (&self->errors [at + 1], &self->errors [at], (self->error_count - at) * sizeof self->errors [0]);
    self->errors [at] = error;
    self->error_count++;
}

void
inspection_hazard_csv_add_error (inspection_hazard_csv_t *self, int line, const sf_text_t *text, ...)
{
    assert (self);
    assert (text);
    va_list args;
    va_start (args, text);
    s_add_errorv (self, line, text, args);
    va_end (args);
}

//  --------------------------------------------------------------------------
//  Header and row shape

//  The column a header field names, or -1.
static int
s_column_lookup (s_reader_t *reader, size_t field)
{
    size_t size;
    const char *name = s_reader_field (reader, field, &size);
    for (int c = 0; c < S_COLUMNS; c++) {
        const char *en = s_column_names [c][0], *zh = s_column_names [c][1];
        if ((strlen (en) == size && strncasecmp (name, en, size) == 0)
        ||  (strlen (zh) == size && memcmp (name, zh, size) == 0))
            return c;
    }
    return -1;
}

//  Problems that keep a record from being read at all; false after reporting one.
static bool
s_readable (inspection_hazard_csv_t *self, s_reader_t *reader, s_read_t result)
{
    int line = reader->record_line;
    if (!sf_utf8_valid (reader->data + reader->record_start, reader->record_end - reader->record_start))
        inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_BAD_UTF8);
    else
    if (result == S_READ_STRAY_QUOTE)
        inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_STRAY_QUOTE, reader->stray_field);
    else
    if (result == S_READ_UNCLOSED)
        inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_UNCLOSED_QUOTE);
    else
        return true;
    return false;
}

//  Fills column_of [field] from the header record; false after reporting what is wrong.
static bool
s_take_header (inspection_hazard_csv_t *self, s_reader_t *reader, s_read_t result, s_column_t column_of [S_COLUMNS])
{
    if (!s_readable (self, reader, result))
        return false;
    int line = reader->record_line;
    size_t known = 0;
    for (size_t f = 0; f < reader->field_count; f++)
        if (s_column_lookup (reader, f) >= 0)
            known++;
    if (known == 0) {
        //  Most likely a file without a header: one error says so better than nine.
        inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_NO_HEADER, INSPECTION_HAZARD_CSV_HEADER);
        return false;
    }
    bool ok = true;
    int field_of [S_COLUMNS];
    for (int c = 0; c < S_COLUMNS; c++)
        field_of [c] = -1;
    for (size_t f = 0; f < reader->field_count; f++) {
        int column = s_column_lookup (reader, f);
        if (column < 0) {
            size_t size;
            const char *name = s_reader_field (reader, f, &size);
            char *shown = s_shown (name, size);
            inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_UNKNOWN_COLUMN, (int) f + 1,
                                             shown, INSPECTION_HAZARD_CSV_HEADER);
            free (shown);
            ok = false;
        }
        else
        if (field_of [column] >= 0) {
            inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_DUPLICATE_COLUMN,
                                             s_column_names [column][0]);
            ok = false;
        }
        else
            field_of [column] = (int) f;
    }
    for (int c = 0; c < S_COLUMNS; c++)
        if (field_of [c] < 0) {
            inspection_hazard_csv_add_error (self, line, &INSPECTION_HAZARD_MSG_CSV_MISSING_COLUMN, s_column_names [c][0]);
            ok = false;
        }
    if (ok)         //  every column named exactly once, by S_COLUMNS fields
        for (int c = 0; c < S_COLUMNS; c++)
            column_of [field_of [c]] = (s_column_t) c;
    return ok;
}


//  --------------------------------------------------------------------------
//  One row on its own

typedef struct {
    inspection_hazard_csv_t *csv;
    int line;
    bool bad;
} s_check_t;

static void
s_reject (s_check_t *check, const sf_text_t *text, ...)
{
    check->bad = true;
    va_list args;
    va_start (args, text);
    s_add_errorv (check->csv, check->line, text, args);
    va_end (args);
}

//  An error quoting a person's value: text takes (const char *value), then up to two ints.
static void
s_reject_value (s_check_t *check, const sf_text_t *text, const char *value, size_t size, int a, int b)
{
    char *shown = s_shown (value, size);
    s_reject (check, text, shown, a, b);
    free (shown);
}

//  A control character other than a line break or a tab (C0, DEL, C1), or a NUL.
static bool
s_has_control (const char *text, size_t size)
{
    const unsigned char *s = (const unsigned char *) text;
    for (size_t i = 0; i < size; i++) {
        if (s [i] == '\n' || s [i] == '\r' || s [i] == '\t')
            continue;
        if (s [i] < 0x20 || s [i] == 0x7F || (s [i] == 0xC2 && i + 1 < size && s [i + 1] <= 0x9F))
            return true;
    }
    return false;
}

static char *
s_copy (const char *text, size_t size)
{
    char *copy = malloc (size + 1);
    assert (copy);
    memcpy (copy, text, size);
    copy [size] = 0;
    return copy;
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

static int
s_check_factor (s_check_t *check, const char *value, size_t size)
{
    if (size == 0) {
        s_reject (check, &INSPECTION_HAZARD_MSG_CSV_FACTOR_MISSING);
        return 0;
    }
    int factor = s_word (value, size)? inspection_hazard_factor_parse (value): 0;
    if (!factor)
        s_reject_value (check, &INSPECTION_HAZARD_MSG_CSV_BAD_FACTOR, value, size, 0, 0);
    return factor;
}

static void
s_check_text (s_check_t *check, const char *value, size_t size, int max_chars, const sf_text_t *missing,
              const sf_text_t *control, const sf_text_t *too_long)
{
    if (size == 0)
        s_reject (check, missing);
    else
    if (s_has_control (value, size) || !s_word (value, size))
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
            char *shown = s_shown (values [i], sizes [i]);
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

static void
s_row_clear (inspection_hazard_csv_row_t *row)
{
    free (row->unit_code);
    free (row->hazard);
    free (row->accident_type);
    free (row->measures);
}

//  Turns the record just read into a row, reporting every problem it has on its own.
static void
s_take_row (inspection_hazard_csv_t *self, s_reader_t *reader, s_read_t result, const s_column_t column_of [S_COLUMNS])
{
    if (!s_readable (self, reader, result))
        return;
    s_check_t check = { self, reader->record_line, false };
    if (reader->field_count != S_COLUMNS) {
        s_reject (&check, &INSPECTION_HAZARD_MSG_CSV_FIELD_COUNT, (int) S_COLUMNS, (int) reader->field_count);
        return;
    }
    const char *value [S_COLUMNS];
    size_t size [S_COLUMNS];
    for (size_t f = 0; f < S_COLUMNS; f++)
        value [column_of [f]] = s_reader_field (reader, f, &size [column_of [f]]);

    inspection_hazard_csv_row_t row = { .line = check.line };
    s_check_unit (&check, value [S_COL_UNIT_CODE], size [S_COL_UNIT_CODE]);
    row.year = s_check_year (&check, value [S_COL_YEAR], size [S_COL_YEAR]);
    row.factor = s_check_factor (&check, value [S_COL_FACTOR], size [S_COL_FACTOR]);
    s_check_text (&check, value [S_COL_HAZARD], size [S_COL_HAZARD], INSPECTION_HAZARD_TEXT_MAX_CHARS,
                  &INSPECTION_HAZARD_MSG_CSV_HAZARD_MISSING, &INSPECTION_HAZARD_MSG_CSV_HAZARD_CONTROL,
                  &INSPECTION_HAZARD_MSG_CSV_HAZARD_TOO_LONG);
    if (size [S_COL_ACCIDENT_TYPE] == 0)
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
    s_check_lec (&check, lec, lec_sizes, &row.risk);
    if (check.bad)
        return;

    row.unit_code = s_copy (value [S_COL_UNIT_CODE], size [S_COL_UNIT_CODE]);
    row.hazard = s_copy (value [S_COL_HAZARD], size [S_COL_HAZARD]);
    row.accident_type = s_copy (value [S_COL_ACCIDENT_TYPE], size [S_COL_ACCIDENT_TYPE]);
    row.measures = s_copy (value [S_COL_MEASURES], size [S_COL_MEASURES]);
    if (self->row_count == self->row_capacity) {
        self->row_capacity = self->row_capacity? self->row_capacity * 2: 64;
        self->rows = realloc (self->rows, self->row_capacity * sizeof *self->rows);
        assert (self->rows);
    }
    self->rows [self->row_count++] = row;
}


//  --------------------------------------------------------------------------
//  Public API

inspection_hazard_csv_t *
inspection_hazard_csv_parse (const char *data, size_t size, size_t max_bytes, size_t max_rows)
{
    assert (data || size == 0);
    inspection_hazard_csv_t *self = calloc (1, sizeof *self);
    assert (self);
    if (size > max_bytes) {
        inspection_hazard_csv_add_error (self, 0, &INSPECTION_HAZARD_MSG_CSV_TOO_LARGE, size, max_bytes);
        return self;
    }
    s_reader_t reader;
    s_reader_init (&reader, data, size);
    s_read_t result;
    do
        result = s_reader_next (&reader);
    while (result == S_READ_OK && s_reader_blank (&reader));

    s_column_t column_of [S_COLUMNS];
    if (result == S_READ_END)
        inspection_hazard_csv_add_error (self, 0, &INSPECTION_HAZARD_MSG_CSV_EMPTY, INSPECTION_HAZARD_CSV_HEADER);
    else
    if (s_take_header (self, &reader, result, column_of)) {
        size_t data_rows = 0;
        while (!self->full) {
            result = s_reader_next (&reader);
            if (result == S_READ_END)
                break;
            if (result == S_READ_OK && s_reader_blank (&reader))
                continue;
            if (++data_rows > max_rows) {
                inspection_hazard_csv_add_error (self, 0, &INSPECTION_HAZARD_MSG_CSV_TOO_MANY_ROWS, max_rows);
                break;
            }
            s_take_row (self, &reader, result, column_of);
        }
        if (data_rows == 0)
            inspection_hazard_csv_add_error (self, 0, &INSPECTION_HAZARD_MSG_CSV_NO_ROWS);
    }
    s_reader_clear (&reader);
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
        s_row_clear (&self->rows [i]);
    free (self->rows);
    for (size_t i = 0; i < self->error_count; i++) {
        free (self->errors [i].zh);
        free (self->errors [i].en);
    }
    free (self->too_many.zh);
    free (self->too_many.en);
    free (self);
    *self_p = NULL;
}

size_t
inspection_hazard_csv_row_count (inspection_hazard_csv_t *self)
{
    assert (self);
    return self->row_count;
}

const inspection_hazard_csv_row_t *
inspection_hazard_csv_row (inspection_hazard_csv_t *self, size_t index)
{
    assert (self);
    assert (index < self->row_count);
    return &self->rows [index];
}

size_t
inspection_hazard_csv_error_count (inspection_hazard_csv_t *self)
{
    assert (self);
    return self->error_count + (self->full? 1: 0);
}

const inspection_hazard_csv_error_t *
inspection_hazard_csv_error (inspection_hazard_csv_t *self, size_t index)
{
    assert (self);
    assert (index < inspection_hazard_csv_error_count (self));
    return index < self->error_count? &self->errors [index]: &self->too_many;
}

bool
inspection_hazard_csv_full (inspection_hazard_csv_t *self)
{
    assert (self);
    return self->full;
}

int
inspection_hazard_factor_parse (const char *word)
{
    assert (word);
    for (int i = 0; i < 5; i++)
        if (strcmp (word, s_factor_names [i][0]) == 0 || strcasecmp (word, s_factor_names [i][1]) == 0)
            return i + 1;
    return 0;
}

const char *
inspection_hazard_factor_zh (int factor)
{
    return factor >= 1 && factor <= 5? s_factor_names [factor - 1][0]: "";
}

const char *
inspection_hazard_factor_en (int factor)
{
    return factor >= 1 && factor <= 5? s_factor_names [factor - 1][1]: "";
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
