-- ./deploy/bench flat: 三违 records in sf-inspection's schema (search path set to it; the bench
-- enterprise of inspection_org.sql written first). Variables: violations (a twentieth of the
-- findings), days (recorded evenly over the last :days days, 365). Over every team of every
-- plant, consecutive ones in different plants (as the screen's findings), by the team's two
-- employees in turn, the three types in turn; numbers <plant>-V<i> as the findings' <plant>-F<i>.
-- Inserted straight into the table, as the daemon's RecordViolation writes them.
\timing off
SET synchronous_commit = off;
WITH teams AS (SELECT row_number () OVER (ORDER BY substr (code, strpos (code, 'D')), plant_code) - 1 AS n,
                      code, plant_code FROM sf_org_node WHERE kind = 4),
     team_count AS (SELECT count (*) AS c FROM teams),
     now_ms AS (SELECT (extract (epoch FROM now ()) * 1000)::bigint AS ms)
INSERT INTO violation (number, type, person_code, unit_code, plant_code, description, location, occurred_ms,
                       recorded_by, recorded_ms)
SELECT t.plant_code || '-V' || i, 1 + i % 3, t.code || 'E' || (1 + i / tc.c % 2), t.code, t.plant_code,
       '基准三违', '基准现场', o.occurred_ms, 'bench', o.occurred_ms
FROM generate_series (1, :violations::bigint) i
CROSS JOIN team_count tc
CROSS JOIN now_ms
JOIN teams t ON t.n = i % tc.c
CROSS JOIN LATERAL (SELECT now_ms.ms - (i * (:days::bigint * 86400000) / :violations::bigint) AS occurred_ms) o;
