/*  sf_idempotency_test: claim, store, replay and conflict on the common migrations; a rolled
    back claim frees the key; two sessions racing for one key serialise on it.              */
#include "sf_clock.h"
#include "sf_idempotency.h"
#include "sf_log.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <string.h>

static const uint8_t s_reply [] = { 0x0a, 0, 0x10, 1, 0, 0xff, 'r', 0 };

//  A fresh schema with the common tables, and a session bound to it.
static sf_db_t *
s_schema_db (const char *schema)
{
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) > 0);
    return db;
}

static void
test_fingerprint (void)
{
    const uint8_t body [] = { 1, 2, 0, 3 };
    uint64_t print = sf_idempotency_fingerprint ("directory.CreateNode", body, sizeof body);
    SF_CHECK (print == sf_idempotency_fingerprint ("directory.CreateNode", body, sizeof body));
    SF_CHECK (print != sf_idempotency_fingerprint ("directory.RenameNode", body, sizeof body));
    SF_CHECK (print != sf_idempotency_fingerprint ("directory.CreateNode", body, sizeof body - 1));
    const uint8_t other [] = { 1, 2, 0, 4 };
    SF_CHECK (print != sf_idempotency_fingerprint ("directory.CreateNode", other, sizeof other));
    //  Where the type ends and the body starts matters.
    SF_CHECK (sf_idempotency_fingerprint ("ab", (const uint8_t *) "c", 1)
           != sf_idempotency_fingerprint ("a", (const uint8_t *) "bc", 2));
    //  An empty body is fine, and differs from a body of one zero byte.
    uint64_t empty = sf_idempotency_fingerprint ("t", NULL, 0);
    SF_CHECK (empty == sf_idempotency_fingerprint ("t", (const uint8_t *) "", 0));
    SF_CHECK (empty != sf_idempotency_fingerprint ("t", (const uint8_t *) "", 1));
}

static sf_idem_result_t
s_claim (sf_db_t *db, const char *key, const char *type, uint64_t print, uint8_t **reply, size_t *size)
{
    *reply = NULL;
    *size = 0;
    return sf_idempotency_claim (db, key, type, print, reply, size);
}

static void
test_claim_store_replay_conflict (void)
{
    char *schema = sf_test_unique ("sfidem_basic");
    sf_db_t *db = s_schema_db (schema);
    char *key = sf_test_unique ("key");
    uint64_t print = sf_idempotency_fingerprint ("t.Do", (const uint8_t *) "body", 4);
    uint8_t *reply;
    size_t size;

    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Do", print, &reply, &size) == SF_IDEM_NEW);
    SF_CHECK (reply == NULL);
    SF_CHECK (sf_idempotency_store (db, key, s_reply, sizeof s_reply) == 0);
    SF_CHECK (sf_db_commit (db) == 0);

    //  A retry in a new transaction gets the same bytes back.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Do", print, &reply, &size) == SF_IDEM_REPLAY);
    SF_CHECK (reply && size == sizeof s_reply && memcmp (reply, s_reply, size) == 0);
    free (reply);
    SF_CHECK (sf_db_commit (db) == 0);
    //  And again from another session.
    sf_db_t *other = sf_test_db_session (schema);
    SF_CHECK (sf_db_begin (other) == 0);
    SF_CHECK (s_claim (other, key, "t.Do", print, &reply, &size) == SF_IDEM_REPLAY);
    SF_CHECK (size == sizeof s_reply && memcmp (reply, s_reply, size) == 0);
    free (reply);
    sf_db_rollback (other);

    //  The same key for a different request is a conflict, whatever differs.
    uint64_t other_body = sf_idempotency_fingerprint ("t.Do", (const uint8_t *) "BODY", 4);
    uint64_t other_type = sf_idempotency_fingerprint ("t.Undo", (const uint8_t *) "body", 4);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Do", other_body, &reply, &size) == SF_IDEM_CONFLICT);
    SF_CHECK (reply == NULL);
    SF_CHECK (s_claim (db, key, "t.Undo", other_type, &reply, &size) == SF_IDEM_CONFLICT);
    SF_CHECK (reply == NULL);
    SF_CHECK (sf_db_commit (db) == 0);

    //  An empty stored reply replays as empty.
    char *empty_key = sf_test_unique ("key");
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, empty_key, "t.Do", print, &reply, &size) == SF_IDEM_NEW);
    SF_CHECK (sf_idempotency_store (db, empty_key, (const uint8_t *) "", 0) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, empty_key, "t.Do", print, &reply, &size) == SF_IDEM_REPLAY);
    SF_CHECK (reply && size == 0);
    free (reply);
    sf_db_rollback (db);

    //  Keys are exact: another key (even a prefix) is new.
    char prefix [64];
    snprintf (prefix, sizeof prefix, "%.*s", (int) strlen (key) - 1, key);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, prefix, "t.Do", print, &reply, &size) == SF_IDEM_NEW);
    sf_db_rollback (db);

    //  Storing for a key nobody claimed stores nothing (the worker always claims first).
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_idempotency_store (db, "never-claimed", s_reply, sizeof s_reply) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency WHERE key = 'never-claimed'", NULL) == 0);

    free (empty_key);
    free (key);
    sf_db_destroy (&other);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_rolled_back_claim_frees_key (void)
{
    char *schema = sf_test_unique ("sfidem_rollback");
    sf_db_t *db = s_schema_db (schema);
    const char *key = "same-key";
    uint64_t print = sf_idempotency_fingerprint ("t.Do", NULL, 0);
    uint8_t *reply;
    size_t size;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Do", print, &reply, &size) == SF_IDEM_NEW);
    SF_CHECK (sf_idempotency_store (db, key, s_reply, sizeof s_reply) == 0);
    sf_db_rollback (db);
    //  The key is free again, even for a different request.
    uint64_t different = sf_idempotency_fingerprint ("t.Other", NULL, 0);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Other", different, &reply, &size) == SF_IDEM_NEW);
    SF_CHECK (sf_idempotency_store (db, key, s_reply, 3) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Other", different, &reply, &size) == SF_IDEM_REPLAY);
    SF_CHECK (size == 3 && memcmp (reply, s_reply, 3) == 0);
    free (reply);
    sf_db_rollback (db);

    //  A transaction aborted by a later error takes its claim with it.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, "aborted-key", "t.Do", print, &reply, &size) == SF_IDEM_NEW);
    SF_CHECK (sf_db_exec (db, "SELECT 1/0", 0, NULL) == -1);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, "aborted-key", "t.Do", print, &reply, &size) == SF_IDEM_NEW);
    sf_db_rollback (db);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_database_errors (void)
{
    //  No common migrations in this schema: the table is missing.
    char *schema = sf_test_unique ("sfidem_bare");
    sf_db_t *db = sf_test_db (schema);
    uint8_t *reply;
    size_t size;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, "k", "t", 1, &reply, &size) == SF_IDEM_ERROR);
    SF_CHECK (reply == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "42P01");
    sf_db_rollback (db);
    //  The store is deferred: its error comes with the commit.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_idempotency_store (db, "k", s_reply, sizeof s_reply) == 0);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "42P01");
    sf_db_destroy (&db);
    free (schema);
}

