-- Who hears of what, as data (services/notify/README.md, "Routing"). An enterprise changes it
-- with notify.SetRoutes, which writes the next version; version 1 below is the product's
-- default, each rule with the reason it exists. Numbers of the contract (notify.Urgency,
-- notify.Channel, the events' severities) are stored as smallint with their values.

-- What the notifier knows how to route: the event type, where its unit and severity are in the
-- payload (the reader in C is named by reader), and what object the message links back to.
CREATE TABLE event_route_kind (
    event_type   text PRIMARY KEY,
    reader       text NOT NULL,              -- notify_event_read.c's reader for the payload
    link_path    text NOT NULL,              -- the gateway path of the object, {id} / {number}
    name_zh      text NOT NULL,
    name_en      text NOT NULL
);

INSERT INTO event_route_kind (event_type, reader, link_path, name_zh, name_en) VALUES
    ('rectification.form_issued', 'form', '/forms/{number}', '问题反馈单已下达', 'Feedback form issued'),
    ('rectification.deadline_reminder', 'alert', '/forms/{number}', '整改期限提醒', 'Rectification deadline reminder'),
    ('rectification.form_overdue', 'alert', '/forms/{number}', '整改逾期', 'Rectification overdue'),
    ('rectification.form_escalated', 'alert', '/forms/{number}', '整改逾期升级', 'Rectification escalated'),
    ('rectification.recurrence_detected', 'alert', '/forms/{number}', '隐患重复出现', 'Hazard recurred'),
    ('inspection.major_hazard_found', 'finding', '/findings/{number}', '发现重大隐患', 'Major hazard found'),
    ('inspection.task_missed', 'task', '/tasks/{id}', '检查任务漏检', 'Inspection task missed'),
    ('lesson.assignment_created', 'assignment', '/assignments/{id}', '举一反三自查任务', 'Lesson self-check assigned'),
    ('lesson.assignment_overdue', 'assignment', '/assignments/{id}', '举一反三自查逾期', 'Lesson self-check overdue'),
    ('training.certificate_due', 'certificate', '/certificates/{id}', '特种作业证书到期提醒', 'Special-operation certificate due'),
    ('scoring.letter_missing', 'letter_gap', '/letters/coverage', '安全生产责任书未签订', 'Responsibility letter missing'),
    ('scoring.month_closed', 'month', '/scoring/{number}', '月度安全考核已结算', 'Monthly safety assessment closed');

CREATE TABLE route_version (
    version     bigint PRIMARY KEY CHECK (version >= 1),
    created_ms  bigint NOT NULL,
    created_by  text NOT NULL,
    note        text NOT NULL DEFAULT ''
);

-- unit_kind '' = the unit the event names; role '' = the unit's own channels (for an event
-- that names a role itself, rectification.Alert's target_role, that role).
CREATE TABLE route (
    version       bigint NOT NULL REFERENCES route_version (version),
    position      smallint NOT NULL CHECK (position >= 1),
    event_type    text NOT NULL REFERENCES event_route_kind (event_type),
    min_severity  smallint NOT NULL DEFAULT 0 CHECK (min_severity >= 0),
    unit_kind     text NOT NULL DEFAULT '' CHECK (unit_kind IN ('', 'team', 'department', 'plant', 'company')),
    role          text NOT NULL DEFAULT '',
    urgency       smallint NOT NULL CHECK (urgency BETWEEN 1 AND 3),
    channels      smallint[] NOT NULL DEFAULT '{}',
    template      text NOT NULL DEFAULT '',
    reason        text NOT NULL,
    PRIMARY KEY (version, position)
);

INSERT INTO route_version (version, created_ms, created_by, note)
VALUES (1, 0, 'migration', '产品默认的通知规则 / the product''s default routing');

INSERT INTO route (version, position, event_type, min_severity, unit_kind, role, urgency, reason) VALUES
    (1, 1, 'rectification.form_issued', 0, '', '', 2,
     '问题反馈单下达到责任单位（种子文章 2.3 问题反馈单闭环管控）'),
    (1, 2, 'rectification.deadline_reminder', 0, '', '', 2,
     '整改期限临近提醒责任单位'),
    (1, 3, 'rectification.form_overdue', 0, '', '', 2,
     '整改逾期通知责任单位'),
    (1, 4, 'rectification.form_overdue', 2, 'plant', 'plant_safety_manager', 3,
     '重大隐患逾期直达厂区安全负责人（《安全生产事故隐患排查治理暂行规定》第十五条 重大隐患治理方案）'),
    (1, 5, 'rectification.form_escalated', 0, '', '', 2,
     '逾期沿组织链逐级升级：通知升级到达的每一级（其角色由事件给出）'),
    (1, 6, 'rectification.recurrence_detected', 0, '', '', 2,
     '同一隐患重复出现，通知升级到达的单位'),
    (1, 7, 'inspection.major_hazard_found', 2, 'plant', 'plant_safety_manager', 3,
     '发现重大隐患立即报告厂区安全负责人（《安全生产法》(2021) 第四十一条 重大事故隐患及时报告）'),
    (1, 8, 'inspection.task_missed', 0, '', 'team_leader', 2,
     '班组日查漏检通知班组长（四查制度）'),
    (1, 9, 'lesson.assignment_created', 0, '', 'safety_officer', 2,
     '举一反三任务下达到每个目标单位的安全员（种子文章 2.4）'),
    (1, 10, 'lesson.assignment_overdue', 0, '', '', 2,
     '举一反三自查逾期通知升级到达的单位'),
    (1, 11, 'training.certificate_due', 0, 'team', 'team_leader', 1,
     '特种作业证书到期前提醒班组长（总局令第30号 复审）'),
    (1, 12, 'scoring.letter_missing', 0, '', '', 1,
     '未签安全生产责任书的单位或人员，每日汇总提醒（种子文章 2.2 无遗漏、全覆盖）'),
    (1, 13, 'scoring.month_closed', 0, 'plant', 'plant_safety_manager', 1,
     '月度安全综合考核结算后通知厂区安全负责人（种子文章 2.5）');

-- The notifier's own numbers, with why.
CREATE TABLE notify_setting (
    key     text PRIMARY KEY,
    value   bigint NOT NULL CHECK (value >= 0),
    reason  text NOT NULL
);

INSERT INTO notify_setting (key, value, reason) VALUES
    ('dingtalk_per_minute', 20,
     '钉钉自定义机器人每个机器人每分钟最多发送20条消息（钉钉开放平台文档：自定义机器人发送消息频率限制）'),
    ('wecom_per_minute', 20,
     '企业微信群机器人每个机器人发送的消息不能超过20条/分钟（企业微信开发者文档：群机器人配置说明）'),
    ('feishu_per_minute', 100,
     '飞书自定义机器人频率限制：100次/分钟，5次/秒（飞书开放平台文档：自定义机器人使用指南）'),
    ('feishu_per_second', 5, '同上 / as above'),
    ('retry_max_attempts', 12, '失败重试次数上限，此后记为放弃（退避从5秒起翻倍，最长1小时）'),
    ('retry_first_seconds', 5, '第一次重试的等待秒数'),
    ('retry_max_seconds', 3600, '两次重试之间最长等待秒数'),
    ('urgent_ack_minutes', 30, '紧急消息30分钟内未确认即沿组织链上报一级'),
    ('webhook_tolerance_seconds', 300, 'Standard Webhooks 规范建议接收方容忍的时间偏差（5分钟）');

-- Message texts per event type and language: {placeholders} filled from the event (README).
CREATE TABLE template (
    code      text NOT NULL,                 -- the event type, or a route's own template code
    language  text NOT NULL CHECK (language IN ('zh', 'en')),
    subject   text NOT NULL,
    body      text NOT NULL,                 -- markdown where the channel takes it, else plain
    PRIMARY KEY (code, language)
);

-- Placeholders: {unit} the unit's name, {number} the object's number, {text} its description or
-- title, {deadline} a local date-time, {days} days left or overdue, {step} the escalation step,
-- {link} back to the object on the gateway.
INSERT INTO template (code, language, subject, body) VALUES
    ('rectification.form_issued', 'zh', '问题反馈单 {number} 已下达', E'**问题反馈单 {number}**\n{unit}：{text}\n整改期限：{deadline}\n[查看]({link})'),
    ('rectification.form_issued', 'en', 'Feedback form {number} issued', E'**Feedback form {number}**\n{unit}: {text}\nDeadline: {deadline}\n[Open]({link})'),
    ('rectification.deadline_reminder', 'zh', '整改期限提醒：{number} 还剩 {days} 天', E'**整改期限提醒**\n{unit} 的问题反馈单 {number} 还剩 {days} 天到期（{deadline}）。\n{text}\n[查看]({link})'),
    ('rectification.deadline_reminder', 'en', 'Rectification due in {days} days: {number}', E'**Rectification deadline**\nForm {number} of {unit} is due in {days} days ({deadline}).\n{text}\n[Open]({link})'),
    ('rectification.form_overdue', 'zh', '整改逾期：{number}', E'**整改逾期**\n{unit} 的问题反馈单 {number} 已超过整改期限（{deadline}）。\n{text}\n[查看]({link})'),
    ('rectification.form_overdue', 'en', 'Rectification overdue: {number}', E'**Rectification overdue**\nForm {number} of {unit} passed its deadline ({deadline}).\n{text}\n[Open]({link})'),
    ('rectification.form_escalated', 'zh', '整改逾期升级（第{step}级）：{number}', E'**整改逾期升级 第{step}级**\n{unit} 的问题反馈单 {number} 已逾期 {days} 天，请督促整改。\n{text}\n[查看]({link})'),
    ('rectification.form_escalated', 'en', 'Overdue rectification escalated (step {step}): {number}', E'**Escalated, step {step}**\nForm {number} of {unit} is {days} days overdue: please see it rectified.\n{text}\n[Open]({link})'),
    ('rectification.recurrence_detected', 'zh', '隐患重复出现：{number}', E'**隐患重复出现**\n{unit} 的问题反馈单 {number} 与已整改的隐患相同。\n{text}\n[查看]({link})'),
    ('rectification.recurrence_detected', 'en', 'Hazard recurred: {number}', E'**Hazard recurred**\nForm {number} of {unit} repeats a hazard already rectified.\n{text}\n[Open]({link})'),
    ('inspection.major_hazard_found', 'zh', '发现重大隐患：{number}', E'**发现重大隐患**\n{unit}：{text}\n请立即组织处置并制定治理方案。\n[查看]({link})'),
    ('inspection.major_hazard_found', 'en', 'Major hazard found: {number}', E'**Major hazard found**\n{unit}: {text}\nAct at once and draw up the treatment plan.\n[Open]({link})'),
    ('inspection.task_missed', 'zh', '检查任务漏检：{unit}', E'**检查任务漏检**\n{unit} 的检查任务（{text}）在 {deadline} 前未完成。\n[查看]({link})'),
    ('inspection.task_missed', 'en', 'Inspection task missed: {unit}', E'**Inspection task missed**\nThe task of {unit} ({text}) was not done by {deadline}.\n[Open]({link})'),
    ('lesson.assignment_created', 'zh', '举一反三自查：{text}', E'**举一反三自查任务**\n{unit}：请对照「{text}」开展专项自查，{deadline} 前上报。\n[查看]({link})'),
    ('lesson.assignment_created', 'en', 'Lesson self-check: {text}', E'**Lesson self-check**\n{unit}: check yourselves against "{text}" and report by {deadline}.\n[Open]({link})'),
    ('lesson.assignment_overdue', 'zh', '举一反三自查逾期：{unit}', E'**举一反三自查逾期**\n{unit} 未在 {deadline} 前上报「{text}」的自查结果。\n[查看]({link})'),
    ('lesson.assignment_overdue', 'en', 'Lesson self-check overdue: {unit}', E'**Lesson self-check overdue**\n{unit} did not report its self-check on "{text}" by {deadline}.\n[Open]({link})'),
    ('training.certificate_due', 'zh', '特种作业证书到期提醒', E'**特种作业证书到期提醒**\n{unit}：{text}，到期日 {deadline}，请安排复审或换证。\n[查看]({link})'),
    ('training.certificate_due', 'en', 'Special-operation certificate due', E'**Certificate due**\n{unit}: {text}, due {deadline}: arrange the review or renewal.\n[Open]({link})'),
    ('scoring.letter_missing', 'zh', '安全生产责任书未签订：{unit}', E'**安全生产责任书未签订**\n{text} 已 {days} 天未签订本年度安全生产责任书。\n[查看]({link})'),
    ('scoring.letter_missing', 'en', 'Responsibility letter not signed: {unit}', E'**Responsibility letter not signed**\n{text} has gone {days} days without this year''s letter.\n[Open]({link})'),
    ('scoring.month_closed', 'zh', '{text} 月度安全综合考核已结算', E'**月度安全综合考核已结算**\n{unit} {text}：查看排名与奖惩。\n[查看]({link})'),
    ('scoring.month_closed', 'en', 'Safety assessment of {text} closed', E'**Monthly safety assessment closed**\n{unit} {text}: see the ranking and the rewards and penalties.\n[Open]({link})');
