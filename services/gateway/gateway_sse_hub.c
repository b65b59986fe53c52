/*  gateway_sse_hub: the SSE clients, their queues, the fan-out and the join of history and
    live events (gateway_sse_hub.h).

    The join: a client with a cursor notes, under the lock, where the reader stands (to).
    Every event up to there is read from the streams by the history thread (after the
    cursor, up to to); every event after it reaches the client through the fan-out, kept
    aside (pending) until the history is all handed over, then queued after it. So each
    event after the cursor is sent once. A cursor ahead of the reader (another gateway's, or
    one read further before a restart) is a floor: live events at or before it are not sent
    again.                                                                                   */
#include "gateway_sse_hub.h"
#include "sf_log.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct s_item_t {
    gw_sse_frame_t *frame;
    struct s_item_t *next;
} s_item_t;

typedef struct {
    s_item_t *head;
    s_item_t *tail;
    size_t bytes;                        //  not yet sent
} s_queue_t;

struct _gw_sse_client_t {
    gw_sse_t *hub;
    gw_stream_t *stream;                 //  NULL before the stream is made and once closed
    int refs;                            //  the hub's list; a history round at work
    gw_who_t who;
    gw_sse_filter_t filter;
    s_queue_t queue;                     //  what fill sends, the head frame from offset on
    size_t offset;
    s_queue_t pending;                   //  live frames while the history is read
    bool catching_up;
    bool in_history;                     //  a history round holds it
    bool cut;
    bool ending;                         //  its session ended: the last message is queued
    bool listed;
    uint64_t history_round;              //  the last round it had (round robin)
    bool has_floor;
    gw_sse_pos_t floor [GW_SSE_TOPICS_MAX];
    gw_sse_pos_t from [GW_SSE_TOPICS_MAX];
    gw_sse_pos_t to [GW_SSE_TOPICS_MAX];
    gw_sse_client_t *prev;
    gw_sse_client_t *next;
};

//  ------------------------------------------------------------------------------------
//  Queues

static void
s_push (s_queue_t *queue, gw_sse_frame_t *frame)
{
    s_item_t *item = malloc (sizeof *item);
    assert (item);
    item->frame = frame;
    item->next = NULL;
    if (queue->tail)
        queue->tail->next = item;
    else
        queue->head = item;
    queue->tail = item;
    queue->bytes += frame->size;
}

//  The head item; bytes are the caller's to count.
static void
s_pop (s_queue_t *queue)
{
    s_item_t *item = queue->head;
    queue->head = item->next;
    if (!queue->head)
        queue->tail = NULL;
    gw_sse_frame_unref (&item->frame);
    free (item);
}

static void
s_empty (s_queue_t *queue)
{
    while (queue->head)
        s_pop (queue);
    queue->bytes = 0;
}

//  Moves every item of from to the end of to.
static void
s_append (s_queue_t *to, s_queue_t *from)
{
    if (!from->head)
        return;
    if (to->tail)
        to->tail->next = from->head;
    else
        to->head = from->head;
    to->tail = from->tail;
    to->bytes += from->bytes;
    memset (from, 0, sizeof *from);
}

//  ------------------------------------------------------------------------------------
//  Clients (under the lock)

static void
s_wake (gw_sse_client_t *client)
{
    if (client->stream)
        gw_stream_wake (client->stream);
}

static void
s_unlist (gw_sse_t *self, gw_sse_client_t *client)
{
    if (!client->listed)
        return;
    if (client->prev)
        client->prev->next = client->next;
    else
        self->clients = client->next;
    if (client->next)
        client->next->prev = client->prev;
    client->listed = false;
    self->client_count--;
}

static void
s_unref (gw_sse_client_t *client)
{
    if (--client->refs > 0)
        return;
    s_empty (&client->queue);
    s_empty (&client->pending);
    gw_who_clear (&client->who);
    gw_sse_filter_clear (&client->filter);
    free (client);
}

//  The client will get nothing more: its stream ends when its connection next takes bytes
//  (a connection that takes none is closed by the HTTP server's idle timeout); it comes back
//  with its cursor. why NULL: not logged (the gateway stops).
static void
s_cut (gw_sse_client_t *client, const char *why)
{
    if (why)
        sf_info ("gateway: SSE client of %s cut loose (%s, %zu bytes waiting)", client->who.login, why,
                 client->queue.bytes + client->pending.bytes);
    client->cut = true;
    s_empty (&client->queue);
    s_empty (&client->pending);
    client->offset = 0;
    s_wake (client);
}

