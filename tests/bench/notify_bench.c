/*  notify_bench: the client side of ./deploy/bench notify. The notifier (sf-notify) runs with
    the notifier bench enterprise in its org copy (deploy/bench.d/notify_org.sql: plant NP1,
    200 teams NP1D01T01..NP1D10T20, each with one Standard Webhooks channel pointing at the
    receiver below); this program plays the producer's relay, the receiver, and reads the
    result. Each action prints one line of key=value pairs for the script.

    Not a ctest test: its figures mean something only on a quiet machine.

    notify_bench publish --redis-port N --stream S --events N --out FILE
        writes N rectification.form_issued events (a Form of team i mod 200, severity general)
        to stream S as the rectification daemon's relay would (fields id, type, plant, env),
        pipelined 500 at a time (the relay's pass), in one burst; each event's occurred_ms is
        the wall clock when its pipeline is built (the commit the relay publishes). FILE gets
        "event_id occurred_ms" a line. Logs in as SF_REDIS_USER (password in
        SF_REDIS_PASSWORD_FILE).
    notify_bench receive --port N --out FILE [--watch-pid P]
        a webhook receiver on 127.0.0.1:N that only stamps arrival: for each POST it reads the
        whole request, writes "event_id webhook_id arrival_us" (wall clock, µs) to FILE, answers
        200 and closes the connection. One thread, a connection at a time (the sender sends one
        at a time); it checks no signature (tests.notify_send does). Runs until SIGTERM/SIGINT, or
        until process P is gone (the script that started it died: nothing is left running).
    notify_bench post --url URL --count N
        the receiver's ceiling as the sender meets it: N POSTs of a webhook-sized body, one at
        a time, each on a new libcurl handle and connection as notify_http.c makes them; prints
        posts, seconds, posts_per_s, p50_ms, p99_ms.
    notify_bench report --published FILE --received FILE --per-event K
        joins the two files by event id: latency = arrival - occurred_ms of each delivery
        received (the first arrival of each webhook id); prints the counts (expected = events
        x K, received, duplicates, missing, unknown) and p50/p90/p99/max in ms (nearest rank),
        the span from the first commit to the last arrival and deliveries per second over it. */
#include "envelope.pb-c.h"
#include "rectification.pb-c.h"
#include "bench_publish.h"
#include "sf_clock.h"
#include "sf_envelope.h"
#include "sf_redis.h"
#include "sf_uuid.h"

#include <arpa/inet.h>
#include <assert.h>
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define PIPELINE 500
#define UNITS 200
#define REQUEST_MAX 65536

typedef struct {
    const char *action;
    const char *stream;
    const char *out;
    const char *url;
    const char *published;
    const char *received;
    int redis_port;
    int port;
    int64_t events;
    int64_t count;
    int per_event;
    int watch_pid;
} s_options_t;

