/*  sf_consumer_test: the consumer against real PostgreSQL and Redis. Entries are written
    with XADD as the relay writes them; the handler records each call in a table. The test
    that restarts Redis does it to a private Redis of its own (deploy/redis-ctl in a
    directory under SF_STATE_DIR), so tests running beside this one keep theirs.            */
#include "sf_clock.h"
#include "sf_consumer.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_redis.h"
#include "sf_testkit.h"
#include "sf_uuid.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
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
    char *dead_stream;
    char *group;
    sf_db_t *db;
    sf_redis_t *redis;
    int redis_port;
    atomic_int calls;           //  handler calls
    int fail_first;             //  the handler fails this many calls, then succeeds
    const char *fail_sql;       //  else a statement that fails, run by the handler
    int lock_timeout_ms;        //  of the consumer's session; 0: sf_db's default
    const char *fail_event;     //  the handler fails on this event, after its insert, always
    const char *later_event;    //  and says LATER on this one until later_ready
    atomic_bool later_ready;
    const char *transient_event;    //  and meets a serialisation failure on this one,
    atomic_int transient_left;      //  this many times
    bool many;                  //  the consumer has s_many too
    atomic_int many_calls;      //  its calls, and the events they applied
    atomic_int many_applied;
} fixture_t;

static bool
s_is (const char *event_id, const char *which)
{
    return which && strcmp (event_id, which) == 0;
}

static int
s_handler (sf_db_t *db, const sf_event_t *event, void *arg)
{
    fixture_t *fixture = (fixture_t *) arg;
    int call = atomic_fetch_add (&fixture->calls, 1) + 1;
    if (fixture->fail_sql)
        return sf_db_exec (db, fixture->fail_sql, 0, NULL) < 0? -1: 0;
    if (s_is (event->event_id, fixture->later_event) && !atomic_load (&fixture->later_ready))
        return SF_CONSUMER_LATER;
    const char *values [] = { event->event_id, event->type };
    if (sf_db_exec (db, "INSERT INTO applied (event_id, type) VALUES ($1::uuid, $2)", 2, values) != 1)
        return -1;
    if (s_is (event->event_id, fixture->transient_event) && atomic_fetch_sub (&fixture->transient_left, 1) > 0) {
        SF_CHECK (sf_db_exec (db, "DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '40001'; END $$",
                              0, NULL) < 0);
        return -1;
    }
    if (s_is (event->event_id, fixture->fail_event))
        return -1;
    return call <= fixture->fail_first? -1: 0;
}

//  The many handler: inserts every event's row, then gives the read back when one of them
//  is one the one-by-one handler fails or delays (its rows must then be rolled back).
static int
s_many (sf_db_t *db, const sf_event_t *const *events, size_t count, void *arg)
{
    fixture_t *fixture = (fixture_t *) arg;
    atomic_fetch_add (&fixture->many_calls, 1);
    bool give_back = false;
    for (size_t i = 0; i < count; i++) {
        const char *values [] = { events [i]->event_id, events [i]->type };
        if (sf_db_exec (db, "INSERT INTO applied (event_id, type) VALUES ($1::uuid, $2)", 2, values) != 1)
            return -1;
        give_back |= s_is (events [i]->event_id, fixture->fail_event)
                  || s_is (events [i]->event_id, fixture->later_event)
                  || s_is (events [i]->event_id, fixture->transient_event);
    }
    if (give_back)
        return -1;
    atomic_fetch_add (&fixture->many_applied, (int) count);
    return 0;
}

static void
s_fixture_init_port (fixture_t *self, int fail_first, int redis_port)
{
    memset (self, 0, sizeof *self);
    self->schema = sf_test_unique ("consumer");
    self->stream = sf_test_unique ("sf:test:consumer");
    SF_CHECK (asprintf (&self->dead_stream, "%s:dead", self->stream) > 0);
    self->group = sf_test_unique ("group");
    self->db = sf_test_db (self->schema);
    SF_CHECK (sf_migrate (self->db, self->schema, "common", common_migrations) >= 1);
    //  tx: the transaction that applied the event, so a test sees which came in one batch.
    //  n: the order of application.
    SF_CHECK (sf_db_exec_script (self->db, "CREATE TABLE applied (event_id uuid NOT NULL, type text NOT NULL, "
                                 "tx bigint NOT NULL DEFAULT txid_current (), n bigserial)") == 0);
    self->redis_port = redis_port;
    self->redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"), redis_port, 2000);
    self->fail_first = fail_first;
}

static void
s_fixture_init (fixture_t *self, int fail_first)
{
    s_fixture_init_port (self, fail_first, atoi (sf_test_env ("SF_REDIS_PORT")));
}

