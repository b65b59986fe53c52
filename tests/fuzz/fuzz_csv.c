/*  fuzz_csv: the CSV reader every import shares (sf_csv), on a header of three columns (one
    with a Chinese alias). Each row's values are valid UTF-8 with a NUL after them, rows come
    in line order, the copy of a value is the value up to a NUL of its own, sf_csv_shown
    gives printable text; then the error list keeps its promises (fuzz_csv_common.h).      */
#include "fuzz_body.h"
#include "fuzz_csv_common.h"
#include "sf_utf8.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const sf_csv_column_t s_columns [] = {
    { "kind", "类型" }, { "code", NULL }, { "name", "名称" }
};
#define S_COLUMNS (sizeof s_columns / sizeof s_columns [0])

static void
s_check_row (sf_csv_t *csv)
{
    for (size_t column = 0; column < S_COLUMNS; column++) {
        size_t value_size;
        const char *value = sf_csv_field (csv, column, &value_size);
        fuzz_csv_check_text (value, value_size, "a value is valid UTF-8");
        fuzz_assert (value [value_size] == 0, "a value ends with a NUL");
        char *copy = sf_csv_field_copy (csv, column);
        fuzz_assert (copy && strlen (copy) == strnlen (value, value_size), "a copy is the value up to a NUL");
        free (copy);
        char *shown = sf_csv_shown (value, value_size);
        size_t shown_size = strlen (shown);
        fuzz_assert (sf_utf8_valid (shown, shown_size) && !sf_utf8_has_control (shown, shown_size),
                     "a value as an error shows it is printable UTF-8");
        free (shown);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    sf_csv_t *csv = sf_csv_new ((const char *) data, size, s_columns, S_COLUMNS, FUZZ_CSV_MAX_BYTES,
                                FUZZ_CSV_MAX_ROWS);
    fuzz_assert (csv != NULL, "sf_csv_new never returns NULL");
    int last_line = 0;
    size_t rows = 0;
    while (sf_csv_next (csv)) {
        fuzz_assert (sf_csv_line (csv) > last_line, "rows come in line order");
        last_line = sf_csv_line (csv);
        s_check_row (csv);
        rows++;
    }
    fuzz_assert (rows <= FUZZ_CSV_MAX_ROWS, "no more rows than the limit");
    size_t count = sf_csv_error_count (csv);
    last_line = 0;
    for (size_t i = 0; i < count; i++)
        fuzz_csv_check_error (sf_csv_error (csv, i), i, count, &last_line);
    sf_csv_destroy (&csv);
    fuzz_assert (csv == NULL, "sf_csv_destroy clears the pointer");
    return 0;
}
