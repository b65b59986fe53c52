/*  sf_consumer: the actor loops on one step: connect and create the group if needed, prune
    attempt counts when due, claim idle entries when due, then read (own pending entries from
    "0" after a start or a failure, else new ones with BLOCK). The entries of one read are
    decoded first (what cannot be an event is dead-lettered at once), then applied as one
    batch (s_apply_batch: a savepoint per entry, one COMMIT), then dead-lettered where
    counted out, then acknowledged with one XACK. Between steps it looks at its pipe, so
    $TERM waits for one step at most; after a failed step it waits there with backoff.
    Reading pending entries again costs nothing but time: dead-lettering rests on the
    handler failures counted in sf_consumer_attempt, never on Redis' delivery counter.      */
#include "sf_consumer.h"
#include "sf_clock.h"
#include "sf_consumer_gap.h"
#include "sf_log.h"
#include "sf_redis.h"

#include <assert.h>
#include <ctype.h>
#include <czmq.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_CONSUMER_BACKOFF_MIN_MS 100
#define SF_CONSUMER_BACKOFF_MAX_MS 2000
#define SF_CONSUMER_PRUNE_MS       (3600 * 1000)
#define SF_CONSUMER_DEAD_MAXLEN    "1000000"
#define SF_CONSUMER_DEAD_ARGS      16      //  XADD and our fields, before attempts and the entry's own
#define SF_CONSUMER_ABORTED        "25P02" //  in_failed_sql_transaction

struct _sf_consumer_t {
    zactor_t *actor;
    sf_consumer_options_t options;      //  strings below are our copies
    sf_consumer_fn *handler;
    void *arg;
    char *url;
    char *schema;
    char *application_name;
    char *redis_host;
    char *stream;
    char *group;
    char *consumer;
    atomic_int_fast64_t applied;
    atomic_int_fast64_t duplicates;
    atomic_int_fast64_t dead_lettered;
    atomic_bool caught_up;
};

typedef enum { TROUBLE_NONE, TROUBLE_REDIS, TROUBLE_DB } trouble_t;

//  What a step on one entry came to: DONE (dead-lettered: acknowledge it), READY (decoded,
//  for the batch), FAILED (Redis failed, or a reply we cannot read: stop, back off and start
//  again from our pending entries).
typedef enum { ENTRY_DONE, ENTRY_READY, ENTRY_FAILED } outcome_t;

//  A stream entry id "ms-seq" as the two numbers sf_consumer_attempt keys it by.
typedef struct {
    char ms [24];
    char seq [24];
} position_t;

typedef struct _lane_t lane_t;

//  The actor's state; lives in the actor thread only (lanes, while they run, on theirs).
typedef struct {
    sf_consumer_t *owner;
    const sf_consumer_options_t *options;
    sf_db_t *db;
    sf_redis_t *redis;
    char *dead_stream;
    char batch [16];
    char block [16];
    char claim_idle [16];
    bool group_ready;               //  XGROUP CREATE done on this connection
    bool read_history;              //  reading our own pending entries, after history_from
    char history_from [48];
    char claim_cursor [48];         //  XAUTOCLAIM cursor, "0-0" to start a round
    int64_t next_claim_ms;          //  monotonic
    int64_t next_prune_ms;          //  monotonic
    int backoff_ms;
    trouble_t trouble;              //  what we last logged, so an outage logs once
    lane_t *lanes;                  //  options->parallel of them; lane 0 uses db
    size_t lane_count;
} self_t;

static void
s_trouble (self_t *self, trouble_t kind, const char *what, const char *error)
{
    if (self->trouble == kind)
        return;
    self->trouble = kind;
    sf_warn ("consumer %s/%s: %s failed: %s; entries wait in the stream, retrying",
             self->options->stream, self->options->group, what, error);
}

static void
s_recovered (self_t *self)
{
    self->backoff_ms = SF_CONSUMER_BACKOFF_MIN_MS;
    if (self->trouble == TROUBLE_NONE)
        return;
    self->trouble = TROUBLE_NONE;
    sf_info ("consumer %s/%s: redis and database reachable, consuming again",
             self->options->stream, self->options->group);
}

static outcome_t
s_db_failed (self_t *self, const char *what)
{
    s_trouble (self, TROUBLE_DB, what, sf_db_error (self->db));
    return ENTRY_FAILED;
}

static outcome_t
s_redis_failed (self_t *self, const char *what)
{
    //  The stream or group was deleted (or Redis lost them): create them again.
    if (sf_redis_error_is (self->redis, "NOGROUP"))
        self->group_ready = false;
    s_trouble (self, TROUBLE_REDIS, what, sf_redis_error (self->redis));
    return ENTRY_FAILED;
}

//  A reply of a shape we do not know: drop the connection rather than guess.
static outcome_t
s_unexpected (self_t *self, const char *what)
{
    sf_redis_disconnect (self->redis);
    s_trouble (self, TROUBLE_REDIS, what, "unexpected reply");
    return ENTRY_FAILED;
}

static bool
s_uuid_ok (const char *text)
{
    if (!text || strlen (text) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash? text [i] != '-': !isxdigit ((unsigned char) text [i]))
            return false;
    }
    return true;
}