static void
s_fixture_clear (fixture_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "DEL", self->stream, self->dead_stream, NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    char script [256];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", self->schema);
    SF_CHECK (sf_db_exec_script (self->db, script) == 0);
    sf_db_destroy (&self->db);
    sf_redis_destroy (&self->redis);
    free (self->schema);
    free (self->stream);
    free (self->dead_stream);
    free (self->group);
}

static sf_consumer_t *
s_consumer_new_parallel (fixture_t *fixture, const char *name, int max_deliveries, int claim_idle_ms, int parallel)
{
    sf_consumer_options_t options = {
        .redis_host = sf_test_env ("SF_REDIS_HOST"),
        .redis_port = fixture->redis_port,
        .redis_timeout_ms = 1000,
        .stream = fixture->stream,
        .group = fixture->group,
        .consumer = name,
        .max_deliveries = max_deliveries,
        .claim_idle_ms = claim_idle_ms,
        .block_ms = 100,
        .batch = 10,
        .parallel = parallel,
        .many = fixture->many? s_many: NULL
    };
    sf_test_db_options (fixture->schema, &options.db);
    options.db.application_name = fixture->schema;   //  so a test can find its session
    options.db.lock_timeout_ms = fixture->lock_timeout_ms;
    return sf_consumer_new (&options, s_handler, fixture);
}

static sf_consumer_t *
s_consumer_new (fixture_t *fixture, const char *name, int max_deliveries, int claim_idle_ms)
{
    return s_consumer_new_parallel (fixture, name, max_deliveries, claim_idle_ms, 1);
}

static void
s_command (fixture_t *self, const char **argv, const size_t *argvlen, int argc)
{
    redisReply *reply = sf_redis_command (self->redis, argc, argv, argvlen);
    SF_CHECK (reply);
    freeReplyObject (reply);
}

//  XADDs an entry the way sf_relay does, with env as given; returns the entry id.
static char *
s_add_raw (fixture_t *self, const char *event_id, const uint8_t *env, size_t size)
{
    const char *argv [] = { "XADD", self->stream, "*", "id", event_id, "type", "test.done", "env", (const char *) env };
    size_t argvlen [9];
    for (int i = 0; i < 8; i++)
        argvlen [i] = strlen (argv [i]);
    argvlen [8] = size;
    redisReply *reply = sf_redis_command (self->redis, 9, argv, argvlen);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    char *entry_id = strdup (reply->str);
    freeReplyObject (reply);
    return entry_id;
}

//  XADDs an event with event_id (a new one when NULL); returns its id, and the entry id in
//  *entry_id unless NULL.
static char *
s_add_entry (fixture_t *self, const char *event_id, char **entry_id)
{
    char fresh [SF_UUID_LEN + 1];
    sf_uuid_generate (fresh);
    sf_event_t event = { .event_id = (char *) (event_id? event_id: fresh), .type = (char *) "test.done" };
    size_t size;
    uint8_t *env = sf_event_encode (&event, &size);
    char *entry = s_add_raw (self, event.event_id, env, size);
    free (env);
    if (entry_id)
        *entry_id = entry;
    else
        free (entry);
    return strdup (event.event_id);
}

//  XADDs a new event of plant, with the plant as its type too (the handler stores the type).
static char *
s_add_of_plant (fixture_t *self, const char *plant)
{
    char id [SF_UUID_LEN + 1];
    sf_uuid_generate (id);
    sf_event_t event = { .event_id = id, .type = (char *) plant, .plant = (char *) plant };
    size_t size;
    uint8_t *env = sf_event_encode (&event, &size);
    free (s_add_raw (self, id, env, size));
    free (env);
    return strdup (id);
}

static char *
s_add (fixture_t *self, const char *event_id)
{
    return s_add_entry (self, event_id, NULL);
}

static void
s_create_group (fixture_t *self)
{
    const char *argv [] = { "XGROUP", "CREATE", self->stream, self->group, "0", "MKSTREAM" };
    s_command (self, argv, NULL, 6);
}

//  Reads every new entry as consumer name and never acknowledges them.
static size_t
s_read_unacked (fixture_t *self, const char *name)
{
    redisReply *reply = sf_redis_call (self->redis, "XREADGROUP", "GROUP", self->group, name,
                                       "COUNT", "100", "STREAMS", self->stream, ">", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY);
    size_t count = reply->element [0]->element [1]->elements;
    freeReplyObject (reply);
    return count;
}

//  Entries of the group not yet acknowledged.
static long long
s_pending (fixture_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XPENDING", self->stream, self->group, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY && reply->element [0]->type == REDIS_REPLY_INTEGER);
    long long pending = reply->element [0]->integer;
    freeReplyObject (reply);
    return pending;
}

