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
