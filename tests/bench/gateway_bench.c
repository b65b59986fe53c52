/*  gateway_bench: the client side of ./deploy/bench gateway. It drives a running sf-gateway
    in front of sf-inspection (whose org copy holds the bench enterprise of
    deploy/bench.d/inspection_org.sql) and sf-directory (which holds the account the gateway
    logs in), and prints one line of key=value pairs per action for the script.

    Not a ctest test: its figures mean something only on a quiet machine, next to the same
    command over ZeroMQ and pgbench in the same run.

    gateway_bench setup --endpoint DIRECTORY
        creates in the directory the nodes BC > BP1 > BP1D01 > BP1D01T01 > BP1D01T01S and the
        employee BP1D01T01E2, the account bench.reporter (password BENCH_PASSWORD) of that
        employee and its worker grant on BC (the same account and grant as the org copy's)
    gateway_bench zmq --endpoint INSPECTION --op report|read --clients N --seconds S
    gateway_bench http --url URL --op report|read --clients N --seconds S
        N threads, one synchronous command in flight each, for S seconds: ReportFinding for a
        random team of the bench enterprise (report), or GetFinding of the finding the thread
        reported before the clock started (read); as bench.reporter, over ZeroMQ (an
        sf_rpc_client each) or over HTTP (a session, one libcurl easy handle each, its
        connection kept alive; POST with Idempotency-Key, GET in Connect's form). Every
        thread reports one finding before the clock starts (it also opens its connection):
        a report run writes ok + N findings.
    gateway_bench sse --url URL --endpoint INSPECTION --clients N --seconds S --rate R
                      --gateway-pid PID
        N clients of GET /api/v1/events (plain sockets, HTTP/1.0, one epoll loop) as
        bench.reporter; once every stream is open, ReportFinding at R a second over ZeroMQ for
        S seconds; the latency of each (client, event) pair from the event's occurred_ms to
        its arrival at the client, and the gateway's VmRSS before, with the clients open and
        at most during the events.                                                           */
#include "bench_stats.h"
#include "directory.pb-c.h"
#include "envelope.pb-c.h"
#include "inspection.pb-c.h"
#include "sf_clock.h"
#include "sf_keys.h"
#include "sf_rpc_client.h"

#include <arpa/inet.h>
#include <czmq.h>
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BENCH_LOGIN "bench.reporter"
#define BENCH_PASSWORD "Jizhun-Ceshi-2026"
#define FINDING_PATH "/api/v1/inspection.Inspection/ReportFinding"
#define GET_PATH "/api/v1/inspection.Inspection/GetFinding"

typedef struct {
    const char *action;
    const char *endpoint;
    const char *url;
    const char *op;
    const char *token;           //  the session, http and sse (logged in by main)
    int clients;
    double seconds;
    double rate;
    int gateway_pid;
    int plants;
    int departments;
    int teams;
} s_options_t;

//  ---------------------------------------------------------------------------------------
//  The finding, the same both ways

typedef struct {
    char team [48];
    char person [64];
} s_target_t;

static void
s_target (const s_options_t *options, unsigned *seed, s_target_t *target)
{
    snprintf (target->team, sizeof target->team, "BP%dD%02dT%02d", 1 + rand_r (seed) % options->plants,
              1 + rand_r (seed) % options->departments, 1 + rand_r (seed) % options->teams);
    snprintf (target->person, sizeof target->person, "%sE%d", target->team, 1 + rand_r (seed) % 2);
}

static sf_rpc_client_t *
s_rpc_client (const char *endpoint, const char *server, const char *user, const char *roles)
{
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_server (client, server);
    sf_rpc_client_set_actor (client, user, roles, "", "");
    return client;
}

