/*  sf_scheduler: periodic jobs and deadlines shared by the instances of a daemon.

    Exactly once comes from the database, never from this process's memory:
    - a periodic occurrence runs in the transaction that inserts its sf_schedule_runs row;
      the primary key lets one instance in. Before inserting, the instance takes a
      non-blocking advisory lock on (schema, job): one run of a job at a time in a schema,
      whichever occurrence, so a slow pass is never overlapped by the next one on another
      instance, and no instance waits on another's uncommitted insert. The instance that
      finds the lock taken skips and looks again on its next tick; it marks nothing done.
      The schema is in the key because advisory locks are the database's, and schemas of
      one database (plant partitions, the tests) run the same jobs. A hash collision makes
      an instance skip a tick, nothing worse.
    - a deadline is claimed with FOR UPDATE SKIP LOCKED and marked fired in the handler's
      transaction. The handler runs after a savepoint of our own, so a failure can be
      undone while the row stays locked and the attempt is recorded in the same
      transaction: no other instance can retry it before the backoff is written.
    What memory holds is only a shortcut: the occurrence a job last saw completed, so that
    an idle tick costs no round trip for periodic jobs.                                     */
#include "sf_scheduler.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_NAME_MAX          100
#define S_BACKOFF_MAX_SHIFT 10
#define S_ERROR_MAX         512
#define S_REASON_MAX        (S_ERROR_MAX + 64)

//  When a periodic job's occurrences fall. Every rule answers two questions, so a calendar
//  rule (monthly on day 1 at 00:00) is one more pair of functions next to the period rule.
typedef struct _s_periodic_t s_periodic_t;
typedef int64_t (s_latest_fn) (const s_periodic_t *job, int64_t now_ms);    //  latest <= now
typedef int64_t (s_next_fn) (const s_periodic_t *job, int64_t after_ms);    //  first > after

struct _s_periodic_t {
    char *name;
    int64_t period_ms;
    int64_t offset_ms;
    s_latest_fn *latest;
    s_next_fn *next;
    sf_scheduler_periodic_fn *fn;
    void *arg;
    int64_t done_ms;            //  latest occurrence known to have run, here or elsewhere
    int64_t failed_ms;          //  occurrence whose callback failed here
    int failures;               //  consecutive failures of failed_ms
    int64_t retry_at_ms;        //  no new attempt of failed_ms before this
};

typedef struct {
    char *job;
    sf_scheduler_deadline_fn *fn;
    void *arg;
} s_handler_t;

struct _sf_scheduler_t {
    char *instance;
    s_periodic_t *periodic;
    size_t periodic_count;
    s_handler_t *handlers;
    size_t handler_count;
    char *handler_jobs;         //  text[] literal of the handled jobs, for job = ANY ($n)
    int max_attempts;
    int64_t backoff_ms;
    int batch;
    bool db_failing;            //  last tick failed on the database: log recovery once
};

typedef enum { S_NOTHING, S_FIRED, S_FAILED, S_DB_FAILED } s_outcome_t;

static bool
s_name_ok (const char *name)
{
    size_t len = name? strlen (name): 0;
    if (len == 0 || len > S_NAME_MAX)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
              || *p == '_' || *p == '.' || *p == ':' || *p == '-'))
            return false;
    return true;
}

static int64_t
s_floor_div (int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0))? q - 1: q;
}

static int64_t
s_period_latest (const s_periodic_t *job, int64_t now_ms)
{
    return s_floor_div (now_ms - job->offset_ms, job->period_ms) * job->period_ms + job->offset_ms;
}

static int64_t
s_period_next (const s_periodic_t *job, int64_t after_ms)
{
    return s_period_latest (job, after_ms) + job->period_ms;
}

static int64_t
s_backoff (sf_scheduler_t *self, int failures)
{
    int shift = failures - 1 < S_BACKOFF_MAX_SHIFT? failures - 1: S_BACKOFF_MAX_SHIFT;
    return self->backoff_ms << (shift > 0? shift: 0);
}

//  Why a job failed. When one of its statements failed, the transaction is aborted and
//  the session's last error is that statement's: one more statement tells which case it is.
static void
s_failure_reason (sf_db_t *db, char *reason, size_t size)
{
    char error [S_ERROR_MAX];
    snprintf (error, sizeof error, "%s", sf_db_error (db));
    if (sf_db_exec (db, "SELECT 1", 0, NULL) < 0 && strcmp (sf_db_sqlstate (db), "25P02") == 0)
        snprintf (reason, size, "handler failed: %s", error);
    else
        snprintf (reason, size, "handler failed");
}

