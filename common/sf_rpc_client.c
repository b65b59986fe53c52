/*  sf_rpc_client: lazy pirate over DEALER. High-water marks are set before connecting (a
    pitfall met here: HWMs set after zsock_new_dealer(">...") do not apply). The DEALER is
    connected to every instance the endpoint names (sf_endpoints.h) with ZMQ_IMMEDIATE: a send
    waits, at most the attempt's time, for a connection that is up, and goes to one of them in
    turn; an instance that died takes no more requests, and a resend reaches another.      */
#include "sf_rpc_client.h"
#include "sf_clock.h"
#include "sf_codec.h"
#include "sf_endpoints.h"
#include "sf_keys.h"
#include "sf_log.h"
#include "sf_uuid.h"

#include <assert.h>
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

struct _sf_rpc_client_t {
    char *endpoint;
    zsock_t *socket;
    zcert_t *own;                    //  CURVE: our key pair; NULL: no CURVE
    char *server_public;             //  CURVE: the server's public key
    sf_actor_t actor;
    int attempt_ms;
    int attempts;
    int last_attempts;
};

static const sf_text_t s_msg_no_answer = {
    "服务 %s 在 %d 次尝试（每次 %d 毫秒）内没有应答",
    "The service at %s did not answer in %d attempts of %d ms each"
};

static void
s_open (sf_rpc_client_t *self)
{
    zsock_destroy (&self->socket);
    self->socket = zsock_new (ZMQ_DEALER);
    assert (self->socket);
    zsock_set_sndhwm (self->socket, 10000);
    zsock_set_rcvhwm (self->socket, 10000);
    zsock_set_linger (self->socket, 0);
    zsock_set_immediate (self->socket, 1);
    zsock_set_heartbeat_ivl (self->socket, 1000);
    zsock_set_heartbeat_timeout (self->socket, 5000);
    zsock_set_reconnect_ivl (self->socket, 100);
    zsock_set_reconnect_ivl_max (self->socket, 1000);
    if (self->own) {
        zcert_apply (self->own, self->socket);
        zsock_set_curve_serverkey (self->socket, self->server_public);
    }
    sf_endpoints_connect (self->socket, self->endpoint, "rpc client");
}

sf_rpc_client_t *
sf_rpc_client_new (const char *endpoint)
{
    sf_rpc_client_t *self = calloc (1, sizeof *self);
    assert (self);
    self->endpoint = strdup (endpoint);
    self->attempt_ms = 1500;
    self->attempts = 4;
    sf_rpc_client_set_actor (self, "", "", "", "");
    s_open (self);
    return self;
}

void
sf_rpc_client_destroy (sf_rpc_client_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_client_t *self = *self_p;
    zsock_destroy (&self->socket);
    zcert_destroy (&self->own);
    free (self->server_public);
    sf_actor_clear (&self->actor);
    free (self->endpoint);
    free (self);
    *self_p = NULL;
}

void
sf_rpc_client_set_curve (sf_rpc_client_t *self, zcert_t *own, const char *server_public)
{
    assert (own && server_public);
    zcert_destroy (&self->own);
    free (self->server_public);
    self->own = zcert_dup (own);
    self->server_public = strdup (server_public);
    s_open (self);
}

int
sf_rpc_client_set_server (sf_rpc_client_t *self, const char *server)
{
    if (!sf_keys_identity ())
        return 0;
    char *zh = NULL, *en = NULL;
    char *server_public = sf_keys_server_public (sf_keys_dir (), server, &zh, &en);
    if (!server_public) {
        sf_warn ("%s / %s", zh, en);
        free (zh);
        free (en);
        return -1;
    }
    sf_rpc_client_set_curve (self, sf_keys_identity (), server_public);
    free (server_public);
    return 0;
}

void
sf_rpc_client_set_actor (sf_rpc_client_t *self, const char *user_id, const char *roles,
                         const char *org_node, const char *plant)
{
    sf_actor_clear (&self->actor);
    self->actor.user_id = strdup (user_id? user_id: "");
    self->actor.org_node = strdup (org_node? org_node: "");
    self->actor.plant = strdup (plant? plant: "");
    const char *at = roles? roles: "";
    while (*at && self->actor.role_count < SF_MAX_ROLES) {
        size_t len = strcspn (at, ",");
        if (len)
            self->actor.roles [self->actor.role_count++] = strndup (at, len);
        at += len;
        if (*at == ',')
            at++;
    }
}

void
sf_rpc_client_set_retry (sf_rpc_client_t *self, int attempt_ms, int attempts)
{
    self->attempt_ms = attempt_ms > 0? attempt_ms: 1500;
    self->attempts = attempts > 0? attempts: 1;
}

