-- The raw limit of closing a month (./deploy/bench scoring): what scoring.CloseMonth computes
-- for plant :'plant', month :'month' (zone :'zone'), as ONE plain SQL statement, with the same
-- writes (services/scoring/README_months.md; /work/briefs "The computation"):
--   1. clean month (三零): the current rule's month.clean_person points to every active
--      employee of the plant with no negative entry about them in the month, and
--      month.clean_team to every active team with no negative entry under it, inserted into
--      entry (origin 3, source_key clean:<month>, moment ends_ms - 1);
--   2. totals over the month's entries and those: per subject and kind the sum of the
--      non-cascade entries clipped to [month_floor, month_cap] of the current rule (0: no
--      bound); person: Σ clipped of entries about them + Σ cascade entries about them (every
--      active employee, with or without entries); team / department: Σ clipped of the entries
--      whose team_code / department_code it is + cascade entries about the unit itself;
--      plant: Σ clipped of all + cascade entries about the plant; rewards, penalties and
--      entries count the raw entries; RANK () by points within each subject kind, rank_of
--      their number; the tier with the highest min_points at or below the points;
--   3. the rows go into bench_plain_total (month_total's shape: its columns and primary key),
--      and it answers one line: entries persons teams departments plant_points checksum,
--      the checksum the hex SHA-256 of "subject|code|points|direct|cascade|rewards|penalties|
--      entries|rank|tier" lines in (subject, code) order (collation "C") joined by newlines, as
--      CloseMonth's.
-- Run with psql -v plant= -v month= -v zone=, the search path set to the daemon's schema.
-- Two settings of its session, which CloseMonth's transaction can take as well (SET LOCAL):
-- no JIT (the planner's row estimates through the CTEs are far too high, and compiling the
-- plan took 2.9 of 9 s here), and work_mem 64MB (the default 4MB spills the grouping of a
-- million entries to disk, ~75 MB).
SET jit = off;
SET work_mem = '64MB';
WITH ver AS (
    SELECT max (version) AS v FROM rule_version
),
bounds AS (
    SELECT (extract (epoch FROM ((:'month' || '-01')::timestamp + interval '1 month') AT TIME ZONE :'zone') * 1000)::bigint
               AS ends_ms
),
rules AS (
    SELECT r.* FROM rule r, ver WHERE r.version = ver.v
),
people AS (
    -- every active employee of the plant, with the team and department above them
    SELECT n.code, n.parent_code,
           CASE WHEN p1.kind = 4 THEN p1.code WHEN p2.kind = 4 THEN p2.code ELSE '' END AS team_code,
           CASE WHEN p1.kind = 3 THEN p1.code WHEN p2.kind = 3 THEN p2.code WHEN p3.kind = 3 THEN p3.code ELSE '' END
               AS department_code
    FROM sf_org_node n
    LEFT JOIN sf_org_node p1 ON p1.code = n.parent_code
    LEFT JOIN sf_org_node p2 ON p2.code = p1.parent_code
    LEFT JOIN sf_org_node p3 ON p3.code = p2.parent_code
    WHERE n.kind = 6 AND n.active AND n.plant_code = :'plant'
),
teams AS (
    SELECT n.code, n.parent_code FROM sf_org_node n WHERE n.kind = 4 AND n.active AND n.plant_code = :'plant'
),
departments AS (
    SELECT n.code, n.parent_code FROM sf_org_node n WHERE n.kind = 3 AND n.active AND n.plant_code = :'plant'
),
grouped AS (
    -- the month's ledger in one pass: per subject, kind, and whether it is a cascade entry
    SELECT subject_kind, subject_code, team_code, department_code, kind, cascade_level > 0 AS joint,
           sum (points) AS points, sum (greatest (points, 0)) AS rewards, sum (least (points, 0)) AS penalties,
           count (*) AS entries
    FROM entry WHERE plant_code = :'plant' AND month = :'month'
    GROUP BY subject_kind, subject_code, team_code, department_code, kind, cascade_level > 0
),
joint AS (
    SELECT subject_kind, subject_code, sum (points) AS points, sum (rewards) AS rewards,
           sum (penalties) AS penalties, sum (entries) AS entries
    FROM grouped WHERE joint
    GROUP BY subject_kind, subject_code
),
penalised AS (
    -- people with a negative entry about them, teams with one under them (cascades included)
    SELECT DISTINCT subject_code AS code FROM grouped WHERE subject_kind = 1 AND penalties < 0
),
penalised_teams AS (
    SELECT DISTINCT team_code AS code FROM grouped WHERE penalties < 0
),
clean AS (
    INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,
                       department_code, kind, points, origin, source_key, rule_version, reason_zh, reason_en,
                       created_by, occurred_ms, scored_ms)
    SELECT :'plant', :'month', :'month', 1, p.code, p.parent_code, p.team_code, p.department_code,
           'month.clean_person', r.person_points, 3, 'clean:' || :'month', ver.v, k.name_zh, k.name_en, '',
           bounds.ends_ms - 1, bounds.ends_ms - 1
    FROM people p, rules r, ver, bounds, event_kind k
    WHERE r.kind = 'month.clean_person' AND r.person_points <> 0 AND k.code = r.kind
      AND NOT EXISTS (SELECT 1 FROM penalised x WHERE x.code = p.code)
    UNION ALL
    SELECT :'plant', :'month', :'month', 2, t.code, t.code, t.code, t.parent_code,
           'month.clean_team', r.unit_points, 3, 'clean:' || :'month', ver.v, k.name_zh, k.name_en, '',
           bounds.ends_ms - 1, bounds.ends_ms - 1
    FROM teams t, rules r, ver, bounds, event_kind k
    WHERE r.kind = 'month.clean_team' AND r.unit_points <> 0 AND k.code = r.kind
      AND NOT EXISTS (SELECT 1 FROM penalised_teams x WHERE x.code = t.code)
    RETURNING subject_kind, subject_code, team_code, department_code, kind, points
),
per_kind AS (
    -- one subject's non-cascade entries of one kind, clipped; a clean-month entry its own
    SELECT g.subject_kind, g.subject_code, g.team_code, g.department_code,
           CASE WHEN r.month_floor < 0 AND g.points < r.month_floor THEN r.month_floor
                WHEN r.month_cap > 0 AND g.points > r.month_cap THEN r.month_cap
                ELSE g.points END AS clipped,
           g.rewards, g.penalties, g.entries
    FROM grouped g LEFT JOIN rules r ON r.kind = g.kind
    WHERE NOT g.joint
    UNION ALL
    SELECT c.subject_kind, c.subject_code, c.team_code, c.department_code, c.points, greatest (c.points, 0),
           least (c.points, 0), 1
    FROM clean c
),
direct_person AS (
    SELECT subject_code AS code, sum (clipped) AS points, sum (rewards) AS rewards, sum (penalties) AS penalties,
           sum (entries) AS entries
    FROM per_kind WHERE subject_kind = 1 GROUP BY subject_code
),
direct_team AS (
    SELECT team_code AS code, sum (clipped) AS points, sum (rewards) AS rewards, sum (penalties) AS penalties,
           sum (entries) AS entries
    FROM per_kind WHERE team_code <> '' GROUP BY team_code
),
direct_department AS (
    SELECT department_code AS code, sum (clipped) AS points, sum (rewards) AS rewards, sum (penalties) AS penalties,
           sum (entries) AS entries
    FROM per_kind WHERE department_code <> '' GROUP BY department_code
),
subjects AS (
    SELECT 'person' AS subject, s.code, coalesce (p.parent_code, '') AS parent_code,
           coalesce (d.points, 0) AS direct_points, coalesce (j.points, 0) AS cascade_points,
           coalesce (d.rewards, 0) + coalesce (j.rewards, 0) AS rewards,
           coalesce (d.penalties, 0) + coalesce (j.penalties, 0) AS penalties,
           coalesce (d.entries, 0) + coalesce (j.entries, 0) AS entries
    FROM (SELECT code FROM people UNION SELECT code FROM direct_person
          UNION SELECT subject_code FROM joint WHERE subject_kind = 1) s
    LEFT JOIN people p ON p.code = s.code
    LEFT JOIN direct_person d ON d.code = s.code
    LEFT JOIN joint j ON j.subject_kind = 1 AND j.subject_code = s.code
    UNION ALL
    SELECT 'team', s.code, coalesce (t.parent_code, ''), coalesce (d.points, 0), coalesce (j.points, 0),
           coalesce (d.rewards, 0) + coalesce (j.rewards, 0), coalesce (d.penalties, 0) + coalesce (j.penalties, 0),
           coalesce (d.entries, 0) + coalesce (j.entries, 0)
    FROM (SELECT code FROM teams UNION SELECT code FROM direct_team) s
    LEFT JOIN teams t ON t.code = s.code
    LEFT JOIN direct_team d ON d.code = s.code
    LEFT JOIN joint j ON j.subject_kind = 2 AND j.subject_code = s.code
    UNION ALL
    SELECT 'department', s.code, coalesce (t.parent_code, ''), coalesce (d.points, 0), coalesce (j.points, 0),
           coalesce (d.rewards, 0) + coalesce (j.rewards, 0), coalesce (d.penalties, 0) + coalesce (j.penalties, 0),
           coalesce (d.entries, 0) + coalesce (j.entries, 0)
    FROM (SELECT code FROM departments UNION SELECT code FROM direct_department) s
    LEFT JOIN departments t ON t.code = s.code
    LEFT JOIN direct_department d ON d.code = s.code
    LEFT JOIN joint j ON j.subject_kind = 2 AND j.subject_code = s.code
    UNION ALL
    SELECT 'plant', :'plant', '',
           coalesce ((SELECT sum (clipped) FROM per_kind), 0),
           coalesce ((SELECT sum (points) FROM joint WHERE subject_kind = 2 AND subject_code = :'plant'), 0),
           coalesce ((SELECT sum (rewards) FROM per_kind), 0)
               + coalesce ((SELECT sum (rewards) FROM joint WHERE subject_kind = 2 AND subject_code = :'plant'), 0),
           coalesce ((SELECT sum (penalties) FROM per_kind), 0)
               + coalesce ((SELECT sum (penalties) FROM joint WHERE subject_kind = 2 AND subject_code = :'plant'), 0),
           coalesce ((SELECT sum (entries) FROM per_kind), 0)
               + coalesce ((SELECT sum (entries) FROM joint WHERE subject_kind = 2 AND subject_code = :'plant'), 0)
),
ranked AS (
    SELECT s.*, s.direct_points + s.cascade_points AS points,
           rank () OVER (PARTITION BY s.subject ORDER BY s.direct_points + s.cascade_points DESC) AS rank,
           count (*) OVER (PARTITION BY s.subject) AS rank_of
    FROM subjects s
),
totals AS (
    SELECT r.*, coalesce (t.code, '') AS tier_code, coalesce (t.amount_yuan, 0) AS amount_yuan
    FROM ranked r CROSS JOIN ver
    LEFT JOIN LATERAL (SELECT code, amount_yuan FROM tier
                       WHERE version = ver.v AND subject = r.subject AND min_points <= r.points
                       ORDER BY min_points DESC LIMIT 1) t ON true
),
stored AS (
    INSERT INTO bench_plain_total (plant_code, month, subject, code, parent_code, points, direct_points,
                                   cascade_points, rewards, penalties, entries, rank, rank_of, tier_code, amount_yuan)
    SELECT :'plant', :'month', subject, code, parent_code, points, direct_points, cascade_points, rewards, penalties,
           entries, rank, rank_of, tier_code, amount_yuan
    FROM totals
)
SELECT (SELECT sum (entries) FROM grouped) + (SELECT count (*) FROM clean) AS entries,
       count (*) FILTER (WHERE subject = 'person') AS persons,
       count (*) FILTER (WHERE subject = 'team') AS teams,
       count (*) FILTER (WHERE subject = 'department') AS departments,
       coalesce (sum (points) FILTER (WHERE subject = 'plant'), 0) AS plant_points,
       encode (sha256 (convert_to (string_agg (concat_ws ('|', subject, code, points, direct_points, cascade_points,
                                                          rewards, penalties, entries, rank, tier_code),
                                               E'\n' ORDER BY subject COLLATE "C", code COLLATE "C"), 'UTF8')), 'hex') AS checksum
FROM totals;
