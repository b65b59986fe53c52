-- The scoring bench enterprise, written straight into the org copy (sf_org_node,
-- sf_org_account, sf_org_grant) of a schema sf-scoring's migrations made, as sf_org_apply
-- would have from the directory's events: company SC; one plant SP1; departments
-- SP1D01..SP1D40; in each, teams <department>T01..T25 (1,000 teams); under each team one post
-- <team>S holding 100 employees <team>E001..E100 (100,000 employees).
-- The leaders joint liability (奖罚连带制) reaches: each team's E001 is its team_leader
-- (account lead.<team>), each department's T01E002 its department_head (account
-- head.<department>). Account "bench" (admin of the company) closes the months.
-- ./deploy/bench scoring runs it with psql, the search path set to that schema.
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    VALUES ('SC', 1, NULL, NULL, '考核基准集团', 'Scoring bench group', true, 1),
           ('SP1', 2, 'SC', 'SP1', '考核基准一厂', 'Scoring bench plant 1', true, 1);
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT format ('SP1D%s', lpad (d::text, 2, '0')), 3, 'SP1', 'SP1', '生产' || d || '部', 'Department ' || d, true, 1
    FROM generate_series (1, 40) d;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT format ('SP1D%sT%s', lpad (d::text, 2, '0'), lpad (t::text, 2, '0')), 4,
           format ('SP1D%s', lpad (d::text, 2, '0')), 'SP1', t || '班', 'Team ' || t, true, 1
    FROM generate_series (1, 40) d, generate_series (1, 25) t;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT code || 'S', 5, code, plant_code, '操作岗', 'Operator', true, 1
    FROM sf_org_node WHERE kind = 4;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT parent_code || 'E' || lpad (e::text, 3, '0'), 6, code, plant_code, '员工' || e, 'Employee ' || e, true, 1
    FROM sf_org_node, generate_series (1, 100) e WHERE kind = 5;
INSERT INTO sf_org_account (login, employee_code, disabled, version)
    VALUES ('bench', 'SP1D01T01E100', false, 1);
INSERT INTO sf_org_grant (login, role, node_code) VALUES ('bench', 'admin', 'SC');
INSERT INTO sf_org_account (login, employee_code, disabled, version)
    SELECT 'lead.' || code, code || 'E001', false, 1 FROM sf_org_node WHERE kind = 4;
INSERT INTO sf_org_grant (login, role, node_code)
    SELECT 'lead.' || code, 'team_leader', code FROM sf_org_node WHERE kind = 4;
INSERT INTO sf_org_account (login, employee_code, disabled, version)
    SELECT 'head.' || code, code || 'T01E002', false, 1 FROM sf_org_node WHERE kind = 3;
INSERT INTO sf_org_grant (login, role, node_code)
    SELECT 'head.' || code, 'department_head', code FROM sf_org_node WHERE kind = 3;
ANALYZE sf_org_node;
ANALYZE sf_org_account;
ANALYZE sf_org_grant;
