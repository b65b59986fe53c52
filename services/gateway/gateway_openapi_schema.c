/*  gateway_openapi_schema: messages and enums as JSON Schemas (gateway_openapi_schema.h).   */
#include "gateway_openapi_schema.h"
#include "sf_pbjson.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;                //  the full .proto name, the schema's
    const ProtobufCMessageDescriptor *message;
    const ProtobufCEnumDescriptor *enumeration;
} s_entry_t;

struct _gw_schemas_t {
    s_entry_t *entries;
    size_t count;
    size_t capacity;
};

gw_schemas_t *
gw_schemas_new (void)
{
    gw_schemas_t *self = calloc (1, sizeof *self);
    assert (self);
    return self;
}

void
gw_schemas_destroy (gw_schemas_t **self_p)
{
    gw_schemas_t *self = *self_p;
    if (!self)
        return;
    free (self->entries);
    free (self);
    *self_p = NULL;
}

size_t
gw_schemas_count (const gw_schemas_t *self)
{
    return self->count;
}

//  False when name is in already.
static bool
s_insert (gw_schemas_t *self, const char *name, const ProtobufCMessageDescriptor *message,
          const ProtobufCEnumDescriptor *enumeration)
{
    for (size_t i = 0; i < self->count; i++)
        if (strcmp (self->entries [i].name, name) == 0)
            return false;
    if (self->count == self->capacity) {
        self->capacity = self->capacity? self->capacity * 2: 64;
        s_entry_t *grown = realloc (self->entries, self->capacity * sizeof *grown);
        assert (grown);
        self->entries = grown;
    }
    self->entries [self->count++] = (s_entry_t) { name, message, enumeration };
    return true;
}

void
gw_schemas_add (gw_schemas_t *self, const ProtobufCMessageDescriptor *message)
{
    assert (message && message->magic == PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC);
    if (!s_insert (self, message->name, message, NULL))
        return;
    for (unsigned i = 0; i < message->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &message->fields [i];
        if (field->type == PROTOBUF_C_TYPE_MESSAGE)
            gw_schemas_add (self, field->descriptor);
        else
        if (field->type == PROTOBUF_C_TYPE_ENUM) {
            const ProtobufCEnumDescriptor *enumeration = field->descriptor;
            s_insert (self, enumeration->name, NULL, enumeration);
        }
    }
}

void
gw_schemas_write_ref (sf_json_t *json, const char *name)
{
    size_t size = strlen (GW_OPENAPI_SCHEMA_REF) + strlen (name) + 1;
    char *ref = malloc (size);
    assert (ref);
    snprintf (ref, size, "%s%s", GW_OPENAPI_SCHEMA_REF, name);
    sf_json_object_begin (json);
    sf_json_key_string (json, "$ref", ref);
    sf_json_object_end (json);
    free (ref);
}

//  {"type": <type>, "format": <format>} with format NULL left out.
static void
s_typed (sf_json_t *json, const char *type, const char *format)
{
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", type);
    if (format)
        sf_json_key_string (json, "format", format);
    sf_json_object_end (json);
}

//  sf_pbjson prints a 64-bit integer as a string of digits and takes a number too.
static void
s_int64 (sf_json_t *json, const char *format)
{
    sf_json_object_begin (json);
    sf_json_key (json, "type");
    sf_json_array_begin (json);
    sf_json_string (json, "string");
    sf_json_string (json, "integer");
    sf_json_array_end (json);
    sf_json_key_string (json, "format", format);
    sf_json_key_string (json, "description", "a 64-bit integer, printed as a string of decimal digits");
    sf_json_object_end (json);
}

//  A number; JSON has no NaN nor infinities: those are the strings sf_pbjson prints.
static void
s_floating (sf_json_t *json, const char *format)
{
    sf_json_object_begin (json);
    sf_json_key (json, "type");
    sf_json_array_begin (json);
    sf_json_string (json, "number");
    sf_json_string (json, "string");
    sf_json_array_end (json);
    sf_json_key_string (json, "format", format);
    sf_json_key_string (json, "description", "a number; \"NaN\", \"Infinity\" and \"-Infinity\" as strings");
    sf_json_object_end (json);
}

