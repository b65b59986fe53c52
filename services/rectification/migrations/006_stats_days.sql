-- GetStats of the whole enterprise (issue 17): a month of it aggregated every form issued in
-- the month (82,000 at 1,000,000 forms a year, 45 ms), which no index makes cheaper. Summary
-- rows per day, kept by triggers in the same transaction as the forms they count (added as it
-- commits, below), make the
-- answer a few hundred rows plus the forms of at most three days, read live
-- (rectification_store.c, rect_store_stats of a company):
--
--   measure 1  issued:   per issue day, the forms (not cancelled) and their recurrences;
--   measure 2  closed:   per issue day and day of closing, the closed forms, those closed by
--                        their deadline, and the sum of their times to close;
--   measure 3  overdue:  per issue day and deadline day, the forms that count as overdue once
--                        their deadline has passed: marked overdue, or neither submitted nor
--                        closed (the same test as the statistics' live form, README "GetStats").
--
-- Everything GetStats reports depends on the end of the period E only through "closed before
-- E" and "deadline before E": the rows of days before E's day are summed, the forms closed or
-- due on E's own day up to E are read live (form_closed_at, form_deadline), and so are the
-- forms issued on a part day at either end of the period (form_issued). Days are UTC days of
-- the ms (issued_ms / 86,400,000); which zone does not matter, the part days being read live.
--
-- Only the company's statistics read these rows: its subtree is every unit of the org copy,
-- and every form's responsible unit is in the copy (a form is not issued to a unit the copy
-- does not know, rect_form_issue), so the rows count exactly the forms the live query counts.
-- A plant's month (4,100 forms) is read live as before.
--
-- Enum values (rectification.FormStatus) in the functions below, checked against the
-- generated constants by rectification_stats_days_test.

