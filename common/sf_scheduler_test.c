/*  sf_scheduler against the real PostgreSQL (SF_DB_URL), on a frozen clock. Every job
    writes a row to the table "fired" in its own transaction, without a unique key, so a job
    that ran twice, or whose work survived a rollback, shows as an extra row.               */
#include "sf_scheduler.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

//  2026-01-01T00:00:00Z: occurrences read as round numbers.
#define T0 INT64_C(1767225600000)
#define DAY_MS INT64_C(86400000)

typedef struct {
    const char *instance;
    int calls;
    int fail_next;              //  fail this many calls, after doing the work
    bool fail_with_sql_error;   //  fail through a statement error instead
    sf_scheduler_t *nested;     //  ticked from inside the job: another instance meanwhile
    sf_db_t *nested_db;
    int64_t nested_advance_ms;  //  the clock moves on this much before the nested tick
    int nested_fired;
    int rearm_until;            //  deadline handler sets itself again until this many calls
} s_probe_t;

static int
s_record (sf_db_t *db, const char *job, const char *key, s_probe_t *probe)
{
    probe->calls++;
    const char *values [] = { job, key, probe->instance };
    if (sf_db_exec (db, "INSERT INTO fired (job, key, instance) VALUES ($1, $2, $3)", 3, values) != 1)
        return -1;
    if (probe->nested) {
        sf_clock_advance_ms (probe->nested_advance_ms);
        probe->nested_fired = sf_scheduler_tick (probe->nested, probe->nested_db);
    }
    if (probe->fail_next > 0) {
        probe->fail_next--;
        if (probe->fail_with_sql_error)
            sf_db_exec (db, "SELECT 1 / 0", 0, NULL);
        return -1;
    }
    return 0;
}

static int
s_periodic_job (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, occurrence_ms);
    return s_record (db, job, key, (s_probe_t *) arg);
}

static int
s_deadline_job (sf_db_t *db, const char *job, const char *subject, int64_t due_ms, void *arg)
{
    s_probe_t *probe = (s_probe_t *) arg;
    if (s_record (db, job, subject, probe))
        return -1;
    if (probe->calls < probe->rearm_until)
        return sf_scheduler_add_deadline (db, job, subject, due_ms + 1000);
    return 0;
}

//  First column of the first row of a query, as an integer.
static int64_t
s_value (sf_db_t *db, const char *sql, int nparams, const char *const *values)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    if (!rows)
        fprintf (stderr, "%s: %s\n", sql, sf_db_error (db));
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t value = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return value;
}

static int64_t
s_fired_count (sf_db_t *db, const char *job, const char *key)
{
    const char *values [] = { job, key };
    return s_value (db, "SELECT count(*) FROM fired WHERE job = $1 AND key = $2", 2, values);
}

static int64_t
s_fired_count_at (sf_db_t *db, const char *job, int64_t occurrence_ms)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, occurrence_ms);
    return s_fired_count (db, job, key);
}

//  A fresh schema with the common migrations and the table "fired".
static sf_db_t *
s_fresh_db (char **schema_p)
{
    *schema_p = sf_test_unique ("sched");
    sf_db_t *db = sf_test_db (*schema_p);
    SF_CHECK (sf_migrate (db, *schema_p, "common", common_migrations) >= 2);
    SF_CHECK (sf_db_exec_script (db,
        "CREATE TABLE fired (job text NOT NULL, key text NOT NULL, instance text NOT NULL)") == 0);
    return db;
}

static void
s_finish (sf_db_t **db_p, char *schema)
{
    char script [256];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", schema);
    SF_CHECK (sf_db_exec_script (*db_p, script) == 0);
    sf_db_destroy (db_p);
    free (schema);
}

static void
s_add_deadline (sf_db_t *db, const char *job, const char *subject, int64_t due_ms)
{
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scheduler_add_deadline (db, job, subject, due_ms) == 0);
    SF_CHECK (sf_db_commit (db) == 0);
}

