/*  sf_envelope: the request, reply and event envelopes of proto/envelope.proto as plain C
    structs. Only this class sees the generated protobuf-c types. Decoded structs own copies
    of every string and byte array; sf_*_clear frees them. Encoders return a malloc'd buffer
    the caller frees.

    Decoders refuse a NUL byte inside any string of the envelope (ids, keys, type, actor):
    protobuf-c would cut the string there, so that "adm\0in" acts as "adm" and two different
    idempotency keys collide. The wire is walked for it before the unpack (sf_pb_wire_check). */
#ifndef SF_ENVELOPE_H_INCLUDED
#define SF_ENVELOPE_H_INCLUDED

#include "sf_pb.h"
#include "sf_status.h"
#include "envelope.pb-c.h"

#include <protobuf-c/protobuf-c.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SF_MAX_ROLES 16

typedef struct {
    char *user_id;
    char *roles [SF_MAX_ROLES];
    size_t role_count;
    char *org_node;
    char *plant;
} sf_actor_t;

typedef struct {
    char *request_id;
    char *idempotency_key;
    sf_actor_t actor;
    char *trace_id;
    int64_t deadline_ms;
    char *type;
    uint8_t *body;
    size_t body_size;
    bool unordered;              //  may be taken before the client's earlier requests
} sf_request_t;

typedef struct {
    char *request_id;
    sf_status_t status;
    char *reason_zh;
    char *reason_en;
    char *type;
    uint8_t *body;
    size_t body_size;
    int64_t retry_after_ms;      //  with SF_UNAVAILABLE: the client waits this long, then retries
} sf_reply_t;

typedef struct {
    char *event_id;
    char *type;
    char *aggregate_type;
    char *aggregate_id;
    int64_t aggregate_version;
    char *plant;
    int64_t occurred_ms;
    sf_actor_t actor;
    char *trace_id;
    char *payload_type;
    uint8_t *payload;
    size_t payload_size;
} sf_event_t;

typedef struct {
    char *daemon;
    char *version;
    bool db_ok;
    bool redis_ok;
    int64_t uptime_ms;
    int64_t outbox_pending;
    char *endpoint;
    int64_t db_checked_ms_ago;
    int32_t queued;
    int32_t running;
    int32_t peers;
    int64_t refused_busy;
    int64_t dropped_gone;
    int64_t expired;
    //  What waits (sf_backlog.h): the generated message per consumer group, each on the heap
    //  (sf_pb_new), the array malloc'd; sf_health_clear frees them.
    Sf__GroupHealth **groups;
    size_t group_count;
    int64_t backlog_checked_ms_ago;
    int64_t outbox_oldest_ms_ago;
    int64_t stream_maxlen;
    int64_t stream_max_age_ms;
} sf_health_t;

//  Decoders return 0, or -1 when the bytes are not a valid message or a string in them holds
//  a NUL (nothing to clear then).
int sf_request_decode (sf_request_t *self, const uint8_t *data, size_t size);
//  The same, saying why, for the server's reply: returns 0; or -1 with fault->text NULL when
//  the bytes are not a request (nothing to clear); or -1 with fault set (fault->path names
//  the field: "idempotency_key", "actor.roles[1]") when a string holds a NUL. Then self holds
//  the request all the same, each string cut at its NUL, so that the refusal can answer to
//  its request id (unless the NUL is in request_id); the caller clears it.
int sf_request_decode_checked (sf_request_t *self, const uint8_t *data, size_t size, sf_pb_fault_t *fault);
int sf_reply_decode (sf_reply_t *self, const uint8_t *data, size_t size);
int sf_event_decode (sf_event_t *self, const uint8_t *data, size_t size);
int sf_health_decode (sf_health_t *self, const uint8_t *data, size_t size);

uint8_t *sf_request_encode (const sf_request_t *self, size_t *size);
uint8_t *sf_reply_encode (const sf_reply_t *self, size_t *size);
uint8_t *sf_event_encode (const sf_event_t *self, size_t *size);
uint8_t *sf_health_encode (const sf_health_t *self, size_t *size);

//  Sets the event's payload to message, packed, and payload_type to its full name.
void sf_event_set_payload (sf_event_t *self, const ProtobufCMessage *message);

//  True when one of the actor's roles is an item of roles, a comma-separated list.
bool sf_actor_has_role (const sf_actor_t *self, const char *roles);

void sf_actor_clear (sf_actor_t *self);
void sf_actor_copy (sf_actor_t *dest, const sf_actor_t *source);
void sf_request_clear (sf_request_t *self);
void sf_reply_clear (sf_reply_t *self);
void sf_event_clear (sf_event_t *self);
void sf_health_clear (sf_health_t *self);

//  Sets status and both reasons of a reply from a bilingual text and its arguments.
void sf_reply_set_status (sf_reply_t *self, sf_status_t status, const sf_text_t *text, ...);
//  Sets the typed body (copied).
void sf_reply_set_body (sf_reply_t *self, const char *type, const uint8_t *body, size_t size);

#endif
