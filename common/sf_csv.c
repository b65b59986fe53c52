/*  sf_csv: a record reader (RFC 4180, counting physical lines as it goes, since a quoted
    field may span several), the header, the checks that make a record readable, and the
    error list in line order with its cap.                                                 */
#include "sf_csv.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

//  How many code points of a person's value an error message repeats.
#define S_SHOWN_CHARS 32

const sf_text_t SF_CSV_MSG_LINE = {
    "第 %d 行：%s",
    "line %d: %s"
};
const sf_text_t SF_CSV_MSG_TOO_MANY_ERRORS = {
    "错误过多，只列出前 %d 个；请改正后重新导入",
    "too many errors: only the first %d are listed; correct them and import again"
};
const sf_text_t SF_CSV_MSG_NO_ROWS = {
    "文件只有表头，没有数据行",
    "the file has a header but no data rows"
};
static const sf_text_t s_msg_too_large = {
    "文件大小为 %zu 字节，超过了 %zu 字节的上限",
    "the file has %zu bytes, more than the limit of %zu bytes"
};
static const sf_text_t s_msg_too_many_rows = {
    "文件的数据行超过了 %zu 行的上限，请分批导入",
    "the file has more than %zu data rows, the limit; import it in parts"
};
static const sf_text_t s_msg_empty = {
    "文件为空；第一行必须是表头 %s",
    "the file is empty; its first line must be the header %s"
};
static const sf_text_t s_msg_no_header = {
    "第一行必须是表头 %s",
    "the first line must be the header %s"
};
static const sf_text_t s_msg_unknown_column = {
    "表头第 %d 列“%s”不是已知的列名；表头应为 %s",
    "header column %d '%s' is not a known column; the header must be %s"
};
static const sf_text_t s_msg_duplicate_column = {
    "表头中列“%s”出现了不止一次",
    "header column '%s' appears more than once"
};
static const sf_text_t s_msg_missing_column = {
    "表头缺少列“%s”",
    "the header lacks the column '%s'"
};
static const sf_text_t s_msg_bad_utf8 = {
    "内容不是有效的 UTF-8 编码（文件可能是 GBK 编码），请将文件另存为 UTF-8 格式",
    "the text is not valid UTF-8 (the file may be in GBK); save the file as UTF-8"
};
static const sf_text_t s_msg_nul = {
    "第 %d 个字段含有 NUL 字符（零字节）；CSV 文件只能包含文本",
    "field %d contains a NUL character (a zero byte); a CSV file holds text only"
};
static const sf_text_t s_msg_unclosed_quote = {
    "引号没有闭合：从此行开始的带引号字段直到文件末尾都没有结束",
    "a quoted field that starts on this line is not closed before the end of the file"
};
static const sf_text_t s_msg_stray_quote = {
    "第 %d 个字段中的引号位置不正确；字段内的引号须写成两个引号（\"\"），并用引号括起整个字段",
    "field %d has a misplaced quote; a quote inside a field must be doubled (\"\") "
    "and the whole field put in quotes"
};
static const sf_text_t s_msg_field_count = {
    "应有 %d 个字段，实际有 %d 个",
    "expected %d fields, found %d"
};

typedef enum {
    S_READ_OK,
    S_READ_END,                 //  no more input
    S_READ_STRAY_QUOTE,         //  a quote inside an unquoted field or after a closing quote
    S_READ_UNCLOSED             //  a quoted field runs to the end of the input
} s_read_t;

typedef struct {
    size_t start;               //  in text
    size_t size;
} s_field_t;

//  Reads one record at a time; its fields are unquoted into text, each followed by a NUL.
typedef struct {
    const char *data;
    size_t size;
    size_t pos;
    int line;                   //  physical line at pos
    int record_line;            //  line the last record started on
    size_t record_start;        //  bytes of the last record, line end excluded
    size_t record_end;
    int stray_field;            //  1-based field with the misplaced quote
    char *text;
    size_t text_size;
    size_t text_capacity;
    s_field_t *fields;
    size_t field_count;
    size_t field_capacity;
} s_reader_t;

