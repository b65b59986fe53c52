-- What the scoring daemon scores and how, as data with its source beside it (DEVELOPERS.md:
-- "National rules are data, with their source beside them"). The points themselves are the
-- enterprise's policy, not a national figure: the first version below is the demo enterprise's
-- (seed article 2.5: penalties for not following safety requirements, breaking discipline, not
-- investigating or not rectifying hazards; rewards for finding hazards and for 三零), and
-- scoring.SetRules replaces it with a new version. No constant in C repeats them.

-- The catalogue of what can be scored: a rule names one of these. An event of another daemon
-- is read into one kind (services/scoring/README.md, "Event kinds"); the month.* kinds are the
-- daemon's own, written when a month closes.
CREATE TABLE event_kind (
    code          text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'),
    source_event  text NOT NULL,               -- '' for the daemon's own
    name_zh       text NOT NULL,
    name_en       text NOT NULL,
    person        boolean NOT NULL,            -- names a person who may be scored
    unit          boolean NOT NULL,            -- names a unit that may be scored
    per_item      boolean NOT NULL DEFAULT false,
    source        text NOT NULL                -- why it is scored at all
);

INSERT INTO event_kind (code, source_event, name_zh, name_en, person, unit, per_item, source) VALUES
    ('violation.command', 'inspection.violation_recorded', '三违：违章指挥', 'Three violations: illegal command', true, true, false,
     '《安全生产法》(2021) 第五十七条 从业人员应当遵守规章制度和操作规程；种子文章 2.5 违反安全生产纪律者考核处罚'),
    ('violation.operation', 'inspection.violation_recorded', '三违：违章作业', 'Three violations: illegal operation', true, true, false,
     '《安全生产法》(2021) 第五十七条；种子文章 2.5'),
    ('violation.discipline', 'inspection.violation_recorded', '三违：违反劳动纪律', 'Three violations: breach of labour discipline', true, true, false,
     '《安全生产法》(2021) 第五十七条；种子文章 2.5'),
    ('hazard.reported', 'inspection.finding_reported', '主动报告隐患', 'Hazard reported by a person', true, false, false,
     '种子文章 2.5 有效辨识安全隐患者考核激励；《安全生产法》(2021) 第五十九条 从业人员发现事故隐患应当立即报告'),
    ('hazard.major_found', 'inspection.major_hazard_found', '发现并报告重大隐患', 'Major hazard found and reported', true, false, false,
     '隐患激励机制（DOMAIN.md 支柱2）；《安全生产事故隐患排查治理暂行规定》(总局令第16号) 第十四条 对发现、排除和举报事故隐患的有功人员给予物质奖励和表彰'),
    ('form.overdue_day', 'rectification.form_overdue', '整改逾期（按天）', 'Rectification overdue (per day)', true, true, true,
     '种子文章 2.5 不主动进行隐患整改者考核处罚；《安全生产事故隐患排查治理暂行规定》第十条 隐患应当及时治理'),
    ('form.closed', 'rectification.form_closed', '按期完成整改', 'Rectification closed by its deadline', true, true, false,
     '种子文章 2.5 主动落实安全生产要求者考核激励'),
    ('inspection.task_missed', 'inspection.task_missed', '漏检（检查任务未完成）', 'Inspection task missed', false, true, false,
     '四查制度（DOMAIN.md 支柱2）；种子文章 2.5 不主动进行隐患排查者考核处罚'),
    ('training.exam_failed', 'training.exam_failed', '安全考试不合格', 'Safety exam failed', true, false, false,
     '《生产经营单位安全培训规定》(总局令第3号) 第四条 未经安全培训合格的从业人员不得上岗作业'),
    ('lesson.selfcheck_late', 'lesson.assignment_overdue', '举一反三自查逾期', 'Lesson self-check late', false, true, false,
     '种子文章 2.4 举一反三专项自查；2.5 不执行安全工作要求者考核处罚'),
    ('lesson.selfcheck_not_done', 'lesson.assignment_not_done', '举一反三自查未开展', 'Lesson self-check not done', false, true, false,
     '种子文章 2.4；2.5'),
    ('month.clean_person', '', '当月三零（个人无扣分）', 'Clean month (person without a penalty)', true, false, false,
     '种子文章 2.5 实现"安全零问题、生产零事故、员工零伤害"者考核激励'),
    ('month.clean_team', '', '当月三零（班组无扣分）', 'Clean month (team without a penalty)', false, true, false,
     '种子文章 2.5 三零班组考核激励'),
    ('manual.adjustment', '', '人工调整', 'Manual adjustment', true, true, false,
     '安全员更正或无事件记录的奖惩，附理由'),
    ('appeal.reversal', '', '申诉撤销', 'Reversed on appeal', true, true, false,
     '申诉成立：撤销原条目，记录撤销人和理由');