sf_scheduler_t *
sf_scheduler_new (const char *instance_name)
{
    assert (instance_name && *instance_name);
    sf_scheduler_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->instance = strdup (instance_name);
    self->handler_jobs = strdup ("{}");
    if (!self->instance || !self->handler_jobs) {
        free (self->instance);
        free (self->handler_jobs);
        free (self);
        return NULL;
    }
    self->max_attempts = 10;
    self->backoff_ms = 1000;
    self->batch = 100;
    return self;
}

void
sf_scheduler_destroy (sf_scheduler_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_scheduler_t *self = *self_p;
    for (size_t i = 0; i < self->periodic_count; i++)
        free (self->periodic [i].name);
    free (self->periodic);
    for (size_t i = 0; i < self->handler_count; i++)
        free (self->handlers [i].job);
    free (self->handlers);
    free (self->handler_jobs);
    free (self->instance);
    free (self);
    *self_p = NULL;
}

void
sf_scheduler_every (sf_scheduler_t *self, const char *name, int64_t period_ms, int64_t offset_ms,
                    sf_scheduler_periodic_fn *fn, void *arg)
{
    assert (s_name_ok (name));
    assert (period_ms > 0 && offset_ms >= 0 && offset_ms < period_ms);
    assert (fn);
    for (size_t i = 0; i < self->periodic_count; i++)
        assert (strcmp (self->periodic [i].name, name) != 0);
    self->periodic = realloc (self->periodic, (self->periodic_count + 1) * sizeof *self->periodic);
    assert (self->periodic);
    s_periodic_t *job = &self->periodic [self->periodic_count++];
    *job = (s_periodic_t) {
        .name = strdup (name), .period_ms = period_ms, .offset_ms = offset_ms,
        .latest = s_period_latest, .next = s_period_next, .fn = fn, .arg = arg,
        .done_ms = INT64_MIN, .failed_ms = INT64_MIN
    };
    assert (job->name);
}

void
sf_scheduler_on_deadline (sf_scheduler_t *self, const char *job, sf_scheduler_deadline_fn *fn,
                          void *arg)
{
    assert (s_name_ok (job));
    assert (fn);
    for (size_t i = 0; i < self->handler_count; i++)
        assert (strcmp (self->handlers [i].job, job) != 0);
    self->handlers = realloc (self->handlers, (self->handler_count + 1) * sizeof *self->handlers);
    assert (self->handlers);
    s_handler_t *handler = &self->handlers [self->handler_count++];
    *handler = (s_handler_t) { .job = strdup (job), .fn = fn, .arg = arg };
    assert (handler->job);

    //  Names are restricted to characters that need no escaping inside {"...","..."}.
    size_t len = strlen (self->handler_jobs);
    char *jobs = malloc (len + strlen (job) + 4);
    assert (jobs);
    if (self->handler_count == 1)
        sprintf (jobs, "{\"%s\"}", job);
    else
        sprintf (jobs, "%.*s,\"%s\"}", (int) len - 1, self->handler_jobs, job);
    free (self->handler_jobs);
    self->handler_jobs = jobs;
}

void
sf_scheduler_set_retry (sf_scheduler_t *self, int max_attempts, int64_t backoff_ms)
{
    assert (max_attempts > 0 && backoff_ms >= 0);
    self->max_attempts = max_attempts;
    self->backoff_ms = backoff_ms;
}

void
sf_scheduler_set_batch (sf_scheduler_t *self, int deadlines_per_tick)
{
    assert (deadlines_per_tick > 0);
    self->batch = deadlines_per_tick;
}

static s_handler_t *
s_handler (sf_scheduler_t *self, const char *job)
{
    for (size_t i = 0; i < self->handler_count; i++)
        if (strcmp (self->handlers [i].job, job) == 0)
            return &self->handlers [i];
    return NULL;
}

//  After a job's work failed: rolls back and tells a lost database from a failed job.
static s_outcome_t
s_abandon (sf_db_t *db)
{
    sf_db_rollback (db);
    return sf_db_connected (db)? S_FAILED: S_DB_FAILED;
}

