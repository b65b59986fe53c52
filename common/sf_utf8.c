/*  sf_utf8: checks on text that people type and other systems send.                        */
#include "sf_utf8.h"

//  Well-formed UTF-8 as RFC 3629 has it: no overlong forms, no surrogates, at most U+10FFFF.
bool
sf_utf8_valid (const char *text, size_t size)
{
    const unsigned char *s = (const unsigned char *) text;
    size_t i = 0;
    while (i < size) {
        unsigned char c = s [i];
        size_t more;
        unsigned char low = 0x80, high = 0xBF;     //  bounds of the second byte
        if (c < 0x80)
            more = 0;
        else
        if (c >= 0xC2 && c <= 0xDF)
            more = 1;
        else
        if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            if (c == 0xE0)
                low = 0xA0;
            else
            if (c == 0xED)
                high = 0x9F;
        }
        else
        if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            if (c == 0xF0)
                low = 0x90;
            else
            if (c == 0xF4)
                high = 0x8F;
        }
        else
            return false;
        if (size - i - 1 < more)
            return false;
        for (size_t k = 1; k <= more; k++) {
            unsigned char next = s [i + k];
            if (k == 1? (next < low || next > high): (next & 0xC0) != 0x80)
                return false;
        }
        i += more + 1;
    }
    return true;
}

//  Code points in valid UTF-8.
size_t
sf_utf8_chars (const char *text, size_t size)
{
    size_t chars = 0;
    for (size_t i = 0; i < size; i++)
        if (((unsigned char) text [i] & 0xC0) != 0x80)
            chars++;
    return chars;
}

//  C0, DEL and C1 controls (U+0080..U+009F are C2 80..C2 9F) in valid UTF-8.
bool
sf_utf8_has_control (const char *text, size_t size)
{
    const unsigned char *s = (const unsigned char *) text;
    for (size_t i = 0; i < size; i++)
        if (s [i] < 0x20 || s [i] == 0x7F || (s [i] == 0xC2 && i + 1 < size && s [i + 1] <= 0x9F))
            return true;
    return false;
}

bool
sf_utf8_has_control_in_text (const char *text, size_t size)
{
    const unsigned char *s = (const unsigned char *) text;
    for (size_t i = 0; i < size; i++)
        if ((s [i] < 0x20 && s [i] != '\n' && s [i] != '\r' && s [i] != '\t') || s [i] == 0x7F
        ||  (s [i] == 0xC2 && i + 1 < size && s [i + 1] <= 0x9F))
            return true;
    return false;
}

//  The code point at *at, advancing past it; -1 (and no advance) when the bytes there are
//  not a well-formed sequence.
static long
s_code_point (const unsigned char **at)
{
    const unsigned char *s = *at;
    size_t more = s [0] < 0x80? 0: s [0] < 0xE0? 1: s [0] < 0xF0? 2: 3;
    for (size_t k = 1; k <= more; k++)
        if (s [k] == 0)
            return -1;
    if (!sf_utf8_valid ((const char *) s, more + 1))
        return -1;
    static const unsigned char lead_mask [4] = { 0x7F, 0x1F, 0x0F, 0x07 };
    long code = s [0] & lead_mask [more];
    for (size_t k = 1; k <= more; k++)
        code = (code << 6) | (s [k] & 0x3F);
    *at = s + more + 1;
    return code;
}

//  White space and invisible padding, as sf_utf8_blank lists them.
static bool
s_blank_code (long code)
{
    return (code >= 0x09 && code <= 0x0D) || code == 0x20 || code == 0x85 || code == 0xA0
        || code == 0x1680 || code == 0x180E || (code >= 0x2000 && code <= 0x200D)
        || code == 0x2028 || code == 0x2029 || code == 0x202F || code == 0x205F || code == 0x2060
        || code == 0x3000 || code == 0xFEFF;
}

bool
sf_utf8_blank (const char *text)
{
    if (!text)
        return true;
    const unsigned char *at = (const unsigned char *) text;
    while (*at) {
        long code = s_code_point (&at);
        if (code < 0 || !s_blank_code (code))
            return false;
    }
    return true;
}
