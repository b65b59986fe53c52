/*  The live event stream, GET /api/v1/events (services/gateway/README.md, "The live stream"),
    read as a program would over plain sockets (HTTP/1.0: the stream ends when the connection
    does). Events are appended to the inspection and rectification streams as their relays
    would (st_publish), in plant P and plant Q:
    - scope: a plant-P account sees P's events and never Q's, the company's EHS both, ?plant=
      narrows within scope and is refused outside it;
    - ?types= exact and prefix;
    - resume: after a disconnect, Last-Event-ID gets exactly the events missed, across two
      streams, then the live ones without a duplicate; the same across a gateway restart;
    - heartbeats every gateway.sse_heartbeat_s;
    - a client that never reads is cut loose (its stream ends short; it resumes with its
      cursor) while another gets every event promptly;
    - 200 clients at once all get an event;
    - refusals: no session 401, a bad cursor or filter 400, POST 405;
    - an open stream ends with its session, within the bound (a heartbeat, 1 s here): after
      Logout, RevokeSession by an admin, the directory disabling the account, the session's
      expiry and idleness (its row changed in the gateway's schema), each with a last
      "session_ended" message naming why; another session's stream goes on; an open stream
      notes its session in use.                                                              */
#include "gateway_testlib.h"
#include "stream_testlib.h"
#include "directory.pb-c.h"
#include "sf_clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define S_CLIENTS_MAX 200

typedef struct {
    char *id;
    char *type;
    char *data;
} s_event_t;

typedef struct {
    int fd;
    char *buffer;                        //  bytes read and not yet parsed
    size_t size;
    size_t capacity;
    bool headers_done;
    int status;
    bool opened;                         //  the "retry:" message came
    bool ended;                          //  the connection was closed
    char *opening_id;
    s_event_t *events;
    size_t event_count;
    size_t event_capacity;
    int heartbeats;
} s_client_t;

static gt_stack_t s_stack;
static char *s_manager, *s_qmanager, *s_ehs;

//  An event with the payload a Finding numbered note, described by description.
static void
s_publish_text (const char *topic, const char *type, const char *plant_suffix, const char *note,
                const char *description)
{
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.number = (char *) note;
    finding.description = (char *) description;
    finding.plant_code = (char *) gt_code (&s_stack, plant_suffix);
    st_publish (s_stack.base.prefix, topic, NULL, type, "finding", note, gt_code (&s_stack, plant_suffix),
                sf_clock_wall_ms (), &finding.base);
}

static void
s_publish (const char *topic, const char *type, const char *plant_suffix, const char *note)
{
    s_publish_text (topic, type, plant_suffix, note, note);
}

//  Connects and sends the request; query without '?', last_event_id may be NULL; a small
//  receive buffer (0: the system's) makes a client that never reads fill up quickly.
static void
s_open (s_client_t *client, const char *token, const char *query, const char *last_event_id, int receive_buffer)
{
    memset (client, 0, sizeof *client);
    client->fd = socket (AF_INET, SOCK_STREAM, 0);
    SF_CHECK (client->fd >= 0);
    if (receive_buffer)
        setsockopt (client->fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) s_stack.http_port) };
    inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
    SF_CHECK (connect (client->fd, (struct sockaddr *) &address, sizeof address) == 0);
    char request [2048];
    int size = snprintf (request, sizeof request,
                         "GET /api/v1/events%s%s HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                         "%s%s%s%s%s%s\r\n",
                         query && *query? "?": "", query? query: "",
                         token? "Authorization: Bearer ": "", token? token: "", token? "\r\n": "",
                         last_event_id? "Last-Event-ID: ": "", last_event_id? last_event_id: "", last_event_id? "\r\n": "");
    SF_CHECK (write (client->fd, request, (size_t) size) == size);
    fcntl (client->fd, F_SETFL, fcntl (client->fd, F_GETFL) | O_NONBLOCK);
}

static char *
s_field (const char *message, const char *name)
{
    size_t length = strlen (name);
    for (const char *line = message; line && *line; ) {
        const char *end = strchr (line, '\n');
        if (!end)
            end = line + strlen (line);
        if ((size_t) (end - line) > length && strncmp (line, name, length) == 0 && line [length] == ':') {
            const char *value = line + length + 1;
            if (*value == ' ')
                value++;
            return strndup (value, (size_t) (end - value));
        }
        line = *end? end + 1: end;
    }
    return NULL;
}

