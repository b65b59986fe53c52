/*  sf_rpc_server: the socket side. Everything waiting on the ROUTER is received at once;
    bad input is answered on the spot; every other request joins
    a queue that idle workers (sf_rpc_worker, each with its own database session) take from:
    a run of reads, or a group of up to batch_max writes for one transaction. Replies leave
    from this thread only, after the worker's COMMIT. When the queue is full the server stops
    reading the socket until workers catch up, so a flood fills ZeroMQ's buffers, not memory.
    This thread never touches the database: sf.Health too is answered by a worker.

    Requests of one connection may run at the same time on different workers: a client that
    needs one command to see another's effect waits for the first reply.                     */
#include "sf_rpc_pending.h"
#include "sf_rpc_server.h"
#include "sf_rpc_worker.h"
#include "sf_clock.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_utf8.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SF_HEALTH_TYPE "sf.Health"
#define SF_ENVELOPE_TEXT_MAX 128    //  bytes of any envelope string: ids, keys, type, actor
#define SF_TEXT_BYTES_DEFAULT 16384

typedef struct {
    sf_rpc_worker_t *worker;
    sf_rpc_pending_t **items;        //  handed over while the worker is busy
    int count;
} s_worker_slot_t;

struct _sf_rpc_server_t {
    sf_rpc_server_options_t options;
    char *daemon;
    char *endpoint;
    zsock_t *socket;
    zloop_t *loop;
    bool reading;                    //  false while the queue is full
    int64_t started_ms;
    sf_rpc_pending_t **queue;        //  admitted requests waiting for a worker, oldest first
    int queue_count;
    int queue_max;
    s_worker_slot_t *slots;
    int worker_count;
    void (*on_commit) (void *arg);
    void *on_commit_arg;
    uint64_t commands;
    uint64_t transactions;
    sf_health_fn *health;
    void *health_arg;
};

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
static const sf_text_t s_msg_bad_body = {
    "请求体不是有效的 %s 消息", "The body is not a valid %s message"
};
static const sf_text_t s_msg_deadline = {
    "请求在处理前已超过截止时间", "The request's deadline passed before it could be processed"
};

static void s_run_health (sf_db_t *db, sf_rpc_pending_t *pending, void *arg);

static void
s_on_commit (void *arg)
{
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    if (self->on_commit)
        self->on_commit (self->on_commit_arg);
}

sf_rpc_server_t *
sf_rpc_server_new (const sf_rpc_server_options_t *options)
{
    assert (options && options->endpoint && options->routes && options->worker_db.url);
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
    if (!self->options.max_text_bytes)
        self->options.max_text_bytes = SF_TEXT_BYTES_DEFAULT;
    for (const sf_route_t *route = options->routes; route->request; route++)
        assert (route->reply && route->handler);
    self->socket = socket;
    self->reading = true;
    self->started_ms = sf_clock_mono_ms ();
    self->health = options->health;
    self->health_arg = options->state;
    self->worker_count = options->workers > 0? options->workers: 1;
    self->queue_max = self->options.batch_max * self->worker_count * 4;
    self->queue = calloc ((size_t) self->queue_max, sizeof *self->queue);
    self->slots = calloc ((size_t) self->worker_count, sizeof *self->slots);
    assert (self->queue && self->slots);
    sf_rpc_worker_options_t worker = {
        .db = options->worker_db, .state = options->state, .on_commit = s_on_commit, .on_commit_arg = self,
        .health = s_run_health, .health_arg = self
    };
    for (int i = 0; i < self->worker_count; i++) {
        self->slots [i].worker = sf_rpc_worker_new (&worker);
        self->slots [i].items = calloc ((size_t) self->options.batch_max, sizeof (sf_rpc_pending_t *));
        assert (self->slots [i].items);
    }
    return self;
}

