-- The hazard board's 30-day trend by local day (issue 16): board_finding_quarter summed per
-- day in the plant's time zone, so a plant's trend reads 30 rows and the enterprise's 30 per
-- plant instead of 96 quarter hours a day. The quarter rows stay the exact source: the day
-- rows are kept from them by statement-level triggers on board_finding_quarter (transition
-- tables, one summed +/- delta per plant and day, the keys in one order), so whatever writes
-- the quarter rows (the finding trigger of 007 on reports, closes, reopenings, deletes; its
-- backfill) moves the day rows in the same transaction, and a plant whose zone changes has its
-- day rows rebuilt from its quarter rows.
--
-- A plant's zone: its calendar's (plant_calendar.time_zone), else board_day_default's, which
-- is the daemon's inspection.default_time_zone (inspection_board_store_default_zone sets it;
-- the setting's default until then). The reader uses the day rows of a plant only when their
-- zone is the board's (the plant's own board; the enterprise's: the default zone), else the
-- quarter rows as before: the same answer either way.
--
-- A quarter's day is the local date of its last millisecond: exactly the day the reader of the
-- quarter rows (width_bucket over the floors of the local midnights) puts it in.

CREATE TABLE board_day_default (
    one         boolean PRIMARY KEY DEFAULT true CHECK (one),
    time_zone   text NOT NULL
);
INSERT INTO board_day_default (time_zone) VALUES ('Asia/Shanghai');   -- inspection.default_time_zone's default

-- Findings opened and closed per plant and local day: board_finding_quarter summed.
CREATE TABLE board_finding_day (
    plant_code  text NOT NULL,
    day         date NOT NULL,
    opened      bigint NOT NULL,
    closed      bigint NOT NULL,
    PRIMARY KEY (plant_code, day)
);

CREATE FUNCTION board_day_zone (plant text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT coalesce ((SELECT time_zone FROM plant_calendar WHERE plant_code = plant),
                     (SELECT time_zone FROM board_day_default))
$$;

CREATE FUNCTION board_day_of (quarter bigint, zone text) RETURNS date
    LANGUAGE sql STABLE AS $$
    SELECT (to_timestamp ((quarter * 900000 + 899999) / 1000.0) AT TIME ZONE zone)::date
$$;

-- A plant's day rows are written under its lock: shared by the quarter triggers (writers of
-- one plant do not wait for each other), exclusive by a rebuild, so a rebuild sees every
-- quarter committed before it and a writer after it reads the new zone.
CREATE FUNCTION board_day_lock (plant text, exclusive boolean) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF exclusive THEN
        PERFORM pg_advisory_xact_lock (hashtext ('board_finding_day'), hashtext (plant));
    ELSE
        PERFORM pg_advisory_xact_lock_shared (hashtext ('board_finding_day'), hashtext (plant));
    END IF;
END $$;

