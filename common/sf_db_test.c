/*  sf_db_test: against the PostgreSQL in SF_DB_URL. Parameters and NULLs, bytea in binary
    format, transactions and savepoints, error classes (unique violation, aborted transaction,
    statement and lock timeouts), the prepared-statement cache, reconnecting after the server
    ended the session, and a server that is not there at all.                               */
#include "sf_clock.h"
#include "sf_db.h"
#include "sf_testkit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

//  A second session on schema with the given timeouts (0: the defaults).
static sf_db_t *
s_open (const char *schema, int statement_timeout_ms, int lock_timeout_ms, int idle_tx_timeout_ms)
{
    sf_db_options_t options;
    sf_test_db_options (schema, &options);
    options.statement_timeout_ms = statement_timeout_ms;
    options.lock_timeout_ms = lock_timeout_ms;
    options.idle_tx_timeout_ms = idle_tx_timeout_ms;
    sf_db_t *db = sf_db_new (&options);
    SF_CHECK (sf_db_connected (db));
    return db;
}

//  First column of the first row of sql, as text (caller frees); NULL on error or no row.
static char *
s_value (sf_db_t *db, const char *sql)
{
    sf_rows_t *rows = sf_db_query (db, sql, 0, NULL);
    if (!rows) {
        //  Said before a check fails on it: a rare failure under load shows its cause.
        fprintf (stderr, "s_value: \"%s\" failed: %s (sqlstate '%s')\n", sql, sf_db_error (db), sf_db_sqlstate (db));
        return NULL;
    }
    char *value = sf_rows_count (rows) > 0? strdup (sf_rows_text (rows, 0, 0)): NULL;
    sf_rows_destroy (&rows);
    return value;
}

static int64_t
s_int (sf_db_t *db, const char *sql)
{
    char *value = s_value (db, sql);
    SF_CHECK (value);
    int64_t number = strtoll (value, NULL, 10);
    free (value);
    return number;
}

static void
s_create_items (sf_db_t *db)
{
    SF_CHECK (sf_db_exec_script (db,
        "CREATE TABLE items (id int PRIMARY KEY, name text, note text, data bytea, flag boolean)") == 0);
}

