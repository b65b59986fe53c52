-- The raw limit of scoring a backlog of violations (./deploy/bench scoring): the entries
-- sf-scoring writes for the :events inspection.violation_recorded events scoring_bench
-- publish sends (event i: person (i × 7919) mod 100,000 of the bench enterprise, type i mod 3
-- (command, operation, discipline), a moment in [:starts_ms, :ends_ms)), with their joint
-- liability, in ONE plain INSERT … SELECT: the direct person entries under the current rule
-- version (a data-modifying CTE), then per cascade level of that version the leader holding
-- its role on the person's team / department (the smallest employee code, the person excluded;
-- none: the unit itself), points × factor rounded half away from zero, 0 skipped.
-- Run with psql -v events= -v starts_ms= -v ends_ms= -v zone=, the search path set to a schema
-- sf-scoring migrated, holding the bench enterprise (scoring_org.sql).
WITH ver AS (
    SELECT max (version) AS v FROM rule_version
),
rules AS (
    SELECT r.* FROM rule r, ver WHERE r.version = ver.v
),
ev AS (
    SELECT i, md5 ('violation' || i)::uuid::text AS event_id,
           'SP1-V' || to_char (to_timestamp (:starts_ms / 1000.0) AT TIME ZONE :'zone', 'YYYY') || '-'
               || lpad (i::text, 6, '0') AS number,
           CASE i % 3 WHEN 0 THEN 'violation.command' WHEN 1 THEN 'violation.operation' ELSE 'violation.discipline' END
               AS kind,
           (i::bigint * 7919) % 100000 AS e,
           :starts_ms + (i::bigint * 26777) % (:ends_ms - :starts_ms - 60000) AS occurred_ms
    FROM generate_series (1, :events) i
),
person AS (
    SELECT ev.*, n.code, n.parent_code AS unit_code, t.code AS team_code, t.parent_code AS department_code,
           n.plant_code, to_char (to_timestamp (ev.occurred_ms / 1000.0) AT TIME ZONE :'zone', 'YYYY-MM') AS month
    FROM ev
    JOIN sf_org_node n ON n.code = format ('SP1D%sT%sE%s', lpad ((ev.e / 2500 + 1)::text, 2, '0'),
                                           lpad ((ev.e / 100 % 25 + 1)::text, 2, '0'), lpad ((ev.e % 100 + 1)::text, 3, '0'))
    JOIN sf_org_node p ON p.code = n.parent_code
    JOIN sf_org_node t ON t.code = p.parent_code
),
direct AS (
    INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,
                       department_code, kind, points, origin, source_key, source_event_id, source_event_type,
                       source_ref, rule_version, reason_zh, reason_en, occurred_ms, scored_ms)
    SELECT p.plant_code, p.month, p.month, 1, p.code, p.unit_code, p.team_code, p.department_code, p.kind,
           r.person_points, 1, p.event_id, p.event_id, 'inspection.violation_recorded', p.number, ver.v,
           k.name_zh || ' ' || p.number, k.name_en || ' ' || p.number, p.occurred_ms,
           (extract (epoch FROM clock_timestamp ()) * 1000)::bigint
    FROM person p JOIN rules r ON r.kind = p.kind JOIN event_kind k ON k.code = p.kind, ver
    WHERE r.person_points <> 0
    RETURNING id, plant_code, month, subject_code, team_code, department_code, kind, points, source_key,
              source_event_id, source_ref, rule_version, occurred_ms
),
leaders AS (
    SELECT g.node_code, g.role, array_agg (a.employee_code ORDER BY a.employee_code) AS codes
    FROM sf_org_grant g JOIN sf_org_account a ON a.login = g.login AND NOT a.disabled
    GROUP BY g.node_code, g.role
),
joint AS (
    SELECT d.*, c.level, c.factor, u.unit, u.unit_kind,
           CASE WHEN l.codes [1] <> d.subject_code THEN l.codes [1] ELSE l.codes [2] END AS leader,
           round (d.points * c.factor)::bigint AS joint_points
    FROM direct d
    JOIN rules r ON r.kind = d.kind AND r.cascade
    JOIN cascade_level c ON c.version = d.rule_version
    CROSS JOIN LATERAL (SELECT c.unit_kind,
                               CASE c.unit_kind WHEN 'team' THEN d.team_code WHEN 'department' THEN d.department_code
                                                ELSE d.plant_code END AS unit) u
    LEFT JOIN leaders l ON l.node_code = u.unit AND l.role = c.role
)
INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,
                   department_code, kind, points, origin, source_key, source_event_id, source_event_type,
                   source_ref, rule_version, parent_entry_id, cascade_level, factor, reason_zh, reason_en,
                   occurred_ms, scored_ms)
SELECT j.plant_code, j.month, j.month, CASE WHEN j.leader IS NULL THEN 2 ELSE 1 END, coalesce (j.leader, j.unit),
       coalesce (n.parent_code, j.unit),
       CASE WHEN j.leader IS NOT NULL THEN coalesce (t.code, '') WHEN j.unit_kind = 'team' THEN j.unit ELSE '' END,
       CASE WHEN j.leader IS NOT NULL THEN coalesce (t.parent_code, '') WHEN j.unit_kind = 'plant' THEN ''
            ELSE j.department_code END,
       j.kind, j.joint_points, 2, j.source_key, j.source_event_id, 'inspection.violation_recorded', j.source_ref,
       j.rule_version, j.id, j.level, j.factor,
       '连带：' || j.subject_code || ' ' || k.name_zh, 'Joint liability: ' || j.subject_code || ' ' || k.name_en,
       j.occurred_ms, (extract (epoch FROM clock_timestamp ()) * 1000)::bigint
FROM joint j
JOIN event_kind k ON k.code = j.kind
LEFT JOIN sf_org_node n ON n.code = j.leader
LEFT JOIN sf_org_node p ON p.code = n.parent_code
LEFT JOIN sf_org_node t ON t.code = p.parent_code
WHERE j.joint_points <> 0;