CREATE FUNCTION stats_day (ms bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT (ms / 86400000)::integer $$;

CREATE TYPE stats_form_delta AS (
    measure      smallint,
    issue_day    integer,
    other_day    integer,
    n            bigint,
    on_time      bigint,
    close_ms     bigint,
    recurrences  bigint
);

-- What one form adds (sign 1) or takes away (sign -1).
CREATE FUNCTION stats_form_rows (status smallint, issued_ms bigint, deadline_ms bigint, closed_ms bigint,
                                 overdue boolean, recurrence_of bigint, sign integer)
    RETURNS SETOF stats_form_delta
    LANGUAGE sql IMMUTABLE AS $$
    SELECT 1::smallint, stats_day (issued_ms), 0, sign::bigint, 0::bigint, 0::bigint,
           CASE WHEN recurrence_of IS NOT NULL THEN sign ELSE 0 END::bigint
     WHERE status <> 6                                                  -- FORM_CANCELLED
    UNION ALL
    SELECT 2::smallint, stats_day (issued_ms), stats_day (closed_ms), sign::bigint,
           CASE WHEN closed_ms <= deadline_ms THEN sign ELSE 0 END::bigint, sign * (closed_ms - issued_ms), 0::bigint
     WHERE status = 5                                                   -- FORM_CLOSED
    UNION ALL
    SELECT 3::smallint, stats_day (issued_ms), stats_day (deadline_ms), sign::bigint, 0::bigint, 0::bigint, 0::bigint
     WHERE status <> 6 AND (overdue OR status NOT IN (4, 5))            -- FORM_SUBMITTED, FORM_CLOSED
$$;

CREATE TABLE stats_form_day (
    measure      smallint NOT NULL,
    issue_day    integer NOT NULL,
    other_day    integer NOT NULL,     -- 0 (issued), the day of closing (closed), the deadline's (overdue)
    n            bigint NOT NULL,
    on_time      bigint NOT NULL,
    close_ms     bigint NOT NULL,
    recurrences  bigint NOT NULL,
    PRIMARY KEY (measure, issue_day, other_day)
);

-- The live parts: the forms closed on E's day up to E; the forms issued on a part day, read
-- from the index alone where its pages are all visible (form_issued of 003 with the columns
-- counted).
CREATE INDEX form_closed_at ON form (closed_ms) WHERE closed_ms > 0;
DROP INDEX form_issued;
CREATE INDEX form_issued ON form (issued_ms, id) INCLUDE (status, deadline_ms, closed_ms, overdue, recurrence_of);

-- Summed deltas, one upsert per key in key order (two statements at once lock the rows in the
-- same order: no deadlock); a delta that nets to nothing locks nothing.
CREATE FUNCTION stats_form_apply (deltas stats_form_delta []) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO stats_form_day AS s
    SELECT d.measure, d.issue_day, d.other_day, sum (d.n), sum (d.on_time), sum (d.close_ms), sum (d.recurrences)
      FROM unnest (deltas) d
     GROUP BY 1, 2, 3
    HAVING sum (d.n) <> 0 OR sum (d.on_time) <> 0 OR sum (d.close_ms) <> 0 OR sum (d.recurrences) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (measure, issue_day, other_day) DO UPDATE
       SET n = s.n + EXCLUDED.n, on_time = s.on_time + EXCLUDED.on_time,
           close_ms = s.close_ms + EXCLUDED.close_ms, recurrences = s.recurrences + EXCLUDED.recurrences;
$$;

-- A statement's deltas wait in stats_form_pending until its transaction commits, and are added
-- to the day rows then (a deferred constraint trigger, stats_form_fold), so that the rows every
-- writer shares (today's issue day) are locked only while a transaction commits: locked from
-- the statement on, the consumer's lanes (rectification_findings.c, a lane's forms in one
-- transaction) waited for each other's whole transaction. The first fold of a transaction
-- takes all of its pending deltas (a transaction sees no other's uncommitted rows) and adds
-- them in key order, so two transactions lock the rows in one order; the later folds find
-- nothing. Readers in the writing transaction itself would not see its deltas: none reads.
CREATE TABLE stats_form_pending (
    deltas  stats_form_delta [] NOT NULL
);

CREATE FUNCTION stats_form_fold () RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    deltas stats_form_delta [];
BEGIN
    WITH gone AS (DELETE FROM stats_form_pending RETURNING stats_form_pending.deltas)
    SELECT array_agg (d) INTO deltas FROM gone CROSS JOIN LATERAL unnest (gone.deltas) d;
    IF deltas IS NOT NULL THEN
        PERFORM stats_form_apply (deltas);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER stats_form_fold AFTER INSERT ON stats_form_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stats_form_fold ();

-- Statement-level, from the transition tables, as the board's (migration 004); each branch
-- names only the tables its event has.
CREATE FUNCTION stats_form_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    deltas stats_form_delta [];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg (r) INTO deltas FROM stats_form_new f
         CROSS JOIN LATERAL stats_form_rows (f.status, f.issued_ms, f.deadline_ms, f.closed_ms, f.overdue,
                                             f.recurrence_of, 1) r;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg (r) INTO deltas FROM stats_form_old f
         CROSS JOIN LATERAL stats_form_rows (f.status, f.issued_ms, f.deadline_ms, f.closed_ms, f.overdue,
                                             f.recurrence_of, -1) r;
    ELSE
        SELECT array_agg (r) INTO deltas FROM (
            SELECT r.* FROM stats_form_new f
             CROSS JOIN LATERAL stats_form_rows (f.status, f.issued_ms, f.deadline_ms, f.closed_ms, f.overdue,
                                                 f.recurrence_of, 1) r
            UNION ALL
            SELECT r.* FROM stats_form_old f
             CROSS JOIN LATERAL stats_form_rows (f.status, f.issued_ms, f.deadline_ms, f.closed_ms, f.overdue,
                                                 f.recurrence_of, -1) r) r;
    END IF;
    IF deltas IS NOT NULL THEN
        INSERT INTO stats_form_pending VALUES (deltas);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER stats_form_inserted AFTER INSERT ON form REFERENCING NEW TABLE AS stats_form_new
    FOR EACH STATEMENT EXECUTE FUNCTION stats_form_changed ();
CREATE TRIGGER stats_form_updated AFTER UPDATE ON form
    REFERENCING OLD TABLE AS stats_form_old NEW TABLE AS stats_form_new
    FOR EACH STATEMENT EXECUTE FUNCTION stats_form_changed ();
CREATE TRIGGER stats_form_deleted AFTER DELETE ON form REFERENCING OLD TABLE AS stats_form_old
    FOR EACH STATEMENT EXECUTE FUNCTION stats_form_changed ();

-- Backfill.
INSERT INTO stats_form_day
SELECT r.measure, r.issue_day, r.other_day, sum (r.n), sum (r.on_time), sum (r.close_ms), sum (r.recurrences)
  FROM form f
 CROSS JOIN LATERAL stats_form_rows (f.status, f.issued_ms, f.deadline_ms, f.closed_ms, f.overdue,
                                     f.recurrence_of, 1) r
 GROUP BY 1, 2, 3;
