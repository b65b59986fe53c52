/*  sf_relay: the actor owns one database session and one Redis connection; the owner only
    pokes it and reads its counters (atomics). A pass is one transaction under the schema's
    relay lock: check the streams when due, prune when due, publish one batch.              */
#include "sf_actor.h"
#include "sf_relay.h"
#include "sf_relay_floor.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_redis.h"

#include <assert.h>
#include <czmq.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define SF_RELAY_CHECK_MS       3000    //  audit of the streams when Redis did not restart
#define SF_RELAY_PING_MS        1000    //  health probe while there is nothing to publish
#define SF_RELAY_PRUNE_MS       60000
#define SF_RELAY_TRIM_MS        60000   //  streams trimmed by age
#define SF_RELAY_CHUNK          10000   //  rows requeued or pruned per statement, to stay
                                        //  far below statement_timeout
#define SF_RELAY_BATCHES_PER_RUN 16     //  then back to the loop, so $TERM is not kept waiting
#define SF_RELAY_BACKOFF_MIN_MS 100
#define SF_RELAY_BACKOFF_MAX_MS 2000
#define SF_RELAY_XADD_ARGS      14
#define SF_RELAY_DAY_MS         (24 * 3600 * 1000LL)

struct _sf_relay_t {
    zactor_t *actor;
    sf_relay_options_t options;     //  strings below are our copies
    char *url;
    char *schema;
    char *application_name;
    char *redis_host;
    int poke_fd;                    //  eventfd: any thread may poke, it never blocks
    atomic_bool poke_pending;
    atomic_bool redis_ok;
    atomic_int_fast64_t published;
};

typedef enum { TROUBLE_NONE, TROUBLE_REDIS, TROUBLE_DB } trouble_t;

//  The actor's state; lives in the actor thread only.
typedef struct {
    sf_relay_t *owner;
    const sf_relay_options_t *options;
    sf_db_t *db;
    sf_redis_t *redis;
    char maxlen [24];
    char checked_run_id [48];       //  Redis run whose streams were last checked
    bool repairing;                 //  lost rows are being queued again: publish nothing yet
    int64_t trim_cut_ms;            //  Redis time: entries before it were trimmed on purpose
    int64_t next_check_ms;          //  monotonic deadlines
    int64_t next_prune_ms;
    int64_t next_trim_ms;
    int64_t next_ping_ms;
    int64_t next_db_attempt_ms;
    int db_backoff_ms;
    int64_t last_pass_ms;           //  monotonic end of the last run; 0: none yet
    int linger_timer;               //  zloop timer of a deferred run; -1: none
    trouble_t trouble;              //  what we last logged, so an outage logs once
    bool troubled;                  //  this pass met a problem, even if it went on
    sf_relay_floor_t floor;         //  where the scan of unpublished rows starts
    uint64_t xmin, xmax;            //  the snapshot of this pass's first statement
} self_t;

//  One row on its way to the stream.
typedef struct {
    const char *argv [SF_RELAY_XADD_ARGS];
    size_t argvlen [SF_RELAY_XADD_ARGS];
    uint8_t *envelope;
    const char *id;
    const char *ctid;               //  where the row is: locked by us, it stays there
    int64_t ms, seq;
    bool added;
} entry_t;

