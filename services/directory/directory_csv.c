/*  directory_csv: a reader that splits the file into records (RFC 4180, counting physical
    lines as it goes), the checks of each row on its own, then the checks of rows against
    each other (duplicate codes, one company, parents on earlier lines and of an allowed
    kind). Rows with any error are dropped at the end; the good ones stay in file order.  */
#include "directory_csv.h"
#include "directory_messages.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

//  The columns, in the order DIRECTORY_CSV_HEADER names them.
typedef enum {
    S_COL_KIND,
    S_COL_CODE,
    S_COL_PARENT_CODE,
    S_COL_NAME_ZH,
    S_COL_NAME_EN,
    S_COL_EMPLOYMENT_TYPE,
    S_COLUMNS
} s_column_t;

static const char *s_column_names [S_COLUMNS] = {
    "kind", "code", "parent_code", "name_zh", "name_en", "employment_type"
};

//  How many code points of a person's value an error message repeats.
#define S_SHOWN_CHARS 32

typedef struct {
    directory_csv_row_t row;
    bool code_ok;           //  the code is well formed, so other rows can name it as parent
    bool bad;               //  the row has an error and will be dropped
} s_record_t;

struct _directory_csv_t {
    s_record_t *records;    //  every row read; after parsing, only the good ones
    size_t record_count;
    size_t record_capacity;
    const char **externals;
    size_t external_count;
    directory_csv_error_t errors [DIRECTORY_CSV_MAX_ERRORS];
    size_t error_count;
    bool truncated;         //  errors were dropped; too_many says so
    directory_csv_error_t too_many;
};

typedef enum {
    S_RECORD_OK,
    S_RECORD_END,           //  no more input
    S_RECORD_STRAY_QUOTE,   //  a quote inside an unquoted field or after a closing quote
    S_RECORD_UNCLOSED       //  a quoted field runs to the end of the input
} s_result_t;

//  Reads records one at a time. Field values are unquoted into one buffer, each ending
//  with a NUL so that it can also be used as a C string once its length is checked.
typedef struct {
    const char *data;
    size_t size;
    size_t pos;
    int line;               //  physical line at pos
    int record_line;        //  line the last record started on
    size_t raw_start;       //  bytes of the last record, line end excluded
    size_t raw_end;
    int stray_field;        //  1-based field holding the stray quote
    char *text;
    size_t text_size;
    size_t text_capacity;
    size_t *starts;
    size_t *lengths;
    size_t field_count;
    size_t field_capacity;
} s_reader_t;


//  --------------------------------------------------------------------------
//  Reader

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
    free (self->starts);
    free (self->lengths);
}

static void
s_reader_append (s_reader_t *self, const char *bytes, size_t size)
{
    if (self->text_size + size + 1 > self->text_capacity) {
        size_t capacity = self->text_capacity? self->text_capacity * 2: 256;
        while (capacity < self->text_size + size + 1)
            capacity *= 2;
        self->text = realloc (self->text, capacity);
        assert (self->text);
        self->text_capacity = capacity;
    }
    memcpy (self->text + self->text_size, bytes, size);
    self->text_size += size;
}

static void
s_reader_field_begin (s_reader_t *self)
{
    if (self->field_count == self->field_capacity) {
        self->field_capacity = self->field_capacity? self->field_capacity * 2: 8;
        self->starts = realloc (self->starts, self->field_capacity * sizeof *self->starts);
        self->lengths = realloc (self->lengths, self->field_capacity * sizeof *self->lengths);
        assert (self->starts && self->lengths);
    }
    self->starts [self->field_count] = self->text_size;
}

//  Ends the field, trimmed of spaces and tabs, with a NUL after it.
static void
s_reader_field_end (s_reader_t *self)
{
    s_reader_append (self, "", 1);
    size_t start = self->starts [self->field_count];
    size_t end = self->text_size - 1;
    while (start < end && (self->text [start] == ' ' || self->text [start] == '\t'))
        start++;
    while (end > start && (self->text [end - 1] == ' ' || self->text [end - 1] == '\t'))
        end--;
    self->text [end] = 0;
    self->starts [self->field_count] = start;
    self->lengths [self->field_count] = end - start;
    self->field_count++;
}