//  Takes the complete messages out of the buffer.
static void
s_parse (s_client_t *client)
{
    if (!client->headers_done) {
        char *end = memmem (client->buffer, client->size, "\r\n\r\n", 4);
        if (!end)
            return;
        client->buffer [client->size] = 0;
        SF_CHECK (sscanf (client->buffer, "HTTP/1.%*d %d", &client->status) == 1);
        size_t skip = (size_t) (end + 4 - client->buffer);
        memmove (client->buffer, client->buffer + skip, client->size - skip);
        client->size -= skip;
        client->headers_done = true;
    }
    if (client->status != 200)
        return;
    size_t done = 0;                     //  bytes of whole messages taken
    while (true) {
        char *start = client->buffer + done;
        char *end = memmem (start, client->size - done, "\n\n", 2);
        if (!end)
            break;
        *end = 0;
        const char *message = start;
        if (message [0] == ':')
            client->heartbeats++;
        else
        if (strncmp (message, "retry: 2000\n", 12) == 0) {
            client->opened = true;
            client->opening_id = s_field (message, "id");
            SF_CHECK (client->opening_id);
        }
        else {
            s_event_t event = { s_field (message, "id"), s_field (message, "event"), s_field (message, "data") };
            SF_CHECK (event.type && event.data && (event.id || strcmp (event.type, "session_ended") == 0));
            if (client->event_count == client->event_capacity) {
                client->event_capacity = client->event_capacity? client->event_capacity * 2: 64;
                client->events = realloc (client->events, client->event_capacity * sizeof *client->events);
            }
            client->events [client->event_count++] = event;
        }
        done = (size_t) (end + 2 - client->buffer);
    }
    memmove (client->buffer, client->buffer + done, client->size - done);
    client->size -= done;
}

//  Reads what has come, without waiting.
static void
s_pump (s_client_t *client)
{
    while (!client->ended) {
        if (client->capacity - client->size < 65536 + 1) {
            client->capacity = client->capacity? client->capacity * 2: 131072;
            client->buffer = realloc (client->buffer, client->capacity);
        }
        ssize_t got = read (client->fd, client->buffer + client->size, client->capacity - client->size - 1);
        if (got > 0)
            client->size += (size_t) got;
        else {
            if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                client->ended = true;
            break;
        }
    }
    s_parse (client);
}

typedef bool (s_until_fn) (const s_client_t *client, const void *arg);

//  Pumps clients until each satisfies until (or has ended) or timeout_ms passes. True when all do.
static bool
s_wait (s_client_t *clients, size_t count, s_until_fn *until, const void *arg, int timeout_ms)
{
    int64_t deadline = sf_clock_mono_ms () + timeout_ms;
    struct pollfd *fds = calloc (count, sizeof *fds);
    bool all = false;
    while (true) {
        all = true;
        for (size_t i = 0; i < count; i++) {
            s_pump (&clients [i]);
            if (!until (&clients [i], arg))
                all = false;
        }
        int64_t left = deadline - sf_clock_mono_ms ();
        if (all || left <= 0)
            break;
        size_t polled = 0;
        for (size_t i = 0; i < count; i++)
            if (!clients [i].ended)
                fds [polled++] = (struct pollfd) { .fd = clients [i].fd, .events = POLLIN };
        if (polled == 0)
            break;
        poll (fds, polled, left > 50? 50: (int) left);
    }
    free (fds);
    return all;
}

static bool
s_opened (const s_client_t *client, const void *arg)
{
    (void) arg;
    return client->opened || (client->headers_done && client->status != 200);
}

static bool
s_has_events (const s_client_t *client, const void *arg)
{
    return client->event_count >= *(const size_t *) arg;
}

static bool
s_has_ended (const s_client_t *client, const void *arg)
{
    (void) arg;
    return client->ended;
}

static bool
s_has_heartbeats (const s_client_t *client, const void *arg)
{
    return client->heartbeats >= *(const int *) arg;
}

static bool
s_has_text (const s_client_t *client, const void *arg)
{
    for (size_t i = 0; i < client->event_count; i++)
        if (strstr (client->events [i].data, arg))
            return true;
    return false;
}

