/*  sf_outbox_test: events written in the caller's transaction, with their envelope, only
    when that transaction commits.                                                           */
#include "sf_clock.h"
#include "sf_codec.h"
#include "sf_log.h"
#include "sf_migrate.h"
#include "sf_outbox.h"
#include "sf_testkit.h"
#include "sf_uuid.h"

#include <string.h>

static sf_db_t *
s_schema_db (const char *schema)
{
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) > 0);
    return db;
}

static bool
s_is_uuid (const char *text)
{
    if (!text || strlen (text) != SF_UUID_LEN)
        return false;
    for (int i = 0; i < SF_UUID_LEN; i++) {
        char c = text [i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash? c != '-': !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return text [14] == '4' && strchr ("89ab", text [19]);
}

static const uint8_t s_payload [] = { 0x08, 0, 0x12, 3, 'T', 0, '1' };

//  An event as a handler builds it: no id, no time; strings the handler owns (heap copies,
//  because sf_outbox_add may replace event_id and the caller clears the event after).
static sf_event_t
s_event (const char *aggregate_id, const char *plant)
{
    sf_event_t event;
    memset (&event, 0, sizeof event);
    event.type = strdup ("org.unit_created");
    event.aggregate_type = strdup ("org_unit");
    event.aggregate_id = strdup (aggregate_id);
    event.aggregate_version = 3;
    event.plant = plant? strdup (plant): NULL;
    event.actor.user_id = strdup ("u-1");
    event.actor.roles [0] = strdup ("admin");
    event.actor.role_count = 1;
    event.trace_id = strdup ("trace-1");
    event.payload_type = strdup ("directory.Node");
    event.payload = sf_codec_bytes (s_payload, sizeof s_payload);
    event.payload_size = sizeof s_payload;
    return event;
}

static void
test_add_fills_id_and_time (void)
{
    char *schema = sf_test_unique ("sfoutbox_add");
    sf_db_t *db = s_schema_db (schema);
    SF_CHECK (sf_outbox_pending (db) == 0);
    sf_clock_set_ms (1700000000555);
    sf_event_t event = s_event ("T-1", "P01");
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add (db, SF_STREAM_PREFIX "org", &event) == 0);
    SF_CHECK (s_is_uuid (event.event_id));
    SF_CHECK (event.occurred_ms == 1700000000555);
    SF_CHECK (sf_db_commit (db) == 0);
    sf_clock_set_ms (0);
    SF_CHECK (sf_outbox_pending (db) == 1);

    //  The row: columns from the event, and an envelope that decodes back to it.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT event_id::text, stream, event_type, plant, envelope, published_at IS NULL "
        "FROM sf_outbox", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), event.event_id);
    SF_CHECK_STR (sf_rows_text (rows, 0, 1), "sf:events:org");
    SF_CHECK_STR (sf_rows_text (rows, 0, 2), "org.unit_created");
    SF_CHECK_STR (sf_rows_text (rows, 0, 3), "P01");
    SF_CHECK (sf_rows_bool (rows, 0, 5));
    size_t size;
    uint8_t *envelope = sf_rows_bytes (rows, 0, 4, &size);
    sf_rows_destroy (&rows);
    sf_event_t stored;
    SF_CHECK (sf_event_decode (&stored, envelope, size) == 0);
    free (envelope);
    SF_CHECK_STR (stored.event_id, event.event_id);
    SF_CHECK_STR (stored.type, "org.unit_created");
    SF_CHECK_STR (stored.aggregate_type, "org_unit");
    SF_CHECK_STR (stored.aggregate_id, "T-1");
    SF_CHECK (stored.aggregate_version == 3);
    SF_CHECK_STR (stored.plant, "P01");
    SF_CHECK (stored.occurred_ms == 1700000000555);
    SF_CHECK_STR (stored.actor.user_id, "u-1");
    SF_CHECK (stored.actor.role_count == 1);
    SF_CHECK_STR (stored.actor.roles [0], "admin");
    SF_CHECK_STR (stored.trace_id, "trace-1");
    SF_CHECK_STR (stored.payload_type, "directory.Node");
    SF_CHECK (stored.payload_size == sizeof s_payload);
    SF_CHECK (memcmp (stored.payload, s_payload, sizeof s_payload) == 0);
    sf_event_clear (&stored);
    sf_event_clear (&event);

    //  With the real clock, occurred_ms is now; an empty event_id is replaced too.
    event = s_event ("T-2", NULL);
    event.event_id = strdup ("");
    int64_t before = sf_clock_now_ms ();
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add (db, SF_STREAM_PREFIX "org", &event) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (s_is_uuid (event.event_id));
    SF_CHECK (event.occurred_ms >= before && event.occurred_ms <= sf_clock_now_ms ());
    //  No plant is company level: an empty plant column.
    rows = sf_db_query (db, "SELECT plant FROM sf_outbox WHERE event_id = $1::uuid", 1,
                        (const char *const []) { event.event_id });
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), "");
    sf_rows_destroy (&rows);
    sf_event_clear (&event);
    SF_CHECK (sf_outbox_pending (db) == 2);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_given_id_and_time_are_kept (void)
{
    char *schema = sf_test_unique ("sfoutbox_given");
    sf_db_t *db = s_schema_db (schema);
    sf_event_t event = s_event ("T-3", "P02");
    event.event_id = strdup ("0b0e7f9c-5a8a-4b1e-9c3d-2f5e6a7b8c9d");
    event.occurred_ms = 42;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add (db, "sf:events:custom", &event) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK_STR (event.event_id, "0b0e7f9c-5a8a-4b1e-9c3d-2f5e6a7b8c9d");
    SF_CHECK (event.occurred_ms == 42);
    sf_event_clear (&event);

    //  The same event id twice is refused when the deferred insert goes out (here with
    //  COMMIT), and nothing commits.
    event = s_event ("T-3", "P02");
    event.event_id = strdup ("0b0e7f9c-5a8a-4b1e-9c3d-2f5e6a7b8c9d");
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add (db, "sf:events:custom", &event) == 0);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    sf_event_clear (&event);

    //  An id that is not a UUID is a database error, not a crash (here at the next statement).
    event = s_event ("T-4", "P02");
    event.event_id = strdup ("not-a-uuid");
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add (db, "sf:events:custom", &event) == 0);
    SF_CHECK (sf_db_query (db, "SELECT 1", 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "22P02");
    sf_db_rollback (db);
    sf_event_clear (&event);
    SF_CHECK (sf_outbox_pending (db) == 1);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_rolled_back_leaves_nothing (void)
{
    char *schema = sf_test_unique ("sfoutbox_rollback");
    sf_db_t *db = s_schema_db (schema);
    SF_CHECK (sf_db_begin (db) == 0);
    for (int i = 0; i < 5; i++) {
        sf_event_t event = s_event ("T-5", "P01");
        SF_CHECK (sf_outbox_add (db, SF_STREAM_PREFIX "org", &event) == 0);
        sf_event_clear (&event);
    }
    //  Inside the transaction they are there ...
    SF_CHECK (sf_outbox_pending (db) == 5);
    sf_db_rollback (db);
    //  ... and gone with it.
    SF_CHECK (sf_outbox_pending (db) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox", NULL) == 0);

    //  An event added in a savepoint that is rolled back goes; the rest of the group stays.
    SF_CHECK (sf_db_begin (db) == 0);
    sf_event_t kept = s_event ("T-6", "P01");
    SF_CHECK (sf_outbox_add (db, SF_STREAM_PREFIX "org", &kept) == 0);
    SF_CHECK (sf_db_savepoint (db, "t_step") == 0);
    sf_event_t undone = s_event ("T-7", "P01");
    SF_CHECK (sf_outbox_add (db, SF_STREAM_PREFIX "org", &undone) == 0);
    SF_CHECK (sf_db_rollback_to_savepoint (db, "t_step") == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id::text FROM sf_outbox", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), kept.event_id);
    sf_rows_destroy (&rows);
    sf_event_clear (&kept);
    sf_event_clear (&undone);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_pending_counts (void)
{
    char *schema = sf_test_unique ("sfoutbox_pending");
    sf_db_t *db = s_schema_db (schema);
    enum { EVENTS = 30 };
    char ids [EVENTS][SF_UUID_LEN + 1];
    SF_CHECK (sf_db_begin (db) == 0);
    for (int i = 0; i < EVENTS; i++) {
        sf_event_t event = s_event ("T-8", i % 2? "P01": "P02");
        SF_CHECK (sf_outbox_add (db, i % 3? SF_STREAM_PREFIX "org": SF_STREAM_PREFIX "other", &event) == 0);
        snprintf (ids [i], sizeof ids [i], "%s", event.event_id);
        sf_event_clear (&event);
    }
    SF_CHECK (sf_db_commit (db) == 0);
    for (int i = 1; i < EVENTS; i++)
        for (int j = 0; j < i; j++)
            SF_CHECK (strcmp (ids [i], ids [j]) != 0);
    SF_CHECK (sf_outbox_pending (db) == EVENTS);
    //  Published rows (as the relay marks them) no longer count.
    SF_CHECK (sf_db_exec (db, "UPDATE sf_outbox SET published_at = now (), stream_ms = 1, stream_seq = id "
                              "WHERE id IN (SELECT id FROM sf_outbox ORDER BY id LIMIT 10)", 0, NULL) == 10);
    SF_CHECK (sf_outbox_pending (db) == EVENTS - 10);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE stream = 'sf:events:other'", NULL) == EVENTS / 3);

    //  Another session sees only committed events.
    sf_db_options_t options;
    sf_test_db_options (schema, &options);
    sf_db_t *other = sf_db_new (&options);
    SF_CHECK (sf_db_begin (db) == 0);
    sf_event_t event = s_event ("T-9", "P01");
    SF_CHECK (sf_outbox_add (db, SF_STREAM_PREFIX "org", &event) == 0);
    sf_event_clear (&event);
    SF_CHECK (sf_outbox_pending (db) == EVENTS - 10 + 1);
    SF_CHECK (sf_outbox_pending (other) == EVENTS - 10);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_outbox_pending (other) == EVENTS - 10 + 1);
    sf_db_destroy (&other);

    //  Without the table (no migrations) the count is an error: -1.
    char *bare = sf_test_unique ("sfoutbox_bare");
    sf_db_t *bare_db = sf_test_db (bare);
    SF_CHECK (sf_outbox_pending (bare_db) == -1);
    SF_CHECK_STR (sf_db_sqlstate (bare_db), "42P01");
    SF_CHECK (sf_db_begin (bare_db) == 0);
    event = s_event ("T-10", "P01");
    SF_CHECK (sf_outbox_add (bare_db, SF_STREAM_PREFIX "org", &event) == 0);
    SF_CHECK (sf_db_flush (bare_db) == -1);         //  the deferred insert's error
    SF_CHECK_STR (sf_db_sqlstate (bare_db), "42P01");
    sf_event_clear (&event);
    sf_db_rollback (bare_db);
    sf_db_destroy (&bare_db);
    free (bare);
    sf_db_destroy (&db);
    free (schema);
}

//  Many events in a few statements: each stored once, in order, with its own envelope.
static void
test_add_many (void)
{
    char *schema = sf_test_unique ("outbox_many");
    sf_db_t *db = s_schema_db (schema);
    enum { COUNT = 2500 };
    sf_event_t *events = calloc (COUNT, sizeof *events);
    SF_CHECK (events);
    for (int index = 0; index < COUNT; index++) {
        char id [32];
        snprintf (id, sizeof id, "unit-%d", index);
        events [index] = s_event (id, index % 2? "P01": NULL);
    }
    uint64_t before = sf_db_round_trips (db);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_outbox_add_many (db, SF_STREAM_PREFIX "org", events, COUNT) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_db_round_trips (db) - before <= 6);
    SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT event_id) FROM sf_outbox", NULL) == COUNT);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE plant = 'P01'", NULL) == COUNT / 2);
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id, envelope FROM sf_outbox ORDER BY id", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == COUNT);
    for (int index = 0; index < COUNT; index += 499) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, index, 1, &size);
        sf_event_t decoded;
        SF_CHECK (sf_event_decode (&decoded, envelope, size) == 0);
        SF_CHECK_STR (decoded.event_id, events [index].event_id);
        SF_CHECK_STR (decoded.event_id, sf_rows_text (rows, index, 0));
        SF_CHECK_STR (decoded.aggregate_id, events [index].aggregate_id);
        SF_CHECK (decoded.payload_size == sizeof s_payload && memcmp (decoded.payload, s_payload, sizeof s_payload) == 0);
        sf_event_clear (&decoded);
        free (envelope);
    }
    sf_rows_destroy (&rows);
    for (int index = 0; index < COUNT; index++)
        sf_event_clear (&events [index]);
    free (events);
    sf_db_destroy (&db);
    free (schema);
}

int
main (void)
{
    sf_test_env ("SF_DB_URL");
    sf_log_init ("sf_outbox_test", SF_LOG_HUMAN, SF_LOG_WARN);
    test_add_fills_id_and_time ();
    test_given_id_and_time_are_kept ();
    test_rolled_back_leaves_nothing ();
    test_pending_counts ();
    test_add_many ();
    printf ("sf_outbox_test: OK\n");
    return 0;
}