static void
test_query_with_params_and_null (void)
{
    char *schema = sf_test_unique ("sfdb_params");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    //  The table went into the session's schema.
    char *where = s_value (db, "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE c.oid = 'items'::regclass");
    SF_CHECK_STR (where, schema);
    free (where);

    const char *first [] = { "1", "安全帽", NULL, "true" };
    SF_CHECK (sf_db_exec (db, "INSERT INTO items (id, name, note, flag) VALUES ($1, $2, $3, $4)", 4, first) == 1);
    const char *second [] = { "2", "it's \"quoted\"; DROP TABLE items; --", "", "false" };
    SF_CHECK (sf_db_exec (db, "INSERT INTO items (id, name, note, flag) VALUES ($1, $2, $3, $4)", 4, second) == 1);

    sf_rows_t *rows = sf_db_query (db, "SELECT id, name, note, flag FROM items ORDER BY id", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 2);
    SF_CHECK (sf_rows_affected (rows) == 2);
    SF_CHECK (sf_rows_int (rows, 0, 0) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 1), "安全帽");
    SF_CHECK (sf_rows_is_null (rows, 0, 2));
    SF_CHECK_STR (sf_rows_text (rows, 0, 2), "");
    SF_CHECK (sf_rows_bool (rows, 0, 3));
    SF_CHECK_STR (sf_rows_text (rows, 1, 1), second [1]);
    SF_CHECK (!sf_rows_is_null (rows, 1, 2));
    SF_CHECK_STR (sf_rows_text (rows, 1, 2), "");
    SF_CHECK (!sf_rows_bool (rows, 1, 3));
    sf_rows_destroy (&rows);
    SF_CHECK (rows == NULL);
    sf_rows_destroy (&rows);

    //  A NULL parameter compares as SQL NULL (IS NOT DISTINCT FROM to find it).
    const char *null_note [] = { NULL };
    rows = sf_db_query (db, "SELECT id FROM items WHERE note IS NOT DISTINCT FROM $1", 1, null_note);
    SF_CHECK (rows && sf_rows_count (rows) == 1 && sf_rows_int (rows, 0, 0) == 1);
    sf_rows_destroy (&rows);
    rows = sf_db_query (db, "SELECT $1::text IS NULL, $2::int + 1", 2, (const char *const []) { NULL, "41" });
    SF_CHECK (rows && sf_rows_bool (rows, 0, 0) && sf_rows_int (rows, 0, 1) == 42);
    sf_rows_destroy (&rows);

    //  Affected rows of commands; a query with no rows.
    SF_CHECK (sf_db_exec (db, "UPDATE items SET note = 'n'", 0, NULL) == 2);
    const char *nine [] = { "9" };
    SF_CHECK (sf_db_exec (db, "UPDATE items SET note = 'm' WHERE id = $1", 1, nine) == 0);
    SF_CHECK (sf_db_exec (db, "DELETE FROM items WHERE id = $1", 1, (const char *const []) { "2" }) == 1);
    rows = sf_db_query (db, "SELECT id FROM items WHERE id > $1", 1, (const char *const []) { "100" });
    SF_CHECK (rows && sf_rows_count (rows) == 0 && sf_rows_affected (rows) == 0);
    sf_rows_destroy (&rows);
    SF_CHECK (s_int (db, "SELECT 9223372036854775807") == INT64_MAX);

    //  A parameter of the wrong type is an error with its SQLSTATE, not a crash.
    SF_CHECK (sf_db_exec (db, "INSERT INTO items (id) VALUES ($1)", 1, (const char *const []) { "one" }) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "22P02");
    SF_CHECK (strstr (sf_db_error (db), "integer"));
    //  Syntax errors too; the session stays usable.
    SF_CHECK (sf_db_query (db, "SELEC 1", 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "42601");
    SF_CHECK (!sf_db_error_transient (db));
    SF_CHECK (s_int (db, "SELECT 7") == 7);

    //  Scripts: several statements; an error in one is the script's error.
    SF_CHECK (sf_db_exec_script (db, "CREATE TABLE s1 (x int); INSERT INTO s1 VALUES (1), (2);") == 0);
    SF_CHECK (s_int (db, "SELECT sum(x) FROM s1") == 3);
    SF_CHECK (sf_db_exec_script (db, "INSERT INTO s1 VALUES (3); INSERT INTO nowhere VALUES (1);") == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "42P01");
    //  A failed script is one implicit transaction: its first statement did not stay.
    SF_CHECK (s_int (db, "SELECT sum(x) FROM s1") == 3);

    sf_db_destroy (&db);
    SF_CHECK (db == NULL);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_bytea_binary_round_trip (void)
{
    char *schema = sf_test_unique ("sfdb_bytea");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    const char *sql = "INSERT INTO items (id, data) VALUES ($1, $2)";
    const int formats [] = { 0, 1 };

    const uint8_t zeros [] = { 0, 0, 1, 0, 0xff, '\\', 'x', 0, '\'', 0 };
    const char *values [] = { "1", (const char *) zeros };
    int lengths [] = { 0, (int) sizeof zeros };
    sf_rows_t *rows = sf_db_query_ex (db, sql, 2, values, lengths, formats);
    SF_CHECK (rows && sf_rows_affected (rows) == 1);
    sf_rows_destroy (&rows);

    //  Every byte value, and 1 MiB.
    uint8_t all [256];
    for (int i = 0; i < 256; i++)
        all [i] = (uint8_t) i;
    values [0] = "2";
    values [1] = (const char *) all;
    lengths [1] = (int) sizeof all;
    rows = sf_db_query_ex (db, sql, 2, values, lengths, formats);
    SF_CHECK (rows);
    sf_rows_destroy (&rows);
    size_t big = 1 << 20;
    uint8_t *large = malloc (big);
    SF_CHECK (large);
    for (size_t i = 0; i < big; i++)
        large [i] = (uint8_t) (i * 31 + (i >> 8));
    values [0] = "3";
    values [1] = (const char *) large;
    lengths [1] = (int) big;
    rows = sf_db_query_ex (db, sql, 2, values, lengths, formats);
    SF_CHECK (rows);
    sf_rows_destroy (&rows);
    //  Empty (not NULL) and NULL.
    values [0] = "4";
    values [1] = "";
    lengths [1] = 0;
    rows = sf_db_query_ex (db, sql, 2, values, lengths, formats);
    SF_CHECK (rows);
    sf_rows_destroy (&rows);
    values [0] = "5";
    values [1] = NULL;
    rows = sf_db_query_ex (db, sql, 2, values, lengths, formats);
    SF_CHECK (rows);
    sf_rows_destroy (&rows);

    rows = sf_db_query (db, "SELECT id, data, length (data) FROM items ORDER BY id", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 5);
    size_t size = 99;
    uint8_t *data = sf_rows_bytes (rows, 0, 1, &size);
    SF_CHECK (data && size == sizeof zeros && memcmp (data, zeros, size) == 0);
    SF_CHECK (sf_rows_int (rows, 0, 2) == (int64_t) sizeof zeros);
    free (data);
    data = sf_rows_bytes (rows, 1, 1, &size);
    SF_CHECK (data && size == sizeof all && memcmp (data, all, size) == 0);
    free (data);
    data = sf_rows_bytes (rows, 2, 1, &size);
    SF_CHECK (data && size == big && memcmp (data, large, big) == 0);
    free (data);
    data = sf_rows_bytes (rows, 3, 1, &size);
    SF_CHECK (data && size == 0);
    free (data);
    size = 99;
    SF_CHECK (sf_rows_bytes (rows, 4, 1, &size) == NULL && size == 0);
    SF_CHECK (sf_rows_is_null (rows, 4, 1));
    sf_rows_destroy (&rows);

    //  A binary parameter compared in SQL, as sf_idempotency does with its fingerprint.
    values [0] = (const char *) zeros;
    lengths [0] = (int) sizeof zeros;
    rows = sf_db_query_ex (db, "SELECT id FROM items WHERE data = $1", 1, values, lengths, (const int []) { 1 });
    SF_CHECK (rows && sf_rows_count (rows) == 1 && sf_rows_int (rows, 0, 0) == 1);
    sf_rows_destroy (&rows);
    free (large);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_transactions (void)
{
    char *schema = sf_test_unique ("sfdb_tx");
    sf_db_t *db = sf_test_db (schema);
    sf_db_t *other = s_open (schema, 0, 0, 0);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id, name) VALUES ($1, $2)";

    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_in_transaction (db));
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "1", "committed" }) == 1);
    SF_CHECK (s_int (other, "SELECT count(*) FROM items") == 0);      //  not yet visible
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (s_int (other, "SELECT count(*) FROM items") == 1);

    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "2", "rolled back" }) == 1);
    SF_CHECK (sf_db_exec (db, "UPDATE items SET name = 'changed' WHERE id = 1", 0, NULL) == 1);
    sf_db_rollback (db);
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (s_int (other, "SELECT count(*) FROM items") == 1);
    char *name = s_value (db, "SELECT name FROM items WHERE id = 1");
    SF_CHECK_STR (name, "committed");
    free (name);
    //  Rolling back outside a transaction does nothing.
    sf_db_rollback (db);
    SF_CHECK (!sf_db_in_transaction (db));

    //  Savepoints: rolling back to one keeps what came before it.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "10", "before" }) == 1);
    SF_CHECK (sf_db_savepoint (db, "t_step") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "11", "undone" }) == 1);
    SF_CHECK (sf_db_rollback_to_savepoint (db, "t_step") == 0);
    SF_CHECK (sf_db_in_transaction (db));
    //  A failed command inside a savepoint: rolled back to it, the transaction goes on.
    SF_CHECK (sf_db_savepoint (db, "t_step") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "10", "duplicate" }) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    SF_CHECK (sf_db_rollback_to_savepoint (db, "t_step") == 0);
    //  One that succeeds is released and kept.
    SF_CHECK (sf_db_savepoint (db, "t_step") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "12", "released" }) == 1);
    SF_CHECK (sf_db_release_savepoint (db, "t_step") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "13", "after" }) == 1);
    SF_CHECK (sf_db_commit (db) == 0);
    sf_rows_t *rows = sf_db_query (other, "SELECT id FROM items WHERE id >= 10 ORDER BY id", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 3);
    SF_CHECK (sf_rows_int (rows, 0, 0) == 10);
    SF_CHECK (sf_rows_int (rows, 1, 0) == 12);
    SF_CHECK (sf_rows_int (rows, 2, 0) == 13);
    sf_rows_destroy (&rows);

    //  Many savepoint rounds in one transaction (the same savepoint name reused).
    SF_CHECK (sf_db_begin (db) == 0);
    for (int i = 0; i < 50; i++) {
        char id [16];
        snprintf (id, sizeof id, "%d", 100 + i);
        SF_CHECK (sf_db_savepoint (db, "t_step") == 0);
        SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { id, "x" }) == 1);
        if (i % 2)
            SF_CHECK (sf_db_rollback_to_savepoint (db, "t_step") == 0);
        else
            SF_CHECK (sf_db_release_savepoint (db, "t_step") == 0);
    }
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (s_int (other, "SELECT count(*) FROM items WHERE id >= 100") == 25);

    //  Named savepoints nest: a handler's own inside a command's; rolling back the outer one
    //  drops the inner, which may then be taken again.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_savepoint (db, "t_outer") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "200", "outer" }) == 1);
    SF_CHECK (sf_db_savepoint (db, "t_inner") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "201", "inner" }) == 1);
    SF_CHECK (sf_db_rollback_to_savepoint (db, "t_inner") == 0);
    SF_CHECK (sf_db_release_savepoint (db, "t_inner") == 0);
    SF_CHECK (sf_db_savepoint (db, "t_inner") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "202", "inner again" }) == 1);
    SF_CHECK (sf_db_rollback_to_savepoint (db, "t_outer") == 0);
    SF_CHECK (sf_db_savepoint (db, "t_inner") == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "203", "kept" }) == 1);
    SF_CHECK (sf_db_release_savepoint (db, "t_outer") == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (s_int (other, "SELECT count(*) FROM items WHERE id >= 200") == 1);
    SF_CHECK (s_int (other, "SELECT id FROM items WHERE id >= 200") == 203);
    SF_CHECK (!sf_db_commit_unknown (db));

    sf_db_destroy (&other);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_unique_violation (void)
{
    char *schema = sf_test_unique ("sfdb_unique");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id, name) VALUES ($1, $2)";
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "1", "a" }) == 1);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "1", "b" }) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    SF_CHECK (strstr (sf_db_error (db), "duplicate key"));
    SF_CHECK (sf_db_error (db) [strlen (sf_db_error (db)) - 1] != '\n');
    SF_CHECK (!sf_db_error_transient (db));
    SF_CHECK (sf_db_connected (db));

    //  Rolling back after the error keeps the error that caused it.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "1", "c" }) == -1);
    sf_db_rollback (db);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    SF_CHECK (strstr (sf_db_error (db), "duplicate key"));
    SF_CHECK (!sf_db_error_transient (db));
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == 1);
    sf_db_destroy (&db);
    free (schema);
}