static int64_t
s_deadline_column (sf_db_t *db, const char *subject, const char *expression)
{
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT %s FROM sf_deadlines WHERE subject = $1", expression);
    const char *values [] = { subject };
    return s_value (db, sql, 1, values);
}

static void
test_periodic_fires_once_per_occurrence (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0 + 100);
    s_probe_t probe = { .instance = "a" };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_every (scheduler, "sweep", 1000, 0, s_periodic_job, &probe);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, NULL) == T0 + 100);

    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count_at (db, "sweep", T0) == 1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, NULL) == T0 + 1000);
    uint64_t trips = sf_db_round_trips (db);
    sf_clock_advance_ms (899);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (sf_db_round_trips (db) == trips);     //  an idle tick costs nothing
    sf_clock_advance_ms (1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count_at (db, "sweep", T0 + 1000) == 1);
    SF_CHECK (s_value (db, "SELECT count(*) FROM fired", 0, NULL) == 2);
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_schedule_runs WHERE instance = 'a'", 0, NULL) == 2);
    SF_CHECK (probe.calls == 2);

    //  A fresh instance (a restart) finds the occurrence done and does not run it again.
    sf_scheduler_t *restarted = sf_scheduler_new ("a2");
    sf_scheduler_every (restarted, "sweep", 1000, 0, s_periodic_job, &probe);
    SF_CHECK (sf_scheduler_tick (restarted, db) == 0);
    SF_CHECK (probe.calls == 2);

    sf_scheduler_destroy (&restarted);
    sf_scheduler_destroy (&scheduler);
    sf_scheduler_destroy (&scheduler);
    SF_CHECK (scheduler == NULL);
    s_finish (&db, schema);
}