//  True for [id, [field, value, ...]] or [id, nil] (an entry trimmed while pending).
static bool
s_entry_ok (redisReply *entry)
{
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2
    ||  entry->element [0]->type != REDIS_REPLY_STRING)
        return false;
    redisReply *fields = entry->element [1];
    if (fields->type == REDIS_REPLY_NIL)
        return true;
    if (fields->type != REDIS_REPLY_ARRAY || fields->elements % 2)
        return false;
    for (size_t i = 0; i < fields->elements; i++)
        if (fields->element [i]->type != REDIS_REPLY_STRING)
            return false;
    return true;
}

static bool
s_entries_ok (redisReply *entries)
{
    if (entries->type != REDIS_REPLY_ARRAY)
        return false;
    for (size_t i = 0; i < entries->elements; i++)
        if (!s_entry_ok (entries->element [i]))
            return false;
    return true;
}

static redisReply *
s_field (redisReply *fields, const char *name)
{
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (strcmp (fields->element [i]->str, name) == 0)
            return fields->element [i + 1];
    return NULL;
}

static bool
s_position (const char *id, position_t *position)
{
    int64_t ms, seq;
    int end = 0;
    if (sscanf (id, "%" SCNd64 "-%" SCNd64 "%n", &ms, &seq, &end) != 2 || id [end] || ms < 0 || seq < 0)
        return false;
    snprintf (position->ms, sizeof position->ms, "%" PRId64, ms);
    snprintf (position->seq, sizeof position->seq, "%" PRId64, seq);
    return true;
}

//  Copies the entry, or what is left of it, to the dead-letter stream, with the handler's
//  failures counted for it (attempts < 0: not counted, the handler never ran on it).
static outcome_t
s_dead_letter (self_t *self, const char *id, redisReply *fields, int64_t attempts, const char *reason)
{
    size_t extra = fields && fields->type == REDIS_REPLY_ARRAY? fields->elements: 0;
    const char **argv = calloc (SF_CONSUMER_DEAD_ARGS + 2 + extra, sizeof *argv);
    size_t *argvlen = calloc (SF_CONSUMER_DEAD_ARGS + 2 + extra, sizeof *argvlen);
    assert (argv && argvlen);
    const char *head [SF_CONSUMER_DEAD_ARGS] = {
        "XADD", self->dead_stream, "MAXLEN", "~", SF_CONSUMER_DEAD_MAXLEN, "*",
        "orig_stream", self->options->stream, "orig_id", id, "reason", reason,
        "group", self->options->group, "consumer", self->options->consumer
    };
    int argc = 0;
    for (; argc < SF_CONSUMER_DEAD_ARGS; argc++) {
        argv [argc] = head [argc];
        argvlen [argc] = strlen (head [argc]);
    }
    char count [24];
    if (attempts >= 0) {
        snprintf (count, sizeof count, "%" PRId64, attempts);
        argv [argc] = "attempts";
        argvlen [argc++] = strlen ("attempts");
        argv [argc] = count;
        argvlen [argc++] = strlen (count);
    }
    for (size_t i = 0; i < extra; i++) {
        argv [argc] = fields->element [i]->str;
        argvlen [argc++] = fields->element [i]->len;
    }
    redisReply *reply = sf_redis_command (self->redis, argc, argv, argvlen);
    free (argv);
    free (argvlen);
    if (!reply)
        return s_redis_failed (self, "XADD to the dead-letter stream");
    freeReplyObject (reply);
    redisReply *event_id = fields && fields->type == REDIS_REPLY_ARRAY? s_field (fields, "id"): NULL;
    sf_log_ctx_t ctx = { .event_id = event_id? event_id->str: NULL };
    sf_log (SF_LOG_ERROR, &ctx, "consumer %s/%s: entry %s moved to %s: %s (handler failures: %" PRId64 ")",
            self->options->stream, self->options->group, id, self->dead_stream, reason,
            attempts > 0? attempts: 0);
    atomic_fetch_add (&self->owner->dead_lettered, 1);
    return ENTRY_DONE;
}

//  After the application of an entry failed on db: writes why into reason and says whether
//  the database failed under it in a way that retrying may cure (see sf_db_error_transient);
//  such a failure is not the handler's and is not counted. sf_db keeps its last error until
//  the next one, so when the handler said no, the error is its own only if it left the
//  transaction aborted, which one more statement tells (it fails with 25P02).
static bool
s_failure_transient (sf_db_t *db, bool handler_failed, char *reason, size_t size)
{
    snprintf (reason, size, "%s", sf_db_error (db));
    if (!sf_db_connected (db))
        return true;
    bool transient = sf_db_error_transient (db);
    if (!handler_failed)
        return transient;                   //  our own statement or COMMIT: a fresh error
    char error [512];
    snprintf (error, sizeof error, "%s", sf_db_error (db));
    if (sf_db_exec (db, "SELECT 1", 0, NULL) >= 0) {
        snprintf (reason, size, "the handler failed");
        return false;
    }
    if (strcmp (sf_db_sqlstate (db), SF_CONSUMER_ABORTED) != 0) {
        snprintf (reason, size, "%s", sf_db_error (db));
        return sf_db_error_transient (db);
    }
    snprintf (reason, size, "%s%s", transient? "": "the handler failed: ", error);
    return transient;
}

//  What became of an entry of a batch once the batch committed.
typedef enum {
    ITEM_APPLIED,               //  the handler's changes and the inbox row committed
    ITEM_DUPLICATE,             //  applied before: only acknowledged
    ITEM_DEAD,                  //  counted out: dead-lettered, then acknowledged
    ITEM_RETRY                  //  the handler failed (counted) or said LATER: left pending
} item_state_t;