static void
s_trouble (self_t *self, trouble_t kind, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

static void
s_trouble (self_t *self, trouble_t kind, const char *fmt, ...)
{
    self->troubled = true;
    if (kind == TROUBLE_DB) {
        self->next_db_attempt_ms = sf_clock_mono_ms () + self->db_backoff_ms;
        self->db_backoff_ms = self->db_backoff_ms * 2 > SF_RELAY_BACKOFF_MAX_MS?
                              SF_RELAY_BACKOFF_MAX_MS: self->db_backoff_ms * 2;
    }
    if (self->trouble == kind)
        return;
    self->trouble = kind;
    char message [512];
    va_list args;
    va_start (args, fmt);
    vsnprintf (message, sizeof message, fmt, args);
    va_end (args);
    sf_warn ("relay %s: %s; events stay in the outbox, retrying", self->options->db.schema, message);
}

//  After a pass that went well from end to end.
static void
s_recovered (self_t *self)
{
    if (self->troubled)
        return;
    self->db_backoff_ms = SF_RELAY_BACKOFF_MIN_MS;
    if (self->trouble == TROUBLE_NONE)
        return;
    self->trouble = TROUBLE_NONE;
    sf_info ("relay %s: redis and database reachable, publishing again", self->options->db.schema);
}

static int
s_db_failed (self_t *self, const char *what)
{
    s_trouble (self, TROUBLE_DB, "database %s failed: %s", what, sf_db_error (self->db));
    return -1;
}

static int
s_redis_failed (self_t *self, const char *what)
{
    s_trouble (self, TROUBLE_REDIS, "redis %s failed: %s", what, sf_redis_error (self->redis));
    return -1;
}

static bool
s_db_ready (self_t *self)
{
    if (sf_clock_mono_ms () < self->next_db_attempt_ms)
        return false;
    if (sf_db_ensure (self->db))
        return true;
    s_db_failed (self, "connect");
    return false;
}

static bool
s_redis_ready (self_t *self)
{
    if (sf_redis_ensure (self->redis))
        return true;
    s_redis_failed (self, "connect");
    return false;
}

//  Keeps redis_ok honest while nothing else talks to Redis.
static int
s_keep_alive (self_t *self)
{
    int64_t now = sf_clock_mono_ms ();
    if (now < self->next_ping_ms)
        return 0;
    redisReply *reply = sf_redis_call (self->redis, "PING", NULL);
    if (!reply)
        return s_redis_failed (self, "PING");
    freeReplyObject (reply);
    self->next_ping_ms = now + SF_RELAY_PING_MS;
    return 0;
}

//  1 when this instance holds the schema's relay lock for the transaction, 0 when another
//  one does, -1 on error; and the snapshot's xmin and xmax (sf_relay_floor.h). With the
//  lock, the pass's settings: its own commit asynchronous
//  (its rows are published already, a lost mark only publishes them again), and no
//  sequential scans. Every statement of a pass reaches its rows by an index or by ctid;
//  the session's cached generic plans are made once, often while the outbox is new and
//  small, and a plan that scanned the outbox then went on scanning it as it grew.
static int
s_try_lock (self_t *self)
{
    const char *values [] = { self->options->db.schema };
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT pg_try_advisory_xact_lock (hashtext ('sf_relay'), hashtext ($1)), "
        "set_config ('synchronous_commit', 'off', true), set_config ('enable_seqscan', 'off', true), "
        "pg_snapshot_xmin (pg_current_snapshot ())::text, pg_snapshot_xmax (pg_current_snapshot ())::text",
        1, values);
    if (!rows)
        return s_db_failed (self, "relay lock");
    int locked = sf_rows_bool (rows, 0, 0)? 1: 0;
    self->xmin = strtoull (sf_rows_text (rows, 0, 3), NULL, 10);
    self->xmax = strtoull (sf_rows_text (rows, 0, 4), NULL, 10);
    sf_rows_destroy (&rows);
    return locked;
}

static int
s_parse_entry_id (const char *text, int64_t *ms, int64_t *seq)
{
    return sscanf (text, "%" SCNd64 "-%" SCNd64, ms, seq) == 2? 0: -1;
}

