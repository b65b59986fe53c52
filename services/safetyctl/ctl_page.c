/*  ctl_page: the walk over a list's pages, and the pages joined into one reply. The token
    fields are found by name in the descriptors; the request keeps every other field, so each
    page is asked for with the same filters.                                                */
#include "ctl_page.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_same_token = {
    "服务 %s 再次给出了同一个 next_page_token，列表无法继续（服务的缺陷）",
    "the daemon %s gave the same next_page_token again: the list cannot go on (a bug in the daemon)"
};

//  Where a field of a known type lives in message.
#define S_FIELD(message, field, Type) ((Type *) ((char *) (message) + (field)->offset))

//  Takes each page; may keep it by setting *page_p to NULL. Returns as ctl_page_fn.
typedef int (s_take_fn) (const ctl_t *ctl, ProtobufCMessage **page_p, void *arg);

static int
s_walk (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
        const ProtobufCMessageDescriptor *reply_type, s_take_fn *take, void *arg)
{
    const ProtobufCFieldDescriptor *token_field = sf_pb_field (request->descriptor, "page_token");
    const ProtobufCFieldDescriptor *size_field = sf_pb_field (request->descriptor, "page_size");
    const ProtobufCFieldDescriptor *next_field = sf_pb_field (reply_type, "next_page_token");
    assert (token_field && token_field->type == PROTOBUF_C_TYPE_STRING
            && token_field->label != PROTOBUF_C_LABEL_REPEATED);
    assert (size_field && size_field->type == PROTOBUF_C_TYPE_INT32
            && size_field->label != PROTOBUF_C_LABEL_REPEATED);
    assert (next_field && next_field->type == PROTOBUF_C_TYPE_STRING
            && next_field->label != PROTOBUF_C_LABEL_REPEATED);

    //  The caller's values are put back at the end: the request may borrow its strings.
    char **token = S_FIELD (request, token_field, char *);
    int32_t *size = S_FIELD (request, size_field, int32_t);
    char *given_token = *token;
    int32_t given_size = *size;
    if (page_size > 0)
        *size = page_size;
    *token = NULL;
    sf_pb_set (token, given_token);

    int rc = CTL_EXIT_OK;
    bool last = false;
    while (!last) {
        ProtobufCMessage *page;
        rc = ctl_daemon_request (ctl, name, request, NULL, reply_type, &page);
        if (rc != CTL_EXIT_OK)
            break;
        const char *next = *S_FIELD (page, next_field, char *);
        last = !next || !*next;
        if (!last && strcmp (next, *token) == 0)
            rc = ctl_fail (ctl, SF_INTERNAL, &s_msg_same_token, name);
        else {
            if (!last)
                sf_pb_set (token, next);
            int taken = take (ctl, &page, arg);
            if (taken < 0)
                rc = CTL_EXIT_FAILED;
            else
            if (taken > 0)
                last = true;
        }
        sf_pb_destroy (&page);
        if (rc != CTL_EXIT_OK)
            break;
    }
    free (*token);
    *token = given_token;
    *size = given_size;
    return rc;
}

//  --------------------------------------------------------------------------------------
//  One callback per page

typedef struct {
    ctl_page_fn *fn;
    void *arg;
} s_each_t;

static int
s_take_each (const ctl_t *ctl, ProtobufCMessage **page_p, void *arg)
{
    s_each_t *each = arg;
    return each->fn (ctl, *page_p, each->arg);
}

int
ctl_page_walk (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
               const ProtobufCMessageDescriptor *reply_type, ctl_page_fn *fn, void *arg)
{
    s_each_t each = { fn, arg };
    return s_walk (ctl, name, request, page_size, reply_type, s_take_each, &each);
}

//  --------------------------------------------------------------------------------------
//  Every page joined