//  ---------------------------------------------------------------------------------------
//  Two sessions, one key: A claims and holds its transaction ~300 ms; B claims meanwhile.

typedef struct {
    const char *schema;
    const char *key;
    uint64_t print;
    bool commit;                     //  A commits (B replays) or rolls back (B runs)
    pthread_barrier_t claimed;       //  A has claimed the key
} s_race_t;

static void *
s_first (void *arg)
{
    s_race_t *race = arg;
    sf_db_t *db = sf_test_db_session (race->schema);
    uint8_t *reply;
    size_t size;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, race->key, "t.Race", race->print, &reply, &size) == SF_IDEM_NEW);
    SF_CHECK (sf_idempotency_store (db, race->key, s_reply, sizeof s_reply) == 0);
    pthread_barrier_wait (&race->claimed);
    sf_test_sleep_ms (300);
    if (race->commit)
        SF_CHECK (sf_db_commit (db) == 0);
    else
        sf_db_rollback (db);
    sf_db_destroy (&db);
    return NULL;
}

static void
s_race (const char *schema, bool commit)
{
    char *key = sf_test_unique ("race");
    s_race_t race = { .schema = schema, .key = key, .commit = commit,
                      .print = sf_idempotency_fingerprint ("t.Race", s_reply, sizeof s_reply) };
    pthread_barrier_init (&race.claimed, NULL, 2);
    sf_db_t *db = sf_test_db_session (schema);
    pthread_t first;
    SF_CHECK (pthread_create (&first, NULL, s_first, &race) == 0);
    pthread_barrier_wait (&race.claimed);

    int64_t start = sf_clock_mono_ms ();
    uint8_t *reply;
    size_t size;
    SF_CHECK (sf_db_begin (db) == 0);
    sf_idem_result_t result = s_claim (db, key, "t.Race", race.print, &reply, &size);
    int64_t waited = sf_clock_mono_ms () - start;
    if (commit) {
        SF_CHECK (result == SF_IDEM_REPLAY);
        SF_CHECK (size == sizeof s_reply && memcmp (reply, s_reply, size) == 0);
        free (reply);
    }
    else {
        SF_CHECK (result == SF_IDEM_NEW);
        SF_CHECK (reply == NULL);
        SF_CHECK (sf_idempotency_store (db, key, (const uint8_t *) "mine", 4) == 0);
    }
    SF_CHECK (sf_db_commit (db) == 0);
    pthread_join (first, NULL);
    //  B waited for A's outcome rather than deciding early.
    SF_CHECK (waited >= 200 && waited < 2000);

    //  Whoever ran, the key now replays what was committed.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_claim (db, key, "t.Race", race.print, &reply, &size) == SF_IDEM_REPLAY);
    if (commit)
        SF_CHECK (size == sizeof s_reply && memcmp (reply, s_reply, size) == 0);
    else
        SF_CHECK (size == 4 && memcmp (reply, "mine", 4) == 0);
    free (reply);
    sf_db_rollback (db);
    pthread_barrier_destroy (&race.claimed);
    sf_db_destroy (&db);
    free (key);
}

static void
test_racing_sessions (void)
{
    char *schema = sf_test_unique ("sfidem_race");
    sf_db_t *db = s_schema_db (schema);
    s_race (schema, true);
    s_race (schema, false);
    sf_db_destroy (&db);
    free (schema);
}

int
main (void)
{
    sf_test_env ("SF_DB_URL");
    sf_log_init ("sf_idempotency_test", SF_LOG_HUMAN, SF_LOG_WARN);
    test_fingerprint ();
    test_claim_store_replay_conflict ();
    test_rolled_back_claim_frees_key ();
    test_database_errors ();
    test_racing_sessions ();
    printf ("sf_idempotency_test: OK\n");
    return 0;
}