static int64_t
s_wall_us (void)
{
    struct timespec now;
    clock_gettime (CLOCK_REALTIME, &now);
    return (int64_t) now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

//  Nearest rank of fraction f among count sorted values, as deploy/bench's percentiles ().
static int64_t
s_rank (const int64_t *sorted, size_t count, double f)
{
    if (count == 0)
        return 0;
    double r = f * (double) count;
    size_t rank = (size_t) r;
    if ((double) rank < r)
        rank++;
    if (rank < 1)
        rank = 1;
    return sorted [rank - 1];
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y? -1: x > y;
}

// ---------------------------------------------------------------------------------------------
// publish

//  The envelope of event i, a form issued to team i mod UNITS; *size its length.
static uint8_t *
s_form_event (int64_t i, int64_t occurred_ms, char event_id [SF_UUID_LEN + 1], size_t *size)
{
    int unit = (int) (i % UNITS);
    char team [32], number [48];
    snprintf (team, sizeof team, "NP1D%02dT%02d", unit / 20 + 1, unit % 20 + 1);
    snprintf (number, sizeof number, "NP1-R2030-%06lld", (long long) i + 1);
    Rectification__Form form = RECTIFICATION__FORM__INIT;
    form.id = i + 1;
    form.number = number;
    form.status = RECTIFICATION__FORM_STATUS__FORM_ISSUED;
    form.severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
    form.description = (char *) "二号车间三层平台护栏缺失";
    form.location = (char *) "二号车间三层平台";
    form.responsible_unit = team;
    form.issuer_unit = (char *) "NP1";
    form.plant_code = (char *) "NP1";
    form.requirement = (char *) "立即设置临时防护，七日内恢复护栏";
    form.deadline_ms = occurred_ms + 7 * 86400000LL;
    form.issued_ms = occurred_ms;
    form.version = 1;
    return bench_event_envelope ("rectification.form_issued", "form", number, "NP1", occurred_ms, &form.base,
                                 event_id, size);
}

static uint8_t *
s_event (void *arg, int64_t index, int64_t occurred_ms, char *id, size_t *size)
{
    (void) arg;
    return s_form_event (index, occurred_ms, id, size);
}

static int
s_publish (const s_options_t *options)
{
    FILE *out = fopen (options->out, "w");
    if (!out) {
        fprintf (stderr, "notify_bench: cannot write %s: %s\n", options->out, strerror (errno));
        return 1;
    }
    const bench_publish_t publish = {
        .who = "notify_bench", .redis_port = options->redis_port, .stream = options->stream,
        .type = "rectification.form_issued", .plant = "NP1", .first = 0, .count = options->events,
        .pipeline = PIPELINE, .event = s_event, .written = out
    };
    int rc = bench_publish (&publish);
    if (fclose (out) != 0) {
        fprintf (stderr, "notify_bench: cannot write %s: %s\n", options->out, strerror (errno));
        rc = 1;
    }
    return rc;
}

// ---------------------------------------------------------------------------------------------
// receive

static volatile sig_atomic_t s_stop;

static void
s_on_signal (int signal)
{
    (void) signal;
    s_stop = 1;
}

//  The value of header name (lower case, with its colon) in head, into value; "" if none.
static void
s_header (const char *head, const char *name, char *value, size_t size)
{
    *value = 0;
    size_t length = strlen (name);
    for (const char *line = head; line && *line; line = strstr (line, "\r\n")? strstr (line, "\r\n") + 2: NULL) {
        if (strncasecmp (line, name, length) != 0)
            continue;
        const char *start = line + length;
        while (*start == ' ')
            start++;
        size_t end = strcspn (start, "\r\n");
        snprintf (value, size, "%.*s", (int) (end < size? end: size - 1), start);
        return;
    }
}

//  The string value of "key" in a JSON body, into value; "" if none.
static void
s_json_string (const char *body, const char *key, char *value, size_t size)
{
    *value = 0;
    const char *at = strstr (body, key);
    if (!at)
        return;
    at = strchr (at + strlen (key), '"');
    if (!at)
        return;
    at++;
    size_t end = strcspn (at, "\"");
    snprintf (value, size, "%.*s", (int) (end < size? end: size - 1), at);
}

static void
s_send_all (int fd, const char *text)
{
    size_t length = strlen (text);
    while (length > 0) {
        ssize_t done = send (fd, text, length, MSG_NOSIGNAL);
        if (done <= 0)
            return;
        text += done;
        length -= (size_t) done;
    }
}

//  Reads one request from fd, stamps and records it, answers. 0, or -1 when it was not a
//  whole request (not recorded).
static int
s_serve (int fd, FILE *out, char *buffer)
{
    size_t used = 0;
    char *body = NULL;
    size_t length = 0;
    bool continued = false;
    while (true) {
        if (used == REQUEST_MAX - 1)
            return -1;
        ssize_t got = recv (fd, buffer + used, REQUEST_MAX - 1 - used, 0);
        if (got <= 0)
            return -1;
        used += (size_t) got;
        buffer [used] = 0;
        if (!body) {
            char *end = strstr (buffer, "\r\n\r\n");
            if (!end)
                continue;
            body = end + 4;
            end [2] = 0;            //  the head ends with its last line's \r\n
            char value [64];
            s_header (buffer, "content-length:", value, sizeof value);
            length = (size_t) atol (value);
            s_header (buffer, "expect:", value, sizeof value);
            if (!continued && strcasecmp (value, "100-continue") == 0 && (size_t) (buffer + used - body) < length) {
                s_send_all (fd, "HTTP/1.1 100 Continue\r\n\r\n");
                continued = true;
            }
        }
        if ((size_t) (buffer + used - body) >= length)
            break;
    }
    int64_t arrival_us = s_wall_us ();
    char webhook_id [64], event_id [64];
    s_header (buffer, "webhook-id:", webhook_id, sizeof webhook_id);
    s_json_string (body, "\"event_id\":", event_id, sizeof event_id);
    fprintf (out, "%s %s %lld\n", *event_id? event_id: "-", *webhook_id? webhook_id: "-", (long long) arrival_us);
    s_send_all (fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    "Connection: close\r\n\r\n{}");
    return 0;
}

static int
s_receive (const s_options_t *options)
{
    //  Appending: the script may empty the file between its measurements.
    FILE *out = fopen (options->out, "a");
    if (!out) {
        fprintf (stderr, "notify_bench: cannot write %s: %s\n", options->out, strerror (errno));
        return 1;
    }
    setvbuf (out, NULL, _IOLBF, 0);     //  the script counts the lines while we run
    int listener = socket (AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) options->port) };
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (listener < 0 || bind (listener, (struct sockaddr *) &address, sizeof address) < 0
        || listen (listener, 1024) < 0) {
        fprintf (stderr, "notify_bench: cannot listen on 127.0.0.1:%d: %s\n", options->port, strerror (errno));
        fclose (out);
        return 1;
    }
    struct sigaction action = { .sa_handler = s_on_signal };
    sigaction (SIGTERM, &action, NULL);
    sigaction (SIGINT, &action, NULL);
    char *buffer = malloc (REQUEST_MAX);
    assert (buffer);
    int64_t served = 0, broken = 0;
    while (!s_stop) {
        struct pollfd ready = { .fd = listener, .events = POLLIN };
        if (poll (&ready, 1, 200) <= 0) {
            if (options->watch_pid > 0 && kill (options->watch_pid, 0) != 0 && errno == ESRCH)
                break;
            continue;
        }
        int fd = accept (listener, NULL, NULL);
        if (fd < 0)
            continue;
        struct timeval timeout = { .tv_sec = 5 };
        setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        if (s_serve (fd, out, buffer) == 0)
            served++;
        else
            broken++;
        close (fd);
    }
    free (buffer);
    close (listener);
    fclose (out);
    fprintf (stderr, "notify_bench: receiver stopped: %lld requests recorded, %lld incomplete\n",
             (long long) served, (long long) broken);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// post

