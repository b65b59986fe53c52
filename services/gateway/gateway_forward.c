/*  gateway_forward: the forwarder thread (gateway_forward.h).

    Jobs reach the thread through a locked queue and an eventfd it polls beside the daemons'
    sockets; the thread alone touches the sockets and the table of pending requests.        */
#include "gateway_forward.h"
#include "sf_clock.h"
#include "sf_endpoints.h"
#include "sf_keys.h"
#include "sf_log.h"
#include "sf_status.h"

#include <assert.h>
#include <czmq.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define GW_FORWARD_DAEMONS_MAX 16
#define GW_FORWARD_TICK_MS 50
//  A request still unanswered this long after it was sent goes out once more (same request
//  id and idempotency key): the instance it went to may have died with it, and the DEALER
//  sends the copy to one whose connection is up. A slow instance that answers after all only
//  makes the second attempt wait on the key and replay its reply (sf_idempotency.h).
#define GW_FORWARD_RESEND_MS 1000

typedef struct _s_job_t s_job_t;
struct _s_job_t {
    char *daemon;
    char *request_id;
    uint8_t *frame;                  //  kept for the resend; a copy goes to libzmq
    size_t frame_size;
    int64_t deadline_ms;             //  monotonic
    int64_t resend_ms;               //  monotonic; 0 once resent
    int timeout_ms;
    gw_forward_fn *done;
    void *arg;
    s_job_t *next;
};

typedef struct {
    char *name;
    char *endpoint;
    char *server_public;             //  NULL without CURVE
    zsock_t *socket;
} s_daemon_t;

struct _gw_forward_t {
    s_daemon_t daemons [GW_FORWARD_DAEMONS_MAX];
    int daemon_count;
    pthread_t thread;
    bool started;
    int wake_fd;
    pthread_mutex_t lock;
    s_job_t *queue;                  //  jobs not yet taken by the thread, oldest first
    s_job_t *queue_tail;
    bool stopping;
    zhashx_t *pending;               //  request id -> job (the thread's)
    int pending_count;               //  read by others (under lock)
};

static const sf_text_t s_msg_down = {
    "服务 %s 暂时不可用，请稍后用同一幂等键重试",
    "The %s service is not available now; retry later with the same idempotency key"
};
static const sf_text_t s_msg_late = {
    "服务 %s 未在 %d 毫秒内应答，请稍后用同一幂等键重试",
    "The %s service did not answer within %d ms; retry later with the same idempotency key"
};
static const sf_text_t s_msg_unknown = {
    "没有名为 %s 的服务",
    "There is no service called %s"
};

//  The frame may hold a password (gateway.Login forwards directory.Login): wiped before it is freed.
static void
s_job_free (s_job_t *job)
{
    free (job->daemon);
    free (job->request_id);
    if (job->frame)
        sodium_memzero (job->frame, job->frame_size);
    free (job->frame);
    free (job);
}

//  Answers job with status and a reason made here, and frees it.
static void
s_job_fail (s_job_t *job, sf_status_t status, const sf_text_t *text, int number)
{
    sf_reply_t reply = { 0 };
    reply.request_id = strdup (job->request_id);
    sf_reply_set_status (&reply, status, text, job->daemon, number);
    reply.retry_after_ms = status == SF_UNAVAILABLE? 1000: 0;
    job->done (job->arg, &reply);
    sf_reply_clear (&reply);
    s_job_free (job);
}

//  libzmq's free function of a frame handed over: wiped, then freed (any thread).
static void
s_frame_free (void *data, void *hint)
{
    sodium_memzero (data, (size_t) (uintptr_t) hint);
    free (data);
}

static s_daemon_t *
s_daemon (gw_forward_t *self, const char *name)
{
    for (int i = 0; i < self->daemon_count; i++)
        if (strcmp (self->daemons [i].name, name) == 0)
            return &self->daemons [i];
    return NULL;
}

static zsock_t *
s_open (const s_daemon_t *daemon)
{
    zsock_t *socket = zsock_new (ZMQ_DEALER);
    assert (socket);
    zsock_set_sndhwm (socket, 100000);
    zsock_set_rcvhwm (socket, 100000);
    zsock_set_linger (socket, 0);
    zsock_set_immediate (socket, 1);
    zsock_set_heartbeat_ivl (socket, 1000);
    zsock_set_heartbeat_timeout (socket, 5000);
    zsock_set_reconnect_ivl (socket, 100);
    zsock_set_reconnect_ivl_max (socket, 1000);
    if (daemon->server_public) {
        zcert_apply (sf_keys_identity (), socket);
        zsock_set_curve_serverkey (socket, daemon->server_public);
    }
    sf_endpoints_connect (socket, daemon->endpoint, daemon->name);
    return socket;
}