//  Bytes one value of a repeated field takes in its array.
static size_t
s_value_size (const ProtobufCFieldDescriptor *field)
{
    switch (field->type) {
        case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
        case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32: case PROTOBUF_C_TYPE_ENUM:
            return sizeof (int32_t);
        case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
            return sizeof (int64_t);
        case PROTOBUF_C_TYPE_FLOAT:
            return sizeof (float);
        case PROTOBUF_C_TYPE_DOUBLE:
            return sizeof (double);
        case PROTOBUF_C_TYPE_BOOL:
            return sizeof (protobuf_c_boolean);
        case PROTOBUF_C_TYPE_BYTES:
            return sizeof (ProtobufCBinaryData);
        case PROTOBUF_C_TYPE_STRING: case PROTOBUF_C_TYPE_MESSAGE:
            return sizeof (void *);
    }
    assert (false);
    return 0;
}

//  Moves the values of every repeated field of page to the end of all's: page keeps empty
//  lists (its arrays, now holding nothing it owns, are freed with it).
static void
s_append (ProtobufCMessage *all, ProtobufCMessage *page)
{
    const ProtobufCMessageDescriptor *descriptor = all->descriptor;
    for (unsigned index = 0; index < descriptor->n_fields; index++) {
        const ProtobufCFieldDescriptor *field = &descriptor->fields [index];
        if (field->label != PROTOBUF_C_LABEL_REPEATED)
            continue;
        size_t *all_count = (size_t *) ((char *) all + field->quantifier_offset);
        size_t *page_count = (size_t *) ((char *) page + field->quantifier_offset);
        char **all_values = S_FIELD (all, field, char *);
        char *page_values = *S_FIELD (page, field, char *);
        if (*page_count == 0)
            continue;
        size_t size = s_value_size (field);
        char *grown = realloc (*all_values, (*all_count + *page_count) * size);
        assert (grown);
        memcpy (grown + *all_count * size, page_values, *page_count * size);
        *all_values = grown;
        *all_count += *page_count;
        *page_count = 0;
    }
}

typedef struct {
    ProtobufCMessage *all;
    const ProtobufCFieldDescriptor *rows;  //  NULL: every row
    size_t max_rows;
} s_joined_t;

static int
s_take_joined (const ctl_t *ctl, ProtobufCMessage **page_p, void *arg)
{
    (void) ctl;
    s_joined_t *joined = arg;
    if (joined->all)
        s_append (joined->all, *page_p);
    else {
        joined->all = *page_p;
        *page_p = NULL;
    }
    if (!joined->rows)
        return 0;
    size_t *count = (size_t *) ((char *) joined->all + joined->rows->quantifier_offset);
    ProtobufCMessage **rows = *S_FIELD (joined->all, joined->rows, ProtobufCMessage **);
    if (*count < joined->max_rows)
        return 0;
    while (*count > joined->max_rows)
        sf_pb_destroy (&rows [--*count]);
    return 1;
}

int
ctl_page_show_first (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
                     const char *rows, int max_rows, const ProtobufCMessageDescriptor *reply_type, void *reply_p)
{
    ProtobufCMessage **all = reply_p;
    s_joined_t joined = { NULL, NULL, 0 };
    if (rows && max_rows > 0) {
        joined.rows = sf_pb_field (reply_type, rows);
        assert (joined.rows && joined.rows->label == PROTOBUF_C_LABEL_REPEATED
                && joined.rows->type == PROTOBUF_C_TYPE_MESSAGE);
        joined.max_rows = (size_t) max_rows;
    }
    int rc = s_walk (ctl, name, request, page_size, reply_type, s_take_joined, &joined);
    if (rc != CTL_EXIT_OK)
        sf_pb_destroy (&joined.all);
    if (joined.all) {
        //  The first page's token led to the second: the whole has none.
        sf_pb_set (S_FIELD (joined.all, sf_pb_field (reply_type, "next_page_token"), char *), "");
        if (ctl->json) {
            ctl_json_print_message (joined.all);
            sf_pb_destroy (&joined.all);
        }
    }
    *all = joined.all;
    return rc;
}

int
ctl_page_show (const ctl_t *ctl, const char *name, ProtobufCMessage *request, int32_t page_size,
               const ProtobufCMessageDescriptor *reply_type, void *reply_p)
{
    return ctl_page_show_first (ctl, name, request, page_size, NULL, 0, reply_type, reply_p);
}
