/*  gateway_sse_reader: the two threads behind the SSE hub, each with a Redis connection of
    its own (the gateway's Redis user: sf_redis logs in with the process's account).

    The reader starts where every stream ends now (XREVRANGE ... COUNT 1), then follows them
    all with one XREAD BLOCK, sorts each batch by entry id and hands it to the hub, each
    event with the cursor of where the reader stands after it; it sends the heartbeats too,
    and checks the clients' sessions (one query on its own database session, gw_db) at each
    heartbeat, at least every GW_SSE_SESSION_CHECK_MS, and within a block (1 s) of a session
    ended here.
    The history thread reads, for one catching-up client at a time and one round each
    (round robin, skipping clients whose queue is half full), the entries after the client's
    cursor up to where the reader stood when it came (XRANGE "(from" "to"), merged across
    the streams in entry id order: an entry is handed over only when no stream still unread
    can hold an earlier one.                                                                 */
#include "gateway_sse_hub.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_redis.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_READ_COUNT "256"               //  entries per XREAD
#define S_HISTORY_COUNT 100              //  entries per stream per history round
#define S_BLOCK_MAX_MS 1000              //  the reader looks at stopping at least this often
#define S_RETRY_MS 200                   //  after a failed Redis command
#define S_JOB_WAIT_MS 200

typedef struct {
    size_t topic;
    gw_sse_pos_t pos;
    const redisReply *entry;
} s_entry_t;

typedef struct {
    s_entry_t *items;
    size_t count;
    size_t capacity;
} s_entries_t;

static bool
s_stopping (gw_sse_t *self)
{
    pthread_mutex_lock (&self->lock);
    bool stopping = self->stopping;
    pthread_mutex_unlock (&self->lock);
    return stopping;
}

static int
s_entry_cmp (const void *a, const void *b)
{
    const s_entry_t *x = a, *y = b;
    int order = gw_sse_pos_cmp (x->pos, y->pos);
    if (order)
        return order;
    return x->topic < y->topic? -1: x->topic > y->topic;
}

//  Adds the entries of one stream's list ([[id, [field, value, ...]], ...]). -1 when the
//  reply does not have that shape.
static int
s_collect (s_entries_t *entries, size_t topic, const redisReply *list)
{
    if (list->type != REDIS_REPLY_ARRAY)
        return -1;
    for (size_t i = 0; i < list->elements; i++) {
        const redisReply *entry = list->element [i];
        gw_sse_pos_t pos;
        if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2 || entry->element [0]->type != REDIS_REPLY_STRING
        ||  entry->element [1]->type != REDIS_REPLY_ARRAY || gw_sse_pos_parse (entry->element [0]->str, &pos))
            return -1;
        if (entries->count == entries->capacity) {
            entries->capacity = entries->capacity? entries->capacity * 2: 64;
            entries->items = realloc (entries->items, entries->capacity * sizeof *entries->items);
            assert (entries->items);
        }
        entries->items [entries->count++] = (s_entry_t) { .topic = topic, .pos = pos, .entry = entry };
    }
    return 0;
}

//  The event of an entry (its "env" field), or NULL (logged).
static gw_sse_event_t *
s_event (gw_sse_t *self, const s_entry_t *entry)
{
    const redisReply *fields = entry->entry->element [1];
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element [i]->type == REDIS_REPLY_STRING && strcmp (fields->element [i]->str, "env") == 0
        &&  fields->element [i + 1]->type == REDIS_REPLY_STRING)
            return gw_sse_event_new (&self->topics, entry->topic, entry->pos,
                                     (const uint8_t *) fields->element [i + 1]->str, fields->element [i + 1]->len);
    char id [48];
    gw_sse_pos_format (entry->pos, id, sizeof id);
    sf_warn ("gateway: entry %s of %s has no env field; not streamed", id, self->streams [entry->topic]);
    return NULL;
}

//  ------------------------------------------------------------------------------------
//  The reader

//  Where every stream ends now ("0-0" for one that has no entry). 0 or -1.
static int
s_stream_ends (gw_sse_t *self, sf_redis_t *redis, gw_sse_pos_t *positions)
{
    memset (positions, 0, GW_SSE_TOPICS_MAX * sizeof *positions);
    for (size_t i = 0; i < self->topics.count; i++) {
        redisReply *reply = sf_redis_call (redis, "XREVRANGE", self->streams [i], "+", "-", "COUNT", "1", NULL);
        if (!reply)
            return -1;
        s_entries_t entries = { 0 };
        int rc = s_collect (&entries, i, reply);
        if (rc == 0 && entries.count == 1)
            positions [i] = entries.items [0].pos;
        free (entries.items);
        freeReplyObject (reply);
        if (rc)
            return -1;
    }
    return 0;
}