void
sf_rpc_server_destroy (sf_rpc_server_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_server_t *self = *self_p;
    //  Work in progress finishes; its replies and the queue's are dropped: the daemon is
    //  stopping, and clients retry with the same keys.
    for (int i = 0; i < self->worker_count; i++) {
        sf_rpc_worker_destroy (&self->slots [i].worker);
        for (int j = 0; j < self->slots [i].count; j++)
            sf_rpc_pending_destroy (&self->slots [i].items [j]);
        free (self->slots [i].items);
    }
    for (int i = 0; i < self->queue_count; i++)
        sf_rpc_pending_destroy (&self->queue [i]);
    free (self->slots);
    free (self->queue);
    zsock_destroy (&self->socket);
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
//  Replies

//  Sends the reply and destroys the request.
static void
s_send_reply (sf_rpc_server_t *self, sf_rpc_pending_t **pending_p)
{
    sf_rpc_pending_t *pending = *pending_p;
    free (pending->reply.request_id);
    pending->reply.request_id = strdup (pending->request.request_id? pending->request.request_id: "");
    size_t size;
    uint8_t *data = sf_reply_encode (&pending->reply, &size);
    void *handle = zsock_resolve (self->socket);
    sf_log_ctx_t ctx = sf_rpc_pending_log_ctx (pending);
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
    sf_rpc_pending_destroy (pending_p);
    self->commands++;
}

//  --------------------------------------------------------------------------------------
//  Admission

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

//  sf.Health, run by a worker with its session: the server's fields it reads never change
//  after start-up.
static void
s_run_health (sf_db_t *db, sf_rpc_pending_t *pending, void *arg)
{
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    sf_health_t health = { 0 };
    health.daemon = strdup (self->daemon);
    health.version = strdup (PROJECT_VERSION_TEXT);
    health.endpoint = strdup (self->endpoint);
    health.uptime_ms = sf_clock_mono_ms () - self->started_ms;
    health.db_ok = sf_db_ensure (db);
    health.outbox_pending = health.db_ok? sf_outbox_pending (db): -1;
    if (self->health)
        self->health (&health, self->health_arg);
    size_t size;
    uint8_t *body = sf_health_encode (&health, &size);
    sf_reply_set_status (&pending->reply, SF_OK, NULL);
    sf_reply_set_body (&pending->reply, "sf.HealthInfo", body, size);
    free (body);
    sf_health_clear (&health);
}

//  Unpacks the body as the route's request type and checks it: a handler only ever sees a
//  message that decoded and passed the generic checks.
static bool
s_admit_body (sf_rpc_server_t *self, sf_rpc_pending_t *pending)
{
    const sf_request_t *request = &pending->request;
    const sf_route_t *route = pending->route;
    sf_pb_fault_t fault;
    pending->message = sf_pb_unpack_checked (route->request, request->body, request->body_size,
                                             self->options.max_text_bytes, route->required, &fault);
    if (pending->message)
        return true;
    if (fault.text)
        sf_rpc_pending_fail (pending, SF_INVALID_ARGUMENT, fault.text, fault.path, fault.limit);
    else
        sf_rpc_pending_fail (pending, SF_MALFORMED, &s_msg_bad_body, request->type);
    return false;
}

//  Checks what can be checked before any database work. Returns true if the request
//  may run; otherwise the reply is set.
static bool
s_admit (sf_rpc_server_t *self, sf_rpc_pending_t *pending, const uint8_t *data, size_t size, int frames)
{
    if (frames != 1) {
        sf_rpc_pending_fail (pending, SF_MALFORMED, &s_msg_multi_frame, frames);
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
            sf_rpc_pending_fail (pending, SF_INVALID_ARGUMENT, &s_msg_bad_envelope, SF_ENVELOPE_TEXT_MAX);
            return false;
        }
    }
    if (size > self->options.max_message_bytes) {
        sf_rpc_pending_fail (pending, SF_TOO_LARGE, &s_msg_too_large, size, self->options.max_message_bytes);
        return false;
    }
    if (!decoded) {
        sf_rpc_pending_fail (pending, SF_MALFORMED, NULL);
        return false;
    }
    if (strcmp (request->type, SF_HEALTH_TYPE) == 0)
        return true;
    for (const sf_route_t *route = self->options.routes; route->request && !pending->route; route++)
        if (strcmp (sf_route_type (route), request->type) == 0)
            pending->route = route;
    if (!pending->route) {
        sf_rpc_pending_fail (pending, SF_UNKNOWN_TYPE, &s_msg_unknown_type, request->type);
        return false;
    }
    if (request->deadline_ms && request->deadline_ms < sf_clock_wall_ms ()) {
        sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
        return false;
    }
    if (!*request->actor.user_id) {
        sf_rpc_pending_fail (pending, SF_PERMISSION_DENIED, &s_msg_no_actor);
        return false;
    }
    if (pending->route->roles && !sf_actor_has_role (&request->actor, pending->route->roles)) {
        sf_rpc_pending_fail (pending, SF_PERMISSION_DENIED, &s_msg_no_role, request->actor.user_id,
                        request->type, pending->route->roles);
        return false;
    }
    if (pending->route->writes && !*request->idempotency_key) {
        sf_rpc_pending_fail (pending, SF_INVALID_ARGUMENT, &s_msg_no_key);
        return false;
    }
    return s_admit_body (self, pending);
}

//  --------------------------------------------------------------------------------------
//  Queue and workers

static bool
s_is_write (const sf_rpc_pending_t *pending)
{
    return pending->route && pending->route->writes;
}