static s_outcome_t
s_run_periodic (sf_scheduler_t *self, s_periodic_t *job, sf_db_t *db, int64_t now_ms)
{
    int64_t occurrence = job->latest (job, now_ms);
    if (occurrence == job->done_ms)
        return S_NOTHING;
    if (occurrence == job->failed_ms && now_ms < job->retry_at_ms)
        return S_NOTHING;

    char occurrence_text [24];
    snprintf (occurrence_text, sizeof occurrence_text, "%" PRId64, occurrence);
    const char *key [] = { job->name, occurrence_text, self->instance };
    if (sf_db_begin (db))
        return S_DB_FAILED;
    sf_rows_t *rows = sf_db_query (db,
        "SELECT pg_try_advisory_xact_lock (hashtextextended (current_schema () || '/' || $1, 0))", 1, key);
    if (!rows) {
        s_abandon (db);
        return S_DB_FAILED;
    }
    bool locked = sf_rows_bool (rows, 0, 0);
    sf_rows_destroy (&rows);
    if (!locked) {
        //  Another instance is running this job now; look again next tick.
        sf_db_rollback (db);
        return S_NOTHING;
    }
    int64_t claimed = sf_db_exec (db,
        "INSERT INTO sf_schedule_runs (job, occurrence_ms, instance) VALUES ($1, $2::bigint, $3) "
        "ON CONFLICT DO NOTHING", 3, key);
    if (claimed < 0) {
        s_abandon (db);
        return S_DB_FAILED;
    }
    if (claimed == 0) {
        sf_db_rollback (db);
        job->done_ms = occurrence;
        return S_NOTHING;
    }

    int rc = job->fn (db, job->name, occurrence, job->arg);
    assert (sf_db_in_transaction (db) || !sf_db_connected (db));
    if (!sf_db_in_transaction (db))
        return S_DB_FAILED;

    char reason [S_REASON_MAX];
    if (rc == 0) {
        //  Runs older than a week are history: no instance looks that far back.
        if (sf_db_exec (db,
                "DELETE FROM sf_schedule_runs "
                "WHERE job = $1 AND occurrence_ms < $2::bigint - 604800000", 2, key) >= 0
        &&  sf_db_commit (db) == 0) {
            job->done_ms = occurrence;
            job->failures = 0;
            sf_debug ("periodic job %s fired for occurrence %" PRId64 " on %s",
                      job->name, occurrence, self->instance);
            return S_FIRED;
        }
        snprintf (reason, sizeof reason, "commit failed: %s", sf_db_error (db));
    }
    else
        s_failure_reason (db, reason, sizeof reason);

    s_outcome_t outcome = s_abandon (db);
    if (outcome == S_DB_FAILED)
        return outcome;
    job->failures = job->failed_ms == occurrence? job->failures + 1: 1;
    job->failed_ms = occurrence;
    job->retry_at_ms = now_ms + s_backoff (self, job->failures);
    sf_warn ("periodic job %s failed for occurrence %" PRId64 " (failure %d, retry after %" PRId64
             " ms): %s", job->name, occurrence, job->failures, job->retry_at_ms - now_ms, reason);
    return S_FAILED;
}

//  A due deadline this instance holds locked.
typedef struct {
    char job [S_NAME_MAX + 1];
    char *subject;
    int64_t due_ms;
    char due_text [24];
    int attempt;                //  this run's number, from 1
} s_claim_t;

//  Counts a failed attempt, pushing the next attempt back or giving up. The guard on
//  due_ms leaves alone a deadline that was moved meanwhile.
static int
s_record_failure (sf_scheduler_t *self, sf_db_t *db, const s_claim_t *claim, int64_t now_ms,
                  const char *reason)
{
    char retry_text [24], max_text [16];
    int64_t delay = s_backoff (self, claim->attempt);
    snprintf (retry_text, sizeof retry_text, "%" PRId64, now_ms + delay);
    snprintf (max_text, sizeof max_text, "%d", self->max_attempts);
    const char *values [] = {
        claim->job, claim->subject, claim->due_text, reason, retry_text, max_text
    };
    int64_t updated = sf_db_exec (db,
        "UPDATE sf_deadlines SET attempts = attempts + 1, last_error = $4, "
        "next_attempt_ms = $5::bigint, updated_at = now (), "
        "gave_up_at = CASE WHEN attempts + 1 >= $6::int THEN now () END "
        "WHERE job = $1 AND subject = $2 AND due_ms = $3::bigint "
        "AND fired_at IS NULL AND gave_up_at IS NULL", 6, values);
    if (updated < 0)
        return -1;
    if (updated == 0)
        sf_info ("deadline %s/%s (due %s) was moved while its handler failed: %s",
                 claim->job, claim->subject, claim->due_text, reason);
    else
    if (claim->attempt >= self->max_attempts)
        sf_error ("deadline %s/%s (due %s) given up after %d attempts: %s",
                  claim->job, claim->subject, claim->due_text, claim->attempt, reason);
    else
        sf_warn ("deadline %s/%s (due %s) attempt %d of %d failed, retry in %" PRId64 " ms: %s",
                 claim->job, claim->subject, claim->due_text, claim->attempt, self->max_attempts,
                 delay, reason);
    return 0;
}