-- board_day_add (plant_code, day, opened, closed)
CREATE FUNCTION board_day_add (text, date, bigint, bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO board_finding_day AS b VALUES ($1, $2, $3, $4)
    ON CONFLICT (plant_code, day) DO UPDATE SET opened = b.opened + EXCLUDED.opened, closed = b.closed + EXCLUDED.closed;
$$;

-- Each branch names only the transition tables its event has; the plants are locked (in code
-- order) before their zones are read.
CREATE FUNCTION board_quarter_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM board_day_lock (p.plant_code, false)
        FROM (SELECT DISTINCT plant_code FROM board_quarter_new ORDER BY 1) p;
        PERFORM board_day_add (d.plant_code, d.day, d.opened, d.closed)
        FROM (SELECT k.plant_code, board_day_of (k.quarter, z.zone) AS day, sum (k.opened)::bigint AS opened,
                     sum (k.closed)::bigint AS closed
              FROM board_quarter_new k
              JOIN (SELECT plant_code, board_day_zone (plant_code) AS zone
                    FROM (SELECT DISTINCT plant_code FROM board_quarter_new) p) z USING (plant_code)
              GROUP BY 1, 2 HAVING sum (k.opened) <> 0 OR sum (k.closed) <> 0 ORDER BY 1, 2) d;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM board_day_lock (p.plant_code, false)
        FROM (SELECT DISTINCT plant_code FROM board_quarter_old ORDER BY 1) p;
        PERFORM board_day_add (d.plant_code, d.day, -d.opened, -d.closed)
        FROM (SELECT k.plant_code, board_day_of (k.quarter, z.zone) AS day, sum (k.opened)::bigint AS opened,
                     sum (k.closed)::bigint AS closed
              FROM board_quarter_old k
              JOIN (SELECT plant_code, board_day_zone (plant_code) AS zone
                    FROM (SELECT DISTINCT plant_code FROM board_quarter_old) p) z USING (plant_code)
              GROUP BY 1, 2 HAVING sum (k.opened) <> 0 OR sum (k.closed) <> 0 ORDER BY 1, 2) d;
    ELSE
        PERFORM board_day_lock (p.plant_code, false)
        FROM (SELECT plant_code FROM board_quarter_new UNION SELECT plant_code FROM board_quarter_old ORDER BY 1) p;
        PERFORM board_day_add (d.plant_code, d.day, d.opened, d.closed)
        FROM (SELECT k.plant_code, board_day_of (k.quarter, z.zone) AS day, sum (k.opened)::bigint AS opened,
                     sum (k.closed)::bigint AS closed
              FROM (SELECT plant_code, quarter, opened, closed FROM board_quarter_new
                    UNION ALL
                    SELECT plant_code, quarter, -opened, -closed FROM board_quarter_old) k
              JOIN (SELECT plant_code, board_day_zone (plant_code) AS zone
                    FROM (SELECT plant_code FROM board_quarter_new UNION SELECT plant_code FROM board_quarter_old) p) z
                   USING (plant_code)
              GROUP BY 1, 2 HAVING sum (k.opened) <> 0 OR sum (k.closed) <> 0 ORDER BY 1, 2) d;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_quarter_inserted AFTER INSERT ON board_finding_quarter
    REFERENCING NEW TABLE AS board_quarter_new FOR EACH STATEMENT EXECUTE FUNCTION board_quarter_changed ();
CREATE TRIGGER board_quarter_updated AFTER UPDATE ON board_finding_quarter
    REFERENCING OLD TABLE AS board_quarter_old NEW TABLE AS board_quarter_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_quarter_changed ();
CREATE TRIGGER board_quarter_deleted AFTER DELETE ON board_finding_quarter
    REFERENCING OLD TABLE AS board_quarter_old FOR EACH STATEMENT EXECUTE FUNCTION board_quarter_changed ();

CREATE FUNCTION board_quarter_truncated () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE board_finding_day;
    RETURN NULL;
END $$;

CREATE TRIGGER board_quarter_truncated AFTER TRUNCATE ON board_finding_quarter
    FOR EACH STATEMENT EXECUTE FUNCTION board_quarter_truncated ();

-- A plant's day rows afresh from its quarter rows in its zone now.
CREATE FUNCTION board_day_rebuild (plant text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    zone text;
BEGIN
    PERFORM board_day_lock (plant, true);
    zone := board_day_zone (plant);
    DELETE FROM board_finding_day WHERE plant_code = plant;
    INSERT INTO board_finding_day
    SELECT plant, board_day_of (quarter, zone), sum (opened), sum (closed)
    FROM board_finding_quarter WHERE plant_code = plant GROUP BY 2;
END $$;

-- A calendar that changes a plant's zone (SetPlantCalendar, in its transaction) rebuilds it.
CREATE FUNCTION board_calendar_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    fallback text := (SELECT time_zone FROM board_day_default);
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.time_zone IS DISTINCT FROM fallback THEN
            PERFORM board_day_rebuild (NEW.plant_code);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.time_zone IS DISTINCT FROM fallback THEN
            PERFORM board_day_rebuild (OLD.plant_code);
        END IF;
    ELSIF OLD.plant_code <> NEW.plant_code THEN
        PERFORM board_day_rebuild (OLD.plant_code);
        PERFORM board_day_rebuild (NEW.plant_code);
    ELSIF OLD.time_zone IS DISTINCT FROM NEW.time_zone THEN
        PERFORM board_day_rebuild (NEW.plant_code);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_calendar_changed AFTER INSERT OR DELETE OR UPDATE OF plant_code, time_zone
    ON plant_calendar FOR EACH ROW EXECUTE FUNCTION board_calendar_changed ();

-- The default zone changed: every plant without a calendar rebuilt (in code order).
CREATE FUNCTION board_day_set_default (zone text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_day_default SET time_zone = zone WHERE time_zone IS DISTINCT FROM zone;
    IF FOUND THEN
        PERFORM board_day_rebuild (p.plant_code)
        FROM (SELECT DISTINCT plant_code FROM board_finding_quarter q
              WHERE NOT EXISTS (SELECT 1 FROM plant_calendar c WHERE c.plant_code = q.plant_code) ORDER BY 1) p;
    END IF;
END $$;

-- Backfill.
INSERT INTO board_finding_day
SELECT q.plant_code, board_day_of (q.quarter, z.zone), sum (q.opened), sum (q.closed)
FROM board_finding_quarter q
JOIN (SELECT plant_code, board_day_zone (plant_code) AS zone
      FROM (SELECT DISTINCT plant_code FROM board_finding_quarter) p) z USING (plant_code)
GROUP BY 1, 2;
