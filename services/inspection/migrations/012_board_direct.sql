-- A finding sf-inspection stores adds itself to the board's rows in the statement that inserts
-- it (issue 17). Through 010's path a new finding's row trigger writes its deltas as text into a
-- setting, a deferred trigger event is queued for it, and at COMMIT the fold parses the text
-- back, sums it and upserts the rows through a plan of a dozen nodes; measured on the bench
-- machine at 4 clients, that path was 29 % of the backend's CPU for a ReportFinding, and the
-- daemon without any board work took 1.17-1.21 of pgbench's rate against 0.83-0.90 with it
-- (docs/benchmarks.md, "The board written by the insert"). The daemon knows the new row: one
-- function call adds it to its three rows (open findings, the quarter, the day) at once.
--
-- The insert names its finding in inspection.board_direct (local to the transaction; a
-- number is unique); the row triggers of an INSERT stand aside for that row only, so a finding
-- inserted by anyone else (a script, a bulk load, pgbench's baseline) still goes through 010's
-- deltas and fold, as do RecordInspection's findings. Exact under rollbacks: the setting and
-- the three upserts go back with the insert's subtransaction. Locks: the plant's day-row lock (shared), then its rows in one
-- statement of the fold's shape (below), held from the insert to COMMIT where the fold took
-- them only at COMMIT. Only ReportFinding stores this way (inspection_store_finding_insert's
-- board_now): its transaction holds one plant's findings and violations, and sf-inspection runs
-- one such group of a plant at a time, so its transactions do not wait for each other on these
-- rows; another transaction's fold of the plant waits for it, as for another fold. One case can
-- still deadlock, and PostgreSQL then fails one side (its client retries with the same key): a
-- group whose findings straddle a quarter hour or a day boundary, against a fold that moves the
-- new quarter's or day's row and the same open row (a close of that severity and grade) at the
-- same moment.

-- Adds a finding being inserted to the board's rows and names it to the row triggers; true.
-- Its three upserts are one statement of the fold's shape (010: open and quarter rows in WITH,
-- the day row the main statement), so that it locks the rows of a plant in the fold's order:
-- a fold of another transaction at COMMIT waits for it, never the two for each other.
CREATE FUNCTION board_finding_inserting (new_number text, new_plant text, new_severity smallint,
                                         new_hazard_key text, new_reported_ms bigint, new_status smallint)
    RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    new_quarter bigint := new_reported_ms / 900000;
BEGIN
    PERFORM set_config ('inspection.board_direct', new_number, true),
            set_config ('inspection.board_folding', 'on', true), board_day_lock (new_plant, false);
    WITH o AS (INSERT INTO board_finding_open AS t
               SELECT new_plant, new_severity, board_finding_grade (new_hazard_key), 1 WHERE board_finding_open (new_status)
               ON CONFLICT (plant_code, severity, grade) DO UPDATE SET n = t.n + EXCLUDED.n),
         q AS (INSERT INTO board_finding_quarter AS t VALUES (new_plant, new_quarter, 1, 0)
               ON CONFLICT (plant_code, quarter) DO UPDATE
                  SET opened = t.opened + EXCLUDED.opened, closed = t.closed + EXCLUDED.closed)
    INSERT INTO board_finding_day AS t VALUES (new_plant, board_day_of (new_quarter, board_day_zone (new_plant)), 1, 0)
    ON CONFLICT (plant_code, day) DO UPDATE SET opened = t.opened + EXCLUDED.opened, closed = t.closed + EXCLUDED.closed;
    PERFORM set_config ('inspection.board_folding', '', true);
    RETURN true;
END $$;

-- 010's row triggers, the INSERT apart: it fires (and queues its deferred fold) only for a row
-- the inserting statement did not add itself.
DROP TRIGGER board_finding_changed ON finding;
DROP TRIGGER board_finding_fold ON finding;
CREATE TRIGGER board_finding_changed AFTER DELETE OR UPDATE OF status, severity, plant_code, hazard_key, reported_ms
    ON finding FOR EACH ROW EXECUTE FUNCTION board_finding_changed ();
CREATE TRIGGER board_finding_inserted AFTER INSERT ON finding FOR EACH ROW
    WHEN (NEW.number IS DISTINCT FROM current_setting ('inspection.board_direct', true))
    EXECUTE FUNCTION board_finding_changed ();
CREATE CONSTRAINT TRIGGER board_finding_fold
    AFTER DELETE OR UPDATE OF status, severity, plant_code, hazard_key, reported_ms ON finding
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_finding_fold ();
CREATE CONSTRAINT TRIGGER board_finding_fold_inserted AFTER INSERT ON finding
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.number IS DISTINCT FROM current_setting ('inspection.board_direct', true))
    EXECUTE FUNCTION board_finding_fold ();

-- 010's condition on 008's day-row triggers, written out: a SQL function in a trigger's WHEN is
-- inlined, so parsed and planned, each time a statement writes board_finding_quarter (a third
-- of the cost of the function above, and of the fold's two writes of the table, in the same
-- profile).
DROP TRIGGER board_quarter_inserted ON board_finding_quarter;
DROP TRIGGER board_quarter_updated ON board_finding_quarter;
DROP TRIGGER board_quarter_deleted ON board_finding_quarter;
CREATE TRIGGER board_quarter_inserted AFTER INSERT ON board_finding_quarter
    REFERENCING NEW TABLE AS board_quarter_new FOR EACH STATEMENT
    WHEN (current_setting ('inspection.board_folding', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION board_quarter_changed ();
CREATE TRIGGER board_quarter_updated AFTER UPDATE ON board_finding_quarter
    REFERENCING OLD TABLE AS board_quarter_old NEW TABLE AS board_quarter_new FOR EACH STATEMENT
    WHEN (current_setting ('inspection.board_folding', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION board_quarter_changed ();
CREATE TRIGGER board_quarter_deleted AFTER DELETE ON board_finding_quarter
    REFERENCING OLD TABLE AS board_quarter_old FOR EACH STATEMENT
    WHEN (current_setting ('inspection.board_folding', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION board_quarter_changed ();
DROP FUNCTION board_fold_aside ();