//  An error aborts the transaction: what follows fails, and COMMIT answers ROLLBACK.
static void
test_error_aborts_transaction (void)
{
    char *schema = sf_test_unique ("sfdb_abort");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id, name) VALUES ($1, $2)";
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "1", "exists" }) == 1);

    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "2", "lost" }) == 1);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "1", "dup" }) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    SF_CHECK (sf_db_in_transaction (db));
    //  Any statement now fails, including one never prepared before.
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "3", "also lost" }) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "25P02");
    SF_CHECK (sf_db_query (db, "SELECT 'never prepared before'", 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "25P02");
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "25P02");
    SF_CHECK (*sf_db_error (db));
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == 1);
    //  The session is out of the aborted transaction and works normally.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { "2", "kept" }) == 1);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == 2);

    //  COMMIT itself can fail (a deferred constraint): -1 with the real error, and the
    //  session is out of the transaction.
    SF_CHECK (sf_db_exec_script (db, "CREATE TABLE deferred (x int UNIQUE DEFERRABLE INITIALLY DEFERRED)") == 0);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, "INSERT INTO deferred VALUES (1), (1)", 0, NULL) == 2);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    SF_CHECK (!sf_db_error_transient (db));
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (s_int (db, "SELECT count(*) FROM deferred") == 0);

    //  The same when the failing statement is the first one in the session's cache life:
    //  a COMMIT never prepared in this session, after an error.
    sf_db_t *fresh = s_open (schema, 0, 0, 0);
    SF_CHECK (sf_db_begin (fresh) == 0);
    SF_CHECK (sf_db_query (fresh, "SELECT 1/0", 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (fresh), "22012");
    SF_CHECK (sf_db_commit (fresh) == -1);
    SF_CHECK (!sf_db_in_transaction (fresh));
    SF_CHECK (s_int (fresh, "SELECT 5") == 5);
    sf_db_destroy (&fresh);
    sf_db_destroy (&db);
    free (schema);
}

//  Ends the backend whose pid arg points to, after a short wait (while its COMMIT runs).
static void *
s_terminate_later (void *arg)
{
    const char *pid = arg;
    sf_test_sleep_ms (300);
    sf_db_t *killer = sf_test_db_session ("public");
    const char *values [] = { pid };
    SF_CHECK (sf_db_exec (killer, "SELECT pg_terminate_backend ($1::int)", 1, values) == 1);
    sf_db_destroy (&killer);
    return NULL;
}