static int64_t
s_applied_rows (fixture_t *self, const char *event_id)
{
    const char *values [] = { event_id };
    sf_rows_t *rows = event_id?
        sf_db_query (self->db, "SELECT count(*) FROM applied WHERE event_id = $1::uuid", 1, values):
        sf_db_query (self->db, "SELECT count(*) FROM applied", 0, NULL);
    SF_CHECK (rows);
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

static void
s_wait_counter (sf_consumer_t *consumer, int64_t (*counter) (sf_consumer_t *), int64_t value)
{
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (counter (consumer) < value) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (10);
    }
    SF_CHECK (counter (consumer) == value);
}

static void
s_wait_no_pending (fixture_t *self)
{
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (s_pending (self) > 0) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (10);
    }
}

//  The value of field in the only entry of the dead-letter stream.
static char *
s_dead_field (fixture_t *self, size_t index, const char *field)
{
    redisReply *reply = sf_redis_call (self->redis, "XRANGE", self->dead_stream, "-", "+", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY && index < reply->elements);
    redisReply *fields = reply->element [index]->element [1];
    char *value = NULL;
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (strcmp (fields->element [i]->str, field) == 0)
            value = strdup (fields->element [i + 1]->str);
    freeReplyObject (reply);
    SF_CHECK (value);
    return value;
}

static void
s_wait_calls (fixture_t *self, int calls)
{
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (atomic_load (&self->calls) < calls) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (10);
    }
}

//  Sets the failure count of a stream entry, as an instance that stopped left it.
static void
s_seed_attempts (fixture_t *self, const char *entry_id, int attempts)
{
    char count [16];
    snprintf (count, sizeof count, "%d", attempts);
    const char *values [] = { self->stream, self->group, entry_id, count };
    SF_CHECK (sf_db_exec (self->db,
        "INSERT INTO sf_consumer_attempt (stream, consumer_group, entry_ms, entry_seq, attempts, last_error) "
        "VALUES ($1, $2, split_part ($3, '-', 1)::bigint, split_part ($3, '-', 2)::bigint, $4::int, 'seeded')",
        4, values) == 1);
}

//  The failure count of entry_id, 0 if none; its last error into *last_error unless NULL.
static int64_t
s_attempts (fixture_t *self, const char *entry_id, char **last_error)
{
    const char *values [] = { self->stream, self->group, entry_id };
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT attempts, last_error FROM sf_consumer_attempt WHERE stream = $1 AND consumer_group = $2 "
        "AND entry_ms = split_part ($3, '-', 1)::bigint AND entry_seq = split_part ($3, '-', 2)::bigint",
        3, values);
    SF_CHECK (rows);
    int64_t attempts = sf_rows_count (rows)? sf_rows_int (rows, 0, 0): 0;
    if (last_error)
        *last_error = strdup (sf_rows_count (rows)? sf_rows_text (rows, 0, 1): "");
    sf_rows_destroy (&rows);
    return attempts;
}

static int64_t
s_attempt_rows (fixture_t *self)
{
    sf_rows_t *rows = sf_db_query (self->db, "SELECT count (*) FROM sf_consumer_attempt", 0, NULL);
    SF_CHECK (rows);
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

//  The highest delivery count Redis keeps for the group's pending entries.
static long long
s_max_delivery_count (fixture_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XPENDING", self->stream, self->group, "-", "+", "100", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY);
    long long highest = 0;
    for (size_t i = 0; i < reply->elements; i++) {
        redisReply *entry = reply->element [i];
        SF_CHECK (entry->type == REDIS_REPLY_ARRAY && entry->elements == 4);
        if (entry->element [3]->integer > highest)
            highest = entry->element [3]->integer;
    }
    freeReplyObject (reply);
    return highest;
}

static long long
s_dead_length (fixture_t *self)
{
    redisReply *reply = sf_redis_call (self->redis, "XLEN", self->dead_stream, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
    long long length = reply->integer;
    freeReplyObject (reply);
    return length;
}

static void
test_duplicates_applied_once (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    char *first = s_add (&fixture, NULL);
    char *second = s_add (&fixture, NULL);
    free (s_add (&fixture, first));     //  the relay published it twice
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 3, 60000);
    s_wait_counter (consumer, sf_consumer_applied, 2);
    s_wait_counter (consumer, sf_consumer_duplicates, 1);
    free (s_add (&fixture, second));    //  and again later
    s_wait_counter (consumer, sf_consumer_duplicates, 2);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, first) == 1);
    SF_CHECK (s_applied_rows (&fixture, second) == 1);
    SF_CHECK (atomic_load (&fixture.calls) == 2);
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    sf_consumer_destroy (&consumer);
    sf_consumer_destroy (&consumer);
    free (first);
    free (second);
    s_fixture_clear (&fixture);
}