static size_t
s_discard (char *data, size_t size, size_t count, void *arg)
{
    (void) data;
    (void) arg;
    return size * count;
}

static int
s_post (const s_options_t *options)
{
    if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return 1;
    //  About the size of a delivery's body (notify_channel_webhook.c).
    char body [1024];
    snprintf (body, sizeof body, "{\"type\":\"notify.delivery\",\"timestamp\":\"2030-01-01T00:00:00Z\",\"data\":"
              "{\"delivery_id\":1,\"event_id\":\"00000000-0000-4000-8000-000000000000\",\"event_type\":"
              "\"rectification.form_issued\",\"unit_code\":\"NP1D01T01\",\"urgency\":\"URGENCY_NORMAL\","
              "\"subject\":\"问题反馈单 NP1-R2030-000001 已下达\",\"text\":\"**问题反馈单 NP1-R2030-000001**\\n"
              "1班：二号车间三层平台护栏缺失\\n整改期限：2030-01-08 17:00\\n[查看](http://127.0.0.1:8080/forms/"
              "NP1-R2030-000001)\",\"link\":\"http://127.0.0.1:8080/forms/NP1-R2030-000001\",\"recipients\":[]}}");
    int64_t *latencies = calloc ((size_t) options->count, sizeof *latencies);
    assert (latencies);
    int64_t started = sf_clock_mono_us ();
    int64_t ok = 0;
    for (int64_t i = 0; i < options->count; i++) {
        char id [64];
        snprintf (id, sizeof id, "webhook-id: post_%lld", (long long) i);
        struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/json");
        headers = curl_slist_append (headers, id);
        headers = curl_slist_append (headers, "webhook-timestamp: 1893456000");
        headers = curl_slist_append (headers, "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        int64_t sent = sf_clock_mono_us ();
        CURL *curl = curl_easy_init ();
        curl_easy_setopt (curl, CURLOPT_URL, options->url);
        curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) strlen (body));
        curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_discard);
        curl_easy_setopt (curl, CURLOPT_TIMEOUT, 5L);
        curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
        long status = 0;
        if (curl_easy_perform (curl) == CURLE_OK)
            curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup (curl);
        curl_slist_free_all (headers);
        if (status >= 200 && status <= 299)
            latencies [ok++] = sf_clock_mono_us () - sent;
    }
    double seconds = (double) (sf_clock_mono_us () - started) / 1e6;
    qsort (latencies, (size_t) ok, sizeof *latencies, s_compare);
    printf ("posts=%lld failed=%lld seconds=%.3f posts_per_s=%.0f p50_ms=%.3f p99_ms=%.3f\n", (long long) ok,
            (long long) (options->count - ok), seconds, seconds > 0? (double) ok / seconds: 0,
            (double) s_rank (latencies, (size_t) ok, 0.50) / 1000, (double) s_rank (latencies, (size_t) ok, 0.99) / 1000);
    free (latencies);
    curl_global_cleanup ();
    return ok == options->count? 0: 1;
}