//  A COMMIT that loses its connection before the answer: the outcome is unknown, and the
//  session says so (the rpc server then answers unavailable, not "nothing changed").
static void
test_commit_outcome_unknown (void)
{
    char *schema = sf_test_unique ("sfdb_unknown");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_db_exec_script (db,
        "CREATE TABLE slow (x int);"
        "CREATE FUNCTION slow_commit () RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_sleep (3); RETURN NULL; END $$;"
        "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON slow DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION slow_commit ()") == 0);
    char *pid = s_value (db, "SELECT pg_backend_pid ()::text");
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, "INSERT INTO slow VALUES (1)", 0, NULL) == 1);
    pthread_t killer;
    SF_CHECK (pthread_create (&killer, NULL, s_terminate_later, pid) == 0);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK (sf_db_commit_unknown (db));
    SF_CHECK (sf_db_error_transient (db));
    pthread_join (killer, NULL);
    //  The next COMMIT that fails for a known reason is not unknown.
    SF_CHECK (sf_db_ensure (db));
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_query (db, "SELECT 1/0", 0, NULL) == NULL);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK (!sf_db_commit_unknown (db));
    free (pid);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_statement_timeout (void)
{
    char *schema = sf_test_unique ("sfdb_stmt");
    sf_db_t *setup = sf_test_db (schema);
    sf_db_t *db = s_open (schema, 200, 0, 0);
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (sf_db_query (db, "SELECT pg_sleep (1)", 0, NULL) == NULL);
    int64_t elapsed = sf_clock_mono_ms () - start;
    SF_CHECK (elapsed >= 150 && elapsed < 900);
    SF_CHECK_STR (sf_db_sqlstate (db), "57014");
    SF_CHECK (strstr (sf_db_error (db), "statement timeout"));
    SF_CHECK (sf_db_error_transient (db));
    SF_CHECK (sf_db_connected (db));
    //  Inside a transaction the timeout aborts it.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, "SELECT pg_sleep (1)", 0, NULL) == -1);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK (s_int (db, "SELECT 1") == 1);
    //  Short statements are unaffected.
    SF_CHECK (sf_db_exec (db, "SELECT pg_sleep (0.05)", 0, NULL) == 1);
    sf_db_destroy (&db);
    sf_db_destroy (&setup);
    free (schema);
}

static void
test_lock_timeout (void)
{
    char *schema = sf_test_unique ("sfdb_lock");
    sf_db_t *holder = sf_test_db (schema);
    s_create_items (holder);
    SF_CHECK (sf_db_exec (holder, "INSERT INTO items (id, name) VALUES (1, 'x')", 0, NULL) == 1);
    sf_db_t *waiter = s_open (schema, 5000, 200, 0);
    SF_CHECK (sf_db_begin (holder) == 0);
    SF_CHECK (sf_db_exec (holder, "SELECT id FROM items WHERE id = 1 FOR UPDATE", 0, NULL) == 1);
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (sf_db_exec (waiter, "UPDATE items SET name = 'y' WHERE id = 1", 0, NULL) == -1);
    int64_t elapsed = sf_clock_mono_ms () - start;
    SF_CHECK (elapsed >= 150 && elapsed < 2000);
    SF_CHECK_STR (sf_db_sqlstate (waiter), "55P03");
    SF_CHECK (sf_db_error_transient (waiter));
    sf_db_rollback (holder);
    //  Once the lock is free the same statement succeeds.
    SF_CHECK (sf_db_exec (waiter, "UPDATE items SET name = 'y' WHERE id = 1", 0, NULL) == 1);
    sf_db_destroy (&waiter);
    sf_db_destroy (&holder);
    free (schema);
}

//  A session the server ends while idle in a transaction is lost; the next call says so.
static void
test_idle_in_transaction_timeout (void)
{
    char *schema = sf_test_unique ("sfdb_idle");
    sf_db_t *setup = sf_test_db (schema);
    sf_db_t *db = s_open (schema, 0, 0, 200);
    SF_CHECK (sf_db_begin (db) == 0);
    //  BEGIN waits for the first statement: the server's transaction starts here.
    SF_CHECK (s_int (db, "SELECT 1") == 1);
    sf_test_sleep_ms (600);
    SF_CHECK (sf_db_query (db, "SELECT 1", 0, NULL) == NULL);
    SF_CHECK (*sf_db_error (db));
    SF_CHECK (sf_db_error_transient (db));
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (!sf_db_connected (db));
    SF_CHECK (sf_db_ensure (db));
    SF_CHECK (s_int (db, "SELECT 2") == 2);
    sf_db_destroy (&db);
    sf_db_destroy (&setup);
    free (schema);
}

