/*  gateway_metrics_text: the Prometheus text format (gateway_metrics_text.h).              */
#include "gateway_metrics_text.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _gw_prom_t {
    char *data;
    size_t size;
    size_t capacity;
};

gw_prom_t *
gw_prom_new (void)
{
    gw_prom_t *self = calloc (1, sizeof *self);
    assert (self);
    self->capacity = 4096;
    self->data = malloc (self->capacity);
    assert (self->data);
    self->data [0] = 0;
    return self;
}

void
gw_prom_destroy (gw_prom_t **self_p)
{
    gw_prom_t *self = *self_p;
    if (!self)
        return;
    free (self->data);
    free (self);
    *self_p = NULL;
}

static void
s_reserve (gw_prom_t *self, size_t more)
{
    if (self->size + more + 1 <= self->capacity)
        return;
    while (self->size + more + 1 > self->capacity)
        self->capacity *= 2;
    self->data = realloc (self->data, self->capacity);
    assert (self->data);
}

static void
s_put (gw_prom_t *self, const char *text, size_t size)
{
    s_reserve (self, size);
    memcpy (self->data + self->size, text, size);
    self->size += size;
    self->data [self->size] = 0;
}

static void
s_puts (gw_prom_t *self, const char *text)
{
    s_put (self, text, strlen (text));
}

static void __attribute__ ((format (printf, 2, 3)))
s_printf (gw_prom_t *self, const char *format, ...)
{
    char small [128];
    va_list args;
    va_start (args, format);
    int size = vsnprintf (small, sizeof small, format, args);
    va_end (args);
    assert (size >= 0);
    if ((size_t) size < sizeof small) {
        s_put (self, small, (size_t) size);
        return;
    }
    s_reserve (self, (size_t) size);
    va_start (args, format);
    vsnprintf (self->data + self->size, (size_t) size + 1, format, args);
    va_end (args);
    self->size += (size_t) size;
}

static bool
s_valid_name (const char *name)
{
    if (!name || !*name || (*name >= '0' && *name <= '9'))
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == ':'))
            return false;
    return true;
}

//  Backslash and line feed always; double quote too in a label value.
static void
s_escaped (gw_prom_t *self, const char *text, bool quote)
{
    const char *run = text;
    for (const char *c = text; *c; c++) {
        const char *escape = *c == '\\'? "\\\\": *c == '\n'? "\\n": quote && *c == '"'? "\\\"": NULL;
        if (!escape)
            continue;
        s_put (self, run, (size_t) (c - run));
        s_puts (self, escape);
        run = c + 1;
    }
    s_puts (self, run);
}

void
gw_prom_family (gw_prom_t *self, const char *name, const char *type, const char *help)
{
    assert (s_valid_name (name));
    assert (type && (!strcmp (type, "counter") || !strcmp (type, "gauge") || !strcmp (type, "histogram")
                     || !strcmp (type, "untyped")));
    s_printf (self, "# HELP %s ", name);
    s_escaped (self, help? help: "", false);
    s_printf (self, "\n# TYPE %s %s\n", name, type);
}

//  name{labels[,extra="value"]}: extra may be NULL.
static void
s_series (gw_prom_t *self, const char *name, const char *suffix, const char *const *labels, const char *extra,
          const char *extra_value)
{
    assert (s_valid_name (name));
    s_puts (self, name);
    s_puts (self, suffix);
    bool any = false;
    for (size_t i = 0; labels && labels [i]; i += 2) {
        assert (s_valid_name (labels [i]) && labels [i + 1]);
        s_puts (self, any? ",": "{");
        s_puts (self, labels [i]);
        s_puts (self, "=\"");
        s_escaped (self, labels [i + 1], true);
        s_puts (self, "\"");
        any = true;
    }
    if (extra) {
        s_puts (self, any? ",": "{");
        s_printf (self, "%s=\"%s\"", extra, extra_value);
        any = true;
    }
    if (any)
        s_puts (self, "}");
}

//  The shortest of %.15g..%.17g that reads back as value; NaN and the infinities as the
//  format spells them.
static void
s_number (char *buffer, size_t size, double value)
{
    if (isnan (value))
        snprintf (buffer, size, "NaN");
    else
    if (isinf (value))
        snprintf (buffer, size, value > 0? "+Inf": "-Inf");
    else
        for (int digits = 15; digits <= 17; digits++) {
            snprintf (buffer, size, "%.*g", digits, value);
            if (strtod (buffer, NULL) == value)
                break;
        }
}

void
gw_prom_int (gw_prom_t *self, const char *name, const char *const *labels, int64_t value)
{
    s_series (self, name, "", labels, NULL, NULL);
    s_printf (self, " %lld\n", (long long) value);
}

void
gw_prom_double (gw_prom_t *self, const char *name, const char *const *labels, double value)
{
    char number [40];
    s_number (number, sizeof number, value);
    s_series (self, name, "", labels, NULL, NULL);
    s_printf (self, " %s\n", number);
}

void
gw_prom_histogram (gw_prom_t *self, const char *name, const char *const *labels, const double *bounds,
                   const uint64_t *counts, size_t bound_count, double sum)
{
    uint64_t cumulative = 0;
    char bound [40];
    for (size_t i = 0; i <= bound_count; i++) {
        assert (i == 0 || i == bound_count || bounds [i] > bounds [i - 1]);
        cumulative += counts [i];
        s_number (bound, sizeof bound, i < bound_count? bounds [i]: INFINITY);
        s_series (self, name, "_bucket", labels, "le", bound);
        s_printf (self, " %llu\n", (unsigned long long) cumulative);
    }
    char number [40];
    s_number (number, sizeof number, sum);
    s_series (self, name, "_sum", labels, NULL, NULL);
    s_printf (self, " %s\n", number);
    s_series (self, name, "_count", labels, NULL, NULL);
    s_printf (self, " %llu\n", (unsigned long long) cumulative);
}

const char *
gw_prom_text (gw_prom_t *self, size_t *size)
{
    if (size)
        *size = self->size;
    return self->data;
}
