-- The plant's wall screen (issue 16, GetHazardBoard): summary rows kept by triggers in the
-- same transaction as the change, so the board reads a handful of index ranges whatever the
-- number of findings and tasks. Every change is an upsert adding +1 or -1
-- (ON CONFLICT ... DO UPDATE SET n = n + EXCLUDED.n): exact under concurrent writers, never
-- read-modify-write. The backfill at the end counts the rows that exist already.
--
-- Enum values: the two numbers the triggers need (a finding's closed and cancelled status,
-- inspection.FindingStatus) sit in the two functions below, and
-- inspection_board_store_test checks them against the generated enums. Task statuses are
-- stored as they are and the reader binds the generated constants.

CREATE FUNCTION board_finding_open (status smallint) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT status NOT IN (3, 4) $$;   -- FINDING_CLOSED, FINDING_CANCELLED
CREATE FUNCTION board_finding_closed (status smallint) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT status = 3 $$;             -- FINDING_CLOSED

-- The LEC grade (1..5) of the hazard-list item a finding names ('H<id>'), else 0 (no colour).
-- Items are never changed or deleted (old versions stay), so the grade of a finding is stable.
CREATE FUNCTION board_finding_grade (hazard_key text) RETURNS smallint
    LANGUAGE sql STABLE AS $$
    SELECT coalesce ((SELECT i.grade FROM hazard_item i
                      WHERE hazard_key ~ '^H[0-9]{1,18}$' AND i.id = substr (hazard_key, 2)::bigint), 0)::smallint
$$;

-- Open findings (not closed, not cancelled) per plant, severity and grade of their hazard item.
CREATE TABLE board_finding_open (
    plant_code  text NOT NULL,
    severity    smallint NOT NULL,
    grade       smallint NOT NULL,        -- 0: the finding names no hazard-list item
    n           bigint NOT NULL,
    PRIMARY KEY (plant_code, severity, grade)
);

-- Findings opened and closed per quarter of an hour (UTC, epoch ms / 900000): every zone's
-- offset is a multiple of 15 minutes, so the reader sums them into the plant's local days.
-- Opened at reported_ms; closed at the database time the close was applied.
CREATE TABLE board_finding_quarter (
    plant_code  text NOT NULL,
    quarter     bigint NOT NULL,
    opened      bigint NOT NULL,
    closed      bigint NOT NULL,
    PRIMARY KEY (plant_code, quarter)
);

-- Tasks per plant, production day, shift (0: checks of plans, not a shift) and status.
CREATE TABLE board_task (
    plant_code  text NOT NULL,
    shift_date  date NOT NULL,
    shift_no    smallint NOT NULL,
    status      smallint NOT NULL,        -- inspection.TaskStatus
    n           bigint NOT NULL,
    PRIMARY KEY (plant_code, shift_date, shift_no, status)
);

-- The risk map (四色图): per unit and year, the version of its hazard list the items were last
-- added for and the most dangerous grade among that version's items (the colour is the
-- grade's by risk.colour_by_grade, applied when read).
CREATE TABLE board_unit_risk (
    unit_code   text NOT NULL,
    year        int NOT NULL,
    plant_code  text NOT NULL,
    version     int NOT NULL,
    top_grade   smallint NOT NULL,
    PRIMARY KEY (unit_code, year)
);
CREATE INDEX board_unit_risk_by_plant ON board_unit_risk (plant_code, unit_code, year);

CREATE FUNCTION board_finding_add (f finding, sign int, now_ms bigint) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF board_finding_open (f.status) THEN
        INSERT INTO board_finding_open AS b VALUES (f.plant_code, f.severity, board_finding_grade (f.hazard_key), sign)
        ON CONFLICT (plant_code, severity, grade) DO UPDATE SET n = b.n + EXCLUDED.n;
    END IF;
    IF now_ms IS NULL THEN            -- the row as a whole: its opening
        INSERT INTO board_finding_quarter AS b VALUES (f.plant_code, f.reported_ms / 900000, sign, 0)
        ON CONFLICT (plant_code, quarter) DO UPDATE SET opened = b.opened + EXCLUDED.opened;
    END IF;
END $$;

CREATE FUNCTION board_finding_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    now_ms bigint := (extract (epoch FROM clock_timestamp ()) * 1000)::bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM board_finding_add (NEW, 1, NULL);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM board_finding_add (OLD, -1, NULL);
    ELSIF OLD.plant_code <> NEW.plant_code OR OLD.reported_ms <> NEW.reported_ms THEN
        PERFORM board_finding_add (OLD, -1, NULL);
        PERFORM board_finding_add (NEW, 1, NULL);
    ELSE
        PERFORM board_finding_add (OLD, -1, now_ms);
        PERFORM board_finding_add (NEW, 1, now_ms);
    END IF;
    -- A close counts on the day it happens; a close undone takes it back from its own day.
    IF TG_OP = 'UPDATE' AND board_finding_closed (NEW.status) <> board_finding_closed (OLD.status) THEN
        INSERT INTO board_finding_quarter AS b
        VALUES (NEW.plant_code, now_ms / 900000, 0, CASE WHEN board_finding_closed (NEW.status) THEN 1 ELSE -1 END)
        ON CONFLICT (plant_code, quarter) DO UPDATE SET closed = b.closed + EXCLUDED.closed;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_finding_changed AFTER INSERT OR DELETE OR UPDATE OF status, severity, plant_code, hazard_key, reported_ms
    ON finding FOR EACH ROW EXECUTE FUNCTION board_finding_changed ();