//  Queues again, a chunk at a time, the rows of stream recorded after the entry survivor
//  ("ms-seq"), or all retained rows of the stream when survivor is NULL; never rows whose
//  entries are older than the trim cut (those left the stream on purpose). Returns 1 when
//  rows remain (sf_relay_stream still names the lost entry, so the next check goes on),
//  0 when done, -1 on error.
static int
s_requeue (self_t *self, const char *stream, const char *survivor)
{
    int64_t ms = 0, seq = 0;
    if (survivor && s_parse_entry_id (survivor, &ms, &seq))
        return s_redis_failed (self, "XREVRANGE (bad entry id)");
    char ms_text [24], seq_text [24], chunk [16], cut [24];
    snprintf (ms_text, sizeof ms_text, "%" PRId64, ms);
    snprintf (seq_text, sizeof seq_text, "%" PRId64, seq);
    snprintf (chunk, sizeof chunk, "%d", SF_RELAY_CHUNK);
    snprintf (cut, sizeof cut, "%" PRId64, self->trim_cut_ms);
    const char *values [] = { stream, survivor? ms_text: NULL, survivor? seq_text: NULL, chunk, cut };
    int64_t requeued = sf_db_exec (self->db,
        "UPDATE sf_outbox SET published_at = NULL, stream_ms = NULL, stream_seq = NULL "
        "WHERE id IN (SELECT id FROM sf_outbox WHERE stream = $1 AND published_at IS NOT NULL "
        "AND ($2::bigint IS NULL OR (stream_ms, stream_seq) > ($2::bigint, $3::bigint)) "
        "AND stream_ms >= $5::bigint LIMIT $4::int)",
        5, values);
    if (requeued < 0)
        return s_db_failed (self, "requeue");
    if (requeued > 0)
        sf_relay_floor_reset (&self->floor);    //  rows below the floor are unpublished again
    sf_warn ("relay %s: redis lost events of %s (newest entry left: %s): %" PRId64 " queued again",
             self->options->db.schema, stream, survivor? survivor: "none", requeued);
    if (requeued == SF_RELAY_CHUNK)
        return 1;
    int64_t recorded = survivor?
        sf_db_exec (self->db, "UPDATE sf_relay_stream SET last_ms = $2::bigint, last_seq = $3::bigint, "
                              "updated_at = now () WHERE stream = $1", 3, values):
        sf_db_exec (self->db, "DELETE FROM sf_relay_stream WHERE stream = $1", 1, values);
    if (recorded < 0)
        return s_db_failed (self, "relay position");
    return 0;
}

//  Compares our last entry in one stream with what XREVRANGE <stream> <last> - COUNT 1 found.
static int
s_check_stream (self_t *self, const char *stream, const char *last, redisReply *reply)
{
    if (reply->type == REDIS_REPLY_ERROR) {
        s_trouble (self, TROUBLE_REDIS, "XREVRANGE %s failed: %s", stream, reply->str);
        return -1;
    }
    if (reply->type != REDIS_REPLY_ARRAY)
        return s_redis_failed (self, "XREVRANGE (unexpected reply)");
    if (reply->elements == 0)
        return s_requeue (self, stream, NULL);
    redisReply *entry = reply->element [0];
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 1
    ||  entry->element [0]->type != REDIS_REPLY_STRING)
        return s_redis_failed (self, "XREVRANGE (unexpected entry)");
    const char *present = entry->element [0]->str;
    if (strcmp (present, last) == 0)
        return 0;
    return s_requeue (self, stream, present);
}

//  Looks up, in one pipeline, our last entry of every stream we published to, and queues
//  again what was lost. A stream whose last entry is older than the trim cut is skipped:
//  that entry left on purpose. 0 when all is in place, 1 while rows remain to queue again, -1.
static int
s_check_streams (self_t *self)
{
    char cut [24];
    snprintf (cut, sizeof cut, "%" PRId64, self->trim_cut_ms);
    const char *values [] = { cut };
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT stream, last_ms, last_seq FROM sf_relay_stream WHERE last_ms >= $1::bigint ORDER BY stream",
        1, values);
    if (!rows)
        return s_db_failed (self, "reading relay positions");
    int count = sf_rows_count (rows);
    char (*last) [48] = calloc ((size_t) count + 1, sizeof *last);
    const char *(*argv) [6] = calloc ((size_t) count + 1, sizeof *argv);
    sf_redis_cmd_t *commands = calloc ((size_t) count + 1, sizeof *commands);
    redisReply **replies = calloc ((size_t) count + 1, sizeof *replies);
    assert (last && argv && commands && replies);
    for (int i = 0; i < count; i++) {
        snprintf (last [i], sizeof last [i], "%s-%s", sf_rows_text (rows, i, 1), sf_rows_text (rows, i, 2));
        const char *command [] = { "XREVRANGE", sf_rows_text (rows, i, 0), last [i], "-", "COUNT", "1" };
        memcpy (argv [i], command, sizeof command);
        commands [i] = (sf_redis_cmd_t) { 6, argv [i], NULL };
    }
    int rc = 0;
    if (count > 0 && sf_redis_pipeline (self->redis, (size_t) count, commands, replies))
        rc = s_redis_failed (self, "XREVRANGE");
    else
        for (int i = 0; i < count; i++) {
            if (rc >= 0) {
                int stream_rc = s_check_stream (self, sf_rows_text (rows, i, 0), last [i], replies [i]);
                rc = stream_rc < 0? -1: rc | stream_rc;
            }
            freeReplyObject (replies [i]);
        }
    free (last);
    free (argv);
    free (commands);
    free (replies);
    sf_rows_destroy (&rows);
    return rc;
}