//  The same SQL text is prepared once per session and executed by name after that.
static void
test_prepared_statement_cache (void)
{
    char *schema = sf_test_unique ("sfdb_cache");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id, name) VALUES ($1, $2)";
    uint64_t before = sf_db_round_trips (db);
    enum { ROUNDS = 2000 };
    for (int i = 0; i < ROUNDS; i++) {
        char id [16], name [32];
        snprintf (id, sizeof id, "%d", i);
        snprintf (name, sizeof name, "name %d", i);
        SF_CHECK (sf_db_exec (db, insert, 2, (const char *const []) { id, name }) == 1);
    }
    //  One prepare, then one round trip per execution.
    SF_CHECK (sf_db_round_trips (db) - before == ROUNDS + 1);
    const char *select = "SELECT name FROM items WHERE id = $1";
    for (int i = 0; i < ROUNDS; i += 97) {
        char id [16], expected [32];
        snprintf (id, sizeof id, "%d", i);
        snprintf (expected, sizeof expected, "name %d", i);
        sf_rows_t *rows = sf_db_query (db, select, 1, (const char *const []) { id });
        SF_CHECK (rows && sf_rows_count (rows) == 1);
        SF_CHECK_STR (sf_rows_text (rows, 0, 0), expected);
        sf_rows_destroy (&rows);
    }
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == ROUNDS);
    //  The server holds one prepared statement per distinct text, not one per call.
    int64_t prepared = s_int (db, "SELECT count(*) FROM pg_prepared_statements");
    SF_CHECK (prepared >= 3 && prepared < 10);
    SF_CHECK (s_int (db, "SELECT count(*) FROM pg_prepared_statements") == prepared);

    //  Long texts that differ only at the end are different statements (the cache key is
    //  the whole text), each run twice: prepared, then from the cache.
    size_t long_size = 5000;
    char *long_a = malloc (long_size + 64), *long_b = malloc (long_size + 64);
    SF_CHECK (long_a && long_b);
    int n = snprintf (long_a, long_size, "SELECT /* ");
    memset (long_a + n, 'p', long_size - (size_t) n);
    memcpy (long_b, long_a, long_size);
    snprintf (long_a + long_size, 64, " */ 'first'");
    snprintf (long_b + long_size, 64, " */ 'second'");
    for (int round = 0; round < 2; round++) {
        char *value = s_value (db, long_a);
        SF_CHECK_STR (value, "first");
        free (value);
        value = s_value (db, long_b);
        SF_CHECK_STR (value, "second");
        free (value);
    }
    free (long_a);
    free (long_b);

    //  One buffer holding one text, then another, then the first again: each time the text it
    //  holds now runs, alone and pipelined (the cache is keyed by the text, not by where it is).
    char *buffer = malloc (64);
    SF_CHECK (buffer);
    for (int round = 0; round < 3; round++) {
        snprintf (buffer, 64, "SELECT 'text %d'", round % 2);
        char expected [16];
        snprintf (expected, sizeof expected, "text %d", round % 2);
        char *value = s_value (db, buffer);
        SF_CHECK_STR (value, expected);
        free (value);
        SF_CHECK (sf_db_begin (db) == 0);
        sf_rows_t *rows = sf_db_query (db, buffer, 0, NULL);
        SF_CHECK (rows && sf_rows_count (rows) == 1);
        SF_CHECK_STR (sf_rows_text (rows, 0, 0), expected);
        sf_rows_destroy (&rows);
        SF_CHECK (sf_db_commit (db) == 0);
    }
    free (buffer);

    //  A statement that failed to prepare is not cached: it works once its table exists.
    const char *later = "SELECT count(*) FROM later";
    SF_CHECK (sf_db_query (db, later, 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "42P01");
    SF_CHECK (sf_db_exec_script (db, "CREATE TABLE later (x int)") == 0);
    SF_CHECK (s_int (db, later) == 0);
    //  A cached statement survives its table being dropped and created again.
    SF_CHECK (sf_db_exec_script (db, "DROP TABLE later; CREATE TABLE later (x int); "
                                     "INSERT INTO later VALUES (1)") == 0);
    SF_CHECK (s_int (db, later) == 1);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_round_trips (void)
{
    char *schema = sf_test_unique ("sfdb_trips");
    sf_db_t *db = sf_test_db (schema);
    uint64_t start = sf_db_round_trips (db);
    char *value = s_value (db, "SELECT 'trips'");
    free (value);
    SF_CHECK (sf_db_round_trips (db) == start + 2);      //  prepare + execute
    value = s_value (db, "SELECT 'trips'");
    free (value);
    SF_CHECK (sf_db_round_trips (db) == start + 3);
    SF_CHECK (sf_db_exec_script (db, "SELECT 1; SELECT 2") == 0);
    SF_CHECK (sf_db_round_trips (db) == start + 4);
    //  A failed prepare is a round trip too.
    SF_CHECK (sf_db_query (db, "SELECT * FROM missing_table", 0, NULL) == NULL);
    SF_CHECK (sf_db_round_trips (db) == start + 5);
    //  An empty transaction sends nothing: BEGIN waits for a statement.
    uint64_t before = sf_db_round_trips (db);
    SF_CHECK (sf_db_begin (db) == 0 && sf_db_commit (db) == 0);
    SF_CHECK (sf_db_round_trips (db) == before);
    //  BEGIN goes with the first statement (their prepares too): one round trip; COMMIT,
    //  prepared the first time, two; then one each.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_int (db, "SELECT 7") == 7);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_db_round_trips (db) - before == 3);
    before = sf_db_round_trips (db);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (s_int (db, "SELECT 7") == 7);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_db_round_trips (db) - before == 2);
    sf_db_destroy (&db);
    free (schema);
}

static int64_t
s_count_items (sf_db_t *db)
{
    return s_int (db, "SELECT count(*) FROM items");
}

//  Deferred statements go out with the next statement, in order, in one round trip; COMMIT
//  takes what is still queued.
static void
test_deferred_statements (void)
{
    char *schema = sf_test_unique ("sfdb_defer");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id, name, data) VALUES ($1::int, $2, $3::bytea)";
    const uint8_t bytes [] = { 0, 1, 2, 0xff };
    SF_CHECK (s_count_items (db) == 0);
    SF_CHECK (sf_db_begin (db) == 0);
    char id [16], name [16];
    for (int i = 1; i <= 3; i++) {
        snprintf (id, sizeof id, "%d", i);
        snprintf (name, sizeof name, "n%d", i);
        const char *values [] = { id, name, (const char *) bytes };
        //  The caller's buffers change after the call: the queue holds copies.
        SF_CHECK (sf_db_defer (db, insert, 3, values, (const int []) { 0, 0, 4 }, (const int []) { 0, 0, 1 }) == 0);
    }
    uint64_t before = sf_db_round_trips (db);
    SF_CHECK (s_count_items (db) == 3);
    SF_CHECK (sf_db_round_trips (db) - before == 1);
    SF_CHECK (s_int (db, "SELECT count(*) FROM items WHERE data = '\\x000102ff' AND name = 'n' || id") == 3);
    SF_CHECK (sf_db_defer (db, insert, 3, (const char *[]) { "4", NULL, NULL }, NULL, NULL) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (s_count_items (db) == 4);
    SF_CHECK (s_int (db, "SELECT count(*) FROM items WHERE id = 4 AND name IS NULL AND data IS NULL") == 1);
    sf_db_destroy (&db);
    free (schema);
}

//  A deferred statement that fails makes the statement it went with fail, with its error;
//  the transaction rolls back and the session serves on.
static void
test_deferred_failure (void)
{
    char *schema = sf_test_unique ("sfdb_defer_fail");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    SF_CHECK (sf_db_exec (db, "INSERT INTO items (id) VALUES (1)", 0, NULL) == 1);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_defer (db, "INSERT INTO items (id) VALUES ($1::int)", 1, (const char *[]) { "2" }, NULL, NULL) == 0);
    SF_CHECK (sf_db_defer (db, "INSERT INTO items (id) VALUES ($1::int)", 1, (const char *[]) { "1" }, NULL, NULL) == 0);
    SF_CHECK (sf_db_query (db, "SELECT 1", 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    sf_db_rollback (db);
    SF_CHECK (s_count_items (db) == 1);
    //  At COMMIT: the commit fails, nothing is kept. Counted, the statement that failed says
    //  -2, one it took down with it stays -1, one before it counts its rows.
    int64_t before = -1, failing = -1, after = -1;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_defer_counted (db, "INSERT INTO items (id) VALUES ($1::int)", 1, (const char *[]) { "3" }, NULL, NULL,
                                   &before) == 0);
    SF_CHECK (sf_db_defer_counted (db, "INSERT INTO items (id) VALUES ($1::int)", 1, (const char *[]) { "1" }, NULL, NULL,
                                   &failing) == 0);
    SF_CHECK (sf_db_defer_counted (db, "INSERT INTO items (id) VALUES ($1::int)", 1, (const char *[]) { "5" }, NULL, NULL,
                                   &after) == 0);
    SF_CHECK (sf_db_commit (db) == -1);
    SF_CHECK (before == 1 && failing == -2 && after == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "23505");
    SF_CHECK (!sf_db_commit_unknown (db));
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (s_count_items (db) == 1);
    //  A statement of bad SQL deferred: its prepare fails, and a good one is not remembered
    //  as prepared by mistake.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_defer (db, "INSERT INTO nowhere VALUES (1)", 0, NULL, NULL, NULL) == 0);
    SF_CHECK (sf_db_query (db, "SELECT 41 + 1", 0, NULL) == NULL);
    SF_CHECK_STR (sf_db_sqlstate (db), "42P01");
    sf_db_rollback (db);
    SF_CHECK (s_int (db, "SELECT 41 + 1") == 42);
    sf_db_destroy (&db);
    free (schema);
}

