/*  fuzz_envelope: the envelopes every frame and stream entry arrives in (proto/envelope.proto).
    Each input is tried as a Request, a Reply, an Event and a HealthInfo:
    - decoded, encoded and decoded again, it is the same envelope (nothing lost or made up);
    - a Request is decoded as the rpc server decodes it (sf_request_decode_checked: a NUL in
      any string refused, naming the field), then its strings checked as the server checks
      them (valid UTF-8 without control characters, at most FUZZ_ENVELOPE_TEXT_BYTES), then
      its actor's roles matched against a route's list;
    - the body a Request, Reply or Event carries is checked (fuzz_body) as the message its
      type names (the contract registry), as the server, a client and a consumer unpack it. */
#include "fuzz_body.h"
#include "sf_contract.h"
#include "sf_envelope.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

//  The rpc server's bound on an envelope string (SF_ENVELOPE_TEXT_MAX in sf_rpc_server.c).
#define FUZZ_ENVELOPE_TEXT_BYTES 128

//  A route's role list, as the route tables write them.
#define FUZZ_ROUTE_ROLES "admin,ehs,org_admin,plant_safety_manager,safety_officer"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_same_text (const char *a, const char *b, const char *what)
{
    fuzz_assert (a && b && strcmp (a, b) == 0, what);
}

static void
s_same_bytes (const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size, const char *what)
{
    fuzz_assert (a_size == b_size && (a_size == 0 || memcmp (a, b, a_size) == 0), what);
}

static void
s_same_actor (const sf_actor_t *a, const sf_actor_t *b)
{
    s_same_text (a->user_id, b->user_id, "actor.user_id survives a round trip");
    s_same_text (a->org_node, b->org_node, "actor.org_node survives a round trip");
    s_same_text (a->plant, b->plant, "actor.plant survives a round trip");
    fuzz_assert (a->role_count == b->role_count, "actor.roles survive a round trip");
    for (size_t i = 0; i < a->role_count; i++)
        s_same_text (a->roles [i], b->roles [i], "actor.roles survive a round trip");
}

//  The body named by type, if the contract knows it.
static void
s_body (const char *type, const uint8_t *body, size_t size)
{
    const ProtobufCMessageDescriptor *descriptor = sf_contract_find (type);
    if (descriptor)
        fuzz_body_check (descriptor, body, size, NULL);
}

static void
s_request (const uint8_t *data, size_t size)
{
    sf_request_t request;
    sf_pb_fault_t fault;
    if (sf_request_decode_checked (&request, data, size, &fault)) {
        if (!fault.text)
            return;             //  not a request at all
        fuzz_assert (fault.path [0] != 0, "a refused request names the field");
        sf_request_t plain;
        fuzz_assert (sf_request_decode (&plain, data, size) == -1, "both request decoders refuse a NUL");
        sf_request_clear (&request);
        return;
    }
    size_t encoded_size;
    uint8_t *encoded = sf_request_encode (&request, &encoded_size);
    sf_request_t again;
    fuzz_assert (sf_request_decode (&again, encoded, encoded_size) == 0, "an encoded request decodes");
    s_same_text (request.request_id, again.request_id, "request_id survives a round trip");
    s_same_text (request.idempotency_key, again.idempotency_key, "idempotency_key survives a round trip");
    s_same_text (request.trace_id, again.trace_id, "trace_id survives a round trip");
    s_same_text (request.type, again.type, "type survives a round trip");
    fuzz_assert (request.deadline_ms == again.deadline_ms, "deadline_ms survives a round trip");
    fuzz_assert (request.unordered == again.unordered, "unordered survives a round trip");
    s_same_actor (&request.actor, &again.actor);
    s_same_bytes (request.body, request.body_size, again.body, again.body_size, "body survives a round trip");
    sf_request_clear (&again);
    free (encoded);

    //  The envelope's own strings, as the server checks them before it looks at the type.
    ProtobufCMessage *checked = sf_pb_unpack_checked (&sf__request__descriptor, data, size,
                                                      FUZZ_ENVELOPE_TEXT_BYTES, NULL, &fault);
    if (checked) {
        sf_actor_has_role (&request.actor, FUZZ_ROUTE_ROLES);
        s_body (request.type, request.body, request.body_size);
        sf_pb_destroy (&checked);
    }
    sf_request_clear (&request);
}