static void
test_retry_until_applied (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 2);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 5, 150);
    char *id = s_add (&fixture, NULL);
    s_wait_counter (consumer, sf_consumer_applied, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (atomic_load (&fixture.calls) == 3);
    SF_CHECK (s_applied_rows (&fixture, id) == 1);        //  the failed attempts rolled back
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    SF_CHECK (s_attempt_rows (&fixture) == 0);            //  the count went with the application
    sf_consumer_destroy (&consumer);
    free (id);
    s_fixture_clear (&fixture);
}

static void
test_dead_letter (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 1000000);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 3, 150);
    const uint8_t garbage [] = { 0xff, 0xff, 0xff, 0x00 };
    free (s_add_raw (&fixture, "not-an-event", garbage, sizeof garbage));
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    SF_CHECK (atomic_load (&fixture.calls) == 0);
    char *reason = s_dead_field (&fixture, 0, "reason");
    SF_CHECK_STR (reason, "malformed envelope");
    free (reason);
    char *env = s_dead_field (&fixture, 0, "env");        //  the bytes are kept for a post-mortem
    SF_CHECK (memcmp (env, garbage, 3) == 0);
    free (env);

    char *entry_id;
    char *id = s_add_entry (&fixture, NULL, &entry_id);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 2);
    s_wait_no_pending (&fixture);
    SF_CHECK (atomic_load (&fixture.calls) == 3);
    SF_CHECK (sf_consumer_applied (consumer) == 0);
    SF_CHECK (s_applied_rows (&fixture, NULL) == 0);
    char *dead_id = s_dead_field (&fixture, 1, "id");
    SF_CHECK_STR (dead_id, id);
    char *attempts = s_dead_field (&fixture, 1, "attempts");
    SF_CHECK_STR (attempts, "3");
    char *orig_id = s_dead_field (&fixture, 1, "orig_id");
    SF_CHECK_STR (orig_id, entry_id);
    char *last_error;
    SF_CHECK (s_attempts (&fixture, entry_id, &last_error) == 3);
    SF_CHECK_STR (last_error, "the handler failed");
    sf_consumer_destroy (&consumer);
    free (id);
    free (entry_id);
    free (dead_id);
    free (attempts);
    free (orig_id);
    free (last_error);
    s_fixture_clear (&fixture);
}

static void
test_claim_from_dead_consumer (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    s_create_group (&fixture);
    enum { COUNT = 25 };
    for (int i = 0; i < COUNT; i++)
        free (s_add (&fixture, NULL));
    SF_CHECK (s_read_unacked (&fixture, "dead") == COUNT);
    SF_CHECK (s_pending (&fixture) == COUNT);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "live", 5, 300);
    s_wait_counter (consumer, sf_consumer_applied, COUNT);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, NULL) == COUNT);
    sf_consumer_destroy (&consumer);
    s_fixture_clear (&fixture);
}

//  Entries read but not acknowledged before a crash are applied at the next start,
//  without waiting for claim_idle_ms.
static void
test_own_pending_after_restart (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    s_create_group (&fixture);
    enum { COUNT = 15 };
    for (int i = 0; i < COUNT; i++)
        free (s_add (&fixture, NULL));
    SF_CHECK (s_read_unacked (&fixture, "c1") == COUNT);
    char *later = s_add (&fixture, NULL);
    int64_t start = sf_clock_mono_ms ();
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 5, 60000);
    s_wait_counter (consumer, sf_consumer_applied, COUNT + 1);
    SF_CHECK (sf_clock_mono_ms () - start < 5000);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, NULL) == COUNT + 1);
    sf_consumer_destroy (&consumer);

    //  A restart with nothing pending applies nothing again.
    consumer = s_consumer_new (&fixture, "c1", 5, 60000);
    free (s_add (&fixture, later));
    s_wait_counter (consumer, sf_consumer_duplicates, 1);
    SF_CHECK (sf_consumer_applied (consumer) == 0);
    sf_consumer_destroy (&consumer);
    free (later);
    s_fixture_clear (&fixture);
}

//  The consumer's database session is killed: it reconnects and goes on, nothing lost.
static void
test_database_session_lost (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 5, 60000);
    free (s_add (&fixture, NULL));
    s_wait_counter (consumer, sf_consumer_applied, 1);
    const char *values [] = { fixture.schema };
    sf_rows_t *rows = sf_db_query (fixture.db,
        "SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity WHERE application_name = $1",
        1, values);
    SF_CHECK (rows && sf_rows_int (rows, 0, 0) == 1);
    sf_rows_destroy (&rows);
    for (int i = 0; i < 5; i++)
        free (s_add (&fixture, NULL));
    s_wait_counter (consumer, sf_consumer_applied, 6);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, NULL) == 6);
    sf_consumer_destroy (&consumer);
    s_fixture_clear (&fixture);
}

