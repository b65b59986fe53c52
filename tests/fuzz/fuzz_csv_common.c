/*  fuzz_csv_common: the promises of an import's error list and values.                     */
#include "fuzz_csv_common.h"
#include "fuzz_body.h"
#include "sf_utf8.h"

#include <string.h>

void
fuzz_csv_check_text (const char *text, size_t size, const char *what)
{
    fuzz_assert (text != NULL, what);
    fuzz_assert (sf_utf8_valid (text, size), what);
}

static void
s_check_message (const char *text)
{
    fuzz_assert (text != NULL, "an error has both texts");
    size_t size = strlen (text);
    fuzz_assert (size > 0, "an error's text is not empty");
    fuzz_assert (sf_utf8_valid (text, size), "an error's text is valid UTF-8");
    fuzz_assert (!sf_utf8_has_control (text, size), "an error's text has no control character");
}

void
fuzz_csv_check_error (const sf_csv_error_t *error, size_t index, size_t count, int *last_line)
{
    fuzz_assert (error != NULL, "every error up to the count is there");
    fuzz_assert (count <= SF_CSV_MAX_ERRORS + 1, "at most the cap of errors and the one saying so");
    s_check_message (error->zh);
    s_check_message (error->en);
    //  The last error of a full list says so, on line 0, after the others.
    bool cap_note = count == SF_CSV_MAX_ERRORS + 1 && index == count - 1;
    fuzz_assert (error->line >= 0, "an error's line is 0 or a line of the file");
    if (!cap_note)
        fuzz_assert (error->line >= *last_line, "errors are in line order");
    *last_line = error->line;
}