static bool
s_reader_at_break (s_reader_t *self)
{
    return self->pos < self->size
        && (self->data [self->pos] == '\r' || self->data [self->pos] == '\n');
}

//  Steps over one line end (CRLF, LF or CR) at pos.
static void
s_reader_skip_break (s_reader_t *self)
{
    if (self->data [self->pos] == '\r' && self->pos + 1 < self->size
    &&  self->data [self->pos + 1] == '\n')
        self->pos++;
    self->pos++;
    self->line++;
}

//  After a stray quote: the record ends at the next line end, quotes or not.
static s_result_t
s_reader_skip_line (s_reader_t *self)
{
    self->stray_field = (int) self->field_count + 1;
    while (self->pos < self->size && !s_reader_at_break (self))
        self->pos++;
    self->raw_end = self->pos;
    if (self->pos < self->size)
        s_reader_skip_break (self);
    return S_RECORD_STRAY_QUOTE;
}

static s_result_t
s_reader_next (s_reader_t *self)
{
    if (self->pos >= self->size)
        return S_RECORD_END;
    self->record_line = self->line;
    self->raw_start = self->pos;
    self->text_size = 0;
    self->field_count = 0;
    const char *data = self->data;
    while (true) {
        s_reader_field_begin (self);
        if (self->pos < self->size && data [self->pos] == '"') {
            self->pos++;
            bool closed = false;
            while (self->pos < self->size && !closed) {
                if (data [self->pos] == '"') {
                    if (self->pos + 1 < self->size && data [self->pos + 1] == '"') {
                        s_reader_append (self, "\"", 1);
                        self->pos += 2;
                    }
                    else {
                        self->pos++;
                        closed = true;
                    }
                }
                else
                if (s_reader_at_break (self)) {
                    size_t from = self->pos;
                    s_reader_skip_break (self);
                    s_reader_append (self, data + from, self->pos - from);
                }
                else
                    s_reader_append (self, data + self->pos++, 1);
            }
            if (!closed) {
                self->raw_end = self->size;
                return S_RECORD_UNCLOSED;
            }
            if (self->pos < self->size && data [self->pos] != ',' && !s_reader_at_break (self))
                return s_reader_skip_line (self);
        }
        else {
            size_t from = self->pos;
            while (self->pos < self->size && data [self->pos] != ',' && !s_reader_at_break (self)) {
                if (data [self->pos] == '"')
                    return s_reader_skip_line (self);
                self->pos++;
            }
            s_reader_append (self, data + from, self->pos - from);
        }
        s_reader_field_end (self);
        if (self->pos < self->size && data [self->pos] == ',') {
            self->pos++;
            continue;
        }
        self->raw_end = self->pos;
        if (self->pos < self->size)
            s_reader_skip_break (self);
        return S_RECORD_OK;
    }
}

static const char *
s_reader_field (s_reader_t *self, size_t index, size_t *length)
{
    *length = self->lengths [index];
    return self->text + self->starts [index];
}

static bool
s_reader_blank (s_reader_t *self)
{
    for (size_t i = 0; i < self->field_count; i++)
        if (self->lengths [i])
            return false;
    return true;
}


//  --------------------------------------------------------------------------
//  Text checks

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

static char *
s_copy (const char *text, size_t size)
{
    char *copy = malloc (size + 1);
    assert (copy);
    memcpy (copy, text, size);
    copy [size] = 0;
    return copy;
}


//  --------------------------------------------------------------------------
//  Errors

static char *
s_format_line (const char *format, int line, const char *reason)
{
    char *text = NULL;
    if (asprintf (&text, format, line, reason) < 0)
        text = NULL;
    assert (text);
    return text;
}