static void
s_close (s_client_t *client)
{
    if (client->fd >= 0)
        close (client->fd);
    for (size_t i = 0; i < client->event_count; i++) {
        free (client->events [i].id);
        free (client->events [i].type);
        free (client->events [i].data);
    }
    free (client->events);
    free (client->buffer);
    free (client->opening_id);
    memset (client, 0, sizeof *client);
    client->fd = -1;
}

static void
s_connect (s_client_t *client, const char *token, const char *query, const char *last_event_id)
{
    s_open (client, token, query, last_event_id, 0);
    SF_CHECK (s_wait (client, 1, s_opened, NULL, 5000));
    if (client->status != 200)
        fprintf (stderr, "GET /api/v1/events?%s: %d %.*s\n", query? query: "", client->status, (int) client->size,
                 client->buffer);
    SF_CHECK (client->status == 200 && client->opened);
}

//  The events of client whose data holds text.
static size_t
s_count (const s_client_t *client, const char *text)
{
    size_t count = 0;
    for (size_t i = 0; i < client->event_count; i++)
        count += strstr (client->events [i].data, text) != NULL;
    return count;
}

//  The note (finding number) of event i: "note":"..." in its payload.
static bool
s_note_is (const s_client_t *client, size_t i, const char *note)
{
    char wanted [160];
    snprintf (wanted, sizeof wanted, "\"number\":\"%s\"", note);
    return strstr (client->events [i].data, wanted) != NULL;
}

static void
s_scope (void)
{
    s_client_t manager, qmanager, ehs, ehs_p;
    s_connect (&manager, s_manager, "types=test.scope", NULL);
    s_connect (&qmanager, s_qmanager, "types=test.scope", NULL);
    s_connect (&ehs, s_ehs, "types=test.scope", NULL);
    char query [128];
    snprintf (query, sizeof query, "types=test.*&plant=%s", gt_code (&s_stack, "P"));
    s_connect (&ehs_p, s_ehs, query, NULL);
    for (int i = 0; i < 3; i++) {
        s_publish ("inspection", "test.scope", "P", "scope-p");
        s_publish ("rectification", "test.scope", "Q", "scope-q");
    }
    size_t three = 3, six = 6;
    SF_CHECK (s_wait (&manager, 1, s_has_events, &three, 5000));
    SF_CHECK (s_wait (&qmanager, 1, s_has_events, &three, 5000));
    SF_CHECK (s_wait (&ehs, 1, s_has_events, &six, 5000));
    SF_CHECK (s_wait (&ehs_p, 1, s_has_events, &three, 5000));
    sf_test_sleep_ms (500);
    s_client_t all [] = { manager, qmanager, ehs, ehs_p };
    for (int i = 0; i < 4; i++)
        s_pump (&all [i]);
    SF_CHECK (all [0].event_count == 3 && s_count (&all [0], "scope-p") == 3);
    SF_CHECK (all [1].event_count == 3 && s_count (&all [1], "scope-q") == 3);
    SF_CHECK (all [2].event_count == 6);
    SF_CHECK (all [3].event_count == 3 && s_count (&all [3], "scope-p") == 3);
    SF_CHECK_STR (all [0].events [0].type, "test.scope");
    char plant [160];
    snprintf (plant, sizeof plant, "\"plant\":\"%s\"", gt_code (&s_stack, "P"));
    SF_CHECK (strstr (all [0].events [0].data, plant));
    for (int i = 0; i < 4; i++)
        s_close (&all [i]);

    //  Unfiltered, the plant-P manager sees many kinds (the org's, the daemons') but never Q's.
    s_client_t wide;
    s_connect (&wide, s_manager, NULL, NULL);
    s_publish ("inspection", "test.wide", "Q", "wide-q");
    s_publish ("inspection", "test.wide", "P", "wide-p");
    //  On one stream, Q's before P's: had Q's come, it would have come first.
    SF_CHECK (s_wait (&wide, 1, s_has_text, "wide-p", 5000));
    SF_CHECK (s_count (&wide, "wide-q") == 0 && s_count (&wide, "wide-p") == 1);
    s_close (&wide);

    //  ?plant= outside the scope: 403.
    snprintf (query, sizeof query, "plant=%s", gt_code (&s_stack, "Q"));
    s_client_t refused;
    s_open (&refused, s_manager, query, NULL, 0);
    SF_CHECK (s_wait (&refused, 1, s_has_ended, NULL, 5000));
    SF_CHECK (refused.status == 403 && strstr (refused.buffer, "permission_denied"));
    s_close (&refused);
}

