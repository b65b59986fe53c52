/*  gateway_http: the HTTP server on libmicrohttpd (gateway_http.h).

    Suspend and resume race: a handler that waits returns first, and only then is the
    connection suspended, while the thread that resumes it may already be done. Each request
    (and stream) therefore keeps under its own lock whether it is suspended and whether a
    resume came early: an early resume is taken when the handler returns, instead of a
    suspension that nobody would end. The connection is resumed only after that lock is let
    go, and nothing of the request is touched after: a pool thread may answer and free it the
    moment it is resumed (services.gateway.gateway_http_resume_memcheck holds the resuming
    thread in that window under valgrind).

    A clean stop comes in steps (gw_http_quiesce, gw_http_drain, gw_http_destroy). Quiesced,
    new requests are refused and no stream parks any more, but a request under way may still
    wait: whoever it waits for (the forwarder) is still running and will resume it, and a
    request refused there would be freed under a callback still to come. Only the destroy,
    once nothing else resumes requests, sets stopping: then, under the server's lock, no
    request is suspended any more (s_list refuses), so its last resumes leave libmicrohttpd
    none. It aborts the process when stopped with a connection still suspended.             */
#include "gateway_http.h"
#include "gateway_problem.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <arpa/inet.h>
#include <assert.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define GW_ROUTES_MAX 32
#define GW_STREAM_BLOCK 16384
#define S_LAST_ANSWERS_MS 1000

typedef struct {
    char *path;
    gw_handler_fn *handler;
    void *arg;
    size_t max_body_bytes;           //  0: the server's
} s_route_t;

struct _gw_http_t {
    gw_http_options_t options;
    char *address;
    struct MHD_Daemon *daemon;
    s_route_t routes [GW_ROUTES_MAX];
    int route_count;
    gw_observe_fn *observe;
    void *observe_arg;
    pthread_mutex_t lock;            //  the list of suspended requests, the flags, the counts
    gw_req_t *suspended;             //  requests waiting or streams parked (for a clean stop)
    int waiting;                     //  how many are in that list
    bool quiesced;                   //  no new request, no stream parks
    bool stopping;                   //  no request waits either (gw_http_destroy)
    int connections;
    int requests;                    //  requests begun and not yet freed (answered and sent)
    int streams;                     //  streams not yet freed
    MHD_socket listener;             //  the listening socket once quiesced (closed after the stop)
    void (*after_resume) (void *arg);    //  tests only: runs right after each resume
    void *after_resume_arg;
};

typedef enum { S_NEW, S_BODY, S_WAITING, S_ANSWERED } s_phase_t;

typedef struct {
    char *name;
    char *value;
} s_header_t;

struct _gw_req_t {
    gw_http_t *http;
    struct MHD_Connection *connection;
    s_phase_t phase;
    int64_t started_us;
    char method [16];
    char *path;
    const s_route_t *route;
    char *label;                     //  NULL: the route's path
    char address [INET6_ADDRSTRLEN];
    bool loopback;
    //  The body.
    char *body;
    size_t body_size;
    size_t body_capacity;
    bool too_large;
    size_t max_body_bytes;           //  the route's, else the server's
    //  The handler's state.
    void *data;
    void (*destroy) (void *data);
    //  The answer.
    int status;
    char *content_type;
    char *answer;
    size_t answer_size;
    bool answered;
    s_header_t *headers;
    size_t header_count;
    //  Waiting.
    pthread_mutex_t lock;
    gw_handler_fn *then;
    void *then_arg;
    bool suspended;                  //  MHD_suspend_connection called, no resume yet
    bool resume_early;               //  gw_req_resume came before the suspension
    gw_stream_t *stream;
    gw_req_t *next_suspended;        //  in http->suspended
    gw_req_t *prev_suspended;
    bool listed;
    bool completed;                  //  libmicrohttpd is done with it; its stream frees it
};

