-- The wall screen's ranking (issue 16, GetRankingBoard). A closed month is read from its frozen
-- month_total rows (already a few index lookups). An open month has no totals until it closes,
-- and computing them (scoring_month_close.c) reads the whole month's ledger, so this keeps a
-- running total per department and per plant in the same transaction as each entry: the same
-- figures the close gives for direct and cascade points, before the clean-month entries (they
-- are written by the close).
--
-- As the close does (README_months.md, "The totals, in formulas"): an entry that is not a
-- cascade adds to its part (subject, kind, team, department); a part counts clipped to its
-- kind's month_floor and month_cap in the current rule version; a department's direct points
-- are the clipped parts scored under it, the plant's all of them; cascade entries count
-- unclipped for the unit they are about. Entries are only ever inserted (a reversal is a new
-- entry; the reversed flag counts nothing), so only inserts are followed. A new rule version
-- re-clips every part of the open months when it commits.

-- The part's clipped value under the current rule version (the highest), as the close clips
-- (the trigger below spells the same CASE over a join, for speed).
CREATE FUNCTION board_month_clip (kind text, raw bigint) RETURNS bigint
    LANGUAGE sql STABLE AS $$
    SELECT coalesce ((SELECT CASE WHEN r.month_floor < 0 AND $2 < r.month_floor THEN r.month_floor
                                  WHEN r.month_cap > 0 AND $2 > r.month_cap THEN r.month_cap ELSE $2 END
                      FROM rule r WHERE r.version = (SELECT max (version) FROM rule_version) AND r.kind = $1), $2)
$$;

-- The raw sum of each part of a month (entries that are not cascades).
CREATE TABLE board_month_part (
    plant_code       text NOT NULL,
    month            text NOT NULL,
    subject_kind     smallint NOT NULL,
    subject_code     text NOT NULL,
    team_code        text NOT NULL,
    department_code  text NOT NULL,
    kind             text NOT NULL,
    raw              bigint NOT NULL,
    PRIMARY KEY (plant_code, month, subject_kind, subject_code, team_code, department_code, kind)
);

-- Per plant and month, each department's (code) and the plant's own (code = plant_code)
-- points: direct (clipped parts) and cascade, and the entries counted.
CREATE TABLE board_month_unit (
    plant_code  text NOT NULL,
    month       text NOT NULL,
    code        text NOT NULL,
    direct      bigint NOT NULL,
    cascade     bigint NOT NULL,
    entries     bigint NOT NULL,
    PRIMARY KEY (plant_code, month, code)
);

-- Statement-level over the inserted entries: one summed delta per part and per unit, in key
-- order, so two statements at once lock the rows in the same order. The part's upsert returns
-- its new raw sum under the row lock, so the clipped delta is exact under concurrent writers.
CREATE FUNCTION board_month_entries_added () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    WITH added AS MATERIALIZED (
        SELECT plant_code, month, subject_kind, subject_code, team_code, department_code, kind,
               sum (points)::bigint AS points, count (*) AS n
        FROM board_month_new WHERE cascade_level = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7),
    parts AS (
        INSERT INTO board_month_part AS b
        SELECT plant_code, month, subject_kind, subject_code, team_code, department_code, kind, points
        FROM added ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (plant_code, month, subject_kind, subject_code, team_code, department_code, kind)
        DO UPDATE SET raw = b.raw + EXCLUDED.raw
        RETURNING b.*),
    rl AS (
        SELECT kind, month_floor, month_cap FROM rule WHERE version = (SELECT max (version) FROM rule_version)),
    raw AS (
        SELECT a.plant_code, a.month, a.department_code, a.n, p.raw AS now, p.raw - a.points AS was,
               coalesce (r.month_floor, 0) AS floor, coalesce (r.month_cap, 0) AS cap
        FROM added a JOIN parts p USING (plant_code, month, subject_kind, subject_code, team_code, department_code, kind)
        LEFT JOIN rl r ON r.kind = a.kind),
    direct AS (
        SELECT plant_code, month, department_code, n,
               CASE WHEN floor < 0 AND now < floor THEN floor WHEN cap > 0 AND now > cap THEN cap ELSE now END
             - CASE WHEN floor < 0 AND was < floor THEN floor WHEN cap > 0 AND was > cap THEN cap ELSE was END AS delta
        FROM raw),
    deltas AS (
        SELECT plant_code, month, department_code AS code, delta AS direct, 0 AS cascade, n FROM direct
        WHERE department_code <> ''
        UNION ALL SELECT plant_code, month, plant_code, delta, 0, n FROM direct
        UNION ALL SELECT plant_code, month, subject_code, 0, points, 1 FROM board_month_new
        WHERE cascade_level > 0 AND subject_kind = 2 AND (subject_code = department_code OR subject_code = plant_code))
    INSERT INTO board_month_unit AS b
    SELECT plant_code, month, code, sum (direct), sum (cascade), sum (n) FROM deltas
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (plant_code, month, code) DO UPDATE
        SET direct = b.direct + EXCLUDED.direct, cascade = b.cascade + EXCLUDED.cascade, entries = b.entries + EXCLUDED.entries;
    RETURN NULL;