static void
s_types (void)
{
    s_client_t client;
    s_connect (&client, s_manager, "types=test.kind_a,test.pre_*", NULL);
    s_publish ("inspection", "test.kind_b", "P", "t-b");
    s_publish ("inspection", "test.kind_a", "P", "t-a");
    s_publish ("rectification", "test.pre_x", "P", "t-x");
    s_publish ("inspection", "test.kind_ab", "P", "t-ab");
    s_publish ("inspection", "test.pre_y", "P", "t-y");
    size_t three = 3;
    SF_CHECK (s_wait (&client, 1, s_has_events, &three, 5000));
    sf_test_sleep_ms (300);
    s_pump (&client);
    SF_CHECK (client.event_count == 3);
    SF_CHECK (s_count (&client, "\"type\":\"test.kind_a\"") == 1);
    SF_CHECK (s_count (&client, "\"type\":\"test.pre_x\"") == 1);
    SF_CHECK (s_count (&client, "\"type\":\"test.pre_y\"") == 1);
    //  The SSE event field is the type; on one stream, in order (kind_a before pre_y).
    SF_CHECK (strcmp (client.events [0].type, "test.pre_y") != 0);
    SF_CHECK (strcmp (client.events [2].type, "test.kind_a") != 0);
    s_close (&client);
}

//  A finding reported over HTTP: its report and the form the rectification daemon issues for
//  it reach the reporter's plant on the stream, never the other plant's manager.
static void
s_end_to_end (void)
{
    s_client_t manager, qmanager;
    s_connect (&manager, s_manager, "types=inspection.finding_reported,rectification.*", NULL);
    s_connect (&qmanager, s_qmanager, "types=inspection.*,rectification.*", NULL);
    char json [512];
    snprintf (json, sizeof json,
              "{\"finding\":{\"description\":\"流上的发现\",\"factor\":\"FACTOR_ENVIRONMENT\",\"location\":\"一号泵房\","
              "\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\"},\"source\":\"SOURCE_REPORT\"}",
              gt_code (&s_stack, "D1T1"));
    gt_response_t response = gt_post (&s_stack, s_manager, "/api/v1/inspection.Inspection/ReportFinding", json, NULL);
    if (response.status != 200)
        fprintf (stderr, "ReportFinding: %ld %s\n", response.status, response.body);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    SF_CHECK (s_wait (&manager, 1, s_has_text, "\"type\":\"inspection.finding_reported\"", 10000));
    SF_CHECK (s_count (&manager, "流上的发现") >= 1);
    size_t two = 2;
    SF_CHECK (s_wait (&manager, 1, s_has_events, &two, 15000));
    SF_CHECK (s_count (&manager, "\"topic\":\"rectification\"") >= 1);
    s_pump (&qmanager);
    SF_CHECK (s_count (&qmanager, "流上的发现") == 0);
    s_close (&manager);
    s_close (&qmanager);
}

//  Publishes count events "<stem>-<n>" alternating between the two streams.
static void
s_publish_series (const char *type, const char *stem, int first, int count)
{
    for (int i = first; i < first + count; i++) {
        char note [64];
        snprintf (note, sizeof note, "%s-%d", stem, i);
        s_publish (i % 2? "rectification": "inspection", type, "P", note);
    }
}

//  The client has exactly the events stem-first .. stem-(first+count-1) from from_index on,
//  each once, in order on each stream (across two streams, entries of one millisecond have
//  no order between them).
static void
s_check_series (const s_client_t *client, size_t from_index, const char *stem, int first, int count)
{
    if (client->event_count != from_index + (size_t) count)
        fprintf (stderr, "%s: %zu events, expected %zu\n", stem, client->event_count, from_index + (size_t) count);
    SF_CHECK (client->event_count == from_index + (size_t) count);
    size_t last [2] = { 0, 0 };
    bool seen [2] = { false, false };
    for (int i = first; i < first + count; i++) {
        char note [64];
        snprintf (note, sizeof note, "%s-%d", stem, i);
        size_t found = 0, at = 0;
        for (size_t e = from_index; e < client->event_count; e++)
            if (s_note_is (client, e, note)) {
                found++;
                at = e;
            }
        if (found != 1)
            fprintf (stderr, "%s came %zu times\n", note, found);
        SF_CHECK (found == 1);
        SF_CHECK (!seen [i % 2] || at > last [i % 2]);
        seen [i % 2] = true;
        last [i % 2] = at;
    }
}

