/*  gateway_http: the HTTP server (libmicrohttpd; README.md, "Why libmicrohttpd").

    One epoll listener with a pool of threads; limits on connections in all and per address,
    on idle time (slowloris), on a connection's header memory (431) and on bodies (413, before
    any handler). A request is read whole, then given to the handler of the longest path
    registered that matches it. The handler answers at once (gw_req_respond), or waits
    (gw_req_wait: the connection is suspended and holds no thread; gw_req_resume, from any
    thread, has `then` called on one of the pool's threads, which answers or waits again), or
    streams (gw_req_stream, for Server-Sent Events). A request not answered by its handler is
    a bug of ours: it is answered 500 and logged.

    Handlers run on the pool's threads: they must not block on anything slow (a daemon, a
    stream); a short database statement is fine.                                             */
#ifndef GATEWAY_HTTP_H_INCLUDED
#define GATEWAY_HTTP_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct _gw_http_t gw_http_t;
typedef struct _gw_req_t gw_req_t;
typedef struct _gw_stream_t gw_stream_t;

typedef void (gw_handler_fn) (gw_req_t *req, void *arg);

typedef struct {
    const char *address;             //  IPv4 address to listen on, e.g. "127.0.0.1"
    int port;
    int threads;
    int max_connections;
    int per_ip_connections;
    int connection_timeout_s;
    size_t max_header_bytes;
    size_t max_body_bytes;
} gw_http_options_t;

//  After each answered request: its route label (the path registered, or "other"), status
//  and time from its first byte to the answer queued, in microseconds. Any thread.
typedef void (gw_observe_fn) (void *arg, const char *route, int status, int64_t duration_us);

gw_http_t *gw_http_new (const gw_http_options_t *options);
//  Requests whose path equals path, or starts with it when path ends in '/', go to handler
//  (the longest such path wins). Before gw_http_start.
void gw_http_route (gw_http_t *self, const char *path, gw_handler_fn *handler, void *arg);
//  Bodies of requests to the route registered as path may be up to max_body_bytes instead
//  of the server's max_body_bytes (attachments take more than JSON). Before gw_http_start.
void gw_http_route_body_limit (gw_http_t *self, const char *path, size_t max_body_bytes);
void gw_http_set_observer (gw_http_t *self, gw_observe_fn *observe, void *arg);
//  Tests only: after_resume (arg) runs on the resuming thread right after each connection is
//  resumed, when the request may already be answered and freed (a test sleeps there to prove
//  that nothing touches the request after its resume).
void gw_http_set_after_resume (gw_http_t *self, void (*after_resume) (void *arg), void *arg);
//  Listens. 0, or -1 (logged) when the address cannot be bound.
int gw_http_start (gw_http_t *self);
//  Open connections now (suspended ones included).
int gw_http_connections (gw_http_t *self);
//  Requests waiting and streams parked now.
int gw_http_waiting (gw_http_t *self);
//  A clean stop, in three steps:
//  - gw_http_quiesce: the listening socket is shut (a connection is refused at once); a
//    request that comes in whole from now on is answered 503 (Retry-After, Connection:
//    close); a stream ends when it would park. Requests under way go on, and may still wait
//    for whoever resumes them. Idempotent; nothing when not started.
//  - gw_http_drain: waits until every request begun (streams aside) is answered and sent, at
//    most timeout_ms; true when so. Let the parts that resume requests run meanwhile, and
//    have them end their streams (gw_stream_wake: a woken stream ends).
//  - gw_http_destroy: from now on a request that would wait is answered 503; those still
//    waiting are resumed (their continuations answer), the answers get up to a second to
//    leave; then every connection is closed, the pool's threads joined, and all freed. Call
//    it once the threads that resume requests and wake streams have stopped; the parts the
//    handlers use are freed after it.
void gw_http_quiesce (gw_http_t *self);
bool gw_http_drain (gw_http_t *self, int timeout_ms);
void gw_http_destroy (gw_http_t **self_p);

//  The request, read whole.
const char *gw_req_method (const gw_req_t *req);          //  "GET", "POST", ...
const char *gw_req_path (const gw_req_t *req);            //  without the query
const char *gw_req_route (const gw_req_t *req);           //  the registered path that matched
//  A query argument, URL-decoded; NULL when absent.
const char *gw_req_query (const gw_req_t *req, const char *key);
//  A request header (case-insensitive name); NULL when absent.
const char *gw_req_header (const gw_req_t *req, const char *name);
const char *gw_req_cookie (const gw_req_t *req, const char *name);
//  The body, NUL-terminated (size without the NUL); "" when none.
const char *gw_req_body (const gw_req_t *req, size_t *size);
//  The peer's address as text ("127.0.0.1"); whether it is a loopback address.
const char *gw_req_address (const gw_req_t *req);
bool gw_req_loopback (const gw_req_t *req);

//  The label the request is counted under (gw_observe_fn): the registered path unless a
//  handler names a finer one (an API route's path; never text a client chose freely).
void gw_req_set_label (gw_req_t *req, const char *label);

//  The handler's own state for this request, destroyed (if destroy is not NULL) with it.
void gw_req_set_data (gw_req_t *req, void *data, void (*destroy) (void *data));
void *gw_req_data (const gw_req_t *req);

//  A header of the answer (before gw_req_respond or gw_req_stream).
void gw_req_add_header (gw_req_t *req, const char *name, const char *value);
//  Answers: status, content type and body (copied). Once per request.
void gw_req_respond (gw_req_t *req, int status, const char *content_type, const char *body, size_t size);

//  The handler returns without answering; the connection waits, holding no thread, until
//  gw_req_resume (any thread, once per wait) has then (req, arg) called on a pool thread.
void gw_req_wait (gw_req_t *req, gw_handler_fn *then, void *arg);
void gw_req_resume (gw_req_t *req);

//  A streamed 200 answer (chunked). fill is called on a pool thread whenever the socket can
//  take more: it copies at most max bytes into buffer and returns how many; 0 when it has
//  nothing now (the stream is parked until gw_stream_wake); -1 to end the answer. closed is
//  called once when the stream is finished with (the client went away, fill ended it, or the
//  server stops); after closed returns, the stream must not be woken: a waker on another
//  thread should hold a lock that closed takes too. Returns the stream, or NULL (the request
//  is then answered 500).
typedef ssize_t (gw_fill_fn) (void *arg, char *buffer, size_t max);
gw_stream_t *gw_req_stream (gw_req_t *req, const char *content_type, gw_fill_fn *fill, void (*closed) (void *arg),
                            void *arg);
//  Has fill called again soon (any thread).
void gw_stream_wake (gw_stream_t *stream);

#endif
