/*  sf_utf8: every name and text the platform stores is checked here first: well-formed
    UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), counted in
    characters (what a limit like "64 characters" means for Chinese text), free of control
    characters, and not blank where text is required (three spaces, or one full-width
    space from a Chinese input method, are no evidence and no name).                        */
#ifndef SF_UTF8_H_INCLUDED
#define SF_UTF8_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

bool sf_utf8_valid (const char *text, size_t size);

//  Code points in text, which must be valid UTF-8.
size_t sf_utf8_chars (const char *text, size_t size);

//  True when valid UTF-8 text holds a C0, DEL or C1 control character.
bool sf_utf8_has_control (const char *text, size_t size);

//  The same for text a person writes, which may run over lines: line breaks (LF, CR) and
//  tabs are text here, every other control character is not.
bool sf_utf8_has_control_in_text (const char *text, size_t size);

//  True when text holds nothing a person can read: NULL, empty, or only white space (every
//  Unicode White_Space character: ASCII space, tab and line ends, U+0085, U+00A0, U+1680,
//  U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000, the full-width space) and the
//  invisible characters pasted as padding (U+180E, U+200B..U+200D, U+2060, U+FEFF). Text
//  that is not valid UTF-8 is not blank (the other checks refuse it). The one test of
//  "required text is there", for every route, handler and file reader.
bool sf_utf8_blank (const char *text);

#endif
