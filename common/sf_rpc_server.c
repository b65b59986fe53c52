/*  sf_rpc_server: receive everything waiting, answer bad input at once, run reads as they
    come and writes as one group transaction, reply after commit.                           */
#include "sf_rpc_server.h"
#include "sf_clock.h"
#include "sf_idempotency.h"
#include "sf_outbox.h"
#include "sf_utf8.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SF_HEALTH_TYPE "sf.Health"
#define SF_ENVELOPE_TEXT_MAX 128    //  bytes of any envelope string: ids, keys, type, actor

struct _sf_rpc_server_t {
    sf_rpc_server_options_t options;
    char *daemon;
    char *endpoint;
    zsock_t *socket;
    sf_db_t *db;
    int64_t started_ms;
    struct s_pending_t *batch;       //  write commands waiting for the group transaction
    int batch_count;
    void (*on_commit) (void *arg);
    void *on_commit_arg;
    uint64_t commands;
    uint64_t transactions;
    sf_health_fn *health;
    void *health_arg;
};

typedef struct s_pending_t {
    zmq_msg_t identity;
    sf_request_t request;
    sf_reply_t reply;
    const sf_route_t *route;
    int events;
    int64_t received_us;
} s_pending_t;

static const sf_text_t s_msg_multi_frame = {
    "请求必须是单帧消息（收到 %d 帧）", "A request must be a single frame (got %d frames)"
};
static const sf_text_t s_msg_too_large = {
    "请求大小 %zu 字节，超过上限 %zu 字节", "The request is %zu bytes, more than the limit of %zu bytes"
};
static const sf_text_t s_msg_unknown_type = {
    "未知的请求类型：%s", "Unknown request type: %s"
};
static const sf_text_t s_msg_bad_envelope = {
    "请求信封中的编号、键、类型或操作人字段无效：每项最多 %d 字节、不含控制字符的有效 UTF-8 文本",
    "An id, key, type or actor field of the envelope is invalid: each must be valid UTF-8 of at most "
    "%d bytes without control characters"
};
static const sf_text_t s_msg_no_key = {
    "写操作必须带幂等键（idempotency_key）", "A write command needs an idempotency key"
};
static const sf_text_t s_msg_no_actor = {
    "请求未注明操作人（actor.user_id）", "The request names no actor (actor.user_id)"
};
static const sf_text_t s_msg_no_role = {
    "操作人 %s 不具备执行 %s 所需的角色（需要其一：%s）",
    "Actor %s lacks a role required for %s (one of: %s)"
};
static const sf_text_t s_msg_deadline = {
    "请求在处理前已超过截止时间", "The request's deadline passed before it could be processed"
};
static const sf_text_t s_msg_db_down = {
    "数据库暂时不可用，请使用相同的幂等键重试", "The database is unavailable; retry with the same idempotency key"
};
static const sf_text_t s_msg_commit_failed = {
    "事务提交失败，未做任何修改，请使用相同的幂等键重试",
    "The transaction did not commit and nothing changed; retry with the same idempotency key"
};

sf_rpc_server_t *
sf_rpc_server_new (const sf_rpc_server_options_t *options, sf_db_t *db)
{
    assert (options && options->endpoint && options->routes && db);
    zsock_t *socket = zsock_new (ZMQ_ROUTER);
    assert (socket);
    zsock_set_router_mandatory (socket, 1);
    zsock_set_sndhwm (socket, 100000);
    zsock_set_rcvhwm (socket, 100000);
    zsock_set_maxmsgsize (socket, (int64_t) options->max_message_bytes * 4);
    zsock_set_heartbeat_ivl (socket, 1000);
    zsock_set_heartbeat_timeout (socket, 5000);
    zsock_set_heartbeat_ttl (socket, 6000);
    zsock_set_linger (socket, 0);
    if (zsock_bind (socket, "%s", options->endpoint) < 0) {
        sf_error ("cannot bind %s: %s", options->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&socket);
        return NULL;
    }
    sf_rpc_server_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->daemon = strdup (options->daemon? options->daemon: "daemon");
    self->endpoint = strdup (options->endpoint);
    self->options.daemon = self->daemon;
    self->options.endpoint = self->endpoint;
    if (self->options.batch_max < 1)
        self->options.batch_max = 1;
    self->socket = socket;
    self->db = db;
    self->started_ms = sf_clock_mono_ms ();
    self->health = options->health;
    self->health_arg = options->state;
    self->batch = calloc ((size_t) self->options.batch_max, sizeof (s_pending_t));
    assert (self->batch);
    return self;
}