//  Rolling back to a savepoint drops what was queued after it, whether the savepoint itself
//  was sent or still waits; a rollback with BEGIN still queued sends nothing.
static void
test_deferred_savepoints (void)
{
    char *schema = sf_test_unique ("sfdb_defer_sp");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id) VALUES ($1::int)";
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_defer (db, insert, 1, (const char *[]) { "1" }, NULL, NULL) == 0);
    SF_CHECK (sf_db_savepoint (db, "first") == 0);
    SF_CHECK (sf_db_defer (db, insert, 1, (const char *[]) { "2" }, NULL, NULL) == 0);
    uint64_t before = sf_db_round_trips (db);
    SF_CHECK (sf_db_rollback_to_savepoint (db, "first") == 0);      //  still queued: a cut
    SF_CHECK (sf_db_round_trips (db) == before);
    SF_CHECK (sf_db_defer (db, insert, 1, (const char *[]) { "3" }, NULL, NULL) == 0);
    SF_CHECK (s_count_items (db) == 2);                             //  1 and 3 sent now
    SF_CHECK (sf_db_defer (db, insert, 1, (const char *[]) { "4" }, NULL, NULL) == 0);
    SF_CHECK (sf_db_rollback_to_savepoint (db, "first") == 0);      //  sent: undoes 3, drops 4
    SF_CHECK (sf_db_savepoint (db, "second") == 0);
    SF_CHECK (sf_db_defer (db, insert, 1, (const char *[]) { "5" }, NULL, NULL) == 0);
    SF_CHECK (sf_db_release_savepoint (db, "second") == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (s_int (db, "SELECT (string_agg (id::text, ',' ORDER BY id) = '1,5')::int FROM items") == 1);
    before = sf_db_round_trips (db);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_defer (db, insert, 1, (const char *[]) { "6" }, NULL, NULL) == 0);
    sf_db_rollback (db);
    SF_CHECK (sf_db_round_trips (db) == before);
    SF_CHECK (s_count_items (db) == 2);
    sf_db_destroy (&db);
    free (schema);
}

//  Ends the backend of db from another session and waits until it has gone.
static void
s_terminate (sf_db_t *db, sf_db_t *killer)
{
    char *pid = s_value (db, "SELECT pg_backend_pid ()");
    SF_CHECK (pid);
    const char *values [] = { pid };
    sf_rows_t *rows = sf_db_query (killer, "SELECT pg_terminate_backend ($1::int)", 1, values);
    SF_CHECK (rows && sf_rows_bool (rows, 0, 0));
    sf_rows_destroy (&rows);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; i++) {
        rows = sf_db_query (killer, "SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", 1, values);
        SF_CHECK (rows);
        gone = sf_rows_count (rows) == 0;
        sf_rows_destroy (&rows);
        if (!gone)
            sf_test_sleep_ms (20);
    }
    SF_CHECK (gone);
    free (pid);
}

//  The first statement after the server ended the session fails (transient); sf_db_ensure
//  then opens a new session, with a new cache of prepared statements.
static void
test_reconnect_after_failed_statement (void)
{
    char *schema = sf_test_unique ("sfdb_reconnect");
    sf_db_t *db = sf_test_db (schema);
    sf_db_t *killer = s_open (schema, 0, 0, 0);
    s_create_items (db);
    const char *insert = "INSERT INTO items (id, name) VALUES ($1, 'x')";
    SF_CHECK (sf_db_exec (db, insert, 1, (const char *const []) { "1" }) == 1);
    char *old_pid = s_value (db, "SELECT pg_backend_pid ()");

    s_terminate (db, killer);
    SF_CHECK (sf_db_exec (db, insert, 1, (const char *const []) { "2" }) == -1);
    SF_CHECK (*sf_db_error (db));
    SF_CHECK (sf_db_error_transient (db));
    SF_CHECK (!sf_db_connected (db));
    //  Without sf_db_ensure nothing is sent.
    SF_CHECK (sf_db_exec (db, insert, 1, (const char *const []) { "2" }) == -1);
    SF_CHECK (sf_db_begin (db) == -1);
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (sf_db_ensure (db));
    SF_CHECK (sf_db_connected (db));
    //  The statement prepared in the old session is prepared again in the new one.
    SF_CHECK (sf_db_exec (db, insert, 1, (const char *const []) { "2" }) == 1);
    char *new_pid = s_value (db, "SELECT pg_backend_pid ()");
    SF_CHECK (strcmp (old_pid, new_pid) != 0);
    //  The new session has the same settings (search_path to the schema, timeouts).
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == 2);
    char *timeout = s_value (db, "SHOW statement_timeout");
    SF_CHECK_STR (timeout, "5s");
    free (timeout);
    free (old_pid);
    free (new_pid);

    //  Lost in the middle of a transaction: the transaction is gone, nothing committed.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, insert, 1, (const char *const []) { "3" }) == 1);
    s_terminate (db, killer);
    SF_CHECK (sf_db_exec (db, insert, 1, (const char *const []) { "4" }) == -1);
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (sf_db_error_transient (db));
    sf_db_rollback (db);
    SF_CHECK (sf_db_ensure (db));
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == 2);
    sf_db_destroy (&killer);
    sf_db_destroy (&db);
    free (schema);
}