static void
test_periodic_offset (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    //  Daily at 06:00: just after midnight the latest occurrence is yesterday's.
    sf_clock_set_ms (T0 + 100);
    s_probe_t probe = { .instance = "a" };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_every (scheduler, "daily", DAY_MS, 6 * 3600000, s_periodic_job, &probe);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count_at (db, "daily", T0 - DAY_MS + 6 * 3600000) == 1);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, NULL) == T0 + 6 * 3600000);
    sf_clock_set_ms (T0 + 6 * 3600000 - 1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    sf_clock_advance_ms (1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count_at (db, "daily", T0 + 6 * 3600000) == 1);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

static void
test_periodic_two_instances (void)
{
    char *schema;
    sf_db_t *db_a = s_fresh_db (&schema);
    sf_db_t *db_b = sf_test_db_session (schema);
    sf_clock_set_ms (T0);
    s_probe_t probe_a = { .instance = "a" };
    s_probe_t probe_b = { .instance = "b" };
    sf_scheduler_t *a = sf_scheduler_new ("a");
    sf_scheduler_t *b = sf_scheduler_new ("b");
    sf_scheduler_every (a, "sweep", 1000, 0, s_periodic_job, &probe_a);
    sf_scheduler_every (b, "sweep", 1000, 0, s_periodic_job, &probe_b);

    SF_CHECK (sf_scheduler_tick (a, db_a) == 1);
    SF_CHECK (sf_scheduler_tick (b, db_b) == 0);
    sf_clock_advance_ms (1000);
    SF_CHECK (sf_scheduler_tick (b, db_b) == 1);
    SF_CHECK (sf_scheduler_tick (a, db_a) == 0);

    //  b ticks while a's job is running: b neither waits nor runs it, then sees it done.
    sf_clock_advance_ms (1000);
    probe_a.nested = b;
    probe_a.nested_db = db_b;
    probe_a.nested_fired = -2;
    SF_CHECK (sf_scheduler_tick (a, db_a) == 1);
    SF_CHECK (probe_a.nested_fired == 0);
    SF_CHECK (sf_scheduler_tick (b, db_b) == 0);
    SF_CHECK (sf_scheduler_next_due_ms (b, NULL) == T0 + 3000);

    //  a's job fails while b looks on: b runs the occurrence on its next tick.
    sf_clock_advance_ms (1000);
    probe_a.fail_next = 1;
    probe_a.nested_fired = -2;
    SF_CHECK (sf_scheduler_tick (a, db_a) == 0);
    SF_CHECK (probe_a.nested_fired == 0);
    SF_CHECK (s_fired_count_at (db_a, "sweep", T0 + 3000) == 0);
    SF_CHECK (sf_scheduler_tick (b, db_b) == 1);
    sf_clock_advance_ms (1000);     //  past a's backoff, into the next occurrence
    probe_a.nested = NULL;
    SF_CHECK (sf_scheduler_tick (b, db_b) == 1);
    SF_CHECK (sf_scheduler_tick (a, db_a) == 0);

    for (int64_t k = 0; k < 5; k++)
        SF_CHECK (s_fired_count_at (db_a, "sweep", T0 + k * 1000) == 1);
    SF_CHECK (s_value (db_a, "SELECT count(*) FROM fired", 0, NULL) == 5);
    const char *runs [] = { "a,b,a,b,b" };
    SF_CHECK (s_value (db_a,
        "SELECT count(*) FROM (SELECT string_agg (instance, ',' ORDER BY occurrence_ms) AS who "
        "FROM sf_schedule_runs) r WHERE who = $1", 1, runs) == 1);

    sf_scheduler_destroy (&a);
    sf_scheduler_destroy (&b);
    sf_db_destroy (&db_b);
    s_finish (&db_a, schema);
}

//  One pass of a job at a time in a schema, whichever its occurrence; other schemas of the
//  database run theirs meanwhile (advisory locks are the database's, not the schema's).
static void
test_periodic_one_pass_at_a_time (void)
{
    char *schema, *other_schema;
    sf_db_t *db_a = s_fresh_db (&schema);
    sf_db_t *db_b = sf_test_db_session (schema);
    sf_db_t *db_c = s_fresh_db (&other_schema);
    sf_clock_set_ms (T0);
    s_probe_t probe_a = { .instance = "a" };
    s_probe_t probe_b = { .instance = "b" };
    s_probe_t probe_c = { .instance = "c" };
    sf_scheduler_t *a = sf_scheduler_new ("a");
    sf_scheduler_t *b = sf_scheduler_new ("b");
    sf_scheduler_t *c = sf_scheduler_new ("c");
    sf_scheduler_every (a, "sweep", 1000, 0, s_periodic_job, &probe_a);
    sf_scheduler_every (b, "sweep", 1000, 0, s_periodic_job, &probe_b);
    sf_scheduler_every (c, "sweep", 1000, 0, s_periodic_job, &probe_c);

    //  a runs T0; meanwhile the clock reaches T0 + 1000 and b ticks: it runs nothing and
    //  marks nothing, then runs T0 + 1000 once a has committed.
    probe_a.nested = b;
    probe_a.nested_db = db_b;
    probe_a.nested_advance_ms = 1000;
    probe_a.nested_fired = -2;
    SF_CHECK (sf_scheduler_tick (a, db_a) == 1);
    SF_CHECK (probe_a.nested_fired == 0 && probe_b.calls == 0);
    SF_CHECK (sf_scheduler_next_due_ms (b, NULL) == T0 + 1000);
    SF_CHECK (sf_scheduler_tick (b, db_b) == 1);
    SF_CHECK (s_fired_count_at (db_a, "sweep", T0) == 1);
    SF_CHECK (s_fired_count_at (db_a, "sweep", T0 + 1000) == 1);

    //  The same job of another schema runs while a holds its own.
    sf_clock_advance_ms (1000);
    probe_a.nested = c;
    probe_a.nested_db = db_c;
    probe_a.nested_advance_ms = 0;
    probe_a.nested_fired = -2;
    SF_CHECK (sf_scheduler_tick (a, db_a) == 1);
    SF_CHECK (probe_a.nested_fired == 1);
    SF_CHECK (s_fired_count_at (db_c, "sweep", T0 + 2000) == 1);
    SF_CHECK (s_value (db_a, "SELECT count(*) FROM fired", 0, NULL) == 3);

    sf_scheduler_destroy (&a);
    sf_scheduler_destroy (&b);
    sf_scheduler_destroy (&c);
    sf_db_destroy (&db_b);
    s_finish (&db_c, other_schema);
    s_finish (&db_a, schema);
}

static void
test_periodic_failure_and_missed_occurrences (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    s_probe_t probe = { .instance = "a", .fail_next = 1 };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_set_retry (scheduler, 5, 100);
    sf_scheduler_every (scheduler, "sweep", 1000, 0, s_periodic_job, &probe);

    //  The failed run's work is rolled back; it is retried after the backoff.
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (s_value (db, "SELECT count(*) FROM fired", 0, NULL) == 0);
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_schedule_runs", 0, NULL) == 0);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, NULL) == T0 + 100);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 1);
    sf_clock_advance_ms (100);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count_at (db, "sweep", T0) == 1);

    //  Down for five and a half periods: only the latest occurrence fires.
    sf_clock_advance_ms (5400);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (s_fired_count_at (db, "sweep", T0 + 5000) == 1);
    SF_CHECK (s_value (db, "SELECT count(*) FROM fired", 0, NULL) == 2);

    //  Runs older than a week are pruned when the job fires again.
    sf_clock_advance_ms (8 * DAY_MS);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_schedule_runs", 0, NULL) == 1);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

static void
test_deadline_in_rolled_back_transaction (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    s_probe_t probe = { .instance = "a" };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_on_deadline (scheduler, "escalate", s_deadline_job, &probe);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scheduler_add_deadline (db, "escalate", "r-1", T0 + 10) == 0);
    sf_db_rollback (db);
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_deadlines", 0, NULL) == 0);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == INT64_MAX);
    sf_clock_advance_ms (10);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 0);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