bool
gw_sse_client_wants (const gw_sse_client_t *client, const gw_sse_event_t *event)
{
    return gw_sse_filter_match (&client->filter, event->type, event->plant)
        && gw_who_sees_plant (&client->who, event->plant);
}

static void
s_offer (gw_sse_t *self, gw_sse_client_t *client, const gw_sse_event_t *event, gw_sse_frame_t *frame)
{
    if (client->cut || client->ending || !gw_sse_client_wants (client, event))
        return;
    if (client->has_floor && gw_sse_pos_cmp (event->pos, client->floor [event->topic]) <= 0)
        return;
    if (client->queue.bytes + client->pending.bytes + frame->size > self->buffer_limit) {
        s_cut (client, "too slow");
        return;
    }
    if (client->catching_up)
        s_push (&client->pending, gw_sse_frame_ref (frame));
    else {
        bool was_empty = client->queue.head == NULL;
        s_push (&client->queue, gw_sse_frame_ref (frame));
        if (was_empty)
            s_wake (client);
    }
}

//  ------------------------------------------------------------------------------------
//  The HTTP pool's side

static ssize_t
s_fill (void *arg, char *buffer, size_t max)
{
    gw_sse_client_t *client = arg;
    gw_sse_t *self = client->hub;
    pthread_mutex_lock (&self->lock);
    if (client->cut || self->stopping) {
        pthread_mutex_unlock (&self->lock);
        return -1;
    }
    size_t size = 0;
    while (client->queue.head && size < max) {
        gw_sse_frame_t *frame = client->queue.head->frame;
        size_t take = frame->size - client->offset;
        if (take > max - size)
            take = max - size;
        memcpy (buffer + size, frame->data + client->offset, take);
        size += take;
        client->offset += take;
        client->queue.bytes -= take;
        if (client->offset == frame->size) {
            client->offset = 0;
            s_pop (&client->queue);
        }
    }
    if (client->catching_up && client->queue.bytes < self->buffer_limit / 2)
        pthread_cond_signal (&self->history_wake);
    bool ended = client->ending && size == 0 && !client->queue.head;
    pthread_mutex_unlock (&self->lock);
    return ended? -1: (ssize_t) size;
}

static void
s_closed (void *arg)
{
    gw_sse_client_t *client = arg;
    gw_sse_t *self = client->hub;
    pthread_mutex_lock (&self->lock);
    client->stream = NULL;
    client->cut = true;
    s_unlist (self, client);
    s_unref (client);
    pthread_mutex_unlock (&self->lock);
}

int
gw_sse_hub_attach (gw_sse_t *self, gw_req_t *req, gw_who_t *who, gw_sse_filter_t *filter, const gw_sse_pos_t *cursor)
{
    pthread_mutex_lock (&self->lock);
    if (!self->ready || self->stopping) {
        pthread_mutex_unlock (&self->lock);
        return -1;
    }
    gw_sse_client_t *client = calloc (1, sizeof *client);
    assert (client);
    client->hub = self;
    client->refs = 1;
    client->who = *who;
    memset (who, 0, sizeof *who);
    client->filter = *filter;
    memset (filter, 0, sizeof *filter);
    //  Where the client starts: its id, so that a browser that goes away before any event
    //  comes back from there.
    char opening [GW_SSE_CURSOR_MAX + 64], cursor_text [GW_SSE_CURSOR_MAX];
    memcpy (client->to, self->live, sizeof client->to);
    memcpy (client->from, cursor? cursor: self->live, sizeof client->from);
    for (size_t i = 0; i < self->topics.count; i++) {
        int order = gw_sse_pos_cmp (client->from [i], client->to [i]);
        if (order < 0)
            client->catching_up = true;
        else
        if (order > 0) {
            client->has_floor = true;
            client->floor [i] = client->from [i];
        }
    }
    gw_sse_cursor_encode (&self->topics, client->from, cursor_text);
    snprintf (opening, sizeof opening, "retry: %d\nid: %s\n\n", GW_SSE_RETRY_MS, cursor_text);
    s_push (&client->queue, gw_sse_frame_text (opening));
    client->next = self->clients;
    if (self->clients)
        self->clients->prev = client;
    self->clients = client;
    client->listed = true;
    self->client_count++;
    if (client->catching_up)
        pthread_cond_signal (&self->history_wake);
    pthread_mutex_unlock (&self->lock);

    gw_req_add_header (req, "Cache-Control", "no-store");
    gw_req_add_header (req, "X-Accel-Buffering", "no");
    gw_stream_t *stream = gw_req_stream (req, "text/event-stream; charset=utf-8", s_fill, s_closed, client);
    pthread_mutex_lock (&self->lock);
    if (stream)
        client->stream = stream;
    else {                               //  answered 500 by the HTTP server
        client->cut = true;
        s_unlist (self, client);
        s_unref (client);
    }
    pthread_mutex_unlock (&self->lock);
    return 0;
}

