-- The board's summary rows (007, 008) added once per transaction, not once per finding (issue
-- 17). Before, every finding changed ran two upserts from its row trigger, and the quarter
-- upsert ran the day rows' statement triggers of 008 (both of them: an upsert is an INSERT and
-- an UPDATE statement), about 0.5 ms a finding on the bench machine. Now the row trigger only
-- notes its deltas in a setting local to the transaction (inspection.board_pending, text), and
-- a deferred constraint trigger folds them when the transaction commits: summed per key, added
-- in key order (two transactions lock the rows in one order), the day rows written beside the
-- quarter rows. A transaction of many findings of one plant (sf-inspection runs a plant's
-- ReportFindings as one group) then adds three rows, not three per finding; and the shared rows
-- are locked only while it commits.
--
-- Exact under rollbacks: a setting set in a subtransaction goes back with it (ROLLBACK TO
-- SAVEPOINT), as do the rows and their deferred trigger events. The first deferred event of a
-- transaction takes every pending delta (later ones find none); a statement that notes more than
-- 65,536 characters (a bulk update) folds at once, so the setting stays small. Readers in
-- the writing transaction do not see its own deltas before it commits: none reads the board
-- there. Writers of board_finding_quarter other than the fold (007's backfill, after a bulk load)
-- still move the day rows through 008's statement triggers; the fold tells them to stand aside
-- (inspection.board_folding) because it writes the day rows itself.
--
-- A delta is one line: 'o|severity|grade|n|plant' (open findings) or 'q|quarter|opened|closed|plant'
-- (quarter rows, and the day rows from them); the plant comes last and org codes hold neither
-- '|' nor a line break (directory_code_valid).

DROP FUNCTION board_finding_add (finding, int, bigint);

-- The deltas of one finding counted with sign: its open row, and (now_ms NULL: the row as a
-- whole) its opening's quarter.
CREATE FUNCTION board_finding_deltas (f finding, sign int, now_ms bigint) RETURNS text
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    d text := '';
BEGIN
    IF board_finding_open (f.status) THEN
        d := concat ('o|', f.severity, '|', board_finding_grade (f.hazard_key), '|', sign, '|', f.plant_code, E'\n');
    END IF;
    IF now_ms IS NULL THEN
        d := concat (d, 'q|', f.reported_ms / 900000, '|', sign, '|0|', f.plant_code, E'\n');
    END IF;
    RETURN d;
END $$;

-- Adds the transaction's pending deltas to the summary rows, and forgets them.
CREATE FUNCTION board_fold_pending () RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    pending text := current_setting ('inspection.board_pending', true);
BEGIN
    IF pending IS NULL OR pending = '' THEN
        RETURN;
    END IF;
    PERFORM set_config ('inspection.board_pending', '', true);
    PERFORM set_config ('inspection.board_folding', 'on', true);
    -- The plants' day-row locks first, in code order (008: a rebuild takes them exclusive).
    PERFORM board_day_lock (p.plant, false)
       FROM (SELECT DISTINCT split_part (x, '|', 5) AS plant
               FROM unnest (string_to_array (rtrim (pending, E'\n'), E'\n')) x ORDER BY 1) p;
    WITH d AS (SELECT split_part (x, '|', 1) AS k, split_part (x, '|', 2)::bigint AS a,
                      split_part (x, '|', 3)::bigint AS b, split_part (x, '|', 4)::bigint AS c,
                      split_part (x, '|', 5) AS plant
                 FROM unnest (string_to_array (rtrim (pending, E'\n'), E'\n')) x),
         o AS (INSERT INTO board_finding_open AS t
               SELECT plant, a::smallint, b::smallint, sum (c) FROM d WHERE k = 'o'
                GROUP BY 1, 2, 3 HAVING sum (c) <> 0 ORDER BY 1, 2, 3
               ON CONFLICT (plant_code, severity, grade) DO UPDATE SET n = t.n + EXCLUDED.n),
         q AS (INSERT INTO board_finding_quarter AS t
               SELECT plant, a, sum (b), sum (c) FROM d WHERE k = 'q'
                GROUP BY 1, 2 HAVING sum (b) <> 0 OR sum (c) <> 0 ORDER BY 1, 2
               ON CONFLICT (plant_code, quarter) DO UPDATE
                  SET opened = t.opened + EXCLUDED.opened, closed = t.closed + EXCLUDED.closed),
         z AS (SELECT plant, board_day_zone (plant) AS zone FROM (SELECT DISTINCT plant FROM d WHERE k = 'q') p)
    INSERT INTO board_finding_day AS t
    SELECT d.plant, board_day_of (d.a, z.zone), sum (d.b), sum (d.c) FROM d JOIN z USING (plant) WHERE d.k = 'q'
     GROUP BY 1, 2 HAVING sum (d.b) <> 0 OR sum (d.c) <> 0 ORDER BY 1, 2
    ON CONFLICT (plant_code, day) DO UPDATE SET opened = t.opened + EXCLUDED.opened, closed = t.closed + EXCLUDED.closed;
    PERFORM set_config ('inspection.board_folding', '', true);
END $$;

CREATE OR REPLACE FUNCTION board_finding_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    now_ms bigint;
    d text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        d := board_finding_deltas (NEW, 1, NULL);
    ELSIF TG_OP = 'DELETE' THEN
        d := board_finding_deltas (OLD, -1, NULL);
    ELSIF OLD.plant_code <> NEW.plant_code OR OLD.reported_ms <> NEW.reported_ms THEN
        d := board_finding_deltas (OLD, -1, NULL) || board_finding_deltas (NEW, 1, NULL);
    ELSE
        now_ms := (extract (epoch FROM clock_timestamp ()) * 1000)::bigint;
        d := board_finding_deltas (OLD, -1, now_ms) || board_finding_deltas (NEW, 1, now_ms);
        -- A close counts on the day it happens; a close undone takes it back from its own day.
        IF board_finding_closed (NEW.status) <> board_finding_closed (OLD.status) THEN
            d := concat (d, 'q|', now_ms / 900000, '|0|', CASE WHEN board_finding_closed (NEW.status) THEN 1 ELSE -1 END,
                         '|', NEW.plant_code, E'\n');
        END IF;
    END IF;
    IF d <> '' THEN
        d := concat (current_setting ('inspection.board_pending', true), d);
        PERFORM set_config ('inspection.board_pending', d, true);
        IF length (d) > 65536 THEN         -- a bulk statement folds as it goes
            PERFORM board_fold_pending ();
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION board_finding_fold () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM board_fold_pending ();
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER board_finding_fold
    AFTER INSERT OR DELETE OR UPDATE OF status, severity, plant_code, hazard_key, reported_ms ON finding
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_finding_fold ();

-- 008's day rows from the quarter rows: not while the fold writes both (the same triggers, now
-- with a condition).
CREATE FUNCTION board_fold_aside () RETURNS boolean
    LANGUAGE sql STABLE AS $$ SELECT current_setting ('inspection.board_folding', true) IS DISTINCT FROM 'on' $$;

DROP TRIGGER board_quarter_inserted ON board_finding_quarter;
DROP TRIGGER board_quarter_updated ON board_finding_quarter;
DROP TRIGGER board_quarter_deleted ON board_finding_quarter;
CREATE TRIGGER board_quarter_inserted AFTER INSERT ON board_finding_quarter
    REFERENCING NEW TABLE AS board_quarter_new FOR EACH STATEMENT
    WHEN (board_fold_aside ()) EXECUTE FUNCTION board_quarter_changed ();
CREATE TRIGGER board_quarter_updated AFTER UPDATE ON board_finding_quarter
    REFERENCING OLD TABLE AS board_quarter_old NEW TABLE AS board_quarter_new FOR EACH STATEMENT
    WHEN (board_fold_aside ()) EXECUTE FUNCTION board_quarter_changed ();
CREATE TRIGGER board_quarter_deleted AFTER DELETE ON board_finding_quarter
    REFERENCING OLD TABLE AS board_quarter_old FOR EACH STATEMENT
    WHEN (board_fold_aside ()) EXECUTE FUNCTION board_quarter_changed ();