struct _gw_stream_t {
    gw_req_t *req;
    gw_fill_fn *fill;
    void (*closed) (void *arg);
    void *arg;
    pthread_mutex_t lock;
    bool parked;
    bool wake_early;
    bool ended;
};

//  ------------------------------------------------------------------------------------
//  The list of suspended connections

//  Lists a request about to be suspended (a stream about to be parked); false, and nothing
//  listed, once the server is stopping (for a stream: quiesced): the caller answers (ends)
//  it instead.
static bool
s_list (gw_req_t *req, bool stream)
{
    gw_http_t *http = req->http;
    pthread_mutex_lock (&http->lock);
    bool refused = http->stopping || (stream && http->quiesced);
    if (!refused && !req->listed) {
        req->next_suspended = http->suspended;
        req->prev_suspended = NULL;
        if (http->suspended)
            http->suspended->prev_suspended = req;
        http->suspended = req;
        req->listed = true;
        http->waiting++;
    }
    pthread_mutex_unlock (&http->lock);
    return !refused;
}

static void
s_unlist (gw_req_t *req)
{
    gw_http_t *http = req->http;
    pthread_mutex_lock (&http->lock);
    if (req->listed) {
        if (req->prev_suspended)
            req->prev_suspended->next_suspended = req->next_suspended;
        else
            http->suspended = req->next_suspended;
        if (req->next_suspended)
            req->next_suspended->prev_suspended = req->prev_suspended;
        req->listed = false;
        http->waiting--;
    }
    pthread_mutex_unlock (&http->lock);
}

//  Resumes a connection nobody else will resume (its request or stream was taken off the
//  list under its own lock). Nothing of the request may be touched afterwards: a pool thread
//  may already be answering it. The test hook runs in that window.
static void
s_resume (gw_http_t *http, struct MHD_Connection *connection)
{
    MHD_resume_connection (connection);
    if (http->after_resume)
        http->after_resume (http->after_resume_arg);
}

static bool
s_quiesced (gw_http_t *http)
{
    pthread_mutex_lock (&http->lock);
    bool quiesced = http->quiesced;
    pthread_mutex_unlock (&http->lock);
    return quiesced;
}

static void
s_count (gw_http_t *http, int *counter, int by)
{
    pthread_mutex_lock (&http->lock);
    *counter += by;
    pthread_mutex_unlock (&http->lock);
}

//  503 to a request the stopping server will not wait for; the connection closes after it.
static void
s_refuse_stopping (gw_req_t *req)
{
    gw_req_add_header (req, MHD_HTTP_HEADER_CONNECTION, "close");
    gw_problem_http (req, 503, "unavailable", "网关正在停止", "The gateway is stopping", 1000);
}

//  ------------------------------------------------------------------------------------
//  Requests

static void
s_req_free (gw_req_t *req)
{
    gw_http_t *http = req->http;
    if (req->destroy && req->data)
        req->destroy (req->data);
    for (size_t i = 0; i < req->header_count; i++) {
        free (req->headers [i].name);
        free (req->headers [i].value);
    }
    free (req->headers);
    free (req->path);
    free (req->label);
    free (req->body);
    free (req->content_type);
    free (req->answer);
    pthread_mutex_destroy (&req->lock);
    free (req);
    s_count (http, &http->requests, -1);
}

//  The path and the query's values, %-decoded as libmicrohttpd does, except that a decoded NUL
//  (%00) becomes 0x7f, which no route, page path or value accepts: a NUL would end the path
//  early and "/screen/index.html%00.js" would name index.html.
static size_t
s_unescape (void *cls, struct MHD_Connection *connection, char *text)
{
    (void) cls;
    (void) connection;
    size_t length = MHD_http_unescape (text);
    for (size_t i = 0; i < length; i++)
        if (text [i] == '\0')
            text [i] = '\x7f';
    return length;
}

