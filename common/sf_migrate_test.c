/*  sf_migrate_test: migrations apply in order once, are recorded per component, a failing
    one leaves no trace, and two sessions migrating one fresh schema at once both succeed
    with every migration applied once.                                                       */
#include "sf_log.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <string.h>

static int64_t
s_int (sf_db_t *db, const char *sql, int nparams, const char *const *values)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t value = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return value;
}

//  True when schema.table exists.
static bool
s_table_exists (sf_db_t *db, const char *schema, const char *table)
{
    char name [200];
    snprintf (name, sizeof name, "%s.%s", schema, table);
    sf_rows_t *rows = sf_db_query (db, "SELECT to_regclass ($1) IS NOT NULL", 1, (const char *const []) { name });
    SF_CHECK (rows);
    bool exists = sf_rows_bool (rows, 0, 0);
    sf_rows_destroy (&rows);
    return exists;
}

//  The versions recorded for component, in the order they were applied, as "1,2,3".
static char *
s_recorded (sf_db_t *db, const char *schema, const char *component)
{
    char sql [300];
    snprintf (sql, sizeof sql,
              "SELECT coalesce (string_agg (version::text || ':' || name, ',' ORDER BY applied_at, version), '') "
              "FROM %s.sf_migrations WHERE component = $1", schema);
    sf_rows_t *rows = sf_db_query (db, sql, 1, (const char *const []) { component });
    SF_CHECK (rows);
    char *text = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return text;
}

//  Each depends on the one before, and none may run twice (no IF NOT EXISTS).
static const sf_migration_t s_migrations [] = {
    { 1, "001_parents", "CREATE TABLE parents (id int PRIMARY KEY, name text NOT NULL);" },
    { 2, "002_children",
      "CREATE TABLE children (id int PRIMARY KEY, parent int NOT NULL REFERENCES parents (id));\n"
      "INSERT INTO parents VALUES (1, 'first');" },
    { 3, "003_counter",
      "ALTER TABLE parents ADD COLUMN visits int NOT NULL DEFAULT 0;\n"
      "UPDATE parents SET visits = visits + 1;" },
    { 0, NULL, NULL }
};

static void
test_applies_in_order_once (void)
{
    char *schema = sf_test_unique ("sfmig_order");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "test", s_migrations) == 3);
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (s_table_exists (db, schema, "parents"));
    SF_CHECK (s_table_exists (db, schema, "children"));
    SF_CHECK (s_table_exists (db, schema, "sf_migrations"));
    char *recorded = s_recorded (db, schema, "test");
    SF_CHECK_STR (recorded, "1:001_parents,2:002_children,3:003_counter");
    free (recorded);
    SF_CHECK (s_int (db, "SELECT visits FROM parents WHERE id = 1", 0, NULL) == 1);

    //  Again: nothing to do, nothing run twice.
    SF_CHECK (sf_migrate (db, schema, "test", s_migrations) == 0);
    SF_CHECK (sf_migrate (db, schema, "test", s_migrations) == 0);
    SF_CHECK (s_int (db, "SELECT visits FROM parents WHERE id = 1", 0, NULL) == 1);

    //  A new migration at the end is the only one applied.
    const sf_migration_t more [] = {
        s_migrations [0], s_migrations [1], s_migrations [2],
        { 4, "004_more", "UPDATE parents SET visits = visits + 10;" },
        { 0, NULL, NULL }
    };
    SF_CHECK (sf_migrate (db, schema, "test", more) == 1);
    SF_CHECK (s_int (db, "SELECT visits FROM parents WHERE id = 1", 0, NULL) == 11);
    SF_CHECK (sf_migrate (db, schema, "test", more) == 0);

    //  Versions are per component: another component's version 1 is its own.
    const sf_migration_t other [] = {
        { 1, "001_other", "CREATE TABLE other_things (x int);" },
        { 0, NULL, NULL }
    };
    SF_CHECK (sf_migrate (db, schema, "other", other) == 1);
    recorded = s_recorded (db, schema, "other");
    SF_CHECK_STR (recorded, "1:001_other");
    free (recorded);
    SF_CHECK (s_int (db, "SELECT count(*) FROM sf_migrations", 0, NULL) == 5);

    //  An empty list applies nothing.
    const sf_migration_t none [] = { { 0, NULL, NULL } };
    SF_CHECK (sf_migrate (db, schema, "none", none) == 0);
    sf_db_destroy (&db);
    free (schema);
}

