/*  sf_pb: the wire walk reads tags and lengths only (RFC-less, but the encoding is the
    protobuf wire format: varint tags, wire types 0, 1, 2, 5); the decoded walk reads
    fields through their descriptors' offsets, as protobuf-c's own pack does.               */
#include "sf_pb.h"
#include "sf_utf8.h"

#include <assert.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_nul = {
    "字段 %s 含有 NUL 字符", "Field %s contains a NUL character"
};
static const sf_text_t s_msg_field_zero = {
    "字段 %s：字段编号 0 不是合法的 protobuf", "Field %s: field number 0 is not valid protobuf"
};
static const sf_text_t s_msg_too_deep = {
    "字段 %s 嵌套超过 %d 层", "Field %s is nested more than %d levels deep"
};
static const sf_text_t s_msg_not_utf8 = {
    "字段 %s 不是有效的 UTF-8 文本", "Field %s is not valid UTF-8 text"
};
static const sf_text_t s_msg_control = {
    "字段 %s 含有控制字符", "Field %s contains control characters"
};
static const sf_text_t s_msg_too_long = {
    "字段 %s 超过 %d 字节的上限", "Field %s is longer than its limit of %d bytes"
};
static const sf_text_t s_msg_blank = {
    "字段 %s 必须填写，不能为空或只含空白", "Field %s is required and must not be empty or blank"
};

//  The path to the field being checked, kept as frames and written out only when a check
//  fails: formatting it at every field would cost more than the checks themselves.
typedef struct {
    const char *name;
    size_t index;
    bool repeated;
} s_frame_t;

typedef struct {
    s_frame_t frames [SF_PB_DEPTH_MAX + 2];
    size_t depth;
} s_path_t;

static size_t
s_path_push (s_path_t *path, const char *name, size_t index, bool repeated)
{
    size_t mark = path->depth;
    if (mark < sizeof path->frames / sizeof path->frames [0]) {
        path->frames [mark] = (s_frame_t) { name, index, repeated };
        path->depth = mark + 1;
    }
    return mark;
}

static void
s_path_pop (s_path_t *path, size_t mark)
{
    path->depth = mark;
}

static int
s_fail (sf_pb_fault_t *fault, const sf_text_t *text, const s_path_t *path, int limit)
{
    fault->text = text;
    fault->limit = limit;
    size_t used = 0;
    fault->path [0] = 0;
    for (size_t i = 0; i < path->depth && used < sizeof fault->path; i++) {
        const s_frame_t *frame = &path->frames [i];
        int written = frame->repeated
            ? snprintf (fault->path + used, sizeof fault->path - used, "%s%s[%zu]", i? ".": "", frame->name, frame->index)
            : snprintf (fault->path + used, sizeof fault->path - used, "%s%s", i? ".": "", frame->name);
        if (written < 0)
            break;
        used += (size_t) written;
    }
    return -1;
}

//  --------------------------------------------------------------------------------------
//  On the wire