-- A rule set: every SetRules writes the next version; an entry keeps the version it was scored
-- under. The highest version is the current one.
CREATE TABLE rule_version (
    version     bigint PRIMARY KEY CHECK (version >= 1),
    created_ms  bigint NOT NULL,
    created_by  text NOT NULL,
    note        text NOT NULL DEFAULT ''
);

CREATE TABLE rule (
    version        bigint NOT NULL REFERENCES rule_version (version),
    kind           text NOT NULL REFERENCES event_kind (code),
    person_points  bigint NOT NULL,            -- centipoints: 100 = 1 point
    unit_points    bigint NOT NULL,
    item_cap       integer NOT NULL DEFAULT 0 CHECK (item_cap >= 0),
    month_cap      bigint NOT NULL DEFAULT 0 CHECK (month_cap >= 0),
    month_floor    bigint NOT NULL DEFAULT 0 CHECK (month_floor <= 0),
    cascade        boolean NOT NULL DEFAULT false,
    note_zh        text NOT NULL DEFAULT '',
    note_en        text NOT NULL DEFAULT '',
    PRIMARY KEY (version, kind)
);

-- Joint liability (奖罚连带制, seed article 2.5: 一人受罚，其所在部门和班组连带受罚；一人受奖，
-- 其所在部门和班组连带受奖): level by level up the chain, the leader holding role on the
-- person's unit of unit_kind gets points × factor.
CREATE TABLE cascade_level (
    version    bigint NOT NULL REFERENCES rule_version (version),
    level      smallint NOT NULL CHECK (level >= 1),
    unit_kind  text NOT NULL CHECK (unit_kind IN ('team', 'department', 'plant')),
    role       text NOT NULL,
    factor     numeric(5,4) NOT NULL CHECK (factor >= 0 AND factor <= 1),
    PRIMARY KEY (version, level)
);

-- Reward/penalty tiers of a month's total, per subject kind: the row with the highest
-- min_points at or below the total.
CREATE TABLE tier (
    version      bigint NOT NULL REFERENCES rule_version (version),
    subject      text NOT NULL CHECK (subject IN ('person', 'team', 'department', 'plant')),
    code         text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
    min_points   bigint NOT NULL,
    name_zh      text NOT NULL,
    name_en      text NOT NULL,
    amount_yuan  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (version, subject, min_points),
    UNIQUE (version, subject, code)
);

INSERT INTO rule_version (version, created_ms, created_by, note)
VALUES (1, 0, 'migration', '演示企业的初始考核细则 / the demo enterprise''s first rule set');

INSERT INTO rule (version, kind, person_points, unit_points, item_cap, month_cap, month_floor, cascade, note_zh, note_en) VALUES
    (1, 'violation.command',      -1000,    0, 0, 0, -3000, true,  '违章指挥每次扣10分', '10 points off per illegal command'),
    (1, 'violation.operation',     -500,    0, 0, 0, -2000, true,  '违章作业每次扣5分', '5 points off per illegal operation'),
    (1, 'violation.discipline',    -300,    0, 0, 0, -1500, true,  '违反劳动纪律每次扣3分', '3 points off per breach of discipline'),
    (1, 'hazard.reported',          100,    0, 0, 1000, 0, false, '主动报告隐患每条加1分，每月最多10分', '1 point per hazard reported, at most 10 a month'),
    (1, 'hazard.major_found',      2000,    0, 0, 0, 0, true,  '发现重大隐患每条加20分', '20 points per major hazard found'),
    (1, 'form.overdue_day',        -100, -200, 10, 0, -3000, false, '整改逾期每天扣：责任人1分、责任单位2分，每单最多10天', 'Per day overdue: 1 point off the person, 2 off the unit, at most 10 days a form'),
    (1, 'form.closed',                0,  100, 0, 2000, 0, false, '按期完成整改责任单位加1分', '1 point to the unit per form closed by its deadline'),
    (1, 'inspection.task_missed',     0, -300, 0, 0, -3000, false, '漏检每次扣3分', '3 points off per missed inspection'),
    (1, 'training.exam_failed',    -200,    0, 0, 0, -1000, false, '安全考试不合格每次扣2分', '2 points off per failed safety exam'),
    (1, 'lesson.selfcheck_late',      0, -500, 0, 0, 0, false, '举一反三自查逾期扣5分', '5 points off a late lesson self-check'),
    (1, 'lesson.selfcheck_not_done',  0, -1000, 0, 0, 0, false, '举一反三自查未开展扣10分', '10 points off a lesson self-check not done'),
    (1, 'month.clean_person',       300,    0, 0, 0, 0, false, '当月无扣分个人加3分', '3 points to a person without a penalty in the month'),
    (1, 'month.clean_team',           0, 1000, 0, 0, 0, false, '当月无扣分班组加10分', '10 points to a team without a penalty in the month'),
    (1, 'manual.adjustment',          0,    0, 0, 0, 0, false, '人工调整：分值由调整人给出', 'Manual adjustment: the points are given by who adjusts'),
    (1, 'appeal.reversal',            0,    0, 0, 0, 0, false, '申诉撤销：分值为原条目之相反数', 'Reversal: the negation of the entry reversed');