//  One decoded entry of a read, waiting for its batch.
typedef struct {
    const char *id;
    redisReply *fields;
    sf_event_t event;
    position_t position;
    size_t lane;                //  the session that applies it
    bool committed;             //  its batch committed: state says what became of it
    item_state_t state;
    int64_t attempts;           //  handler failures counted, for the dead letter
} item_t;

//  How a batch ended: COMMITTED (every item has its state), FAILED (Redis or the database
//  failed: rolled back, nothing counted; back off and read our pending entries again), SPLIT
//  (COMMIT refused for a reason of a handler's, a deferred constraint say: which entry's is
//  unknown, so the entries are applied again one per transaction).
//  ONE_BY_ONE: the many handler gave the batch back (rolled back): each entry after a
//  savepoint of its own, with the one-by-one handler.
typedef enum { BATCH_COMMITTED, BATCH_FAILED, BATCH_SPLIT, BATCH_ONE_BY_ONE } batch_t;

//  One database session applying its share of a read, on the actor's thread (lane 0) or a
//  thread of its own; it touches no state of the actor's but its own, and says what failed.
struct _lane_t {
    self_t *self;               //  options and handler only
    sf_db_t *db;
    item_t **items;             //  its share of the read, in stream order (during s_batch)
    size_t count;
    batch_t result;
    char what [64];             //  what failed, for s_trouble on the actor's thread
    char error [600];
};

//  Each entry of a batch runs after a savepoint of this name (sf_db keeps the pointer).
#define SF_CONSUMER_SAVEPOINT "sf_consumer_entry"

static void
s_lane_failed (lane_t *lane, const char *what, const char *error)
{
    snprintf (lane->what, sizeof lane->what, "%s", what);
    snprintf (lane->error, sizeof lane->error, "%s", error? error: sf_db_error (lane->db));
}

//  Counts a failure of the handler on item, in the transaction that is open (the batch's,
//  after the entry was rolled back to its savepoint) or, outside one, in a transaction of
//  its own. Returns the count, or -1 when the database failed.
static int64_t
s_count_failure (lane_t *lane, const item_t *item, const char *reason)
{
    const sf_consumer_options_t *options = lane->self->options;
    const char *values [] = { options->stream, options->group, item->position.ms, item->position.seq, reason };
    sf_rows_t *rows = sf_db_query (lane->db,
        "INSERT INTO sf_consumer_attempt (stream, consumer_group, entry_ms, entry_seq, attempts, last_error) "
        "VALUES ($1, $2, $3::bigint, $4::bigint, 1, $5) "
        "ON CONFLICT (stream, consumer_group, entry_ms, entry_seq) DO UPDATE SET "
        "attempts = sf_consumer_attempt.attempts + 1, last_error = excluded.last_error, updated_at = now () "
        "RETURNING attempts", 5, values);
    if (!rows) {
        s_lane_failed (lane, "counting a failed attempt", NULL);
        return -1;
    }
    int64_t attempts = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    sf_log_ctx_t ctx = { .event_id = item->event.event_id, .plant = item->event.plant };
    sf_log (SF_LOG_WARN, &ctx, "consumer %s/%s: entry %s (%s) not applied, attempt %" PRId64 " of %d: %s",
            options->stream, options->group, item->id, item->event.type, attempts, options->max_deliveries, reason);
    return attempts;
}

//  Undoes the entry's work: back to its savepoint, which is then dropped. 0 or -1.
static int
s_undo_entry (lane_t *lane)
{
    if (sf_db_rollback_to_savepoint (lane->db, SF_CONSUMER_SAVEPOINT) == 0
    &&  sf_db_release_savepoint (lane->db, SF_CONSUMER_SAVEPOINT) == 0)
        return 0;
    s_lane_failed (lane, "ROLLBACK TO SAVEPOINT", NULL);
    return -1;
}

