/*  sf_event_payload: an event's payload as the generated message it names, checked as the rpc
    server checks a request body before a handler sees it (sf_pb_unpack_checked: no NUL in a
    string on the wire, every string valid UTF-8 without control characters, the required
    fields present and not blank). A consumer reads other daemons' streams, and whatever can
    write to a stream can write a payload: one decoded without the checks would let "P01\0x"
    act as "P01" in the consumer's tables.                                                   */
#ifndef SF_EVENT_PAYLOAD_H_INCLUDED
#define SF_EVENT_PAYLOAD_H_INCLUDED

#include "sf_envelope.h"

#include <protobuf-c/protobuf-c.h>

//  The payload of event as a message of descriptor's type (sf_pb_destroy frees it), or NULL
//  when the event's payload_type is another, the payload does not decode or a check fails:
//  the reason is then logged against the event (a warning naming the field at fault).
//  required lists fields as a route's required does ("a,b.c"); may be NULL.
void *sf_event_payload (const sf_event_t *event, const ProtobufCMessageDescriptor *descriptor, const char *required);

#endif
