/*  sf_envelope: conversion between proto/envelope.proto and plain structs.                  */
#include "sf_envelope.h"
#include "sf_roles.h"
#include "envelope.pb-c.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static void
s_actor_from_wire (sf_actor_t *self, const Sf__Actor *wire)
{
    memset (self, 0, sizeof *self);
    self->user_id = sf_codec_strdup (wire? wire->user_id: NULL);
    self->org_node = sf_codec_strdup (wire? wire->org_node: NULL);
    self->plant = sf_codec_strdup (wire? wire->plant: NULL);
    if (wire)
        for (size_t i = 0; i < wire->n_roles && i < SF_MAX_ROLES; i++)
            self->roles [self->role_count++] = sf_codec_strdup (wire->roles [i]);
}

static void
s_actor_to_wire (const sf_actor_t *self, Sf__Actor *wire)
{
    sf__actor__init (wire);
    wire->user_id = sf_codec_wire (self->user_id);
    wire->org_node = sf_codec_wire (self->org_node);
    wire->plant = sf_codec_wire (self->plant);
    wire->n_roles = self->role_count;
    wire->roles = (char **) self->roles;
}

bool
sf_actor_has_role (const sf_actor_t *self, const char *roles)
{
    for (size_t i = 0; i < self->role_count; i++)
        if (sf_roles_include (roles, self->roles [i]))
            return true;
    return false;
}

void
sf_actor_clear (sf_actor_t *self)
{
    free (self->user_id);
    free (self->org_node);
    free (self->plant);
    for (size_t i = 0; i < self->role_count; i++)
        free (self->roles [i]);
    memset (self, 0, sizeof *self);
}

void
sf_actor_copy (sf_actor_t *dest, const sf_actor_t *source)
{
    memset (dest, 0, sizeof *dest);
    dest->user_id = sf_codec_strdup (source->user_id);
    dest->org_node = sf_codec_strdup (source->org_node);
    dest->plant = sf_codec_strdup (source->plant);
    for (size_t i = 0; i < source->role_count; i++)
        dest->roles [dest->role_count++] = sf_codec_strdup (source->roles [i]);
}

int
sf_request_decode_checked (sf_request_t *self, const uint8_t *data, size_t size, sf_pb_fault_t *fault)
{
    int nul = sf_pb_wire_check (&sf__request__descriptor, data, size, fault);
    Sf__Request *wire = sf__request__unpack (NULL, size, data);
    if (!wire) {
        memset (fault, 0, sizeof *fault);
        return -1;
    }
    memset (self, 0, sizeof *self);
    self->request_id = sf_codec_strdup (wire->request_id);
    self->idempotency_key = sf_codec_strdup (wire->idempotency_key);
    s_actor_from_wire (&self->actor, wire->actor);
    self->trace_id = sf_codec_strdup (wire->trace_id);
    self->deadline_ms = wire->deadline_ms;
    self->type = sf_codec_strdup (wire->type);
    self->body = sf_codec_bytes (wire->body.data, wire->body.len);
    self->body_size = wire->body.len;
    self->unordered = wire->unordered;
    sf__request__free_unpacked (wire, NULL);
    return nul;
}

int
sf_request_decode (sf_request_t *self, const uint8_t *data, size_t size)
{
    sf_pb_fault_t fault;
    int rc = sf_request_decode_checked (self, data, size, &fault);
    if (rc && fault.text)
        sf_request_clear (self);
    return rc;
}

uint8_t *
sf_request_encode (const sf_request_t *self, size_t *size)
{
    Sf__Request wire = SF__REQUEST__INIT;
    Sf__Actor actor;
    s_actor_to_wire (&self->actor, &actor);
    wire.request_id = sf_codec_wire (self->request_id);
    wire.idempotency_key = sf_codec_wire (self->idempotency_key);
    wire.actor = &actor;
    wire.trace_id = sf_codec_wire (self->trace_id);
    wire.deadline_ms = self->deadline_ms;
    wire.type = sf_codec_wire (self->type);
    wire.body.data = self->body;
    wire.body.len = self->body_size;
    wire.unordered = self->unordered;
    return sf_codec_pack (&wire.base, size);
}

void
sf_request_clear (sf_request_t *self)
{
    free (self->request_id);
    free (self->idempotency_key);
    sf_actor_clear (&self->actor);
    free (self->trace_id);
    free (self->type);
    free (self->body);
    memset (self, 0, sizeof *self);
}