//  One entry inside the batch's transaction, after a savepoint of its own: the inbox row
//  (with the failures counted before, in the same statement), then the handler. Sets
//  item->state; returns -1 when the database failed (the batch is rolled back).
static int
s_apply_entry (lane_t *lane, item_t *item)
{
    const sf_consumer_options_t *options = lane->self->options;
    if (sf_db_savepoint (lane->db, SF_CONSUMER_SAVEPOINT)) {
        s_lane_failed (lane, "SAVEPOINT", NULL);
        return -1;
    }
    const char *values [] = {
        options->group, item->event.event_id, options->stream, item->position.ms, item->position.seq
    };
    sf_rows_t *rows = sf_db_query (lane->db,
        "WITH inbox AS (INSERT INTO sf_inbox (consumer, event_id) VALUES ($1, $2::uuid) "
        "ON CONFLICT DO NOTHING RETURNING 1) "
        "SELECT (SELECT count (*) FROM inbox), COALESCE ((SELECT attempts FROM sf_consumer_attempt "
        "WHERE stream = $3 AND consumer_group = $1 AND entry_ms = $4::bigint AND entry_seq = $5::bigint), 0)",
        5, values);
    if (!rows) {
        s_lane_failed (lane, "inbox insert", NULL);
        return -1;
    }
    bool inserted = sf_rows_int (rows, 0, 0) == 1;
    int64_t attempts = sf_rows_int (rows, 0, 1);
    sf_rows_destroy (&rows);
    if (!inserted) {
        item->state = ITEM_DUPLICATE;
        if (sf_db_release_savepoint (lane->db, SF_CONSUMER_SAVEPOINT) == 0)
            return 0;
        s_lane_failed (lane, "RELEASE SAVEPOINT", NULL);
        return -1;
    }
    if (attempts >= options->max_deliveries) {
        //  Counted out before a crash, or before an XACK that failed: not run again.
        item->state = ITEM_DEAD;
        item->attempts = attempts;
        return s_undo_entry (lane);
    }
    const char *key [] = { options->stream, options->group, item->position.ms, item->position.seq };
    int rc = lane->self->owner->handler (lane->db, &item->event, lane->self->owner->arg);
    if (rc == SF_CONSUMER_LATER) {
        item->state = ITEM_RETRY;
        sf_log_ctx_t ctx = { .event_id = item->event.event_id, .plant = item->event.plant };
        sf_log (SF_LOG_INFO, &ctx, "consumer %s/%s: entry %s (%s) cannot be applied yet; tried again later",
                options->stream, options->group, item->id, item->event.type);
        return s_undo_entry (lane);
    }
    if (rc == 0
    &&  (attempts == 0 || sf_db_exec (lane->db,
            "DELETE FROM sf_consumer_attempt WHERE stream = $1 AND consumer_group = $2 "
            "AND entry_ms = $3::bigint AND entry_seq = $4::bigint", 4, key) >= 0)
    &&  sf_db_release_savepoint (lane->db, SF_CONSUMER_SAVEPOINT) == 0) {
        item->state = ITEM_APPLIED;
        return 0;
    }
    char reason [600];
    if (s_failure_transient (lane->db, rc != 0, reason, sizeof reason)) {
        s_lane_failed (lane, "applying an event", reason);
        return -1;
    }
    if (s_undo_entry (lane))
        return -1;
    item->attempts = s_count_failure (lane, item, reason);
    if (item->attempts < 0)
        return -1;
    item->state = item->attempts >= options->max_deliveries? ITEM_DEAD: ITEM_RETRY;
    return 0;
}

//  The items in one transaction, in stream order on one session (so a handler's locks never
//  wait for another entry of the same batch), one COMMIT.
static batch_t
s_apply_batch (lane_t *lane, item_t **items, size_t count)
{
    if (sf_db_begin (lane->db)) {
        s_lane_failed (lane, "BEGIN", NULL);
        return BATCH_FAILED;
    }
    for (size_t i = 0; i < count; i++)
        if (s_apply_entry (lane, items [i])) {
            sf_db_rollback (lane->db);
            return BATCH_FAILED;
        }
    if (sf_db_commit (lane->db) == 0)
        return BATCH_COMMITTED;
    char reason [600];
    bool transient = s_failure_transient (lane->db, false, reason, sizeof reason);
    sf_db_rollback (lane->db);
    if (transient || count > 1 || items [0]->state != ITEM_APPLIED) {
        s_lane_failed (lane, "COMMIT", reason);
        return transient || count == 1? BATCH_FAILED: BATCH_SPLIT;
    }
    //  The entry alone, and its COMMIT refused: the handler's failure, counted on its own.
    items [0]->attempts = s_count_failure (lane, items [0], reason);
    if (items [0]->attempts < 0)
        return BATCH_FAILED;
    items [0]->state = items [0]->attempts >= lane->self->options->max_deliveries? ITEM_DEAD: ITEM_RETRY;
    return BATCH_COMMITTED;
}

//  Claims the inbox rows of items [0 .. count) in one statement. Sets each item's state to
//  ITEM_DUPLICATE when its row was there; returns how many were claimed, -2 when an entry
//  needs the one-by-one path (failures counted before, or an event twice in the read), -1
//  when the database failed.
static int
s_claim_many (lane_t *lane, item_t **items, size_t count)
{
    const sf_consumer_options_t *options = lane->self->options;
    char **columns [3];
    for (int c = 0; c < 3; c++) {
        columns [c] = calloc (count, sizeof (char *));
        assert (columns [c]);
    }
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < i; j++)
            if (strcmp (items [i]->event.event_id, items [j]->event.event_id) == 0)
                count = 0;          //  a relay duplicate within the read: one by one
        columns [0][i] = items [i]->event.event_id;
        columns [1][i] = items [i]->position.ms;
        columns [2][i] = items [i]->position.seq;
    }
    char *arrays [3];
    for (int c = 0; c < 3; c++) {
        arrays [c] = sf_db_array_literal (columns [c], count);
        free (columns [c]);
    }
    int claimed = -2;
    if (count) {
        const char *values [] = { options->group, arrays [0], options->stream, arrays [1], arrays [2] };
        sf_rows_t *rows = sf_db_query (lane->db,
            "WITH batch AS (SELECT * FROM unnest ($2::uuid[], $4::bigint[], $5::bigint[])"
            " WITH ORDINALITY b (event_id, ms, seq, n)),"
            " claimed AS (INSERT INTO sf_inbox (consumer, event_id) SELECT $1, event_id FROM batch ORDER BY n"
            " ON CONFLICT DO NOTHING RETURNING event_id)"
            " SELECT c.event_id IS NOT NULL, COALESCE (a.attempts, 0) FROM batch b"
            " LEFT JOIN claimed c ON c.event_id = b.event_id"
            " LEFT JOIN sf_consumer_attempt a ON a.stream = $3 AND a.consumer_group = $1"
            " AND a.entry_ms = b.ms AND a.entry_seq = b.seq ORDER BY b.n", 5, values);
        if (!rows) {
            s_lane_failed (lane, "inbox insert", NULL);
            claimed = -1;
        }
        else {
            claimed = 0;
            for (size_t i = 0; i < count && claimed >= 0; i++) {
                if (sf_rows_int (rows, (int) i, 1) > 0)
                    claimed = -2;   //  counted before: the one-by-one path counts on
                else
                if (sf_rows_bool (rows, (int) i, 0))
                    claimed++;
                else
                    items [i]->state = ITEM_DUPLICATE;
            }
            sf_rows_destroy (&rows);
        }
    }
    for (int c = 0; c < 3; c++)
        free (arrays [c]);
    return claimed;
}