-- Statement-level, from the transition tables: a statement that changes many tasks (task
-- generation, the missed-task job) adds one summed delta per key, the keys in one order, so two
-- such statements at once lock the summary rows in the same order (no deadlock) and a day's
-- 63,000 tasks cost a few hundred upserts, not 63,000. (A transition table rules out a column
-- list on the UPDATE trigger: an update of other columns nets to nothing and is left out.)
-- board_task_add (plant_code, shift_date, shift_no, status, delta)
CREATE FUNCTION board_task_add (text, date, smallint, smallint, bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO board_task AS b VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (plant_code, shift_date, shift_no, status) DO UPDATE SET n = b.n + EXCLUDED.n;
$$;

-- Each branch names only the transition tables its event has (a statement is planned when it
-- first runs).
CREATE FUNCTION board_task_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM board_task_add (d.plant_code, d.shift_date, d.shift_no, d.status, d.n)
        FROM (SELECT plant_code, shift_date, shift_no, status, count (*) AS n FROM board_task_new
              GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4) d;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM board_task_add (d.plant_code, d.shift_date, d.shift_no, d.status, -d.n)
        FROM (SELECT plant_code, shift_date, shift_no, status, count (*) AS n FROM board_task_old
              GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4) d;
    ELSE
        PERFORM board_task_add (d.plant_code, d.shift_date, d.shift_no, d.status, d.n)
        FROM (SELECT k.plant_code, k.shift_date, k.shift_no, k.status, sum (k.n) AS n
              FROM (SELECT plant_code, shift_date, shift_no, status, 1 AS n FROM board_task_new
                    UNION ALL
                    SELECT plant_code, shift_date, shift_no, status, -1 FROM board_task_old) k
              GROUP BY 1, 2, 3, 4 HAVING sum (k.n) <> 0 ORDER BY 1, 2, 3, 4) d;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_task_inserted AFTER INSERT ON task REFERENCING NEW TABLE AS board_task_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_task_changed ();
CREATE TRIGGER board_task_updated AFTER UPDATE ON task
    REFERENCING OLD TABLE AS board_task_old NEW TABLE AS board_task_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_task_changed ();
CREATE TRIGGER board_task_deleted AFTER DELETE ON task REFERENCING OLD TABLE AS board_task_old
    FOR EACH STATEMENT EXECUTE FUNCTION board_task_changed ();

-- An item of a newer version starts the unit's year afresh; one of the same version can only
-- make it more dangerous; one of an older version changes nothing.
CREATE FUNCTION board_hazard_item_added () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_unit_risk AS b
    VALUES (NEW.unit_code, NEW.year,
            coalesce ((SELECT coalesce (n.plant_code, '') FROM sf_org_node n WHERE n.code = NEW.unit_code), ''),
            NEW.version, NEW.grade)
    ON CONFLICT (unit_code, year) DO UPDATE SET
        top_grade = CASE WHEN EXCLUDED.version > b.version THEN EXCLUDED.top_grade
                         WHEN EXCLUDED.version = b.version THEN least (b.top_grade, EXCLUDED.top_grade)
                         ELSE b.top_grade END,
        version = greatest (b.version, EXCLUDED.version);
    RETURN NULL;
END $$;

CREATE TRIGGER board_hazard_item_added AFTER INSERT ON hazard_item
    FOR EACH ROW EXECUTE FUNCTION board_hazard_item_added ();

-- Backfill.
INSERT INTO board_finding_open
SELECT plant_code, severity, board_finding_grade (hazard_key), count (*)
FROM finding WHERE board_finding_open (status) GROUP BY 1, 2, 3;

INSERT INTO board_finding_quarter
SELECT plant_code, reported_ms / 900000, count (*), 0 FROM finding GROUP BY 1, 2;
-- Closes of the past left no time: they count at the backfill's time (none lost, none twice).
INSERT INTO board_finding_quarter AS b
SELECT plant_code, (extract (epoch FROM now ()) * 1000)::bigint / 900000, 0, count (*)
FROM finding WHERE board_finding_closed (status) GROUP BY 1
ON CONFLICT (plant_code, quarter) DO UPDATE SET closed = b.closed + EXCLUDED.closed;

INSERT INTO board_task
SELECT plant_code, shift_date, shift_no, status, count (*) FROM task GROUP BY 1, 2, 3, 4;

INSERT INTO board_unit_risk
SELECT DISTINCT ON (i.unit_code, i.year) i.unit_code, i.year,
       coalesce ((SELECT coalesce (n.plant_code, '') FROM sf_org_node n WHERE n.code = i.unit_code), ''),
       i.version, min (i.grade) OVER (PARTITION BY i.unit_code, i.year, i.version)
FROM hazard_item i ORDER BY i.unit_code, i.year, i.version DESC;