END $$;

CREATE TRIGGER board_month_entries_added AFTER INSERT ON entry REFERENCING NEW TABLE AS board_month_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_month_entries_added ();

-- The direct points of every month not closed, re-clipped from its parts under the current
-- rule version. Writers of entries wait (SHARE lock on the parts) so none is counted twice or
-- lost.
CREATE FUNCTION board_month_reclip () RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE board_month_part IN SHARE MODE;
    WITH open AS (
        SELECT p.* FROM board_month_part p
        WHERE NOT EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = p.plant_code AND s.month = p.month AND s.status = 2)),
    clipped AS (
        SELECT plant_code, month, code, sum (v) AS direct FROM (
            SELECT plant_code, month, department_code AS code, board_month_clip (kind, raw) AS v FROM open
            WHERE department_code <> ''
            UNION ALL SELECT plant_code, month, plant_code, board_month_clip (kind, raw) FROM open) x
        GROUP BY 1, 2, 3)
    UPDATE board_month_unit u SET direct = c.direct FROM clipped c
    WHERE u.plant_code = c.plant_code AND u.month = c.month AND u.code = c.code AND u.direct <> c.direct;
END $$;

CREATE FUNCTION board_month_rules_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM board_month_reclip ();
    RETURN NULL;
END $$;

-- At the commit of a new rule version, once its rules are all written.
CREATE CONSTRAINT TRIGGER board_month_rules_changed AFTER INSERT ON rule_version
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_month_rules_changed ();

-- Backfill: the entries of every month not closed, as the trigger would have added them.
INSERT INTO board_month_part
SELECT e.plant_code, e.month, e.subject_kind, e.subject_code, e.team_code, e.department_code, e.kind, sum (e.points)
FROM entry e
WHERE e.cascade_level = 0
  AND NOT EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = e.plant_code AND s.month = e.month AND s.status = 2)
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO board_month_unit
SELECT plant_code, month, code, sum (direct), sum (cascade), sum (n) FROM (
    SELECT plant_code, month, department_code AS code, board_month_clip (kind, raw) AS direct, 0 AS cascade, 0 AS n
    FROM board_month_part WHERE department_code <> ''
    UNION ALL SELECT plant_code, month, plant_code, board_month_clip (kind, raw), 0, 0 FROM board_month_part
    UNION ALL SELECT e.plant_code, e.month, e.department_code, 0, 0, 1 FROM entry e
    WHERE e.cascade_level = 0 AND e.department_code <> ''
      AND NOT EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = e.plant_code AND s.month = e.month AND s.status = 2)
    UNION ALL SELECT e.plant_code, e.month, e.plant_code, 0, 0, 1 FROM entry e
    WHERE e.cascade_level = 0
      AND NOT EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = e.plant_code AND s.month = e.month AND s.status = 2)
    UNION ALL SELECT e.plant_code, e.month, e.subject_code, 0, e.points, 1 FROM entry e
    WHERE e.cascade_level > 0 AND e.subject_kind = 2 AND (e.subject_code = e.department_code OR e.subject_code = e.plant_code)
      AND NOT EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = e.plant_code AND s.month = e.month AND s.status = 2)) x
GROUP BY 1, 2, 3;