int
sf_reply_decode (sf_reply_t *self, const uint8_t *data, size_t size)
{
    sf_pb_fault_t fault;
    if (sf_pb_wire_check (&sf__reply__descriptor, data, size, &fault))
        return -1;
    Sf__Reply *wire = sf__reply__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (self, 0, sizeof *self);
    self->request_id = sf_codec_strdup (wire->request_id);
    self->status = sf_status_from_wire (wire->status);
    self->reason_zh = sf_codec_strdup (wire->reason? wire->reason->zh: NULL);
    self->reason_en = sf_codec_strdup (wire->reason? wire->reason->en: NULL);
    self->type = sf_codec_strdup (wire->type);
    self->body = sf_codec_bytes (wire->body.data, wire->body.len);
    self->body_size = wire->body.len;
    self->retry_after_ms = wire->retry_after_ms;
    sf__reply__free_unpacked (wire, NULL);
    return 0;
}

uint8_t *
sf_reply_encode (const sf_reply_t *self, size_t *size)
{
    Sf__Reply wire = SF__REPLY__INIT;
    Sf__Text reason = SF__TEXT__INIT;
    wire.request_id = sf_codec_wire (self->request_id);
    wire.status = (Sf__Status) self->status;
    if ((self->reason_zh && *self->reason_zh) || (self->reason_en && *self->reason_en)) {
        reason.zh = sf_codec_wire (self->reason_zh);
        reason.en = sf_codec_wire (self->reason_en);
        wire.reason = &reason;
    }
    wire.type = sf_codec_wire (self->type);
    wire.body.data = self->body;
    wire.body.len = self->body_size;
    wire.retry_after_ms = self->retry_after_ms;
    return sf_codec_pack (&wire.base, size);
}

void
sf_reply_clear (sf_reply_t *self)
{
    free (self->request_id);
    free (self->reason_zh);
    free (self->reason_en);
    free (self->type);
    free (self->body);
    memset (self, 0, sizeof *self);
}

void
sf_reply_set_status (sf_reply_t *self, sf_status_t status, const sf_text_t *text, ...)
{
    free (self->reason_zh);
    free (self->reason_en);
    self->reason_zh = self->reason_en = NULL;
    self->status = status;
    if (status == SF_OK && !text)
        return;
    va_list args;
    va_start (args, text);
    sf_text_formatv (text? text: sf_status_text (status), &self->reason_zh, &self->reason_en, args);
    va_end (args);
}

void
sf_reply_set_body (sf_reply_t *self, const char *type, const uint8_t *body, size_t size)
{
    free (self->type);
    free (self->body);
    self->type = sf_codec_strdup (type);
    self->body = sf_codec_bytes (body, size);
    self->body_size = size;
}

int
sf_event_decode (sf_event_t *self, const uint8_t *data, size_t size)
{
    sf_pb_fault_t fault;
    if (sf_pb_wire_check (&sf__event__descriptor, data, size, &fault))
        return -1;
    Sf__Event *wire = sf__event__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (self, 0, sizeof *self);
    self->event_id = sf_codec_strdup (wire->event_id);
    self->type = sf_codec_strdup (wire->type);
    self->aggregate_type = sf_codec_strdup (wire->aggregate_type);
    self->aggregate_id = sf_codec_strdup (wire->aggregate_id);
    self->aggregate_version = wire->aggregate_version;
    self->plant = sf_codec_strdup (wire->plant);
    self->occurred_ms = wire->occurred_ms;
    s_actor_from_wire (&self->actor, wire->actor);
    self->trace_id = sf_codec_strdup (wire->trace_id);
    self->payload_type = sf_codec_strdup (wire->payload_type);
    self->payload = sf_codec_bytes (wire->payload.data, wire->payload.len);
    self->payload_size = wire->payload.len;
    sf__event__free_unpacked (wire, NULL);
    return 0;
}

uint8_t *
sf_event_encode (const sf_event_t *self, size_t *size)
{
    Sf__Event wire = SF__EVENT__INIT;
    Sf__Actor actor;
    s_actor_to_wire (&self->actor, &actor);
    wire.event_id = sf_codec_wire (self->event_id);
    wire.type = sf_codec_wire (self->type);
    wire.aggregate_type = sf_codec_wire (self->aggregate_type);
    wire.aggregate_id = sf_codec_wire (self->aggregate_id);
    wire.aggregate_version = self->aggregate_version;
    wire.plant = sf_codec_wire (self->plant);
    wire.occurred_ms = self->occurred_ms;
    wire.actor = &actor;
    wire.trace_id = sf_codec_wire (self->trace_id);
    wire.payload_type = sf_codec_wire (self->payload_type);
    wire.payload.data = self->payload;
    wire.payload.len = self->payload_size;
    return sf_codec_pack (&wire.base, size);
}

