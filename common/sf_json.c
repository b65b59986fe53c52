/*  sf_json: one buffer, doubled when full, and a stack of open containers, each knowing
    whether it has members yet (where the next comma goes) and, for an object, whether a
    key waits for its value.                                                               */
#include "sf_json.h"
#include "sf_utf8.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_JSON_MAX_DEPTH 64

typedef struct {
    bool object;
    bool has_members;
} s_level_t;

struct _sf_json_t {
    char *data;
    size_t size;
    size_t capacity;
    s_level_t levels [SF_JSON_MAX_DEPTH];
    size_t depth;
    bool key_pending;               //  a key was written, its value not yet
};

sf_json_t *
sf_json_new (void)
{
    sf_json_t *self = calloc (1, sizeof *self);
    assert (self);
    self->capacity = 256;
    self->data = malloc (self->capacity);
    assert (self->data);
    self->data [0] = 0;
    return self;
}

void
sf_json_destroy (sf_json_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_json_t *self = *self_p;
    free (self->data);
    free (self);
    *self_p = NULL;
}

void
sf_json_reset (sf_json_t *self)
{
    self->size = 0;
    self->data [0] = 0;
    self->depth = 0;
    self->key_pending = false;
}

static void
s_append (sf_json_t *self, const char *text, size_t len)
{
    if (self->size + len + 1 > self->capacity) {
        while (self->size + len + 1 > self->capacity)
            self->capacity *= 2;
        self->data = realloc (self->data, self->capacity);
        assert (self->data);
    }
    memcpy (self->data + self->size, text, len);
    self->size += len;
    self->data [self->size] = 0;
}

static void
s_append_char (sf_json_t *self, char c)
{
    s_append (self, &c, 1);
}

//  Where a value is about to go: after a key, as the next element of an array, or as the
//  whole document (only one per reset).
static void
s_before_value (sf_json_t *self)
{
    if (self->depth == 0) {
        assert (self->size == 0);
        return;
    }
    s_level_t *level = &self->levels [self->depth - 1];
    if (level->object) {
        assert (self->key_pending);
        self->key_pending = false;
        return;
    }
    if (level->has_members)
        s_append_char (self, ',');
    level->has_members = true;
}

static void
s_append_quoted (sf_json_t *self, const char *value)
{
    static const char hex [] = "0123456789abcdef";
    const unsigned char *at = (const unsigned char *) value;
    s_append_char (self, '"');
    while (*at) {
        const unsigned char *run = at;
        while (*at >= 0x20 && *at < 0x80 && *at != '"' && *at != '\\')
            at++;
        s_append (self, (const char *) run, (size_t) (at - run));
        if (!*at)
            break;
        if (*at >= 0x80) {
            //  The sequence this lead byte announces, if it is one; a NUL inside it fails
            //  the check before anything beyond the NUL is read.
            size_t length = *at >= 0xf0? 4: *at >= 0xe0? 3: *at >= 0xc0? 2: 1;
            bool valid = length > 1 && sf_utf8_valid ((const char *) at, length);
            if (valid)
                s_append (self, (const char *) at, length);
            else
                s_append (self, "\\ufffd", 6);
            at += valid? length: 1;
            continue;
        }
        char escape [7] = { '\\', 0 };
        switch (*at) {
            case '"':  escape [1] = '"'; break;
            case '\\': escape [1] = '\\'; break;
            case '\b': escape [1] = 'b'; break;
            case '\f': escape [1] = 'f'; break;
            case '\n': escape [1] = 'n'; break;
            case '\r': escape [1] = 'r'; break;
            case '\t': escape [1] = 't'; break;
            default:
                memcpy (escape + 1, "u00", 3);
                escape [4] = hex [*at >> 4];
                escape [5] = hex [*at & 0xf];
        }
        s_append (self, escape, strlen (escape));
        at++;
    }
    s_append_char (self, '"');
}

static void
s_begin (sf_json_t *self, bool object)
{
    s_before_value (self);
    assert (self->depth < SF_JSON_MAX_DEPTH);
    self->levels [self->depth++] = (s_level_t) { object, false };
    s_append_char (self, object? '{': '[');
}

static void
s_end (sf_json_t *self, bool object)
{
    assert (self->depth > 0);
    assert (self->levels [self->depth - 1].object == object);
    assert (!self->key_pending);
    self->depth--;
    s_append_char (self, object? '}': ']');
}

