/*  gateway_http: a clean stop. When it begins, one request is inside its handler, two wait
    for their part to resume them (one of them waits a second time when resumed), one waits
    for nobody, and a stream is parked; a keep-alive connection is idle. After
    gw_http_quiesce: a new connection is refused; the handler's answer goes out; a resumed
    request is answered by its continuation, and one that waits again is answered when its
    part resumes it again; a new request on the idle connection is answered 503 with
    Connection: close; the woken stream ends. The drain then reports the one request nobody
    resumes, and gw_http_destroy answers it 503. Nothing of ours runs after gw_http_destroy
    returns (the parts a gateway frees next), and the process is not aborted by
    libmicrohttpd for a connection left suspended.                                          */
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

static int s_port;
static atomic_bool s_freed;          //  gw_http_destroy returned: what handlers use is gone
static atomic_bool s_in_hold;        //  /hold's handler is running
static atomic_bool s_release;        //  /hold's handler may answer
static atomic_int s_waiting;         //  requests whose handler returned waiting
static atomic_int s_closed;          //  streams closed
static atomic_int s_parked;          //  times the stream's fill had nothing
static gw_req_t *s_wait_req;         //  /wait, resumed by the test as its part would
static gw_req_t *s_again_req;        //  /again, the same, and then it waits again
static gw_stream_t *s_stream;

//  ------------------------------------------------------------------------------------
//  A client

static int
s_connect (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    SF_CHECK (fd >= 0);
    struct timeval timeout = { .tv_sec = 10 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) s_port) };
    inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
    SF_CHECK (connect (fd, (struct sockaddr *) &address, sizeof address) == 0);
    return fd;
}

static void
s_send (int fd, const char *path, bool keep_alive)
{
    char request [256];
    int size = snprintf (request, sizeof request, "GET %s HTTP/1.1\r\nHost: t\r\nConnection: %s\r\n\r\n", path,
                         keep_alive? "keep-alive": "close");
    SF_CHECK (write (fd, request, (size_t) size) == size);
}

//  One answer: until the connection closes or, with a Content-Length, its body is in.
static void
s_read (int fd, char *answer, size_t size)
{
    size_t got = 0;
    while (got < size - 1) {
        ssize_t n = read (fd, answer + got, size - 1 - got);
        if (n <= 0)
            break;
        got += (size_t) n;
        answer [got] = 0;
        const char *end = strstr (answer, "\r\n\r\n");
        const char *length = strcasestr (answer, "Content-Length:");
        if (end && length && length < end && got >= (size_t) (end + 4 - answer) + strtoul (length + 15, NULL, 10))
            break;
    }
    answer [got] = 0;
}

typedef struct {
    const char *path;
    pthread_t thread;
    char answer [4096];
} s_client_t;

static void *
s_client (void *arg)
{
    s_client_t *client = arg;
    int fd = s_connect ();
    s_send (fd, client->path, false);
    s_read (fd, client->answer, sizeof client->answer);
    close (fd);
    return NULL;
}

static void
s_start_client (s_client_t *client, const char *path)
{
    client->path = path;
    SF_CHECK (pthread_create (&client->thread, NULL, s_client, client) == 0);
}

static bool
s_answered (s_client_t *client, const char *status, const char *body)
{
    pthread_join (client->thread, NULL);
    bool ok = strncmp (client->answer, status, strlen (status)) == 0 && (!body || strstr (client->answer, body));
    if (!ok)
        fprintf (stderr, "%s: expected '%s' with '%s', got:\n%s\n", client->path, status, body? body: "",
                 client->answer);
    return ok;
}

//  ------------------------------------------------------------------------------------
//  The routes

static void
s_plain (gw_req_t *req, void *arg)
{
    (void) arg;
    SF_CHECK (!atomic_load (&s_freed));
    gw_req_respond (req, 200, "text/plain", "plain", 5);
}

static void
s_hold (gw_req_t *req, void *arg)
{
    (void) arg;
    atomic_store (&s_in_hold, true);
    while (!atomic_load (&s_release))
        usleep (1000);
    SF_CHECK (!atomic_load (&s_freed));
    gw_req_respond (req, 200, "text/plain", "held", 4);
}

//  Resumed by its part: "resumed"; by the stopping server, nobody having answered: 503.
static void
s_then (gw_req_t *req, void *arg)
{
    SF_CHECK (!atomic_load (&s_freed));
    if (arg)
        gw_req_respond (req, 200, "text/plain", "resumed", 7);
    else
        gw_req_respond (req, 503, "text/plain", "nobody", 6);
}

static void
s_then_again (gw_req_t *req, void *arg)
{
    (void) arg;
    SF_CHECK (!atomic_load (&s_freed));
    gw_req_wait (req, s_then, (void *) 1);
}

static void
s_wait (gw_req_t *req, void *arg)
{
    (void) arg;
    const char *path = gw_req_path (req);
    if (strcmp (path, "/wait") == 0) {
        gw_req_wait (req, s_then, (void *) 1);
        s_wait_req = req;
    }
    else
    if (strcmp (path, "/again") == 0) {
        gw_req_wait (req, s_then_again, NULL);
        s_again_req = req;
    }
    else
        gw_req_wait (req, s_then, NULL);
    atomic_fetch_add (&s_waiting, 1);
}

