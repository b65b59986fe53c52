/*  gateway_http: resuming a waiting request or a parked stream. Once a connection is resumed
    a pool thread may answer it and free the request (and its stream) at once, so the thread
    that resumed must not touch either afterwards: the hook after each resume holds that
    thread until the request is answered and freed, then lets it go on (with
    SF_SANITIZE=1 a touch is a use after free, reported). And many requests resumed at
    once, before or after their handler returned, are each answered.                         */
#include "gateway_http.h"
#include "sf_testkit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define S_SOAK_CLIENTS 8
#define S_SOAK_REQUESTS 100

static int s_port;
static atomic_int s_answered;        //  requests the observer saw answered
static atomic_int s_streams_closed;
static atomic_int s_resumes_held;    //  resumes the hook held until the request was freed
static atomic_bool s_hold;           //  the hook waits for the answer (else returns at once)
static atomic_int s_until_answered;  //  ... until s_answered is this
static atomic_int s_until_closed;    //  ... and s_streams_closed is this

//  GET path; true when the answer is a 200 and, if body is given, contains it.
static bool
s_get (const char *path, const char *body)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    SF_CHECK (fd >= 0);
    struct timeval timeout = { .tv_sec = 10 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) s_port) };
    inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
    SF_CHECK (connect (fd, (struct sockaddr *) &address, sizeof address) == 0);
    char request [256];
    int size = snprintf (request, sizeof request, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", path);
    SF_CHECK (write (fd, request, (size_t) size) == size);
    char answer [4096];
    size_t got = 0;
    while (got < sizeof answer - 1) {
        ssize_t n = read (fd, answer + got, sizeof answer - 1 - got);
        if (n <= 0)
            break;
        got += (size_t) n;
    }
    answer [got] = 0;
    close (fd);
    return strncmp (answer, "HTTP/1.1 200", 12) == 0 && (!body || strstr (answer, body));
}

//  ------------------------------------------------------------------------------------
//  Waiting requests, resumed from another thread

typedef struct {
    gw_req_t *req;
    int delay_us;
} s_resumer_t;

static void *
s_resumer (void *arg)
{
    s_resumer_t *resumer = arg;
    if (resumer->delay_us)
        usleep ((useconds_t) resumer->delay_us);
    gw_req_resume (resumer->req);    //  the last touch of req
    free (resumer);
    return NULL;
}

static void
s_then (gw_req_t *req, void *arg)
{
    (void) arg;
    gw_req_respond (req, 200, "text/plain", "resumed", 7);
}

//  /wait/late: resumed 20 ms after the handler returned (suspended by then); /wait/now:
//  resumed at once, racing the suspension.
static void
s_wait (gw_req_t *req, void *arg)
{
    (void) arg;
    gw_req_wait (req, s_then, NULL);
    s_resumer_t *resumer = calloc (1, sizeof *resumer);
    SF_CHECK (resumer);
    resumer->req = req;
    resumer->delay_us = strcmp (gw_req_path (req), "/wait/late") == 0? 20000: 0;
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_resumer, resumer) == 0);
    pthread_detach (thread);
}

//  ------------------------------------------------------------------------------------
//  A stream that parks once, is woken from another thread, then sends its part and ends

typedef struct {
    gw_stream_t *stream;
    int calls;
} s_flow_t;

static void *
s_waker (void *arg)
{
    s_flow_t *flow = arg;
    usleep (20000);
    gw_stream_wake (flow->stream);   //  the last touch of the stream
    return NULL;
}

static ssize_t
s_fill (void *arg, char *buffer, size_t max)
{
    s_flow_t *flow = arg;
    flow->calls++;
    if (flow->calls == 1) {
        pthread_t thread;
        SF_CHECK (pthread_create (&thread, NULL, s_waker, flow) == 0);
        pthread_detach (thread);
        return 0;                    //  parked until woken
    }
    if (flow->calls == 2 && max >= 4) {
        memcpy (buffer, "woke", 4);
        return 4;
    }
    return -1;
}

static void
s_closed (void *arg)
{
    free (arg);
    atomic_fetch_add (&s_streams_closed, 1);
}

static void
s_stream (gw_req_t *req, void *arg)
{
    (void) arg;
    s_flow_t *flow = calloc (1, sizeof *flow);
    SF_CHECK (flow);
    flow->stream = gw_req_stream (req, "text/plain", s_fill, s_closed, flow);
    SF_CHECK (flow->stream);
}

//  ------------------------------------------------------------------------------------

static void
s_observe (void *arg, const char *route, int status, int64_t duration_us)
{
    (void) arg;
    (void) route;
    (void) duration_us;
    if (status == 200)
        atomic_fetch_add (&s_answered, 1);
}

//  Right after a resume: while holding, wait until the request is answered (or the stream
//  closed), then a little longer: the request and stream are freed right after those calls.
static void
s_after_resume (void *arg)
{
    (void) arg;
    if (!atomic_load (&s_hold))
        return;
    for (int waited = 0; waited < 5000; waited++) {
        if (atomic_load (&s_answered) >= atomic_load (&s_until_answered)
            && atomic_load (&s_streams_closed) >= atomic_load (&s_until_closed))
            break;
        usleep (1000);
    }
    usleep (20000);
    atomic_fetch_add (&s_resumes_held, 1);
}

static void *
s_soak_client (void *arg)
{
    (void) arg;
    for (int i = 0; i < S_SOAK_REQUESTS; i++)
        SF_CHECK (s_get (i % 2? "/wait/now": "/wait/late", "resumed"));
    return NULL;
}

int
main (void)
{
    s_port = sf_test_free_port ();
    gw_http_options_t options = {
        .address = "127.0.0.1", .port = s_port, .threads = 2, .max_connections = 64,
        .per_ip_connections = 64, .connection_timeout_s = 10, .max_header_bytes = 32768,
        .max_body_bytes = 4096
    };
    gw_http_t *http = gw_http_new (&options);
    gw_http_route (http, "/wait/", s_wait, NULL);
    gw_http_route (http, "/stream", s_stream, NULL);
    gw_http_set_observer (http, s_observe, NULL);
    gw_http_set_after_resume (http, s_after_resume, NULL);
    SF_CHECK (gw_http_start (http) == 0);

    //  The resumer is held right after its resume until the request was answered and freed.
    atomic_store (&s_hold, true);
    atomic_store (&s_until_answered, 1);
    SF_CHECK (s_get ("/wait/late", "resumed"));
    atomic_store (&s_until_answered, 2);
    atomic_store (&s_until_closed, 1);
    SF_CHECK (s_get ("/stream", "woke"));
    for (int waited = 0; waited < 2000 && atomic_load (&s_resumes_held) < 2; waited++)
        usleep (1000);
    SF_CHECK (atomic_load (&s_resumes_held) == 2);
    SF_CHECK (atomic_load (&s_streams_closed) == 1);

    //  Many at once, resumed before and after their suspension: each is answered.
    atomic_store (&s_hold, false);
    int before = atomic_load (&s_answered);
    pthread_t clients [S_SOAK_CLIENTS];
    for (int i = 0; i < S_SOAK_CLIENTS; i++)
        SF_CHECK (pthread_create (&clients [i], NULL, s_soak_client, NULL) == 0);
    for (int i = 0; i < S_SOAK_CLIENTS; i++)
        pthread_join (clients [i], NULL);
    SF_CHECK (atomic_load (&s_answered) - before == S_SOAK_CLIENTS * S_SOAK_REQUESTS);

    gw_http_destroy (&http);
    return 0;
}