//  libmicrohttpd's first call for a request, before its headers are parsed: the request's
//  state, so that its time counts from its first byte.
static void *
s_uri_log (void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void) uri;
    gw_req_t *req = calloc (1, sizeof *req);
    assert (req);
    req->http = cls;
    req->connection = connection;
    req->started_us = sf_clock_mono_us ();
    pthread_mutex_init (&req->lock, NULL);
    s_count (req->http, &req->http->requests, 1);
    return req;
}

static void
s_completed (void *cls, struct MHD_Connection *connection, void **con_cls, enum MHD_RequestTerminationCode code)
{
    (void) connection;
    (void) code;
    gw_http_t *http = cls;
    gw_req_t *req = *con_cls;
    if (!req)
        return;
    s_unlist (req);
    if (http->observe && req->status)
        http->observe (http->observe_arg, req->label? req->label: req->route? req->route->path: "other", req->status,
                       sf_clock_mono_us () - req->started_us);
    *con_cls = NULL;
    //  libmicrohttpd calls this before it destroys a stream's response (MHD_connection_close_):
    //  the stream still holds the request, and s_stream_free frees it.
    if (req->stream)
        req->completed = true;
    else
        s_req_free (req);
}

static void
s_connection (void *cls, struct MHD_Connection *connection, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
    (void) connection;
    (void) socket_context;
    gw_http_t *http = cls;
    pthread_mutex_lock (&http->lock);
    http->connections += code == MHD_CONNECTION_NOTIFY_STARTED? 1: -1;
    pthread_mutex_unlock (&http->lock);
}

static const s_route_t *
s_match (gw_http_t *http, const char *path)
{
    const s_route_t *best = NULL;
    size_t best_length = 0;
    for (int i = 0; i < http->route_count; i++) {
        const s_route_t *route = &http->routes [i];
        size_t length = strlen (route->path);
        bool prefix = length && route->path [length - 1] == '/';
        bool match = prefix? strncmp (path, route->path, length) == 0: strcmp (path, route->path) == 0;
        if (match && length >= best_length) {
            best = route;
            best_length = length;
        }
    }
    return best;
}

static void
s_peer (gw_req_t *req)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info (req->connection,
                                                                      MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf (req->address, sizeof req->address, "?");
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET) {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *) address;
        inet_ntop (AF_INET, &in4->sin_addr, req->address, sizeof req->address);
        req->loopback = (ntohl (in4->sin_addr.s_addr) >> 24) == 127;
    }
    else
    if (address->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) address;
        inet_ntop (AF_INET6, &in6->sin6_addr, req->address, sizeof req->address);
        req->loopback = IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr);
    }
}