// ---------------------------------------------------------------------------------------------
// report

typedef struct {
    char id [SF_UUID_LEN + 1];
    int64_t occurred_ms;
} s_published_t;

typedef struct {
    char event_id [SF_UUID_LEN + 1];
    char webhook_id [40];
    int64_t arrival_us;
} s_received_t;

static int
s_by_event (const void *a, const void *b)
{
    return strcmp (((const s_published_t *) a)->id, ((const s_published_t *) b)->id);
}

static int
s_by_webhook (const void *a, const void *b)
{
    const s_received_t *x = a, *y = b;
    int order = strcmp (x->webhook_id, y->webhook_id);
    return order? order: x->arrival_us < y->arrival_us? -1: x->arrival_us > y->arrival_us;
}

static int
s_report (const s_options_t *options)
{
    FILE *published = fopen (options->published, "r");
    FILE *received = fopen (options->received, "r");
    if (!published || !received) {
        fprintf (stderr, "notify_bench: cannot read %s or %s\n", options->published, options->received);
        if (published)
            fclose (published);
        if (received)
            fclose (received);
        return 1;
    }
    size_t events = 0, events_max = 1024, arrivals = 0, arrivals_max = 1024;
    s_published_t *event = malloc (events_max * sizeof *event);
    s_received_t *arrival = malloc (arrivals_max * sizeof *arrival);
    assert (event && arrival);
    char id [64], webhook [64];
    long long number;
    while (fscanf (published, "%63s %lld", id, &number) == 2) {
        if (events == events_max) {
            event = realloc (event, (events_max *= 2) * sizeof *event);
            assert (event);
        }
        snprintf (event [events].id, sizeof event [events].id, "%.36s", id);
        event [events++].occurred_ms = number;
    }
    while (fscanf (received, "%63s %63s %lld", id, webhook, &number) == 3) {
        if (arrivals == arrivals_max) {
            arrival = realloc (arrival, (arrivals_max *= 2) * sizeof *arrival);
            assert (arrival);
        }
        snprintf (arrival [arrivals].event_id, sizeof arrival [arrivals].event_id, "%.36s", id);
        snprintf (arrival [arrivals].webhook_id, sizeof arrival [arrivals].webhook_id, "%.39s", webhook);
        arrival [arrivals++].arrival_us = number;
    }
    fclose (published);
    fclose (received);
    qsort (event, events, sizeof *event, s_by_event);
    qsort (arrival, arrivals, sizeof *arrival, s_by_webhook);
    int64_t *latencies = calloc (arrivals + 1, sizeof *latencies);
    assert (latencies);
    size_t deliveries = 0, duplicates = 0, unknown = 0;
    int64_t first_ms = INT64_MAX, last_us = 0;
    for (size_t index = 0; index < events; index++)
        if (event [index].occurred_ms < first_ms)
            first_ms = event [index].occurred_ms;
    for (size_t index = 0; index < arrivals; index++) {
        //  A webhook id seen before: the same delivery again (at-least-once), not counted twice.
        if (index > 0 && strcmp (arrival [index].webhook_id, arrival [index - 1].webhook_id) == 0
            && strcmp (arrival [index].webhook_id, "-") != 0) {
            duplicates++;
            continue;
        }
        s_published_t key = { 0 };
        snprintf (key.id, sizeof key.id, "%s", arrival [index].event_id);
        s_published_t *found = bsearch (&key, event, events, sizeof *event, s_by_event);
        if (!found) {
            unknown++;
            continue;
        }
        latencies [deliveries++] = arrival [index].arrival_us - found->occurred_ms * 1000;
        if (arrival [index].arrival_us > last_us)
            last_us = arrival [index].arrival_us;
    }
    qsort (latencies, deliveries, sizeof *latencies, s_compare);
    size_t expected = events * (size_t) options->per_event;
    double seconds = deliveries && first_ms != INT64_MAX? (double) (last_us - first_ms * 1000) / 1e6: 0;
    printf ("events=%zu expected=%zu received=%zu duplicates=%zu missing=%zu unknown=%zu p50_ms=%.1f p90_ms=%.1f"
            " p99_ms=%.1f max_ms=%.1f min_ms=%.1f seconds=%.3f deliveries_per_s=%.1f\n",
            events, expected, deliveries, duplicates, expected > deliveries? expected - deliveries: 0, unknown,
            (double) s_rank (latencies, deliveries, 0.50) / 1000, (double) s_rank (latencies, deliveries, 0.90) / 1000,
            (double) s_rank (latencies, deliveries, 0.99) / 1000, (double) s_rank (latencies, deliveries, 1.0) / 1000,
            deliveries? (double) latencies [0] / 1000: 0, seconds, seconds > 0? (double) deliveries / seconds: 0);
    free (latencies);
    free (event);
    free (arrival);
    return 0;
}