//  ReportFinding over ZeroMQ; number (may be NULL) gets the finding's number.
static sf_status_t
s_zmq_report (sf_rpc_client_t *client, const s_target_t *target, char *number, size_t number_size, char *error,
              size_t error_size)
{
    char *attachments [] = { (char *) "oss://safety/report/photo-0001.jpg" };
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = (char *) "消防通道堆放纸箱，堵塞疏散通道";
    finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    finding.location = (char *) "一号车间东侧";
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) target->team;
    finding.responsible_person = (char *) target->person;
    finding.n_attachments = 1;
    finding.attachments = attachments;
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    sf_reply_t reply = { 0 };
    sf_status_t status = bench_call (client, &request.base, &reply, error, error_size);
    if (status == SF_OK && number) {
        Inspection__Finding *stored = inspection__finding__unpack (NULL, reply.body_size, reply.body);
        snprintf (number, number_size, "%s", stored && stored->number? stored->number: "");
        if (stored)
            inspection__finding__free_unpacked (stored, NULL);
    }
    sf_reply_clear (&reply);
    return status;
}

static sf_status_t
s_zmq_read (sf_rpc_client_t *client, const char *number, char *error, size_t error_size)
{
    Inspection__GetFinding request = INSPECTION__GET_FINDING__INIT;
    request.number = (char *) number;
    return bench_call (client, &request.base, NULL, error, error_size);
}

static void
s_zmq_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    sf_rpc_client_t *client = s_rpc_client (options->endpoint, "inspection", BENCH_LOGIN, "");
    unsigned seed = (unsigned) (self->index * 7919 + 17);
    bool read = strcmp (options->op, "read") == 0;
    s_target_t target;
    s_target (options, &seed, &target);
    char number [64] = "";
    s_zmq_report (client, &target, number, sizeof number, self->first_error, sizeof self->first_error);
    bench_stats_wait_start (self);
    int64_t deadline = sf_clock_mono_us () + (int64_t) (options->seconds * 1e6);
    while (sf_clock_mono_us () < deadline && !zsys_interrupted) {
        s_target (options, &seed, &target);
        int64_t sent = sf_clock_mono_us ();
        sf_status_t status = read
            ? s_zmq_read (client, number, self->first_error, sizeof self->first_error)
            : s_zmq_report (client, &target, NULL, 0, self->first_error, sizeof self->first_error);
        bench_stats_record (self, status == SF_OK, sf_clock_mono_us () - sent, sf_rpc_client_last_attempts (client) > 1);
    }
    sf_rpc_client_destroy (&client);
}

//  ---------------------------------------------------------------------------------------
//  HTTP through libcurl

typedef struct {
    char *data;
    size_t size;
} s_buffer_t;

static size_t
s_collect (char *data, size_t size, size_t count, void *arg)
{
    s_buffer_t *buffer = arg;
    size_t bytes = size * count;
    char *grown = realloc (buffer->data, buffer->size + bytes + 1);
    if (!grown)
        return 0;
    buffer->data = grown;
    memcpy (buffer->data + buffer->size, data, bytes);
    buffer->size += bytes;
    buffer->data [buffer->size] = 0;
    return bytes;
}

typedef struct {
    CURL *curl;
    const s_options_t *options;
    s_buffer_t body;
    char authorization [256];
} s_http_t;

