/*  directory_csv: the org tree's columns read through sf_csv, the checks of each row on its
    own, then the checks of rows against each other (duplicate codes, one company, parents
    on earlier lines and of an allowed kind). Rows with any error are dropped at the end;
    the good ones stay in file order.                                                      */
#include "directory_csv.h"
#include "directory_messages.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static const sf_csv_column_t s_columns [S_COLUMNS] = {
    { "kind", NULL }, { "code", NULL }, { "parent_code", NULL }, { "name_zh", NULL },
    { "name_en", NULL }, { "employment_type", NULL }
};

typedef struct {
    directory_csv_row_t row;
    bool code_ok;           //  the code is well formed, so other rows can name it as parent
    bool bad;               //  the row has an error and will be dropped
} s_record_t;

struct _directory_csv_t {
    sf_csv_t *csv;          //  the reader, and then the errors
    s_record_t *records;    //  every row read; after parsing, only the good ones
    size_t record_count;
    size_t record_capacity;
    const char **externals;
    size_t external_count;
};


//  --------------------------------------------------------------------------
//  Errors about a row

void
directory_csv_add_error (directory_csv_t *self, int line, const sf_text_t *text, ...)
{
    assert (self);
    va_list args;
    va_start (args, text);
    sf_csv_add_errorv (self->csv, line, text, args);
    va_end (args);
}

//  An error about a row: the row will be dropped.
static void
s_reject (directory_csv_t *self, s_record_t *record, const sf_text_t *text, ...)
{
    record->bad = true;
    va_list args;
    va_start (args, text);
    sf_csv_add_errorv (self->csv, record->row.line, text, args);
    va_end (args);
}

//  An error quoting a person's value: text takes (const char *value).
static void
s_reject_value (directory_csv_t *self, s_record_t *record, const sf_text_t *text,
                const char *value, size_t size)
{
    char *shown = sf_csv_shown (value, size);
    s_reject (self, record, text, shown);
    free (shown);
}

//  An error quoting a malformed code: text takes (const char *value, int max_chars).
static void
s_reject_code (directory_csv_t *self, s_record_t *record, const sf_text_t *text,
               const char *value, size_t size)
{
    char *shown = sf_csv_shown (value, size);
    s_reject (self, record, text, shown, (int) DIRECTORY_CODE_MAX_CHARS);
    free (shown);
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
    record->row.create = (Directory__CreateNode) DIRECTORY__CREATE_NODE__INIT;
    return record;
}

static void
s_record_clear (s_record_t *record)
{
    free (record->row.create.code);
    free (record->row.create.parent_code);
    free (record->row.create.name_zh);
    free (record->row.create.name_en);
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
        record->row.create.kind = s_word (value, size)? directory_kind_parse (value): DIRECTORY__KIND__KIND_UNSPECIFIED;
        if (record->row.create.kind == DIRECTORY__KIND__KIND_UNSPECIFIED)
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
    Directory__Kind kind = record->row.create.kind;
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
    if (record->code_ok && strcmp (value, record->row.create.code) == 0)
        s_reject (self, record, &DIRECTORY_MSG_CSV_OWN_PARENT, record->row.create.code);
}

static void
s_check_names (directory_csv_t *self, s_record_t *record, const char *zh, size_t zh_size,
               const char *en, size_t en_size)
{
    if (zh_size == 0 || sf_utf8_blank (zh))
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
    if (record->row.create.kind == DIRECTORY__KIND__KIND_EMPLOYEE) {
        if (size == 0)
            s_reject (self, record, &DIRECTORY_MSG_CSV_EMPLOYMENT_MISSING);
        else {
            record->row.create.employment_type = s_word (value, size)
                                        ? directory_employment_parse (value)
                                        : DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED;
            if (record->row.create.employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED)
                s_reject_value (self, record, &DIRECTORY_MSG_CSV_BAD_EMPLOYMENT, value, size);
        }
    }
    else
    if (record->row.create.kind && size > 0)
        s_reject_value (self, record, &DIRECTORY_MSG_CSV_EMPLOYMENT_NOT_EMPLOYEE, value, size);
}