//  The lane's share through the many handler: one BEGIN, one inbox claim for all, one call,
//  one COMMIT. BATCH_COMMITTED, BATCH_FAILED (the database failed: back off), or
//  BATCH_ONE_BY_ONE (rolled back: apply the entries one by one instead).
static batch_t
s_apply_many (lane_t *lane, item_t **items, size_t count)
{
    if (sf_db_begin (lane->db)) {
        s_lane_failed (lane, "BEGIN", NULL);
        return BATCH_FAILED;
    }
    int claimed = s_claim_many (lane, items, count);
    const sf_event_t **events = calloc (count + 1, sizeof *events);
    assert (events);
    size_t fresh = 0;
    for (size_t i = 0; i < count && claimed > 0; i++)
        if (items [i]->state != ITEM_DUPLICATE)
            events [fresh++] = &items [i]->event;
    int rc = claimed < 0? claimed:
             fresh? lane->self->owner->options.many (lane->db, events, fresh, lane->self->owner->arg): 0;
    free (events);
    if (rc == 0 && sf_db_commit (lane->db) == 0) {
        for (size_t i = 0; i < count; i++)
            if (items [i]->state != ITEM_DUPLICATE)
                items [i]->state = ITEM_APPLIED;
        return BATCH_COMMITTED;
    }
    sf_db_rollback (lane->db);
    for (size_t i = 0; i < count; i++)
        items [i]->state = ITEM_RETRY;
    //  Whatever failed, the one-by-one path meets it again and tells the database's failure
    //  (not counted) from a handler's (counted); only a lost session is plain.
    if (rc == -1 && !sf_db_connected (lane->db))
        return BATCH_FAILED;
    return BATCH_ONE_BY_ONE;
}

//  Applies the lane's share as one batch (set-based first, when the subscription has a many
//  handler); a batch split is applied one entry at a time, up to the first that fails.
//  Marks what committed.
static void *
s_lane_run (void *arg)
{
    lane_t *lane = (lane_t *) arg;
    lane->result = lane->count && lane->self->owner->options.many?
                   s_apply_many (lane, lane->items, lane->count): BATCH_ONE_BY_ONE;
    if (lane->result == BATCH_ONE_BY_ONE)
        lane->result = lane->count? s_apply_batch (lane, lane->items, lane->count): BATCH_COMMITTED;
    if (lane->result == BATCH_SPLIT) {
        sf_warn ("consumer %s/%s: COMMIT of a batch of %zu entries refused; applying them one by one",
                 lane->self->options->stream, lane->self->options->group, lane->count);
        lane->result = BATCH_COMMITTED;
        for (size_t i = 0; i < lane->count && lane->result == BATCH_COMMITTED; i++) {
            lane->result = s_apply_batch (lane, &lane->items [i], 1);
            lane->items [i]->committed = lane->result == BATCH_COMMITTED;
        }
    }
    else
    if (lane->result == BATCH_COMMITTED)
        for (size_t i = 0; i < lane->count; i++)
            lane->items [i]->committed = true;
    return NULL;
}

//  The lane of an event: the same for every event of one plant (a plant's number rows and
//  most of its locks are taken by its own events only), else of one aggregate, so the order
//  of the stream holds within each. FNV-1a.
static size_t
s_lane_of (const sf_event_t *event, size_t lanes)
{
    const char *key = event->plant && *event->plant? event->plant: event->aggregate_id? event->aggregate_id: "";
    uint32_t hash = 2166136261u;
    for (const char *c = key; *c; c++)
        hash = (hash ^ (uint8_t) *c) * 16777619u;
    return hash % lanes;
}