//  One XREAD; the events it brings, handed to the hub. -1 when Redis failed.
static int
s_read (gw_sse_t *self, sf_redis_t *redis, gw_sse_pos_t *positions, const char *block)
{
    size_t topics = self->topics.count;
    const char *argv [6 + 2 * GW_SSE_TOPICS_MAX] = { "XREAD", "COUNT", S_READ_COUNT, "BLOCK", block, "STREAMS" };
    char ids [GW_SSE_TOPICS_MAX][48];
    for (size_t i = 0; i < topics; i++) {
        gw_sse_pos_format (positions [i], ids [i], sizeof ids [i]);
        argv [6 + i] = self->streams [i];
        argv [6 + topics + i] = ids [i];
    }
    redisReply *reply = sf_redis_command (redis, (int) (6 + 2 * topics), argv, NULL);
    if (!reply)
        return -1;
    s_entries_t entries = { 0 };
    int rc = 0;
    if (reply->type == REDIS_REPLY_ARRAY)
        for (size_t i = 0; rc == 0 && i < reply->elements; i++) {
            const redisReply *stream = reply->element [i];
            rc = -1;
            if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2 || stream->element [0]->type != REDIS_REPLY_STRING)
                break;
            for (size_t topic = 0; topic < topics; topic++)
                if (strcmp (stream->element [0]->str, self->streams [topic]) == 0)
                    rc = s_collect (&entries, topic, stream->element [1]);
        }
    else
    if (reply->type != REDIS_REPLY_NIL)
        rc = -1;
    if (rc) {
        sf_warn ("gateway: XREAD answered in an unexpected shape; reconnecting");
        sf_redis_disconnect (redis);
    }
    else
    if (entries.count) {
        qsort (entries.items, entries.count, sizeof *entries.items, s_entry_cmp);
        gw_sse_event_t **events = calloc (entries.count, sizeof *events);
        gw_sse_frame_t **frames = calloc (entries.count, sizeof *frames);
        assert (events && frames);
        size_t count = 0;
        char cursor [GW_SSE_CURSOR_MAX];
        for (size_t i = 0; i < entries.count; i++) {
            positions [entries.items [i].topic] = entries.items [i].pos;
            gw_sse_event_t *event = s_event (self, &entries.items [i]);
            if (!event)
                continue;
            gw_sse_cursor_encode (&self->topics, positions, cursor);
            frames [count] = gw_sse_frame_event (cursor, event);
            events [count++] = event;
        }
        gw_sse_hub_publish (self, events, frames, count, positions);
        for (size_t i = 0; i < count; i++) {
            gw_sse_event_destroy (&events [i]);
            gw_sse_frame_unref (&frames [i]);
        }
        free (events);
        free (frames);
    }
    free (entries.items);
    freeReplyObject (reply);
    return rc;
}

static void *
s_reader (void *arg)
{
    gw_sse_t *self = arg;
    int block_ms = self->heartbeat_ms < S_BLOCK_MAX_MS? self->heartbeat_ms: S_BLOCK_MAX_MS;
    char block [16];
    snprintf (block, sizeof block, "%d", block_ms);
    sf_redis_t *redis = sf_redis_new (self->redis_host, self->redis_port, self->redis_timeout_ms + block_ms);
    gw_sse_pos_t positions [GW_SSE_TOPICS_MAX];
    bool ready = false;
    int64_t heartbeat_at = sf_clock_mono_ms () + self->heartbeat_ms;
    int check_ms = self->heartbeat_ms < GW_SSE_SESSION_CHECK_MS? self->heartbeat_ms: GW_SSE_SESSION_CHECK_MS;
    int64_t check_at = sf_clock_mono_ms () + check_ms;
    while (!s_stopping (self)) {
        if (!ready) {
            ready = s_stream_ends (self, redis, positions) == 0;
            if (ready)
                gw_sse_hub_ready (self, positions);
            else
                usleep (S_RETRY_MS * 1000);
            continue;
        }
        if (s_read (self, redis, positions, block) < 0)
            usleep (S_RETRY_MS * 1000);
        if (sf_clock_mono_ms () >= heartbeat_at) {
            gw_sse_hub_heartbeat (self);
            heartbeat_at = sf_clock_mono_ms () + self->heartbeat_ms;
        }
        if (sf_clock_mono_ms () >= check_at || gw_sse_hub_sessions_changed (self)) {
            gw_sse_hub_check_sessions (self);
            check_at = sf_clock_mono_ms () + check_ms;
        }
    }
    sf_redis_destroy (&redis);
    return NULL;
}

