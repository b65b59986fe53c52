/*  sf_relay_test: the outbox relay against real PostgreSQL and Redis. The tests that stop
    or restart Redis do it to a private Redis of their own (started with deploy/redis-ctl in
    a directory under SF_STATE_DIR), so tests running beside this one keep theirs.          */
#include "sf_clock.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_outbox.h"
#include "sf_redis.h"
#include "sf_relay.h"
#include "sf_testkit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS 15000

//  The port of the test's private Redis (sf_test_private_redis_start).
static int s_private_port;

static void
s_private_start (const char *mode)
{
    s_private_port = sf_test_private_redis_start (mode);
}

typedef struct {
    char *schema;
    char *stream;
    sf_db_t *db;
    sf_redis_t *redis;
    int redis_port;
} fixture_t;

static void
s_fixture_init (fixture_t *self, int redis_port)
{
    self->schema = sf_test_unique ("relay");
    self->stream = sf_test_unique ("sf:test:relay");
    self->db = sf_test_db (self->schema);
    SF_CHECK (sf_migrate (self->db, self->schema, "common", common_migrations) >= 1);
    self->redis_port = redis_port;
    self->redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"), redis_port, 2000);
}

static void
s_fixture_clear (fixture_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "DEL", self->stream, NULL);
    if (reply)
        freeReplyObject (reply);
    char script [256];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", self->schema);
    SF_CHECK (sf_db_exec_script (self->db, script) == 0);
    sf_db_destroy (&self->db);
    sf_redis_destroy (&self->redis);
    free (self->schema);
    free (self->stream);
}

static sf_relay_t *
s_relay_new_sweep (fixture_t *fixture, int interval_ms, int batch, int64_t stream_retention_ms, int sweep_ms)
{
    sf_relay_options_t options = {
        .redis_host = sf_test_env ("SF_REDIS_HOST"),
        .redis_port = fixture->redis_port,
        .redis_timeout_ms = 500,
        .interval_ms = interval_ms,
        .batch = batch,
        .sweep_ms = sweep_ms,
        .stream_retention_ms = stream_retention_ms
    };
    sf_test_db_options (fixture->schema, &options.db);
    options.db.application_name = fixture->schema;   //  so a test can find its session
    return sf_relay_new (&options);
}

static sf_relay_t *
s_relay_new_options (fixture_t *fixture, int interval_ms, int batch, int64_t stream_retention_ms)
{
    return s_relay_new_sweep (fixture, interval_ms, batch, stream_retention_ms, 0);
}

static sf_relay_t *
s_relay_new_batch (fixture_t *fixture, int interval_ms, int batch)
{
    return s_relay_new_options (fixture, interval_ms, batch, 0);
}

static sf_relay_t *
s_relay_new (fixture_t *fixture, int interval_ms)
{
    return s_relay_new_batch (fixture, interval_ms, 50);
}

//  Adds one event to the outbox of db in a transaction of its own; returns its id.
static char *
s_add_event (sf_db_t *db, const char *stream, const char *type)
{
    sf_event_t event = { .type = (char *) type, .plant = (char *) "p1",
                         .payload = (uint8_t *) "\x00\x01\x02", .payload_size = 3 };
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add (db, stream, &event) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    return event.event_id;
}

static int64_t
s_pending (fixture_t *self)
{
    return sf_outbox_pending (self->db);
}

//  XRANGE of the whole stream; NULL while Redis is unreachable.
static redisReply *
s_entries (fixture_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XRANGE", self->stream, "-", "+", NULL);
    SF_CHECK (!reply || reply->type == REDIS_REPLY_ARRAY);
    return reply;
}

static size_t
s_length (fixture_t *self)
{
    redisReply *reply = s_entries (self);
    size_t length = reply? reply->elements: 0;
    if (reply)
        freeReplyObject (reply);
    return length;
}