//  Turns the record just read into a row, reporting every problem it has on its own.
//  Turns the current row into a record, reporting every problem it has on its own.
static void
s_take_row (directory_csv_t *self)
{
    const char *value [S_COLUMNS];
    size_t size [S_COLUMNS];
    for (size_t c = 0; c < S_COLUMNS; c++)
        value [c] = sf_csv_field (self->csv, c, &size [c]);
    s_record_t *record = s_record_add (self, sf_csv_line (self->csv));
    record->row.create.code = sf_csv_field_copy (self->csv, S_COL_CODE);
    record->row.create.parent_code = sf_csv_field_copy (self->csv, S_COL_PARENT_CODE);
    record->row.create.name_zh = sf_csv_field_copy (self->csv, S_COL_NAME_ZH);
    record->row.create.name_en = sf_csv_field_copy (self->csv, S_COL_NAME_EN);
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
    if (!row->create.kind || directory_kind_is_root (row->create.kind)
    ||  !directory_code_valid (row->create.parent_code, strlen (row->create.parent_code))
    ||  strcmp (row->create.parent_code, row->create.code) == 0)
        return;
    size_t found = s_index_find (index, index_count, row->create.parent_code);
    if (found == SIZE_MAX)
        return;                 //  not in the file: for the caller to find in the directory
    const s_record_t *parent = &self->records [found];
    if (found > at) {
        s_reject (self, record, &DIRECTORY_MSG_CSV_PARENT_LATER, row->create.parent_code, parent->row.line);
        return;
    }
    row->parent_in_file = true;
    if (parent->row.create.kind && !directory_kind_parent_ok (parent->row.create.kind, row->create.kind))
        s_reject (self, record, &DIRECTORY_MSG_BAD_PARENT_KIND, row->create.parent_code,
                  directory_kind_name_zh (row->create.kind), directory_kind_name (row->create.kind),
                  directory_kind_name_zh (parent->row.create.kind), directory_kind_name (parent->row.create.kind));
}

static void
s_check_relations (directory_csv_t *self)
{
    s_index_entry_t *index = malloc ((self->record_count? self->record_count: 1) * sizeof *index);
    assert (index);
    size_t index_count = 0;
    for (size_t i = 0; i < self->record_count; i++)
        if (self->records [i].code_ok)
            index [index_count++] = (s_index_entry_t) { self->records [i].row.create.code, i };
    qsort (index, index_count, sizeof *index, s_index_compare);

    int company_line = 0;
    for (size_t i = 0; i < self->record_count && !sf_csv_full (self->csv); i++) {
        s_record_t *record = &self->records [i];
        if (record->code_ok) {
            size_t first = s_index_find (index, index_count, record->row.create.code);
            if (first != i)
                s_reject (self, record, &DIRECTORY_MSG_CSV_DUPLICATE_CODE, record->row.create.code,
                          self->records [first].row.line);
        }
        if (record->row.create.kind == DIRECTORY__KIND__KIND_COMPANY) {
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
        if (*row->create.parent_code && !row->parent_in_file)
            self->externals [count++] = row->create.parent_code;
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
    directory_csv_t *self = calloc (1, sizeof *self);
    assert (self);
    self->csv = sf_csv_new (data, size, s_columns, S_COLUMNS, max_bytes, max_rows);
    while (sf_csv_next (self->csv))
        s_take_row (self);
    if (sf_csv_complete (self->csv))
        s_check_relations (self);
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
    sf_csv_destroy (&self->csv);
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
    return sf_csv_error_count (self->csv);
}

const directory_csv_error_t *
directory_csv_error (directory_csv_t *self, size_t index)
{
    assert (self);
    return sf_csv_error (self->csv, index);
}
