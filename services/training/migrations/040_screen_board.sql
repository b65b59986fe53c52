-- The wall screen's training panel (issue 16, GetTrainingBoard): summary rows kept by triggers
-- in the same transaction as the change, so the board reads a handful of index ranges whatever
-- the number of people and certificates. The backfill at the end counts what exists already.
--
-- What counts, per active employee (sf_org_node kind 6): one required person in their unit
-- (the department above them, else their plant), qualified when qual_status says so; and each
-- certificate type's latest certificate (the one QualificationGetPerson judges: highest
-- expiry, then id) on its Beijing expiry day. Each person's counted contribution is kept in
-- board_qual_person and board_qual_cert, so a refresh takes back exactly what was added,
-- whatever moved in the tree meanwhile, and an event applied twice moves nothing.
--
-- Org kinds (directory.Kind; training_board_store_test checks them against SF_ORG_*):
-- 1 company, 2 plant, 3 department, 6 employee.

-- A Beijing date of an epoch millisecond: the training daemon's calendar (README_qual.md).
CREATE FUNCTION board_qual_day (ms bigint) RETURNS date
    LANGUAGE sql IMMUTABLE AS $$ SELECT date '1970-01-01' + ((ms + 28800000) / 86400000)::int $$;

-- The plant and the unit (the nearest department, else the plant; a person above every
-- plant: the company) of a node's descendants, by walking up from it.
CREATE FUNCTION board_qual_place (node text, OUT plant_code text, OUT unit_code text)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up (code, parent_code, kind, depth) AS (
        SELECT n.code, n.parent_code, n.kind, 0 FROM sf_org_node n WHERE n.code = $1
        UNION ALL
        SELECT n.code, n.parent_code, n.kind, up.depth + 1 FROM sf_org_node n JOIN up ON n.code = up.parent_code
        WHERE up.depth < 16)
    SELECT coalesce ((SELECT code FROM up WHERE kind = 2 ORDER BY depth LIMIT 1),
                     (SELECT code FROM up WHERE kind = 1 ORDER BY depth LIMIT 1), ''),
           coalesce ((SELECT code FROM up WHERE kind = 3 ORDER BY depth LIMIT 1),
                     (SELECT code FROM up WHERE kind = 2 ORDER BY depth LIMIT 1),
                     (SELECT code FROM up WHERE kind = 1 ORDER BY depth LIMIT 1), '')
$$;

-- Required and qualified people per plant and unit.
CREATE TABLE board_qual_unit (
    plant_code  text NOT NULL,
    unit_code   text NOT NULL,
    required    bigint NOT NULL,
    qualified   bigint NOT NULL,
    PRIMARY KEY (plant_code, unit_code)
);

-- Counted certificates per plant, Beijing expiry day and unit (the day before the unit, so a
-- window of days is one index range).
CREATE TABLE board_cert_day (
    plant_code  text NOT NULL,
    expires_on  date NOT NULL,
    unit_code   text NOT NULL,
    n           bigint NOT NULL,
    PRIMARY KEY (plant_code, expires_on, unit_code)
);

-- What each person adds now (active employees only).
CREATE TABLE board_qual_person (
    employee_code  text PRIMARY KEY,
    plant_code     text NOT NULL,
    unit_code      text NOT NULL,
    qualified      boolean NOT NULL
);

-- The certificates counted now; also the next ones to expire, by index.
CREATE TABLE board_qual_cert (
    certificate_id  bigint PRIMARY KEY,
    employee_code   text NOT NULL,
    plant_code      text NOT NULL,
    unit_code       text NOT NULL,
    expires_ms      bigint NOT NULL,
    expires_on      date NOT NULL
);
CREATE INDEX board_qual_cert_employee ON board_qual_cert (employee_code);
CREATE INDEX board_qual_cert_plant ON board_qual_cert (plant_code, expires_ms, certificate_id);
CREATE INDEX board_qual_cert_expires ON board_qual_cert (expires_ms, certificate_id);