//  The schema of one value of field (an element when it is repeated).
static void
s_value (sf_json_t *json, const ProtobufCFieldDescriptor *field)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_SINT32:
        case PROTOBUF_C_TYPE_SFIXED32:
            s_typed (json, "integer", "int32");
            break;
        case PROTOBUF_C_TYPE_UINT32:
        case PROTOBUF_C_TYPE_FIXED32:
            sf_json_object_begin (json);
            sf_json_key_string (json, "type", "integer");
            sf_json_key_int (json, "minimum", 0);
            sf_json_key_int (json, "maximum", UINT32_MAX);
            sf_json_object_end (json);
            break;
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
            s_int64 (json, "int64");
            break;
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
            s_int64 (json, "uint64");
            break;
        case PROTOBUF_C_TYPE_FLOAT:
            s_floating (json, "float");
            break;
        case PROTOBUF_C_TYPE_DOUBLE:
            s_floating (json, "double");
            break;
        case PROTOBUF_C_TYPE_BOOL:
            s_typed (json, "boolean", NULL);
            break;
        case PROTOBUF_C_TYPE_STRING:
            s_typed (json, "string", NULL);
            break;
        case PROTOBUF_C_TYPE_BYTES:
            sf_json_object_begin (json);
            sf_json_key_string (json, "type", "string");
            sf_json_key_string (json, "format", "byte");
            sf_json_key_string (json, "contentEncoding", "base64");
            sf_json_object_end (json);
            break;
        case PROTOBUF_C_TYPE_ENUM:
            gw_schemas_write_ref (json, ((const ProtobufCEnumDescriptor *) field->descriptor)->name);
            break;
        case PROTOBUF_C_TYPE_MESSAGE:
            gw_schemas_write_ref (json, ((const ProtobufCMessageDescriptor *) field->descriptor)->name);
            break;
    }
}

static void
s_message (sf_json_t *json, const ProtobufCMessageDescriptor *message)
{
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "object");
    sf_json_key (json, "properties");
    sf_json_object_begin (json);
    for (unsigned i = 0; i < message->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &message->fields [i];
        char name [256];
        size_t length = sf_pbjson_field_name (field, name, sizeof name);
        assert (length < sizeof name);  //  as sf_pbjson_write: a name that long is our mistake
        sf_json_key (json, name);
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            sf_json_object_begin (json);
            sf_json_key_string (json, "type", "array");
            sf_json_key (json, "items");
            s_value (json, field);
            sf_json_object_end (json);
        }
        else
            s_value (json, field);
    }
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void
s_enum (sf_json_t *json, const ProtobufCEnumDescriptor *enumeration)
{
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "string");
    sf_json_key (json, "enum");
    sf_json_array_begin (json);
    for (unsigned i = 0; i < enumeration->n_values; i++)
        sf_json_string (json, enumeration->values [i].name);
    sf_json_array_end (json);
    sf_json_object_end (json);
}

static int
s_by_name (const void *a, const void *b)
{
    return strcmp (((const s_entry_t *) a)->name, ((const s_entry_t *) b)->name);
}

void
gw_schemas_write (gw_schemas_t *self, sf_json_t *json)
{
    qsort (self->entries, self->count, sizeof *self->entries, s_by_name);
    for (size_t i = 0; i < self->count; i++) {
        const s_entry_t *entry = &self->entries [i];
        sf_json_key (json, entry->name);
        if (entry->message)
            s_message (json, entry->message);
        else
            s_enum (json, entry->enumeration);
    }
}

char *
gw_schemas_json_path (const ProtobufCMessageDescriptor *message, const char *path)
{
    size_t capacity = 4 * strlen (path) + 1;
    char *result = malloc (capacity);
    char *copy = strdup (path);
    assert (result && copy);
    size_t length = 0;
    char *rest = copy;
    for (char *part = strsep (&rest, "."); part; part = strsep (&rest, ".")) {
        const ProtobufCFieldDescriptor *field =
            message? protobuf_c_message_descriptor_get_field_by_name (message, part): NULL;
        char name [256];
        if (field && sf_pbjson_field_name (field, name, sizeof name) < sizeof name)
            part = name;
        message = field && field->type == PROTOBUF_C_TYPE_MESSAGE? field->descriptor: NULL;
        length += (size_t) snprintf (result + length, capacity - length, "%s%s", length? ".": "", part);
    }
    free (copy);
    return result;
}