static void
test_deadline_fires_once_when_due (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    s_probe_t probe = { .instance = "a" };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_on_deadline (scheduler, "escalate", s_deadline_job, &probe);
    s_add_deadline (db, "escalate", "r-1", T0 + 1000);

    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == T0 + 1000);
    sf_clock_advance_ms (999);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 0);
    sf_clock_advance_ms (1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    sf_clock_advance_ms (60000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 1);
    SF_CHECK (s_fired_count (db, "escalate", "r-1") == 1);
    SF_CHECK (s_deadline_column (db, "r-1",
        "count(*) FILTER (WHERE fired_at IS NOT NULL AND fired_by = 'a')") == 1);
    SF_CHECK (s_deadline_column (db, "r-1", "attempts") == 1);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == INT64_MAX);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

static void
test_deadline_move_and_cancel (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    s_probe_t probe = { .instance = "a" };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_on_deadline (scheduler, "escalate", s_deadline_job, &probe);

    //  Moved later: nothing at the first time, one firing at the second.
    s_add_deadline (db, "escalate", "later", T0 + 1000);
    s_add_deadline (db, "escalate", "later", T0 + 5000);
    //  Moved earlier.
    s_add_deadline (db, "escalate", "earlier", T0 + 9000);
    s_add_deadline (db, "escalate", "earlier", T0 + 2000);
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_deadlines", 0, NULL) == 2);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == T0 + 2000);
    sf_clock_set_ms (T0 + 1000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    sf_clock_set_ms (T0 + 2000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count (db, "escalate", "earlier") == 1);
    sf_clock_set_ms (T0 + 4999);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    sf_clock_set_ms (T0 + 5000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count (db, "escalate", "later") == 1);

    //  Setting a fired deadline again re-arms it.
    s_add_deadline (db, "escalate", "later", T0 + 6000);
    SF_CHECK (s_deadline_column (db, "later",
        "count(*) FILTER (WHERE fired_at IS NULL AND attempts = 0)") == 1);
    sf_clock_set_ms (T0 + 6000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count (db, "escalate", "later") == 2);

    //  Cancel: undone by a rollback, effective on commit, 0 when there is none.
    s_add_deadline (db, "escalate", "cancelled", T0 + 7000);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scheduler_cancel_deadline (db, "escalate", "cancelled") == 1);
    sf_db_rollback (db);
    SF_CHECK (s_deadline_column (db, "cancelled", "count(*)") == 1);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scheduler_cancel_deadline (db, "escalate", "cancelled") == 1);
    SF_CHECK (sf_scheduler_cancel_deadline (db, "escalate", "cancelled") == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    sf_clock_set_ms (T0 + 8000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (s_fired_count (db, "escalate", "cancelled") == 0);
    SF_CHECK (probe.calls == 3);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

static void
test_deadline_retry_and_give_up (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    s_probe_t probe = { .instance = "a", .fail_next = 2 };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_set_retry (scheduler, 3, 1000);
    sf_scheduler_on_deadline (scheduler, "escalate", s_deadline_job, &probe);
    s_add_deadline (db, "escalate", "flaky", T0);

    //  Failure 1: work rolled back, attempt recorded, retry in 1 s.
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 1);
    SF_CHECK (s_fired_count (db, "escalate", "flaky") == 0);
    SF_CHECK (s_deadline_column (db, "flaky", "attempts") == 1);
    SF_CHECK (s_deadline_column (db, "flaky", "next_attempt_ms") == T0 + 1000);
    SF_CHECK (s_deadline_column (db, "flaky",
        "count(*) FILTER (WHERE last_error = 'handler failed')") == 1);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == T0 + 1000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 1);
    //  Failure 2, retry 2 s later; then success.
    sf_clock_set_ms (T0 + 1000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (s_deadline_column (db, "flaky", "next_attempt_ms") == T0 + 3000);
    sf_clock_set_ms (T0 + 2999);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
    SF_CHECK (probe.calls == 2);
    sf_clock_set_ms (T0 + 3000);
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (probe.calls == 3);
    SF_CHECK (s_fired_count (db, "escalate", "flaky") == 1);
    SF_CHECK (s_deadline_column (db, "flaky", "attempts") == 3);
    SF_CHECK (s_deadline_column (db, "flaky", "count(*) FILTER (WHERE fired_at IS NOT NULL)") == 1);

    //  A handler that keeps failing, here on a statement error, is given up after 3 attempts.
    probe = (s_probe_t) { .instance = "a", .fail_next = 1000, .fail_with_sql_error = true };
    s_add_deadline (db, "escalate", "broken", T0 + 3000);
    for (int i = 0; i < 10; i++) {
        SF_CHECK (sf_scheduler_tick (scheduler, db) == 0);
        sf_clock_advance_ms (10000);
    }
    SF_CHECK (probe.calls == 3);
    SF_CHECK (s_deadline_column (db, "broken", "attempts") == 3);
    SF_CHECK (s_deadline_column (db, "broken",
        "count(*) FILTER (WHERE gave_up_at IS NOT NULL AND fired_at IS NULL "
        "AND last_error LIKE '%division by zero%')") == 1);
    SF_CHECK (s_fired_count (db, "escalate", "broken") == 0);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == INT64_MAX);

    //  Setting it again gives it a fresh set of attempts.
    probe.fail_next = 0;
    s_add_deadline (db, "escalate", "broken", sf_clock_now_ms ());
    SF_CHECK (sf_scheduler_tick (scheduler, db) == 1);
    SF_CHECK (s_fired_count (db, "escalate", "broken") == 1);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

static void
test_deadline_rearmed_by_handler_and_unhandled_jobs (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    s_probe_t probe = { .instance = "a", .rearm_until = 3 };
    sf_scheduler_t *scheduler = sf_scheduler_new ("a");
    sf_scheduler_on_deadline (scheduler, "remind", s_deadline_job, &probe);
    s_add_deadline (db, "remind", "r-1", T0);
    s_add_deadline (db, "not-mine", "r-1", T0);
    for (int i = 0; i < 5; i++) {
        SF_CHECK (sf_scheduler_tick (scheduler, db) == (i < 3? 1: 0));
        sf_clock_advance_ms (1000);
    }
    SF_CHECK (s_fired_count (db, "remind", "r-1") == 3);
    const char *values [] = { "remind" };
    SF_CHECK (s_value (db, "SELECT due_ms FROM sf_deadlines WHERE job = $1 AND fired_at IS NOT NULL",
                       1, values) == T0 + 2000);
    //  This instance has no handler for "not-mine": it leaves that deadline to others.
    values [0] = "not-mine";
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_deadlines WHERE job = $1 AND fired_at IS NULL",
                       1, values) == 1);
    SF_CHECK (sf_scheduler_next_due_ms (scheduler, db) == INT64_MAX);
    sf_scheduler_destroy (&scheduler);
    s_finish (&db, schema);
}