INSERT INTO cascade_level (version, level, unit_kind, role, factor) VALUES
    (1, 1, 'team', 'team_leader', 0.5),
    (1, 2, 'department', 'department_head', 0.2);

INSERT INTO tier (version, subject, code, min_points, name_zh, name_en, amount_yuan) VALUES
    (1, 'person', 'penalty', -999999999, '考核处罚', 'Penalised', -200),
    (1, 'person', 'warn', -1000, '黄牌警示', 'Warned', -50),
    (1, 'person', 'pass', 0, '合格', 'Passed', 0),
    (1, 'person', 'commend', 1000, '安全之星', 'Safety star', 300),
    (1, 'team', 'penalty', -999999999, '考核处罚', 'Penalised', -1000),
    (1, 'team', 'pass', 0, '合格', 'Passed', 0),
    (1, 'team', 'commend', 1000, '安全标杆班组', 'Model team', 2000),
    (1, 'department', 'penalty', -999999999, '考核处罚', 'Penalised', -3000),
    (1, 'department', 'pass', 0, '合格', 'Passed', 0),
    (1, 'department', 'commend', 2000, '安全先进部门', 'Model department', 5000),
    (1, 'plant', 'penalty', -999999999, '考核处罚', 'Penalised', 0),
    (1, 'plant', 'pass', 0, '合格', 'Passed', 0);

-- Who signs a letter of each level (seed article 2.2: 公司与基层部门、基层部门与班组、基层部门与
-- 部门安全员、班组与组员等逐级签订安全生产责任书; 《安全生产法》(2021) 第二十二条 全员安全
-- 生产责任制应当明确各岗位的责任人员、责任范围和考核标准). Party A signs with a role of
-- a_roles covering party A; party B a unit's leader with a role of b_roles covering it, or the
-- person themself (b_person).
CREATE TABLE letter_level (
    level      smallint PRIMARY KEY,          -- scoring.LetterLevel
    a_kind     text NOT NULL,                 -- the org kind of party A
    b_kind     text NOT NULL,                 -- the org kind of party B ('employee' for a person)
    b_person   boolean NOT NULL,
    a_roles    text[] NOT NULL,
    b_roles    text[] NOT NULL,               -- empty for a person: their own account signs
    name_zh    text NOT NULL,
    name_en    text NOT NULL,
    source     text NOT NULL
);

INSERT INTO letter_level (level, a_kind, b_kind, b_person, a_roles, b_roles, name_zh, name_en, source) VALUES
    (1, 'company', 'plant', false, '{admin,ehs}', '{plant_safety_manager}', '公司—厂区', 'Company - plant',
     '种子文章 2.2 公司与基层部门逐级签订安全生产责任书（厂区为公司下一级）'),
    (2, 'plant', 'department', false, '{plant_safety_manager,admin,ehs}', '{department_head}', '厂区—部门', 'Plant - department',
     '种子文章 2.2 公司与基层部门签订'),
    (3, 'department', 'team', false, '{department_head}', '{team_leader}', '部门—班组', 'Department - team',
     '种子文章 2.2 基层部门与班组签订'),
    (4, 'department', 'employee', true, '{department_head}', '{}', '部门—部门安全员', 'Department - its safety officer',
     '种子文章 2.2 基层部门与部门安全员签订'),
    (5, 'team', 'employee', true, '{team_leader}', '{}', '班组—组员', 'Team - member',
     '种子文章 2.2 班组与组员签订');

-- The daemon's other settings that are policy, with why.
CREATE TABLE scoring_setting (
    key     text PRIMARY KEY,
    value   bigint NOT NULL CHECK (value >= 0),
    reason  text NOT NULL
);

INSERT INTO scoring_setting (key, value, reason) VALUES
    ('letter_grace_days', 30,
     '新员工或新单位自出现起30天内应签订安全生产责任书，逾期发出 scoring.letter_missing（企业制度，可改）'),
    ('report_top', 5, '月报列出前5名与后5名单位'),
    ('report_trend_months', 6, '月报趋势取最近6个月');