//  Claims the most overdue deadline this instance handles, in a transaction it
//  leaves open. Returns 1, 0 when none is due, -1 on a database failure.
static int
s_claim_deadline (sf_scheduler_t *self, sf_db_t *db, int64_t now_ms, s_claim_t *claim)
{
    char now_text [24];
    snprintf (now_text, sizeof now_text, "%" PRId64, now_ms);
    const char *values [] = { now_text, self->handler_jobs };
    if (sf_db_begin (db))
        return -1;
    sf_rows_t *rows = sf_db_query (db,
        "SELECT job, subject, due_ms, attempts FROM sf_deadlines "
        "WHERE fired_at IS NULL AND gave_up_at IS NULL AND next_attempt_ms <= $1::bigint "
        "AND job = ANY ($2::text[]) "
        "ORDER BY next_attempt_ms LIMIT 1 FOR UPDATE SKIP LOCKED", 2, values);
    if (!rows) {
        s_abandon (db);
        return -1;
    }
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        sf_db_rollback (db);
        return 0;
    }
    snprintf (claim->job, sizeof claim->job, "%s", sf_rows_text (rows, 0, 0));
    claim->subject = strdup (sf_rows_text (rows, 0, 1));
    assert (claim->subject);
    claim->due_ms = sf_rows_int (rows, 0, 2);
    snprintf (claim->due_text, sizeof claim->due_text, "%s", sf_rows_text (rows, 0, 2));
    claim->attempt = (int) sf_rows_int (rows, 0, 3) + 1;
    sf_rows_destroy (&rows);
    return 1;
}

//  Runs the handler on a claimed deadline and ends the claim's transaction.
static s_outcome_t
s_fire_deadline (sf_scheduler_t *self, sf_db_t *db, const s_claim_t *claim, int64_t now_ms)
{
    s_handler_t *handler = s_handler (self, claim->job);
    assert (handler);
    if (sf_db_savepoint (db, "sf_scheduler_deadline")) {
        s_abandon (db);
        return S_DB_FAILED;
    }
    int rc = handler->fn (db, claim->job, claim->subject, claim->due_ms, handler->arg);
    assert (sf_db_in_transaction (db) || !sf_db_connected (db));
    if (!sf_db_in_transaction (db))
        return S_DB_FAILED;

    char reason [S_REASON_MAX];
    if (rc == 0) {
        const char *values [] = { claim->job, claim->subject, claim->due_text, self->instance };
        if (sf_db_exec (db,
                "UPDATE sf_deadlines SET fired_at = now (), fired_by = $4, attempts = attempts + 1, "
                "updated_at = now () "
                "WHERE job = $1 AND subject = $2 AND due_ms = $3::bigint AND fired_at IS NULL",
                4, values) >= 0
        &&  sf_db_commit (db) == 0) {
            sf_info ("deadline %s/%s (due %s) fired on %s",
                     claim->job, claim->subject, claim->due_text, self->instance);
            return S_FIRED;
        }
        snprintf (reason, sizeof reason, "handler's work failed to commit: %s", sf_db_error (db));
        if (s_abandon (db) == S_DB_FAILED)
            return S_DB_FAILED;
        //  The claim went with the transaction: record the attempt on its own.
        return s_record_failure (self, db, claim, now_ms, reason) == 0? S_FAILED: S_DB_FAILED;
    }
    s_failure_reason (db, reason, sizeof reason);
    if (sf_db_rollback_to_savepoint (db, "sf_scheduler_deadline")
    ||  s_record_failure (self, db, claim, now_ms, reason) < 0
    ||  sf_db_commit (db) < 0) {
        s_abandon (db);
        return S_DB_FAILED;
    }
    return S_FAILED;
}

static s_outcome_t
s_run_one_deadline (sf_scheduler_t *self, sf_db_t *db, int64_t now_ms)
{
    s_claim_t claim = { .subject = NULL };
    int claimed = s_claim_deadline (self, db, now_ms, &claim);
    if (claimed <= 0)
        return claimed == 0? S_NOTHING: S_DB_FAILED;
    s_outcome_t outcome = s_fire_deadline (self, db, &claim, now_ms);
    free (claim.subject);
    return outcome;
}

