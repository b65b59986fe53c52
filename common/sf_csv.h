/*  sf_csv: reads an uploaded CSV file row by row and keeps the list of what is wrong with
    it, so that every import (org tree, hazard list, ...) reads files and reports problems
    the same way. The file is UTF-8 CSV as RFC 4180 has it (quoted fields with "" for a
    quote, commas and line breaks inside quotes, CRLF or LF or CR line ends) and may start
    with a UTF-8 BOM. Its first non-blank record is the header, which names the columns in
    any order: by their English name in any case or by an exact Chinese alias. Every field
    is trimmed of spaces and tabs at both ends; records whose fields are all empty are
    skipped.

    The reader reports what makes a record unreadable (not UTF-8, a NUL inside a field, a
    misplaced or unclosed quote, the wrong number of fields) and what is wrong with the file as a whole (too
    large, empty, a bad header, no rows, too many rows); the caller checks the fields of the
    rows it is given and adds its own errors to the same list. Each error carries the
    physical line its row starts on and a text in both languages, so that one import
    attempt shows the person all there is to correct.                                        */
#ifndef SF_CSV_H_INCLUDED
#define SF_CSV_H_INCLUDED

#include "sf_status.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define SF_CSV_MAX_ERRORS 100       //  more are dropped and one last error says so

//  A column the header must name exactly once.
typedef struct {
    const char *name;               //  English, matched in any case; errors name it so
    const char *name_zh;            //  a Chinese alias matched exactly, or NULL
} sf_csv_column_t;

//  One problem. line is 0 for the file as a whole; zh and en already start with the line
//  ("第 12 行：…" / "line 12: …") and are never NULL.
typedef struct {
    int line;
    char *zh;
    char *en;
} sf_csv_error_t;

//  "第 %d 行：%s" / "line %d: %s": how an error is put on its line.
extern const sf_text_t SF_CSV_MSG_LINE;
//  "错误过多，只列出前 %d 个…" / "too many errors: only the first %d are listed…"
extern const sf_text_t SF_CSV_MSG_TOO_MANY_ERRORS;
//  "文件只有表头，没有数据行" / "the file has a header but no data rows"
extern const sf_text_t SF_CSV_MSG_NO_ROWS;

typedef struct _sf_csv_t sf_csv_t;

//  Opens size bytes of data, which must stay as they are until sf_csv_next returns false,
//  and reads the header. columns (column_count of them, kept by reference) are what the
//  header must name; the header the file should have, for messages, is their English
//  names joined by commas. A file of more than max_bytes bytes is refused with one error,
//  a file of more than max_rows data rows with one error when sf_csv_next comes to it.
//  Never returns NULL.
sf_csv_t *sf_csv_new (const char *data, size_t size, const sf_csv_column_t *columns,
                      size_t column_count, size_t max_bytes, size_t max_rows);
void sf_csv_destroy (sf_csv_t **self_p);

//  Moves to the next data row that is readable and has a field for every column,
//  reporting the records on the way that are not. False at the end: the file is read, or
//  the header is bad, or there are too many rows or errors; the errors then say so.
bool sf_csv_next (sf_csv_t *self);

//  The physical line the current row starts on.
int sf_csv_line (sf_csv_t *self);

//  The current row's value of column (an index into columns), trimmed; size is its length
//  in bytes. The value is valid UTF-8 followed by a NUL, and holds none of its own (a row
//  with one is refused). Valid until the next sf_csv_next.
const char *sf_csv_field (sf_csv_t *self, size_t column, size_t *size);

//  The current row's value of column as a C string. Caller frees.
char *sf_csv_field_copy (sf_csv_t *self, size_t column);

//  True once sf_csv_next has gone through every row of the file: not cut short by a bad
//  header, the row limit or the error cap.
bool sf_csv_complete (sf_csv_t *self);

//  Adds an error at line (0: the whole file), text formatted with the arguments that
//  follow. Kept in line order among the others, after those of the same line; past
//  SF_CSV_MAX_ERRORS it is dropped and one last error says so.
void sf_csv_add_error (sf_csv_t *self, int line, const sf_text_t *text, ...);
void sf_csv_add_errorv (sf_csv_t *self, int line, const sf_text_t *text, va_list args);

//  Errors ordered by line (0 first); when there were too many, the last one says so.
size_t sf_csv_error_count (sf_csv_t *self);
const sf_csv_error_t *sf_csv_error (sf_csv_t *self, size_t index);

//  True once errors were dropped: the caller may stop looking for more.
bool sf_csv_full (sf_csv_t *self);

//  A person's value (valid UTF-8) as an error message repeats it: at most 32 characters
//  and then "…", control characters as '?'. Caller frees.
char *sf_csv_shown (const char *value, size_t size);

#endif
