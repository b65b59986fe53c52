-- ./deploy/bench screen: rectification forms in sf-rectification's schema (search path set to
-- it; the bench enterprise of inspection_org.sql written first). Variables: forms (1,000,000),
-- days (issued evenly over the last :days days, 365). Forms of every team, issued by its
-- department; deadlines 7-30 days after issue; older than 30 days 94% closed and 1% cancelled,
-- younger ones spread over issued, acknowledged, in rectification and submitted (a quarter
-- each); 5% of the older ones still open; open ones past their deadline marked overdue. The inserts run with whatever triggers the daemon's
-- migrations hold (the form board's summary rows, when there is one): its figures are the
-- triggers'.
\timing off
SET synchronous_commit = off;
WITH teams AS (SELECT row_number () OVER (ORDER BY substr (code, strpos (code, 'D')), plant_code) - 1 AS n,
                      code, parent_code, plant_code FROM sf_org_node WHERE kind = 4),
     team_count AS (SELECT count (*) AS c FROM teams),
     now_ms AS (SELECT (extract (epoch FROM now ()) * 1000)::bigint AS ms)
INSERT INTO form (number, status, severity, description, responsible_unit, issuer_unit, issued_by, plant_code,
                  requirement, deadline_ms, pdca, issued_ms, submitted_by, submitted_ms, evidence_text, closed_ms,
                  verified_by, overdue)
SELECT t.plant_code || '-R' || i, s.status, CASE WHEN i % 20 = 0 THEN 2 ELSE 1 END, '基准整改', t.code,
       t.parent_code, 'bench', t.plant_code, '按期整改', f.issued_ms + (7 + i % 24) * 86400000, 1, f.issued_ms,
       CASE WHEN s.status IN (4, 5) THEN 'bench.worker' ELSE '' END,
       CASE WHEN s.status IN (4, 5) THEN f.issued_ms + 86400000 ELSE 0 END,
       CASE WHEN s.status IN (4, 5) THEN '已整改' ELSE '' END,
       CASE WHEN s.status = 5 THEN f.issued_ms + 2 * 86400000 ELSE 0 END,
       CASE WHEN s.status = 5 THEN 'bench' ELSE '' END,
       s.status < 5 AND f.issued_ms + (7 + i % 24) * 86400000 < now_ms.ms
FROM generate_series (1, :forms::bigint) i
CROSS JOIN team_count tc
CROSS JOIN now_ms
JOIN teams t ON t.n = i % tc.c
CROSS JOIN LATERAL (SELECT now_ms.ms - (i * (:days::bigint * 86400000) / :forms::bigint) AS issued_ms,
                           (i * :days::bigint) / :forms::bigint AS age_days) f
CROSS JOIN LATERAL (SELECT CASE WHEN f.age_days > 30 THEN CASE WHEN i % 100 = 1 THEN 6 WHEN i % 20 = 0 THEN 1 + i % 4
                                                               ELSE 5 END
                                ELSE 1 + i % 4 END AS status) s;