//  Deletes one bounded batch of published rows older than the retention period.
static int
s_prune (self_t *self)
{
    char retention [24], chunk [16];
    snprintf (retention, sizeof retention, "%" PRId64, self->options->retention_ms);
    snprintf (chunk, sizeof chunk, "%d", SF_RELAY_CHUNK);
    const char *values [] = { retention, chunk };
    //  Rows published longer ago than the retention, found oldest first by when they were
    //  written (a row is published after it is written: the created_at range holds every
    //  expired row; migration 011's index walks it and stops after chunk), deleted by ctid.
    //  A search of the whole table for expired rows read every row once a minute, in the
    //  publishing transaction.
    int64_t pruned = sf_db_exec (self->db,
        "DELETE FROM sf_outbox WHERE ctid = ANY (ARRAY ("
        " SELECT ctid FROM sf_outbox WHERE created_at < now () - $1::bigint * interval '1 millisecond'"
        " AND published_at < now () - $1::bigint * interval '1 millisecond'"
        " ORDER BY created_at LIMIT $2::int))", 2, values);
    if (pruned < 0)
        return s_db_failed (self, "prune");
    //  A full chunk means more to delete: come back at the next pass.
    self->next_prune_ms = pruned == SF_RELAY_CHUNK? 0: sf_clock_mono_ms () + SF_RELAY_PRUNE_MS;
    if (pruned > 0)
        sf_debug ("relay %s: pruned %" PRId64 " published events", self->options->db.schema, pruned);
    return 0;
}

//  Redis' clock in milliseconds (TIME): entry ids are written with it, so the cut is too.
static int
s_redis_time (self_t *self, int64_t *now_ms)
{
    redisReply *reply = sf_redis_call (self->redis, "TIME", NULL);
    if (!reply)
        return s_redis_failed (self, "TIME");
    int rc = -1;
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 2
    &&  reply->element [0]->type == REDIS_REPLY_STRING && reply->element [1]->type == REDIS_REPLY_STRING) {
        *now_ms = strtoll (reply->element [0]->str, NULL, 10) * 1000
                + strtoll (reply->element [1]->str, NULL, 10) / 1000;
        rc = 0;
    }
    freeReplyObject (reply);
    if (rc) {
        sf_redis_disconnect (self->redis);
        s_trouble (self, TROUBLE_REDIS, "redis TIME failed: unexpected reply");
    }
    return rc;
}