//  Racing instances: threads, each with its own session and scheduler.
typedef struct {
    const char *schema;
    char instance [16];
    bool periodic;
    atomic_bool *stop;
    int fired;
    pthread_t thread;
} s_racer_t;

static int
s_racing_job (sf_db_t *db, const char *job, const char *key, const char *instance)
{
    const char *values [] = { job, key, instance };
    int64_t inserted = sf_db_exec (db, "INSERT INTO fired (job, key, instance) VALUES ($1, $2, $3)",
                                   3, values);
    return inserted == 1? 0: -1;
}

static int
s_racing_periodic (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, occurrence_ms);
    return s_racing_job (db, job, key, ((s_racer_t *) arg)->instance);
}

static int
s_racing_deadline (sf_db_t *db, const char *job, const char *subject, int64_t due_ms, void *arg)
{
    (void) due_ms;
    return s_racing_job (db, job, subject, ((s_racer_t *) arg)->instance);
}

static void *
s_racer (void *arg)
{
    s_racer_t *racer = (s_racer_t *) arg;
    sf_db_t *db = sf_test_db_session (racer->schema);
    sf_scheduler_t *scheduler = sf_scheduler_new (racer->instance);
    sf_scheduler_set_batch (scheduler, 5);
    if (racer->periodic)
        sf_scheduler_every (scheduler, "race", 100, 0, s_racing_periodic, racer);
    else
        sf_scheduler_on_deadline (scheduler, "race", s_racing_deadline, racer);
    while (true) {
        bool stopping = atomic_load (racer->stop);
        int fired = sf_scheduler_tick (scheduler, db);
        SF_CHECK (fired >= 0);
        racer->fired += fired;
        if (stopping)
            break;
        if (!racer->periodic && fired == 0
        &&  s_value (db, "SELECT count(*) FROM sf_deadlines WHERE fired_at IS NULL", 0, NULL) == 0)
            break;
    }
    sf_scheduler_destroy (&scheduler);
    sf_db_destroy (&db);
    return NULL;
}