size_t
gw_sse_hub_clients (gw_sse_t *self)
{
    pthread_mutex_lock (&self->lock);
    size_t count = self->client_count;
    pthread_mutex_unlock (&self->lock);
    return count;
}

//  ------------------------------------------------------------------------------------
//  The reader's side

void
gw_sse_hub_ready (gw_sse_t *self, const gw_sse_pos_t *positions)
{
    pthread_mutex_lock (&self->lock);
    memcpy (self->live, positions, sizeof self->live);
    self->ready = true;
    pthread_mutex_unlock (&self->lock);
}

void
gw_sse_hub_publish (gw_sse_t *self, gw_sse_event_t **events, gw_sse_frame_t **frames, size_t count,
                    const gw_sse_pos_t *positions)
{
    pthread_mutex_lock (&self->lock);
    memcpy (self->live, positions, sizeof self->live);
    for (gw_sse_client_t *client = self->clients; client; client = client->next)
        for (size_t i = 0; i < count; i++)
            s_offer (self, client, events [i], frames [i]);
    pthread_mutex_unlock (&self->lock);
}

void
gw_sse_hub_heartbeat (gw_sse_t *self)
{
    pthread_mutex_lock (&self->lock);
    for (gw_sse_client_t *client = self->clients; client; client = client->next) {
        if (client->cut || client->ending)
            continue;
        if (client->queue.bytes + self->heartbeat->size > self->buffer_limit) {
            s_cut (client, "not reading");
            continue;
        }
        bool was_empty = client->queue.head == NULL;
        s_push (&client->queue, gw_sse_frame_ref (self->heartbeat));
        if (was_empty)
            s_wake (client);
    }
    pthread_mutex_unlock (&self->lock);
}

//  ------------------------------------------------------------------------------------
//  Sessions (the reader's side)

//  Drops what was queued and not begun (a frame partly sent is finished, so the stream stays
//  well-formed), then queues the last message: the client's session has ended.
static void
s_end (gw_sse_client_t *client, gw_session_end_t end)
{
    const char *code, *zh, *en;
    gw_session_end_texts (end, &code, &zh, &en);
    sf_info ("gateway: SSE stream of %s ended: session %s %s", client->who.login, client->who.session_id, code);
    s_queue_t *queue = &client->queue;
    if (queue->head && client->offset > 0) {
        s_queue_t rest = { queue->head->next, queue->head->next? queue->tail: NULL, 0 };
        queue->head->next = NULL;
        queue->tail = queue->head;
        queue->bytes = queue->head->frame->size - client->offset;
        s_empty (&rest);
    }
    else {
        s_empty (queue);
        client->offset = 0;
    }
    s_empty (&client->pending);
    client->catching_up = false;
    client->ending = true;
    char message [1024];
    snprintf (message, sizeof message,
              "event: session_ended\ndata: {\"code\":\"unauthenticated\",\"reason\":\"%s\",\"session_id\":\"%s\","
              "\"reason_zh\":\"%s\",\"reason_en\":\"%s\"}\n\n", code, client->who.session_id, zh, en);
    s_push (queue, gw_sse_frame_text (message));
    s_wake (client);
}

static int
s_id_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

void
gw_sse_hub_check_sessions (gw_sse_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->sessions_changed = false;
    size_t count = 0;
    char **ids = NULL;
    if (self->state && self->client_count) {
        ids = calloc (self->client_count, sizeof *ids);
        assert (ids);
        for (gw_sse_client_t *client = self->clients; client; client = client->next)
            if (!client->cut && !client->ending)
                ids [count++] = strdup (client->who.session_id);
    }
    pthread_mutex_unlock (&self->lock);
    if (count == 0) {
        free (ids);
        return;
    }
    qsort (ids, count, sizeof *ids, s_id_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < count; i++)
        if (distinct && strcmp (ids [i], ids [distinct - 1]) == 0)
            free (ids [i]);
        else
            ids [distinct++] = ids [i];
    gw_session_end_t *ends = calloc (distinct, sizeof *ends);
    assert (ends);
    //  Clients that came meanwhile are not in ids: they were checked as they came.
    if (gw_session_check_streams (self->state, ids, distinct, ends) == 0) {
        pthread_mutex_lock (&self->lock);
        for (gw_sse_client_t *client = self->clients; client; client = client->next) {
            if (client->cut || client->ending)
                continue;
            const char *id = client->who.session_id;
            char **at = bsearch (&id, ids, distinct, sizeof *ids, s_id_cmp);
            if (at && ends [at - ids] != GW_SESSION_OPEN)
                s_end (client, ends [at - ids]);
        }
        pthread_mutex_unlock (&self->lock);
    }
    for (size_t i = 0; i < distinct; i++)
        free (ids [i]);
    free (ids);
    free (ends);
}