//  Answers, without running them, queued requests whose deadline passed while they waited:
//  their clients have retried already, and running stale attempts would multiply the load
//  exactly when the service is behind.
static void
s_drop_expired (sf_rpc_server_t *self)
{
    int64_t now = sf_clock_wall_ms ();
    int kept = 0;
    for (int i = 0; i < self->queue_count; i++) {
        sf_rpc_pending_t *pending = self->queue [i];
        if (pending->request.deadline_ms && pending->request.deadline_ms < now) {
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
            s_send_reply (self, &pending);
        }
        else
            self->queue [kept++] = pending;
    }
    self->queue_count = kept;
}

static bool
s_is_alone (const sf_rpc_pending_t *pending)
{
    return pending->route && pending->route->alone;
}

//  Hands queued requests to idle workers: the oldest request decides the kind; a worker
//  takes up to batch_max writes for one transaction, or its share of the waiting reads
//  (reads gain nothing from sharing a session, so they spread over the idle workers).
//  Requests of the other kind keep their places.
static void
s_dispatch (sf_rpc_server_t *self)
{
    s_drop_expired (self);
    int idle = 0;
    for (int i = 0; i < self->worker_count; i++)
        idle += !sf_rpc_worker_busy (self->slots [i].worker);
    for (int i = 0; i < self->worker_count && self->queue_count && idle; i++) {
        s_worker_slot_t *slot = &self->slots [i];
        if (sf_rpc_worker_busy (slot->worker))
            continue;
        bool writes = s_is_write (self->queue [0]);
        int limit = self->options.batch_max;
        if (writes && s_is_alone (self->queue [0]))
            limit = 1;
        if (!writes) {
            int reads = 0;
            for (int j = 0; j < self->queue_count; j++)
                reads += !s_is_write (self->queue [j]);
            int share = (reads + idle - 1) / idle;
            limit = share < limit? share: limit;
        }
        int count = 0, kept = 0;
        for (int j = 0; j < self->queue_count; j++)
            if (count < limit && s_is_write (self->queue [j]) == writes
            &&  (!writes || count == 0 || !s_is_alone (self->queue [j])))
                slot->items [count++] = self->queue [j];
            else
                self->queue [kept++] = self->queue [j];
        self->queue_count = kept;
        slot->count = count;
        idle--;
        sf_rpc_worker_run (slot->worker, slot->items, count, writes);
    }
}

static int s_on_readable (zloop_t *loop, zsock_t *reader, void *arg);

//  Reads the socket again once the queue has room (s_on_readable stops reading when full).
static void
s_resume_reading (sf_rpc_server_t *self)
{
    if (!self->reading && self->queue_count < self->queue_max / 2 && self->loop) {
        zloop_reader (self->loop, self->socket, s_on_readable, self);
        self->reading = true;
    }
}

static int
s_on_worker_done (zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) loop;
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    for (int i = 0; i < self->worker_count; i++) {
        s_worker_slot_t *slot = &self->slots [i];
        if (sf_rpc_worker_socket (slot->worker) != reader)
            continue;
        self->transactions += (uint64_t) sf_rpc_worker_done (slot->worker);
        for (int j = 0; j < slot->count; j++)
            s_send_reply (self, &slot->items [j]);
        slot->count = 0;
    }
    s_dispatch (self);
    s_resume_reading (self);
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Receiving

//  Receives one whole message without waiting. Returns false when none is waiting.
static bool
s_receive (sf_rpc_server_t *self)
{
    void *handle = zsock_resolve (self->socket);
    sf_rpc_pending_t *pending = sf_rpc_pending_new ();
    if (zmq_msg_recv (&pending->identity, handle, ZMQ_DONTWAIT) < 0) {
        sf_rpc_pending_destroy (&pending);
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
        self->queue [self->queue_count++] = pending;
    else
        s_send_reply (self, &pending);
    return true;
}

static int
s_on_readable (zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) reader;
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    //  Take what is waiting, bounded so a flood cannot starve the timers.
    for (int taken = 0; taken < self->options.batch_max * 4 && self->queue_count < self->queue_max; taken++)
        if (!s_receive (self))
            break;
    s_dispatch (self);
    if (self->queue_count == self->queue_max) {
        //  Full: leave the rest in ZeroMQ's buffers until workers catch up.
        zloop_reader_end (loop, self->socket);
        self->reading = false;
    }
    return 0;
}

int
sf_rpc_server_attach (sf_rpc_server_t *self, zloop_t *loop)
{
    self->loop = loop;
    for (int i = 0; i < self->worker_count; i++)
        if (zloop_reader (loop, sf_rpc_worker_socket (self->slots [i].worker), s_on_worker_done, self))
            return -1;
    return zloop_reader (loop, self->socket, s_on_readable, self);
}