static void
s_truncate (directory_csv_t *self)
{
    if (self->truncated)
        return;
    self->truncated = true;
    self->too_many.line = 0;
    sf_text_format (&DIRECTORY_MSG_CSV_TOO_MANY_ERRORS, &self->too_many.zh, &self->too_many.en,
                    (int) DIRECTORY_CSV_MAX_ERRORS);
    assert (self->too_many.zh && self->too_many.en);
}

static void
s_add_errorv (directory_csv_t *self, int line, const sf_text_t *text, va_list args)
{
    if (self->error_count == DIRECTORY_CSV_MAX_ERRORS) {
        s_truncate (self);
        return;
    }
    directory_csv_error_t error = { line, NULL, NULL };
    sf_text_formatv (text, &error.zh, &error.en, args);
    assert (error.zh && error.en);
    if (line > 0) {
        char *zh = s_format_line (DIRECTORY_MSG_CSV_LINE.zh, line, error.zh);
        char *en = s_format_line (DIRECTORY_MSG_CSV_LINE.en, line, error.en);
        free (error.zh);
        free (error.en);
        error.zh = zh;
        error.en = en;
    }
    //  After every error of the same or an earlier line, so each row's errors keep the
    //  order they were found in.
    size_t at = self->error_count;
    while (at > 0 && self->errors [at - 1].line > line)
        at--;
    memmove (&self->errors [at + 1], &self->errors [at],
             (self->error_count - at) * sizeof self->errors [0]);
    self->errors [at] = error;
    self->error_count++;
}

void
directory_csv_add_error (directory_csv_t *self, int line, const sf_text_t *text, ...)
{
    assert (self);
    assert (text);
    va_list args;
    va_start (args, text);
    s_add_errorv (self, line, text, args);
    va_end (args);
}

//  An error about a row: the row will be dropped.
static void
s_reject (directory_csv_t *self, s_record_t *record, const sf_text_t *text, ...)
{
    record->bad = true;
    va_list args;
    va_start (args, text);
    s_add_errorv (self, record->row.line, text, args);
    va_end (args);
}

//  An error quoting a person's value: text takes (const char *value).
static void
s_reject_value (directory_csv_t *self, s_record_t *record, const sf_text_t *text,
                const char *value, size_t size)
{
    char *shown = s_shown (value, size);
    s_reject (self, record, text, shown);
    free (shown);
}

//  An error quoting a malformed code: text takes (const char *value, int max_chars).
static void
s_reject_code (directory_csv_t *self, s_record_t *record, const sf_text_t *text,
               const char *value, size_t size)
{
    char *shown = s_shown (value, size);
    s_reject (self, record, text, shown, (int) DIRECTORY_CODE_MAX_CHARS);
    free (shown);
}


//  --------------------------------------------------------------------------
//  Header

//  The column a header field names, or -1.
static int
s_column_lookup (s_reader_t *reader, size_t field)
{
    size_t size;
    const char *name = s_reader_field (reader, field, &size);
    for (int c = 0; c < S_COLUMNS; c++)
        if (strlen (s_column_names [c]) == size && strncasecmp (name, s_column_names [c], size) == 0)
            return c;
    return -1;
}

//  Problems that keep a record from being read at all; false after reporting one.
static bool
s_record_readable (directory_csv_t *self, s_reader_t *reader, s_result_t result)
{
    int line = reader->record_line;
    if (!sf_utf8_valid (reader->data + reader->raw_start, reader->raw_end - reader->raw_start))
        directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_BAD_UTF8);
    else
    if (result == S_RECORD_STRAY_QUOTE)
        directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_STRAY_QUOTE, reader->stray_field);
    else
    if (result == S_RECORD_UNCLOSED)
        directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_UNCLOSED_QUOTE);
    else
        return true;
    return false;
}

