-- The wall screen's forms board (issue 16, GetFormBoard): summary rows kept by triggers in the
-- same transaction as the forms they count, so the board reads a few index ranges whatever the
-- number of forms. Every change is an upsert adding a summed delta
-- (ON CONFLICT ... DO UPDATE SET n = n + EXCLUDED.n): exact under concurrent writers, never
-- read-modify-write. The backfill at the end counts the forms that exist already.
--
-- Enum values: the one test the triggers need (a form is open: not closed, not cancelled,
-- rectification.FormStatus) sits in board_form_open below, and rectification_board_store_test
-- checks it against the generated enum. Statuses are stored as they are; the reader binds the
-- generated constants.

CREATE FUNCTION board_form_open (status smallint) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT status NOT IN (5, 6) $$;   -- FORM_CLOSED, FORM_CANCELLED

-- The zone a form's due day is counted in: the daemon's days are Beijing time (plant years,
-- form numbers and the times shown to people, rectification_form.c). The reader takes the zone
-- from here, so the board's "today" and the stored due days cannot disagree.
CREATE FUNCTION board_time_zone () RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'Asia/Shanghai'::text $$;

CREATE FUNCTION board_due_day (deadline_ms bigint) RETURNS date
    LANGUAGE sql STABLE AS $$ SELECT (to_timestamp (deadline_ms / 1000.0) AT TIME ZONE board_time_zone ())::date $$;

-- Open forms per plant, responsible unit and status (the stages of the board).
CREATE TABLE board_form_open (
    plant_code  text NOT NULL,
    unit_code   text NOT NULL,
    status      smallint NOT NULL,        -- rectification.FormStatus
    n           bigint NOT NULL,
    PRIMARY KEY (plant_code, unit_code, status)
);

-- The same forms by their due day: the board reads only the days from today on (a few weeks
-- of rows per plant) and counts the overdue as the open less those.
CREATE TABLE board_form_due (
    plant_code  text NOT NULL,
    due_day     date NOT NULL,            -- the deadline's day in board_time_zone ()
    unit_code   text NOT NULL,
    status      smallint NOT NULL,
    n           bigint NOT NULL,
    PRIMARY KEY (plant_code, due_day, unit_code, status)
);
-- The enterprise board reads every plant's days from today on: one range of this index.
CREATE INDEX board_form_due_by_day ON board_form_due (due_day);

-- Statement-level, from the transition tables: a statement that changes many forms (the
-- consumer issues a lane's findings in one INSERT) adds one summed delta per key. The keys of
-- each table are taken in one order, board_form_open's first, so two such statements at once
-- lock the summary rows in the same order (no deadlock). An UPDATE that moves no form between
-- keys (a version bump, the overdue mark, an escalation step) nets to nothing and locks none.
-- board_form_apply (deltas): the summed deltas, a JSON array of {plant_code, unit_code,
-- due_day, status, n}, into both tables.
CREATE FUNCTION board_form_apply (deltas jsonb) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO board_form_open AS b
    SELECT d.plant_code, d.unit_code, d.status, sum (d.n)
    FROM jsonb_to_recordset (deltas) AS d (plant_code text, unit_code text, due_day date, status smallint, n bigint)
    GROUP BY 1, 2, 3 HAVING sum (d.n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (plant_code, unit_code, status) DO UPDATE SET n = b.n + EXCLUDED.n;
    INSERT INTO board_form_due AS b
    SELECT d.plant_code, d.due_day, d.unit_code, d.status, sum (d.n)
    FROM jsonb_to_recordset (deltas) AS d (plant_code text, unit_code text, due_day date, status smallint, n bigint)
    GROUP BY 1, 2, 3, 4 HAVING sum (d.n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (plant_code, due_day, unit_code, status) DO UPDATE SET n = b.n + EXCLUDED.n;
$$;

-- Each branch names only the transition tables its event has (a statement is planned when it
-- first runs).
CREATE FUNCTION board_form_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    deltas jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT jsonb_agg (k) INTO deltas
        FROM (SELECT plant_code, responsible_unit AS unit_code, board_due_day (deadline_ms) AS due_day, status,
                     count (*) AS n
              FROM board_form_new WHERE board_form_open (status) GROUP BY 1, 2, 3, 4) k;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT jsonb_agg (k) INTO deltas
        FROM (SELECT plant_code, responsible_unit AS unit_code, board_due_day (deadline_ms) AS due_day, status,
                     -count (*) AS n
              FROM board_form_old WHERE board_form_open (status) GROUP BY 1, 2, 3, 4) k;
    ELSE
        SELECT jsonb_agg (k) INTO deltas
        FROM (SELECT plant_code, unit_code, due_day, status, sum (n) AS n
              FROM (SELECT plant_code, responsible_unit AS unit_code, board_due_day (deadline_ms) AS due_day, status, 1 AS n
                    FROM board_form_new WHERE board_form_open (status)
                    UNION ALL
                    SELECT plant_code, responsible_unit, board_due_day (deadline_ms), status, -1
                    FROM board_form_old WHERE board_form_open (status)) c
              GROUP BY 1, 2, 3, 4 HAVING sum (n) <> 0) k;
    END IF;
    IF deltas IS NOT NULL THEN
        PERFORM board_form_apply (deltas);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_form_inserted AFTER INSERT ON form REFERENCING NEW TABLE AS board_form_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_form_changed ();
CREATE TRIGGER board_form_updated AFTER UPDATE ON form
    REFERENCING OLD TABLE AS board_form_old NEW TABLE AS board_form_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_form_changed ();
CREATE TRIGGER board_form_deleted AFTER DELETE ON form REFERENCING OLD TABLE AS board_form_old
    FOR EACH STATEMENT EXECUTE FUNCTION board_form_changed ();

-- Backfill.
INSERT INTO board_form_open
SELECT plant_code, responsible_unit, status, count (*) FROM form WHERE board_form_open (status) GROUP BY 1, 2, 3;

INSERT INTO board_form_due
SELECT plant_code, board_due_day (deadline_ms), responsible_unit, status, count (*)
FROM form WHERE board_form_open (status) GROUP BY 1, 2, 3, 4;