//  Applies the items as one batch per lane (parallel lanes side by side, each on its own
//  session), then dead-letters the entries counted out and adds what is done to the ids to
//  acknowledge (ack [*argc ...]), in stream order. 0, or -1 when Redis or the database
//  failed (what is in ack by then is done all the same).
static int
s_batch (self_t *self, item_t *items, size_t count, const char **ack, int *argc)
{
    size_t lanes = count > 1? self->lane_count: 1;
    for (size_t l = 0; l < lanes; l++) {
        self->lanes [l].items = calloc (count, sizeof *self->lanes [l].items);
        assert (self->lanes [l].items);
        self->lanes [l].count = 0;
        //  A lane given nothing this read must not report what it met on an earlier one.
        self->lanes [l].result = BATCH_COMMITTED;
    }
    for (size_t i = 0; i < count; i++) {
        item_t *item = &items [i];
        item->lane = lanes > 1? s_lane_of (&item->event, lanes): 0;
        lane_t *lane = &self->lanes [item->lane];
        lane->items [lane->count++] = item;
    }
    pthread_t threads [SF_CONSUMER_PARALLEL_MAX];
    bool started [SF_CONSUMER_PARALLEL_MAX] = { false };
    for (size_t l = 1; l < lanes; l++)
        if (self->lanes [l].count)
            started [l] = pthread_create (&threads [l], NULL, s_lane_run, &self->lanes [l]) == 0;
    s_lane_run (&self->lanes [0]);
    for (size_t l = 1; l < lanes; l++)
        if (started [l])
            pthread_join (threads [l], NULL);
        else
        if (self->lanes [l].count)
            s_lane_run (&self->lanes [l]);      //  no thread to be had: in turn, all the same
    int rc = 0;
    for (size_t l = 0; l < lanes; l++) {
        if (self->lanes [l].result == BATCH_FAILED) {
            s_trouble (self, TROUBLE_DB, self->lanes [l].what, self->lanes [l].error);
            rc = -1;
        }
        free (self->lanes [l].items);
        self->lanes [l].items = NULL;
    }
    int64_t applied = 0, duplicates = 0;
    for (size_t i = 0; i < count; i++) {
        item_t *item = &items [i];
        if (!item->committed)
            continue;
        if (item->state == ITEM_APPLIED)
            applied++;
        else
        if (item->state == ITEM_DUPLICATE)
            duplicates++;
        else
        if (item->state == ITEM_DEAD
        &&  s_dead_letter (self, item->id, item->fields, item->attempts,
                           "not applied after max_deliveries attempts") != ENTRY_DONE) {
            rc = -1;
            continue;
        }
        if (item->state != ITEM_RETRY)
            ack [(*argc)++] = item->id;
    }
    atomic_fetch_add (&self->owner->applied, applied);
    atomic_fetch_add (&self->owner->duplicates, duplicates);
    return rc;
}

//  Decodes entry into item. ENTRY_DONE when the entry was dead-lettered instead (trimmed
//  while pending, or not an event), ENTRY_FAILED when Redis failed or the id is not one,
//  ENTRY_READY when item is ready for its batch (sf_event_clear it).
static outcome_t
s_decode_entry (self_t *self, redisReply *entry, item_t *item)
{
    const char *id = entry->element [0]->str;
    redisReply *fields = entry->element [1];
    if (fields->type != REDIS_REPLY_ARRAY)
        return s_dead_letter (self, id, NULL, -1, "trimmed from the stream before it was acknowledged");
    *item = (item_t) { .id = id, .fields = fields };
    if (!s_position (id, &item->position))
        return s_unexpected (self, "stream entry id");
    redisReply *env = s_field (fields, "env");
    if (!env || sf_event_decode (&item->event, (const uint8_t *) env->str, env->len))
        return s_dead_letter (self, id, fields, -1, "malformed envelope");
    if (s_uuid_ok (item->event.event_id))
        return ENTRY_READY;
    sf_event_clear (&item->event);
    return s_dead_letter (self, id, fields, -1, "malformed event id");
}

//  XACK for the ids in argv [3 ...].
static int
s_ack (self_t *self, const char **argv, int argc)
{
    argv [0] = "XACK";
    argv [1] = self->options->stream;
    argv [2] = self->options->group;
    redisReply *reply = sf_redis_command (self->redis, argc, argv, NULL);
    if (!reply) {
        s_redis_failed (self, "XACK");
        return -1;
    }
    freeReplyObject (reply);
    return 0;
}

//  Applies entries (checked with s_entries_ok) as one batch and acknowledges what is done
//  with one XACK. 0 or -1.
static int
s_process (self_t *self, redisReply *entries)
{
    const char **ack = calloc (entries->elements + 3, sizeof *ack);
    item_t *items = calloc (entries->elements + 1, sizeof *items);
    assert (ack && items);
    int argc = 3;
    size_t count = 0;
    int rc = 0;
    for (size_t i = 0; i < entries->elements && rc == 0; i++) {
        redisReply *entry = entries->element [i];
        outcome_t outcome = s_decode_entry (self, entry, &items [count]);
        if (outcome == ENTRY_READY)
            count++;
        else
        if (outcome == ENTRY_DONE)
            ack [argc++] = entry->element [0]->str;
        else
            rc = -1;
    }
    if (rc == 0 && count > 0)
        rc = s_batch (self, items, count, ack, &argc);
    for (size_t i = 0; i < count; i++)
        sf_event_clear (&items [i].event);
    //  What was applied or dead-lettered is acknowledged even when something failed later.
    if (argc > 3 && s_ack (self, ack, argc))
        rc = -1;
    free (items);
    free (ack);
    return rc;
}

//  At "0", also when Redis lost the group: every entry still in the stream is read, and
//  the inbox drops those applied before, as long as stream age < inbox retention (sf_relay
//  trims by age to keep it so). "$" would lose the events published while it was gone.
static int
s_create_group (self_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XGROUP", "CREATE", self->options->stream,
                                       self->options->group, "0", "MKSTREAM", NULL);
    if (reply)
        freeReplyObject (reply);
    else
    if (!sf_redis_error_is (self->redis, "BUSYGROUP")) {
        s_redis_failed (self, "XGROUP CREATE");
        return -1;
    }
    self->group_ready = true;
    self->read_history = true;
    snprintf (self->history_from, sizeof self->history_from, "0");
    return 0;
}