int
sf_scheduler_tick (sf_scheduler_t *self, sf_db_t *db)
{
    assert (self && db);
    assert (!sf_db_in_transaction (db));
    int fired = 0;
    bool db_failed = !sf_db_ensure (db);
    int64_t now_ms = sf_clock_now_ms ();
    for (size_t i = 0; i < self->periodic_count && !db_failed; i++) {
        s_outcome_t outcome = s_run_periodic (self, &self->periodic [i], db, now_ms);
        fired += outcome == S_FIRED;
        db_failed = outcome == S_DB_FAILED;
    }
    for (int i = 0; i < self->batch && self->handler_count && !db_failed; i++) {
        s_outcome_t outcome = s_run_one_deadline (self, db, now_ms);
        if (outcome == S_NOTHING)
            break;
        fired += outcome == S_FIRED;
        db_failed = outcome == S_DB_FAILED;
    }
    if (db_failed) {
        if (!self->db_failing)
            sf_warn ("scheduler %s: database failed, jobs wait for a later tick: %s",
                     self->instance, sf_db_error (db));
        self->db_failing = true;
        return -1;
    }
    if (self->db_failing)
        sf_info ("scheduler %s: database usable again", self->instance);
    self->db_failing = false;
    return fired;
}

int64_t
sf_scheduler_next_due_ms (sf_scheduler_t *self, sf_db_t *db)
{
    int64_t now_ms = sf_clock_now_ms ();
    int64_t earliest = INT64_MAX;
    for (size_t i = 0; i < self->periodic_count; i++) {
        s_periodic_t *job = &self->periodic [i];
        int64_t occurrence = job->latest (job, now_ms);
        int64_t due = occurrence == job->done_ms? job->next (job, now_ms)
                    : occurrence == job->failed_ms? job->retry_at_ms: now_ms;
        if (due < earliest)
            earliest = due;
    }
    if (!db || self->handler_count == 0)
        return earliest;
    const char *values [] = { self->handler_jobs };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT next_attempt_ms FROM sf_deadlines "
        "WHERE fired_at IS NULL AND gave_up_at IS NULL AND job = ANY ($1::text[]) "
        "ORDER BY next_attempt_ms LIMIT 1", 1, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 1 && sf_rows_int (rows, 0, 0) < earliest)
        earliest = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return earliest;
}

int
sf_scheduler_add_deadline (sf_db_t *db, const char *job, const char *subject, int64_t due_ms)
{
    assert (s_name_ok (job) && subject);
    assert (sf_db_in_transaction (db));
    char due_text [24];
    snprintf (due_text, sizeof due_text, "%" PRId64, due_ms);
    const char *values [] = { job, subject, due_text };
    return sf_db_exec (db,
        "INSERT INTO sf_deadlines (job, subject, due_ms, next_attempt_ms) "
        "VALUES ($1, $2, $3::bigint, $3::bigint) "
        "ON CONFLICT (job, subject) DO UPDATE SET due_ms = EXCLUDED.due_ms, "
        "next_attempt_ms = EXCLUDED.due_ms, attempts = 0, last_error = NULL, fired_at = NULL, "
        "fired_by = NULL, gave_up_at = NULL, updated_at = now ()", 3, values) < 0? -1: 0;
}

int
sf_scheduler_add_deadlines (sf_db_t *db, const char *job, const char *const *subjects, const int64_t *due_ms,
                            size_t count)
{
    assert (s_name_ok (job));
    assert (sf_db_in_transaction (db));
    if (count == 0)
        return 0;
    char *subject_column = sf_db_array_literal ((char *const *) subjects, count);
    char *due_column = sf_db_int_array_literal (due_ms, count);
    const char *values [] = { job, subject_column, due_column };
    int64_t added = sf_db_exec (db,
        "INSERT INTO sf_deadlines (job, subject, due_ms, next_attempt_ms) "
        "SELECT $1, d.subject, d.due, d.due FROM unnest ($2::text[], $3::bigint[]) d (subject, due) "
        "ON CONFLICT (job, subject) DO UPDATE SET due_ms = EXCLUDED.due_ms, "
        "next_attempt_ms = EXCLUDED.due_ms, attempts = 0, last_error = NULL, fired_at = NULL, "
        "fired_by = NULL, gave_up_at = NULL, updated_at = now ()", 3, values);
    free (subject_column);
    free (due_column);
    return added == (int64_t) count? 0: -1;
}

int
sf_scheduler_cancel_deadline (sf_db_t *db, const char *job, const char *subject)
{
    assert (s_name_ok (job) && subject);
    assert (sf_db_in_transaction (db));
    const char *values [] = { job, subject };
    int64_t removed = sf_db_exec (db, "DELETE FROM sf_deadlines WHERE job = $1 AND subject = $2",
                                  2, values);
    return removed < 0? -1: (int) removed;
}