static bool
s_varint (const uint8_t **at, const uint8_t *end, uint64_t *value)
{
    *value = 0;
    for (int shift = 0; shift < 64 && *at < end; shift += 7) {
        uint8_t byte = *(*at)++;
        *value |= (uint64_t) (byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

//  Returns 0 when clean or not a valid message (unpack decides), -1 on a fault.
static int
s_wire_walk (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t size,
             s_path_t *path, int depth, sf_pb_fault_t *fault)
{
    if (depth > SF_PB_DEPTH_MAX)
        return s_fail (fault, &s_msg_too_deep, path, SF_PB_DEPTH_MAX);
    //  How many values of each field came so far, for "items[2]"; on the stack for the
    //  messages we have, on the heap for a larger one.
    size_t on_stack [32] = { 0 };
    size_t *seen = descriptor->n_fields < 32? on_stack: calloc (descriptor->n_fields + 1, sizeof *seen);
    assert (seen);
    const uint8_t *at = data, *end = data + size;
    int rc = 0;
    while (at < end && rc == 0) {
        uint64_t tag, length;
        if (!s_varint (&at, end, &tag))
            break;
        //  protobuf-c keeps a field numbered 0 as an unknown field, and packs it again as
        //  something else: no encoder makes one, so it is refused here.
        if (tag >> 3 == 0) {
            size_t mark = s_path_push (path, "0", 0, false);
            rc = s_fail (fault, &s_msg_field_zero, path, 0);
            s_path_pop (path, mark);
            break;
        }
        const ProtobufCFieldDescriptor *field = tag >> 3 <= UINT32_MAX
            ? protobuf_c_message_descriptor_get_field (descriptor, (unsigned) (tag >> 3)): NULL;
        size_t index = field? seen [field - descriptor->fields]++: 0;
        int wire_type = (int) (tag & 7);
        if (wire_type == 0) {
            if (!s_varint (&at, end, &length))
                break;
            continue;
        }
        size_t skip = wire_type == 1? 8: wire_type == 5? 4: 0;
        if (wire_type != 2) {
            if (!skip || (size_t) (end - at) < skip)
                break;
            at += skip;
            continue;
        }
        if (!s_varint (&at, end, &length) || length > (uint64_t) (end - at))
            break;
        if (field && (field->type == PROTOBUF_C_TYPE_STRING || field->type == PROTOBUF_C_TYPE_MESSAGE)) {
            size_t mark = s_path_push (path, field->name, index, field->label == PROTOBUF_C_LABEL_REPEATED);
            if (field->type == PROTOBUF_C_TYPE_STRING && memchr (at, 0, (size_t) length))
                rc = s_fail (fault, &s_msg_nul, path, 0);
            else
            if (field->type == PROTOBUF_C_TYPE_MESSAGE)
                rc = s_wire_walk (field->descriptor, at, (size_t) length, path, depth + 1, fault);
            s_path_pop (path, mark);
        }
        at += length;
    }
    if (seen != on_stack)
        free (seen);
    return rc;
}

int
sf_pb_wire_check (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t size,
                  sf_pb_fault_t *fault)
{
    memset (fault, 0, sizeof *fault);
    s_path_t path = { .depth = 0 };
    return s_wire_walk (descriptor, data, size, &path, 0, fault);
}

//  --------------------------------------------------------------------------------------
//  Decoded

const ProtobufCFieldDescriptor *
sf_pb_field (const ProtobufCMessageDescriptor *descriptor, const char *name)
{
    for (unsigned i = 0; i < descriptor->n_fields; i++)
        if (strcmp (descriptor->fields [i].name, name) == 0)
            return &descriptor->fields [i];
    return NULL;
}

const void *
sf_pb_member (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    return (const char *) message + field->offset;
}

size_t
sf_pb_count (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field)
{
    const char *base = (const char *) message;
    if (field->label == PROTOBUF_C_LABEL_REPEATED)
        return *(const size_t *) (base + field->quantifier_offset);
    if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        return *(const uint32_t *) (base + field->quantifier_offset) == field->id;
    if (field->type == PROTOBUF_C_TYPE_MESSAGE || field->type == PROTOBUF_C_TYPE_STRING)
        return *(void *const *) (base + field->offset) != NULL;
    if (field->label == PROTOBUF_C_LABEL_OPTIONAL && field->quantifier_offset)
        return *(const protobuf_c_boolean *) (base + field->quantifier_offset) != 0;
    return 1;
}

//  The index-th value of a string or message field (index 0 for a single one).
static const void *
s_value (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field, size_t index)
{
    const void *member = sf_pb_member (message, field);
    if (field->label == PROTOBUF_C_LABEL_REPEATED)
        return (*(void *const *const *) member) [index];
    return *(void *const *) member;
}

static int
s_check_walk (const ProtobufCMessage *message, size_t max_bytes, s_path_t *path, int depth, sf_pb_fault_t *fault)
{
    if (depth > SF_PB_DEPTH_MAX)
        return s_fail (fault, &s_msg_too_deep, path, SF_PB_DEPTH_MAX);
    const ProtobufCMessageDescriptor *descriptor = message->descriptor;
    for (unsigned i = 0; i < descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &descriptor->fields [i];
        if (field->type != PROTOBUF_C_TYPE_STRING && field->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        size_t count = sf_pb_count (message, field);
        bool repeated = field->label == PROTOBUF_C_LABEL_REPEATED;
        for (size_t j = 0; j < count; j++) {
            const void *value = s_value (message, field, j);
            if (!value)
                continue;
            size_t mark = s_path_push (path, field->name, j, repeated);
            int rc = 0;
            if (field->type == PROTOBUF_C_TYPE_MESSAGE)
                rc = s_check_walk (value, max_bytes, path, depth + 1, fault);
            else {
                const char *text = value;
                size_t size = strlen (text);
                if (size > max_bytes)
                    rc = s_fail (fault, &s_msg_too_long, path, (int) max_bytes);
                else
                if (!sf_utf8_valid (text, size))
                    rc = s_fail (fault, &s_msg_not_utf8, path, 0);
                else
                if (sf_utf8_has_control_in_text (text, size))
                    rc = s_fail (fault, &s_msg_control, path, 0);
            }
            s_path_pop (path, mark);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int
sf_pb_check_text (const ProtobufCMessage *message, size_t max_bytes, sf_pb_fault_t *fault)
{
    memset (fault, 0, sizeof *fault);
    s_path_t path = { .depth = 0 };
    return s_check_walk (message, max_bytes, &path, 0, fault);
}

static int
s_check_one (const ProtobufCMessage *message, const char *name, size_t length, s_path_t *path, sf_pb_fault_t *fault)
{
    const char *dot = memchr (name, '.', length);
    size_t own = dot? (size_t) (dot - name): length;
    char field_name [64];
    assert (own < sizeof field_name);
    memcpy (field_name, name, own);
    field_name [own] = 0;
    const ProtobufCFieldDescriptor *field = sf_pb_field (message->descriptor, field_name);
    assert (field && field->label != PROTOBUF_C_LABEL_REPEATED);
    assert (field->type == PROTOBUF_C_TYPE_STRING || field->type == PROTOBUF_C_TYPE_MESSAGE);
    assert (!dot || field->type == PROTOBUF_C_TYPE_MESSAGE);
    size_t mark = s_path_push (path, field->name, 0, false);
    const void *value = s_value (message, field, 0);
    int rc = 0;
    if (!value || (field->type == PROTOBUF_C_TYPE_STRING && sf_utf8_blank (value)))
        rc = s_fail (fault, &s_msg_blank, path, 0);
    else
    if (dot)
        rc = s_check_one (value, dot + 1, length - own - 1, path, fault);
    s_path_pop (path, mark);
    return rc;
}

int
sf_pb_check_required (const ProtobufCMessage *message, const char *required, sf_pb_fault_t *fault)
{
    memset (fault, 0, sizeof *fault);
    s_path_t path = { .depth = 0 };
    const char *at = required;
    while (at && *at) {
        size_t length = strcspn (at, ",");
        if (length && s_check_one (message, at, length, &path, fault))
            return -1;
        at += length + (at [length] == ',');
    }
    return 0;
}

ProtobufCMessage *
sf_pb_unpack_checked (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t size,
                      size_t max_bytes, const char *required, sf_pb_fault_t *fault)
{
    if (sf_pb_wire_check (descriptor, data, size, fault))
        return NULL;
    ProtobufCMessage *message = protobuf_c_message_unpack (descriptor, NULL, size, data);
    if (message
    &&  (sf_pb_check_text (message, max_bytes, fault) || (required && sf_pb_check_required (message, required, fault))))
        sf_pb_destroy (&message);
    return message;
}

//  --------------------------------------------------------------------------------------
//  Building

void *
sf_pb_new (const ProtobufCMessageDescriptor *descriptor)
{
    ProtobufCMessage *message = malloc (descriptor->sizeof_message);
    assert (message);
    protobuf_c_message_init (descriptor, message);
    return message;
}

void
sf_pb_destroy (void *message_p)
{
    ProtobufCMessage **message = (ProtobufCMessage **) message_p;
    if (message && *message) {
        protobuf_c_message_free_unpacked (*message, NULL);
        *message = NULL;
    }
}

//  Makes room for one more pointer in a repeated field's array. protobuf-c keeps no
//  capacity, and the array may come from an unpack (sized exactly) or from here: the
//  allocator knows what it gave, so a list of n rows costs log n reallocations, not n.
static void **
s_room_for_one (void **array, size_t count)
{
    if (array && malloc_usable_size (array) >= (count + 1) * sizeof *array)
        return array;
    void **grown = realloc (array, (count < 4? 4: count * 2) * sizeof *grown);
    assert (grown);
    return grown;
}

void *
sf_pb_add (void *array_p, size_t *count, const ProtobufCMessageDescriptor *descriptor)
{
    void ***array = (void ***) array_p;
    void **grown = s_room_for_one (*array, *count);
    *array = grown;
    void *message = sf_pb_new (descriptor);
    grown [(*count)++] = message;
    return message;
}

void
sf_pb_add_string (char ***array, size_t *count, const char *text)
{
    char **grown = (char **) s_room_for_one ((void **) *array, *count);
    *array = grown;
    grown [*count] = strdup (text? text: "");
    assert (grown [*count]);
    (*count)++;
}

void
sf_pb_set (char **field, const char *text)
{
    char *copy = strdup (text? text: "");
    assert (copy);
    if (*field && *field != protobuf_c_empty_string)
        free (*field);
    *field = copy;
}

char **
sf_pb_text_at (const ProtobufCMessage *message, const char *path, bool *absent)
{
    *absent = false;
    for (;;) {
        size_t size = strcspn (path, ".,");
        char name [64];
        assert (size < sizeof name);
        memcpy (name, path, size);
        name [size] = 0;
        const ProtobufCFieldDescriptor *field = sf_pb_field (message->descriptor, name);
        assert (field && field->label != PROTOBUF_C_LABEL_REPEATED);
        if (path [size] != '.') {
            assert (field->type == PROTOBUF_C_TYPE_STRING);
            return (char **) sf_pb_member (message, field);
        }
        assert (field->type == PROTOBUF_C_TYPE_MESSAGE);
        message = *(ProtobufCMessage *const *) sf_pb_member (message, field);
        if (!message) {
            *absent = true;
            return NULL;
        }
        path += size + 1;
    }
}
