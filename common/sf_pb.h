/*  sf_pb: what every protobuf message needs checked, written once by walking protobuf-c's
    descriptors instead of once per message.

    - On the wire, before unpacking: protobuf-c unpacks a string into a NUL-terminated char *,
      so "adm\0in" would silently become "adm" (and two idempotency keys or codes could
      collide). sf_pb_wire_check finds a NUL in any string field, nested messages included.
    - After unpacking: every string is valid UTF-8, free of control characters (line breaks
      and tabs are text: a report, a summary, the measures of a hazard run over lines) and within a
      byte bound (sf_pb_check_text); text a route requires is there and not blank
      (sf_pb_check_required).
    A failed check names the field by its path ("plan.owner", "items[2].note") and gives the
    bilingual text to answer with; both texts take (const char *path, int limit).          */
#ifndef SF_PB_H_INCLUDED
#define SF_PB_H_INCLUDED

#include "sf_status.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SF_PB_PATH_MAX 160
#define SF_PB_DEPTH_MAX 32

typedef struct {
    const sf_text_t *text;       //  NULL when the check passed
    char path [SF_PB_PATH_MAX];  //  the field at fault
    int limit;                   //  the bound it broke, where there is one
} sf_pb_fault_t;

//  Walks the encoded message. Returns 0 when no string field holds a NUL, -1 with fault set
//  when one does, when a field is numbered 0 (invalid protobuf that protobuf-c would keep as
//  an unknown field) or when the wire is too deeply nested. Bytes that are not a valid message
//  pass (unpacking refuses them).
int sf_pb_wire_check (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t size,
                      sf_pb_fault_t *fault);

//  Checks every string field of message and of the messages inside it: valid UTF-8, no
//  control character, at most max_bytes. Returns 0, or -1 with fault set.
int sf_pb_check_text (const ProtobufCMessage *message, size_t max_bytes, sf_pb_fault_t *fault);

//  Checks the fields listed in required (comma-separated names, a dot for a field of a
//  nested message: "code,plan.owner"): each string holds a readable character (is not
//  sf_utf8_blank: not only spaces, U+3000 and the like), each message is present.
//  Returns 0, or -1 with fault set.
//  A name that is not a field of the message is our bug and asserts.
int sf_pb_check_required (const ProtobufCMessage *message, const char *required, sf_pb_fault_t *fault);

//  Every check above, in the order the rpc server runs them on a request body (and a
//  consumer on an event payload): the NUL walk of the wire, the unpack as descriptor, the
//  text of every string (at most max_bytes), the required fields (may be NULL). Returns the
//  message (sf_pb_destroy frees it), or NULL with fault set: fault->text is NULL when the
//  bytes are not a valid message at all, else the check that failed.
ProtobufCMessage *sf_pb_unpack_checked (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data,
                                        size_t size, size_t max_bytes, const char *required,
                                        sf_pb_fault_t *fault);

//  The field called name in descriptor, or NULL.
const ProtobufCFieldDescriptor *sf_pb_field (const ProtobufCMessageDescriptor *descriptor, const char *name);

//  Where field's value lives in message.
const void *sf_pb_member (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field);

//  The text field at path in message: "unit_code", or "finding.responsible_unit" through
//  singular message fields (path ends at the first ',' or at its end). Returns where its value
//  lives, or NULL with *absent set when a message on the way is missing. A path that names no
//  singular text field is the caller's bug (asserted): route tables name their own fields.
char **sf_pb_text_at (const ProtobufCMessage *message, const char *path, bool *absent);

//  How many values the field holds: the repeated count, or 0/1 for a single field (1 when it
//  is present: a non-NULL message, an optional with has_ set, any proto3 scalar).
size_t sf_pb_count (const ProtobufCMessage *message, const ProtobufCFieldDescriptor *field);

//  Building messages on the heap, so that protobuf_c_message_free_unpacked (message, NULL)
//  frees them whole: every string, byte array, list and message inside must be malloc'd
//  (strdup), or left at the default the init function set.

//  A new message of descriptor's type, initialised. Never NULL.
void *sf_pb_new (const ProtobufCMessageDescriptor *descriptor);

//  Frees a message built here or unpacked with a NULL allocator, and sets *message_p to NULL.
//  Takes the address of any generated message pointer (Directory__Node **, ...).
void sf_pb_destroy (void *message_p);

//  Appends a new message of descriptor's type to a repeated message field and returns it:
//  Directory__Node *node = sf_pb_add (&list->nodes, &list->n_nodes, &directory__node__descriptor);
void *sf_pb_add (void *array_p, size_t *count, const ProtobufCMessageDescriptor *descriptor);

//  Appends a copy of text ("" for NULL) to a repeated string field.
void sf_pb_add_string (char ***array, size_t *count, const char *text);

//  Replaces a string field's value by a copy of text ("" for NULL): sf_pb_set (&node->code, row_code).
void sf_pb_set (char **field, const char *text);

#endif