//  Waits until the relays' counters add up to published (they move after the commit).
static void
s_wait_published (sf_relay_t *first, sf_relay_t *second, int64_t published)
{
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (sf_relay_published (first) + (second? sf_relay_published (second): 0) < published) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (20);
    }
    SF_CHECK (sf_relay_published (first) + (second? sf_relay_published (second): 0) == published);
}

//  Value of field in a stream entry [id, [field, value, ...]]; NULL if absent.
static redisReply *
s_field (redisReply *entry, const char *field)
{
    redisReply *fields = entry->element [1];
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (strcmp (fields->element [i]->str, field) == 0)
            return fields->element [i + 1];
    return NULL;
}

//  Each entry carries the row's envelope byte for byte, and the row records the entry id.
static void
s_check_entry (fixture_t *self, redisReply *entry)
{
    const char *event_id = s_field (entry, "id")->str;
    const char *values [] = { event_id };
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT envelope, event_type, plant, stream_ms || '-' || stream_seq FROM sf_outbox "
        "WHERE event_id = $1::uuid", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    size_t size;
    uint8_t *envelope = sf_rows_bytes (rows, 0, 0, &size);
    redisReply *env = s_field (entry, "env");
    SF_CHECK (env && env->len == size && memcmp (env->str, envelope, size) == 0);
    SF_CHECK_STR (s_field (entry, "type")->str, sf_rows_text (rows, 0, 1));
    SF_CHECK_STR (s_field (entry, "plant")->str, sf_rows_text (rows, 0, 2));
    SF_CHECK_STR (entry->element [0]->str, sf_rows_text (rows, 0, 3));
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, (const uint8_t *) env->str, env->len) == 0);
    SF_CHECK_STR (event.event_id, event_id);
    SF_CHECK (event.payload_size == 3 && memcmp (event.payload, "\x00\x01\x02", 3) == 0);
    sf_event_clear (&event);
    free (envelope);
    sf_rows_destroy (&rows);
}

//  The stream holds exactly ids, in this order, with the rows' envelopes.
static void
s_check_stream (fixture_t *self, char **ids, size_t count)
{
    redisReply *reply = s_entries (self);
    SF_CHECK (reply && reply->elements == count);
    for (size_t i = 0; i < count; i++) {
        SF_CHECK_STR (s_field (reply->element [i], "id")->str, ids [i]);
        s_check_entry (self, reply->element [i]);
    }
    freeReplyObject (reply);
}

static void
s_free_ids (char **ids, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free (ids [i]);
}

