/*  sf_json: a small JSON writer into a growing buffer, for machine output of the command-line
    client and the HTTP gateway. It places the commas itself and keeps track of nesting: a
    member without a key, a key inside an array or an end that does not match its begin is
    our bug, and asserts. Strings are escaped in full (quote, backslash, every control
    character), and bytes that are not valid UTF-8 become U+FFFD, so whatever text we are
    given, the document stays valid JSON. The output is compact, without newlines.          */
#ifndef SF_JSON_H_INCLUDED
#define SF_JSON_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _sf_json_t sf_json_t;

sf_json_t *sf_json_new (void);
void sf_json_destroy (sf_json_t **self_p);

//  Empties the buffer to write the next document.
void sf_json_reset (sf_json_t *self);

void sf_json_object_begin (sf_json_t *self);
void sf_json_object_end (sf_json_t *self);
void sf_json_array_begin (sf_json_t *self);
void sf_json_array_end (sf_json_t *self);

//  The key of the next member of the current object.
void sf_json_key (sf_json_t *self, const char *key);

//  Values: in an array, after a key, or as the whole document. A NULL string writes null.
void sf_json_string (sf_json_t *self, const char *value);
void sf_json_int (sf_json_t *self, int64_t value);
//  A number with as few digits as read back exactly (0.1 stays 0.1, not 0.10000000000000001).
//  JSON has no NaN or infinity: those are the strings "NaN", "Infinity" and "-Infinity", as
//  the protobuf JSON mapping writes them.
void sf_json_double (sf_json_t *self, double value);
//  The same for a float: its shortest form as a float (0.1f is 0.1, not 0.10000000149011612).
void sf_json_float (sf_json_t *self, float value);
//  size bytes as a string in standard base64 with padding (RFC 4648, section 4).
void sf_json_base64 (sf_json_t *self, const uint8_t *data, size_t size);
void sf_json_bool (sf_json_t *self, bool value);
void sf_json_null (sf_json_t *self);

//  A key and its value in one call.
void sf_json_key_string (sf_json_t *self, const char *key, const char *value);
void sf_json_key_int (sf_json_t *self, const char *key, int64_t value);
void sf_json_key_bool (sf_json_t *self, const char *key, bool value);

//  The document so far, NUL-terminated; valid until the next write.
const char *sf_json_text (sf_json_t *self);
size_t sf_json_size (sf_json_t *self);

#endif