static void
s_reply (const uint8_t *data, size_t size)
{
    sf_reply_t reply;
    if (sf_reply_decode (&reply, data, size))
        return;
    size_t encoded_size;
    uint8_t *encoded = sf_reply_encode (&reply, &encoded_size);
    sf_reply_t again;
    fuzz_assert (sf_reply_decode (&again, encoded, encoded_size) == 0, "an encoded reply decodes");
    s_same_text (reply.request_id, again.request_id, "request_id survives a round trip");
    fuzz_assert (reply.status == again.status, "status survives a round trip");
    s_same_text (reply.reason_zh, again.reason_zh, "reason.zh survives a round trip");
    s_same_text (reply.reason_en, again.reason_en, "reason.en survives a round trip");
    s_same_text (reply.type, again.type, "type survives a round trip");
    fuzz_assert (reply.retry_after_ms == again.retry_after_ms, "retry_after_ms survives a round trip");
    s_same_bytes (reply.body, reply.body_size, again.body, again.body_size, "body survives a round trip");
    sf_reply_clear (&again);
    free (encoded);
    s_body (reply.type, reply.body, reply.body_size);
    sf_reply_clear (&reply);
}

static void
s_event (const uint8_t *data, size_t size)
{
    sf_event_t event;
    if (sf_event_decode (&event, data, size))
        return;
    size_t encoded_size;
    uint8_t *encoded = sf_event_encode (&event, &encoded_size);
    sf_event_t again;
    fuzz_assert (sf_event_decode (&again, encoded, encoded_size) == 0, "an encoded event decodes");
    s_same_text (event.event_id, again.event_id, "event_id survives a round trip");
    s_same_text (event.type, again.type, "type survives a round trip");
    s_same_text (event.aggregate_type, again.aggregate_type, "aggregate_type survives a round trip");
    s_same_text (event.aggregate_id, again.aggregate_id, "aggregate_id survives a round trip");
    fuzz_assert (event.aggregate_version == again.aggregate_version, "aggregate_version survives a round trip");
    s_same_text (event.plant, again.plant, "plant survives a round trip");
    fuzz_assert (event.occurred_ms == again.occurred_ms, "occurred_ms survives a round trip");
    s_same_actor (&event.actor, &again.actor);
    s_same_text (event.trace_id, again.trace_id, "trace_id survives a round trip");
    s_same_text (event.payload_type, again.payload_type, "payload_type survives a round trip");
    s_same_bytes (event.payload, event.payload_size, again.payload, again.payload_size,
                  "payload survives a round trip");
    sf_event_clear (&again);
    free (encoded);
    s_body (event.payload_type, event.payload, event.payload_size);
    sf_event_clear (&event);
}

static void
s_health (const uint8_t *data, size_t size)
{
    sf_health_t health;
    if (sf_health_decode (&health, data, size))
        return;
    size_t encoded_size;
    uint8_t *encoded = sf_health_encode (&health, &encoded_size);
    sf_health_t again;
    fuzz_assert (sf_health_decode (&again, encoded, encoded_size) == 0, "encoded health decodes");
    s_same_text (health.daemon, again.daemon, "daemon survives a round trip");
    s_same_text (health.version, again.version, "version survives a round trip");
    s_same_text (health.endpoint, again.endpoint, "endpoint survives a round trip");
    fuzz_assert (health.group_count == again.group_count, "groups survive a round trip");
    fuzz_assert (health.outbox_pending == again.outbox_pending, "outbox_pending survives a round trip");
    sf_health_clear (&again);
    free (encoded);
    sf_health_clear (&health);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_request (data, size);
    s_reply (data, size);
    s_event (data, size);
    s_health (data, size);
    return 0;
}
