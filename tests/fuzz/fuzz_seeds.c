/*  fuzz_seeds: writes the generated part of the committed seed corpus (deploy/fuzz --seeds),
    so that every target starts from inputs its code accepts and the edges next to them:
        corpus/routes_<service>/  per route: the empty body, every field set, every string
                                  blank, a NUL inside every string
        corpus/envelope/          a Request, Reply and Event around those bodies, a
                                  HealthInfo, a Request with a NUL in its idempotency key
    Messages are filled by walking their descriptors, so a new route or field is seeded as
    soon as it exists. The CSV targets' seeds are written by hand.                          */
#include "directory_handlers.h"
#include "fuzz_routes.h"
#include "inspection_handlers.h"
#include "rectification_handlers.h"
#include "sf_codec.h"
#include "sf_envelope.h"
#include "sf_pb.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

//  Messages inside messages are filled this deep, repeated fields with this many values.
#define S_DEPTH_MAX 3
#define S_REPEATED 2

//  Text every string gets: Chinese and ASCII, as a code or a name would be.
#define S_TEXT_FULL "甲A-1"
//  Blank text: spaces, a tab and U+3000 (the ideographic space).
#define S_TEXT_BLANK " \t\xe3\x80\x80"
//  A string holding a NUL: written with S_NUL_MARK, which the packed bytes then have as 0.
#define S_TEXT_NUL "adm\x01in"
#define S_NUL_MARK '\x01'

static const char *s_dir;

static size_t
s_scalar_size (ProtobufCType type)
{
    switch (type) {
        case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64: case PROTOBUF_C_TYPE_DOUBLE:
            return 8;
        case PROTOBUF_C_TYPE_BOOL:
            return sizeof (protobuf_c_boolean);
        case PROTOBUF_C_TYPE_STRING:
            return sizeof (char *);
        case PROTOBUF_C_TYPE_BYTES:
            return sizeof (ProtobufCBinaryData);
        case PROTOBUF_C_TYPE_MESSAGE:
            return sizeof (ProtobufCMessage *);
        default:
            return 4;
    }
}

static void s_fill (ProtobufCMessage *message, const char *text, int depth);

//  One value of field at where.
static void
s_value (const ProtobufCFieldDescriptor *field, void *where, const char *text, int depth)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_STRING:
            sf_pb_set ((char **) where, text);
            break;
        case PROTOBUF_C_TYPE_BYTES: {
            ProtobufCBinaryData *bytes = where;
            bytes->data = (uint8_t *) strdup ("ab");
            bytes->len = 2;
            break;
        }
        case PROTOBUF_C_TYPE_MESSAGE: {
            if (depth >= S_DEPTH_MAX)
                break;
            ProtobufCMessage *inner = sf_pb_new (field->descriptor);
            s_fill (inner, text, depth + 1);
            *(ProtobufCMessage **) where = inner;
            break;
        }
        case PROTOBUF_C_TYPE_ENUM: {
            const ProtobufCEnumDescriptor *values = field->descriptor;
            *(int32_t *) where = values->values [values->n_values > 1? 1: 0].value;
            break;
        }
        case PROTOBUF_C_TYPE_FLOAT:
            *(float *) where = 1.5f;
            break;
        case PROTOBUF_C_TYPE_DOUBLE:
            *(double *) where = 1.5;
            break;
        case PROTOBUF_C_TYPE_BOOL:
            *(protobuf_c_boolean *) where = 1;
            break;
        default:
            if (s_scalar_size (field->type) == 8)
                *(int64_t *) where = 1;
            else
                *(int32_t *) where = 1;
    }
}

