/*  sf_rpc_server: the socket side. Everything waiting on the ROUTER is received at once; bad
    input is answered on the spot, and so is sf.Health, from state other threads keep (never
    queued behind work, never waiting on the database). Every other request joins a queue that
    idle workers (sf_rpc_worker, each with its own database session) take from: a run of reads,
    or a group of up to batch_max writes for one transaction (while more writes are in flight
    than workers, at most write_groups workers run groups at once: other writes wait, and the
    next group takes up to batch_max of them; at most read_slots workers run reads at once, the
    other reads wait their turn, but for lookups of one object by key, which take no slot; a
    write that runs alone has a transaction of its own and does not wait for the groups; writes
    that name a key run as groups of that key, one per key at a time). A worker's replies leave
    from its own thread, after its COMMIT, and there it takes its next job from the queue:
    neither waits for this thread to wake. One the socket cannot take yet (the client's buffer
    is full) is held, in order, and offered again every few milliseconds.

    Threads: the socket, the queue, the clients and the workers' hands are the server's state,
    under one lock, taken by this thread (receiving, timers) and by a worker that is done. A
    ZeroMQ socket may pass between threads with a full memory barrier between them (the lock),
    but is never polled from one thread while another uses it: the loop polls the socket's
    ZMQ_FD, a plain descriptor, and whoever used the socket last looks at its ZMQ_EVENTS
    afterwards (ZMQ_FD tells of a change once, and another thread's send may have taken that
    change): a waiting request pokes this thread through an eventfd.

    Fair and bounded: each client (a ZeroMQ connection, known by its routing id) may have
    peer_in_flight_max requests queued or running; more, or more than the queue holds, are
    answered unavailable at once with a retry hint. Workers take requests round-robin across
    clients, so a busy client cannot starve the others, each client's oldest of a kind first; a
    request marked unordered (sf.Request.unordered: the gateway's, from different people) may be
    taken before older ones that cannot go yet (a write of a plant whose group runs). A client
    that disconnects has its queued requests dropped before they run (the socket monitor names
    the connection that closed; each request remembers the connection it came on). Replies are
    bounded by max_reply_bytes, and the socket's per-client buffers by twice the in-flight
    limit; a held reply keeps its request's in-flight slot, so a client that does not read is
    refused more work: per client at most 3 x peer_in_flight_max replies and
    SF_HELD_REFUSALS_MAX small refusals wait in memory, and held ones go after SF_HELD_MAX_MS or
    when the client leaves.

    Requests of one connection may run at the same time on different workers: a client that
    needs one command to see another's effect waits for the first reply.                      */
#include "sf_rpc_auth.h"
#include "sf_rpc_describe.h"
#include "sf_rpc_pending.h"
#include "sf_rpc_server.h"
#include "sf_rpc_worker.h"
#include "sf_clock.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_utf8.h"
#include "sf_log_limit.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define SF_ENVELOPE_TEXT_MAX 128    //  bytes of any envelope string: ids, keys, type, actor
#define SF_TEXT_BYTES_DEFAULT 16384
#define SF_REPLY_BYTES_DEFAULT (4 * 1024 * 1024)
#define SF_PEER_IN_FLIGHT_DEFAULT 64
//  The retry hint given with a refusal: the time the queue ahead needs, from the mean time a
//  request has taken lately, kept within these bounds.
#define SF_RETRY_AFTER_MIN_MS 50
#define SF_RETRY_AFTER_MAX_MS 5000
//  Reads handed to a worker at once: each runs alone anyway, and a short hand lets the next
//  client's turn come soon.
#define SF_READ_HAND_MAX 4
//  Replies the socket could not take yet are offered again this often, and dropped (the
//  client is not reading, or gone) when held this long.
#define SF_HELD_RETRY_MS 10
#define SF_HELD_MAX_MS 10000
//  Refusals held per client at most (about 300 bytes each); more are dropped.
#define SF_HELD_REFUSALS_MAX 4096
//  Floods are summed up in the log at most this often, not told request by request.
#define SF_FLOOD_LOG_MS 1000
//  Lines about failed requests: a few a second per peer, a bounded number in all, then one
//  line a second saying how many were held back (sf_log_limit), so that a flood of bad frames
//  cannot fill the disk.
#define SF_BAD_LOG_PEER_LINES 5
#define SF_BAD_LOG_ALL_LINES 50
#define SF_BAD_LOG_WINDOW_MS 1000
//  How long the socket may keep flushing the last replies when the daemon stops.
#define SF_STOP_LINGER_MS 500

typedef struct {
    sf_rpc_worker_t *worker;
    sf_rpc_pending_t **items;        //  handed over while the worker is busy
    int count;
    bool group;                      //  the hand is writes that may be grouped (not alone)
    bool reads;                      //  the hand is reads, one of which takes a read slot
} s_worker_slot_t;

//  A client with requests queued, running or answered but not yet taken by the socket;
//  forgotten when it has none.
typedef struct {
    char *key;                       //  its routing id, in hex
    uint8_t id [256];                //  its routing id
    size_t id_size;
    int fd;                          //  the connection its last request came on
    int in_flight;                   //  queued, running, or answered and held
    int queued;
    int queued_unordered;            //  of the queued, those marked unordered (sf.Request)
    bool in_ring;                    //  in the round-robin of clients with queued requests
    zlistx_t *held;                  //  s_held_t: replies the socket could not take yet, in order
    int held_refusals;
} s_peer_t;

//  A reply waiting for room in its client's socket buffer. A real reply keeps its request's
//  in-flight slot until the socket takes it, so a client that does not read is refused more
//  work instead of growing our memory; refusals, small, are held up to a count.
typedef struct {
    uint8_t *data;
    size_t size;
    bool holds_slot;
    int64_t since_ms;
} s_held_t;