static void
s_resume (void)
{
    s_client_t client;
    s_connect (&client, s_manager, "types=test.resume", NULL);
    s_publish_series ("test.resume", "r", 1, 3);
    size_t three = 3;
    SF_CHECK (s_wait (&client, 1, s_has_events, &three, 5000));
    s_check_series (&client, 0, "r", 1, 3);
    char *cursor = strdup (client.events [2].id);
    s_close (&client);
    //  Away: five more events, on both streams.
    s_publish_series ("test.resume", "r", 4, 5);
    s_connect (&client, s_manager, "types=test.resume", cursor);
    SF_CHECK_STR (client.opening_id, cursor);
    size_t five = 5, six = 6;
    SF_CHECK (s_wait (&client, 1, s_has_events, &five, 5000));
    //  Then live, joined without a duplicate.
    s_publish_series ("test.resume", "r", 9, 1);
    SF_CHECK (s_wait (&client, 1, s_has_events, &six, 5000));
    sf_test_sleep_ms (300);
    s_pump (&client);
    s_check_series (&client, 0, "r", 4, 6);
    s_close (&client);
    //  The same cursor in the query.
    char query [1200];
    snprintf (query, sizeof query, "types=test.resume&last_event_id=%s", cursor);
    s_connect (&client, s_manager, query, NULL);
    SF_CHECK (s_wait (&client, 1, s_has_events, &six, 5000));
    s_check_series (&client, 0, "r", 4, 6);
    s_close (&client);
    //  Events arriving while a long history is being read are joined after it, in order.
    s_publish_series ("test.resume", "r", 10, 300);
    s_connect (&client, s_manager, "types=test.resume", cursor);
    s_publish_series ("test.resume", "r", 310, 20);
    size_t all = 6 + 300 + 20;
    SF_CHECK (s_wait (&client, 1, s_has_events, &all, 20000));
    sf_test_sleep_ms (300);
    s_pump (&client);
    s_check_series (&client, 0, "r", 4, 326);
    s_close (&client);
    free (cursor);
}

static void
s_restart (void)
{
    s_client_t client;
    s_connect (&client, s_manager, "types=test.restart", NULL);
    s_publish_series ("test.restart", "s", 1, 2);
    size_t two = 2;
    SF_CHECK (s_wait (&client, 1, s_has_events, &two, 5000));
    char *cursor = strdup (client.events [1].id);
    sf_test_daemon_stop (&s_stack.gateway, SIGTERM);
    SF_CHECK (s_wait (&client, 1, s_has_ended, NULL, 10000));
    s_close (&client);
    s_publish_series ("test.restart", "s", 3, 4);
    gt_gateway_restart (&s_stack);
    s_publish_series ("test.restart", "s", 7, 2);
    //  The session is still good: sessions are stored, not in the gateway's memory.
    s_connect (&client, s_manager, "types=test.restart", cursor);
    size_t six = 6;
    SF_CHECK (s_wait (&client, 1, s_has_events, &six, 10000));
    sf_test_sleep_ms (300);
    s_pump (&client);
    s_check_series (&client, 0, "s", 3, 6);
    s_close (&client);
    free (cursor);
}

static void
s_heartbeats (void)
{
    s_client_t client;
    s_connect (&client, s_manager, "types=test.none", NULL);
    int two = 2;
    int64_t started = sf_clock_mono_ms ();
    SF_CHECK (s_wait (&client, 1, s_has_heartbeats, &two, 5000));
    SF_CHECK (sf_clock_mono_ms () - started >= 1000);
    SF_CHECK (client.event_count == 0 && !client.ended);
    s_close (&client);
}

