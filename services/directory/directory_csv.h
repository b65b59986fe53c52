/*  directory_csv: parses and checks an org-tree import file (directory.ImportCsv) without
    touching the database. The file is read by sf_csv (UTF-8 CSV as RFC 4180 has it, an
    optional BOM, fields trimmed, blank rows skipped) and has the header
        kind,code,parent_code,name_zh,name_en,employment_type
    with the columns in any order, named in any case.

    The parser reports every bad row it can (up to DIRECTORY_CSV_MAX_ERRORS), each with the
    physical line the row starts on and a reason in both languages, so that one import
    attempt shows the person all there is to correct. Parents named in the file are checked
    here (earlier line, allowed kind); parents not in the file are left to the caller, who
    looks them up in the directory and adds what it finds wrong to the same error list.   */
#ifndef DIRECTORY_CSV_H_INCLUDED
#define DIRECTORY_CSV_H_INCLUDED

#include "directory_rules.h"
#include "sf_csv.h"

#include <stdbool.h>
#include <stddef.h>

#define DIRECTORY_CSV_HEADER "kind,code,parent_code,name_zh,name_en,employment_type"
#define DIRECTORY_CSV_MAX_ERRORS SF_CSV_MAX_ERRORS   //  more are dropped and one last error says so

//  One good row: the command that creates its node. Strings are never NULL: an absent
//  parent_code or name_en is ""; employment_type is 0 unless kind is employee.
typedef struct {
    int line;                   //  1-based physical line the row starts on
    Directory__CreateNode create;
    bool parent_in_file;        //  false: the parent must already be in the directory
} directory_csv_row_t;

//  One problem: line (0 for the file as a whole), zh and en, which start with the line.
typedef sf_csv_error_t directory_csv_error_t;

typedef struct _directory_csv_t directory_csv_t;

//  Parses size bytes of data. A file of more than max_bytes bytes or more than max_rows
//  data rows is refused with one error. Never returns NULL; the result holds the good rows
//  and the errors, and the import may go ahead only when there are no errors.
directory_csv_t *directory_csv_parse (const char *data, size_t size, size_t max_bytes,
                                      size_t max_rows);
void directory_csv_destroy (directory_csv_t **self_p);

//  Good rows in file order. A row that has any error is not among them.
size_t directory_csv_row_count (directory_csv_t *self);
const directory_csv_row_t *directory_csv_row (directory_csv_t *self, size_t index);

//  The distinct parent codes that good rows name but the file does not hold, sorted by
//  byte value: what the caller must find in the directory (and check the kind of).
size_t directory_csv_external_count (directory_csv_t *self);
const char *directory_csv_external (directory_csv_t *self, size_t index);

//  The file's errors, to which the caller adds what it finds, e.g. (self, row->line,
//  &DIRECTORY_MSG_CSV_PARENT_NOT_FOUND, row->parent_code): as sf_csv_error_count,
//  sf_csv_error and sf_csv_add_error have them (in line order, capped).
size_t directory_csv_error_count (directory_csv_t *self);
const directory_csv_error_t *directory_csv_error (directory_csv_t *self, size_t index);
void directory_csv_add_error (directory_csv_t *self, int line, const sf_text_t *text, ...);

#endif
