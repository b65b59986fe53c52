/*  notify_render: templates filled (notify_render.h).                                       */
#include "notify_render.h"
#include "sf_log.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The value of the placeholder name (length size) in values, or NULL when unknown.
static const char *
s_value (const char *name, size_t size, const notify_render_values_t *values, int *known)
{
    static const struct { const char *name; size_t offset; } names [] = {
        { "unit", offsetof (notify_render_values_t, unit) },
        { "number", offsetof (notify_render_values_t, number) },
        { "text", offsetof (notify_render_values_t, text) },
        { "deadline", offsetof (notify_render_values_t, deadline) },
        { "days", offsetof (notify_render_values_t, days) },
        { "step", offsetof (notify_render_values_t, step) },
        { "link", offsetof (notify_render_values_t, link) },
    };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        if (strlen (names [i].name) == size && memcmp (names [i].name, name, size) == 0) {
            *known = 1;
            const char *value = *(const char *const *) ((const char *) values + names [i].offset);
            return value? value: "";
        }
    *known = 0;
    return NULL;
}

char *
notify_render_fill (const char *text, const notify_render_values_t *values)
{
    char *out = NULL;
    size_t size = 0;
    FILE *stream = open_memstream (&out, &size);
    if (!stream)
        abort ();
    const char *at = text;
    while (*at) {
        const char *close = *at == '{'? strchr (at + 1, '}'): NULL;
        int known = 0;
        const char *value = close? s_value (at + 1, (size_t) (close - at - 1), values, &known): NULL;
        if (known) {
            fputs (value, stream);
            at = close + 1;
        }
        else
            fputc (*at++, stream);
    }
    fclose (stream);
    return out;
}

//  text with every occurrence of name replaced by value (the caller frees).
static char *
s_replace (const char *text, const char *name, const char *value)
{
    char *out = NULL;
    size_t size = 0;
    FILE *stream = open_memstream (&out, &size);
    if (!stream)
        abort ();
    const char *at = text, *found;
    while ((found = strstr (at, name))) {
        fwrite (at, 1, (size_t) (found - at), stream);
        fputs (value, stream);
        at = found + strlen (name);
    }
    fputs (at, stream);
    fclose (stream);
    return out;
}

char *
notify_render_link (const char *link_base, const char *link_path, const char *id, const char *number)
{
    char *with_id = s_replace (link_path, "{id}", id? id: "");
    char *path = s_replace (with_id, "{number}", number? number: "");
    char *link = NULL;
    if (asprintf (&link, "%s%s", link_base? link_base: "", path) < 0)
        abort ();
    free (with_id);
    free (path);
    return link;
}

int
notify_render (sf_db_t *db, const char *code, const char *language, const notify_render_values_t *values,
               char **subject, char **body)
{
    const char *params [] = { code, language };
    sf_rows_t *rows = sf_db_query (db, "SELECT subject, body FROM template WHERE code = $1 AND language = $2",
                                   2, params);
    if (!rows) {
        sf_error ("notify: template %s/%s not read: %s", code, language, sf_db_error (db));
        return -1;
    }
    int found = sf_rows_count (rows) == 1;
    if (found) {
        *subject = notify_render_fill (sf_rows_text (rows, 0, 0), values);
        *body = notify_render_fill (sf_rows_text (rows, 0, 1), values);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
notify_render_local_time (sf_db_t *db, int64_t ms, const char *time_zone, char *buffer, size_t size)
{
    buffer [0] = 0;
    if (ms == 0)
        return 0;
    char ms_text [24];
    snprintf (ms_text, sizeof ms_text, "%" PRId64, ms);
    const char *params [] = { ms_text, time_zone };
    //  A savepoint, so an unknown zone does not spoil the caller's transaction.
    bool nested = sf_db_in_transaction (db);
    if (nested && sf_db_savepoint (db, "notify_render_time"))
        return -1;
    sf_rows_t *rows = sf_db_query (db, "SELECT to_char (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2,"
                                       " 'YYYY-MM-DD HH24:MI')", 2, params);
    if (!rows) {
        sf_error ("notify: time %s in zone %s not formatted: %s", ms_text, time_zone, sf_db_error (db));
        if (nested)
            sf_db_rollback_to_savepoint (db, "notify_render_time");
        return -1;
    }
    snprintf (buffer, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    if (nested && sf_db_release_savepoint (db, "notify_render_time"))
        return -1;
    return 0;
}