static enum MHD_Result
s_queue (gw_req_t *req)
{
    struct MHD_Response *response = MHD_create_response_from_buffer (req->answer_size, req->answer,
                                                                      MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    if (req->content_type)
        MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
    for (size_t i = 0; i < req->header_count; i++)
        MHD_add_response_header (response, req->headers [i].name, req->headers [i].value);
    if (req->too_large)
        MHD_add_response_header (response, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result result = MHD_queue_response (req->connection, (unsigned int) req->status, response);
    MHD_destroy_response (response);
    req->phase = S_ANSWERED;
    return result;
}

static enum MHD_Result s_queue_stream (gw_req_t *req);

//  After a handler (or its continuation) returned: answer, stream, or suspend.
static enum MHD_Result
s_after_handler (gw_req_t *req)
{
    while (true) {
        if (req->stream)
            return s_queue_stream (req);
        if (req->answered)
            return s_queue (req);
        if (req->phase != S_WAITING) {
            sf_error ("gateway: %s %s was not answered by its handler (a bug): 500", req->method, req->path);
            gw_problem_http (req, 500, "internal", "网关内部错误", "Internal error of the gateway", 0);
            return s_queue (req);
        }
        pthread_mutex_lock (&req->lock);
        bool early = req->resume_early;
        req->resume_early = false;
        if (!early) {
            if (!s_list (req, false)) {
                pthread_mutex_unlock (&req->lock);
                s_refuse_stopping (req);
                return s_queue (req);
            }
            req->suspended = true;
            MHD_suspend_connection (req->connection);
            pthread_mutex_unlock (&req->lock);
            return MHD_YES;
        }
        pthread_mutex_unlock (&req->lock);
        //  Resumed before it could be suspended: the continuation runs now.
        gw_handler_fn *then = req->then;
        req->phase = S_BODY;
        then (req, req->then_arg);
    }
}

static enum MHD_Result
s_access (void *cls, struct MHD_Connection *connection, const char *url, const char *method, const char *version,
          const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void) version;
    gw_http_t *http = cls;
    gw_req_t *req = *con_cls;
    if (!req) {                      //  not seen by s_uri_log (never expected)
        req = s_uri_log (http, url, connection);
        *con_cls = req;
    }
    if (req->phase == S_NEW) {
        req->phase = S_BODY;
        snprintf (req->method, sizeof req->method, "%s", method);
        req->path = strdup (url);
        assert (req->path);
        req->route = s_match (http, url);
        req->max_body_bytes = req->route && req->route->max_body_bytes? req->route->max_body_bytes
                            : http->options.max_body_bytes;
        s_peer (req);
        const char *length = MHD_lookup_connection_value (connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull (length, NULL, 10) > req->max_body_bytes)
            req->too_large = true;
        return MHD_YES;
    }
    if (req->phase == S_BODY && *upload_data_size) {
        size_t size = *upload_data_size;
        *upload_data_size = 0;
        if (req->too_large || req->body_size + size > req->max_body_bytes) {
            req->too_large = true;
            return MHD_YES;
        }
        if (req->body_size + size + 1 > req->body_capacity) {
            size_t capacity = req->body_capacity? req->body_capacity: 4096;
            while (capacity < req->body_size + size + 1)
                capacity *= 2;
            char *grown = realloc (req->body, capacity);
            assert (grown);
            req->body = grown;
            req->body_capacity = capacity;
        }
        memcpy (req->body + req->body_size, upload_data, size);
        req->body_size += size;
        req->body [req->body_size] = 0;
        return MHD_YES;
    }
    if (req->phase == S_WAITING) {   //  resumed
        gw_handler_fn *then = req->then;
        req->phase = S_BODY;
        then (req, req->then_arg);
        return s_after_handler (req);
    }
    if (req->phase == S_ANSWERED)
        return MHD_YES;
    //  The whole request is in.
    if (req->too_large) {
        char zh [128], en [128];
        snprintf (zh, sizeof zh, "请求体超过 %zu 字节", req->max_body_bytes);
        snprintf (en, sizeof en, "The request body is larger than %zu bytes", req->max_body_bytes);
        gw_problem_http (req, 413, "resource_exhausted", zh, en, 0);
        return s_queue (req);
    }
    if (!req->route) {
        gw_problem_http (req, 404, "not_found", "没有这个地址", "No such path", 0);
        return s_queue (req);
    }
    if (s_quiesced (http)) {
        s_refuse_stopping (req);
        return s_queue (req);
    }
    req->route->handler (req, req->route->arg);
    return s_after_handler (req);
}

//  ------------------------------------------------------------------------------------
//  Streams

static ssize_t
s_stream_read (void *cls, uint64_t pos, char *buffer, size_t max)
{
    (void) pos;
    gw_stream_t *stream = cls;
    if (stream->ended || s_quiesced (stream->req->http))
        return MHD_CONTENT_READER_END_OF_STREAM;
    ssize_t size = stream->fill (stream->arg, buffer, max);
    if (size < 0) {
        stream->ended = true;
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (size > 0)
        return size;
    pthread_mutex_lock (&stream->lock);
    bool end = false;
    if (stream->wake_early)
        stream->wake_early = false;
    else
    if (s_list (stream->req, true)) {
        stream->parked = true;
        MHD_suspend_connection (stream->req->connection);
    }
    else
        end = stream->ended = true;
    pthread_mutex_unlock (&stream->lock);
    return end? MHD_CONTENT_READER_END_OF_STREAM: 0;
}

static void
s_stream_free (void *cls)
{
    gw_stream_t *stream = cls;
    gw_req_t *req = stream->req;
    gw_http_t *http = req->http;
    s_unlist (req);
    req->stream = NULL;
    if (stream->closed)
        stream->closed (stream->arg);
    pthread_mutex_destroy (&stream->lock);
    free (stream);
    if (req->completed)
        s_req_free (req);
    s_count (http, &http->streams, -1);
}

static enum MHD_Result
s_queue_stream (gw_req_t *req)
{
    gw_stream_t *stream = req->stream;
    struct MHD_Response *response = MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, GW_STREAM_BLOCK,
                                                                       s_stream_read, stream, s_stream_free);
    if (!response) {
        s_stream_free (stream);
        gw_problem_http (req, 500, "internal", "网关内部错误", "Internal error of the gateway", 0);
        return s_queue (req);
    }
    req->status = 200;
    if (req->content_type)
        MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
    for (size_t i = 0; i < req->header_count; i++)
        MHD_add_response_header (response, req->headers [i].name, req->headers [i].value);
    enum MHD_Result result = MHD_queue_response (req->connection, MHD_HTTP_OK, response);
    MHD_destroy_response (response);
    req->phase = S_ANSWERED;
    return result;
}

gw_stream_t *
gw_req_stream (gw_req_t *req, const char *content_type, gw_fill_fn *fill, void (*closed) (void *arg), void *arg)
{
    assert (!req->answered && !req->stream);
    gw_stream_t *stream = calloc (1, sizeof *stream);
    if (!stream)
        return NULL;
    stream->req = req;
    stream->fill = fill;
    stream->closed = closed;
    stream->arg = arg;
    pthread_mutex_init (&stream->lock, NULL);
    free (req->content_type);
    req->content_type = strdup (content_type);
    req->stream = stream;
    s_count (req->http, &req->http->streams, 1);
    return stream;
}

//  As gw_req_resume: resumed after the lock is let go, as the stream may be freed at once.
void
gw_stream_wake (gw_stream_t *stream)
{
    pthread_mutex_lock (&stream->lock);
    struct MHD_Connection *parked = NULL;
    gw_http_t *http = stream->req->http;
    if (stream->parked) {
        stream->parked = false;
        s_unlist (stream->req);
        parked = stream->req->connection;
    }
    else
        stream->wake_early = true;
    pthread_mutex_unlock (&stream->lock);
    if (parked)
        s_resume (http, parked);
}

//  ------------------------------------------------------------------------------------
//  The server

gw_http_t *
gw_http_new (const gw_http_options_t *options)
{
    gw_http_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->address = strdup (options->address? options->address: "127.0.0.1");
    self->options.address = self->address;
    self->listener = MHD_INVALID_SOCKET;
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

void
gw_http_route (gw_http_t *self, const char *path, gw_handler_fn *handler, void *arg)
{
    assert (self->route_count < GW_ROUTES_MAX && !self->daemon);
    s_route_t *route = &self->routes [self->route_count++];
    route->path = strdup (path);
    route->handler = handler;
    route->arg = arg;
}

void
gw_http_route_body_limit (gw_http_t *self, const char *path, size_t max_body_bytes)
{
    assert (!self->daemon);
    for (int i = 0; i < self->route_count; i++)
        if (strcmp (self->routes [i].path, path) == 0) {
            self->routes [i].max_body_bytes = max_body_bytes;
            return;
        }
    assert (false);                  //  not registered: our bug
}

void
gw_http_set_observer (gw_http_t *self, gw_observe_fn *observe, void *arg)
{
    self->observe = observe;
    self->observe_arg = arg;
}

void
gw_http_set_after_resume (gw_http_t *self, void (*after_resume) (void *arg), void *arg)
{
    self->after_resume = after_resume;
    self->after_resume_arg = arg;
}

static void
s_mhd_log (void *cls, const char *format, va_list ap)
{
    (void) cls;
    char line [512];
    vsnprintf (line, sizeof line, format, ap);
    size_t length = strlen (line);
    while (length && (line [length - 1] == '\n' || line [length - 1] == '\r'))
        line [--length] = 0;
    sf_warn ("gateway http: %s", line);
}

int
gw_http_start (gw_http_t *self)
{
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) self->options.port) };
    if (inet_pton (AF_INET, self->address, &address.sin_addr) != 1) {
        sf_error ("gateway: gateway.http_address '%s' is not an IPv4 address", self->address);
        return -1;
    }
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    self->daemon = MHD_start_daemon (
        flags, (uint16_t) self->options.port, NULL, NULL, s_access, self,
        MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &address,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int) self->options.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) self->options.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int) self->options.per_ip_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) self->options.connection_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, self->options.max_header_bytes,
        MHD_OPTION_URI_LOG_CALLBACK, s_uri_log, self,
        MHD_OPTION_UNESCAPE_CALLBACK, s_unescape, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, s_completed, self,
        MHD_OPTION_NOTIFY_CONNECTION, s_connection, self,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int) 1,
        MHD_OPTION_END);
    if (!self->daemon) {
        sf_error ("gateway: cannot listen for HTTP on %s:%d (in use?)", self->address, self->options.port);
        return -1;
    }
    sf_info ("gateway: HTTP on http://%s:%d (%d threads)", self->address, self->options.port, self->options.threads);
    return 0;
}