static ssize_t
s_fill (void *arg, char *buffer, size_t max)
{
    (void) arg;
    (void) buffer;
    (void) max;
    SF_CHECK (!atomic_load (&s_freed));
    atomic_fetch_add (&s_parked, 1);
    return 0;
}

static void
s_stream_closed (void *arg)
{
    (void) arg;
    SF_CHECK (!atomic_load (&s_freed));
    atomic_fetch_add (&s_closed, 1);
}

static void
s_stream_route (gw_req_t *req, void *arg)
{
    (void) arg;
    s_stream = gw_req_stream (req, "text/plain", s_fill, s_stream_closed, NULL);
    SF_CHECK (s_stream);
}

int
main (void)
{
    s_port = sf_test_free_port ();
    gw_http_options_t options = {
        .address = "127.0.0.1", .port = s_port, .threads = 4, .max_connections = 64,
        .per_ip_connections = 64, .connection_timeout_s = 10, .max_header_bytes = 32768,
        .max_body_bytes = 4096
    };
    gw_http_t *http = gw_http_new (&options);
    gw_http_route (http, "/plain", s_plain, NULL);
    gw_http_route (http, "/hold", s_hold, NULL);
    gw_http_route (http, "/wait", s_wait, NULL);
    gw_http_route (http, "/again", s_wait, NULL);
    gw_http_route (http, "/nobody", s_wait, NULL);
    gw_http_route (http, "/stream", s_stream_route, NULL);
    SF_CHECK (gw_http_start (http) == 0);

    //  An idle keep-alive connection, one answer in.
    char answer [4096];
    int idle = s_connect ();
    s_send (idle, "/plain", true);
    s_read (idle, answer, sizeof answer);
    SF_CHECK (strncmp (answer, "HTTP/1.1 200", 12) == 0);

    //  Under way when the stop begins.
    s_client_t hold, wait, again, nobody, stream;
    s_start_client (&wait, "/wait");
    s_start_client (&again, "/again");
    s_start_client (&nobody, "/nobody");
    s_start_client (&stream, "/stream");
    for (int waited = 0; waited < 5000 && gw_http_waiting (http) < 4; waited++)
        usleep (1000);
    SF_CHECK (atomic_load (&s_waiting) == 3 && atomic_load (&s_parked) == 1 && gw_http_waiting (http) == 4);
    //  Last, as it holds its pool thread (and the connections libmicrohttpd gave that thread).
    s_start_client (&hold, "/hold");
    for (int waited = 0; waited < 5000 && !atomic_load (&s_in_hold); waited++)
        usleep (1000);
    SF_CHECK (atomic_load (&s_in_hold));

    gw_http_quiesce (http);
    gw_http_quiesce (http);          //  idempotent

    //  No new connection: refused at once.
    int refused = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) s_port) };
    inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
    SF_CHECK (connect (refused, (struct sockaddr *) &address, sizeof address) < 0);
    close (refused);

    //  The parts go on: the handler under way answers, the resumed requests are answered by
    //  their continuations (one after waiting a second time), the woken stream ends.
    atomic_store (&s_release, true);
    SF_CHECK (s_answered (&hold, "HTTP/1.1 200", "held"));

    //  A new request on the idle connection: 503, and the connection closes.
    s_send (idle, "/plain", true);
    s_read (idle, answer, sizeof answer);
    SF_CHECK (strncmp (answer, "HTTP/1.1 503", 12) == 0);
    SF_CHECK (strcasestr (answer, "Connection: close"));
    SF_CHECK (strstr (answer, "The gateway is stopping"));
    close (idle);

    gw_req_resume (s_wait_req);
    SF_CHECK (s_answered (&wait, "HTTP/1.1 200", "resumed"));
    int before = gw_http_waiting (http);
    gw_req_resume (s_again_req);
    for (int waited = 0; waited < 5000 && gw_http_waiting (http) != before; waited++)
        usleep (1000);                //  off the list, then on it again: waiting a second time
    SF_CHECK (gw_http_waiting (http) == before);
    gw_req_resume (s_again_req);
    SF_CHECK (s_answered (&again, "HTTP/1.1 200", "resumed"));
    gw_stream_wake (s_stream);
    pthread_join (stream.thread, NULL);
    SF_CHECK (strncmp (stream.answer, "HTTP/1.1 200", 12) == 0);
    SF_CHECK (atomic_load (&s_closed) == 1);

    //  One request waits for nobody: the drain says so, and the destroy answers it.
    SF_CHECK (!gw_http_drain (http, 200));
    gw_http_destroy (&http);
    atomic_store (&s_freed, true);
    SF_CHECK (s_answered (&nobody, "HTTP/1.1 503", "nobody"));
    SF_CHECK (http == NULL);

    //  An idle server drains at once.
    s_port = sf_test_free_port ();
    options.port = s_port;
    http = gw_http_new (&options);
    gw_http_route (http, "/plain", s_plain, NULL);
    atomic_store (&s_freed, false);
    SF_CHECK (gw_http_start (http) == 0);
    gw_http_quiesce (http);
    SF_CHECK (gw_http_drain (http, 0));
    gw_http_destroy (&http);
    printf ("gateway_http_stop: ok\n");
    return 0;
}