void
sf_json_object_begin (sf_json_t *self)
{
    s_begin (self, true);
}

void
sf_json_object_end (sf_json_t *self)
{
    s_end (self, true);
}

void
sf_json_array_begin (sf_json_t *self)
{
    s_begin (self, false);
}

void
sf_json_array_end (sf_json_t *self)
{
    s_end (self, false);
}

void
sf_json_key (sf_json_t *self, const char *key)
{
    assert (key);
    assert (self->depth > 0 && self->levels [self->depth - 1].object);
    assert (!self->key_pending);
    s_level_t *level = &self->levels [self->depth - 1];
    if (level->has_members)
        s_append_char (self, ',');
    level->has_members = true;
    s_append_quoted (self, key);
    s_append_char (self, ':');
    self->key_pending = true;
}

void
sf_json_string (sf_json_t *self, const char *value)
{
    if (!value) {
        sf_json_null (self);
        return;
    }
    s_before_value (self);
    s_append_quoted (self, value);
}

void
sf_json_int (sf_json_t *self, int64_t value)
{
    s_before_value (self);
    char text [24];
    int len = snprintf (text, sizeof text, "%" PRId64, value);
    s_append (self, text, (size_t) len);
}

//  The digits of value at the lowest precision from first up that reads back as the same
//  number; read back as a float when single. The process keeps the C locale (nothing calls
//  setlocale), so printf and strtod use a '.'.
static void
s_append_real (sf_json_t *self, double value, int first, bool single)
{
    s_before_value (self);
    if (isnan (value) || isinf (value)) {
        s_append_quoted (self, isnan (value)? "NaN": value > 0? "Infinity": "-Infinity");
        return;
    }
    if (value == 0 && signbit (value)) {
        //  "-0" would do for JSON, but Python's json reads it as the integer 0.
        s_append (self, "-0.0", 4);
        return;
    }
    char text [32];
    int len = 0;
    for (int precision = first; precision <= 17; precision++) {
        len = snprintf (text, sizeof text, "%.*g", precision, value);
        double back = strtod (text, NULL);
        if (single? (float) back == (float) value: back == value)
            break;
    }
    s_append (self, text, (size_t) len);
}

//  Shortest, as Python's repr prints a double.
void
sf_json_double (sf_json_t *self, double value)
{
    s_append_real (self, value, 1, false);
}

//  From 6 digits up, as Google's runtimes print a float (ToShortestFloat), so the text is
//  theirs too.
void
sf_json_float (sf_json_t *self, float value)
{
    s_append_real (self, value, 6, true);
}

void
sf_json_base64 (sf_json_t *self, const uint8_t *data, size_t size)
{
    static const char alphabet [] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    s_before_value (self);
    s_append_char (self, '"');
    for (size_t i = 0; i < size; i += 3) {
        uint32_t group = (uint32_t) data [i] << 16;
        if (i + 1 < size)
            group |= (uint32_t) data [i + 1] << 8;
        if (i + 2 < size)
            group |= data [i + 2];
        char quad [4] = {
            alphabet [group >> 18], alphabet [(group >> 12) & 63],
            i + 1 < size? alphabet [(group >> 6) & 63]: '=',
            i + 2 < size? alphabet [group & 63]: '='
        };
        s_append (self, quad, 4);
    }
    s_append_char (self, '"');
}

void
sf_json_bool (sf_json_t *self, bool value)
{
    s_before_value (self);
    s_append (self, value? "true": "false", value? 4: 5);
}

void
sf_json_null (sf_json_t *self)
{
    s_before_value (self);
    s_append (self, "null", 4);
}

void
sf_json_key_string (sf_json_t *self, const char *key, const char *value)
{
    sf_json_key (self, key);
    sf_json_string (self, value);
}

void
sf_json_key_int (sf_json_t *self, const char *key, int64_t value)
{
    sf_json_key (self, key);
    sf_json_int (self, value);
}

void
sf_json_key_bool (sf_json_t *self, const char *key, bool value)
{
    sf_json_key (self, key);
    sf_json_bool (self, value);
}

const char *
sf_json_text (sf_json_t *self)
{
    return self->data;
}

size_t
sf_json_size (sf_json_t *self)
{
    return self->size;
}