//  The gateway runs with the default gateway.sse_client_buffer_bytes (1 MiB).
static void
s_slow_client (void)
{
    s_client_t slow, fast;
    s_open (&slow, s_manager, "types=test.slow", NULL, 4096);
    SF_CHECK (s_wait (&slow, 1, s_opened, NULL, 5000) && slow.status == 200);
    s_connect (&fast, s_manager, "types=test.slow", NULL);
    //  ~10 MB of events the slow client never reads: more than the socket buffers of a
    //  loopback connection hold, whatever their autotuning. The writer keeps pace with the
    //  reading client (100 events, 400 kB, at most ahead of it), as a busy plant would.
    static char filler [4001];
    memset (filler, 'x', 4000);
    int total = 2500;
    for (int i = 0; i < total; i++) {
        char note [32];
        snprintf (note, sizeof note, "slow-%d", i);
        s_publish_text ("inspection", "test.slow", "P", note, filler);
        s_pump (&fast);
        size_t behind = (size_t) i + 1 > 100? (size_t) i + 1 - 100: 0;
        if (fast.event_count < behind)
            SF_CHECK (s_wait (&fast, 1, s_has_events, &behind, 10000));
    }
    size_t all = (size_t) total;
    SF_CHECK (s_wait (&fast, 1, s_has_events, &all, 20000));
    //  The fast one still gets a new event at once.
    int64_t started = sf_clock_mono_ms ();
    s_publish ("inspection", "test.slow", "P", "slow-last");
    size_t more = all + 1;
    SF_CHECK (s_wait (&fast, 1, s_has_events, &more, 2000));
    int64_t took = sf_clock_mono_ms () - started;
    printf ("measured: an event reached the reading client %lld ms after it was written, next to one that does not read\n",
            (long long) took);
    SF_CHECK (took < 1000);
    //  The slow one, reading at last, finds its stream ended short.
    SF_CHECK (s_wait (&slow, 1, s_has_ended, NULL, 20000));
    printf ("measured: the client that did not read got %zu of %d events before it was cut loose\n",
            slow.event_count, total + 1);
    SF_CHECK (slow.event_count < (size_t) total);
    //  And resumes from its cursor: exactly the rest.
    SF_CHECK (slow.event_count > 0);
    char *cursor = strdup (slow.events [slow.event_count - 1].id);
    size_t got = slow.event_count;
    s_close (&slow);
    s_connect (&slow, s_manager, "types=test.slow", cursor);
    size_t rest = (size_t) total + 1 - got;
    SF_CHECK (s_wait (&slow, 1, s_has_events, &rest, 20000));
    sf_test_sleep_ms (300);
    s_pump (&slow);
    SF_CHECK (slow.event_count == rest);
    char first [64];
    snprintf (first, sizeof first, "slow-%zu", got);
    SF_CHECK (s_note_is (&slow, 0, first));
    SF_CHECK (s_note_is (&slow, rest - 1, "slow-last"));
    free (cursor);
    s_close (&slow);
    s_close (&fast);
}

static void
s_many (void)
{
    static s_client_t clients [S_CLIENTS_MAX];
    for (int i = 0; i < S_CLIENTS_MAX; i++)
        s_open (&clients [i], i % 2? s_manager: s_ehs, "types=test.many", NULL, 0);
    SF_CHECK (s_wait (clients, S_CLIENTS_MAX, s_opened, NULL, 15000));
    for (int i = 0; i < S_CLIENTS_MAX; i++)
        SF_CHECK (clients [i].status == 200);
    int64_t started = sf_clock_mono_ms ();
    s_publish ("inspection", "test.many", "P", "many-1");
    size_t one = 1;
    SF_CHECK (s_wait (clients, S_CLIENTS_MAX, s_has_events, &one, 10000));
    printf ("measured: one event reached all %d clients in %lld ms\n", S_CLIENTS_MAX,
            (long long) (sf_clock_mono_ms () - started));
    for (int i = 0; i < S_CLIENTS_MAX; i++) {
        SF_CHECK (clients [i].event_count == 1 && s_note_is (&clients [i], 0, "many-1"));
        s_close (&clients [i]);
    }
}