//  Redis restarts without its data: the consumer creates its group again and goes on;
//  an event it applied before, published again by the relay, is a duplicate.
static void
test_redis_lost (void)
{
    s_private_start ("none");
    fixture_t fixture;
    s_fixture_init_port (&fixture, 0, s_private_port);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 5, 60000);
    char *before = s_add (&fixture, NULL);
    s_wait_counter (consumer, sf_consumer_applied, 1);

    SF_CHECK (sf_test_private_redis_ctl ("stop", "") == 0);
    sf_test_sleep_ms (300);
    SF_CHECK (sf_consumer_applied (consumer) == 1);
    SF_CHECK (sf_test_private_redis_ctl ("start", "none") == 0);
    sf_redis_disconnect (fixture.redis);            //  its socket went with the old server
    redisReply *reply = sf_redis_call (fixture.redis, "XLEN", fixture.stream, NULL);
    SF_CHECK (reply && reply->integer == 0);        //  the consumer may have made it again
    freeReplyObject (reply);
    free (s_add (&fixture, before));
    char *after = s_add (&fixture, NULL);
    s_wait_counter (consumer, sf_consumer_applied, 2);
    s_wait_counter (consumer, sf_consumer_duplicates, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, before) == 1);
    SF_CHECK (s_applied_rows (&fixture, after) == 1);
    sf_consumer_destroy (&consumer);
    free (before);
    free (after);
    s_fixture_clear (&fixture);
    sf_test_private_redis_stop ();
}

//  A handler whose statement fails for good (not a transient error) fails like a handler
//  that says no: counted, and dead-lettered after max_deliveries.
static void
test_database_error_counted (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    fixture.fail_sql = "INSERT INTO applied (event_id, type) VALUES (NULL, 'x')";
    char *entry_id;
    free (s_add_entry (&fixture, NULL, &entry_id));
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 2, 150);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (atomic_load (&fixture.calls) == 2);
    char *last_error;
    SF_CHECK (s_attempts (&fixture, entry_id, &last_error) == 2);
    SF_CHECK (strstr (last_error, "the handler failed: ") && strstr (last_error, "null value"));
    sf_consumer_destroy (&consumer);
    free (entry_id);
    free (last_error);
    s_fixture_clear (&fixture);
}

//  Redis' delivery counter is not ours: an entry it has handed out 100 times, none of them
//  to the handler, is applied.
static void
test_delivery_counter_ignored (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    s_create_group (&fixture);
    char *entry_id;
    char *id = s_add_entry (&fixture, NULL, &entry_id);
    SF_CHECK (s_read_unacked (&fixture, "c1") == 1);
    const char *argv [] = { "XCLAIM", fixture.stream, fixture.group, "c1", "0", entry_id, "RETRYCOUNT", "100" };
    s_command (&fixture, argv, NULL, 8);
    SF_CHECK (s_max_delivery_count (&fixture) == 100);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 5, 60000);
    s_wait_counter (consumer, sf_consumer_applied, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    SF_CHECK (s_applied_rows (&fixture, id) == 1);
    sf_consumer_destroy (&consumer);
    free (id);
    free (entry_id);
    s_fixture_clear (&fixture);
}

//  Terminates the consumer's session once it waits for a lock.
static void
s_kill_waiting_session (fixture_t *self)
{
    const char *values [] = { self->schema };
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (true) {
        sf_rows_t *rows = sf_db_query (self->db,
            "SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity "
            "WHERE application_name = $1 AND wait_event_type = 'Lock'", 1, values);
        SF_CHECK (rows);
        int64_t killed = sf_rows_int (rows, 0, 0);
        sf_rows_destroy (&rows);
        if (killed > 0)
            return;
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (5);
    }
}

//  Redis restarts, a session killed under the handler and lock timeouts in the handler are
//  not the handler's failures: none is counted, though Redis' delivery counter runs past
//  max_deliveries, and every event is applied once the lock is gone.
static void
test_transient_failures_not_counted (void)
{
    s_private_start ("aof");
    fixture_t fixture;
    s_fixture_init_port (&fixture, 0, s_private_port);
    fixture.lock_timeout_ms = 300;
    sf_db_options_t options;
    sf_test_db_options (fixture.schema, &options);
    options.idle_tx_timeout_ms = 120000;
    sf_db_t *locker = sf_db_new (&options);
    SF_CHECK (sf_db_begin (locker) == 0);
    SF_CHECK (sf_db_exec (locker, "LOCK TABLE applied IN ACCESS EXCLUSIVE MODE", 0, NULL) >= 0);
    enum { COUNT = 3, MAX = 2 };
    for (int i = 0; i < COUNT; i++)
        free (s_add (&fixture, NULL));
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", MAX, 150);
    s_wait_calls (&fixture, MAX + 1);               //  each one a lock timeout
    SF_CHECK (sf_test_private_redis_ctl ("restart", "aof") == 0);
    sf_redis_disconnect (fixture.redis);            //  its socket went with the old server
    s_kill_waiting_session (&fixture);
    SF_CHECK (sf_test_private_redis_ctl ("restart", "aof") == 0);
    sf_redis_disconnect (fixture.redis);
    int calls = atomic_load (&fixture.calls);
    s_wait_calls (&fixture, calls + 2);
    SF_CHECK (s_max_delivery_count (&fixture) > MAX);
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    SF_CHECK (sf_consumer_applied (consumer) == 0);
    SF_CHECK (s_attempt_rows (&fixture) == 0);

    sf_db_rollback (locker);
    s_wait_counter (consumer, sf_consumer_applied, COUNT);
    s_wait_no_pending (&fixture);
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    SF_CHECK (s_dead_length (&fixture) == 0);
    SF_CHECK (s_applied_rows (&fixture, NULL) == COUNT);
    SF_CHECK (s_attempt_rows (&fixture) == 0);
    sf_consumer_destroy (&consumer);
    sf_db_destroy (&locker);
    s_fixture_clear (&fixture);
    sf_test_private_redis_stop ();
}

