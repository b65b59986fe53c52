/*  sf_scheduler: periodic jobs and persisted deadlines that run on a daemon's own loop
    (call sf_scheduler_tick from a zloop timer), correct when several instances of the
    daemon tick against the same schema: each occurrence and each deadline fires once.
    Time is sf_clock's. Needs the common migrations (002_scheduler) in the schema.

    Periodic jobs live in memory; their occurrences fall at offset + k * period (Unix epoch
    ms). A tick runs the latest occurrence at or before now unless it already ran: the job's
    callback runs inside a transaction that also inserts (job, occurrence) into
    sf_schedule_runs, so the occurrence counts as run exactly when the callback's work
    commits. One instance at a time runs a job (an advisory lock on schema and job, taken
    without waiting: the others look again on their next tick), so a callback needs no lock
    of its own against a pass of another instance. If the callback fails the transaction
    rolls back and a later tick (of any instance) retries the occurrence, until the next
    occurrence supersedes it. Occurrences missed while no instance was ticking are NOT
    caught up: only the latest one fires, with its own occurrence_ms (compare it with
    sf_clock_now_ms to see how late it is). A job registered for the first time therefore
    fires at the first tick, for the current period.

    Deadlines are rows in sf_deadlines, one per (job, subject), written in the caller's
    transaction. A tick claims due rows one at a time (FOR UPDATE SKIP LOCKED, one
    transaction each, so a claimed row is locked only while its handler runs) and runs the
    handler registered for the job in that transaction; success marks the row fired before
    COMMIT. Failure rolls the handler's work back, counts the attempt and schedules a retry
    after a backoff (backoff_ms, doubling, at most 1024x); after max_attempts the row is
    given up (gave_up_at, last_error) and logged as an error. An instance claims only the
    jobs it has a handler for.

    Not thread-safe: one scheduler per loop, ticking with that loop's sf_db_t.             */
#ifndef SF_SCHEDULER_H_INCLUDED
#define SF_SCHEDULER_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

typedef struct _sf_scheduler_t sf_scheduler_t;

//  A periodic job's work, run inside the tick's transaction (do not commit or roll back).
//  Returns 0, or -1 to roll the occurrence back for a later retry.
typedef int (sf_scheduler_periodic_fn) (sf_db_t *db, const char *job, int64_t occurrence_ms,
                                        void *arg);

//  A deadline's work, run inside the tick's transaction (do not commit or roll back; a
//  savepoint of sf_db is fine). Returns 0, or -1 to roll back and retry later. It may set
//  the same deadline again with a new due time (a reminder that repeats): it is then
//  re-armed rather than marked fired.
typedef int (sf_scheduler_deadline_fn) (sf_db_t *db, const char *job, const char *subject,
                                        int64_t due_ms, void *arg);

//  instance_name identifies this process in sf_schedule_runs and sf_deadlines.fired_by.
sf_scheduler_t *sf_scheduler_new (const char *instance_name);
void sf_scheduler_destroy (sf_scheduler_t **self_p);

//  Job names: 1 to 100 of [A-Za-z0-9_.:-], each registered once.
//  Runs fn at every offset_ms + k * period_ms; 0 <= offset_ms < period_ms. A daily job at
//  06:00 UTC is (86400000, 21600000).
void sf_scheduler_every (sf_scheduler_t *self, const char *name, int64_t period_ms, int64_t offset_ms,
                         sf_scheduler_periodic_fn *fn, void *arg);

//  Handles the deadlines of job on this instance.
void sf_scheduler_on_deadline (sf_scheduler_t *self, const char *job, sf_scheduler_deadline_fn *fn,
                               void *arg);

//  Deadline retries: at most max_attempts handler runs (default 10), the first retry
//  backoff_ms after a failure (default 1000), doubling each time. Failed periodic
//  occurrences are retried with the same backoff, without a limit.
void sf_scheduler_set_retry (sf_scheduler_t *self, int max_attempts, int64_t backoff_ms);

//  At most this many deadlines per tick (default 100), so one tick never starves the loop.
void sf_scheduler_set_batch (sf_scheduler_t *self, int deadlines_per_tick);

//  One pass: due periodic occurrences, then due deadlines. db must not be in a transaction.
//  Returns the number of jobs fired, or -1 when the database failed during the pass (jobs
//  fired before the failure stay fired; the rest wait for the next tick).
int sf_scheduler_tick (sf_scheduler_t *self, sf_db_t *db);

//  The earliest time (epoch ms) at which a tick may have work: <= now means tick now;
//  INT64_MAX means nothing is scheduled. With db it includes this instance's deadlines
//  (one indexed query); with NULL only periodic jobs. -1 on a database error. Deadlines
//  that other instances or processes add are not announced: keep a maximum timer interval.
int64_t sf_scheduler_next_due_ms (sf_scheduler_t *self, sf_db_t *db);

//  Sets (or moves, and re-arms if it had fired or been given up) the deadline of subject
//  for job, in the caller's transaction. Returns 0 or -1 (db error; the transaction is
//  then aborted). While that deadline's handler runs on some instance, this waits for it
//  (up to the session's lock_timeout).
int sf_scheduler_add_deadline (sf_db_t *db, const char *job, const char *subject, int64_t due_ms);
//  sf_scheduler_add_deadline for count subjects of one job at once, in one statement
//  (subjects distinct). 0 or -1.
int sf_scheduler_add_deadlines (sf_db_t *db, const char *job, const char *const *subjects, const int64_t *due_ms,
                                size_t count);

//  Removes the deadline of subject for job, fired or not, in the caller's transaction.
//  Returns 1 if there was one, 0 if not, -1 on a db error.
int sf_scheduler_cancel_deadline (sf_db_t *db, const char *job, const char *subject);

#endif