//  Entries pending for more than claim_idle_ms, whoever holds them, become ours.
static int
s_claim (self_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XAUTOCLAIM", self->options->stream,
        self->options->group, self->options->consumer, self->claim_idle, self->claim_cursor,
        "COUNT", self->batch, NULL);
    if (!reply) {
        s_redis_failed (self, "XAUTOCLAIM");
        return -1;
    }
    //  Redis 7: [next cursor, entries, ids of entries no longer in the stream].
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3
    ||  reply->element [0]->type != REDIS_REPLY_STRING || !s_entries_ok (reply->element [1])
    ||  reply->element [2]->type != REDIS_REPLY_ARRAY) {
        freeReplyObject (reply);
        s_unexpected (self, "XAUTOCLAIM");
        return -1;
    }
    snprintf (self->claim_cursor, sizeof self->claim_cursor, "%s", reply->element [0]->str);
    int interval = self->options->claim_idle_ms / 4 > 10? self->options->claim_idle_ms / 4: 10;
    self->next_claim_ms = streq (self->claim_cursor, "0-0")? sf_clock_mono_ms () + interval: 0;
    int rc = 0;
    redisReply *gone = reply->element [2];
    for (size_t i = 0; i < gone->elements && rc == 0; i++)
        if (gone->element [i]->type == REDIS_REPLY_STRING
        &&  s_dead_letter (self, gone->element [i]->str, NULL, -1,
                           "trimmed from the stream before it was acknowledged") != ENTRY_DONE)
            rc = -1;
    if (rc == 0)
        rc = s_process (self, reply->element [1]);
    freeReplyObject (reply);
    return rc;
}

//  Drops the failure counts of entries no longer in the stream (trimmed, or dead-lettered
//  and acknowledged): every entry id below the first one left. An entry trimmed while
//  pending goes to the dead-letter stream without its count.
static int
s_prune_attempts (self_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XRANGE", self->options->stream, "-", "+", "COUNT", "1", NULL);
    if (!reply) {
        s_redis_failed (self, "XRANGE");
        return -1;
    }
    position_t first;
    bool valid = s_entries_ok (reply) && reply->elements <= 1;
    bool empty = valid && reply->elements == 0;
    if (valid && !empty)
        valid = s_position (reply->element [0]->element [0]->str, &first);
    freeReplyObject (reply);
    if (!valid) {
        s_unexpected (self, "XRANGE");
        return -1;
    }
    if (!empty) {
        const char *values [] = { self->options->stream, self->options->group, first.ms, first.seq };
        int64_t pruned = sf_db_exec (self->db,
            "DELETE FROM sf_consumer_attempt WHERE stream = $1 AND consumer_group = $2 "
            "AND (entry_ms, entry_seq) < ($3::bigint, $4::bigint)", 4, values);
        if (pruned < 0) {
            s_db_failed (self, "pruning attempt counts");
            return -1;
        }
        if (pruned > 0)
            sf_debug ("consumer %s/%s: dropped the failure counts of %" PRId64 " entries gone from the stream",
                      self->options->stream, self->options->group, pruned);
    }
    self->next_prune_ms = sf_clock_mono_ms () + SF_CONSUMER_PRUNE_MS;
    return 0;
}

//  The entries of our stream in an XREADGROUP reply, or NULL if the shape is wrong.
static redisReply *
s_read_entries (redisReply *reply)
{
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 1)
        return NULL;
    redisReply *stream = reply->element [0];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2 || !s_entries_ok (stream->element [1]))
        return NULL;
    return stream->element [1];
}

//  One XREADGROUP: our pending entries after history_from, else new ones (BLOCK).
static int
s_read (self_t *self)
{
    bool history = self->read_history;
    const char *argv [11] = {
        "XREADGROUP", "GROUP", self->options->group, self->options->consumer, "COUNT", self->batch
    };
    int argc = 6;
    if (!history) {
        argv [argc++] = "BLOCK";
        argv [argc++] = self->block;
    }
    argv [argc++] = "STREAMS";
    argv [argc++] = self->options->stream;
    argv [argc++] = history? self->history_from: ">";
    redisReply *reply = sf_redis_command (self->redis, argc, argv, NULL);
    if (!reply) {
        s_redis_failed (self, "XREADGROUP");
        return -1;
    }
    if (reply->type == REDIS_REPLY_NIL) {
        freeReplyObject (reply);
        if (!history)
            atomic_store (&self->owner->caught_up, true);
        return 0;
    }
    redisReply *entries = s_read_entries (reply);
    if (!entries) {
        freeReplyObject (reply);
        s_unexpected (self, "XREADGROUP");
        return -1;
    }
    if (history) {
        if (entries->elements == 0)
            self->read_history = false;
        else
            snprintf (self->history_from, sizeof self->history_from, "%s",
                      entries->element [entries->elements - 1]->element [0]->str);
    }
    int rc = s_process (self, entries);
    freeReplyObject (reply);
    return rc;
}

static bool
s_ready (self_t *self)
{
    if (!sf_redis_connected (self->redis))
        self->group_ready = false;      //  a new connection may reach a new server
    if (!sf_redis_ensure (self->redis)) {
        s_redis_failed (self, "connect");
        return false;
    }
    if (!sf_db_ensure (self->db)) {
        s_db_failed (self, "connect");
        return false;
    }
    for (size_t l = 1; l < self->lane_count; l++)
        if (!sf_db_ensure (self->lanes [l].db)) {
            s_trouble (self, TROUBLE_DB, "connect", sf_db_error (self->lanes [l].db));
            return false;
        }
    return self->group_ready || s_create_group (self) == 0;
}

