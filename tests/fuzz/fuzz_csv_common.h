/*  fuzz_csv_common: what every CSV reader's result must keep, whatever the file: each error
    has both texts, valid UTF-8 without control characters (the person's values in them are
    quoted through sf_csv_shown), lines in order, at most SF_CSV_MAX_ERRORS and the one that
    says there were more; each value handed out is valid UTF-8.                             */
#ifndef FUZZ_CSV_COMMON_H_INCLUDED
#define FUZZ_CSV_COMMON_H_INCLUDED

#include "sf_csv.h"

#include <stddef.h>

//  Bounds the targets read files with: the size bound below libFuzzer's default longest
//  input (4096 bytes), so that files too large are refused too; few rows, so that the row
//  limit is reached.
#define FUZZ_CSV_MAX_BYTES 3000
#define FUZZ_CSV_MAX_ROWS 20

//  Checks error number index of count; last_line holds the line of the one before (start
//  it at 0).
void fuzz_csv_check_error (const sf_csv_error_t *error, size_t index, size_t count, int *last_line);

//  Checks a value a reader hands out: size bytes of valid UTF-8.
void fuzz_csv_check_text (const char *text, size_t size, const char *what);

#endif
