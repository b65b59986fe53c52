/*  fuzz_csv_hazard: the inspection daemon's hazard list import file (inspection_hazard_csv).
    Every good row has a unit code of the directory's shape, a year in range, texts of valid
    UTF-8 that are not blank (sf_utf8_blank) and an LEC grade; the error list keeps its promises (fuzz_csv_common.h).          */
#include "fuzz_body.h"
#include "fuzz_csv_common.h"
#include "inspection_hazard_csv.h"
#include "sf_utf8.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_check_row (inspection_hazard_csv_t *csv, size_t index, int *last_line)
{
    int line = inspection_hazard_csv_line (csv, index);
    fuzz_assert (line > *last_line, "good rows come in line order");
    *last_line = line;
    const Inspection__HazardItem *item = inspection_hazard_csv_row (csv, index);
    fuzz_assert (inspection_hazard_unit_code_valid (item->unit_code), "a good row's unit code has the shape");
    fuzz_assert (item->year >= INSPECTION_HAZARD_YEAR_MIN && item->year <= INSPECTION_HAZARD_YEAR_MAX,
                 "a good row's year is in range");
    fuzz_csv_check_text (item->hazard, strlen (item->hazard), "a good row's hazard is valid UTF-8");
    fuzz_csv_check_text (item->measures, strlen (item->measures), "a good row's measures are valid UTF-8");
    fuzz_assert (!sf_utf8_blank (item->hazard) && !sf_utf8_blank (item->measures)
                 && !sf_utf8_blank (item->accident_type), "a good row's texts are not blank");
    fuzz_assert (item->risk != NULL, "a good row is graded");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    inspection_hazard_csv_t *csv = inspection_hazard_csv_parse ((const char *) data, size, FUZZ_CSV_MAX_BYTES,
                                                                FUZZ_CSV_MAX_ROWS);
    fuzz_assert (csv != NULL, "inspection_hazard_csv_parse never returns NULL");
    int last_line = 0;
    for (size_t i = 0; i < inspection_hazard_csv_row_count (csv); i++)
        s_check_row (csv, i, &last_line);
    size_t count = inspection_hazard_csv_error_count (csv);
    last_line = 0;
    for (size_t i = 0; i < count; i++)
        fuzz_csv_check_error (inspection_hazard_csv_error (csv, i), i, count, &last_line);
    inspection_hazard_csv_destroy (&csv);
    return 0;
}