int
gw_http_connections (gw_http_t *self)
{
    pthread_mutex_lock (&self->lock);
    int connections = self->connections;
    pthread_mutex_unlock (&self->lock);
    return connections;
}

int
gw_http_waiting (gw_http_t *self)
{
    pthread_mutex_lock (&self->lock);
    int waiting = self->waiting;
    pthread_mutex_unlock (&self->lock);
    return waiting;
}

void
gw_http_quiesce (gw_http_t *self)
{
    if (!self || !self->daemon || s_quiesced (self))
        return;
    //  Its listening socket is ours to close, after MHD_stop_daemon (its threads may use it);
    //  no longer listening meanwhile, a connection is refused at once (another instance)
    //  rather than left in the backlog.
    self->listener = MHD_quiesce_daemon (self->daemon);
    if (self->listener != MHD_INVALID_SOCKET)
        shutdown (self->listener, SHUT_RDWR);
    pthread_mutex_lock (&self->lock);
    self->quiesced = true;
    pthread_mutex_unlock (&self->lock);
}

bool
gw_http_drain (gw_http_t *self, int timeout_ms)
{
    if (!self || !self->daemon)
        return true;
    int64_t until = sf_clock_mono_ms () + timeout_ms;
    while (true) {
        pthread_mutex_lock (&self->lock);
        //  A request counts from its first byte until it is answered and sent, its handler's
        //  run included. Streams do not count: ended once quiesced, one may still be writing
        //  to a client that does not read, until its connection times out.
        bool drained = self->requests == self->streams;
        pthread_mutex_unlock (&self->lock);
        if (drained || sf_clock_mono_ms () >= until)
            return drained;
        struct timespec pause = { .tv_nsec = 5 * 1000 * 1000 };
        nanosleep (&pause, NULL);
    }
}