//  Trims every stream we publish to by age, in one pipeline: entries older than
//  stream_retention_ms go, exactly ("~" only drops whole macro nodes, which on a quiet
//  stream can hold weeks of entries). MAXLEN on each XADD still caps the length.
static int
s_trim_streams (self_t *self)
{
    int64_t now_ms;
    if (s_redis_time (self, &now_ms))
        return -1;
    sf_rows_t *rows = sf_db_query (self->db, "SELECT stream FROM sf_relay_stream ORDER BY stream", 0, NULL);
    if (!rows)
        return s_db_failed (self, "reading relay positions");
    int64_t cut = now_ms - self->options->stream_retention_ms;
    char minid [24];
    snprintf (minid, sizeof minid, "%" PRId64, cut);
    int count = sf_rows_count (rows);
    const char *(*argv) [5] = calloc ((size_t) count + 1, sizeof *argv);
    sf_redis_cmd_t *commands = calloc ((size_t) count + 1, sizeof *commands);
    redisReply **replies = calloc ((size_t) count + 1, sizeof *replies);
    assert (argv && commands && replies);
    for (int i = 0; i < count; i++) {
        const char *command [] = { "XTRIM", sf_rows_text (rows, i, 0), "MINID", "=", minid };
        memcpy (argv [i], command, sizeof command);
        commands [i] = (sf_redis_cmd_t) { 5, argv [i], NULL };
    }
    int rc = 0;
    if (count > 0 && sf_redis_pipeline (self->redis, (size_t) count, commands, replies))
        rc = s_redis_failed (self, "XTRIM");
    else
        for (int i = 0; i < count; i++) {
            if (replies [i]->type == REDIS_REPLY_INTEGER && replies [i]->integer > 0)
                sf_debug ("relay %s: trimmed %lld entries older than %s from %s", self->options->db.schema,
                          replies [i]->integer, minid, sf_rows_text (rows, i, 0));
            else
            if (replies [i]->type != REDIS_REPLY_INTEGER)
                s_trouble (self, TROUBLE_REDIS, "XTRIM %s refused: %s", sf_rows_text (rows, i, 0),
                           replies [i]->type == REDIS_REPLY_ERROR? replies [i]->str: "unexpected reply");
            freeReplyObject (replies [i]);
        }
    if (rc == 0) {
        self->trim_cut_ms = cut;
        self->next_trim_ms = sf_clock_mono_ms () + SF_RELAY_TRIM_MS;
    }
    free (argv);
    free (commands);
    free (replies);
    sf_rows_destroy (&rows);
    return rc;
}

static void
s_entry_fill (self_t *self, entry_t *entry, sf_rows_t *rows, int row)
{
    size_t size;
    entry->id = sf_rows_text (rows, row, 0);
    entry->ctid = sf_rows_text (rows, row, 6);
    entry->envelope = sf_rows_bytes (rows, row, 5, &size);
    const char *argv [SF_RELAY_XADD_ARGS] = {
        "XADD", sf_rows_text (rows, row, 2), "MAXLEN", "~", self->maxlen, "*",
        "id", sf_rows_text (rows, row, 1),
        "type", sf_rows_text (rows, row, 3),
        "plant", sf_rows_text (rows, row, 4),
        "env", (const char *) entry->envelope
    };
    memcpy (entry->argv, argv, sizeof argv);
    //  The envelope is binary: its length is the bytea's, never strlen.
    for (int i = 0; i < SF_RELAY_XADD_ARGS - 1; i++)
        entry->argvlen [i] = strlen (argv [i]);
    entry->argvlen [SF_RELAY_XADD_ARGS - 1] = size;
}

//  Takes the XADD replies (and frees them): records each new entry id. Returns how many
//  rows made it; a refused XADD (e.g. WRONGTYPE) leaves its row queued.
static int
s_read_positions (self_t *self, entry_t *entries, redisReply **replies, int count)
{
    int added = 0;
    for (int i = 0; i < count; i++) {
        redisReply *reply = replies [i];
        if (reply->type == REDIS_REPLY_STRING
        &&  s_parse_entry_id (reply->str, &entries [i].ms, &entries [i].seq) == 0) {
            entries [i].added = true;
            added++;
        }
        else
            s_trouble (self, TROUBLE_REDIS, "XADD to %s refused: %s", entries [i].argv [1],
                       reply->type == REDIS_REPLY_ERROR? reply->str: "unexpected reply");
        freeReplyObject (reply);
    }
    return added;
}

//  Appends value to a PostgreSQL array literal being built in buffer, quoted (a tid has a
//  comma in it).
static void
s_array_add (char *buffer, size_t *len, size_t size, const char *value)
{
    *len += (size_t) snprintf (buffer + *len, size - *len, "%s\"%s\"", *len > 1? ",": "", value);
}

