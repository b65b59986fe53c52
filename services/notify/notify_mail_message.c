/*  notify_mail_message: subject encoding, Date, HTML escaping (notify_mail.h).             */
#include "notify_mail.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

//  Each encoded-word is at most 75 characters: "=?UTF-8?B?" + base64 + "?=" leaves 63 for
//  base64, so at most 45 bytes of text (60 base64 characters) per word.
#define S_WORD_BYTES 45

char *
notify_mail_subject (const char *subject)
{
    size_t size = strlen (subject);
    bool plain = true;
    for (size_t index = 0; index < size; index++) {
        unsigned char c = (unsigned char) subject [index];
        if (c < 0x20 || c > 0x7E)
            plain = false;
    }
    if (plain)
        return strdup (subject);
    //  Worst case: one word per S_WORD_BYTES bytes (fewer when cut earlier) plus separators.
    size_t words = size / 4 + 2;
    size_t capacity = words * (12 + sodium_base64_ENCODED_LEN (S_WORD_BYTES, sodium_base64_VARIANT_ORIGINAL) + 3) + 1;
    char *out = malloc (capacity);
    if (!out)
        return NULL;
    size_t at = 0;
    size_t from = 0;
    while (from < size) {
        size_t take = size - from < S_WORD_BYTES? size - from: S_WORD_BYTES;
        //  Never split a character: back off to the start of one.
        while (take > 0 && from + take < size && ((unsigned char) subject [from + take] & 0xC0) == 0x80)
            take--;
        if (take == 0)
            take = size - from < S_WORD_BYTES? size - from: S_WORD_BYTES;
        if (at > 0) {
            memcpy (out + at, "\r\n ", 3);
            at += 3;
        }
        memcpy (out + at, "=?UTF-8?B?", 10);
        at += 10;
        sodium_bin2base64 (out + at, capacity - at, (const unsigned char *) subject + from, take,
                           sodium_base64_VARIANT_ORIGINAL);
        at += strlen (out + at);
        memcpy (out + at, "?=", 2);
        at += 2;
        from += take;
    }
    out [at] = 0;
    return out;
}

void
notify_mail_date (int64_t now_ms, char out [80])
{
    static const char *days [] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *months [] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t seconds = (time_t) (now_ms / 1000);
    struct tm utc;
    gmtime_r (&seconds, &utc);
    snprintf (out, 80, "%s, %02d %s %04d %02d:%02d:%02d +0000", days [utc.tm_wday], utc.tm_mday,
              months [utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

char *
notify_mail_html_escape (const char *text)
{
    size_t size = 0;
    for (const char *from = text; *from; from++)
        size += *from == '&'? 5: *from == '<' || *from == '>'? 4: *from == '"'? 6: 1;
    char *out = malloc (size + 1);
    if (!out)
        return NULL;
    char *to = out;
    for (const char *from = text; *from; from++) {
        const char *with = *from == '&'? "&amp;": *from == '<'? "&lt;": *from == '>'? "&gt;"
                         : *from == '"'? "&quot;": NULL;
        if (with) {
            memcpy (to, with, strlen (with));
            to += strlen (with);
        }
        else
            *to++ = *from;
    }
    *to = 0;
    return out;
}