static void
s_refusals (void)
{
    s_client_t client;
    const struct { const char *token, *query, *cursor; int status; const char *code; } cases [] = {
        { NULL, NULL, NULL, 401, "unauthenticated" },
        { "not-a-token", NULL, NULL, 401, "unauthenticated" },
        { s_manager, NULL, "org.1.2~", 400, "invalid_argument" },
        { s_manager, "last_event_id=%2e%2e", NULL, 400, "invalid_argument" },
        { s_manager, "types=a%20b", NULL, 400, "invalid_argument" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        s_open (&client, cases [i].token, cases [i].query, cases [i].cursor, 0);
        SF_CHECK (s_wait (&client, 1, s_has_ended, NULL, 5000));
        if (client.status != cases [i].status)
            fprintf (stderr, "case %zu: %d\n", i, client.status);
        SF_CHECK (client.status == cases [i].status);
        client.buffer [client.size] = 0;
        SF_CHECK (strstr (client.buffer, cases [i].code));
        s_close (&client);
    }
    char authorization [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", s_manager);
    const char *headers [] = { authorization, "Content-Type: application/json", NULL };
    gt_response_t response = gt_http (&s_stack, "POST", "/api/v1/events", headers, "{}", 0);
    SF_CHECK (response.status == 405);
    gt_response_clear (&response);
}

//  The value of "name":"…" in a JSON text, fresh string, or NULL.
static char *
s_json_text (const char *json, const char *name)
{
    char key [64];
    snprintf (key, sizeof key, "\"%s\":\"", name);
    const char *start = strstr (json, key);
    if (!start)
        return NULL;
    start += strlen (key);
    return strndup (start, strcspn (start, "\""));
}

static char *
s_session_id (const char *token)
{
    gt_response_t response = gt_post (&s_stack, token, "/api/v1/gateway.Gateway/WhoAmI", "{}", NULL);
    SF_CHECK (response.status == 200);
    char *id = s_json_text (response.body, "sessionId");
    SF_CHECK (id);
    gt_response_clear (&response);
    return id;
}

//  Bound of a stream's end after its session's: a heartbeat (1 s here), the check, slack;
//  after the directory's change, the event's way to the gateway's consumer too.
#define S_END_BOUND_MS 4000
#define S_END_BOUND_DIRECTORY_MS 10000

//  Waits until client's stream ends (within bound_ms of since) and checks its last message:
//  session_ended for reason.
static void
s_check_ended (s_client_t *client, const char *session_id, const char *reason, int64_t since, int bound_ms)
{
    SF_CHECK (s_wait (client, 1, s_has_ended, NULL, bound_ms + 2000));
    int64_t took = sf_clock_mono_ms () - since;
    printf ("measured: the stream ended %lld ms after its session (%s)\n", (long long) took, reason);
    SF_CHECK (took <= bound_ms);
    SF_CHECK (client->event_count >= 1);
    const s_event_t *last = &client->events [client->event_count - 1];
    SF_CHECK_STR (last->type, "session_ended");
    SF_CHECK (!last->id);
    char *got = s_json_text (last->data, "reason");
    SF_CHECK (got);
    SF_CHECK_STR (got, reason);
    free (got);
    got = s_json_text (last->data, "session_id");
    SF_CHECK (got);
    SF_CHECK_STR (got, session_id);
    free (got);
    SF_CHECK (strstr (last->data, "\"code\":\"unauthenticated\"") && strstr (last->data, "\"reason_zh\":\"")
              && strstr (last->data, "\"reason_en\":\""));
}

//  A stream of a fresh session of login; its token and session id.
static void
s_watch (s_client_t *client, const char *login, char **token, char **session_id)
{
    *token = gt_login (&s_stack, login);
    *session_id = s_session_id (*token);
    s_connect (client, *token, "types=test.session", NULL);
}

static void
s_exec_session (const char *sql, const char *session_id)
{
    const char *values [] = { session_id };
    SF_CHECK (sf_db_exec (s_stack.db, sql, 1, values) == 1);
}

static void
s_session_ends (void)
{
    //  Another account's stream, and another session of the same login: never ended.
    s_client_t bystander, sibling;
    char *sibling_token, *sibling_id;
    s_connect (&bystander, s_ehs, "types=test.session", NULL);
    s_watch (&sibling, "manager", &sibling_token, &sibling_id);

    //  Logout: the stream ends, and coming back with that token is 401.
    s_client_t client;
    char *token, *id;
    s_watch (&client, "manager", &token, &id);
    int64_t since = sf_clock_mono_ms ();
    gt_response_t response = gt_post (&s_stack, token, "/api/v1/gateway.Gateway/Logout", "{}", NULL);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    s_check_ended (&client, id, "logout", since, S_END_BOUND_MS);
    s_close (&client);
    s_open (&client, token, "types=test.session", NULL, 0);
    SF_CHECK (s_wait (&client, 1, s_has_ended, NULL, 5000) && client.status == 401);
    s_close (&client);
    free (token);
    free (id);

    //  RevokeSession by an admin (leader, granted admin before logging in).
    Directory__GrantRole grant = DIRECTORY__GRANT_ROLE__INIT;
    grant.login = "leader";
    grant.role = "admin";
    grant.node_code = (char *) gt_code (&s_stack, "C");
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_message (s_stack.base.org_admin, &grant.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    char *admin = gt_login (&s_stack, "leader");
    s_watch (&client, "worker", &token, &id);
    char body [256];
    snprintf (body, sizeof body, "{\"sessionId\":\"%s\"}", id);
    since = sf_clock_mono_ms ();
    response = gt_post (&s_stack, admin, "/api/v1/gateway.Gateway/RevokeSession", body, NULL);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    s_check_ended (&client, id, "revoked", since, S_END_BOUND_MS);
    s_close (&client);
    free (token);
    free (id);
    free (admin);

    //  The session's end (gateway.session_max_hours) passed, then its idle end.
    s_watch (&client, "manager", &token, &id);
    since = sf_clock_mono_ms ();
    s_exec_session ("UPDATE session SET expires_ms = 1 WHERE session_id = $1", id);
    s_check_ended (&client, id, "expired", since, S_END_BOUND_MS);
    s_close (&client);
    free (token);
    free (id);
    s_watch (&client, "manager", &token, &id);
    since = sf_clock_mono_ms ();
    s_exec_session ("UPDATE session SET last_used_ms = last_used_ms - 121 * 60000 WHERE session_id = $1", id);
    s_check_ended (&client, id, "idle", since, S_END_BOUND_MS);
    s_close (&client);
    free (token);
    free (id);

    //  An open stream is its session in use: its last use, a minute and a half ago, is
    //  noted again at the next check (no request made with it meanwhile).
    s_watch (&client, "manager", &token, &id);
    s_exec_session ("UPDATE session SET last_used_ms = last_used_ms - 90000 WHERE session_id = $1", id);
    bool noted = false;
    for (int waited = 0; waited < S_END_BOUND_MS && !noted; waited += 100) {
        sf_test_sleep_ms (100);
        const char *values [] = { id };
        sf_rows_t *rows = sf_db_query (s_stack.db, "SELECT last_used_ms FROM session WHERE session_id = $1", 1, values);
        SF_CHECK (rows && sf_rows_count (rows) == 1);
        noted = sf_rows_int (rows, 0, 0) > sf_clock_wall_ms () - 10000;
        sf_rows_destroy (&rows);
    }
    SF_CHECK (noted);
    s_pump (&client);
    SF_CHECK (!client.ended);
    s_close (&client);
    free (token);
    free (id);

    //  The directory disables the account (its event reaches the gateway's consumer).
    s_watch (&client, "qmanager", &token, &id);
    Directory__DisableAccount disable = DIRECTORY__DISABLE_ACCOUNT__INIT;
    disable.login = "qmanager";
    since = sf_clock_mono_ms ();
    SF_CHECK (sf_rpc_client_call_message (s_stack.base.org_admin, &disable.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    s_check_ended (&client, id, "account_changed", since, S_END_BOUND_DIRECTORY_MS);
    s_close (&client);
    free (token);
    free (id);

    //  Through all of it, the other streams went on.
    s_publish ("inspection", "test.session", "P", "session-after");
    size_t one = 1;
    s_client_t others [] = { bystander, sibling };
    SF_CHECK (s_wait (others, 2, s_has_events, &one, 5000));
    for (int i = 0; i < 2; i++) {
        SF_CHECK (!others [i].ended && others [i].event_count == 1 && s_note_is (&others [i], 0, "session-after"));
        s_close (&others [i]);
    }
    free (sibling_token);
    free (sibling_id);
}

int
main (void)
{
    signal (SIGPIPE, SIG_IGN);
    gt_stack_start (&s_stack, "gwsse", "SF_GATEWAY_SSE_HEARTBEAT_S=1");
    s_manager = gt_login (&s_stack, "manager");
    s_qmanager = gt_login (&s_stack, "qmanager");
    s_ehs = gt_login (&s_stack, "ehs");
    s_refusals ();
    s_scope ();
    s_types ();
    s_end_to_end ();
    s_resume ();
    s_heartbeats ();
    s_slow_client ();
    s_many ();
    s_restart ();
    s_session_ends ();
    free (s_manager);
    free (s_qmanager);
    free (s_ehs);
    gt_stack_stop (&s_stack);
    return 0;
}