//  Sends a copy of the job's frame to one of the daemon's instances; libzmq wipes the copy
//  when done (s_frame_free). Returns -1 when no instance is connected.
static int
s_job_send (s_job_t *job, const s_daemon_t *daemon)
{
    uint8_t *copy = malloc (job->frame_size? job->frame_size: 1);
    assert (copy);
    memcpy (copy, job->frame, job->frame_size);
    zmq_msg_t frame;
    zmq_msg_init_data (&frame, copy, job->frame_size, s_frame_free, (void *) (uintptr_t) job->frame_size);
    if (zmq_msg_send (&frame, zsock_resolve (daemon->socket), ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&frame);
        return -1;
    }
    return 0;
}

//  The thread: sends queued jobs, matches replies, expires what is late.
static void *
s_run (void *arg)
{
    gw_forward_t *self = arg;
    zmq_pollitem_t items [GW_FORWARD_DAEMONS_MAX + 1];
    int count = self->daemon_count;
    for (int i = 0; i < count; i++) {
        self->daemons [i].socket = s_open (&self->daemons [i]);
        items [i] = (zmq_pollitem_t) { .socket = zsock_resolve (self->daemons [i].socket), .events = ZMQ_POLLIN };
    }
    items [count] = (zmq_pollitem_t) { .fd = self->wake_fd, .events = ZMQ_POLLIN };
    bool stopping = false;
    while (!stopping) {
        //  A failed poll ends the thread as a stop does: every open call is answered below.
        bool broken = zmq_poll (items, count + 1, GW_FORWARD_TICK_MS) < 0 && zmq_errno () != EINTR;
        if (broken)
            sf_warn ("gateway: forwarder: %s; its open calls are answered unavailable", zmq_strerror (zmq_errno ()));
        if (items [count].revents & ZMQ_POLLIN) {
            uint64_t value;
            if (read (self->wake_fd, &value, sizeof value) < 0 && errno != EAGAIN)
                sf_warn ("gateway: forwarder wake: %s", strerror (errno));
        }
        //  New jobs.
        pthread_mutex_lock (&self->lock);
        s_job_t *jobs = self->queue;
        self->queue = self->queue_tail = NULL;
        stopping = self->stopping || broken;
        pthread_mutex_unlock (&self->lock);
        while (jobs) {
            s_job_t *job = jobs;
            jobs = job->next;
            s_daemon_t *daemon = s_daemon (self, job->daemon);
            if (!daemon) {
                s_job_fail (job, SF_NOT_FOUND, &s_msg_unknown, 0);
                continue;
            }
            if (s_job_send (job, daemon) < 0) {
                s_job_fail (job, SF_UNAVAILABLE, &s_msg_down, 0);
                continue;
            }
            job->resend_ms = sf_clock_mono_ms () + GW_FORWARD_RESEND_MS;
            zhashx_update (self->pending, job->request_id, job);
        }
        //  Replies.
        for (int i = 0; i < count; i++) {
            if (!(items [i].revents & ZMQ_POLLIN))
                continue;
            while (true) {
                zmq_msg_t frame;
                zmq_msg_init (&frame);
                if (zmq_msg_recv (&frame, items [i].socket, ZMQ_DONTWAIT) < 0) {
                    zmq_msg_close (&frame);
                    break;
                }
                sf_reply_t reply = { 0 };
                if (sf_reply_decode (&reply, zmq_msg_data (&frame), zmq_msg_size (&frame)) == 0 && reply.request_id) {
                    s_job_t *job = zhashx_lookup (self->pending, reply.request_id);
                    if (job) {
                        zhashx_delete (self->pending, reply.request_id);
                        job->done (job->arg, &reply);
                        s_job_free (job);
                    }
                }
                else
                    sf_warn ("gateway: a reply from %s that does not decode", self->daemons [i].name);
                sf_reply_clear (&reply);
                zmq_msg_close (&frame);
            }
        }
        //  Late ones (and all of them when stopping).
        int64_t now = sf_clock_mono_ms ();
        zlistx_t *late = zlistx_new ();
        for (s_job_t *job = zhashx_first (self->pending); job; job = zhashx_next (self->pending)) {
            if (stopping || job->deadline_ms <= now)
                zlistx_add_end (late, job);
            else if (job->resend_ms && job->resend_ms <= now) {
                job->resend_ms = 0;
                s_job_send (job, s_daemon (self, job->daemon));
            }
        }
        for (s_job_t *job = zlistx_first (late); job; job = zlistx_next (late)) {
            zhashx_delete (self->pending, job->request_id);
            s_job_fail (job, SF_UNAVAILABLE, &s_msg_late, job->timeout_ms);
        }
        zlistx_destroy (&late);
        pthread_mutex_lock (&self->lock);
        self->pending_count = (int) zhashx_size (self->pending);
        pthread_mutex_unlock (&self->lock);
    }
    //  Jobs that came in while stopping.
    pthread_mutex_lock (&self->lock);
    s_job_t *jobs = self->queue;
    self->queue = self->queue_tail = NULL;
    pthread_mutex_unlock (&self->lock);
    while (jobs) {
        s_job_t *job = jobs;
        jobs = job->next;
        s_job_fail (job, SF_UNAVAILABLE, &s_msg_down, 0);
    }
    for (int i = 0; i < count; i++)
        zsock_destroy (&self->daemons [i].socket);
    return NULL;
}