//  The embedded common migrations apply to a fresh schema and are then recorded.
static void
test_common_migrations (void)
{
    char *schema = sf_test_unique ("sfmig_common");
    sf_db_t *db = sf_test_db (schema);
    int count = 0;
    for (const sf_migration_t *migration = common_migrations; migration->sql; migration++) {
        SF_CHECK (migration->version > (migration == common_migrations? 0: migration [-1].version));
        SF_CHECK (migration->name && *migration->name);
        count++;
    }
    SF_CHECK (count >= 1);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) == count);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) == 0);
    SF_CHECK (s_table_exists (db, schema, "sf_outbox"));
    SF_CHECK (s_table_exists (db, schema, "sf_idempotency"));
    SF_CHECK (s_table_exists (db, schema, "sf_inbox"));
    sf_db_destroy (&db);
    free (schema);
}

static void
test_failing_migration_leaves_no_trace (void)
{
    char *schema = sf_test_unique ("sfmig_fail");
    sf_db_t *db = sf_test_db (schema);
    sf_migration_t migrations [] = {
        s_migrations [0],
        { 2, "002_broken",
          "CREATE TABLE broken_half (x int);\n"
          "INSERT INTO parents VALUES (99, 'from the broken migration');\n"
          "SELECT no_such_function ();" },
        { 3, "003_never", "CREATE TABLE never (x int);" },
        { 0, NULL, NULL }
    };
    SF_CHECK (sf_migrate (db, schema, "test", migrations) == -1);
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK_STR (sf_db_sqlstate (db), "42883");
    SF_CHECK (s_table_exists (db, schema, "parents"));
    SF_CHECK (!s_table_exists (db, schema, "broken_half"));
    SF_CHECK (!s_table_exists (db, schema, "never"));
    SF_CHECK (s_int (db, "SELECT count(*) FROM parents", 0, NULL) == 0);
    char *recorded = s_recorded (db, schema, "test");
    SF_CHECK_STR (recorded, "1:001_parents");
    free (recorded);

    //  Still failing on a second start; nothing new recorded.
    SF_CHECK (sf_migrate (db, schema, "test", migrations) == -1);
    recorded = s_recorded (db, schema, "test");
    SF_CHECK_STR (recorded, "1:001_parents");
    free (recorded);

    //  A syntax error fails the same way.
    migrations [1].sql = "CREATE TABLE syntax (x int;";
    SF_CHECK (sf_migrate (db, schema, "test", migrations) == -1);
    SF_CHECK_STR (sf_db_sqlstate (db), "42601");
    SF_CHECK (!s_table_exists (db, schema, "syntax"));

    //  Once fixed, the rest applies.
    migrations [1].sql = "CREATE TABLE fixed (x int);";
    SF_CHECK (sf_migrate (db, schema, "test", migrations) == 2);
    SF_CHECK (s_table_exists (db, schema, "fixed") && s_table_exists (db, schema, "never"));
    recorded = s_recorded (db, schema, "test");
    SF_CHECK_STR (recorded, "1:001_parents,2:002_broken,3:003_never");
    free (recorded);
    sf_db_destroy (&db);
    free (schema);
}