//  Marks the added rows published with their entry ids, and moves each stream's last
//  position, in one statement. The rows are reached by their ctids (a Tid Scan): joined on
//  id alone, the relay session's cached generic plan was a hash join over a sequential scan
//  of the outbox, planned while the outbox was small, and a pass cost more as the outbox
//  grew (0.6–0.9 ms per pass at 5,000 rows; see s_try_lock).
static int
s_record (self_t *self, const entry_t *entries, int count)
{
    enum { ARRAYS = 4 };
    size_t size = (size_t) count * 32 + 3;
    char *arrays [ARRAYS];
    size_t lengths [ARRAYS];
    for (int a = 0; a < ARRAYS; a++) {
        arrays [a] = malloc (size);
        assert (arrays [a]);
        strcpy (arrays [a], "{");
        lengths [a] = 1;
    }
    for (int i = 0; i < count; i++) {
        if (!entries [i].added)
            continue;
        char ms [24], seq [24];
        snprintf (ms, sizeof ms, "%" PRId64, entries [i].ms);
        snprintf (seq, sizeof seq, "%" PRId64, entries [i].seq);
        const char *fields [ARRAYS] = { entries [i].id, ms, seq, entries [i].ctid };
        for (int a = 0; a < ARRAYS; a++)
            s_array_add (arrays [a], &lengths [a], size, fields [a]);
    }
    for (int a = 0; a < ARRAYS; a++)
        strcat (arrays [a], "}");
    const char *values [ARRAYS] = { arrays [0], arrays [1], arrays [2], arrays [3] };
    int64_t recorded = sf_db_exec (self->db,
        "WITH published AS ("
        "  UPDATE sf_outbox o SET published_at = now (), stream_ms = p.ms, stream_seq = p.seq"
        "  FROM unnest ($1::bigint [], $2::bigint [], $3::bigint []) AS p (id, ms, seq)"
        "  WHERE o.ctid = ANY ($4::tid []) AND o.id = p.id RETURNING o.stream, p.ms, p.seq) "
        "INSERT INTO sf_relay_stream (stream, last_ms, last_seq) "
        "SELECT DISTINCT ON (stream) stream, ms, seq FROM published ORDER BY stream, ms DESC, seq DESC "
        "ON CONFLICT (stream) DO UPDATE SET last_ms = excluded.last_ms, last_seq = excluded.last_seq, "
        "updated_at = now ()", ARRAYS, values);
    for (int a = 0; a < ARRAYS; a++)
        free (arrays [a]);
    return recorded < 0? s_db_failed (self, "recording published events"): 0;
}

//  Publishes the oldest unpublished rows above the floor. Returns how many, or -1.
static int
s_publish_rows (self_t *self)
{
    char limit [16], from [24];
    snprintf (limit, sizeof limit, "%d", self->options->batch);
    snprintf (from, sizeof from, "%" PRId64,
              sf_relay_floor_begin (&self->floor, self->xmin, self->xmax, sf_clock_mono_ms ()));
    const char *values [] = { limit, from };
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT id, event_id, stream, event_type, plant, envelope, ctid FROM sf_outbox "
        "WHERE published_at IS NULL AND id > $2::bigint ORDER BY id LIMIT $1::int FOR UPDATE SKIP LOCKED",
        2, values);
    if (!rows)
        return s_db_failed (self, "reading the outbox");
    int count = sf_rows_count (rows);
    entry_t *entries = calloc ((size_t) count + 1, sizeof *entries);
    sf_redis_cmd_t *commands = calloc ((size_t) count + 1, sizeof *commands);
    redisReply **replies = calloc ((size_t) count + 1, sizeof *replies);
    assert (entries && commands && replies);
    for (int i = 0; i < count; i++) {
        s_entry_fill (self, &entries [i], rows, i);
        commands [i] = (sf_redis_cmd_t) { SF_RELAY_XADD_ARGS, entries [i].argv, entries [i].argvlen };
    }
    int published = 0;
    if (count > 0) {
        if (sf_redis_pipeline (self->redis, (size_t) count, commands, replies))
            published = s_redis_failed (self, "XADD");
        else {
            //  The rows are in Redis: their mark and the commit finish even when the daemon
            //  begins to stop now (cut, they would be sent again after the next start). The
            //  session's own I/O bound (statement_timeout + 2 s) still holds.
            sf_db_finish_first (self->db, true);
            published = s_read_positions (self, entries, replies, count);
            if (published > 0 && s_record (self, entries, count))
                published = -1;
        }
    }
    if (published >= 0) {
        int64_t first_left = 0;
        for (int i = 0; i < count && !first_left; i++)
            if (!entries [i].added)
                first_left = strtoll (entries [i].id, NULL, 10);
        sf_relay_floor_scanned (&self->floor, count, count == self->options->batch,
                                count? strtoll (entries [count - 1].id, NULL, 10): 0, first_left);
    }
    for (int i = 0; i < count; i++)
        free (entries [i].envelope);
    free (entries);
    free (commands);
    free (replies);
    sf_rows_destroy (&rows);
    return published;
}

