-- Accounts: the people who log in. An account belongs to an employee node; its grants give
-- it roles on org nodes (each grant covers its node and everything below it). Roles are a
-- catalogue of data; common/sf_roles.c holds the same codes for route tables, and
-- directory_schema_test compares the two. Rules of logins, passwords and grants are checked
-- by the daemon (directory_accounts.c); the database guards identity and references.

CREATE TABLE role (
    code      text PRIMARY KEY,
    name_zh   text NOT NULL,
    name_en   text NOT NULL,
    may_zh    text NOT NULL,           -- what it may do, for people choosing a grant
    may_en    text NOT NULL
);

INSERT INTO role (code, name_zh, name_en, may_zh, may_en) VALUES
    ('admin', '公司管理员', 'company administrator',
     '管理全公司：组织、账号与授权、所有业务数据', 'runs the whole company: org, accounts and grants, every business record'),
    ('ehs', '公司安环部', 'company EHS office',
     '全公司的检查、隐患整改与统计', 'checks, rectification and statistics across the company'),
    ('org_admin', '组织管理员', 'org administrator',
     '维护所授节点下的组织与账号', 'keeps the org and the accounts below its node'),
    ('plant_safety_manager', '厂区安全经理', 'plant safety manager',
     '厂区内的检查计划、整改下发、验证与撤销', 'check plans, issuing, verifying and cancelling forms in its plant'),
    ('department_head', '部门负责人', 'department head',
     '部门内的检查与整改', 'checks and rectification in its department'),
    ('safety_officer', '安全员', 'safety officer',
     '所辖单位的检查、隐患上报、整改下发与验证', 'checks, findings, issuing and verifying forms in its units'),
    ('team_leader', '班组长', 'team leader',
     '班组日查、整改落实', 'team daily checks and carrying out rectification'),
    ('inspector', '检查员', 'inspector',
     '执行检查、上报隐患', 'carries out checks and reports findings'),
    ('patrol_officer', '兼职安全巡查员', 'part-time patrol officer',
     '巡查并上报隐患', 'patrols and reports findings'),
    ('worker', '员工', 'worker',
     '岗位日常检查、上报隐患', 'routine checks at the post and reporting findings'),
    ('screen', '监控大屏', 'monitoring screen',
     '只读：所授节点下的看板数据', 'read only: the dashboards below its node'),
    ('service', '系统服务', 'platform service',
     '守护进程处理自身任务（非业务角色）', 'a daemon acting on its own jobs (not a business role)');

-- The password policy as data, each value with where it comes from. The daemon reads it on
-- every password it checks or hashes, so a change here applies without a restart; a stronger
-- hash cost rehashes each password at its owner's next login.
CREATE TABLE password_policy (
    name      text PRIMARY KEY,
    value     bigint NOT NULL,
    source    text NOT NULL
);

INSERT INTO password_policy (name, value, source) VALUES
    ('min_chars', 10,
     'NIST SP 800-63B 5.1.1.2 asks at least 8 characters; 10 because these accounts can change safety records'),
    ('max_chars', 128,
     'NIST SP 800-63B 5.1.1.2: allow at least 64 characters (pass phrases); a bound keeps hashing cost fixed'),
    ('hash_ops', 2,
     'OWASP Password Storage Cheat Sheet, Argon2id: m=19 MiB, t=2, p=1 (libsodium runs p=1)'),
    ('hash_mem_kib', 19456,
     'OWASP Password Storage Cheat Sheet, Argon2id: m=19 MiB (19456 KiB), t=2, p=1');

-- Passwords refused whatever their length: the most common choices in breach lists (NIST SP
-- 800-63B 5.1.1.2 asks to refuse commonly used and compromised values), compared lower-cased.
CREATE TABLE password_denied (
    password  text PRIMARY KEY
);

INSERT INTO password_denied (password) VALUES
    ('1234567890'), ('12345678910'), ('0123456789'), ('1111111111'), ('0000000000'),
    ('1q2w3e4r5t'), ('qwertyuiop'), ('1qaz2wsx3edc'), ('qwerty12345'), ('password123'),
    ('password1234'), ('passw0rd123'), ('iloveyou123'), ('abc1234567'), ('a123456789'),
    ('woaini1314'), ('woaini5201314'), ('admin12345'), ('admin123456'), ('administrator');

CREATE TABLE account (
    login          text PRIMARY KEY,
    employee_code  text NOT NULL REFERENCES org_node (code),
    password_hash  text NOT NULL,
    disabled       boolean NOT NULL DEFAULT false,
    version        bigint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now (),
    updated_at     timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX account_employee ON account (employee_code);

CREATE TABLE account_grant (
    login       text NOT NULL REFERENCES account (login),
    role        text NOT NULL REFERENCES role (code),
    node_code   text NOT NULL REFERENCES org_node (code),
    granted_by  text NOT NULL,
    granted_at  timestamptz NOT NULL DEFAULT now (),
    PRIMARY KEY (login, node_code, role)
);
CREATE INDEX account_grant_node ON account_grant (node_code);
