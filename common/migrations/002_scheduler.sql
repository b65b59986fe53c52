-- Scheduler state. See common/sf_scheduler.h.

-- One row per occurrence of a periodic job that ran, inserted in the same transaction as the
-- job's work: the primary key is what makes an occurrence fire once across all instances.
-- Rows older than a week are pruned when the job fires again.
CREATE TABLE sf_schedule_runs (
    job            text NOT NULL,
    occurrence_ms  bigint NOT NULL,
    instance       text NOT NULL,
    fired_at       timestamptz NOT NULL DEFAULT now (),
    PRIMARY KEY (job, occurrence_ms)
);

-- One deadline per (job, subject), written in the caller's transaction; setting it again
-- moves it and re-arms it. next_attempt_ms is due_ms until the handler fails, then the time
-- of the retry; after the last allowed attempt gave_up_at is set and the row stays for an
-- operator to read (attempts, last_error).
CREATE TABLE sf_deadlines (
    job              text NOT NULL,
    subject          text NOT NULL,
    due_ms           bigint NOT NULL,
    next_attempt_ms  bigint NOT NULL,
    attempts         int NOT NULL DEFAULT 0,
    last_error       text,
    fired_at         timestamptz,
    fired_by         text,
    gave_up_at       timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now (),
    PRIMARY KEY (job, subject)
);
CREATE INDEX sf_deadlines_pending ON sf_deadlines (next_attempt_ms)
    WHERE fired_at IS NULL AND gave_up_at IS NULL;