static bool
s_check_due (self_t *self)
{
    return self->repairing
        || strcmp (sf_redis_run_id (self->redis), self->checked_run_id) != 0
        || sf_clock_mono_ms () >= self->next_check_ms;
}

//  The work of a pass once the lock is held; the caller commits or rolls back.
static int
s_locked_pass (self_t *self, bool *checked)
{
    //  Before the check, so that it knows which entries left the streams on purpose.
    if (sf_clock_mono_ms () >= self->next_trim_ms && s_trim_streams (self))
        return -1;
    if (s_check_due (self)) {
        int repair = s_check_streams (self);
        if (repair < 0)
            return -1;
        //  The lost rows go out first, in id order: nothing new until all are queued again.
        self->repairing = repair > 0;
        if (self->repairing)
            return 0;
        *checked = true;
    }
    if (self->options->retention_ms >= 0 && sf_clock_mono_ms () >= self->next_prune_ms
    &&  s_prune (self))
        return -1;
    return s_publish_rows (self);
}

//  One transaction. Returns the number of rows published, or -1.
static int
s_pass (self_t *self)
{
    self->troubled = false;
    if (!s_redis_ready (self) || !s_db_ready (self))
        return -1;
    if (sf_db_begin (self->db))
        return s_db_failed (self, "BEGIN");
    int locked = s_try_lock (self);
    if (locked <= 0) {
        sf_db_rollback (self->db);
        if (locked < 0 || s_keep_alive (self))
            return -1;
        s_recovered (self);
        return 0;
    }
    //  The run id may change during the pass (reconnect); remember the one we checked.
    char run_id [sizeof self->checked_run_id];
    snprintf (run_id, sizeof run_id, "%s", sf_redis_run_id (self->redis));
    bool checked = false;
    int published = s_locked_pass (self, &checked);
    if (published < 0)
        sf_db_rollback (self->db);
    bool failed = published < 0 || sf_db_commit (self->db);
    sf_db_finish_first (self->db, false);   //  the pass is over: a stop may interrupt it again
    if (failed) {
        sf_relay_floor_reset (&self->floor);
        return published < 0? -1: s_db_failed (self, "COMMIT");
    }
    sf_relay_floor_committed (&self->floor, sf_clock_mono_ms ());
    if (checked) {
        memcpy (self->checked_run_id, run_id, sizeof run_id);
        self->next_check_ms = sf_clock_mono_ms () + SF_RELAY_CHECK_MS;
    }
    if (published == 0 && !checked && s_keep_alive (self))
        return -1;
    s_recovered (self);
    atomic_fetch_add (&self->owner->published, published);
    return published;
}

//  Passes until the outbox is drained (or enough for one turn of the loop).
static void
s_run (self_t *self)
{
    for (int i = 0; i < SF_RELAY_BATCHES_PER_RUN; i++) {
        int published = s_pass (self);
        if (published < 0 || (published < self->options->batch && !self->repairing))
            break;
    }
    atomic_store (&self->owner->redis_ok, sf_redis_connected (self->redis));
    self->last_pass_ms = sf_clock_mono_ms ();
}

static int
s_handle_linger (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    self_t *self = (self_t *) arg;
    self->linger_timer = -1;
    atomic_store (&self->owner->poke_pending, false);
    s_run (self);
    return 0;
}

static int
s_handle_timer (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    s_run ((self_t *) arg);
    return 0;
}

static int
s_handle_poke (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    self_t *self = (self_t *) arg;
    uint64_t pokes;
    if (read (item->fd, &pokes, sizeof pokes) != sizeof pokes)
        return 0;
    if (self->linger_timer >= 0)
        return 0;                   //  a run is due: the flag stays set, pokes until then are free
    int64_t due = self->last_pass_ms + self->options->linger_ms;
    int64_t now = sf_clock_mono_ms ();
    if (self->options->linger_ms > 0 && self->last_pass_ms && now < due) {
        self->linger_timer = zloop_timer (loop, (size_t) (due - now), 1, s_handle_linger, self);
        if (self->linger_timer >= 0)
            return 0;
    }
    //  Cleared before the pass, so a commit during the pass pokes again.
    atomic_store (&self->owner->poke_pending, false);
    s_run (self);
    return 0;
}