-- One row per person ever refreshed: locked (FOR UPDATE, in code order) by each refresh, so two
-- refreshes of one person take turns, the second seeing the first's rows. Row locks, not
-- advisory ones: a refresh of every employee (the backfill, a plant moved) locks tens of
-- thousands of people, more than the shared lock table holds.
CREATE TABLE board_qual_lock (
    employee_code  text PRIMARY KEY
);

-- Recounts the people named, in one statement: takes back what each added (board_qual_person,
-- board_qual_cert as they were), adds what each adds now, the summed deltas applied in key
-- order (two refreshes at once lock the summary rows in the same order), after the people's
-- board_qual_lock rows.
CREATE FUNCTION board_qual_refresh (codes text[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    codes := ARRAY (SELECT DISTINCT c FROM unnest (codes) c WHERE c IS NOT NULL ORDER BY c);
    IF cardinality (codes) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO board_qual_lock SELECT c FROM unnest (codes) c ORDER BY c ON CONFLICT DO NOTHING;
    PERFORM 1 FROM board_qual_lock WHERE employee_code = ANY (codes) ORDER BY employee_code FOR UPDATE;
    WITH want AS MATERIALIZED (
        SELECT e.code AS employee_code, p.plant_code, p.unit_code, coalesce (s.qualified, false) AS qualified
        FROM sf_org_node e CROSS JOIN LATERAL board_qual_place (e.parent_code) p
        LEFT JOIN qual_status s ON s.employee_code = e.code
        WHERE e.code = ANY (codes) AND e.kind = 6 AND e.active),
    want_cert AS MATERIALIZED (
        SELECT DISTINCT ON (c.employee_code, c.type_code) c.id AS certificate_id, c.employee_code, w.plant_code,
               w.unit_code, c.expires_ms, board_qual_day (c.expires_ms) AS expires_on
        FROM qual_certificate c JOIN want w ON w.employee_code = c.employee_code
        ORDER BY c.employee_code, c.type_code, c.expires_ms DESC, c.id DESC),
    had AS MATERIALIZED (SELECT * FROM board_qual_person WHERE employee_code = ANY (codes)),
    had_cert AS MATERIALIZED (SELECT * FROM board_qual_cert WHERE employee_code = ANY (codes)),
    gone AS (DELETE FROM board_qual_person b WHERE b.employee_code = ANY (codes)
             AND NOT EXISTS (SELECT 1 FROM want w WHERE w.employee_code = b.employee_code)),
    kept AS (INSERT INTO board_qual_person AS b SELECT * FROM want ORDER BY employee_code
             ON CONFLICT (employee_code) DO UPDATE SET plant_code = EXCLUDED.plant_code,
                 unit_code = EXCLUDED.unit_code, qualified = EXCLUDED.qualified),
    gone_cert AS (DELETE FROM board_qual_cert b WHERE b.employee_code = ANY (codes)
                  AND NOT EXISTS (SELECT 1 FROM want_cert w WHERE w.certificate_id = b.certificate_id)),
    kept_cert AS (INSERT INTO board_qual_cert AS b SELECT * FROM want_cert ORDER BY certificate_id
                  ON CONFLICT (certificate_id) DO UPDATE SET employee_code = EXCLUDED.employee_code,
                      plant_code = EXCLUDED.plant_code, unit_code = EXCLUDED.unit_code,
                      expires_ms = EXCLUDED.expires_ms, expires_on = EXCLUDED.expires_on),
    units AS (INSERT INTO board_qual_unit AS b
              SELECT plant_code, unit_code, sum (required), sum (qualified)
              FROM (SELECT plant_code, unit_code, 1 AS required, qualified::int AS qualified FROM want
                    UNION ALL
                    SELECT plant_code, unit_code, -1, -qualified::int FROM had) d
              GROUP BY 1, 2 HAVING sum (required) <> 0 OR sum (qualified) <> 0 ORDER BY 1, 2
              ON CONFLICT (plant_code, unit_code) DO UPDATE
                  SET required = b.required + EXCLUDED.required, qualified = b.qualified + EXCLUDED.qualified)
    INSERT INTO board_cert_day AS b
    SELECT plant_code, expires_on, unit_code, sum (n)
    FROM (SELECT plant_code, expires_on, unit_code, 1 AS n FROM want_cert
          UNION ALL
          SELECT plant_code, expires_on, unit_code, -1 FROM had_cert) d
    GROUP BY 1, 2, 3 HAVING sum (n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (plant_code, expires_on, unit_code) DO UPDATE SET n = b.n + EXCLUDED.n;
END $$;

-- A judgement that flips (or the first one): its person.
CREATE FUNCTION board_qual_status_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM board_qual_refresh (ARRAY [OLD.employee_code]);
    ELSE
        PERFORM board_qual_refresh (ARRAY [NEW.employee_code, CASE WHEN TG_OP = 'UPDATE' THEN OLD.employee_code END]);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_qual_status_inserted AFTER INSERT OR DELETE ON qual_status
    FOR EACH ROW EXECUTE FUNCTION board_qual_status_changed ();
CREATE TRIGGER board_qual_status_updated AFTER UPDATE OF qualified, employee_code ON qual_status
    FOR EACH ROW WHEN (OLD.qualified IS DISTINCT FROM NEW.qualified OR OLD.employee_code <> NEW.employee_code)
    EXECUTE FUNCTION board_qual_status_changed ();

-- A certificate recorded, renewed or reviewed: its holder (a renewal may change which one counts).
CREATE FUNCTION board_qual_certificate_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM board_qual_refresh (ARRAY [OLD.employee_code]);
    ELSE
        PERFORM board_qual_refresh (ARRAY [NEW.employee_code, CASE WHEN TG_OP = 'UPDATE' THEN OLD.employee_code END]);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_qual_certificate_inserted AFTER INSERT OR DELETE ON qual_certificate
    FOR EACH ROW EXECUTE FUNCTION board_qual_certificate_changed ();
CREATE TRIGGER board_qual_certificate_updated AFTER UPDATE OF employee_code, type_code, expires_ms ON qual_certificate
    FOR EACH ROW EXECUTE FUNCTION board_qual_certificate_changed ();

-- The org copy (common's consumer, sf_org.c): an employee added, moved, deactivated or removed,
-- and every employee below a unit added, moved or removed (a child may arrive before its
-- parent, so an added unit places the people already below it). Statement-level over the
-- transition tables; a change of names alone counts nothing.
CREATE FUNCTION board_qual_org_refresh (changed text[]) RETURNS void
    LANGUAGE sql AS $$
    SELECT board_qual_refresh (ARRAY (
        WITH RECURSIVE down (code, kind, depth) AS (
            SELECT c, 0::smallint, 0 FROM unnest ($1) c
            UNION ALL
            SELECT n.code, n.kind, down.depth + 1 FROM sf_org_node n JOIN down ON n.parent_code = down.code
            WHERE down.kind <> 6 AND down.depth < 16)
        SELECT code FROM down WHERE kind = 6 OR depth = 0));
$$;

CREATE FUNCTION board_qual_org_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM board_qual_org_refresh (ARRAY (SELECT code FROM board_qual_org_new));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM board_qual_org_refresh (ARRAY (SELECT code FROM board_qual_org_old));
    ELSE
        PERFORM board_qual_org_refresh (ARRAY (
            SELECT n.code FROM board_qual_org_new n JOIN board_qual_org_old o ON o.code = n.code
            WHERE n.kind <> o.kind OR n.active <> o.active
               OR n.parent_code IS DISTINCT FROM o.parent_code OR n.plant_code IS DISTINCT FROM o.plant_code));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_qual_org_inserted AFTER INSERT ON sf_org_node REFERENCING NEW TABLE AS board_qual_org_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_qual_org_changed ();
CREATE TRIGGER board_qual_org_updated AFTER UPDATE ON sf_org_node
    REFERENCING OLD TABLE AS board_qual_org_old NEW TABLE AS board_qual_org_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_qual_org_changed ();
CREATE TRIGGER board_qual_org_deleted AFTER DELETE ON sf_org_node REFERENCING OLD TABLE AS board_qual_org_old
    FOR EACH STATEMENT EXECUTE FUNCTION board_qual_org_changed ();

-- Backfill: every employee of the copy (and the certificates of those who left: none count).
SELECT board_qual_refresh (ARRAY (SELECT code FROM sf_org_node WHERE kind = 6));
