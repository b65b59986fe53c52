/*  inspection_rules: the pure checks of request fields (no database): codes, dates, shift
    specs, lengths in characters and the limits that bound them. Each returns true when the
    value is fine. (The rpc server has checked every text already: valid UTF-8, no control
    characters, required ones not blank.)                                                   */
#ifndef INSPECTION_RULES_H_INCLUDED
#define INSPECTION_RULES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#define INSPECTION_CODE_MAX_CHARS       32
#define INSPECTION_TITLE_MAX_CHARS      100
#define INSPECTION_ITEM_MAX_CHARS       200
#define INSPECTION_FREE_ITEMS_MAX       50
#define INSPECTION_DESCRIPTION_MAX_CHARS 2000
#define INSPECTION_LOCATION_MAX_CHARS   200
#define INSPECTION_NOTE_MAX_CHARS       500
#define INSPECTION_ATTACHMENTS_MAX      20
#define INSPECTION_ATTACHMENT_MAX_CHARS 500
#define INSPECTION_FINDINGS_MAX         50
#define INSPECTION_RESULTS_MAX          500
#define INSPECTION_PEOPLE_MAX           200
#define INSPECTION_SHIFTS_MAX           6
#define INSPECTION_GENERATE_DAYS_MAX    31
#define INSPECTION_PERIOD_DAYS_MAX      400

//  [A-Za-z0-9_-]{1,32}
bool inspection_code_valid (const char *code);

//  A real calendar date written YYYY-MM-DD, years 2000..2099.
bool inspection_date_valid (const char *text);

//  Days from a to b (both valid dates): b - a.
int inspection_date_diff (const char *a, const char *b);

//  "HH:MM-HH:MM", 00:00..23:59 for the start, 00:00..24:00 for the end, start != end.
bool inspection_shift_valid (const char *text);

//  Text (already checked as UTF-8 by the rpc server) of min_chars..max_chars characters;
//  when min_chars is not 0 the text is required: it must not be blank (sf_utf8_blank).
bool inspection_text_fits (const char *text, size_t min_chars, size_t max_chars);

#endif
