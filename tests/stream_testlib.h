/*  stream_testlib: a test writing an event to a stream as a producer's relay would (the stream
    contract: XADD of id, type, plant and the encoded envelope), so a test of a consumer needs
    no producing daemon for the events it only reads.                                         */
#ifndef STREAM_TESTLIB_H_INCLUDED
#define STREAM_TESTLIB_H_INCLUDED

#include <protobuf-c/protobuf-c.h>
#include <stdint.h>

//  Appends to "<prefix>:events:<topic>" on the suite's Redis an event with event_id (NULL: a
//  fresh one), type, aggregate (version 1), plant, occurred_ms and payload. Returns the event
//  id (a static buffer, valid until the next call; not for threads side by side).
const char *st_publish (const char *prefix, const char *topic, const char *event_id, const char *type,
                        const char *aggregate_type, const char *aggregate_id, const char *plant,
                        int64_t occurred_ms, const ProtobufCMessage *payload);

#endif