//  Failure counts live in the database: a consumer that starts where another stopped goes
//  on from its count (one more failure, or none when the count is used up), and the counts
//  of entries gone from the stream are dropped.
static void
test_attempts_shared (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 1000000);
    char *first, *second;
    free (s_add_entry (&fixture, NULL, &first));
    free (s_add_entry (&fixture, NULL, &second));
    s_seed_attempts (&fixture, first, 2);
    s_seed_attempts (&fixture, second, 3);
    s_seed_attempts (&fixture, "1-1", 1);                   //  an entry long gone
    s_seed_attempts (&fixture, "99999999999999-0", 1);      //  newer than the first entry
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c2", 3, 150);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 2);
    s_wait_no_pending (&fixture);
    SF_CHECK (atomic_load (&fixture.calls) == 1);
    char *attempts = s_dead_field (&fixture, 0, "attempts");
    SF_CHECK_STR (attempts, "3");
    free (attempts);
    attempts = s_dead_field (&fixture, 1, "attempts");
    SF_CHECK_STR (attempts, "3");
    free (attempts);
    SF_CHECK (s_attempts (&fixture, "1-1", NULL) == 0);
    SF_CHECK (s_attempts (&fixture, "99999999999999-0", NULL) == 1);
    sf_consumer_destroy (&consumer);
    free (first);
    free (second);
    s_fixture_clear (&fixture);
}

//  Transactions that applied events: batches that committed.
static int64_t
s_batches (fixture_t *self)
{
    sf_rows_t *rows = sf_db_query (self->db, "SELECT count (DISTINCT tx) FROM applied", 0, NULL);
    SF_CHECK (rows);
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

//  Adds count events before the consumer starts, so that one read takes them all; their
//  ids into ids [count], the entry ids into entries [count] (both freed by s_free_ids).
static void
s_add_many (fixture_t *self, int count, char **ids, char **entries)
{
    for (int i = 0; i < count; i++)
        ids [i] = s_add_entry (self, NULL, &entries [i]);
}

static void
s_free_ids (int count, char **ids, char **entries)
{
    for (int i = 0; i < count; i++) {
        free (ids [i]);
        free (entries [i]);
    }
}

//  One read, one batch: a failing entry in the middle is rolled back to its savepoint and
//  counted, the others commit together; the failing one is tried again alone until it is
//  dead-lettered after max_deliveries, its count kept for the post-mortem.
static void
test_batch_failing_entry (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    enum { COUNT = 7, MAX = 3 };
    char *ids [COUNT], *entries [COUNT];
    s_add_many (&fixture, COUNT, ids, entries);
    fixture.fail_event = ids [3];
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", MAX, 150);
    s_wait_counter (consumer, sf_consumer_applied, COUNT - 1);
    SF_CHECK (s_batches (&fixture) == 1);
    SF_CHECK (s_applied_rows (&fixture, NULL) == COUNT - 1);
    SF_CHECK (s_applied_rows (&fixture, ids [3]) == 0);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (atomic_load (&fixture.calls) == COUNT - 1 + MAX);
    SF_CHECK (s_applied_rows (&fixture, NULL) == COUNT - 1);
    SF_CHECK (sf_consumer_applied (consumer) == COUNT - 1);
    char *last_error;
    SF_CHECK (s_attempts (&fixture, entries [3], &last_error) == MAX);
    SF_CHECK_STR (last_error, "the handler failed");
    free (last_error);
    char *orig_id = s_dead_field (&fixture, 0, "orig_id");
    SF_CHECK_STR (orig_id, entries [3]);
    free (orig_id);
    char *attempts = s_dead_field (&fixture, 0, "attempts");
    SF_CHECK_STR (attempts, "3");
    free (attempts);
    SF_CHECK (s_attempt_rows (&fixture) == 1);
    sf_consumer_destroy (&consumer);
    s_free_ids (COUNT, ids, entries);
    s_fixture_clear (&fixture);
}

//  An entry that cannot be applied yet is rolled back to its savepoint, uncounted, the rest
//  of its batch commits; it is applied once it can be, after claim_idle_ms.
static void
test_batch_later (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    enum { COUNT = 5 };
    char *ids [COUNT], *entries [COUNT];
    s_add_many (&fixture, COUNT, ids, entries);
    fixture.later_event = ids [1];
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 2, 150);
    s_wait_counter (consumer, sf_consumer_applied, COUNT - 1);
    SF_CHECK (s_batches (&fixture) == 1);
    s_wait_calls (&fixture, COUNT + 3);                 //  asked again, more times than max_deliveries
    SF_CHECK (s_applied_rows (&fixture, ids [1]) == 0);
    SF_CHECK (s_pending (&fixture) == 1);
    SF_CHECK (s_attempt_rows (&fixture) == 0);
    atomic_store (&fixture.later_ready, true);
    s_wait_counter (consumer, sf_consumer_applied, COUNT);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, ids [1]) == 1);
    SF_CHECK (s_applied_rows (&fixture, NULL) == COUNT);
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    sf_consumer_destroy (&consumer);
    s_free_ids (COUNT, ids, entries);
    s_fixture_clear (&fixture);
}