static void
s_check_unusable (sf_db_t *db)
{
    SF_CHECK (!sf_db_connected (db));
    SF_CHECK (*sf_db_error (db));
    SF_CHECK (sf_db_error_transient (db));
    SF_CHECK_STR (sf_db_sqlstate (db), "");
    SF_CHECK (!sf_db_ensure (db));
    SF_CHECK (*sf_db_error (db));
    SF_CHECK (sf_db_query (db, "SELECT 1", 0, NULL) == NULL);
    SF_CHECK (*sf_db_error (db));
    SF_CHECK (sf_db_query_ex (db, "SELECT $1", 1, (const char *const []) { "x" }, NULL, NULL) == NULL);
    SF_CHECK (sf_db_exec (db, "SELECT 1", 0, NULL) == -1);
    SF_CHECK (sf_db_exec_script (db, "SELECT 1") == -1);
    SF_CHECK (sf_db_begin (db) == -1);
    SF_CHECK (!sf_db_in_transaction (db));
    sf_db_rollback (db);
    SF_CHECK (sf_db_round_trips (db) == 0);
}

static void
test_server_not_there (void)
{
    char url [200];
    snprintf (url, sizeof url, "host=127.0.0.1 port=%d dbname=safety user=safety", sf_test_free_port ());
    sf_db_options_t options = { .url = url, .schema = "nowhere", .connect_timeout_s = 2 };
    int64_t start = sf_clock_mono_ms ();
    sf_db_t *db = sf_db_new (&options);
    SF_CHECK (db);
    SF_CHECK (sf_clock_mono_ms () - start < 3000);
    SF_CHECK (strstr (sf_db_error (db), "127.0.0.1"));
    s_check_unusable (db);
    sf_db_destroy (&db);

    //  A connection string that is not one.
    options.url = "host=127.0.0.1 port";
    db = sf_db_new (&options);
    SF_CHECK (strstr (sf_db_error (db), "port"));
    s_check_unusable (db);
    sf_db_destroy (&db);

    //  A database that does not exist.
    char *missing = NULL;
    SF_CHECK (asprintf (&missing, "%s dbname=sf_no_such_db", sf_test_env ("SF_DB_URL")) > 0);
    options.url = missing;
    db = sf_db_new (&options);
    SF_CHECK (strstr (sf_db_error (db), "sf_no_such_db"));
    s_check_unusable (db);
    sf_db_destroy (&db);
    free (missing);
}

//  "Reconnects a broken session": a session the server ended while it was idle is broken
//  now, so sf_db_ensure must give a usable one and the next statement must succeed.
static void
test_ensure_detects_session_ended_while_idle (void)
{
    char *schema = sf_test_unique ("sfdb_ensure");
    sf_db_t *db = sf_test_db (schema);
    sf_db_t *killer = s_open (schema, 0, 0, 0);
    s_terminate (db, killer);
    //  The backend has left pg_stat_activity; give its process time to exit and close the
    //  socket, as after any restart some time before the next command.
    sf_test_sleep_ms (300);
    SF_CHECK (sf_db_ensure (db));
    char *value = s_value (db, "SELECT 'after ensure'");
    if (!value)
        fprintf (stderr, "first statement after sf_db_ensure failed: %s\n", sf_db_error (db));
    SF_CHECK_STR (value, "after ensure");
    free (value);
    sf_db_destroy (&killer);
    sf_db_destroy (&db);
    free (schema);
}

//  A server that stops answering (here: its backend frozen with SIGSTOP) cannot fire its own
//  statement_timeout: the client's deadline (statement timeout + 2 s) ends the wait and
//  drops the connection, and the next ensure connects afresh.
static void
test_hung_server_deadline (void)
{
    char *schema = sf_test_unique ("sfdb_hang");
    sf_db_t *setup = sf_test_db (schema);
    sf_db_t *db = s_open (schema, 300, 0, 0);
    int64_t pid = s_int (db, "SELECT pg_backend_pid ()");
    SF_CHECK (sf_test_sh ("kill -STOP %lld", (long long) pid) == 0);
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (sf_db_query (db, "SELECT 1", 0, NULL) == NULL);
    int64_t elapsed = sf_clock_mono_ms () - start;
    SF_CHECK (elapsed >= 2200 && elapsed < 4000);
    SF_CHECK (strstr (sf_db_error (db), "did not answer"));
    SF_CHECK (!sf_db_connected (db) && sf_db_error_transient (db));
    SF_CHECK (sf_test_sh ("kill -CONT %lld", (long long) pid) == 0);
    SF_CHECK (sf_db_ensure (db));
    SF_CHECK (s_int (db, "SELECT 7") == 7);
    sf_db_destroy (&db);
    sf_db_destroy (&setup);
    free (schema);
}

//  The caller's deadline: the running statement is cancelled (the session stays usable, the
//  transaction is rolled back), a statement is not sent once it has passed, and a backend
//  that does not answer the cancel loses its connection within the grace.
static void
test_caller_deadline (void)
{
    char *schema = sf_test_unique ("sfdb_deadline");
    sf_db_t *db = sf_test_db (schema);
    s_create_items (db);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec (db, "INSERT INTO items (id) VALUES (1)", 0, NULL) == 1);
    int64_t start = sf_clock_mono_ms ();
    sf_db_set_deadline (db, start + 300);
    SF_CHECK (sf_db_exec (db, "SELECT pg_sleep (5)", 0, NULL) < 0);
    int64_t elapsed = sf_clock_mono_ms () - start;
    printf ("cancelled at the deadline after %lld ms\n", (long long) elapsed);
    SF_CHECK (elapsed >= 290 && elapsed < 800);
    SF_CHECK (sf_db_deadline_passed (db) && strcmp (sf_db_sqlstate (db), "57014") == 0);
    SF_CHECK (strstr (sf_db_error (db), "deadline"));
    SF_CHECK (sf_db_connected (db));
    //  Past the deadline nothing more is sent, but ROLLBACK is.
    SF_CHECK (sf_db_exec (db, "SELECT 1", 0, NULL) < 0);
    sf_db_rollback (db);
    sf_db_set_deadline (db, 0);
    SF_CHECK (!sf_db_deadline_passed (db));
    SF_CHECK (s_int (db, "SELECT count(*) FROM items") == 0);

    //  A backend that is stopped cannot answer the cancel: the connection goes, and with it
    //  the transaction; what follows in it fails (no assert) until the caller rolls back.
    int64_t pid = s_int (db, "SELECT pg_backend_pid ()");
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_savepoint (db, "sf_command") == 0);
    SF_CHECK (sf_test_sh ("kill -STOP %lld", (long long) pid) == 0);
    start = sf_clock_mono_ms ();
    sf_db_set_deadline (db, start + 300);
    SF_CHECK (sf_db_query (db, "SELECT 1", 0, NULL) == NULL);
    elapsed = sf_clock_mono_ms () - start;
    printf ("hung backend: given up after %lld ms\n", (long long) elapsed);
    SF_CHECK (elapsed >= 290 && elapsed < 1000);
    SF_CHECK (sf_db_deadline_passed (db) && !sf_db_connected (db));
    SF_CHECK (sf_db_rollback_to_savepoint (db, "sf_command") == -1);
    SF_CHECK (sf_db_savepoint (db, "sf_command") == -1);
    SF_CHECK (sf_db_commit (db) == -1 && !sf_db_commit_unknown (db));
    sf_db_rollback (db);
    SF_CHECK (sf_test_sh ("kill -CONT %lld", (long long) pid) == 0);
    sf_db_set_deadline (db, 0);
    SF_CHECK (sf_db_ensure (db));
    SF_CHECK (s_int (db, "SELECT 8") == 8);
    sf_db_destroy (&db);
    free (schema);
}

