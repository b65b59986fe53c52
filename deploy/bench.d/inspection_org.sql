-- The bench enterprise, written straight into the org copy (sf_org_node) of a schema the
-- inspection daemon's migrations made, as sf_org_apply would have from the directory's
-- events: company BC; plants BP1..BP<plants>; in each, departments BP<p>D01..D<departments>;
-- in each, teams <department>T01..T<teams>; under each team a post <team>S and two employees
-- <team>E1, <team>E2. ./deploy/bench runs it with psql, the search path set to that schema
-- and the variables plants, departments and teams set (4 x 10 x 25: 1,000 teams).
-- Two accounts, as the directory's events would have brought them: "bench" (admin of the
-- group: plans, task generation, the clock) and "bench.reporter" (worker on the group: the
-- report clients, which report in every team). Roles come from grants (common/sf_scope.h).
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    VALUES ('BC', 1, NULL, NULL, '基准集团', 'Bench group', true, 1);
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT 'BP' || p, 2, 'BC', 'BP' || p, '基准' || p || '厂', 'Plant ' || p, true, 1
    FROM generate_series (1, :plants) p;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT format ('BP%sD%s', p, lpad (d::text, 2, '0')), 3, 'BP' || p, 'BP' || p,
           '生产' || d || '部', 'Department ' || d, true, 1
    FROM generate_series (1, :plants) p, generate_series (1, :departments) d;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT format ('BP%sD%sT%s', p, lpad (d::text, 2, '0'), lpad (t::text, 2, '0')), 4,
           format ('BP%sD%s', p, lpad (d::text, 2, '0')), 'BP' || p, t || '班', 'Team ' || t, true, 1
    FROM generate_series (1, :plants) p, generate_series (1, :departments) d, generate_series (1, :teams) t;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT code || 'S', 5, code, plant_code, '操作岗', 'Operator', true, 1
    FROM sf_org_node WHERE kind = 4;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT parent_code || 'E' || e, 6, code, plant_code, '员工' || e, 'Employee ' || e, true, 1
    FROM sf_org_node, generate_series (1, 2) e WHERE kind = 5;
INSERT INTO sf_org_account (login, employee_code, disabled, version)
    VALUES ('bench', 'BP1D01T01E1', false, 1), ('bench.reporter', 'BP1D01T01E2', false, 1);
INSERT INTO sf_org_grant (login, role, node_code) VALUES ('bench', 'admin', 'BC'), ('bench.reporter', 'worker', 'BC');
ANALYZE sf_org_node;