//  A transient error in the middle of a batch rolls the whole batch back, counts nothing,
//  and the batch is applied again: every event once.
static void
test_batch_transient (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    enum { COUNT = 6, TRANSIENT = 2 };
    char *ids [COUNT], *entries [COUNT];
    s_add_many (&fixture, COUNT, ids, entries);
    fixture.transient_event = ids [4];
    atomic_store (&fixture.transient_left, TRANSIENT);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 2, 60000);
    s_wait_counter (consumer, sf_consumer_applied, COUNT);
    s_wait_no_pending (&fixture);
    //  Two batches rolled back at their fifth entry, then the whole one.
    SF_CHECK (atomic_load (&fixture.calls) == TRANSIENT * 5 + COUNT);
    SF_CHECK (s_batches (&fixture) == 1);
    for (int i = 0; i < COUNT; i++)
        SF_CHECK (s_applied_rows (&fixture, ids [i]) == 1);
    SF_CHECK (s_attempt_rows (&fixture) == 0);
    SF_CHECK (sf_consumer_dead_lettered (consumer) == 0);
    SF_CHECK (sf_consumer_duplicates (consumer) == 0);
    sf_consumer_destroy (&consumer);
    s_free_ids (COUNT, ids, entries);
    s_fixture_clear (&fixture);
}

//  Duplicates inside one batch (the same event twice in one read, and one applied by an
//  earlier batch) are only acknowledged; a malformed entry in the batch is dead-lettered
//  and does not hold up the others.
static void
test_batch_duplicates (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    char *first = s_add (&fixture, NULL);
    sf_consumer_t *consumer = s_consumer_new (&fixture, "c1", 3, 60000);
    s_wait_counter (consumer, sf_consumer_applied, 1);
    sf_consumer_destroy (&consumer);
    char *second = s_add (&fixture, NULL);
    free (s_add (&fixture, second));
    const uint8_t garbage [] = { 0xff, 0x01 };
    free (s_add_raw (&fixture, "not-an-event", garbage, sizeof garbage));
    free (s_add (&fixture, first));
    char *third = s_add (&fixture, NULL);
    consumer = s_consumer_new (&fixture, "c1", 3, 60000);
    s_wait_counter (consumer, sf_consumer_applied, 2);
    s_wait_counter (consumer, sf_consumer_duplicates, 2);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_batches (&fixture) == 2);
    SF_CHECK (s_applied_rows (&fixture, first) == 1);
    SF_CHECK (s_applied_rows (&fixture, second) == 1);
    SF_CHECK (s_applied_rows (&fixture, third) == 1);
    SF_CHECK (atomic_load (&fixture.calls) == 3);
    sf_consumer_destroy (&consumer);
    free (first);
    free (second);
    free (third);
    s_fixture_clear (&fixture);
}