//  Fills column_of [field] from the header record; false after reporting what is wrong.
static bool
s_take_header (directory_csv_t *self, s_reader_t *reader, s_result_t result,
               s_column_t column_of [S_COLUMNS])
{
    if (!s_record_readable (self, reader, result))
        return false;
    int line = reader->record_line;
    size_t known = 0;
    for (size_t f = 0; f < reader->field_count; f++)
        if (s_column_lookup (reader, f) >= 0)
            known++;
    if (known == 0) {
        //  Most likely a file without a header: one error says so better than seven.
        directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_NO_HEADER, DIRECTORY_CSV_HEADER);
        return false;
    }
    bool ok = true;
    int field_of [S_COLUMNS] = { -1, -1, -1, -1, -1, -1 };
    for (size_t f = 0; f < reader->field_count; f++) {
        int column = s_column_lookup (reader, f);
        if (column < 0) {
            size_t size;
            const char *name = s_reader_field (reader, f, &size);
            char *shown = s_shown (name, size);
            directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_UNKNOWN_COLUMN,
                                     (int) f + 1, shown, DIRECTORY_CSV_HEADER);
            free (shown);
            ok = false;
        }
        else
        if (field_of [column] >= 0) {
            directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_DUPLICATE_COLUMN,
                                     s_column_names [column]);
            ok = false;
        }
        else
            field_of [column] = (int) f;
    }
    for (int c = 0; c < S_COLUMNS; c++)
        if (field_of [c] < 0) {
            directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_MISSING_COLUMN, s_column_names [c]);
            ok = false;
        }
    if (ok)         //  so every column is named exactly once, by S_COLUMNS fields
        for (int c = 0; c < S_COLUMNS; c++)
            column_of [field_of [c]] = (s_column_t) c;
    return ok;
}


//  --------------------------------------------------------------------------
//  One row on its own

static s_record_t *
s_record_add (directory_csv_t *self, int line)
{
    if (self->record_count == self->record_capacity) {
        self->record_capacity = self->record_capacity? self->record_capacity * 2: 64;
        self->records = realloc (self->records, self->record_capacity * sizeof *self->records);
        assert (self->records);
    }
    s_record_t *record = &self->records [self->record_count++];
    memset (record, 0, sizeof *record);
    record->row.line = line;
    return record;
}

static void
s_record_clear (s_record_t *record)
{
    free (record->row.code);
    free (record->row.parent_code);
    free (record->row.name_zh);
    free (record->row.name_en);
}

//  A field that must be one of a few words: a NUL inside makes it no word at all.
static bool
s_word (const char *value, size_t size)
{
    return strlen (value) == size;
}

static void
s_check_kind (directory_csv_t *self, s_record_t *record, const char *value, size_t size)
{
    if (size == 0)
        s_reject (self, record, &DIRECTORY_MSG_CSV_KIND_MISSING);
    else {
        record->row.kind = s_word (value, size)? directory_kind_parse (value): DIR_KIND_UNSPECIFIED;
        if (record->row.kind == DIR_KIND_UNSPECIFIED)
            s_reject_value (self, record, &DIRECTORY_MSG_CSV_BAD_KIND, value, size);
    }
}

static void
s_check_code (directory_csv_t *self, s_record_t *record, const char *value, size_t size)
{
    if (size == 0)
        s_reject (self, record, &DIRECTORY_MSG_CSV_CODE_MISSING);
    else
    if (!directory_code_valid (value, size))
        s_reject_code (self, record, &DIRECTORY_MSG_CSV_BAD_CODE, value, size);
    else
        record->code_ok = true;
}

static void
s_check_parent (directory_csv_t *self, s_record_t *record, const char *value, size_t size)
{
    directory_kind_t kind = record->row.kind;
    if (kind && directory_kind_is_root (kind)) {
        if (size > 0)
            s_reject_value (self, record, &DIRECTORY_MSG_CSV_COMPANY_HAS_PARENT, value, size);
    }
    else
    if (size == 0) {
        if (kind)
            s_reject (self, record, &DIRECTORY_MSG_CSV_PARENT_MISSING);
    }
    else
    if (!directory_code_valid (value, size))
        s_reject_code (self, record, &DIRECTORY_MSG_CSV_BAD_PARENT_CODE, value, size);
    else
    if (record->code_ok && strcmp (value, record->row.code) == 0)
        s_reject (self, record, &DIRECTORY_MSG_CSV_OWN_PARENT, record->row.code);
}

