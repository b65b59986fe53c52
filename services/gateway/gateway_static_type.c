/*  gateway_static_type: content types by extension, an allowlist; and the files' validators
    (gateway_static.h).                                                                      */
#include "gateway_static.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *extension;
    const char *type;
} s_type_t;

static const s_type_t s_types [] = {
    { "html", "text/html; charset=utf-8" },
    { "js", "text/javascript; charset=utf-8" },
    { "mjs", "text/javascript; charset=utf-8" },
    { "css", "text/css; charset=utf-8" },
    { "json", "application/json" },
    { "webmanifest", "application/manifest+json" },
    { "svg", "image/svg+xml" },
    { "png", "image/png" },
    { "jpg", "image/jpeg" },
    { "jpeg", "image/jpeg" },
    { "webp", "image/webp" },
    { "ico", "image/x-icon" },
    { "woff2", "font/woff2" },
    { "txt", "text/plain; charset=utf-8" },
};

const char *
gw_static_type (const char *name)
{
    const char *slash = name? strrchr (name, '/'): NULL;
    const char *dot = name? strrchr (slash? slash: name, '.'): NULL;
    if (!dot)
        return NULL;
    for (size_t i = 0; i < sizeof s_types / sizeof s_types [0]; i++)
        if (strcmp (dot + 1, s_types [i].extension) == 0)
            return s_types [i].type;
    return NULL;
}

void
gw_static_etag (const struct stat *st, char etag [GW_STATIC_ETAG_TEXT])
{
    uint64_t mtime_ns = (uint64_t) st->st_mtim.tv_sec * 1000000000u + (uint64_t) st->st_mtim.tv_nsec;
    snprintf (etag, GW_STATIC_ETAG_TEXT, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "\"", (uint64_t) st->st_ino,
              (uint64_t) st->st_size, mtime_ns);
}

bool
gw_static_etag_matches (const char *header, const char *etag)
{
    if (!header || !etag)
        return false;
    size_t etag_length = strlen (etag);
    const char *at = header;
    while (*at) {
        while (*at == ' ' || *at == '\t' || *at == ',')
            at++;
        if (*at == '\0')
            break;
        if (*at == '*')
            return true;
        if (strncmp (at, "W/", 2) == 0)
            at += 2;
        const char *end = at;
        if (*end == '"') {
            end = strchr (end + 1, '"');
            if (!end)
                return false;
            end++;
        }
        else
            while (*end && *end != ',' && *end != ' ' && *end != '\t')
                end++;
        if ((size_t) (end - at) == etag_length && strncmp (at, etag, etag_length) == 0)
            return true;
        at = end;
        while (*at && *at != ',')
            at++;
    }
    return false;
}