void
gw_http_destroy (gw_http_t **self_p)
{
    gw_http_t *self = *self_p;
    if (!self)
        return;
    if (self->daemon) {
        gw_http_quiesce (self);
        //  Every suspended connection is resumed: a waiting request's continuation answers it
        //  (and one that would wait again is answered 503), a stream ends (s_stream_read sees
        //  quiesced). None is suspended after: s_list refuses.
        pthread_mutex_lock (&self->lock);
        self->stopping = true;
        pthread_mutex_unlock (&self->lock);
        while (true) {
            pthread_mutex_lock (&self->lock);
            gw_req_t *req = self->suspended;
            pthread_mutex_unlock (&self->lock);
            if (!req)
                break;
            //  Both unlist it.
            if (req->stream)
                gw_stream_wake (req->stream);
            else
                gw_req_resume (req);
        }
        //  Their answers are queued by the pool's threads: time to send them before the
        //  connections close (a client still sending its request is not waited for long).
        gw_http_drain (self, S_LAST_ANSWERS_MS);
        MHD_stop_daemon (self->daemon);
        if (self->listener != MHD_INVALID_SOCKET)
            close (self->listener);
    }
    for (int i = 0; i < self->route_count; i++)
        free (self->routes [i].path);
    pthread_mutex_destroy (&self->lock);
    free (self->address);
    free (self);
    *self_p = NULL;
}

