/*  sf_pbjson: printing. Presence follows what each kind of field can tell: a proto3 field
    has none, so its default is left out as Google's runtimes do (a double counts as default
    only when it is +0.0: they print -0.0); a proto2 optional one has has_ (a string or a
    message its pointer, as protobuf-c's pack reads it); a oneof member is printed when its
    case names it, whatever its value. Parsing is in sf_pbjson_parse.c.                    */
#include "sf_pbjson.h"
#include "sf_pb.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t
sf_pbjson_field_name (const ProtobufCFieldDescriptor *field, char *name, size_t size)
{
    size_t length = 0;
    bool upper = false;
    for (const char *at = field->name; *at; at++) {
        if (*at == '_') {
            upper = true;
            continue;
        }
        char c = upper && *at >= 'a' && *at <= 'z'? (char) (*at - 'a' + 'A'): *at;
        upper = false;
        if (length + 1 < size)
            name [length] = c;
        length++;
    }
    if (size > 0)
        name [length < size? length: size - 1] = 0;
    return length;
}

//  A field's has_, oneof case or repeated count.
static const void *
s_quantifier (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    return (const char *) message + field->quantifier_offset;
}

//  All bits zero: +0.0 is a proto3 double's default, -0.0 is not.
static bool
s_zero_bits (const void *value, size_t size)
{
    const unsigned char *byte = value;
    for (size_t i = 0; i < size; i++)
        if (byte [i])
            return false;
    return true;
}

static bool
s_present (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    const void *value = sf_pb_member (message, field);
    bool pointer = field->type == PROTOBUF_C_TYPE_STRING || field->type == PROTOBUF_C_TYPE_MESSAGE;
    if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        return *(const uint32_t *) s_quantifier (message, field) == field->id
            && !(field->type == PROTOBUF_C_TYPE_MESSAGE && !*(const void * const *) value);
    if (field->label == PROTOBUF_C_LABEL_OPTIONAL) {
        if (pointer) {
            const void *pointee = *(const void * const *) value;
            return pointee && pointee != field->default_value;
        }
        return *(const protobuf_c_boolean *) s_quantifier (message, field);
    }
    if (field->label == PROTOBUF_C_LABEL_REQUIRED)
        return !(field->type == PROTOBUF_C_TYPE_MESSAGE && !*(const void * const *) value);
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING: {
            const char *text = *(const char * const *) value;
            return text && *text;
        }
        case PROTOBUF_C_TYPE_MESSAGE:
            return *(const void * const *) value != NULL;
        case PROTOBUF_C_TYPE_BYTES:
            return ((const ProtobufCBinaryData *) value)->len > 0;
        case PROTOBUF_C_TYPE_BOOL:
            return *(const protobuf_c_boolean *) value != 0;
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
        case PROTOBUF_C_TYPE_DOUBLE:
            return !s_zero_bits (value, 8);
        default:
            return !s_zero_bits (value, 4);
    }
}

static void
s_write_int64_string (sf_json_t *json, int64_t value)
{
    char text [24];
    snprintf (text, sizeof text, "%" PRId64, value);
    sf_json_string (json, text);
}

static void
s_write_uint64_string (sf_json_t *json, uint64_t value)
{
    char text [24];
    snprintf (text, sizeof text, "%" PRIu64, value);
    sf_json_string (json, text);
}

static void
s_write_enum (sf_json_t *json, const ProtobufCEnumDescriptor *descriptor, int value)
{
    const ProtobufCEnumValue *known = protobuf_c_enum_descriptor_get_value (descriptor, value);
    if (known)
        sf_json_string (json, known->name);
    else
        sf_json_int (json, value);
}

//  Value index of values: the field's own member (index 0) or the array of a repeated one.
static void
s_write_value (sf_json_t *json, const ProtobufCFieldDescriptor *field, const void *values, size_t index)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_SINT32:
        case PROTOBUF_C_TYPE_SFIXED32:
            sf_json_int (json, ((const int32_t *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_UINT32:
        case PROTOBUF_C_TYPE_FIXED32:
            sf_json_int (json, ((const uint32_t *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
            s_write_int64_string (json, ((const int64_t *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
            s_write_uint64_string (json, ((const uint64_t *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_FLOAT:
            sf_json_float (json, ((const float *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_DOUBLE:
            sf_json_double (json, ((const double *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_BOOL:
            sf_json_bool (json, ((const protobuf_c_boolean *) values) [index] != 0);
            break;
        case PROTOBUF_C_TYPE_ENUM:
            s_write_enum (json, field->descriptor, ((const int *) values) [index]);
            break;
        case PROTOBUF_C_TYPE_STRING: {
            const char *text = ((const char * const *) values) [index];
            sf_json_string (json, text? text: "");
            break;
        }
        case PROTOBUF_C_TYPE_BYTES: {
            const ProtobufCBinaryData *bytes = (const ProtobufCBinaryData *) values + index;
            sf_json_base64 (json, bytes->data, bytes->len);
            break;
        }
        case PROTOBUF_C_TYPE_MESSAGE: {
            const ProtobufCMessage *inner = ((const ProtobufCMessage * const *) values) [index];
            assert (inner);         //  a list of messages holds no NULL
            sf_pbjson_write (json, inner);
            break;
        }
    }
}

void
sf_pbjson_write (sf_json_t *json, const ProtobufCMessage *message)
{
    assert (message && message->descriptor);
    const ProtobufCMessageDescriptor *descriptor = message->descriptor;
    assert (descriptor->magic == PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC);
    sf_json_object_begin (json);
    for (unsigned i = 0; i < descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &descriptor->fields [i];
        const void *values = sf_pb_member (message, field);
        size_t count = 1;
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            count = *(const size_t *) s_quantifier (message, field);
            values = *(const void * const *) values;
            if (count == 0)
                continue;
        }
        else
        if (!s_present (message, field))
            continue;
        char name [256];
        size_t length = sf_pbjson_field_name (field, name, sizeof name);
        assert (length < sizeof name);  //  a .proto of ours with a name that long is a mistake
        sf_json_key (json, name);
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            sf_json_array_begin (json);
            for (size_t index = 0; index < count; index++)
                s_write_value (json, field, values, index);
            sf_json_array_end (json);
        }
        else
            s_write_value (json, field, values, 0);
    }
    sf_json_object_end (json);
}

char *
sf_pbjson_encode (const ProtobufCMessage *message)
{
    sf_json_t *json = sf_json_new ();
    sf_pbjson_write (json, message);
    char *text = strdup (sf_json_text (json));
    assert (text);
    sf_json_destroy (&json);
    return text;
}
