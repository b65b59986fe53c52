/*  bench_publish: events appended to a Redis stream as a producer's relay appends them
    (XADD <stream> * id <event id> type <type> plant <plant> env <envelope>), a pipeline at a
    time: what the consumer benches feed a running daemon with.                              */
#ifndef BENCH_PUBLISH_H_INCLUDED
#define BENCH_PUBLISH_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

//  The envelope of event index (encoded sf.Event, malloc'd), its event id written into id
//  (at least SF_UUID_LEN + 1 bytes); occurred_ms is the time the pipeline is sent.
typedef uint8_t *(bench_event_fn) (void *arg, int64_t index, int64_t occurred_ms, char *id, size_t *size);

typedef struct {
    const char *who;                 //  the bench's name, in messages
    int redis_port;
    const char *stream;
    const char *type;                //  the entries' type field
    const char *plant;               //  their plant field
    int64_t first;                   //  the first index
    int64_t count;
    size_t pipeline;                 //  XADDs per round trip
    bench_event_fn *event;
    void *arg;
    FILE *written;                   //  NULL, or "<event id> <occurred_ms>" per event written
} bench_publish_t;

//  The envelope (encoded sf.Event, malloc'd, *size its length) of an event as a daemon's
//  outbox holds it: a new event id (written into id), type, aggregate, plant, occurred_ms and
//  the payload message.
uint8_t *bench_event_envelope (const char *type, const char *aggregate_type, const char *aggregate_id,
                               const char *plant, int64_t occurred_ms, const ProtobufCMessage *payload, char *id,
                               size_t *size);

//  Appends the events; prints "events=N seconds=S events_per_s=R". 0, or 1 after a message
//  when Redis cannot be reached or refuses an entry.
int bench_publish (const bench_publish_t *publish);

#endif