static void
test_schema_names (void)
{
    const char *good [] = {
        "a", "_", "_x", "svc_directory", "s1", "a_0_9",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk", NULL
    };
    for (const char **name = good; *name; name++)
        SF_CHECK (sf_migrate_schema_name_ok (*name));
    SF_CHECK (strlen (good [6]) == 63);
    const char *bad [] = {
        "", "1abc", "9", "Abc", "aBc", "a-b", "a b", "a;drop schema public", "a.b", "\"a\"", "a'",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", "é", "a\n", NULL
    };
    for (const char **name = bad; *name; name++)
        SF_CHECK (!sf_migrate_schema_name_ok (*name));
    SF_CHECK (strlen (bad [11]) == 64);

    //  sf_migrate refuses a bad name before touching the database.
    char *schema = sf_test_unique ("sfmig_names");
    sf_db_t *db = sf_test_db (schema);
    uint64_t trips = sf_db_round_trips (db);
    SF_CHECK (sf_migrate (db, "bad;name", "test", s_migrations) == -1);
    SF_CHECK (sf_migrate (db, "Upper", "test", s_migrations) == -1);
    SF_CHECK (sf_migrate (db, "", "test", s_migrations) == -1);
    SF_CHECK (sf_db_round_trips (db) == trips);
    sf_db_destroy (&db);
    free (schema);

    //  And a session that cannot connect is an error, not a crash.
    sf_db_options_t options = { .url = "host=127.0.0.1 port=1 dbname=x", .connect_timeout_s = 1 };
    db = sf_db_new (&options);
    SF_CHECK (sf_migrate (db, "fine_name", "test", s_migrations) == -1);
    sf_db_destroy (&db);
}

//  ---------------------------------------------------------------------------------------
//  Two sessions migrating the same fresh schema at the same moment.

static const sf_migration_t s_slow [] = {
    { 1, "001_slow", "CREATE TABLE slow_a (x int); SELECT pg_sleep (0.05);" },
    { 2, "002_slow", "CREATE TABLE slow_b (x int); INSERT INTO slow_a VALUES (1);" },
    { 3, "003_slow", "CREATE TABLE slow_c (x int); SELECT pg_sleep (0.02);" },
    { 0, NULL, NULL }
};

typedef struct {
    const char *schema;
    pthread_barrier_t *start;
    int result;
} s_racer_t;

static void *
s_racer (void *arg)
{
    s_racer_t *racer = arg;
    sf_db_t *db = sf_test_db_session (racer->schema);      //  the schema does not exist yet
    pthread_barrier_wait (racer->start);
    racer->result = sf_migrate (db, racer->schema, "race", s_slow);
    if (racer->result < 0)
        fprintf (stderr, "sf_migrate of %s failed: %s (sqlstate %s)\n", racer->schema,
                 sf_db_error (db), sf_db_sqlstate (db));
    sf_db_destroy (&db);
    return NULL;
}

static void
test_two_sessions_migrate_at_once (void)
{
    sf_db_t *admin = sf_test_db_session ("public");
    enum { ROUNDS = 8, RACERS = 2 };
    for (int round = 0; round < ROUNDS; round++) {
        char *schema = sf_test_unique ("sfmig_race");
        char drop [200];
        snprintf (drop, sizeof drop, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
        SF_CHECK (sf_db_exec_script (admin, drop) == 0);

        pthread_barrier_t start;
        pthread_barrier_init (&start, NULL, RACERS);
        s_racer_t racers [RACERS];
        pthread_t threads [RACERS];
        for (int i = 0; i < RACERS; i++) {
            racers [i] = (s_racer_t) { schema, &start, -2 };
            SF_CHECK (pthread_create (&threads [i], NULL, s_racer, &racers [i]) == 0);
        }
        for (int i = 0; i < RACERS; i++)
            pthread_join (threads [i], NULL);
        pthread_barrier_destroy (&start);

        int applied = 0;
        for (int i = 0; i < RACERS; i++) {
            SF_CHECK (racers [i].result >= 0);
            applied += racers [i].result;
        }
        SF_CHECK (applied == 3);
        char *recorded = s_recorded (admin, schema, "race");
        SF_CHECK_STR (recorded, "1:001_slow,2:002_slow,3:003_slow");
        free (recorded);
        char sql [200];
        snprintf (sql, sizeof sql, "SELECT count(*) FROM %s.slow_a", schema);
        SF_CHECK (s_int (admin, sql, 0, NULL) == 1);
        SF_CHECK (sf_db_exec_script (admin, drop) == 0);
        free (schema);
    }
    sf_db_destroy (&admin);
}

int
main (void)
{
    sf_test_env ("SF_DB_URL");
    sf_log_init ("sf_migrate_test", SF_LOG_HUMAN, SF_LOG_WARN);
    test_schema_names ();
    test_applies_in_order_once ();
    test_common_migrations ();
    test_failing_migration_leaves_no_trace ();
    test_two_sessions_migrate_at_once ();
    printf ("sf_migrate_test: OK\n");
    return 0;
}
