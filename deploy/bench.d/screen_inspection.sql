-- ./deploy/bench screen: the wall screens' data in sf-inspection's schema (search path set to
-- it; the bench enterprise of inspection_org.sql written first: company BC, plants BP1..BP<n>,
-- teams BP<p>D<dd>T<tt>). Variables: findings (10,000,000), days (how far back they are
-- reported, 365), task_days (days of routine tasks up to today, 31), zone (the daemon's
-- default time zone).
--   findings: over every team of every plant, reported evenly over the last :days days up to
--     now; 5% major; one in five names an item of its team's hazard list (so it has a colour);
--     older than 30 days 94% closed, 2% cancelled, 4% still open; younger ones half open;
--   tasks: one team daily plan, each team's pre-, in- and post-shift check of shifts 1..3 on
--     each of the last :task_days production days: past ones done (one in 20 missed), today's
--     open with shift 1's done or missed;
--   hazard lists: one per team for this year, three items of grades 2, 3 and 4, and one in ten
--     teams' with a grade-1 item.
-- Summary rows: the task and hazard-item inserts run with their triggers (statement- and
-- row-level); the findings' triggers, all of them the board's, are disabled for the
-- 10,000,000-row insert (a row trigger per finding, and a deferred fold queued per finding,
-- would take most of the bench's time and memory) and every summary table is then
-- cleared and rebuilt by migration 007's own backfill statements, which the script runs from
-- the migration file after this one: the figures a backfill keeps (closes of the past counted
-- at the backfill's time, as the migration counts them), equal to the triggers' otherwise
-- (inspection_board_store_test checks the backfill against the triggers).
\timing off
SET synchronous_commit = off;
INSERT INTO plant_calendar (plant_code, time_zone, shifts, updated_by, updated_ms)
SELECT code, :'zone', '{08:00-16:00,16:00-24:00,00:00-08:00}', 'bench', 0
FROM sf_org_node WHERE kind = 2;

INSERT INTO hazard_list (unit_code, year, version, item_count, imported_by, imported_ms)
SELECT code, extract (year FROM now () AT TIME ZONE :'zone')::int, 1, 3 + (row_number () OVER () % 10 = 0)::int,
       'bench', 0
FROM sf_org_node WHERE kind = 4;
INSERT INTO hazard_item (unit_code, year, version, seq, factor, hazard, accident_type, measures, l, e, c, d, grade)
SELECT l.unit_code, l.year, 1, g.seq, 1 + g.seq % 5, '基准危险源 ' || g.seq, a.code, '控制措施', 1, 1, 1, 1, g.grade
FROM hazard_list l
CROSS JOIN LATERAL (VALUES (1, 2), (2, 3), (3, 4), (4, 1)) g (seq, grade)
CROSS JOIN LATERAL (SELECT code FROM rule_accident_type ORDER BY code LIMIT 1) a
WHERE g.seq <= l.item_count;

INSERT INTO plan (code, level, scope_unit, title_zh, title_en, starts_on, created_by, created_ms)
VALUES ('BENCH-SCREEN', 3, 'BC', '班组日查', 'Team daily check', current_date - 400, 'bench', 0);
WITH today AS (SELECT (now () AT TIME ZONE :'zone' - interval '8 hours')::date AS day)
INSERT INTO task (plan_id, kind, executor_unit, target_unit, plant_code, shift_date, shift_no,
                  window_start, window_end, status, closed_ms)
SELECT p.id, k, t.code, t.code, t.plant_code, today.day - d, s, now (), now (),
       CASE WHEN d > 0 THEN CASE WHEN (hashtext (t.code) + d * 9 + s * 3 + k) % 20 = 0 THEN 3 ELSE 2 END
            WHEN s = 1 THEN CASE WHEN k = 2 THEN 2 ELSE 3 END
            ELSE 1 END,
       CASE WHEN d > 0 OR s = 1 THEN 1 END
FROM plan p, today, sf_org_node t, generate_series (0, :task_days - 1) d, generate_series (1, 3) s,
     generate_series (2, 4) k
WHERE p.code = 'BENCH-SCREEN' AND t.kind = 4;

ALTER TABLE finding DISABLE TRIGGER USER;
-- Consecutive findings fall in different plants (teams numbered plant fastest), so that every
-- plant has findings in every quarter hour at the default size: the board's summary rows at
-- their fullest (20 x 96 a day).
WITH teams AS (SELECT row_number () OVER (ORDER BY substr (code, strpos (code, 'D')), plant_code) - 1 AS n,
                      code, plant_code FROM sf_org_node WHERE kind = 4),
     team_count AS (SELECT count (*) AS c FROM teams),
     items AS (SELECT unit_code, min (id) AS id FROM hazard_item GROUP BY unit_code),
     now_ms AS (SELECT (extract (epoch FROM now ()) * 1000)::bigint AS ms)
INSERT INTO finding (number, description, factor, severity, responsible_unit, source, reporter, reporter_unit,
                     plant_code, reported_ms, status, hazard_key)
SELECT t.plant_code || '-F' || i, '基准隐患', 1 + i % 5, CASE WHEN i % 20 = 0 THEN 2 ELSE 1 END, t.code, 2,
       'bench.reporter', t.code, t.plant_code, f.reported_ms,
       CASE WHEN f.age_days > 30 THEN CASE WHEN i % 50 = 1 THEN 4 WHEN i % 25 = 0 THEN 1 ELSE 3 END
            ELSE CASE WHEN i % 2 = 0 THEN 1 + i % 4 / 2 ELSE 3 END END,
       CASE WHEN i % 5 = 0 THEN 'H' || it.id ELSE '' END
FROM generate_series (1, :findings::bigint) i
CROSS JOIN team_count tc
CROSS JOIN now_ms
JOIN teams t ON t.n = i % tc.c
LEFT JOIN items it ON it.unit_code = t.code
CROSS JOIN LATERAL (SELECT now_ms.ms - (i * (:days::bigint * 86400000) / :findings::bigint) AS reported_ms,
                           (i * :days::bigint) / :findings::bigint AS age_days) f;
ALTER TABLE finding ENABLE TRIGGER USER;
TRUNCATE board_finding_open, board_finding_quarter, board_task, board_unit_risk;