static void
s_check_names (directory_csv_t *self, s_record_t *record, const char *zh, size_t zh_size,
               const char *en, size_t en_size)
{
    if (zh_size == 0)
        s_reject (self, record, &DIRECTORY_MSG_CSV_NAME_ZH_MISSING);
    else
    if (sf_utf8_has_control (zh, zh_size))
        s_reject (self, record, &DIRECTORY_MSG_CSV_NAME_ZH_CONTROL);
    else {
        size_t chars = sf_utf8_chars (zh, zh_size);
        if (chars > DIRECTORY_NAME_ZH_MAX_CHARS)
            s_reject (self, record, &DIRECTORY_MSG_CSV_NAME_ZH_TOO_LONG, chars,
                      (int) DIRECTORY_NAME_ZH_MAX_CHARS);
    }
    if (sf_utf8_has_control (en, en_size))
        s_reject (self, record, &DIRECTORY_MSG_CSV_NAME_EN_CONTROL);
    else
    if (en_size > DIRECTORY_NAME_EN_MAX_BYTES)
        s_reject (self, record, &DIRECTORY_MSG_CSV_NAME_EN_TOO_LONG, en_size,
                  (int) DIRECTORY_NAME_EN_MAX_BYTES);
}

static void
s_check_employment (directory_csv_t *self, s_record_t *record, const char *value, size_t size)
{
    if (record->row.kind == DIR_KIND_EMPLOYEE) {
        if (size == 0)
            s_reject (self, record, &DIRECTORY_MSG_CSV_EMPLOYMENT_MISSING);
        else {
            record->row.employment_type = s_word (value, size)
                                        ? directory_employment_parse (value)
                                        : DIR_EMPLOYMENT_UNSPECIFIED;
            if (record->row.employment_type == DIR_EMPLOYMENT_UNSPECIFIED)
                s_reject_value (self, record, &DIRECTORY_MSG_CSV_BAD_EMPLOYMENT, value, size);
        }
    }
    else
    if (record->row.kind && size > 0)
        s_reject_value (self, record, &DIRECTORY_MSG_CSV_EMPLOYMENT_NOT_EMPLOYEE, value, size);
}

//  Turns the record just read into a row, reporting every problem it has on its own.
static void
s_take_row (directory_csv_t *self, s_reader_t *reader, s_result_t result,
            const s_column_t column_of [S_COLUMNS])
{
    if (!s_record_readable (self, reader, result))
        return;
    int line = reader->record_line;
    if (reader->field_count != S_COLUMNS) {
        directory_csv_add_error (self, line, &DIRECTORY_MSG_CSV_FIELD_COUNT,
                                 (int) S_COLUMNS, (int) reader->field_count);
        return;
    }

    const char *value [S_COLUMNS];
    size_t size [S_COLUMNS];
    for (size_t f = 0; f < S_COLUMNS; f++) {
        s_column_t column = column_of [f];
        value [column] = s_reader_field (reader, f, &size [column]);
    }
    s_record_t *record = s_record_add (self, line);
    record->row.code = s_copy (value [S_COL_CODE], size [S_COL_CODE]);
    record->row.parent_code = s_copy (value [S_COL_PARENT_CODE], size [S_COL_PARENT_CODE]);
    record->row.name_zh = s_copy (value [S_COL_NAME_ZH], size [S_COL_NAME_ZH]);
    record->row.name_en = s_copy (value [S_COL_NAME_EN], size [S_COL_NAME_EN]);
    s_check_kind (self, record, value [S_COL_KIND], size [S_COL_KIND]);
    s_check_code (self, record, value [S_COL_CODE], size [S_COL_CODE]);
    s_check_parent (self, record, value [S_COL_PARENT_CODE], size [S_COL_PARENT_CODE]);
    s_check_names (self, record, value [S_COL_NAME_ZH], size [S_COL_NAME_ZH],
                   value [S_COL_NAME_EN], size [S_COL_NAME_EN]);
    s_check_employment (self, record, value [S_COL_EMPLOYMENT_TYPE], size [S_COL_EMPLOYMENT_TYPE]);
}