static void
s_race (const char *schema, bool periodic, s_racer_t *racers, int count, atomic_bool *stop)
{
    for (int i = 0; i < count; i++) {
        racers [i] = (s_racer_t) { .schema = schema, .periodic = periodic, .stop = stop };
        snprintf (racers [i].instance, sizeof racers [i].instance, "r%d", i);
        SF_CHECK (pthread_create (&racers [i].thread, NULL, s_racer, &racers [i]) == 0);
    }
}

static void
test_deadlines_racing_instances (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    const int deadlines = 300;
    SF_CHECK (sf_db_begin (db) == 0);
    for (int i = 0; i < deadlines; i++) {
        char subject [16];
        snprintf (subject, sizeof subject, "s-%d", i);
        SF_CHECK (sf_scheduler_add_deadline (db, "race", subject, T0 - i) == 0);
    }
    SF_CHECK (sf_db_commit (db) == 0);

    atomic_bool stop = false;
    s_racer_t racers [3];
    s_race (schema, false, racers, 3, &stop);
    int fired = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join (racers [i].thread, NULL);
        fired += racers [i].fired;
        printf ("  deadlines fired by %s: %d\n", racers [i].instance, racers [i].fired);
    }
    SF_CHECK (fired == deadlines);
    SF_CHECK (s_value (db, "SELECT count(*) FROM fired", 0, NULL) == deadlines);
    SF_CHECK (s_value (db, "SELECT count(DISTINCT key) FROM fired", 0, NULL) == deadlines);
    SF_CHECK (s_value (db,
        "SELECT count(*) FROM sf_deadlines WHERE fired_at IS NOT NULL AND attempts = 1",
        0, NULL) == deadlines);
    SF_CHECK (s_value (db, "SELECT count(*) FROM fired f JOIN sf_deadlines d "
                           "ON d.subject = f.key AND d.fired_by = f.instance", 0, NULL) == deadlines);
    s_finish (&db, schema);
}