static void *
s_interrupt_later (void *arg)
{
    sf_test_sleep_ms (200);
    sf_db_interrupt ((sf_db_t *) arg);
    return NULL;
}

//  Interrupted from another thread (the daemon stops): the wait ends at once, the connection
//  is dropped and the session does no more work.
static void
test_interrupt (void)
{
    sf_db_t *db = sf_test_db_session ("public");
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_interrupt_later, db) == 0);
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (sf_db_exec (db, "SELECT pg_sleep (5)", 0, NULL) < 0);
    int64_t elapsed = sf_clock_mono_ms () - start;
    pthread_join (thread, NULL);
    SF_CHECK (elapsed >= 190 && elapsed < 600);
    SF_CHECK (!sf_db_connected (db) && strstr (sf_db_error (db), "interrupted"));
    SF_CHECK (!sf_db_ensure (db));
    sf_db_destroy (&db);
}

//  An interrupt that comes while the session finishes first waits: the work goes on (the
//  caller's deadline still bounds it), and the next statement after is interrupted.
static void
test_finish_first (void)
{
    sf_db_t *db = sf_test_db_session ("public");
    SF_CHECK (s_int (db, "SELECT 1") == 1);
    sf_db_finish_first (db, true);
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_interrupt_later, db) == 0);
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (s_int (db, "SELECT 2 FROM pg_sleep (0.4)") == 2);
    SF_CHECK (sf_clock_mono_ms () - start >= 390);
    pthread_join (thread, NULL);
    SF_CHECK (s_int (db, "SELECT 3") == 3);         //  still finishing
    sf_db_set_deadline (db, sf_clock_mono_ms () + 300);
    start = sf_clock_mono_ms ();
    SF_CHECK (sf_db_exec (db, "SELECT pg_sleep (5)", 0, NULL) < 0);
    SF_CHECK (sf_clock_mono_ms () - start < 2000);  //  the deadline bounds it
    sf_db_set_deadline (db, 0);
    sf_db_finish_first (db, false);
    SF_CHECK (sf_db_exec (db, "SELECT 4", 0, NULL) < 0);
    SF_CHECK (strstr (sf_db_error (db), "interrupted"));
    sf_db_destroy (&db);
}

//  While the server is unreachable, sessions try to connect at most once per backoff
//  period, so a caller is not held up by a connect attempt on every call.
static void
test_connect_backoff (void)
{
    sf_db_options_t options = { .url = "host=127.0.0.1 port=1 dbname=safety user=safety" };
    sf_db_t *db = sf_db_new (&options);
    SF_CHECK (!sf_db_connected (db));
    char first [512];
    snprintf (first, sizeof first, "%s", sf_db_error (db));
    SF_CHECK (*first);
    int64_t start = sf_clock_mono_ms ();
    for (int i = 0; i < 1000; i++)
        SF_CHECK (!sf_db_ensure (db));
    SF_CHECK (sf_clock_mono_ms () - start < 200);
    SF_CHECK_STR (sf_db_error (db), first);
    sf_db_destroy (&db);
}

//  Elements with quotes, backslashes, commas, braces and Chinese come back as they were.
static void
test_array_literal (void)
{
    sf_db_t *db = sf_test_db ("sf_db_array");
    char *items [] = { (char *) "plain", (char *) "a \"quoted\" one", (char *) "back\\slash", (char *) "{x,y}",
                       (char *) "配电室", (char *) "" };
    char *literal = sf_db_array_literal (items, 6);
    const char *values [] = { literal };
    sf_rows_t *rows = sf_db_query (db, "SELECT x FROM unnest ($1::text[]) WITH ORDINALITY u (x, n) ORDER BY n", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 6);
    for (int index = 0; index < 6; index++)
        SF_CHECK_STR (sf_rows_text (rows, index, 0), items [index]);
    sf_rows_destroy (&rows);
    free (literal);
    literal = sf_db_array_literal (NULL, 0);
    SF_CHECK_STR (literal, "{}");
    free (literal);
    sf_db_destroy (&db);
}

int
main (void)
{
    setvbuf (stdout, NULL, _IOLBF, 0);      //  what printed before a failed check stays in order
    sf_test_env ("SF_DB_URL");
    test_array_literal ();
    test_query_with_params_and_null ();
    test_bytea_binary_round_trip ();
    test_transactions ();
    test_unique_violation ();
    test_error_aborts_transaction ();
    test_statement_timeout ();
    test_commit_outcome_unknown ();
    test_lock_timeout ();
    test_idle_in_transaction_timeout ();
    test_prepared_statement_cache ();
    test_round_trips ();
    test_deferred_statements ();
    test_deferred_failure ();
    test_deferred_savepoints ();
    test_reconnect_after_failed_statement ();
    test_server_not_there ();
    test_ensure_detects_session_ended_while_idle ();
    test_hung_server_deadline ();
    test_caller_deadline ();
    test_interrupt ();
    test_finish_first ();
    test_connect_backoff ();
    printf ("sf_db_test: OK\n");
    return 0;
}