static void
s_redis_exec (fixture_t *self, const char *command, const char *arg)
{
    redisReply *reply = sf_redis_call (self->redis, command, self->stream, arg, NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
}

//  Committed rows reach the stream in id order with their envelopes; lost entries (the
//  stream deleted, or its tail) are found by the periodic check and published again.
static void
test_publish_and_repair (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    sf_relay_t *relay = s_relay_new (&fixture, 1000);
    enum { COUNT = 120 };            //  more than one batch of 50
    char *ids [COUNT];
    for (int i = 0; i < COUNT; i++)
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.created");
    sf_relay_poke (relay);
    s_wait_published (relay, NULL, COUNT);
    s_check_stream (&fixture, ids, COUNT);
    SF_CHECK (s_pending (&fixture) == 0);
    SF_CHECK (sf_relay_redis_ok (relay));

    //  The tail lost, as after a crash with appendfsync everysec.
    redisReply *tail = sf_redis_call (fixture.redis, "XREVRANGE", fixture.stream, "+", "-", "COUNT", "3", NULL);
    SF_CHECK (tail && tail->elements == 3);
    for (size_t i = 0; i < 3; i++)
        s_redis_exec (&fixture, "XDEL", tail->element [i]->element [0]->str);
    freeReplyObject (tail);
    SF_CHECK (s_length (&fixture) == COUNT - 3);
    s_wait_published (relay, NULL, COUNT + 3);
    s_check_stream (&fixture, ids, COUNT);

    //  The whole stream lost.
    s_redis_exec (&fixture, "UNLINK", NULL);
    s_wait_published (relay, NULL, COUNT + 3 + COUNT);
    s_check_stream (&fixture, ids, COUNT);

    sf_relay_destroy (&relay);
    sf_relay_destroy (&relay);
    s_free_ids (ids, COUNT);
    s_fixture_clear (&fixture);
}

//  A poke publishes at once, without waiting for the next tick.
static void
test_poke (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    sf_relay_t *relay = s_relay_new (&fixture, 10000);
    sf_test_sleep_ms (200);           //  past the pass the actor makes when it starts
    int64_t start = sf_clock_mono_ms ();
    for (int i = 0; i < 5; i++) {
        free (s_add_event (fixture.db, fixture.stream, "test.poked"));
        sf_relay_poke (relay);
        s_wait_published (relay, NULL, i + 1);
    }
    SF_CHECK (sf_clock_mono_ms () - start < 2000);
    SF_CHECK (s_length (&fixture) == 5);
    sf_relay_destroy (&relay);
    s_fixture_clear (&fixture);
}

//  A row whose transaction commits after rows with higher ids is still published, while
//  the passes publish more rows above it: the floor (sf_relay_floor.h) waits for its
//  transaction. No sweep from the start helps here (one an hour).
static void
test_late_commit_lower_id (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    sf_relay_t *relay = s_relay_new_sweep (&fixture, 50, 50, 0, 3600 * 1000);
    sf_db_options_t options;
    sf_test_db_options (fixture.schema, &options);
    sf_db_t *slow = sf_db_new (&options);

    SF_CHECK (sf_db_begin (slow) == 0);
    sf_event_t early = { .type = (char *) "test.early", .plant = (char *) "p1",
                         .payload = (uint8_t *) "\x00\x01\x02", .payload_size = 3 };
    SF_CHECK (sf_outbox_add (slow, fixture.stream, &early) == 0);
    SF_CHECK (sf_db_flush (slow) == 0);     //  the row is in (deferred otherwise), uncommitted
    char *late = s_add_event (fixture.db, fixture.stream, "test.late");
    s_wait_published (relay, NULL, 1);
    enum { MORE = 5 };
    char *more [MORE];
    for (int i = 0; i < MORE; i++) {
        sf_test_sleep_ms (100);       //  relay ticks pass over the gap
        more [i] = s_add_event (fixture.db, fixture.stream, "test.later");
        s_wait_published (relay, NULL, 2 + i);
    }
    SF_CHECK (sf_db_commit (slow) == 0);
    s_wait_published (relay, NULL, 2 + MORE);
    char *ids [] = { late, more [0], more [1], more [2], more [3], more [4], early.event_id };
    s_check_stream (&fixture, ids, 2 + MORE);
    s_free_ids (more, MORE);

    const char *values [] = { early.event_id, late };
    sf_rows_t *rows = sf_db_query (fixture.db,
        "SELECT (SELECT id FROM sf_outbox WHERE event_id = $1::uuid) < "
        "(SELECT id FROM sf_outbox WHERE event_id = $2::uuid)", 2, values);
    SF_CHECK (rows && sf_rows_bool (rows, 0, 0));
    sf_rows_destroy (&rows);

    sf_relay_destroy (&relay);
    free (late);
    free (early.event_id);
    sf_db_destroy (&slow);
    s_fixture_clear (&fixture);
}

//  A published row made unpublished again below the floor by another session (as
//  sf.Republish does) goes out again with the next pass from the start (sweep_ms).
static void
test_queued_again_below_floor (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    sf_relay_t *relay = s_relay_new_sweep (&fixture, 50, 50, 0, 300);
    enum { COUNT = 10 };
    char *ids [COUNT];
    for (int i = 0; i < COUNT; i++) {
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.created");
        sf_relay_poke (relay);
        s_wait_published (relay, NULL, i + 1);
    }
    sf_test_sleep_ms (300);           //  the floor moves above the first rows
    SF_CHECK (sf_db_exec (fixture.db, "UPDATE sf_outbox SET published_at = NULL, stream_ms = NULL, "
                                      "stream_seq = NULL WHERE event_id = $1::uuid", 1,
                          (const char *[]) { ids [0] }) == 1);
    s_wait_published (relay, NULL, COUNT + 1);
    SF_CHECK (s_pending (&fixture) == 0);
    SF_CHECK (s_length (&fixture) == COUNT + 1);
    sf_relay_destroy (&relay);
    s_free_ids (ids, COUNT);
    s_fixture_clear (&fixture);
}

//  While Redis is down commands commit and rows wait; when it is back they arrive.
static void
test_redis_down (void)
{
    s_private_start ("aof");
    fixture_t fixture;
    s_fixture_init (&fixture, s_private_port);
    sf_relay_t *relay = s_relay_new (&fixture, 50);
    enum { COUNT = 10 };
    char *ids [COUNT];
    for (int i = 0; i < COUNT / 2; i++)
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.before");
    s_wait_published (relay, NULL, COUNT / 2);

    SF_CHECK (sf_test_private_redis_ctl ("stop", "") == 0);
    for (int i = COUNT / 2; i < COUNT; i++) {
        int64_t start = sf_clock_mono_ms ();
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.during");
        sf_relay_poke (relay);
        SF_CHECK (sf_clock_mono_ms () - start < 500);
    }
    sf_test_sleep_ms (600);
    SF_CHECK (s_pending (&fixture) == COUNT / 2);
    SF_CHECK (!sf_relay_redis_ok (relay));
    SF_CHECK (sf_relay_published (relay) == COUNT / 2);

    SF_CHECK (sf_test_private_redis_ctl ("start", "aof") == 0);
    s_wait_published (relay, NULL, COUNT);
    s_check_stream (&fixture, ids, COUNT);
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (!sf_relay_redis_ok (relay)) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (20);
    }

    sf_relay_destroy (&relay);
    s_free_ids (ids, COUNT);
    s_fixture_clear (&fixture);
    sf_test_private_redis_stop ();
}

