-- One month of ledger for the scoring bench enterprise (deploy/bench.d/scoring_org.sql):
-- 1,000,000 entries of plant SP1 in month :'month' of zone :'zone', written straight into
-- sf-scoring's entry table as its consumers would have scored them under rule version 1
-- (services/scoring/migrations/001_rules.sql), ids 1..1,000,000 in a fixed order:
--   900,000 direct entries (origin 1), by i % 18:
--     0      a cascading kind: hazard.major_found, violation.command / operation / discipline
--            (1 : 2 : 4 : 3), 50,000 of them
--     1..9   hazard.reported (+1 point), 450,000
--     10, 11 training.exam_failed, 100,000
--     12, 13 form.overdue_day of a person, days 1..10 (item_no), 100,000
--     14     form.overdue_day of a team, 15 form.closed of a team, 16 inspection.task_missed
--            of a team, 17 lesson.selfcheck_late of a team or a department: 50,000 each
--   rewards fall on anyone (100,000 employees), penalties on the first 40 of each team's 100;
--   100,000 cascade entries (origin 2): each of the 50,000 cascading entries to the team's
--   leader (×0.5, level 1) and the department's head (×0.2, level 2), the unit itself where
--   the leader is the person (the rule of services/scoring: the person themself excluded).
-- The moments spread over the month. The month trigger is off while seeding (no month is
-- closed yet). Then ANALYZE.
ALTER TABLE entry DISABLE TRIGGER USER;

INSERT INTO entry (id, plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,
                   department_code, kind, points, origin, source_key, source_event_id, source_event_type,
                   source_ref, item_no, rule_version, parent_entry_id, cascade_level, factor, reason_zh,
                   reason_en, created_by, occurred_ms, scored_ms)