int
sf_rpc_client_last_attempts (sf_rpc_client_t *self)
{
    return self->last_attempts;
}

//  Waits until deadline for the reply to request_id; drops replies to older requests.
//  Returns 0 with reply filled, -1 on timeout.
static int
s_wait (sf_rpc_client_t *self, const char *request_id, int64_t deadline, sf_reply_t *reply)
{
    zpoller_t *poller = zpoller_new (self->socket, NULL);
    assert (poller);
    int rc = -1;
    while (rc < 0) {
        int64_t left = deadline - sf_clock_mono_ms ();
        if (left <= 0 || !zpoller_wait (poller, (int) left))
            break;
        zframe_t *frame = zframe_recv (self->socket);
        if (!frame)
            break;
        sf_reply_t candidate;
        if (sf_reply_decode (&candidate, zframe_data (frame), zframe_size (frame)) == 0) {
            if (!request_id || strcmp (candidate.request_id, request_id) == 0) {
                *reply = candidate;
                rc = 0;
            }
            else
                sf_reply_clear (&candidate);
        }
        zframe_destroy (&frame);
    }
    zpoller_destroy (&poller);
    return rc;
}

int
sf_rpc_client_call (sf_rpc_client_t *self, const char *type, const uint8_t *body, size_t size,
                    const char *idempotency_key, sf_reply_t *reply)
{
    char request_id [SF_UUID_LEN + 1], key [SF_UUID_LEN + 1], trace [SF_UUID_LEN + 1];
    sf_uuid_generate (request_id);
    sf_uuid_generate (trace);
    if (!idempotency_key)
        sf_uuid_generate (key);
    sf_request_t request = {
        .request_id = request_id, .idempotency_key = (char *) (idempotency_key? idempotency_key: key),
        .actor = self->actor, .trace_id = trace, .type = (char *) type,
        .body = (uint8_t *) body, .body_size = size
    };
    memset (reply, 0, sizeof *reply);
    int backoff_ms = 50;
    for (self->last_attempts = 1; self->last_attempts <= self->attempts; self->last_attempts++) {
        request.deadline_ms = sf_clock_wall_ms () + self->attempt_ms;
        size_t encoded_size;
        uint8_t *encoded = sf_request_encode (&request, &encoded_size);
        zframe_t *frame = zframe_new (encoded, encoded_size);
        free (encoded);
        //  Waits for an instance whose connection is up, within the attempt's time.
        int64_t attempt_end = sf_clock_mono_ms () + self->attempt_ms;
        zsock_set_sndtimeo (self->socket, self->attempt_ms);
        bool sent = zframe_send (&frame, self->socket, 0) == 0;
        zframe_destroy (&frame);
        if (sent && s_wait (self, request_id, attempt_end, reply) == 0) {
            if (reply->status != SF_UNAVAILABLE || self->last_attempts == self->attempts)
                return 0;
            //  The daemon's hint (its queue ahead, or a client over its limit) if it gave one.
            int64_t pause = reply->retry_after_ms > backoff_ms? reply->retry_after_ms: backoff_ms;
            sf_reply_clear (reply);
            zclock_sleep ((int) (pause < self->attempt_ms? pause: self->attempt_ms));
            backoff_ms *= 2;
            continue;
        }
        //  No answer: the old socket may hold a stale queue or a dead peer; start afresh.
        s_open (self);
    }
    self->last_attempts = self->attempts;
    sf_reply_set_status (reply, SF_UNAVAILABLE, &s_msg_no_answer, self->endpoint, self->attempts,
                         self->attempt_ms);
    return -1;
}

sf_status_t
sf_rpc_client_call_message (sf_rpc_client_t *self, const ProtobufCMessage *request,
                            const char *idempotency_key, sf_reply_t *reply)
{
    size_t size;
    uint8_t *body = sf_codec_pack (request, &size);
    sf_rpc_client_call (self, request->descriptor->name, body, size, idempotency_key, reply);
    free (body);
    return reply->status;
}

int
sf_rpc_client_call_raw (sf_rpc_client_t *self, const uint8_t *data, size_t size, int timeout_ms,
                        sf_reply_t *reply)
{
    memset (reply, 0, sizeof *reply);
    zframe_t *frame = zframe_new (data, size);
    zsock_set_sndtimeo (self->socket, timeout_ms);
    if (zframe_send (&frame, self->socket, 0)) {
        zframe_destroy (&frame);
        return -1;
    }
    return s_wait (self, NULL, sf_clock_mono_ms () + timeout_ms, reply);
}