void
sf_rpc_server_destroy (sf_rpc_server_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_server_t *self = *self_p;
    zsock_destroy (&self->socket);
    free (self->batch);
    free (self->daemon);
    free (self->endpoint);
    free (self);
    *self_p = NULL;
}

void
sf_rpc_server_on_commit (sf_rpc_server_t *self, void (*fn) (void *arg), void *arg)
{
    self->on_commit = fn;
    self->on_commit_arg = arg;
}

void
sf_rpc_server_set_health (sf_rpc_server_t *self, sf_health_fn *fn, void *arg)
{
    self->health = fn;
    self->health_arg = arg;
}

uint64_t
sf_rpc_server_commands (sf_rpc_server_t *self)
{
    return self->commands;
}

uint64_t
sf_rpc_server_transactions (sf_rpc_server_t *self)
{
    return self->transactions;
}

//  --------------------------------------------------------------------------------------
//  Calls

static sf_log_ctx_t
s_log_ctx (const sf_request_t *request)
{
    sf_log_ctx_t ctx = { request->request_id, NULL, request->actor.plant };
    return ctx;
}

void
sf_call_fail (sf_call_t *call, sf_status_t status, const sf_text_t *text, ...)
{
    assert (status != SF_OK);
    va_list args;
    va_start (args, text);
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text? text: sf_status_text (status), &zh, &en, args);
    va_end (args);
    sf_reply_set_status (call->reply, status, NULL);
    free (call->reply->reason_zh);
    free (call->reply->reason_en);
    call->reply->reason_zh = zh;
    call->reply->reason_en = en;
}

void
sf_call_fail_db (sf_call_t *call, const char *what)
{
    bool transient = sf_db_error_transient (call->db);
    sf_log (transient? SF_LOG_WARN: SF_LOG_ERROR, &call->log, "%s: database error %s: %s",
            what, sf_db_sqlstate (call->db), sf_db_error (call->db));
    sf_call_fail (call, transient? SF_UNAVAILABLE: SF_INTERNAL, NULL);
}

void
sf_call_ok (sf_call_t *call, const char *type, const uint8_t *body, size_t size)
{
    sf_reply_set_status (call->reply, SF_OK, NULL);
    sf_reply_set_body (call->reply, type, body, size);
}

int
sf_call_emit (sf_call_t *call, const char *stream, sf_event_t *event)
{
    sf_actor_clear (&event->actor);
    sf_actor_copy (&event->actor, &call->request->actor);
    free (event->trace_id);
    event->trace_id = strdup (call->request->trace_id? call->request->trace_id: "");
    if (sf_outbox_add (call->db, stream, event))
        return -1;
    call->events++;
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Replies

static void
s_pending_fail (s_pending_t *pending, sf_status_t status, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text? text: sf_status_text (status), &zh, &en, args);
    va_end (args);
    sf_reply_clear (&pending->reply);
    pending->reply.status = status;
    pending->reply.reason_zh = zh;
    pending->reply.reason_en = en;
}