//  --------------------------------------------------------------------------
//  Rows against each other

typedef struct {
    const char *code;
    size_t record;
} s_index_entry_t;

static int
s_index_compare (const void *a, const void *b)
{
    const s_index_entry_t *x = a, *y = b;
    int order = strcmp (x->code, y->code);
    if (order == 0)
        order = x->record < y->record? -1: x->record > y->record;
    return order;
}

//  The first record (in file order) with code, or SIZE_MAX.
static size_t
s_index_find (const s_index_entry_t *index, size_t count, const char *code)
{
    size_t low = 0, high = count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (strcmp (index [middle].code, code) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return low < count && strcmp (index [low].code, code) == 0? index [low].record: SIZE_MAX;
}

static void
s_check_parent_in_file (directory_csv_t *self, size_t at,
                        const s_index_entry_t *index, size_t index_count)
{
    s_record_t *record = &self->records [at];
    directory_csv_row_t *row = &record->row;
    if (!row->kind || directory_kind_is_root (row->kind)
    ||  !directory_code_valid (row->parent_code, strlen (row->parent_code))
    ||  strcmp (row->parent_code, row->code) == 0)
        return;
    size_t found = s_index_find (index, index_count, row->parent_code);
    if (found == SIZE_MAX)
        return;                 //  not in the file: for the caller to find in the directory
    const s_record_t *parent = &self->records [found];
    if (found > at) {
        s_reject (self, record, &DIRECTORY_MSG_CSV_PARENT_LATER, row->parent_code, parent->row.line);
        return;
    }
    row->parent_in_file = true;
    if (parent->row.kind && !directory_kind_parent_ok (parent->row.kind, row->kind))
        s_reject (self, record, &DIRECTORY_MSG_BAD_PARENT_KIND, row->parent_code,
                  directory_kind_name_zh (row->kind), directory_kind_name (row->kind),
                  directory_kind_name_zh (parent->row.kind), directory_kind_name (parent->row.kind));
}

static void
s_check_relations (directory_csv_t *self)
{
    s_index_entry_t *index = malloc ((self->record_count? self->record_count: 1) * sizeof *index);
    assert (index);
    size_t index_count = 0;
    for (size_t i = 0; i < self->record_count; i++)
        if (self->records [i].code_ok)
            index [index_count++] = (s_index_entry_t) { self->records [i].row.code, i };
    qsort (index, index_count, sizeof *index, s_index_compare);

    int company_line = 0;
    for (size_t i = 0; i < self->record_count && !self->truncated; i++) {
        s_record_t *record = &self->records [i];
        if (record->code_ok) {
            size_t first = s_index_find (index, index_count, record->row.code);
            if (first != i)
                s_reject (self, record, &DIRECTORY_MSG_CSV_DUPLICATE_CODE, record->row.code,
                          self->records [first].row.line);
        }
        if (record->row.kind == DIR_KIND_COMPANY) {
            if (company_line)
                s_reject (self, record, &DIRECTORY_MSG_CSV_SECOND_COMPANY, company_line);
            else
                company_line = record->row.line;
        }
        s_check_parent_in_file (self, i, index, index_count);
    }
    free (index);
}

//  Drops the rows with errors, keeping the others in file order.
static void
s_keep_good_rows (directory_csv_t *self)
{
    size_t kept = 0;
    for (size_t i = 0; i < self->record_count; i++)
        if (self->records [i].bad)
            s_record_clear (&self->records [i]);
        else
            self->records [kept++] = self->records [i];
    self->record_count = kept;
}

static int
s_string_compare (const void *a, const void *b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
s_collect_externals (directory_csv_t *self)
{
    self->externals = malloc ((self->record_count? self->record_count: 1) * sizeof *self->externals);
    assert (self->externals);
    size_t count = 0;
    for (size_t i = 0; i < self->record_count; i++) {
        const directory_csv_row_t *row = &self->records [i].row;
        if (*row->parent_code && !row->parent_in_file)
            self->externals [count++] = row->parent_code;
    }
    qsort (self->externals, count, sizeof *self->externals, s_string_compare);
    self->external_count = 0;
    for (size_t i = 0; i < count; i++)
        if (i == 0 || strcmp (self->externals [i], self->externals [self->external_count - 1]) != 0)
            self->externals [self->external_count++] = self->externals [i];
}


//  --------------------------------------------------------------------------
//  Public API

directory_csv_t *
directory_csv_parse (const char *data, size_t size, size_t max_bytes, size_t max_rows)
{
    assert (data || size == 0);
    directory_csv_t *self = calloc (1, sizeof *self);
    assert (self);
    if (size > max_bytes) {
        directory_csv_add_error (self, 0, &DIRECTORY_MSG_CSV_TOO_LARGE, size, max_bytes);
        return self;
    }
    s_reader_t reader;
    s_reader_init (&reader, data, size);
    s_result_t result;
    do
        result = s_reader_next (&reader);
    while (result == S_RECORD_OK && s_reader_blank (&reader));

    s_column_t column_of [S_COLUMNS];
    if (result == S_RECORD_END)
        directory_csv_add_error (self, 0, &DIRECTORY_MSG_CSV_EMPTY, DIRECTORY_CSV_HEADER);
    else
    if (s_take_header (self, &reader, result, column_of)) {
        size_t data_rows = 0;
        bool too_many_rows = false;
        while (!self->truncated) {
            result = s_reader_next (&reader);
            if (result == S_RECORD_END)
                break;
            if (result == S_RECORD_OK && s_reader_blank (&reader))
                continue;
            if (++data_rows > max_rows) {
                directory_csv_add_error (self, 0, &DIRECTORY_MSG_CSV_TOO_MANY_ROWS, max_rows);
                too_many_rows = true;
                break;
            }
            s_take_row (self, &reader, result, column_of);
        }
        if (data_rows == 0)
            directory_csv_add_error (self, 0, &DIRECTORY_MSG_CSV_NO_ROWS);
        if (!too_many_rows && !self->truncated)
            s_check_relations (self);
    }
    s_reader_clear (&reader);
    s_keep_good_rows (self);
    s_collect_externals (self);
    return self;
}

void
directory_csv_destroy (directory_csv_t **self_p)
{
    assert (self_p);
    directory_csv_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->record_count; i++)
        s_record_clear (&self->records [i]);
    free (self->records);
    free (self->externals);
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
directory_csv_row_count (directory_csv_t *self)
{
    assert (self);
    return self->record_count;
}

const directory_csv_row_t *
directory_csv_row (directory_csv_t *self, size_t index)
{
    assert (self);
    assert (index < self->record_count);
    return &self->records [index].row;
}

size_t
directory_csv_external_count (directory_csv_t *self)
{
    assert (self);
    return self->external_count;
}

const char *
directory_csv_external (directory_csv_t *self, size_t index)
{
    assert (self);
    assert (index < self->external_count);
    return self->externals [index];
}

size_t
directory_csv_error_count (directory_csv_t *self)
{
    assert (self);
    return self->error_count + (self->truncated? 1: 0);
}

const directory_csv_error_t *
directory_csv_error (directory_csv_t *self, size_t index)
{
    assert (self);
    assert (index < directory_csv_error_count (self));
    return index < self->error_count? &self->errors [index]: &self->too_many;
}