bool
gw_sse_hub_sessions_changed (gw_sse_t *self)
{
    pthread_mutex_lock (&self->lock);
    bool changed = self->sessions_changed;
    pthread_mutex_unlock (&self->lock);
    return changed;
}

//  ------------------------------------------------------------------------------------
//  The history thread's side

gw_sse_client_t *
gw_sse_hub_next_job (gw_sse_t *self, int wait_ms, gw_sse_pos_t *from, gw_sse_pos_t *to)
{
    pthread_mutex_lock (&self->lock);
    gw_sse_client_t *chosen = NULL;
    for (gw_sse_client_t *client = self->clients; client; client = client->next)
        if (client->catching_up && !client->cut && !client->ending && !client->in_history
        &&  client->queue.bytes < self->buffer_limit / 2
        &&  (!chosen || client->history_round < chosen->history_round))
            chosen = client;
    if (!chosen && !self->stopping) {
        struct timespec until;
        clock_gettime (CLOCK_REALTIME, &until);
        until.tv_nsec += (long) wait_ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait (&self->history_wake, &self->lock, &until);
    }
    if (chosen) {
        chosen->refs++;
        chosen->in_history = true;
        chosen->history_round = ++self->history_rounds;
        memcpy (from, chosen->from, sizeof chosen->from);
        memcpy (to, chosen->to, sizeof chosen->to);
    }
    pthread_mutex_unlock (&self->lock);
    return chosen;
}

void
gw_sse_hub_job_done (gw_sse_t *self, gw_sse_client_t *client, gw_sse_frame_t **frames, size_t count,
                     const gw_sse_pos_t *from, bool done)
{
    pthread_mutex_lock (&self->lock);
    client->in_history = false;
    if (client->cut || client->ending) {
        for (size_t i = 0; i < count; i++)
            gw_sse_frame_unref (&frames [i]);
    }
    else {
        bool was_empty = client->queue.head == NULL;
        for (size_t i = 0; i < count; i++)
            s_push (&client->queue, frames [i]);
        memcpy (client->from, from, sizeof client->from);
        if (done) {
            s_append (&client->queue, &client->pending);
            client->catching_up = false;
        }
        if (was_empty && client->queue.head)
            s_wake (client);
    }
    s_unref (client);
    pthread_mutex_unlock (&self->lock);
}

//  ------------------------------------------------------------------------------------

gw_sse_t *
gw_sse_hub_new (const char *daemons, const gw_sse_options_t *options)
{
    gw_sse_t *self = calloc (1, sizeof *self);
    assert (self);
    if (gw_sse_topics_from_daemons (&self->topics, daemons) || self->topics.count == 0) {
        sf_error ("gateway: no event stream to follow in gateway.daemons '%s'", daemons);
        free (self);
        return NULL;
    }
    for (size_t i = 0; i < self->topics.count; i++)
        snprintf (self->streams [i], sizeof self->streams [i], "%s", sf_stream_name (self->topics.names [i]));
    self->redis_host = strdup (options->redis_host);
    self->redis_port = options->redis_port;
    self->redis_timeout_ms = options->redis_timeout_ms;
    self->buffer_limit = options->buffer_limit;
    self->heartbeat_ms = options->heartbeat_ms;
    self->state = options->state;
    self->heartbeat = gw_sse_frame_text (": heartbeat\n\n");
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->history_wake, NULL);
    return self;
}

void
gw_sse_hub_stop (gw_sse_t *self)
{
    gw_sse_reader_stop (self);
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    for (gw_sse_client_t *client = self->clients; client; client = client->next)
        if (!client->cut)
            s_cut (client, NULL);
    pthread_mutex_unlock (&self->lock);
}

void
gw_sse_hub_destroy (gw_sse_t **self_p)
{
    gw_sse_t *self = *self_p;
    if (!self)
        return;
    gw_sse_hub_stop (self);
    assert (self->client_count == 0);
    *self_p = NULL;
    gw_sse_frame_unref (&self->heartbeat);
    pthread_cond_destroy (&self->history_wake);
    pthread_mutex_destroy (&self->lock);
    free (self->redis_host);
    free (self);
}