//  Redis restarted without persistence: every retained row is published again, before the
//  rows committed while it was down.
static void
test_redis_lost_everything (void)
{
    s_private_start ("none");
    fixture_t fixture;
    s_fixture_init (&fixture, s_private_port);
    sf_relay_t *relay = s_relay_new (&fixture, 50);
    enum { COUNT = 12 };
    char *ids [COUNT];
    for (int i = 0; i < COUNT - 2; i++)
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.before");
    s_wait_published (relay, NULL, COUNT - 2);

    SF_CHECK (sf_test_private_redis_ctl ("stop", "") == 0);
    for (int i = COUNT - 2; i < COUNT; i++)
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.during");
    SF_CHECK (sf_test_private_redis_ctl ("start", "none") == 0);
    s_wait_published (relay, NULL, COUNT - 2 + COUNT);
    s_check_stream (&fixture, ids, COUNT);

    sf_relay_destroy (&relay);
    s_free_ids (ids, COUNT);
    s_fixture_clear (&fixture);
    sf_test_private_redis_stop ();
}

//  Two daemon instances relay one schema: each row reaches the stream once.
static void
test_two_relays (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    sf_relay_t *first = s_relay_new (&fixture, 10);
    sf_relay_t *second = s_relay_new (&fixture, 10);
    enum { COUNT = 300 };
    char *ids [COUNT];
    for (int i = 0; i < COUNT; i++) {
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.created");
        sf_relay_poke (i % 2? first: second);
    }
    s_wait_published (first, second, COUNT);
    sf_test_sleep_ms (100);           //  time for a stray second publication to show
    SF_CHECK (s_pending (&fixture) == 0);
    s_check_stream (&fixture, ids, COUNT);
    SF_CHECK (sf_relay_published (first) + sf_relay_published (second) == COUNT);
    sf_relay_destroy (&first);
    sf_relay_destroy (&second);
    s_free_ids (ids, COUNT);
    s_fixture_clear (&fixture);
}