WITH bounds AS (
    SELECT (extract (epoch FROM (:'month' || '-01')::timestamp AT TIME ZONE :'zone') * 1000)::bigint AS starts_ms,
           (extract (epoch FROM ((:'month' || '-01')::timestamp + interval '1 month') AT TIME ZONE :'zone') * 1000)::bigint
               AS ends_ms
),
pick AS (
    SELECT i, i % 18 AS m, (i / 18) % 10 AS s,
           (hashint4 (i)::bigint & 2147483647) AS h1,
           (hashint4 (-i)::bigint & 2147483647) AS h2
    FROM generate_series (1, 900000) i
),
shaped AS (
    SELECT p.*,
           CASE WHEN p.m = 0 THEN CASE WHEN p.s = 0 THEN 'hazard.major_found' WHEN p.s <= 2 THEN 'violation.command'
                                       WHEN p.s <= 6 THEN 'violation.operation' ELSE 'violation.discipline' END
                WHEN p.m <= 9 THEN 'hazard.reported' WHEN p.m <= 11 THEN 'training.exam_failed'
                WHEN p.m <= 14 THEN 'form.overdue_day' WHEN p.m = 15 THEN 'form.closed'
                WHEN p.m = 16 THEN 'inspection.task_missed' ELSE 'lesson.selfcheck_late' END AS kind,
           p.m <= 13 AS person,
           -- the employee (0..99,999): a reward anyone's, a penalty one of the first 40 of a team
           CASE WHEN p.m IN (1, 2, 3, 4, 5, 6, 7, 8, 9) OR (p.m = 0 AND p.s = 0) THEN p.h1 % 100000
                ELSE (p.h1 % 40000 % 1000) * 100 + p.h1 % 40000 / 1000 END AS e,
           p.h1 % 1000 AS unit_team
    FROM pick p
),
coded AS (
    SELECT x.*, t.team, t.department,
           CASE WHEN x.person THEN t.team || 'E' || lpad ((x.e % 100 + 1)::text, 3, '0')
                WHEN x.m = 17 AND x.s % 2 = 1 THEN t.department ELSE t.team END AS subject
    FROM shaped x,
         LATERAL (SELECT format ('SP1D%sT%s', lpad ((tn / 25 + 1)::text, 2, '0'), lpad ((tn % 25 + 1)::text, 2, '0')) AS team,
                         format ('SP1D%s', lpad ((tn / 25 + 1)::text, 2, '0')) AS department
                  FROM (SELECT CASE WHEN x.person THEN x.e / 100 ELSE x.unit_team END AS tn) n) t
),
direct AS (
    SELECT c.i AS id, c.kind, c.person, c.subject,
           CASE WHEN c.person THEN c.team || 'S' ELSE c.subject END AS unit_code,
           CASE WHEN c.subject = c.department THEN '' ELSE c.team END AS team_code,
           c.department AS department_code,
           CASE WHEN c.person THEN r.person_points ELSE r.unit_points END AS points,
           CASE WHEN c.kind = 'form.overdue_day' THEN 'overdue:' || c.i ELSE md5 ('event' || c.i)::uuid::text END AS source_key,
           CASE WHEN c.kind = 'form.overdue_day' THEN '' ELSE md5 ('event' || c.i)::uuid::text END AS source_event_id,
           k.source_event AS source_event_type,
           'SP1-R' || left (:'month', 4) || '-' || lpad (c.i::text, 7, '0') AS source_ref,
           CASE WHEN c.kind = 'form.overdue_day' THEN c.s + 1 ELSE 0 END AS item_no,
           k.name_zh, k.name_en,
           b.starts_ms + c.h2 % (b.ends_ms - b.starts_ms - 60000) AS occurred_ms,
           c.m = 0 AS cascades, c.team, c.department
    FROM coded c JOIN rule r ON r.version = 1 AND r.kind = c.kind JOIN event_kind k ON k.code = c.kind, bounds b
),
lv AS (
    SELECT * FROM (VALUES (1, 0.5::numeric(5,4)), (2, 0.2::numeric(5,4))) v (level, factor)
),
joint AS (
    SELECT d.*, l.level, l.factor,
           CASE WHEN l.level = 1 THEN d.team || 'E001' ELSE d.department || 'T01E002' END AS leader
    FROM direct d, lv l WHERE d.cascades
)
SELECT d.id, 'SP1', :'month', :'month', CASE WHEN d.person THEN 1 ELSE 2 END, d.subject, d.unit_code, d.team_code,
       d.department_code, d.kind, d.points, 1, d.source_key, d.source_event_id, d.source_event_type, d.source_ref,
       d.item_no, 1, NULL, 0, 0, d.name_zh || ' ' || d.source_ref, d.name_en || ' ' || d.source_ref, '',
       d.occurred_ms, d.occurred_ms + 1500
FROM direct d
UNION ALL
SELECT 900000 + (c.level - 1) * 50000 + c.id / 18, 'SP1', :'month', :'month',
       CASE WHEN c.leader = c.subject THEN 2 ELSE 1 END,
       CASE WHEN c.leader <> c.subject THEN c.leader WHEN c.level = 1 THEN c.team ELSE c.department END,
       CASE WHEN c.leader <> c.subject THEN left (c.leader, length (c.leader) - 4) || 'S'
            WHEN c.level = 1 THEN c.team ELSE c.department END,
       CASE WHEN c.leader <> c.subject THEN left (c.leader, length (c.leader) - 4)
            WHEN c.level = 1 THEN c.team ELSE '' END,
       c.department, c.kind, round (c.points * c.factor)::bigint, 2, c.source_key, c.source_event_id,
       c.source_event_type, c.source_ref, 0, 1, c.id, c.level, c.factor,
       '连带：' || c.subject || ' ' || c.name_zh, 'Joint liability: ' || c.subject || ' ' || c.name_en, '',
       c.occurred_ms, c.occurred_ms + 1500
FROM joint c;

ALTER TABLE entry ENABLE TRIGGER USER;
SELECT setval (pg_get_serial_sequence ('entry', 'id'), (SELECT max (id) FROM entry));
ANALYZE entry;