static void
test_periodic_racing_instances (void)
{
    char *schema;
    sf_db_t *db = s_fresh_db (&schema);
    sf_clock_set_ms (T0);
    atomic_bool stop = false;
    s_racer_t racers [3];
    s_race (schema, true, racers, 3, &stop);
    for (int step = 0; step < 150; step++) {
        sf_test_sleep_ms (2);
        sf_clock_advance_ms (50);
    }
    atomic_store (&stop, true);
    int fired = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join (racers [i].thread, NULL);
        fired += racers [i].fired;
        printf ("  occurrences fired by %s: %d\n", racers [i].instance, racers [i].fired);
    }
    SF_CHECK (s_value (db, "SELECT count(*) FROM fired", 0, NULL) == fired);
    SF_CHECK (s_value (db, "SELECT count(DISTINCT key) FROM fired", 0, NULL) == fired);
    SF_CHECK (s_value (db, "SELECT count(*) FROM sf_schedule_runs", 0, NULL) == fired);
    //  Every racer ticked once after the clock stopped, so the last occurrence ran.
    SF_CHECK (s_fired_count_at (db, "race", T0 + 7500) == 1);
    SF_CHECK (fired > 10);
    s_finish (&db, schema);
}

int
main (void)
{
    sf_log_init ("sf_scheduler_test", SF_LOG_HUMAN, SF_LOG_ERROR);
    struct {
        const char *name;
        void (*run) (void);
    } tests [] = {
        { "periodic fires once per occurrence", test_periodic_fires_once_per_occurrence },
        { "periodic offset", test_periodic_offset },
        { "periodic two instances", test_periodic_two_instances },
        { "periodic one pass at a time", test_periodic_one_pass_at_a_time },
        { "periodic failure and missed occurrences", test_periodic_failure_and_missed_occurrences },
        { "deadline in rolled back transaction", test_deadline_in_rolled_back_transaction },
        { "deadline fires once when due", test_deadline_fires_once_when_due },
        { "deadline move and cancel", test_deadline_move_and_cancel },
        { "deadline retry and give up", test_deadline_retry_and_give_up },
        { "deadline re-armed by handler, unhandled jobs",
          test_deadline_rearmed_by_handler_and_unhandled_jobs },
        { "deadlines racing instances", test_deadlines_racing_instances },
        { "periodic racing instances", test_periodic_racing_instances },
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests [0]; i++) {
        int64_t started = sf_clock_mono_ms ();
        tests [i].run ();
        printf ("ok  %s (%" PRId64 " ms)\n", tests [i].name, sf_clock_mono_ms () - started);
        fflush (stdout);
    }
    sf_clock_set_ms (0);
    return 0;
}