void
sf_event_clear (sf_event_t *self)
{
    free (self->event_id);
    free (self->type);
    free (self->aggregate_type);
    free (self->aggregate_id);
    free (self->plant);
    sf_actor_clear (&self->actor);
    free (self->trace_id);
    free (self->payload_type);
    free (self->payload);
    memset (self, 0, sizeof *self);
}

//  A group's figures on the heap, owned apart from the message they came in.
static Sf__GroupHealth *
s_group_copy (const Sf__GroupHealth *source)
{
    Sf__GroupHealth *copy = sf_pb_new (&sf__group_health__descriptor);
    copy->stream = strdup (source->stream);
    copy->group = strdup (source->group);
    assert (copy->stream && copy->group);
    copy->lag = source->lag;
    copy->pending = source->pending;
    copy->oldest_unapplied_ms_ago = source->oldest_unapplied_ms_ago;
    copy->dead_letters = source->dead_letters;
    copy->near_cap = source->near_cap;
    copy->stream_length = source->stream_length;
    return copy;
}

int
sf_health_decode (sf_health_t *self, const uint8_t *data, size_t size)
{
    sf_pb_fault_t fault;
    if (sf_pb_wire_check (&sf__health_info__descriptor, data, size, &fault))
        return -1;
    Sf__HealthInfo *wire = sf__health_info__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (self, 0, sizeof *self);
    self->daemon = sf_codec_strdup (wire->daemon);
    self->version = sf_codec_strdup (wire->version);
    self->db_ok = wire->db_ok;
    self->redis_ok = wire->redis_ok;
    self->uptime_ms = wire->uptime_ms;
    self->outbox_pending = wire->outbox_pending;
    self->endpoint = sf_codec_strdup (wire->endpoint);
    self->db_checked_ms_ago = wire->db_checked_ms_ago;
    self->queued = wire->queued;
    self->running = wire->running;
    self->peers = wire->peers;
    self->refused_busy = wire->refused_busy;
    self->dropped_gone = wire->dropped_gone;
    self->expired = wire->expired;
    self->backlog_checked_ms_ago = wire->backlog_checked_ms_ago;
    self->outbox_oldest_ms_ago = wire->outbox_oldest_ms_ago;
    self->stream_maxlen = wire->stream_maxlen;
    self->stream_max_age_ms = wire->stream_max_age_ms;
    if (wire->n_groups) {
        self->groups = calloc (wire->n_groups, sizeof *self->groups);
        assert (self->groups);
        for (size_t i = 0; i < wire->n_groups; i++)
            self->groups [i] = s_group_copy (wire->groups [i]);
        self->group_count = wire->n_groups;
    }
    sf__health_info__free_unpacked (wire, NULL);
    return 0;
}

uint8_t *
sf_health_encode (const sf_health_t *self, size_t *size)
{
    Sf__HealthInfo wire = SF__HEALTH_INFO__INIT;
    wire.daemon = sf_codec_wire (self->daemon);
    wire.version = sf_codec_wire (self->version);
    wire.db_ok = self->db_ok;
    wire.redis_ok = self->redis_ok;
    wire.uptime_ms = self->uptime_ms;
    wire.outbox_pending = self->outbox_pending;
    wire.endpoint = sf_codec_wire (self->endpoint);
    wire.db_checked_ms_ago = self->db_checked_ms_ago;
    wire.queued = self->queued;
    wire.running = self->running;
    wire.peers = self->peers;
    wire.refused_busy = self->refused_busy;
    wire.dropped_gone = self->dropped_gone;
    wire.expired = self->expired;
    wire.groups = self->groups;
    wire.n_groups = self->group_count;
    wire.backlog_checked_ms_ago = self->backlog_checked_ms_ago;
    wire.outbox_oldest_ms_ago = self->outbox_oldest_ms_ago;
    wire.stream_maxlen = self->stream_maxlen;
    wire.stream_max_age_ms = self->stream_max_age_ms;
    return sf_codec_pack (&wire.base, size);
}

void
sf_health_clear (sf_health_t *self)
{
    free (self->daemon);
    free (self->version);
    free (self->endpoint);
    for (size_t i = 0; i < self->group_count; i++)
        sf_pb_destroy (&self->groups [i]);
    free (self->groups);
    memset (self, 0, sizeof *self);
}

void
sf_event_set_payload (sf_event_t *self, const ProtobufCMessage *message)
{
    free (self->payload_type);
    free (self->payload);
    self->payload_type = strdup (message->descriptor->name);
    self->payload = sf_codec_pack (message, &self->payload_size);
    assert (self->payload_type);
}