//  Every field of message (the first member of each oneof) set, text in every string.
static void
s_fill (ProtobufCMessage *message, const char *text, int depth)
{
    const ProtobufCMessageDescriptor *descriptor = message->descriptor;
    for (unsigned i = 0; i < descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &descriptor->fields [i];
        char *member = (char *) message + field->offset;
        char *quantifier = (char *) message + field->quantifier_offset;
        if (field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            if (*(uint32_t *) quantifier)
                continue;
            *(uint32_t *) quantifier = field->id;
        }
        if (field->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t size = s_scalar_size (field->type);
            void *values = calloc (S_REPEATED, size);
            assert (values);
            for (size_t v = 0; v < S_REPEATED; v++)
                s_value (field, (char *) values + v * size, text, depth);
            *(void **) member = values;
            *(size_t *) quantifier = S_REPEATED;
            continue;
        }
        s_value (field, member, text, depth);
        if (field->label == PROTOBUF_C_LABEL_OPTIONAL && field->type != PROTOBUF_C_TYPE_STRING
        &&  field->type != PROTOBUF_C_TYPE_MESSAGE && !(field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
            *(protobuf_c_boolean *) quantifier = 1;
    }
}

//  Every S_TEXT_NUL in size packed bytes gets its NUL.
static void
s_mark_nul (uint8_t *packed, size_t size)
{
    size_t length = strlen (S_TEXT_NUL);
    for (size_t i = 0; i + length <= size; i++)
        if (memcmp (packed + i, S_TEXT_NUL, length) == 0)
            packed [i + strchr (S_TEXT_NUL, S_NUL_MARK) - S_TEXT_NUL] = 0;
}

//  A message of descriptor's type, filled with text (NULL: left empty), packed, with every
//  S_NUL_MARK turned into a NUL. Caller frees.
static uint8_t *
s_body (const ProtobufCMessageDescriptor *descriptor, const char *text, size_t *size)
{
    ProtobufCMessage *message = sf_pb_new (descriptor);
    if (text)
        s_fill (message, text, 0);
    uint8_t *packed = sf_codec_pack (message, size);
    sf_pb_destroy (&message);
    s_mark_nul (packed, *size);
    return packed;
}

static void
s_write (const char *target, const char *name, const uint8_t *prefix, size_t prefix_size,
         const uint8_t *data, size_t size)
{
    char path [512];
    snprintf (path, sizeof path, "%s/%s", s_dir, target);
    if (mkdir (path, 0755) && errno != EEXIST) {
        perror (path);
        exit (1);
    }
    snprintf (path, sizeof path, "%s/%s/%s", s_dir, target, name);
    FILE *file = fopen (path, "wb");
    if (!file || fwrite (prefix, 1, prefix_size, file) != prefix_size || fwrite (data, 1, size, file) != size) {
        perror (path);
        exit (1);
    }
    fclose (file);
}

typedef struct {
    const char *name;
    const char *text;
} s_variant_t;

static const s_variant_t s_variants [] = {
    { "empty", NULL }, { "full", S_TEXT_FULL }, { "blank", S_TEXT_BLANK }, { "nul", S_TEXT_NUL }
};
#define S_VARIANTS (sizeof s_variants / sizeof s_variants [0])

static void
s_routes (const char *target, const sf_route_t *routes)
{
    size_t count = fuzz_routes_count (routes);
    for (size_t r = 0; r < count; r++)
        for (size_t v = 0; v < S_VARIANTS; v++) {
            size_t size;
            uint8_t *body = s_body (routes [r].request, s_variants [v].text, &size);
            char name [256];
            snprintf (name, sizeof name, "%02zu-%s-%s", r, routes [r].request->name, s_variants [v].name);
            uint8_t index = (uint8_t) r;
            s_write (target, name, &index, 1, body, size);
            free (body);
        }
}

//  An envelope of descriptor's type, every field filled, then its type and body fields
//  (named type_field and body_field) set to message's type and packed bytes.
static void
s_envelope (const char *name, const ProtobufCMessageDescriptor *envelope, const char *text,
            const char *type_field, const char *body_field, const ProtobufCMessageDescriptor *body_type)
{
    ProtobufCMessage *message = sf_pb_new (envelope);
    s_fill (message, text, 0);
    if (type_field) {
        sf_pb_set ((char **) sf_pb_member (message, sf_pb_field (envelope, type_field)), body_type->name);
        ProtobufCBinaryData *bytes = (ProtobufCBinaryData *) sf_pb_member (message, sf_pb_field (envelope, body_field));
        free (bytes->data);
        bytes->data = s_body (body_type, S_TEXT_FULL, &bytes->len);
    }
    size_t size;
    uint8_t *packed = sf_codec_pack (message, &size);
    s_mark_nul (packed, size);
    s_write ("envelope", name, NULL, 0, packed, size);
    free (packed);
    sf_pb_destroy (&message);
}

int
main (int argc, char **argv)
{
    if (argc != 2) {
        fprintf (stderr, "usage: fuzz_seeds CORPUS_DIR\n");
        return 2;
    }
    s_dir = argv [1];
    if (mkdir (s_dir, 0755) && errno != EEXIST) {
        perror (s_dir);
        return 1;
    }
    s_routes ("routes_dir", directory_routes);
    s_routes ("routes_insp", inspection_routes);
    s_routes ("routes_rect", rect_routes);

    const struct { const char *name; const sf_route_t *route; } requests [] = {
        { "directory", &directory_routes [0] }, { "inspection", &inspection_routes [0] },
        { "rectification", &rect_routes [0] }
    };
    for (size_t i = 0; i < sizeof requests / sizeof requests [0]; i++) {
        char name [128];
        snprintf (name, sizeof name, "request-%s", requests [i].name);
        s_envelope (name, &sf__request__descriptor, S_TEXT_FULL, "type", "body", requests [i].route->request);
        snprintf (name, sizeof name, "reply-%s", requests [i].name);
        s_envelope (name, &sf__reply__descriptor, S_TEXT_FULL, "type", "body", requests [i].route->reply);
        snprintf (name, sizeof name, "event-%s", requests [i].name);
        s_envelope (name, &sf__event__descriptor, S_TEXT_FULL, "payload_type", "payload", requests [i].route->reply);
    }
    s_envelope ("request-nul", &sf__request__descriptor, S_TEXT_NUL, NULL, NULL, NULL);
    s_envelope ("request-blank", &sf__request__descriptor, S_TEXT_BLANK, NULL, NULL, NULL);
    s_envelope ("health", &sf__health_info__descriptor, S_TEXT_FULL, NULL, NULL, NULL);
    return 0;
}