//  One turn of the loop. 0, or -1 after a failure (then our pending entries come first).
static int
s_step (self_t *self)
{
    int rc = -1;
    if (s_ready (self)
    &&  (sf_clock_mono_ms () < self->next_prune_ms || s_prune_attempts (self) == 0)
    &&  (sf_clock_mono_ms () < self->next_claim_ms || s_claim (self) == 0)
    &&  (self->read_history || sf_consumer_gap_check (self->redis, self->db, self->options->stream,
                                                      self->options->group) == 0)
    &&  s_read (self) == 0)
        rc = 0;
    if (rc == 0)
        s_recovered (self);
    else {
        self->read_history = true;
        snprintf (self->history_from, sizeof self->history_from, "0");
    }
    return rc;
}

static int
s_backoff (self_t *self)
{
    int wait = self->backoff_ms;
    self->backoff_ms = wait * 2 > SF_CONSUMER_BACKOFF_MAX_MS? SF_CONSUMER_BACKOFF_MAX_MS: wait * 2;
    return wait;
}

static void
s_actor (zsock_t *pipe, void *args)
{
    sf_consumer_t *owner = (sf_consumer_t *) args;
    zsock_signal (pipe, 0);
    const sf_consumer_options_t *options = &owner->options;
    self_t self = {
        .owner = owner, .options = options, .backoff_ms = SF_CONSUMER_BACKOFF_MIN_MS,
        .claim_cursor = "0-0"
    };
    int rc = asprintf (&self.dead_stream, "%s:dead", options->stream);
    assert (rc > 0);
    snprintf (self.batch, sizeof self.batch, "%d", options->batch);
    snprintf (self.block, sizeof self.block, "%d", options->block_ms);
    snprintf (self.claim_idle, sizeof self.claim_idle, "%d", options->claim_idle_ms);
    self.db = sf_db_new (&options->db);
    self.lane_count = (size_t) options->parallel;
    self.lanes = calloc (self.lane_count, sizeof *self.lanes);
    assert (self.lanes);
    for (size_t l = 0; l < self.lane_count; l++) {
        self.lanes [l].self = &self;
        self.lanes [l].db = l? sf_db_new (&options->db): self.db;
    }
    //  A blocked XREADGROUP must not look like a timeout.
    self.redis = sf_redis_new (options->redis_host, options->redis_port,
                               options->redis_timeout_ms + options->block_ms);
    zpoller_t *poller = zpoller_new (pipe, NULL);
    assert (poller);
    //  The actor stops on $TERM from its owner, not on SIGINT: the owner decides the order.
    zpoller_set_nonstop (poller, true);
    int wait_ms = 0;
    while (true) {
        if (zpoller_wait (poller, wait_ms) == pipe) {
            char *command = zstr_recv (pipe);
            bool terminate = !command || streq (command, "$TERM");
            assert (terminate);
            free (command);
            break;
        }
        wait_ms = s_step (&self) == 0? 0: s_backoff (&self);
    }
    zpoller_destroy (&poller);
    sf_redis_destroy (&self.redis);
    for (size_t l = 1; l < self.lane_count; l++)
        sf_db_destroy (&self.lanes [l].db);
    free (self.lanes);
    sf_db_destroy (&self.db);
    free (self.dead_stream);
}

static char *
s_strdup (const char *text)
{
    char *copy = text? strdup (text): NULL;
    assert (copy || !text);
    return copy;
}

sf_consumer_t *
sf_consumer_new (const sf_consumer_options_t *options, sf_consumer_fn *handler, void *arg)
{
    assert (options && options->db.url && options->db.schema && options->redis_host);
    assert (options->stream && options->group && options->consumer && handler);
    sf_consumer_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->handler = handler;
    self->arg = arg;
    self->options.db.url = self->url = s_strdup (options->db.url);
    self->options.db.schema = self->schema = s_strdup (options->db.schema);
    self->options.db.application_name = self->application_name = s_strdup (options->db.application_name);
    self->options.redis_host = self->redis_host = s_strdup (options->redis_host);
    self->options.stream = self->stream = s_strdup (options->stream);
    self->options.group = self->group = s_strdup (options->group);
    self->options.consumer = self->consumer = s_strdup (options->consumer);
    if (self->options.redis_timeout_ms <= 0)
        self->options.redis_timeout_ms = 1000;
    if (self->options.max_deliveries <= 0)
        self->options.max_deliveries = 5;
    if (self->options.claim_idle_ms <= 0)
        self->options.claim_idle_ms = 30000;
    if (self->options.block_ms <= 0)
        self->options.block_ms = 200;
    if (self->options.batch <= 0)
        self->options.batch = 100;
    if (self->options.parallel <= 0)
        self->options.parallel = 1;
    if (self->options.parallel > SF_CONSUMER_PARALLEL_MAX)
        self->options.parallel = SF_CONSUMER_PARALLEL_MAX;
    self->actor = zactor_new (s_actor, self);
    assert (self->actor);
    return self;
}

void
sf_consumer_destroy (sf_consumer_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_consumer_t *self = *self_p;
    zactor_destroy (&self->actor);
    free (self->url);
    free (self->schema);
    free (self->application_name);
    free (self->redis_host);
    free (self->stream);
    free (self->group);
    free (self->consumer);
    free (self);
    *self_p = NULL;
}

int64_t
sf_consumer_applied (sf_consumer_t *self)
{
    return (int64_t) atomic_load (&self->applied);
}

int64_t
sf_consumer_duplicates (sf_consumer_t *self)
{
    return (int64_t) atomic_load (&self->duplicates);
}

bool
sf_consumer_caught_up (sf_consumer_t *self)
{
    return atomic_load (&self->caught_up);
}

int64_t
sf_consumer_dead_lettered (sf_consumer_t *self)
{
    return (int64_t) atomic_load (&self->dead_lettered);
}