static void
s_http_init (s_http_t *self, const s_options_t *options)
{
    memset (self, 0, sizeof *self);
    self->options = options;
    self->curl = curl_easy_init ();
    curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (self->curl, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt (self->curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt (self->curl, CURLOPT_WRITEFUNCTION, s_collect);
    curl_easy_setopt (self->curl, CURLOPT_WRITEDATA, &self->body);
    snprintf (self->authorization, sizeof self->authorization, "Authorization: Bearer %s",
              options->token? options->token: "");
}

static void
s_http_destroy (s_http_t *self)
{
    curl_easy_cleanup (self->curl);
    free (self->body.data);
}

//  One request on the thread's handle (its connection reused); the HTTP status, 0 when no
//  answer came. key (may be NULL): the Idempotency-Key.
static long
s_http_call (s_http_t *self, const char *method, const char *path, const char *body, const char *key)
{
    char url [1024], idempotency [128];
    snprintf (url, sizeof url, "%s%s", self->options->url, path);
    self->body.size = 0;
    curl_easy_setopt (self->curl, CURLOPT_URL, url);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append (headers, self->authorization);
    headers = curl_slist_append (headers, "Expect:");
    if (body) {
        headers = curl_slist_append (headers, "Content-Type: application/json");
        curl_easy_setopt (self->curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt (self->curl, CURLOPT_POSTFIELDSIZE, (long) strlen (body));
    }
    else
        curl_easy_setopt (self->curl, CURLOPT_HTTPGET, 1L);
    if (key) {
        snprintf (idempotency, sizeof idempotency, "Idempotency-Key: %s", key);
        headers = curl_slist_append (headers, idempotency);
    }
    curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt (self->curl, CURLOPT_HTTPHEADER, headers);
    long status = 0;
    if (curl_easy_perform (self->curl) == CURLE_OK)
        curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all (headers);
    return status;
}

static void
s_http_error (s_http_t *self, long status, char *error, size_t error_size)
{
    if (!*error)
        snprintf (error, error_size, "HTTP %ld %.200s", status, self->body.data? self->body.data: "");
}

static long
s_http_report (s_http_t *self, const s_target_t *target, const char *key, char *number, size_t number_size,
               char *error, size_t error_size)
{
    char body [1024];
    snprintf (body, sizeof body,
              "{\"finding\":{\"description\":\"消防通道堆放纸箱，堵塞疏散通道\",\"factor\":\"FACTOR_ENVIRONMENT\","
              "\"location\":\"一号车间东侧\",\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\","
              "\"responsiblePerson\":\"%s\",\"attachments\":[\"oss://safety/report/photo-0001.jpg\"]},"
              "\"source\":\"SOURCE_REPORT\"}", target->team, target->person);
    long status = s_http_call (self, "POST", FINDING_PATH, body, key);
    if (status != 200)
        s_http_error (self, status, error, error_size);
    else
    if (number) {
        const char *at = self->body.data? strstr (self->body.data, "\"number\":\""): NULL;
        if (at) {
            at += strlen ("\"number\":\"");
            snprintf (number, number_size, "%.*s", (int) strcspn (at, "\""), at);
        }
    }
    return status;
}

static void
s_http_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    s_http_t http;
    s_http_init (&http, options);
    unsigned seed = (unsigned) (self->index * 7919 + 17);
    bool read = strcmp (options->op, "read") == 0;
    s_target_t target;
    s_target (options, &seed, &target);
    char number [64] = "", key [64], path [512];
    //  Keys unique to the process and the thread.
    snprintf (key, sizeof key, "gb%d-%d-0", (int) getpid (), self->index);
    s_http_report (&http, &target, key, number, sizeof number, self->first_error, sizeof self->first_error);
    //  GetFinding in Connect's GET form: the message as URL-encoded JSON.
    snprintf (path, sizeof path, "%s?encoding=json&message=%%7B%%22number%%22%%3A%%22%s%%22%%7D", GET_PATH, number);
    bench_stats_wait_start (self);
    int64_t deadline = sf_clock_mono_us () + (int64_t) (options->seconds * 1e6);
    for (long sequence = 1; sf_clock_mono_us () < deadline && !zsys_interrupted; sequence++) {
        s_target (options, &seed, &target);
        snprintf (key, sizeof key, "gb%d-%d-%ld", (int) getpid (), self->index, sequence);
        int64_t sent = sf_clock_mono_us ();
        long status;
        if (read) {
            status = s_http_call (&http, "GET", path, NULL, NULL);
            if (status != 200)
                s_http_error (&http, status, self->first_error, sizeof self->first_error);
        }
        else
            status = s_http_report (&http, &target, key, NULL, 0, self->first_error, sizeof self->first_error);
        bench_stats_record (self, status == 200, sf_clock_mono_us () - sent, false);
    }
    s_http_destroy (&http);
}

//  Logs bench.reporter in; the token (fresh string) or NULL.
static char *
s_login (const s_options_t *options)
{
    s_http_t http;
    s_http_init (&http, options);
    long status = s_http_call (&http, "POST", "/api/v1/gateway.Gateway/Login",
                               "{\"login\":\"" BENCH_LOGIN "\",\"password\":\"" BENCH_PASSWORD "\"}", NULL);
    char *token = NULL;
    const char *at = status == 200 && http.body.data? strstr (http.body.data, "\"token\":\""): NULL;
    if (at) {
        at += strlen ("\"token\":\"");
        token = strndup (at, strcspn (at, "\""));
    }
    else
        fprintf (stderr, "gateway_bench: login refused: HTTP %ld %s\n", status, http.body.data? http.body.data: "");
    s_http_destroy (&http);
    return token;
}

//  ---------------------------------------------------------------------------------------
//  Setup of the directory

static int
s_setup (const s_options_t *options)
{
    static const struct { Directory__Kind kind; const char *code, *parent; } tree [] = {
        { DIRECTORY__KIND__KIND_COMPANY, "BC", "" },
        { DIRECTORY__KIND__KIND_PLANT, "BP1", "BC" },
        { DIRECTORY__KIND__KIND_DEPARTMENT, "BP1D01", "BP1" },
        { DIRECTORY__KIND__KIND_TEAM, "BP1D01T01", "BP1D01" },
        { DIRECTORY__KIND__KIND_POST, "BP1D01T01S", "BP1D01T01" },
        { DIRECTORY__KIND__KIND_EMPLOYEE, "BP1D01T01E2", "BP1D01T01S" },
    };
    //  The bench's directory runs without keys: the bench acts as the service, as deploy/up's
    //  import does.
    sf_rpc_client_t *client = s_rpc_client (options->endpoint, "directory", "bench", "service");
    char error [256] = "";
    sf_status_t status = SF_OK;
    for (size_t i = 0; i < sizeof tree / sizeof tree [0] && (status == SF_OK || status == SF_ALREADY_EXISTS); i++) {
        Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
        create.kind = tree [i].kind;
        create.code = (char *) tree [i].code;
        create.parent_code = (char *) tree [i].parent;
        create.name_zh = (char *) "基准";
        create.name_en = (char *) "Bench";
        if (tree [i].kind == DIRECTORY__KIND__KIND_EMPLOYEE)
            create.employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
        *error = 0;
        status = bench_call (client, &create.base, NULL, error, sizeof error);
    }
    if (status == SF_OK || status == SF_ALREADY_EXISTS) {
        Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
        create.login = (char *) BENCH_LOGIN;
        create.employee_code = (char *) "BP1D01T01E2";
        create.password = (char *) BENCH_PASSWORD;
        *error = 0;
        status = bench_call (client, &create.base, NULL, error, sizeof error);
    }
    if (status == SF_OK || status == SF_ALREADY_EXISTS) {
        Directory__GrantRole grant = DIRECTORY__GRANT_ROLE__INIT;
        grant.login = (char *) BENCH_LOGIN;
        grant.role = (char *) "worker";
        grant.node_code = (char *) "BC";
        *error = 0;
        status = bench_call (client, &grant.base, NULL, error, sizeof error);
    }
    sf_rpc_client_destroy (&client);
    if (status != SF_OK && status != SF_ALREADY_EXISTS) {
        fprintf (stderr, "gateway_bench: setup failed: %s\n", error);
        return 1;
    }
    printf ("setup=ok\n");
    return 0;
}

//  ---------------------------------------------------------------------------------------
//  Server-Sent Events: N streams in one epoll loop, a producer thread

typedef struct {
    int fd;
    bool opened;                 //  the status line and the opening "retry:" came
    bool gone;
    int status;
    bool body;                   //  past the header block
    char *line;                  //  the partial line
    size_t line_size;
    size_t line_capacity;
    int64_t events;
} s_stream_t;

typedef struct {
    int64_t *values;
    size_t count;
    size_t capacity;
} s_samples_t;

static void
s_sample (s_samples_t *self, int64_t value)
{
    if (self->count == self->capacity) {
        self->capacity = self->capacity? self->capacity * 2: 65536;
        self->values = realloc (self->values, self->capacity * sizeof (int64_t));
        if (!self->values)
            abort ();
    }
    self->values [self->count++] = value;
}

static int64_t
s_wall_us (void)
{
    struct timespec now;
    clock_gettime (CLOCK_REALTIME, &now);
    return (int64_t) now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

//  The process's VmRSS in kB, -1 when it cannot be read.
static long
s_rss_kb (int pid)
{
    char path [64], line [256];
    snprintf (path, sizeof path, "/proc/%d/status", pid);
    FILE *file = fopen (path, "r");
    long kb = -1;
    while (file && fgets (line, sizeof line, file))
        if (sscanf (line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (file)
        fclose (file);
    return kb;
}

typedef struct {
    const s_options_t *options;
    volatile int done;
    int64_t sent;
    int64_t failed;
    char error [256];
} s_producer_t;

//  ReportFinding at options->rate a second for options->seconds, on a schedule (a late one
//  is sent at once, not skipped).
static void *
s_producer (void *arg)
{
    s_producer_t *self = arg;
    const s_options_t *options = self->options;
    sf_rpc_client_t *client = s_rpc_client (options->endpoint, "inspection", BENCH_LOGIN, "");
    bench_connect (client);
    unsigned seed = 4711;
    int64_t total = (int64_t) llround (options->rate * options->seconds);
    int64_t started = sf_clock_mono_us ();
    for (int64_t i = 0; i < total && !zsys_interrupted; i++) {
        int64_t due = started + (int64_t) ((double) i * 1e6 / options->rate);
        int64_t now = sf_clock_mono_us ();
        if (due > now)
            usleep ((useconds_t) (due - now));
        s_target_t target;
        s_target (options, &seed, &target);
        if (s_zmq_report (client, &target, NULL, 0, self->error, sizeof self->error) == SF_OK)
            self->sent++;
        else
            self->failed++;
    }
    sf_rpc_client_destroy (&client);
    self->done = 1;
    return NULL;
}

static int
s_connect (const char *host, int port)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    inet_pton (AF_INET, host, &address.sin_addr);
    if (connect (fd, (struct sockaddr *) &address, sizeof address) && errno != EINPROGRESS) {
        close (fd);
        return -1;
    }
    return fd;
}

//  One complete line of a stream (without its end of line).
static void
s_stream_line (s_stream_t *stream, char *line, size_t size, s_samples_t *latencies, int64_t arrived_us)
{
    if (!stream->body) {
        if (stream->status == 0)
            sscanf (line, "HTTP/1.%*d %d", &stream->status);
        if (size == 0)
            stream->body = true;
        return;
    }
    if (strncmp (line, "retry:", 6) == 0)
        stream->opened = true;
    if (strncmp (line, "data: ", 6) != 0)
        return;
    line [size] = 0;
    const char *at = strstr (line, "\"occurredMs\":\"");
    if (!at)
        return;
    int64_t occurred_ms = strtoll (at + strlen ("\"occurredMs\":\""), NULL, 10);
    s_sample (&latencies [0], arrived_us - occurred_ms * 1000);
    //  The stream entry's id: the millisecond Redis appended it (the relay's XADD).
    at = strstr (line, "\"entryId\":\"");
    if (at) {
        int64_t entry_ms = strtoll (at + strlen ("\"entryId\":\""), NULL, 10);
        s_sample (&latencies [1], (entry_ms - occurred_ms) * 1000);
        s_sample (&latencies [2], arrived_us - entry_ms * 1000);
    }
    stream->events++;
}

//  Reads what the stream has; false when it ended.
static bool
s_stream_read (s_stream_t *stream, s_samples_t *latencies)
{
    char data [65536];
    while (true) {
        ssize_t got = read (stream->fd, data, sizeof data);
        if (got == 0)
            return false;
        if (got < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK;
        int64_t arrived_us = s_wall_us ();
        for (ssize_t i = 0; i < got; i++) {
            if (data [i] == '\n') {
                size_t size = stream->line_size;
                if (size && stream->line [size - 1] == '\r')
                    size--;
                s_stream_line (stream, stream->line? stream->line: (char *) "", size, latencies, arrived_us);
                stream->line_size = 0;
                continue;
            }
            if (stream->line_size + 2 > stream->line_capacity) {
                stream->line_capacity = stream->line_capacity? stream->line_capacity * 2: 4096;
                stream->line = realloc (stream->line, stream->line_capacity);
                if (!stream->line)
                    abort ();
            }
            stream->line [stream->line_size++] = data [i];
        }
    }
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

static double
s_percentile_ms (const int64_t *sorted, size_t count, double fraction)
{
    if (count == 0)
        return 0;
    size_t rank = (size_t) ceil (fraction * (double) count);
    return (double) sorted [rank? rank - 1: 0] / 1000.0;
}

static double
s_cpu_seconds (void)
{
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6;
}

static int
s_sse (const s_options_t *options)
{
    char host [64] = "127.0.0.1";
    int port = 0;
    if (sscanf (options->url, "http://%63[^:]:%d", host, &port) != 2) {
        fprintf (stderr, "gateway_bench: --url must be http://HOST:PORT\n");
        return 2;
    }
    long rss_before = s_rss_kb (options->gateway_pid);
    int epoll = epoll_create1 (0);
    s_stream_t *streams = calloc ((size_t) options->clients, sizeof *streams);
    //  occurred_ms -> arrival; occurred_ms -> the stream entry; the stream entry -> arrival
    s_samples_t latencies [3] = { { 0 } };
    char request [1024];
    snprintf (request, sizeof request,
              "GET /api/v1/events?types=inspection.finding_reported HTTP/1.0\r\nHost: %s\r\n"
              "Accept: text/event-stream\r\nAuthorization: Bearer %s\r\n\r\n", host, options->token);
    int64_t connect_started = sf_clock_mono_us ();
    for (int i = 0; i < options->clients; i++) {
        streams [i].fd = s_connect (host, port);
        if (streams [i].fd < 0) {
            fprintf (stderr, "gateway_bench: connection %d failed: %s\n", i, strerror (errno));
            return 1;
        }
        struct epoll_event event = { .events = EPOLLOUT, .data.ptr = &streams [i] };
        epoll_ctl (epoll, EPOLL_CTL_ADD, streams [i].fd, &event);
    }
    //  Each connection, once connected, sends its request and waits for data.
    int opened = 0, gone = 0;
    struct epoll_event ready [256];
    while (opened + gone < options->clients && sf_clock_mono_us () - connect_started < 60000000) {
        int count = epoll_wait (epoll, ready, 256, 1000);
        for (int i = 0; i < count; i++) {
            s_stream_t *stream = ready [i].data.ptr;
            if (ready [i].events & EPOLLOUT) {
                //  The request is small: one write takes it on a fresh socket.
                if (write (stream->fd, request, strlen (request)) != (ssize_t) strlen (request)) {
                    stream->gone = true;
                    gone++;
                    continue;
                }
                struct epoll_event event = { .events = EPOLLIN, .data.ptr = stream };
                epoll_ctl (epoll, EPOLL_CTL_MOD, stream->fd, &event);
                continue;
            }
            bool was_open = stream->opened;
            if (!s_stream_read (stream, latencies) && !stream->gone) {
                stream->gone = true;
                gone++;
                epoll_ctl (epoll, EPOLL_CTL_DEL, stream->fd, NULL);
            }
            if (!was_open && stream->opened)
                opened++;
        }
    }
    double connect_s = (double) (sf_clock_mono_us () - connect_started) / 1e6;
    if (opened < options->clients) {
        int status = 0;
        for (int i = 0; i < options->clients && !status; i++)
            if (!streams [i].opened)
                status = streams [i].status;
        fprintf (stderr, "gateway_bench: only %d of %d streams opened (%d ended; a refused one: HTTP %d)\n",
                 opened, options->clients, gone, status);
        return 1;
    }
    sleep (1);                   //  the gateway settles with every client parked
    long rss_open = s_rss_kb (options->gateway_pid), rss_max = rss_open;

    s_producer_t producer = { .options = options };
    pthread_t thread;
    double cpu_started = s_cpu_seconds ();
    int64_t started = sf_clock_mono_us (), last_rss = started, quiet_since = 0;
    pthread_create (&thread, NULL, s_producer, &producer);
    size_t last_count = 0;
    while (true) {
        int count = epoll_wait (epoll, ready, 256, 100);
        for (int i = 0; i < count; i++) {
            s_stream_t *stream = ready [i].data.ptr;
            if (!s_stream_read (stream, latencies) && !stream->gone) {
                stream->gone = true;
                gone++;
                epoll_ctl (epoll, EPOLL_CTL_DEL, stream->fd, NULL);
            }
        }
        int64_t now = sf_clock_mono_us ();
        if (now - last_rss >= 1000000) {
            long rss = s_rss_kb (options->gateway_pid);
            rss_max = rss > rss_max? rss: rss_max;
            last_rss = now;
        }
        if (!producer.done)
            continue;
        //  Done: every client has every event, or nothing came for 5 s.
        if (latencies [0].count >= (size_t) (producer.sent * options->clients))
            break;
        if (latencies [0].count != last_count || !quiet_since) {
            last_count = latencies [0].count;
            quiet_since = now;
        }
        else
        if (now - quiet_since > 5000000)
            break;
    }
    double seconds = (double) (sf_clock_mono_us () - started) / 1e6;
    double cpu = s_cpu_seconds () - cpu_started;
    pthread_join (thread, NULL);
    if (*producer.error)
        fprintf (stderr, "gateway_bench: producer, first failure: %s\n", producer.error);
    int64_t short_clients = 0;
    for (int i = 0; i < options->clients; i++) {
        if (streams [i].events < producer.sent)
            short_clients++;
        close (streams [i].fd);
        free (streams [i].line);
    }
    for (int i = 0; i < 3; i++)
        qsort (latencies [i].values, latencies [i].count, sizeof (int64_t), s_compare);
    const s_samples_t *all = &latencies [0], *relay = &latencies [1], *fan = &latencies [2];
    printf ("clients=%d opened=%d connect_s=%.3f events=%" PRId64 " failed=%" PRId64 " rate=%.1f pairs=%zu "
            "expected=%" PRId64 " short_clients=%" PRId64 " gone=%d seconds=%.3f p50_ms=%.3f p90_ms=%.3f "
            "p99_ms=%.3f max_ms=%.3f min_ms=%.3f relay_p50_ms=%.3f relay_p99_ms=%.3f relay_max_ms=%.3f "
            "fanout_p50_ms=%.3f fanout_p99_ms=%.3f fanout_max_ms=%.3f "
            "rss_before_kb=%ld rss_open_kb=%ld rss_max_kb=%ld cpu_s=%.2f\n",
            options->clients, opened, connect_s, producer.sent, producer.failed, options->rate, all->count,
            producer.sent * options->clients, short_clients, gone, seconds,
            s_percentile_ms (all->values, all->count, 0.50), s_percentile_ms (all->values, all->count, 0.90),
            s_percentile_ms (all->values, all->count, 0.99), s_percentile_ms (all->values, all->count, 1.0),
            all->count? (double) all->values [0] / 1000.0: 0,
            s_percentile_ms (relay->values, relay->count, 0.50), s_percentile_ms (relay->values, relay->count, 0.99),
            s_percentile_ms (relay->values, relay->count, 1.0),
            s_percentile_ms (fan->values, fan->count, 0.50), s_percentile_ms (fan->values, fan->count, 0.99),
            s_percentile_ms (fan->values, fan->count, 1.0), rss_before, rss_open, rss_max, cpu);
    bool complete = all->count == (size_t) (producer.sent * options->clients) && producer.failed == 0;
    for (int i = 0; i < 3; i++)
        free (latencies [i].values);
    free (streams);
    close (epoll);
    return complete? 0: 1;
}

//  ---------------------------------------------------------------------------------------

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: gateway_bench setup --endpoint DIRECTORY\n"
        "       gateway_bench zmq --endpoint INSPECTION --op report|read --clients N --seconds S\n"
        "       gateway_bench http --url URL --op report|read --clients N --seconds S\n"
        "       gateway_bench sse --url URL --endpoint INSPECTION --clients N --seconds S --rate R\n"
        "                         --gateway-pid PID\n"
        "zmq, http: N synchronous clients send ReportFinding (random teams of the bench enterprise)\n"
        "or GetFinding for S seconds and print: clients ok failed retried seconds cmds_per_s p50_ms\n"
        "p99_ms max_ms cpu_s. sse: N event streams, R findings a second over ZeroMQ; prints the\n"
        "latency occurred_ms -> arrival over every (client, event) pair and the gateway's RSS.\n"
        "Run it through ./deploy/bench gateway.\n");
}

static bool
s_options_valid (const s_options_t *options)
{
    if (!options->action || options->plants < 1 || options->plants > 9 || options->departments < 1
        || options->departments > 99 || options->teams < 1 || options->teams > 99)
        return false;
    bool run = options->clients >= 1 && options->seconds > 0;
    bool op = options->op && (strcmp (options->op, "report") == 0 || strcmp (options->op, "read") == 0);
    if (strcmp (options->action, "setup") == 0)
        return options->endpoint;
    if (strcmp (options->action, "zmq") == 0)
        return options->endpoint && op && run && options->clients <= 1000;
    if (strcmp (options->action, "http") == 0)
        return options->url && op && run && options->clients <= 1000;
    if (strcmp (options->action, "sse") == 0)
        return options->url && options->endpoint && run && options->clients <= 20000 && options->rate > 0
            && options->gateway_pid > 0;
    return false;
}

int
main (int argc, char **argv)
{
    s_options_t options = { .clients = 1, .seconds = 10, .rate = 20, .plants = 4, .departments = 10, .teams = 25 };
    char *keys_zh = NULL, *keys_en = NULL;
    if (sf_keys_set_identity_from_env (&keys_zh, &keys_en)) {
        fprintf (stderr, "%s\n%s\n", keys_zh, keys_en);
        return 2;
    }
    static const struct option long_options [] = {
        { "endpoint", required_argument, NULL, 'e' },
        { "url", required_argument, NULL, 'u' },
        { "op", required_argument, NULL, 'o' },
        { "clients", required_argument, NULL, 'c' },
        { "seconds", required_argument, NULL, 's' },
        { "rate", required_argument, NULL, 'r' },
        { "gateway-pid", required_argument, NULL, 'g' },
        { "plants", required_argument, NULL, 'P' },
        { "departments", required_argument, NULL, 'D' },
        { "teams", required_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "e:u:o:c:s:r:g:P:D:T:h", long_options, NULL)) != -1)
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 'u': options.url = optarg; break;
            case 'o': options.op = optarg; break;
            case 'c': options.clients = atoi (optarg); break;
            case 's': options.seconds = atof (optarg); break;
            case 'r': options.rate = atof (optarg); break;
            case 'g': options.gateway_pid = atoi (optarg); break;
            case 'P': options.plants = atoi (optarg); break;
            case 'D': options.departments = atoi (optarg); break;
            case 'T': options.teams = atoi (optarg); break;
            case 'h': s_usage (stdout); return 0;
            default: s_usage (stderr); return 2;
        }
    if (optind == argc - 1)
        options.action = argv [optind];
    if (!s_options_valid (&options)) {
        s_usage (stderr);
        return 2;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    if (strcmp (options.action, "setup") == 0)
        return s_setup (&options);
    if (strcmp (options.action, "zmq") == 0)
        return bench_stats_run ("gateway_bench", options.clients, s_zmq_run, &options);
    curl_global_init (CURL_GLOBAL_DEFAULT);
    char *token = s_login (&options);
    if (!token)
        return 1;
    options.token = token;
    int rc = strcmp (options.action, "http") == 0
        ? bench_stats_run ("gateway_bench", options.clients, s_http_run, &options)
        : s_sse (&options);
    free (token);
    curl_global_cleanup ();
    return rc;
}
