-- The directory decides who may do what (common/sf_rpc_scope.h) from the same three tables
-- every other daemon keeps as its copy of the org (common migrations 006 and 008:
-- sf_org_node, sf_org_account, sf_org_grant). Here the org is the source, not a copy: those
-- tables are replaced by views over the directory's own, so the check reads the truth of
-- this very transaction (an account created or a grant revoked counts at once).

DROP TABLE sf_org_grant;
DROP TABLE sf_org_account;
DROP TABLE sf_org_node;

CREATE VIEW sf_org_node AS
    SELECT n.code, n.kind, p.code AS parent_code, n.plant_code, n.name_zh, n.name_en, n.active, n.version,
           n.updated_at
    FROM org_node n LEFT JOIN org_node p ON p.id = n.parent_id;

CREATE VIEW sf_org_account AS
    SELECT login, employee_code, disabled, version, updated_at FROM account;

CREATE VIEW sf_org_grant AS
    SELECT login, role, node_code FROM account_grant;