// ---------------------------------------------------------------------------------------------

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: notify_bench publish --redis-port N --stream S --events N --out FILE\n"
        "       notify_bench receive --port N --out FILE [--watch-pid P]\n"
        "       notify_bench post --url URL --count N\n"
        "       notify_bench report --published FILE --received FILE --per-event K\n"
        "publish: N rectification.form_issued events of the bench's 200 teams onto stream S in one\n"
        "burst (FILE: event id and occurred_ms). receive: a webhook receiver on 127.0.0.1 stamping\n"
        "arrivals into FILE until SIGTERM. post: N POSTs one at a time (the receiver's ceiling).\n"
        "report: latencies arrival - occurred_ms. Run it through ./deploy/bench notify.\n");
}

static bool
s_options_valid (const s_options_t *options)
{
    if (!options->action)
        return false;
    if (strcmp (options->action, "publish") == 0)
        return options->stream && options->out && options->redis_port > 0 && options->events >= 1;
    if (strcmp (options->action, "receive") == 0)
        return options->out && options->port > 0;
    if (strcmp (options->action, "post") == 0)
        return options->url && options->count >= 1;
    if (strcmp (options->action, "report") == 0)
        return options->published && options->received && options->per_event >= 1;
    return false;
}

int
main (int argc, char **argv)
{
    s_options_t options = { 0 };
    static const struct option long_options [] = {
        { "redis-port", required_argument, NULL, 'R' },
        { "stream", required_argument, NULL, 'S' },
        { "events", required_argument, NULL, 'n' },
        { "out", required_argument, NULL, 'o' },
        { "port", required_argument, NULL, 'p' },
        { "url", required_argument, NULL, 'u' },
        { "count", required_argument, NULL, 'c' },
        { "published", required_argument, NULL, 'P' },
        { "received", required_argument, NULL, 'r' },
        { "per-event", required_argument, NULL, 'k' },
        { "watch-pid", required_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "R:S:n:o:p:u:c:P:r:k:w:h", long_options, NULL)) != -1)
        switch (option) {
            case 'R': options.redis_port = atoi (optarg); break;
            case 'S': options.stream = optarg; break;
            case 'n': options.events = atoll (optarg); break;
            case 'o': options.out = optarg; break;
            case 'p': options.port = atoi (optarg); break;
            case 'u': options.url = optarg; break;
            case 'c': options.count = atoll (optarg); break;
            case 'P': options.published = optarg; break;
            case 'r': options.received = optarg; break;
            case 'k': options.per_event = atoi (optarg); break;
            case 'w': options.watch_pid = atoi (optarg); break;
            case 'h': s_usage (stdout); return 0;
            default: s_usage (stderr); return 2;
        }
    if (optind == argc - 1)
        options.action = argv [optind];
    if (!s_options_valid (&options)) {
        s_usage (stderr);
        return 2;
    }
    if (strcmp (options.action, "publish") == 0)
        return s_publish (&options);
    if (strcmp (options.action, "receive") == 0)
        return s_receive (&options);
    if (strcmp (options.action, "post") == 0)
        return s_post (&options);
    return s_report (&options);
}