static void
s_actor (zsock_t *pipe, void *args)
{
    sf_relay_t *owner = (sf_relay_t *) args;
    zsock_signal (pipe, 0);
    self_t self = { .owner = owner, .options = &owner->options, .db_backoff_ms = SF_RELAY_BACKOFF_MIN_MS,
                    .linger_timer = -1 };
    snprintf (self.maxlen, sizeof self.maxlen, "%" PRId64, owner->options.stream_maxlen);
    sf_relay_floor_init (&self.floor, owner->options.sweep_ms);
    self.db = sf_db_new (&owner->options.db);
    self.redis = sf_redis_new (owner->options.redis_host, owner->options.redis_port,
                               owner->options.redis_timeout_ms);
    zloop_t *loop = zloop_new ();
    assert (loop);
    //  An actor stops on $TERM from its owner, not on SIGINT: the owner decides the order.
    zloop_set_nonstop (loop, true);
    zloop_reader (loop, pipe, sf_actor_on_pipe, &self);
    zmq_pollitem_t poke = { NULL, owner->poke_fd, ZMQ_POLLIN, 0 };
    zloop_poller (loop, &poke, s_handle_poke, &self);
    zloop_timer (loop, (size_t) owner->options.interval_ms, 0, s_handle_timer, &self);
    s_run (&self);
    zloop_start (loop);
    zloop_destroy (&loop);
    sf_redis_destroy (&self.redis);
    sf_db_destroy (&self.db);
}

static char *
s_strdup (const char *text)
{
    char *copy = text? strdup (text): NULL;
    assert (copy || !text);
    return copy;
}

sf_relay_t *
sf_relay_new (const sf_relay_options_t *options)
{
    assert (options && options->db.url && options->db.schema && options->redis_host);
    sf_relay_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->url = s_strdup (options->db.url);
    self->schema = s_strdup (options->db.schema);
    self->application_name = s_strdup (options->db.application_name);
    self->redis_host = s_strdup (options->redis_host);
    self->options.db.url = self->url;
    self->options.db.schema = self->schema;
    self->options.db.application_name = self->application_name;
    self->options.redis_host = self->redis_host;
    if (self->options.redis_timeout_ms <= 0)
        self->options.redis_timeout_ms = 1000;
    if (self->options.interval_ms <= 0)
        self->options.interval_ms = 100;
    if (self->options.linger_ms == 0)
        self->options.linger_ms = 5;
    if (self->options.batch <= 0)
        self->options.batch = 500;
    if (self->options.sweep_ms <= 0)
        self->options.sweep_ms = 1000;
    if (self->options.stream_maxlen <= 0)
        self->options.stream_maxlen = 1000000;
    if (self->options.retention_ms == 0)
        self->options.retention_ms = 7 * SF_RELAY_DAY_MS;
    if (self->options.stream_retention_ms <= 0)
        self->options.stream_retention_ms = 7 * SF_RELAY_DAY_MS;
    self->poke_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
    assert (self->poke_fd >= 0);
    self->actor = zactor_new (s_actor, self);
    assert (self->actor);
    return self;
}

void
sf_relay_destroy (sf_relay_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_relay_t *self = *self_p;
    zactor_destroy (&self->actor);
    close (self->poke_fd);
    free (self->url);
    free (self->schema);
    free (self->application_name);
    free (self->redis_host);
    free (self);
    *self_p = NULL;
}

void
sf_relay_poke (sf_relay_t *self)
{
    if (atomic_exchange (&self->poke_pending, true))
        return;
    uint64_t one = 1;
    if (write (self->poke_fd, &one, sizeof one) != sizeof one)
        atomic_store (&self->poke_pending, false);
}

bool
sf_relay_redis_ok (sf_relay_t *self)
{
    return atomic_load (&self->redis_ok);
}

int64_t
sf_relay_published (sf_relay_t *self)
{
    return (int64_t) atomic_load (&self->published);
}