//  Parallel lanes: the events of a read are applied side by side by plant, each plant's in
//  stream order, every event once; a failing entry in one lane holds up nothing.
static void
test_parallel_by_plant (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    enum { ROUNDS = 12, PLANTS = 4, COUNT = ROUNDS * PLANTS };
    const char *plants [PLANTS] = { "P1", "P2", "P3", "P4" };
    char *ids [COUNT];
    for (int i = 0; i < COUNT; i++)
        ids [i] = s_add_of_plant (&fixture, plants [i % PLANTS]);
    fixture.fail_event = ids [5];
    sf_consumer_t *consumer = s_consumer_new_parallel (&fixture, "c1", 2, 150, 3);
    s_wait_counter (consumer, sf_consumer_applied, COUNT - 1);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    s_wait_no_pending (&fixture);
    for (int i = 0; i < COUNT; i++)
        SF_CHECK (s_applied_rows (&fixture, ids [i]) == (i == 5? 0: 1));
    //  More transactions than reads: the lanes committed apart.
    SF_CHECK (s_batches (&fixture) > (COUNT + 9) / 10);
    //  Within each plant, the order of the stream.
    for (int p = 0; p < PLANTS; p++) {
        const char *values [] = { plants [p] };
        sf_rows_t *rows = sf_db_query (fixture.db, "SELECT event_id FROM applied WHERE type = $1 ORDER BY n", 1, values);
        SF_CHECK (rows);
        int row = 0;
        for (int i = p; i < COUNT; i += PLANTS)
            if (i != 5)
                SF_CHECK_STR (sf_rows_text (rows, row++, 0), ids [i]);
        SF_CHECK (sf_rows_count (rows) == row);
        sf_rows_destroy (&rows);
    }
    sf_consumer_destroy (&consumer);
    for (int i = 0; i < COUNT; i++)
        free (ids [i]);
    s_fixture_clear (&fixture);
}

//  A many handler applies whole reads in one call each; a read with an event it cannot take
//  is rolled back and applied one by one (the failing entry counted and dead-lettered, the
//  others once); a relay duplicate inside a read goes one by one too; later duplicates are
//  only acknowledged.
static void
test_many (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture, 0);
    fixture.many = true;
    #define MANY_COUNT 25
    char *ids [MANY_COUNT];
    for (int i = 0; i < MANY_COUNT; i++)
        ids [i] = s_add (&fixture, NULL);
    sf_consumer_t *consumer = s_consumer_new_parallel (&fixture, "c1", 2, 150, 2);
    s_wait_counter (consumer, sf_consumer_applied, MANY_COUNT);
    s_wait_no_pending (&fixture);
    SF_CHECK (atomic_load (&fixture.many_applied) == MANY_COUNT);
    SF_CHECK (atomic_load (&fixture.calls) == 0);
    SF_CHECK (atomic_load (&fixture.many_calls) <= (MANY_COUNT + 9) / 10 * 2);
    for (int i = 0; i < MANY_COUNT; i++)
        SF_CHECK (s_applied_rows (&fixture, ids [i]) == 1);
    //  Published again: acknowledged, not applied.
    free (s_add (&fixture, ids [0]));
    s_wait_counter (consumer, sf_consumer_duplicates, 1);
    //  A read with an event the many handler gives back.
    sf_consumer_destroy (&consumer);
    char *more [4];
    for (int i = 0; i < 4; i++)
        more [i] = s_add (&fixture, NULL);
    fixture.fail_event = more [1];
    consumer = s_consumer_new_parallel (&fixture, "c1", 2, 150, 1);
    s_wait_counter (consumer, sf_consumer_applied, 3);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    s_wait_no_pending (&fixture);
    for (int i = 0; i < 4; i++)
        SF_CHECK (s_applied_rows (&fixture, more [i]) == (i == 1? 0: 1));
    SF_CHECK (s_dead_length (&fixture) == 1);
    //  The same event twice in one read: one by one, applied once.
    sf_consumer_destroy (&consumer);
    char *twice = s_add (&fixture, NULL);
    free (s_add (&fixture, twice));
    int calls = atomic_load (&fixture.calls);
    consumer = s_consumer_new_parallel (&fixture, "c1", 2, 150, 1);
    s_wait_counter (consumer, sf_consumer_applied, 1);
    s_wait_counter (consumer, sf_consumer_duplicates, 1);
    s_wait_no_pending (&fixture);
    SF_CHECK (s_applied_rows (&fixture, twice) == 1);
    SF_CHECK (atomic_load (&fixture.calls) == calls + 1);
    sf_consumer_destroy (&consumer);
    for (int i = 0; i < MANY_COUNT; i++)
        free (ids [i]);
    for (int i = 0; i < 4; i++)
        free (more [i]);
    free (twice);
    #undef MANY_COUNT
    s_fixture_clear (&fixture);
}

int
main (void)
{
    test_duplicates_applied_once ();
    test_retry_until_applied ();
    test_dead_letter ();
    test_database_error_counted ();
    test_delivery_counter_ignored ();
    test_transient_failures_not_counted ();
    test_attempts_shared ();
    test_batch_failing_entry ();
    test_batch_later ();
    test_batch_transient ();
    test_batch_duplicates ();
    test_parallel_by_plant ();
    test_many ();
    test_claim_from_dead_consumer ();
    test_own_pending_after_restart ();
    test_database_session_lost ();
    test_redis_lost ();
    printf ("sf_consumer_test: OK\n");
    return 0;
}
