/*  sf_utf8: every name and text the platform stores is checked here first: well-formed
    UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), counted in
    characters (what a limit like "64 characters" means for Chinese text), free of control
    characters.                                                                              */
#ifndef SF_UTF8_H_INCLUDED
#define SF_UTF8_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

bool sf_utf8_valid (const char *text, size_t size);

//  Code points in text, which must be valid UTF-8.
size_t sf_utf8_chars (const char *text, size_t size);

//  True when valid UTF-8 text holds a C0, DEL or C1 control character.
bool sf_utf8_has_control (const char *text, size_t size);

#endif