//  ------------------------------------------------------------------------------------
//  The request

const char *
gw_req_method (const gw_req_t *req)
{
    return req->method;
}

const char *
gw_req_path (const gw_req_t *req)
{
    return req->path;
}

const char *
gw_req_route (const gw_req_t *req)
{
    return req->route? req->route->path: "";
}

const char *
gw_req_query (const gw_req_t *req, const char *key)
{
    return MHD_lookup_connection_value (req->connection, MHD_GET_ARGUMENT_KIND, key);
}

const char *
gw_req_header (const gw_req_t *req, const char *name)
{
    return MHD_lookup_connection_value (req->connection, MHD_HEADER_KIND, name);
}

const char *
gw_req_cookie (const gw_req_t *req, const char *name)
{
    return MHD_lookup_connection_value (req->connection, MHD_COOKIE_KIND, name);
}

const char *
gw_req_body (const gw_req_t *req, size_t *size)
{
    if (size)
        *size = req->body_size;
    return req->body? req->body: "";
}

const char *
gw_req_address (const gw_req_t *req)
{
    return req->address;
}

bool
gw_req_loopback (const gw_req_t *req)
{
    return req->loopback;
}

void
gw_req_set_label (gw_req_t *req, const char *label)
{
    free (req->label);
    req->label = strdup (label);
    assert (req->label);
}

void
gw_req_set_data (gw_req_t *req, void *data, void (*destroy) (void *data))
{
    if (req->destroy && req->data && req->data != data)
        req->destroy (req->data);
    req->data = data;
    req->destroy = destroy;
}

void *
gw_req_data (const gw_req_t *req)
{
    return req->data;
}

void
gw_req_add_header (gw_req_t *req, const char *name, const char *value)
{
    s_header_t *headers = realloc (req->headers, (req->header_count + 1) * sizeof *headers);
    assert (headers);
    req->headers = headers;
    req->headers [req->header_count].name = strdup (name);
    req->headers [req->header_count].value = strdup (value);
    req->header_count++;
}

void
gw_req_respond (gw_req_t *req, int status, const char *content_type, const char *body, size_t size)
{
    assert (!req->answered && !req->stream);
    req->status = status;
    free (req->content_type);
    req->content_type = content_type? strdup (content_type): NULL;
    free (req->answer);
    req->answer = malloc (size? size: 1);
    assert (req->answer);
    if (size)
        memcpy (req->answer, body, size);
    req->answer_size = size;
    req->answered = true;
}

void
gw_req_wait (gw_req_t *req, gw_handler_fn *then, void *arg)
{
    assert (!req->answered && !req->stream);
    req->then = then;
    req->then_arg = arg;
    req->phase = S_WAITING;
}

//  The connection is resumed after the lock is let go: once resumed, a pool thread may answer
//  the request and free it (and its lock) before this thread would have unlocked.
void
gw_req_resume (gw_req_t *req)
{
    pthread_mutex_lock (&req->lock);
    struct MHD_Connection *suspended = NULL;
    gw_http_t *http = req->http;
    if (req->suspended) {
        req->suspended = false;
        s_unlist (req);
        suspended = req->connection;
    }
    else
        req->resume_early = true;
    pthread_mutex_unlock (&req->lock);
    if (suspended)
        s_resume (http, suspended);
}