//  The relay's database session is killed: it reconnects and goes on.
static void
test_database_session_lost (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    sf_relay_t *relay = s_relay_new (&fixture, 50);
    char *ids [2];
    ids [0] = s_add_event (fixture.db, fixture.stream, "test.before");
    s_wait_published (relay, NULL, 1);
    const char *values [] = { fixture.schema };
    sf_rows_t *rows = sf_db_query (fixture.db,
        "SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity WHERE application_name = $1",
        1, values);
    SF_CHECK (rows && sf_rows_int (rows, 0, 0) == 1);
    sf_rows_destroy (&rows);
    ids [1] = s_add_event (fixture.db, fixture.stream, "test.after");
    s_wait_published (relay, NULL, 2);
    s_check_stream (&fixture, ids, 2);
    sf_relay_destroy (&relay);
    s_free_ids (ids, 2);
    s_fixture_clear (&fixture);
}

//  More lost rows than one requeue statement takes: all come back, in id order.
static void
test_large_repair (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    enum { COUNT = 10050 };
    const char *values [] = { fixture.stream };
    SF_CHECK (sf_db_exec (fixture.db,
        "INSERT INTO sf_outbox (event_id, stream, event_type, envelope) "
        "SELECT gen_random_uuid (), $1, 'test.bulk', '\\x0a'::bytea FROM generate_series (1, 10050)",
        1, values) == COUNT);
    sf_relay_t *relay = s_relay_new_batch (&fixture, 50, 1000);
    s_wait_published (relay, NULL, COUNT);
    s_redis_exec (&fixture, "UNLINK", NULL);
    s_wait_published (relay, NULL, 2 * COUNT);
    sf_rows_t *rows = sf_db_query (fixture.db, "SELECT event_id FROM sf_outbox ORDER BY id", 0, NULL);
    redisReply *reply = s_entries (&fixture);
    SF_CHECK (rows && sf_rows_count (rows) == COUNT && reply && reply->elements == COUNT);
    for (int i = 0; i < COUNT; i++)
        SF_CHECK_STR (s_field (reply->element [i], "id")->str, sf_rows_text (rows, i, 0));
    freeReplyObject (reply);
    sf_rows_destroy (&rows);
    SF_CHECK (s_pending (&fixture) == 0);
    sf_relay_destroy (&relay);
    s_fixture_clear (&fixture);
}

static void
s_wait_length (fixture_t *self, size_t length)
{
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (s_length (self) != length) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (20);
    }
}

//  Streams are trimmed by age (XTRIM MINID), also when nothing new is published: entries
//  older than the cut go, younger ones stay, and rows whose entries left by age are not
//  taken for lost and published again.
static void
test_trim_by_age (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    //  Entries from 1970, as if published long ago.
    for (int i = 1; i <= 2; i++) {
        char id [16];
        snprintf (id, sizeof id, "1-%d", i);
        redisReply *reply = sf_redis_call (fixture.redis, "XADD", fixture.stream, id, "type", "test.old", NULL);
        SF_CHECK (reply);
        freeReplyObject (reply);
    }
    sf_relay_t *relay = s_relay_new (&fixture, 50);
    enum { COUNT = 3 };
    char *ids [COUNT + 1];
    for (int i = 0; i < COUNT; i++)
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.created");
    s_wait_published (relay, NULL, COUNT);
    sf_relay_destroy (&relay);
    SF_CHECK (s_length (&fixture) == 2 + COUNT);

    //  A relay that starts trims at once: the week-old cut takes the old entries only.
    relay = s_relay_new (&fixture, 50);
    s_wait_length (&fixture, COUNT);
    s_check_stream (&fixture, ids, COUNT);
    SF_CHECK (sf_relay_published (relay) == 0);
    sf_relay_destroy (&relay);

    //  With a one-second retention, a second later the whole quiet stream goes, our last
    //  entry included; past the next check nothing was published again.
    sf_test_sleep_ms (1100);
    relay = s_relay_new_options (&fixture, 50, 50, 1000);
    s_wait_length (&fixture, 0);
    sf_test_sleep_ms (3300);
    SF_CHECK (sf_relay_published (relay) == 0);
    SF_CHECK (s_pending (&fixture) == 0);
    SF_CHECK (s_length (&fixture) == 0);
    ids [COUNT] = s_add_event (fixture.db, fixture.stream, "test.later");
    sf_relay_poke (relay);
    s_wait_published (relay, NULL, 1);
    s_check_stream (&fixture, ids + COUNT, 1);
    sf_relay_destroy (&relay);
    s_free_ids (ids, COUNT + 1);
    s_fixture_clear (&fixture);
}