static void
s_send_reply (sf_rpc_server_t *self, s_pending_t *pending)
{
    free (pending->reply.request_id);
    pending->reply.request_id = strdup (pending->request.request_id? pending->request.request_id: "");
    size_t size;
    uint8_t *data = sf_reply_encode (&pending->reply, &size);
    void *handle = zsock_resolve (self->socket);
    sf_log_ctx_t ctx = s_log_ctx (&pending->request);
    if (zmq_msg_send (&pending->identity, handle, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0
    ||  zmq_send (handle, data, size, ZMQ_DONTWAIT) < 0)
        sf_log (SF_LOG_WARN, &ctx, "reply to %s not delivered: %s (the client retries)",
                pending->request.type? pending->request.type: "?", zmq_strerror (zmq_errno ()));
    free (data);
    int64_t micros = sf_clock_mono_us () - pending->received_us;
    //  Every write is a line of the audit trail; successful reads are debug detail.
    bool write = pending->route && pending->route->writes;
    sf_log_level_t level = pending->reply.status != SF_OK || write? SF_LOG_INFO: SF_LOG_DEBUG;
    sf_log (level, &ctx, "%s -> %s (%.3f ms)%s%s",
            pending->request.type && *pending->request.type? pending->request.type: "?",
            sf_status_name (pending->reply.status), (double) micros / 1000.0,
            pending->reply.reason_en && *pending->reply.reason_en? ": ": "",
            pending->reply.reason_en? pending->reply.reason_en: "");
    zmq_msg_close (&pending->identity);
    sf_request_clear (&pending->request);
    sf_reply_clear (&pending->reply);
    self->commands++;
}

//  --------------------------------------------------------------------------------------
//  Running commands

//  True when one of the actor's roles is an item of the comma-separated list.
static bool
s_has_role (const sf_actor_t *actor, const char *roles)
{
    for (size_t i = 0; i < actor->role_count; i++) {
        size_t len = strlen (actor->roles [i]);
        for (const char *at = roles; len && *at; ) {
            size_t span = strcspn (at, ",");
            if (span == len && memcmp (at, actor->roles [i], len) == 0)
                return true;
            at += span + (at [span] == ',');
        }
    }
    return false;
}

//  An envelope text we log, store and compare: bounded, valid UTF-8, no control characters.
static bool
s_text_ok (const char *text)
{
    size_t size = strlen (text);
    return size <= SF_ENVELOPE_TEXT_MAX && sf_utf8_valid (text, size) && !sf_utf8_has_control (text, size);
}

static bool
s_envelope_ok (const sf_request_t *request)
{
    if (!s_text_ok (request->request_id) || !s_text_ok (request->idempotency_key)
    ||  !s_text_ok (request->type) || !s_text_ok (request->trace_id)
    ||  !s_text_ok (request->actor.user_id) || !s_text_ok (request->actor.org_node)
    ||  !s_text_ok (request->actor.plant))
        return false;
    for (size_t i = 0; i < request->actor.role_count; i++)
        if (!s_text_ok (request->actor.roles [i]))
            return false;
    return true;
}

static void
s_run_health (sf_rpc_server_t *self, s_pending_t *pending)
{
    sf_health_t health = { 0 };
    health.daemon = strdup (self->daemon);
    health.version = strdup (PROJECT_VERSION_TEXT);
    health.endpoint = strdup (self->endpoint);
    health.uptime_ms = sf_clock_mono_ms () - self->started_ms;
    health.db_ok = sf_db_ensure (self->db);
    health.outbox_pending = health.db_ok? sf_outbox_pending (self->db): -1;
    if (self->health)
        self->health (&health, self->health_arg);
    size_t size;
    uint8_t *body = sf_health_encode (&health, &size);
    sf_reply_set_status (&pending->reply, SF_OK, NULL);
    sf_reply_set_body (&pending->reply, "sf.HealthInfo", body, size);
    free (body);
    sf_health_clear (&health);
}

static void
s_call_handler (sf_rpc_server_t *self, s_pending_t *pending)
{
    sf_call_t call = {
        .request = &pending->request, .reply = &pending->reply, .db = self->db,
        .state = self->options.state, .log = s_log_ctx (&pending->request)
    };
    pending->reply.status = SF_INTERNAL;
    pending->route->handler (&call);
    pending->events = call.events;
}

//  Runs one write command inside the open transaction. Returns true to keep its changes.
static bool
s_run_write (sf_rpc_server_t *self, s_pending_t *pending)
{
    sf_log_ctx_t ctx = s_log_ctx (&pending->request);
    const sf_request_t *request = &pending->request;
    uint64_t fingerprint = sf_idempotency_fingerprint (request->type, request->body, request->body_size);
    uint8_t *stored = NULL;
    size_t stored_size = 0;
    switch (sf_idempotency_claim (self->db, request->idempotency_key, request->type, fingerprint,
                                  &stored, &stored_size)) {
        case SF_IDEM_REPLAY:
            sf_reply_clear (&pending->reply);
            if (sf_reply_decode (&pending->reply, stored, stored_size))
                s_pending_fail (pending, SF_INTERNAL, NULL);
            free (stored);
            sf_log (SF_LOG_INFO, &ctx, "%s replayed for idempotency key %s", request->type,
                    request->idempotency_key);
            return true;
        case SF_IDEM_CONFLICT:
            s_pending_fail (pending, SF_CONFLICT, NULL);
            return false;
        case SF_IDEM_ERROR:
            sf_log (SF_LOG_WARN, &ctx, "idempotency claim failed: %s", sf_db_error (self->db));
            s_pending_fail (pending, sf_db_error_transient (self->db)? SF_UNAVAILABLE: SF_INTERNAL, NULL);
            return false;
        case SF_IDEM_NEW:
            break;
    }
    s_call_handler (self, pending);
    if (pending->reply.status != SF_OK)
        return false;
    size_t size;
    free (pending->reply.request_id);
    pending->reply.request_id = strdup (request->request_id);
    uint8_t *encoded = sf_reply_encode (&pending->reply, &size);
    int rc = sf_idempotency_store (self->db, request->idempotency_key, encoded, size);
    free (encoded);
    if (rc) {
        sf_log (SF_LOG_ERROR, &ctx, "storing the reply failed: %s", sf_db_error (self->db));
        s_pending_fail (pending, sf_db_error_transient (self->db)? SF_UNAVAILABLE: SF_INTERNAL, NULL);
        return false;
    }
    return true;
}

//  The transaction was rolled back: every answer computed inside it may rest on work that
//  never committed (an "already exists" can be another command's lost insert, a replay the
//  reply of a lost command), so every command answers unavailable and its client retries
//  with the same key.
static void
s_batch_lost (sf_rpc_server_t *self, const sf_text_t *text)
{
    for (int i = 0; i < self->batch_count; i++)
        if (self->batch [i].reply.status != SF_UNAVAILABLE)
            s_pending_fail (&self->batch [i], SF_UNAVAILABLE, text);
}

static void
s_flush (sf_rpc_server_t *self)
{
    if (self->batch_count == 0)
        return;
    bool grouped = self->batch_count > 1;
    bool usable = sf_db_ensure (self->db) && sf_db_begin (self->db) == 0;
    bool keep_single = false;
    int events = 0;
    //  In a group each command runs after a savepoint of its own. A kept command's savepoint
    //  is never released: the next command nests a new one (one round trip, not two). A
    //  failed command rolls back to its savepoint, which stays and serves the next command.
    //  COMMIT ends them all; batch_max is bounded by PostgreSQL's 64 cached subtransactions.
    bool need_savepoint = true;
    for (int i = 0; i < self->batch_count; i++) {
        s_pending_t *pending = &self->batch [i];
        if (usable && grouped && need_savepoint && sf_db_savepoint (self->db))
            usable = false;
        if (!usable) {
            s_pending_fail (pending, SF_UNAVAILABLE, &s_msg_db_down);
            continue;
        }
        bool keep = s_run_write (self, pending);
        if (keep)
            events += pending->events;
        if (!grouped)
            keep_single = keep;
        else
        if (keep)
            need_savepoint = true;
        else {
            need_savepoint = false;
            if (sf_db_rollback_to_savepoint (self->db))
                usable = false;
        }
    }
    if (usable && (grouped || keep_single)) {
        if (sf_db_commit (self->db) == 0) {
            self->transactions++;
            if (events && self->on_commit)
                self->on_commit (self->on_commit_arg);
        }
        else {
            sf_warn ("group of %d commands did not commit: %s", self->batch_count, sf_db_error (self->db));
            s_batch_lost (self, &s_msg_commit_failed);
        }
    }
    else {
        sf_db_rollback (self->db);
        if (!usable)
            s_batch_lost (self, &s_msg_db_down);
    }
    for (int i = 0; i < self->batch_count; i++)
        s_send_reply (self, &self->batch [i]);
    self->batch_count = 0;
}

static void
s_run_read (sf_rpc_server_t *self, s_pending_t *pending)
{
    if (!sf_db_ensure (self->db)) {
        s_pending_fail (pending, SF_UNAVAILABLE, &s_msg_db_down);
        return;
    }
    s_call_handler (self, pending);
}

//  Checks what can be checked before any database work. Returns true if the request
//  may run; otherwise the reply is set.
static bool
s_admit (sf_rpc_server_t *self, s_pending_t *pending, const uint8_t *data, size_t size, int frames)
{
    if (frames != 1) {
        s_pending_fail (pending, SF_MALFORMED, &s_msg_multi_frame, frames);
        return false;
    }
    //  Oversize requests are decoded too (libzmq bounds them at four times the limit), so
    //  that the reply carries the request id and the client can match it.
    bool decoded = sf_request_decode (&pending->request, data, size) == 0;
    const sf_request_t *request = &pending->request;
    if (decoded && !s_envelope_ok (request)) {
        //  Echo the request id only if it is itself fit to log and send back.
        if (!s_text_ok (request->request_id)) {
            free (pending->request.request_id);
            pending->request.request_id = strdup ("");
        }
        if (size <= self->options.max_message_bytes) {
            s_pending_fail (pending, SF_INVALID_ARGUMENT, &s_msg_bad_envelope, SF_ENVELOPE_TEXT_MAX);
            return false;
        }
    }
    if (size > self->options.max_message_bytes) {
        s_pending_fail (pending, SF_TOO_LARGE, &s_msg_too_large, size, self->options.max_message_bytes);
        return false;
    }
    if (!decoded) {
        s_pending_fail (pending, SF_MALFORMED, NULL);
        return false;
    }
    if (strcmp (request->type, SF_HEALTH_TYPE) == 0)
        return true;
    for (const sf_route_t *route = self->options.routes; route->type; route++)
        if (strcmp (route->type, request->type) == 0)
            pending->route = route;
    if (!pending->route) {
        s_pending_fail (pending, SF_UNKNOWN_TYPE, &s_msg_unknown_type, request->type);
        return false;
    }
    if (request->deadline_ms && request->deadline_ms < sf_clock_now_ms ()) {
        s_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
        return false;
    }
    if (!*request->actor.user_id) {
        s_pending_fail (pending, SF_PERMISSION_DENIED, &s_msg_no_actor);
        return false;
    }
    if (pending->route->roles && !s_has_role (&request->actor, pending->route->roles)) {
        s_pending_fail (pending, SF_PERMISSION_DENIED, &s_msg_no_role, request->actor.user_id,
                        request->type, pending->route->roles);
        return false;
    }
    if (pending->route->writes && !*request->idempotency_key) {
        s_pending_fail (pending, SF_INVALID_ARGUMENT, &s_msg_no_key);
        return false;
    }
    return true;
}

//  Runs or queues a request that passed admission.
static void
s_dispatch (sf_rpc_server_t *self, s_pending_t *pending)
{
    if (pending->route && pending->route->writes) {
        self->batch_count++;
        if (self->batch_count == self->options.batch_max)
            s_flush (self);
        return;
    }
    s_flush (self);
    if (pending->route)
        s_run_read (self, pending);
    else
        s_run_health (self, pending);
    s_send_reply (self, pending);
}

//  Receives one whole message, without waiting, into the next free batch slot (there is
//  always one: the batch is flushed when full). Returns false when none is waiting.
static bool
s_receive (sf_rpc_server_t *self)
{
    void *handle = zsock_resolve (self->socket);
    s_pending_t *pending = &self->batch [self->batch_count];
    memset (pending, 0, sizeof *pending);
    zmq_msg_init (&pending->identity);
    if (zmq_msg_recv (&pending->identity, handle, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&pending->identity);
        return false;
    }
    pending->received_us = sf_clock_mono_us ();
    zmq_msg_t body;
    zmq_msg_init (&body);
    int frames = 0;
    int more = zmq_msg_more (&pending->identity);
    while (more && zmq_msg_recv (&body, handle, 0) >= 0) {
        frames++;
        more = zmq_msg_more (&body);
    }
    bool admitted = s_admit (self, pending, zmq_msg_data (&body), zmq_msg_size (&body), frames);
    zmq_msg_close (&body);
    if (admitted)
        s_dispatch (self, pending);
    else
        s_send_reply (self, pending);
    return true;
}

static int
s_on_readable (zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) loop;
    (void) reader;
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    //  Take everything waiting, bounded so a flood cannot starve timers.
    for (int taken = 0; taken < self->options.batch_max * 4; taken++)
        if (!s_receive (self))
            break;
    s_flush (self);
    return 0;
}

int
sf_rpc_server_attach (sf_rpc_server_t *self, zloop_t *loop)
{
    return zloop_reader (loop, self->socket, s_on_readable, self);
}