struct _sf_rpc_server_t {
    sf_rpc_server_options_t options;
    char *daemon;
    char *endpoint;
    zsock_t *socket;
    zsock_t *monitor;                //  connection events of socket
    sf_rpc_auth_t *auth;             //  CURVE and the accepted keys; NULL: none
    zloop_t *loop;
    int64_t started_ms;
    sf_rpc_pending_t **queue;        //  admitted requests waiting for a worker, oldest first
    int queue_count;
    int queue_max;
    zhash_t *peers;                  //  routing id (hex) -> s_peer_t
    int holding;                     //  clients with held replies
    zlistx_t *ring;                  //  s_peer_t with queued requests, in turn order
    s_worker_slot_t *slots;
    int worker_count;
    int write_groups;                //  workers that may run a group of writes at once
    int read_slots;                  //  workers that may run reads at once
    pthread_mutex_t lock;            //  the server's state, the socket included (see above)
    bool stopping;                   //  destroying: finished workers take no more work
    int socket_fd;                   //  the socket's ZMQ_FD, polled by the loop
    int poke_fd;                     //  eventfd: requests may be waiting on the socket
    void (*on_commit) (void *arg);
    void *on_commit_arg;
    uint64_t commands;
    uint64_t transactions;
    uint64_t refused_busy;
    uint64_t dropped_gone;
    uint64_t expired;
    uint64_t undelivered;            //  replies the socket refused since the last warning
    uint64_t refused_logged;         //  refused_busy at the last warning
    int64_t warned_ms;               //  when the last warning of either went out
    double mean_run_ms;              //  moving average of a request's time with a worker
    sf_log_limit_t *bad_log;         //  how many lines about failed requests get written
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
static const sf_text_t s_msg_bad_body = {
    "请求体不是有效的 %s 消息", "The body is not a valid %s message"
};
static const sf_text_t s_msg_deadline = {
    "请求在处理前已超过截止时间", "The request's deadline passed before it could be processed"
};
static const sf_text_t s_msg_peer_busy = {
    "该客户端已有 %d 个请求在处理中（上限 %d），请在 %lld 毫秒后重试",
    "This client already has %d requests in flight (the limit is %d); retry after %lld ms"
};
static const sf_text_t s_msg_queue_full = {
    "服务繁忙，等待队列已满（%d 个请求），请在 %lld 毫秒后重试",
    "The daemon is busy: its queue is full (%d requests); retry after %lld ms"
};
static const sf_text_t s_msg_stopping = {
    "服务正在停止，请求未执行；请使用相同的幂等键重试",
    "The daemon is stopping and did not run the request; retry with the same idempotency key"
};

static void s_worker_done (void *arg, sf_rpc_worker_t *worker);

static void
s_on_commit (void *arg)
{
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    if (self->on_commit)
        self->on_commit (self->on_commit_arg);
}

static void
s_held_destroy (void **item)
{
    s_held_t *held = (s_held_t *) *item;
    free (held->data);
    free (held);
    *item = NULL;
}

static void
s_peer_free (void *item)
{
    s_peer_t *peer = (s_peer_t *) item;
    zlistx_destroy (&peer->held);
    free (peer->key);
    free (peer);
}

sf_rpc_server_t *
sf_rpc_server_new (const sf_rpc_server_options_t *options)
{
    assert (options && options->endpoint && options->routes && options->worker_db.url);
    int in_flight_max = options->peer_in_flight_max > 0? options->peer_in_flight_max: SF_PEER_IN_FLIGHT_DEFAULT;
    zsock_t *socket = zsock_new (ZMQ_ROUTER);
    assert (socket);
    zsock_set_router_mandatory (socket, 1);
    //  A client's buffers in each direction hold what its in-flight limit lets it have, twice:
    //  a client that does not read its replies loses the excess, not our memory.
    int buffered = in_flight_max * 2 < 16? 16: in_flight_max * 2;
    zsock_set_sndhwm (socket, buffered);
    zsock_set_rcvhwm (socket, buffered);
    zsock_set_maxmsgsize (socket, (int64_t) options->max_message_bytes * 4);
    zsock_set_heartbeat_ivl (socket, 1000);
    zsock_set_heartbeat_timeout (socket, 5000);
    zsock_set_heartbeat_ttl (socket, 6000);
    zsock_set_linger (socket, 0);
    //  Authentication is in place before the socket binds: no connection ever gets in without it.
    sf_rpc_auth_t *auth = NULL;
    if (options->secret_key_file && *options->secret_key_file
    &&  !(auth = sf_rpc_auth_new (socket, options->secret_key_file, options->clients_dir))) {
        zsock_destroy (&socket);
        return NULL;
    }
    if (zsock_bind (socket, "%s", options->endpoint) < 0) {
        sf_error ("cannot bind %s: %s", options->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&socket);
        sf_rpc_auth_destroy (&auth);
        return NULL;
    }
    sf_rpc_server_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->options.peer_in_flight_max = in_flight_max;
    self->daemon = strdup (options->daemon? options->daemon: "daemon");
    self->endpoint = strdup (options->endpoint);
    self->options.daemon = self->daemon;
    self->options.endpoint = self->endpoint;
    if (self->options.batch_max < 1)
        self->options.batch_max = 1;
    if (!self->options.max_text_bytes)
        self->options.max_text_bytes = SF_TEXT_BYTES_DEFAULT;
    if (!self->options.max_reply_bytes)
        self->options.max_reply_bytes = SF_REPLY_BYTES_DEFAULT;
    for (const sf_route_t *route = options->routes; route->request; route++)
        assert (route->reply && route->handler && !(route->lookup && route->writes));
    self->socket = socket;
    self->auth = auth;
    //  Which connection closed: the monitor's DISCONNECTED event carries its descriptor; failed
    //  handshakes are counted as refusals.
    char monitor [64];
    snprintf (monitor, sizeof monitor, "inproc://sf-rpc-monitor-%p", (void *) self);
    int rc = zmq_socket_monitor (zsock_resolve (socket), monitor, ZMQ_EVENT_DISCONNECTED | SF_RPC_AUTH_EVENTS);
    assert (rc == 0);
    self->monitor = zsock_new_pair (monitor);
    assert (self->monitor);
    self->started_ms = sf_clock_mono_ms ();
    self->health = options->health;
    self->health_arg = options->state;
    self->worker_count = options->workers > 0? options->workers: 1;
    //  Without groups (batch_max 1) a cap would only make commands wait.
    self->write_groups = options->write_groups > 0 && options->write_groups < self->worker_count
                         && self->options.batch_max > 1? options->write_groups: self->worker_count;
    self->read_slots = options->read_slots > 0 && options->read_slots < self->worker_count
                       ? options->read_slots: self->worker_count;
    self->queue_max = self->options.batch_max * self->worker_count * 4;
    self->queue = calloc ((size_t) self->queue_max, sizeof *self->queue);
    self->slots = calloc ((size_t) self->worker_count, sizeof *self->slots);
    self->peers = zhash_new ();
    self->bad_log = sf_log_limit_new ("failed requests", SF_BAD_LOG_PEER_LINES, SF_BAD_LOG_ALL_LINES,
                                      SF_BAD_LOG_WINDOW_MS);
    self->ring = zlistx_new ();
    assert (self->queue && self->slots && self->peers && self->ring);
    self->poke_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
    assert (self->poke_fd >= 0);
    self->socket_fd = zsock_fd (socket);
    pthread_mutex_init (&self->lock, NULL);
    sf_rpc_worker_options_t worker = {
        .db = options->worker_db, .state = options->state, .on_commit = s_on_commit, .on_commit_arg = self,
        .max_reply_bytes = self->options.max_reply_bytes, .on_done = s_worker_done, .on_done_arg = self,
        .scope_cache = options->scope_cache, .gather_max = options->gather? self->options.batch_max: 0
    };
    for (int i = 0; i < self->worker_count; i++) {
        self->slots [i].worker = sf_rpc_worker_new (&worker);
        self->slots [i].items = calloc ((size_t) self->options.batch_max, sizeof (sf_rpc_pending_t *));
        assert (self->slots [i].items);
    }
    return self;
}

static void s_send_reply (sf_rpc_server_t *self, sf_rpc_pending_t **pending_p);
static sf_rpc_pending_t *s_queue_take (sf_rpc_server_t *self, int index);

void
sf_rpc_server_destroy (sf_rpc_server_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_server_t *self = *self_p;
    //  Prompt, whatever the queue holds and however the database behaves: the work in progress
    //  is abandoned (its sessions interrupted, its transactions rolled back), and every request
    //  is told the daemon is stopping, so that clients retry elsewhere or later with their keys.
    //  A worker finishing its job sends its replies (s_worker_done) and takes no other.
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    while (self->queue_count) {
        sf_rpc_pending_t *pending = s_queue_take (self, 0);
        sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_stopping);
        s_send_reply (self, &pending);
    }
    pthread_mutex_unlock (&self->lock);
    for (int i = 0; i < self->worker_count; i++)
        sf_rpc_worker_abandon (self->slots [i].worker);
    //  Each busy worker's job ends soon (its session interrupted); then no callback is left.
    for (bool busy = true; busy; ) {
        pthread_mutex_lock (&self->lock);
        busy = false;
        for (int i = 0; i < self->worker_count; i++)
            busy = busy || sf_rpc_worker_busy (self->slots [i].worker);
        pthread_mutex_unlock (&self->lock);
        if (busy)
            usleep (1000);
    }
    for (int i = 0; i < self->worker_count; i++) {
        s_worker_slot_t *slot = &self->slots [i];
        sf_rpc_worker_destroy (&slot->worker);
        assert (slot->count == 0);
        free (slot->items);
    }
    free (self->slots);
    free (self->queue);
    close (self->poke_fd);
    pthread_mutex_destroy (&self->lock);
    zsock_set_linger (self->socket, SF_STOP_LINGER_MS);
    //  The monitor stops before its reader goes: libzmq's I/O thread sends each event to the
    //  monitor's PAIR with a blocking send, and with no reader a client's DISCONNECTED after
    //  this point would block that thread for good, and with it every socket of the process
    //  (libzmq #3575; caught by common.sf_rpc_server, whose later servers stopped answering).
    zmq_socket_monitor (zsock_resolve (self->socket), NULL, 0);
    zsock_destroy (&self->monitor);
    zsock_destroy (&self->socket);
    sf_rpc_auth_destroy (&self->auth);
    zlistx_destroy (&self->ring);
    zhash_destroy (&self->peers);
    sf_log_limit_destroy (&self->bad_log);
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

uint64_t
sf_rpc_server_refused_auth (sf_rpc_server_t *self)
{
    return sf_rpc_auth_refused (self->auth);
}

//  --------------------------------------------------------------------------------------
//  Clients

//  The client of identity, whose request came on connection fd.
static s_peer_t *
s_peer_of (sf_rpc_server_t *self, zmq_msg_t *identity, int fd)
{
    char key [2 * 256 + 1];
    const uint8_t *id = (const uint8_t *) zmq_msg_data (identity);
    size_t size = zmq_msg_size (identity);
    assert (size < 256);                //  libzmq's routing ids are at most 255 bytes
    for (size_t i = 0; i < size; i++)
        snprintf (key + 2 * i, 3, "%02x", id [i]);
    key [2 * size] = 0;
    s_peer_t *peer = (s_peer_t *) zhash_lookup (self->peers, key);
    if (!peer) {
        peer = calloc (1, sizeof *peer);
        assert (peer);
        peer->key = strdup (key);
        memcpy (peer->id, id, size);
        peer->id_size = size;
        peer->held = zlistx_new ();
        assert (peer->held);
        zlistx_set_destructor (peer->held, s_held_destroy);
        zhash_insert (self->peers, key, peer);
        zhash_freefn (self->peers, key, s_peer_free);
    }
    peer->fd = fd;
    return peer;
}

//  Forgets a client with nothing in flight and nothing held.
static void
s_peer_forget_idle (sf_rpc_server_t *self, s_peer_t *peer)
{
    if (peer->in_flight == 0 && zlistx_size (peer->held) == 0) {
        assert (!peer->queued && !peer->queued_unordered && !peer->in_ring);
        zhash_delete (self->peers, peer->key);
    }
}

//  A request of the peer is over: answered (its reply taken by the socket) or dropped.
static void
s_peer_release (sf_rpc_server_t *self, s_peer_t *peer)
{
    assert (peer->in_flight > 0);
    peer->in_flight--;
    s_peer_forget_idle (self, peer);
}

//  Drops what the client's socket never took (the client left, or does not read).
static void
s_peer_drop_held (sf_rpc_server_t *self, s_peer_t *peer, int64_t older_than_ms)
{
    size_t before = zlistx_size (peer->held);
    s_held_t *held = (s_held_t *) zlistx_first (peer->held);
    while (held && held->since_ms <= older_than_ms) {
        if (held->holds_slot)
            peer->in_flight--;
        else
            peer->held_refusals--;
        zlistx_delete (peer->held, zlistx_cursor (peer->held));
        self->undelivered++;
        held = (s_held_t *) zlistx_first (peer->held);
    }
    if (before && !zlistx_size (peer->held))
        self->holding--;
    s_peer_forget_idle (self, peer);
}

//  Offers the client's held replies to the socket, oldest first, while it takes them.
static void
s_peer_flush (sf_rpc_server_t *self, s_peer_t *peer)
{
    void *handle = zsock_resolve (self->socket);
    size_t before = zlistx_size (peer->held);
    s_held_t *held = (s_held_t *) zlistx_first (peer->held);
    while (held) {
        if (zmq_send (handle, peer->id, peer->id_size, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
            if (zmq_errno () == EHOSTUNREACH)
                s_peer_drop_held (self, peer, INT64_MAX);   //  the client is gone
            return;
        }
        int rc = zmq_send (handle, held->data, held->size, ZMQ_DONTWAIT);
        assert (rc >= 0);               //  the routing frame found room: the part goes with it
        if (held->holds_slot)
            peer->in_flight--;
        else
            peer->held_refusals--;
        zlistx_delete (peer->held, zlistx_cursor (peer->held));
        held = (s_held_t *) zlistx_first (peer->held);
    }
    if (before)
        self->holding--;
    s_peer_forget_idle (self, peer);
}

//  Gets this thread to read the socket (s_on_readable).
static void
s_poke (sf_rpc_server_t *self)
{
    uint64_t one = 1;
    if (write (self->poke_fd, &one, sizeof one) != sizeof one)
        assert (errno == EAGAIN);       //  a full counter: a poke is pending anyway
}

//  After a use of the socket by any thread: requests waiting on it get this thread to read
//  them (ZMQ_FD told of them once, and that use may have taken the notice).
static void
s_input_check (sf_rpc_server_t *self)
{
    if (zsock_events (self->socket) & ZMQ_POLLIN)
        s_poke (self);
}

//  Timer: offers held replies again, and drops those held too long.
static int
s_on_held_timer (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    sf_rpc_auth_log (self->auth);
    pthread_mutex_lock (&self->lock);
    sf_log_limit_flush (self->bad_log, sf_clock_mono_ms ());
    zlist_t *keys = self->holding? zhash_keys (self->peers): NULL;
    int64_t stale = sf_clock_mono_ms () - SF_HELD_MAX_MS;
    for (char *key = keys? (char *) zlist_first (keys): NULL; key; key = (char *) zlist_next (keys)) {
        s_peer_t *peer = (s_peer_t *) zhash_lookup (self->peers, key);
        if (peer && zlistx_size (peer->held))
            s_peer_drop_held (self, peer, stale);
        peer = (s_peer_t *) zhash_lookup (self->peers, key);
        if (peer && zlistx_size (peer->held))
            s_peer_flush (self, peer);
    }
    zlist_destroy (&keys);
    //  Also the net under ZMQ_FD: a request whose notice went astray waits this long at most.
    s_input_check (self);
    pthread_mutex_unlock (&self->lock);
    return 0;
}

static void
s_peer_queue (sf_rpc_server_t *self, s_peer_t *peer, const sf_rpc_pending_t *pending)
{
    peer->in_flight++;
    peer->queued_unordered += pending->request.unordered;
    if (peer->queued++ == 0) {
        zlistx_add_end (self->ring, peer);
        peer->in_ring = true;
    }
}

//  A queued request of the peer leaves the queue (to a worker, or dropped).
static void
s_peer_unqueue (sf_rpc_server_t *self, s_peer_t *peer, const sf_rpc_pending_t *pending)
{
    assert (peer->queued > 0);
    peer->queued_unordered -= pending->request.unordered;
    assert (peer->queued_unordered >= 0 && peer->queued_unordered < peer->queued);
    if (--peer->queued == 0) {
        void *handle = zlistx_find (self->ring, peer);
        assert (handle);
        zlistx_delete (self->ring, handle);
        peer->in_ring = false;
    }
}

//  How long a refused client should wait: the queue ahead of it at the recent pace.
static int64_t
s_retry_after_ms (sf_rpc_server_t *self)
{
    double ms = self->mean_run_ms * (self->queue_count + 1) / self->worker_count;
    if (ms < SF_RETRY_AFTER_MIN_MS)
        ms = SF_RETRY_AFTER_MIN_MS;
    return ms > SF_RETRY_AFTER_MAX_MS? SF_RETRY_AFTER_MAX_MS: (int64_t) ms;
}

//  --------------------------------------------------------------------------------------
//  Replies

//  Who a line about a failed request counts against (sf_log_limit): the name of its CURVE
//  key, else the client's address, so that reconnecting does not earn a fresh allowance.
static void
s_peer_label (sf_rpc_pending_t *pending, char *label, size_t size)
{
    const char *address = zmq_msg_gets (&pending->identity, "Peer-Address");
    snprintf (label, size, "%s", pending->caller.name [0]? pending->caller.name: address? address: "?");
}

//  Sends the reply and destroys the request.
static void
s_send_reply (sf_rpc_server_t *self, sf_rpc_pending_t **pending_p)
{
    sf_rpc_pending_t *pending = *pending_p;
    //  Refused before any handler ran (its body never became a message): bad input, whose
    //  lines are rate-limited. What a handler refused stays in the log line by line.
    char label [SF_PEER_TEXT_MAX + 1] = "";
    bool failed = pending->reply.status != SF_OK && !pending->refused && !pending->message;
    if (failed)
        s_peer_label (pending, label, sizeof label);
    free (pending->reply.request_id);
    pending->reply.request_id = strdup (pending->request.request_id? pending->request.request_id: "");
    size_t size;
    uint8_t *data = sf_reply_encode (&pending->reply, &size);
    sf_log_ctx_t ctx = sf_rpc_pending_log_ctx (pending);
    s_peer_t *peer = (s_peer_t *) pending->peer;
    bool holds_slot = peer && !pending->refused;
    if (peer && (holds_slot || peer->held_refusals < SF_HELD_REFUSALS_MAX)) {
        //  Behind whatever the client already has waiting, in order; offered at once.
        s_held_t *held = calloc (1, sizeof *held);
        assert (held);
        *held = (s_held_t) { data, size, holds_slot, sf_clock_mono_ms () };
        if (!zlistx_size (peer->held))
            self->holding++;
        zlistx_add_end (peer->held, held);
        if (!holds_slot)
            peer->held_refusals++;
        pending->peer = NULL;
        s_peer_flush (self, peer);
    }
    else {
        void *handle = zsock_resolve (self->socket);
        if (zmq_msg_send (&pending->identity, handle, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0
        ||  zmq_send (handle, data, size, ZMQ_DONTWAIT) < 0) {
            sf_log (SF_LOG_DEBUG, &ctx, "reply to %s not delivered: %s (the client retries)",
                    pending->request.type? pending->request.type: "?", zmq_strerror (zmq_errno ()));
            self->undelivered++;
        }
        free (data);
        if (peer)
            s_peer_forget_idle (self, peer);
    }
    int64_t micros = sf_clock_mono_us () - pending->received_us;
    //  Every write is a line of the audit trail; successful reads are debug detail, and so is
    //  each refusal of a flood (s_log_floods sums them up).
    bool write = pending->route && pending->route->writes;
    sf_log_level_t level = pending->reply.status != SF_OK || write? SF_LOG_INFO: SF_LOG_DEBUG;
    if (pending->refused)
        level = SF_LOG_DEBUG;
    if (!failed || sf_log_limit_allow (self->bad_log, label, sf_clock_mono_ms ()))
        sf_log (level, &ctx, "%s -> %s (%.3f ms)%s%s",
                pending->request.type && *pending->request.type? pending->request.type: "?",
                sf_status_name (pending->reply.status), (double) micros / 1000.0,
                pending->reply.reason_en && *pending->reply.reason_en? ": ": "",
                pending->reply.reason_en? pending->reply.reason_en: "");
    if (pending->reply.status == SF_DEADLINE_EXCEEDED)
        self->expired++;
    sf_rpc_pending_destroy (pending_p);
    self->commands++;
}

//  At most once per SF_FLOOD_LOG_MS: how many requests were refused and replies undelivered.
static void
s_log_floods (sf_rpc_server_t *self)
{
    uint64_t refused = self->refused_busy - self->refused_logged;
    if ((!refused && !self->undelivered) || sf_clock_mono_ms () - self->warned_ms < SF_FLOOD_LOG_MS)
        return;
    sf_warn ("%llu requests refused (clients over rpc.peer_in_flight_max %d, or a full queue), "
             "%llu replies undelivered (client gone or not reading)", (unsigned long long) refused,
             self->options.peer_in_flight_max, (unsigned long long) self->undelivered);
    self->refused_logged = self->refused_busy;
    self->undelivered = 0;
    self->warned_ms = sf_clock_mono_ms ();
}

//  sf.Health, answered on the spot: the server's own counters and what the service's threads
//  last learnt of the database and Redis (the health callback reads, never waits).
static void
s_answer_health (sf_rpc_server_t *self, sf_rpc_pending_t *pending)
{
    sf_health_t health = { 0 };
    health.daemon = strdup (self->daemon);
    health.version = strdup (PROJECT_VERSION_TEXT);
    health.endpoint = strdup (self->endpoint);
    health.uptime_ms = sf_clock_mono_ms () - self->started_ms;
    health.outbox_pending = -1;
    health.db_checked_ms_ago = -1;
    health.queued = self->queue_count;
    for (int i = 0; i < self->worker_count; i++)
        health.running += self->slots [i].count;
    health.peers = (int32_t) zhash_size (self->peers);
    health.refused_busy = (int64_t) self->refused_busy;
    health.dropped_gone = (int64_t) self->dropped_gone;
    health.expired = (int64_t) self->expired;
    if (self->health)
        self->health (&health, self->health_arg);
    size_t size;
    uint8_t *body = sf_health_encode (&health, &size);
    sf_reply_set_status (&pending->reply, SF_OK, NULL);
    sf_reply_set_body (&pending->reply, "sf.HealthInfo", body, size);
    free (body);
    sf_health_clear (&health);
}

//  sf.Describe, answered on the spot from the route table (sf_rpc_describe.h).
static void
s_answer_describe (sf_rpc_server_t *self, sf_rpc_pending_t *pending)
{
    size_t size;
    uint8_t *body = sf_rpc_describe_encode (self->daemon, PROJECT_VERSION_TEXT, self->options.routes, &size);
    sf_reply_set_status (&pending->reply, SF_OK, NULL);
    sf_reply_set_body (&pending->reply, "sf.Description", body, size);
    free (body);
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
    //  A NUL inside an envelope string is refused by name; the request, cut at the NUL, is
    //  decoded all the same so that the refusal answers to its id.
    sf_pb_fault_t nul;
    bool decoded = sf_request_decode_checked (&pending->request, data, size, &nul) == 0 || nul.text;
    const sf_request_t *request = &pending->request;
    if (decoded && (nul.text || !s_envelope_ok (request))) {
        //  Echo the request id only if it is itself fit to log and send back.
        if (!s_text_ok (request->request_id) || (nul.text && strcmp (nul.path, "request_id") == 0)) {
            free (pending->request.request_id);
            pending->request.request_id = strdup ("");
        }
        if (size <= self->options.max_message_bytes) {
            if (nul.text)
                sf_rpc_pending_fail (pending, SF_INVALID_ARGUMENT, nul.text, nul.path, nul.limit);
            else
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
    if (strcmp (request->type, SF_HEALTH_TYPE) == 0) {
        s_answer_health (self, pending);
        return false;
    }
    if (strcmp (request->type, SF_DESCRIBE_TYPE) == 0) {
        s_answer_describe (self, pending);
        return false;
    }
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
    //  Who the actor is and what it may reach is decided on a worker, from the peer's key and
    //  the account's grants (sf_rpc_scope), never from what the request claims.
    if (pending->route->writes && !*request->idempotency_key) {
        sf_rpc_pending_fail (pending, SF_INVALID_ARGUMENT, &s_msg_no_key);
        return false;
    }
    if (!s_admit_body (self, pending))
        return false;
    const sf_route_t *route = pending->route;
    //  Without groups (batch_max 1) a key would only make its commands wait for each other.
    if (route->writes && route->alone && route->key_of && self->options.batch_max > 1
    &&  !route->key_of (pending->message, self->options.state, pending->key, sizeof pending->key))
        pending->key [0] = 0;
    return true;
}

//  --------------------------------------------------------------------------------------
//  Queue and workers

static bool
s_is_write (const sf_rpc_pending_t *pending)
{
    return pending->route && pending->route->writes;
}

//  A read that takes a read slot (not a lookup: sf_route_t.lookup).
static bool
s_is_slotted (const sf_rpc_pending_t *pending)
{
    return !s_is_write (pending) && !(pending->route && pending->route->lookup);
}

//  A write that runs in a transaction of its own: alone, and no key named.
static bool
s_is_alone (const sf_rpc_pending_t *pending)
{
    return pending->route && pending->route->alone && !pending->key [0];
}

//  Whether pending may join a hand that holds first: a group of one key takes writes of that
//  key only, an ordinary group ordinary writes only, a write alone nothing.
static bool
s_joins (const sf_rpc_pending_t *first, const sf_rpc_pending_t *pending)
{
    if (s_is_alone (first) || s_is_alone (pending))
        return false;
    return strcmp (first->key, pending->key) == 0;
}

//  Whether a worker runs a group of key now.
static bool
s_key_busy (sf_rpc_server_t *self, const char *key)
{
    for (int i = 0; i < self->worker_count; i++) {
        const s_worker_slot_t *slot = &self->slots [i];
        if (slot->count && slot->items [0]->key [0] && strcmp (slot->items [0]->key, key) == 0)
            return true;
    }
    return false;
}

//  Removes the queue's entry at index, keeping the order of the others.
static sf_rpc_pending_t *
s_queue_take (sf_rpc_server_t *self, int index)
{
    sf_rpc_pending_t *pending = self->queue [index];
    memmove (&self->queue [index], &self->queue [index + 1],
             (size_t) (self->queue_count - index - 1) * sizeof *self->queue);
    self->queue_count--;
    s_peer_unqueue (self, (s_peer_t *) pending->peer, pending);
    return pending;
}

//  Answers, without running them, queued requests whose deadline passed while they waited:
//  their clients have retried already, and running stale attempts would multiply the load
//  exactly when the service is behind.
static void
s_drop_expired (sf_rpc_server_t *self)
{
    int64_t now = sf_clock_wall_ms ();
    for (int i = 0; i < self->queue_count; )
        if (self->queue [i]->request.deadline_ms && self->queue [i]->request.deadline_ms < now) {
            sf_rpc_pending_t *pending = s_queue_take (self, i);
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
            s_send_reply (self, &pending);
        }
        else
            i++;
}

//  The index of the peer's oldest queued request, of the kind wanted (-1: any kind); -1 if none.
static int
s_oldest_of (sf_rpc_server_t *self, s_peer_t *peer, int writes)
{
    for (int i = 0; i < self->queue_count; i++)
        if (self->queue [i]->peer == peer && (writes < 0 || s_is_write (self->queue [i]) == writes))
            return i;
    return -1;
}

//  Whether next may go into the hand, which holds count items: a lookup, or a read that takes a
//  slot while one is free (read_room), in a hand of its own class (a hand's replies leave with
//  its last: a lookup beside a list would wait for it); as a hand's first write, one that runs
//  alone, or (groups) one whose key no worker runs a group of; after it, a write that joins it.
static bool
s_fits (sf_rpc_server_t *self, const sf_rpc_pending_t *next, sf_rpc_pending_t **items, int count, bool writes,
        bool groups, int read_room)
{
    if (!writes)
        return (read_room > 0 || !s_is_slotted (next))
            && (count == 0 || s_is_slotted (next) == s_is_slotted (items [0]));
    if (count > 0)
        return s_joins (items [0], next);
    return s_is_alone (next) || (groups && !(next->key [0] && s_key_busy (self, next->key)));
}

//  The index of the peer's request of the kind that goes into the hand next, -1 if none: its
//  oldest if that fits; else the oldest that fits of those that may pass the earlier ones: any
//  read (a lookup passes reads waiting for a slot), and writes its client let go in any order
//  (sf.Request.unordered: the gateway's, from different people), so that a group of one plant
//  does not hold up the gateway's other plants.
static int
s_next_of (sf_rpc_server_t *self, s_peer_t *peer, sf_rpc_pending_t **items, int count, bool writes, bool groups,
           int read_room)
{
    bool oldest = true;
    for (int i = 0; i < self->queue_count; i++) {
        const sf_rpc_pending_t *pending = self->queue [i];
        if (pending->peer != peer || s_is_write (pending) != writes)
            continue;
        if ((oldest || !writes || pending->request.unordered)
        &&  s_fits (self, pending, items, count, writes, groups, read_room))
            return i;
        //  Past its oldest, a client's writes that must keep their order are passed over.
        if (writes && !peer->queued_unordered)
            return -1;
        oldest = false;
    }
    return -1;
}

//  Fills a worker's hand with requests of one kind: the clients take turns, each giving its
//  oldest request of that kind (or one that may pass it, s_next_of), up to limit (batch_max
//  writes for one transaction, or a share of the waiting reads). groups: a write that is not
//  alone may be taken (else only an alone one); one with a key only while no worker runs a
//  group of that key, and with writes of its key only. read_room: with none, reads are
//  lookups only. A client served goes to the end of the round.
static int
s_take_kind (sf_rpc_server_t *self, sf_rpc_pending_t **items, int idle, int read_room, bool writes, bool groups)
{
    int limit = self->options.batch_max;
    if (!writes) {
        int reads = 0;
        for (int j = 0; j < self->queue_count; j++)
            reads += !s_is_write (self->queue [j]);
        //  A hand's replies leave when its last read is done: while read_slots is what holds
        //  reads back, one at a time, so that none waits for another's run.
        int share = read_room < idle? 1: (reads + idle - 1) / idle;
        limit = share < SF_READ_HAND_MAX? share: SF_READ_HAND_MAX;
    }
    int count = 0;
    bool took = true;
    while (count < limit && took) {
        took = false;
        size_t round = zlistx_size (self->ring);
        for (size_t turn = 0; turn < round && count < limit; turn++) {
            s_peer_t *peer = (s_peer_t *) zlistx_first (self->ring);
            int index = s_next_of (self, peer, items, count, writes, groups, read_room);
            //  Its turn is over either way: to the end of the round (a client with nothing left
            //  queued leaves the ring in s_queue_take).
            zlistx_move_end (self->ring, zlistx_cursor (self->ring));
            if (index < 0)
                continue;
            items [count++] = s_queue_take (self, index);
            took = true;
        }
    }
    return count;
}

//  Fills a worker's hand: the client whose turn it is decides the kind with its oldest request;
//  when none of that kind fits, the hand is of the other. groups: one more worker may run a
//  group of writes (rpc.write_groups); no write fits when no group may start and none runs
//  alone, or every key in line is busy. idle: the idle workers, this one included; read_room:
//  those that may still start reads that take a slot (rpc.read_slots); with none, reads are
//  lookups only. *group: the hand is writes that count as a group; *slotted: reads of which
//  one takes a slot.
static int
s_take_fair (sf_rpc_server_t *self, sf_rpc_pending_t **items, int idle, int read_room, bool groups, bool *writes,
             bool *group, bool *slotted)
{
    s_peer_t *first = (s_peer_t *) zlistx_first (self->ring);
    if (!first)
        return 0;
    //  A read that would take a slot, with none free, does not choose: writes first.
    const sf_rpc_pending_t *oldest = self->queue [s_oldest_of (self, first, -1)];
    *writes = s_is_write (oldest) || (read_room == 0 && s_is_slotted (oldest));
    int count = s_take_kind (self, items, idle, read_room, *writes, groups);
    if (count == 0) {
        *writes = !*writes;
        count = s_take_kind (self, items, idle, read_room, *writes, groups);
    }
    *group = count > 0 && *writes && !s_is_alone (items [0]);
    //  A hand of reads is of one class (s_fits): its first says whether it takes a slot.
    *slotted = count > 0 && !*writes && s_is_slotted (items [0]);
    return count;
}

//  Hands the queue's requests to idle workers; first (a slot index, or -1) is offered a hand
//  before the others: the worker whose thread is running this, just done, goes on without
//  another thread waking.
static void
s_dispatch (sf_rpc_server_t *self, int first)
{
    s_drop_expired (self);
    //  Writes in flight: running in groups, and waiting that a group could take.
    int idle = 0, groups = 0, reading = 0, writes_in_flight = 0;
    for (int i = 0; i < self->worker_count; i++) {
        bool busy = sf_rpc_worker_busy (self->slots [i].worker);
        idle += !busy;
        groups += busy && self->slots [i].group;
        reading += busy && self->slots [i].reads;
        writes_in_flight += busy && self->slots [i].group? self->slots [i].count: 0;
    }
    for (int j = 0; j < self->queue_count; j++)
        writes_in_flight += s_is_write (self->queue [j]) && !s_is_alone (self->queue [j]);
    for (int turn = 0; turn < self->worker_count && self->queue_count && idle; turn++) {
        int i = first < 0? turn: (first + turn) % self->worker_count;
        s_worker_slot_t *slot = &self->slots [i];
        if (sf_rpc_worker_busy (slot->worker))
            continue;
        //  The cap makes groups larger when writes outnumber the workers; with no more writes in
        //  flight than workers, a write waiting for a group would only wait.
        bool group_may_start = groups < self->write_groups || writes_in_flight <= self->worker_count;
        //  Workers that may still start reads that take a slot: the free read slots, at most the
        //  idle workers.
        int read_room = self->read_slots - reading < idle? self->read_slots - reading: idle;
        assert (read_room >= 0);        //  a hand of such reads starts only with room for it
        bool writes;
        slot->count = s_take_fair (self, slot->items, idle, read_room, group_may_start, &writes, &slot->group,
                                   &slot->reads);
        //  Nothing fits this worker: nothing fits the next idle one either.
        if (slot->count == 0)
            break;
        idle--;
        groups += slot->group;
        reading += slot->reads;
        sf_rpc_worker_run (slot->worker, slot->items, slot->count, writes);
    }
}

//  On a worker's thread, its job done: its replies go out from there, and it (or another
//  idle worker) takes what waits in the queue.
static void
s_worker_done (void *arg, sf_rpc_worker_t *worker)
{
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    pthread_mutex_lock (&self->lock);
    int index = 0;
    while (index < self->worker_count && self->slots [index].worker != worker)
        index++;
    assert (index < self->worker_count);
    s_worker_slot_t *slot = &self->slots [index];
    self->transactions += (uint64_t) sf_rpc_worker_done (worker);
    int64_t now = sf_clock_mono_us ();
    for (int j = 0; j < slot->count; j++) {
        double ms = (double) (now - slot->items [j]->received_us) / 1000.0;
        self->mean_run_ms += (ms - self->mean_run_ms) / 16;
        s_send_reply (self, &slot->items [j]);
    }
    slot->count = 0;
    slot->group = slot->reads = false;
    if (!self->stopping)
        s_dispatch (self, index);
    s_input_check (self);
    pthread_mutex_unlock (&self->lock);
}

//  A client's connection closed: its queued requests are dropped before they run (nobody
//  waits for their replies); those with a worker finish, their replies go nowhere.
static void
s_monitor_event (sf_rpc_server_t *self)
{
    zmsg_t *event = zmsg_recv (self->monitor);
    zframe_t *head = zmsg_first (event);
    if (head && zframe_size (head) == 6) {
        uint16_t kind;
        uint32_t fd;
        memcpy (&kind, zframe_data (head), sizeof kind);
        memcpy (&fd, zframe_data (head) + 2, sizeof fd);
        if (kind & SF_RPC_AUTH_EVENTS)
            sf_rpc_auth_handshake_failed (self->auth, kind);
        int dropped = 0;
        for (int i = 0; kind == ZMQ_EVENT_DISCONNECTED && i < self->queue_count; )
            if (((s_peer_t *) self->queue [i]->peer)->fd == (int) fd) {
                sf_rpc_pending_t *pending = s_queue_take (self, i);
                s_peer_release (self, (s_peer_t *) pending->peer);
                sf_rpc_pending_destroy (&pending);
                dropped++;
            }
            else
                i++;
        if (dropped)
            sf_warn ("a client disconnected: %d of its queued requests dropped unrun", dropped);
        self->dropped_gone += (uint64_t) dropped;
        //  And the replies its socket never took.
        zlist_t *keys = kind == ZMQ_EVENT_DISCONNECTED? zhash_keys (self->peers): NULL;
        for (char *key = keys? (char *) zlist_first (keys): NULL; key; key = (char *) zlist_next (keys)) {
            s_peer_t *peer = (s_peer_t *) zhash_lookup (self->peers, key);
            if (peer && peer->fd == (int) fd)
                s_peer_drop_held (self, peer, INT64_MAX);
        }
        zlist_destroy (&keys);
    }
    zmsg_destroy (&event);
}

static int
s_on_monitor (zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) loop;
    (void) reader;
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    pthread_mutex_lock (&self->lock);
    s_monitor_event (self);
    s_input_check (self);
    pthread_mutex_unlock (&self->lock);
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Receiving

//  Queues an admitted request that came on connection fd, unless its client or the queue is
//  at its limit.
static bool
s_enqueue (sf_rpc_server_t *self, sf_rpc_pending_t *pending, int fd)
{
    s_peer_t *peer = s_peer_of (self, &pending->identity, fd);
    int limit = self->options.peer_in_flight_max;
    bool busy = peer->in_flight >= limit;
    if (busy || self->queue_count == self->queue_max) {
        int64_t retry_after_ms = s_retry_after_ms (self);
        if (busy)
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_peer_busy, peer->in_flight, limit,
                                 (long long) retry_after_ms);
        else
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_queue_full, self->queue_max,
                                 (long long) retry_after_ms);
        pending->reply.retry_after_ms = retry_after_ms;
        pending->refused = true;
        pending->peer = peer;
        self->refused_busy++;
        return false;
    }
    pending->peer = peer;
    s_peer_queue (self, peer, pending);
    self->queue [self->queue_count++] = pending;
    return true;
}

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
    //  A frame of a key not (or no longer) accepted gets nothing, not even a refusal.
    if (!sf_rpc_auth_peer (self->auth, frames? &body: &pending->identity, &pending->caller)) {
        zmq_msg_close (&body);
        sf_rpc_pending_destroy (&pending);
        return true;
    }
    //  The connection it came on, from a frame the connection decoded: the routing id frame
    //  carries it only when the ROUTER had not read the message ahead while being polled
    //  (libzmq 4.3.4 router_t::xhas_in), and a client known by -1 was never seen to leave.
    int fd = zmq_msg_get (frames? &body: &pending->identity, ZMQ_SRCFD);
    bool admitted = s_admit (self, pending, zmq_msg_data (&body), zmq_msg_size (&body), frames)
                 && s_enqueue (self, pending, fd);
    zmq_msg_close (&body);
    if (!admitted)
        s_send_reply (self, &pending);
    return true;
}

//  The socket's descriptor is readable, or a poke came: requests may be waiting.
static int
s_on_readable (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    (void) loop;
    sf_rpc_server_t *self = (sf_rpc_server_t *) arg;
    uint64_t pokes;
    if (item->fd == self->poke_fd && read (self->poke_fd, &pokes, sizeof pokes) < 0)
        assert (errno == EAGAIN);   //  taken with an earlier look
    pthread_mutex_lock (&self->lock);
    //  Take what is waiting, bounded so a flood cannot starve the timers (more: a poke to come
    //  back). The socket is always read: a request that cannot be queued is refused at once.
    //  Connection events before each request: a DISCONNECTED that waits there was emitted
    //  before the request arrived, so it is never taken for a newer connection that got the
    //  closed one's descriptor number (its queued requests would be dropped unrun).
    for (int taken = 0; taken < self->options.batch_max * 4; taken++) {
        while (zsock_events (self->monitor) & ZMQ_POLLIN)
            s_monitor_event (self);
        if (!s_receive (self))
            break;
    }
    s_dispatch (self, -1);
    s_input_check (self);
    s_log_floods (self);
    pthread_mutex_unlock (&self->lock);
    return 0;
}

int
sf_rpc_server_attach (sf_rpc_server_t *self, zloop_t *loop)
{
    self->loop = loop;
    zmq_pollitem_t poke = { NULL, self->poke_fd, ZMQ_POLLIN, 0 };
    zmq_pollitem_t socket = { NULL, self->socket_fd, ZMQ_POLLIN, 0 };
    if (zloop_poller (loop, &poke, s_on_readable, self)
    ||  zloop_reader (loop, self->monitor, s_on_monitor, self)
    ||  zloop_timer (loop, SF_HELD_RETRY_MS, 0, s_on_held_timer, self) < 0)
        return -1;
    s_poke (self);                      //  requests that came before: ZMQ_FD told of them already
    return zloop_poller (loop, &socket, s_on_readable, self);
}