//  Published rows older than the retention go at the relay's first pass, wherever their ids
//  lie (here after young rows); a row as old that was never published stays (and is
//  published), and so do the young ones.
static void
test_prune (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, atoi (sf_test_env ("SF_REDIS_PORT")));
    char *ids [6];
    for (int i = 0; i < 6; i++)
        ids [i] = s_add_event (fixture.db, fixture.stream, "test.prune");
    //  The two lowest ids published an hour ago, the third never (written two days ago), the
    //  three highest published two days ago (as a seed, or a republish, can leave them).
    SF_CHECK (sf_db_exec (fixture.db,
        "UPDATE sf_outbox SET published_at = now () - interval '1 hour', stream_ms = 2, stream_seq = id"
        " WHERE id IN (SELECT id FROM sf_outbox ORDER BY id LIMIT 2)", 0, NULL) == 2);
    SF_CHECK (sf_db_exec (fixture.db,
        "UPDATE sf_outbox SET created_at = now () - interval '2 days'"
        " WHERE id = (SELECT id FROM sf_outbox ORDER BY id OFFSET 2 LIMIT 1)", 0, NULL) == 1);
    SF_CHECK (sf_db_exec (fixture.db,
        "UPDATE sf_outbox SET published_at = now () - interval '2 days', created_at = now () - interval '2 days',"
        " stream_ms = 1, stream_seq = id WHERE id IN (SELECT id FROM sf_outbox ORDER BY id OFFSET 3)", 0, NULL) == 3);
    sf_relay_options_t options = {
        .redis_host = sf_test_env ("SF_REDIS_HOST"), .redis_port = fixture.redis_port, .redis_timeout_ms = 500,
        .interval_ms = 50, .retention_ms = 24 * 3600 * 1000LL
    };
    sf_test_db_options (fixture.schema, &options.db);
    sf_relay_t *relay = sf_relay_new (&options);
    s_wait_published (relay, NULL, 1);
    SF_CHECK (sf_test_scalar (fixture.db, "SELECT count(*) FROM sf_outbox", NULL) == 3);
    SF_CHECK (sf_test_scalar (fixture.db, "SELECT count(*) FROM sf_outbox WHERE published_at IS NULL", NULL) == 0);
    for (int i = 0; i < 3; i++)
        SF_CHECK (sf_test_scalar (fixture.db, "SELECT count(*) FROM sf_outbox WHERE event_id = $1::uuid", ids [i]) == 1);
    sf_relay_destroy (&relay);
    for (int i = 0; i < 6; i++)
        free (ids [i]);
    s_fixture_clear (&fixture);
}

int
main (void)
{
    test_publish_and_repair ();
    test_poke ();
    test_late_commit_lower_id ();
    test_queued_again_below_floor ();
    test_redis_down ();
    test_redis_lost_everything ();
    test_two_relays ();
    test_database_session_lost ();
    test_large_repair ();
    test_trim_by_age ();
    test_prune ();
    printf ("sf_relay_test: OK\n");
    return 0;
}