gw_forward_t *
gw_forward_new (void)
{
    gw_forward_t *self = calloc (1, sizeof *self);
    assert (self);
    self->wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
    assert (self->wake_fd >= 0);
    pthread_mutex_init (&self->lock, NULL);
    self->pending = zhashx_new ();
    return self;
}

int
gw_forward_add_daemon (gw_forward_t *self, const char *name, const char *endpoint)
{
    assert (!self->started);
    if (self->daemon_count == GW_FORWARD_DAEMONS_MAX || s_daemon (self, name)) {
        sf_error ("gateway: daemon %s given twice, or more than %d daemons", name, GW_FORWARD_DAEMONS_MAX);
        return -1;
    }
    char *server_public = NULL;
    if (sf_keys_identity ()) {
        char *zh = NULL, *en = NULL;
        server_public = sf_keys_server_public (sf_keys_dir (), name, &zh, &en);
        if (!server_public) {
            sf_error ("gateway: %s / %s", zh, en);
            free (zh);
            free (en);
            return -1;
        }
    }
    s_daemon_t *daemon = &self->daemons [self->daemon_count++];
    daemon->name = strdup (name);
    daemon->endpoint = strdup (endpoint);
    daemon->server_public = server_public;
    return 0;
}

int
gw_forward_start (gw_forward_t *self)
{
    assert (!self->started);
    if (pthread_create (&self->thread, NULL, s_run, self) != 0)
        return -1;
    self->started = true;
    return 0;
}

static void
s_wake (gw_forward_t *self)
{
    uint64_t one = 1;
    if (write (self->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
        sf_warn ("gateway: forwarder wake: %s", strerror (errno));
}

void
gw_forward_send (gw_forward_t *self, const char *daemon, sf_request_t *request, int timeout_ms,
                 gw_forward_fn *done, void *arg)
{
    s_job_t *job = calloc (1, sizeof *job);
    assert (job);
    job->daemon = strdup (daemon);
    job->request_id = strdup (request->request_id? request->request_id: "");
    job->deadline_ms = sf_clock_mono_ms () + timeout_ms;
    job->timeout_ms = timeout_ms;
    if (!request->deadline_ms)
        request->deadline_ms = sf_clock_wall_ms () + timeout_ms;
    //  Requests forwarded at once are independent: different people's, or one connection's
    //  that each waited for the answer before (sf.Request.unordered).
    request->unordered = true;
    job->frame = sf_request_encode (request, &job->frame_size);
    job->done = done;
    job->arg = arg;
    pthread_mutex_lock (&self->lock);
    bool refused = self->stopping || !self->started;
    if (!refused) {
        if (self->queue_tail)
            self->queue_tail->next = job;
        else
            self->queue = job;
        self->queue_tail = job;
    }
    pthread_mutex_unlock (&self->lock);
    if (refused)
        s_job_fail (job, SF_UNAVAILABLE, &s_msg_down, 0);
    else
        s_wake (self);
}

int
gw_forward_pending (gw_forward_t *self)
{
    pthread_mutex_lock (&self->lock);
    int pending = self->pending_count;
    pthread_mutex_unlock (&self->lock);
    return pending;
}

void
gw_forward_stop (gw_forward_t *self)
{
    if (!self || !self->started)
        return;
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_mutex_unlock (&self->lock);
    s_wake (self);
    pthread_join (self->thread, NULL);
    pthread_mutex_lock (&self->lock);
    self->started = false;
    pthread_mutex_unlock (&self->lock);
}

void
gw_forward_destroy (gw_forward_t **self_p)
{
    gw_forward_t *self = *self_p;
    if (!self)
        return;
    gw_forward_stop (self);
    for (int i = 0; i < self->daemon_count; i++) {
        free (self->daemons [i].name);
        free (self->daemons [i].endpoint);
        free (self->daemons [i].server_public);
    }
    zhashx_destroy (&self->pending);
    close (self->wake_fd);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}