typedef enum {
    S_STATE_ROWS,               //  the header is good: data rows follow
    S_STATE_DONE,               //  every row was read
    S_STATE_STOPPED             //  no rows to read, or reading was cut short
} s_state_t;

struct _sf_csv_t {
    s_reader_t reader;
    const sf_csv_column_t *columns;
    size_t column_count;
    char *header;               //  the English names joined by commas
    size_t *field_of;           //  field_of [column]: where the column is in each record
    size_t max_rows;
    size_t data_rows;           //  non-blank records after the header
    s_state_t state;
    sf_csv_error_t errors [SF_CSV_MAX_ERRORS];
    size_t error_count;
    bool full;                  //  errors were dropped; too_many says so
    sf_csv_error_t too_many;
};


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
    free (self->fields);
    memset (self, 0, sizeof *self);
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
        if (self->data [self->pos] == '"') {
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

//  The next record that is not blank (all fields empty).
static s_read_t
s_reader_next_filled (s_reader_t *self)
{
    while (true) {
        s_read_t result = s_reader_next (self);
        if (result != S_READ_OK)
            return result;
        for (size_t i = 0; i < self->field_count; i++)
            if (self->fields [i].size)
                return result;
    }
}


//  --------------------------------------------------------------------------
//  Errors

char *
sf_csv_shown (const char *value, size_t size)
{
    assert (value || size == 0);
    char *shown = malloc (size + sizeof "…");
    assert (shown);
    size_t out = 0, chars = 0, i = 0;
    while (i < size && chars < S_SHOWN_CHARS) {
        size_t length = 1;
        while (i + length < size && ((unsigned char) value [i + length] & 0xC0) == 0x80)
            length++;
        if (sf_utf8_has_control (value + i, length))
            shown [out++] = '?';
        else {
            memcpy (shown + out, value + i, length);
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

//  One language of SF_CSV_MSG_LINE around reason.
static char *
s_on_line (const char *format, int line, const char *reason)
{
    char *text = NULL;
    if (asprintf (&text, format, line, reason) < 0)
        text = NULL;
    assert (text);
    return text;
}

void
sf_csv_add_errorv (sf_csv_t *self, int line, const sf_text_t *text, va_list args)
{
    assert (self);
    assert (text);
    if (self->error_count == SF_CSV_MAX_ERRORS) {
        if (!self->full) {
            self->full = true;
            sf_text_format (&SF_CSV_MSG_TOO_MANY_ERRORS, &self->too_many.zh, &self->too_many.en,
                            (int) SF_CSV_MAX_ERRORS);
            assert (self->too_many.zh && self->too_many.en);
        }
        return;
    }
    sf_csv_error_t error = { line, NULL, NULL };
    sf_text_formatv (text, &error.zh, &error.en, args);
    assert (error.zh && error.en);
    if (line > 0) {
        char *zh = s_on_line (SF_CSV_MSG_LINE.zh, line, error.zh);
        char *en = s_on_line (SF_CSV_MSG_LINE.en, line, error.en);
        free (error.zh);
        free (error.en);
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
sf_csv_add_error (sf_csv_t *self, int line, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    sf_csv_add_errorv (self, line, text, args);
    va_end (args);
}


//  --------------------------------------------------------------------------
//  Header and the shape of a record

//  The column a header field names, or -1.
static int
s_column_lookup (sf_csv_t *self, size_t field)
{
    size_t size;
    const char *name = s_reader_field (&self->reader, field, &size);
    for (size_t c = 0; c < self->column_count; c++) {
        const char *en = self->columns [c].name, *zh = self->columns [c].name_zh;
        if ((strlen (en) == size && strncasecmp (name, en, size) == 0)
        ||  (zh && strlen (zh) == size && memcmp (name, zh, size) == 0))
            return (int) c;
    }
    return -1;
}

//  The 1-based number of the first field read that holds a NUL, or 0. A NUL would cut the
//  value short wherever it is used as a C string ("P1\0x" would act as "P1").
static int
s_nul_field (const s_reader_t *reader)
{
    for (size_t i = 0; i < reader->field_count; i++)
        if (memchr (reader->text + reader->fields [i].start, 0, reader->fields [i].size))
            return (int) i + 1;
    return 0;
}

//  Problems that keep the record just read from being read at all; false after reporting one.
static bool
s_readable (sf_csv_t *self, s_read_t result)
{
    s_reader_t *reader = &self->reader;
    int line = reader->record_line;
    int nul_field = 0;
    if (!sf_utf8_valid (reader->data + reader->record_start, reader->record_end - reader->record_start))
        sf_csv_add_error (self, line, &s_msg_bad_utf8);
    else
    if ((nul_field = s_nul_field (reader)))
        sf_csv_add_error (self, line, &s_msg_nul, nul_field);
    else
    if (result == S_READ_STRAY_QUOTE)
        sf_csv_add_error (self, line, &s_msg_stray_quote, reader->stray_field);
    else
    if (result == S_READ_UNCLOSED)
        sf_csv_add_error (self, line, &s_msg_unclosed_quote);
    else
        return true;
    return false;
}

//  Fills field_of from the header record; false after reporting what is wrong.
static bool
s_take_header (sf_csv_t *self, s_read_t result)
{
    if (!s_readable (self, result))
        return false;
    int line = self->reader.record_line;
    size_t field_count = self->reader.field_count;
    size_t known = 0;
    for (size_t f = 0; f < field_count; f++)
        if (s_column_lookup (self, f) >= 0)
            known++;
    if (known == 0) {
        //  Most likely a file without a header: one error says so better than one a column.
        sf_csv_add_error (self, line, &s_msg_no_header, self->header);
        return false;
    }
    bool ok = true;
    for (size_t c = 0; c < self->column_count; c++)
        self->field_of [c] = SIZE_MAX;
    for (size_t f = 0; f < field_count; f++) {
        int column = s_column_lookup (self, f);
        if (column < 0) {
            size_t size;
            const char *name = s_reader_field (&self->reader, f, &size);
            char *shown = sf_csv_shown (name, size);
            sf_csv_add_error (self, line, &s_msg_unknown_column, (int) f + 1, shown, self->header);
            free (shown);
            ok = false;
        }
        else
        if (self->field_of [column] != SIZE_MAX) {
            sf_csv_add_error (self, line, &s_msg_duplicate_column, self->columns [column].name);
            ok = false;
        }
        else
            self->field_of [column] = f;
    }
    for (size_t c = 0; c < self->column_count; c++)
        if (self->field_of [c] == SIZE_MAX) {
            sf_csv_add_error (self, line, &s_msg_missing_column, self->columns [c].name);
            ok = false;
        }
    return ok;
}

//  The header the file should have: the English names joined by commas.
static char *
s_header_text (const sf_csv_column_t *columns, size_t column_count)
{
    size_t size = 1;
    for (size_t c = 0; c < column_count; c++)
        size += strlen (columns [c].name) + 1;
    char *header = malloc (size);
    assert (header);
    size_t used = 0;
    for (size_t c = 0; c < column_count; c++) {
        if (c)
            header [used++] = ',';
        size_t length = strlen (columns [c].name);
        memcpy (header + used, columns [c].name, length);
        used += length;
    }
    header [used] = 0;
    return header;
}

//  Reading is over: the reader lets go of the data and its buffers.
static bool
s_stop (sf_csv_t *self, s_state_t state)
{
    self->state = state;
    s_reader_clear (&self->reader);
    return false;
}


//  --------------------------------------------------------------------------
//  Public API

sf_csv_t *
sf_csv_new (const char *data, size_t size, const sf_csv_column_t *columns, size_t column_count,
            size_t max_bytes, size_t max_rows)
{
    assert (data || size == 0);
    assert (columns && column_count > 0);
    sf_csv_t *self = calloc (1, sizeof *self);
    assert (self);
    self->columns = columns;
    self->column_count = column_count;
    self->header = s_header_text (columns, column_count);
    self->field_of = calloc (column_count, sizeof *self->field_of);
    assert (self->field_of);
    self->max_rows = max_rows;
    self->state = S_STATE_STOPPED;
    if (size > max_bytes) {
        sf_csv_add_error (self, 0, &s_msg_too_large, size, max_bytes);
        return self;
    }
    s_reader_init (&self->reader, data, size);
    s_read_t result = s_reader_next_filled (&self->reader);
    if (result == S_READ_END)
        sf_csv_add_error (self, 0, &s_msg_empty, self->header);
    else
    if (s_take_header (self, result))
        self->state = S_STATE_ROWS;
    if (self->state != S_STATE_ROWS)
        s_stop (self, S_STATE_STOPPED);
    return self;
}

void
sf_csv_destroy (sf_csv_t **self_p)
{
    assert (self_p);
    sf_csv_t *self = *self_p;
    if (!self)
        return;
    s_reader_clear (&self->reader);
    free (self->header);
    free (self->field_of);
    for (size_t i = 0; i < self->error_count; i++) {
        free (self->errors [i].zh);
        free (self->errors [i].en);
    }
    free (self->too_many.zh);
    free (self->too_many.en);
    free (self);
    *self_p = NULL;
}

bool
sf_csv_next (sf_csv_t *self)
{
    assert (self);
    while (self->state == S_STATE_ROWS) {
        if (self->full)
            return s_stop (self, S_STATE_STOPPED);
        s_read_t result = s_reader_next_filled (&self->reader);
        if (result == S_READ_END) {
            if (self->data_rows == 0)
                sf_csv_add_error (self, 0, &SF_CSV_MSG_NO_ROWS);
            return s_stop (self, S_STATE_DONE);
        }
        if (++self->data_rows > self->max_rows) {
            sf_csv_add_error (self, 0, &s_msg_too_many_rows, self->max_rows);
            return s_stop (self, S_STATE_STOPPED);
        }
        if (!s_readable (self, result))
            continue;
        if (self->reader.field_count == self->column_count)
            return true;
        sf_csv_add_error (self, self->reader.record_line, &s_msg_field_count,
                          (int) self->column_count, (int) self->reader.field_count);
    }
    return false;
}

int
sf_csv_line (sf_csv_t *self)
{
    assert (self);
    assert (self->state == S_STATE_ROWS);
    return self->reader.record_line;
}

const char *
sf_csv_field (sf_csv_t *self, size_t column, size_t *size)
{
    assert (self);
    assert (self->state == S_STATE_ROWS);
    assert (column < self->column_count);
    assert (size);
    return s_reader_field (&self->reader, self->field_of [column], size);
}

char *
sf_csv_field_copy (sf_csv_t *self, size_t column)
{
    size_t size;
    const char *value = sf_csv_field (self, column, &size);
    char *copy = strndup (value, size);
    assert (copy);
    return copy;
}

bool
sf_csv_complete (sf_csv_t *self)
{
    assert (self);
    return self->state == S_STATE_DONE;
}

size_t
sf_csv_error_count (sf_csv_t *self)
{
    assert (self);
    return self->error_count + (self->full? 1: 0);
}

const sf_csv_error_t *
sf_csv_error (sf_csv_t *self, size_t index)
{
    assert (self);
    assert (index < sf_csv_error_count (self));
    return index < self->error_count? &self->errors [index]: &self->too_many;
}

bool
sf_csv_full (sf_csv_t *self)
{
    assert (self);
    return self->full;
}