//  ------------------------------------------------------------------------------------
//  The history thread

//  One round of a client's history: at most S_HISTORY_COUNT entries of each stream.
static void
s_history_round (gw_sse_t *self, sf_redis_t *redis, gw_sse_client_t *client, const gw_sse_pos_t *from,
                 const gw_sse_pos_t *to)
{
    size_t topics = self->topics.count;
    redisReply *replies [GW_SSE_TOPICS_MAX] = { 0 };
    s_entries_t entries = { 0 };
    bool partial = false;                //  a stream may hold more than this round read
    gw_sse_pos_t bound = { UINT64_MAX, UINT64_MAX };
    bool failed = false;
    char count [16];
    snprintf (count, sizeof count, "%d", S_HISTORY_COUNT);
    for (size_t i = 0; i < topics && !failed; i++) {
        if (gw_sse_pos_cmp (from [i], to [i]) >= 0)
            continue;
        char start [50], end [48];
        start [0] = '(';
        gw_sse_pos_format (from [i], start + 1, sizeof start - 1);
        gw_sse_pos_format (to [i], end, sizeof end);
        replies [i] = sf_redis_call (redis, "XRANGE", self->streams [i], start, end, "COUNT", count, NULL);
        size_t before = entries.count;
        failed = !replies [i] || s_collect (&entries, i, replies [i]) < 0;
        if (!failed && entries.count - before == S_HISTORY_COUNT) {
            partial = true;
            if (gw_sse_pos_cmp (entries.items [entries.count - 1].pos, bound) < 0)
                bound = entries.items [entries.count - 1].pos;
        }
    }
    gw_sse_pos_t reached [GW_SSE_TOPICS_MAX];
    memcpy (reached, from, sizeof reached);
    gw_sse_frame_t **frames = calloc (entries.count + 1, sizeof *frames);
    assert (frames);
    size_t count_out = 0;
    if (failed)
        sf_warn ("gateway: reading an SSE client's history failed (%s); trying again", sf_redis_error (redis));
    else {
        qsort (entries.items, entries.count, sizeof *entries.items, s_entry_cmp);
        char cursor [GW_SSE_CURSOR_MAX];
        for (size_t i = 0; i < entries.count; i++) {
            const s_entry_t *entry = &entries.items [i];
            if (partial && gw_sse_pos_cmp (entry->pos, bound) > 0)
                break;
            reached [entry->topic] = entry->pos;
            gw_sse_event_t *event = s_event (self, entry);
            if (event && gw_sse_client_wants (client, event)) {
                gw_sse_cursor_encode (&self->topics, reached, cursor);
                frames [count_out++] = gw_sse_frame_event (cursor, event);
            }
            gw_sse_event_destroy (&event);
        }
        if (!partial)
            memcpy (reached, to, sizeof reached);
    }
    gw_sse_hub_job_done (self, client, frames, count_out, reached, !failed && !partial);
    free (frames);
    free (entries.items);
    for (size_t i = 0; i < topics; i++)
        if (replies [i])
            freeReplyObject (replies [i]);
    if (failed)
        usleep (S_RETRY_MS * 1000);
}

static void *
s_history (void *arg)
{
    gw_sse_t *self = arg;
    sf_redis_t *redis = sf_redis_new (self->redis_host, self->redis_port, self->redis_timeout_ms);
    while (!s_stopping (self)) {
        gw_sse_pos_t from [GW_SSE_TOPICS_MAX], to [GW_SSE_TOPICS_MAX];
        gw_sse_client_t *client = gw_sse_hub_next_job (self, S_JOB_WAIT_MS, from, to);
        if (client)
            s_history_round (self, redis, client, from, to);
    }
    sf_redis_destroy (&redis);
    return NULL;
}

//  ------------------------------------------------------------------------------------

int
gw_sse_reader_start (gw_sse_t *self)
{
    if (pthread_create (&self->reader, NULL, s_reader, self)) {
        sf_error ("gateway: cannot start the SSE reader thread");
        return -1;
    }
    if (pthread_create (&self->history, NULL, s_history, self)) {
        sf_error ("gateway: cannot start the SSE history thread");
        pthread_mutex_lock (&self->lock);
        self->stopping = true;
        pthread_mutex_unlock (&self->lock);
        pthread_join (self->reader, NULL);
        return -1;
    }
    self->threads_started = true;
    return 0;
}

void
gw_sse_reader_stop (gw_sse_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_broadcast (&self->history_wake);
    pthread_mutex_unlock (&self->lock);
    if (self->threads_started) {
        pthread_join (self->reader, NULL);
        pthread_join (self->history, NULL);
        self->threads_started = false;
    }
}
