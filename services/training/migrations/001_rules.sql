-- The national rules the training daemon applies, as data with their source beside them
-- (DEVELOPERS.md: "National rules are data, with their source beside them"). Each area of
-- the daemon reads its numbers here (training_rules.h), never from a constant in C; an
-- enterprise stricter than the floor raises a value and names its own rule as the source.
CREATE TABLE training_rule (
    name      text PRIMARY KEY,
    value     bigint NOT NULL CHECK (value >= 0),
    unit      text NOT NULL,              -- hours, days, months, years, percent, count
    source    text NOT NULL               -- the rule and its article, as a person would cite it
);

INSERT INTO training_rule (name, value, unit, source) VALUES
    ('onboarding_hours', 24, 'hours',
     '生产经营单位安全培训规定（国家安监总局令第3号，2015年修正）第十三条：新上岗的从业人员，岗前安全培训时间不得少于24学时'),
    ('onboarding_hours_high_risk', 72, 'hours',
     '国家安监总局令第3号第十三条：煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼等生产经营单位新上岗的从业人员安全培训时间不得少于72学时'),
    ('refresher_hours_high_risk', 20, 'hours',
     '国家安监总局令第3号第十三条：上述单位从业人员每年再培训的时间不得少于20学时'),
    ('retrain_after_absence_months', 12, 'months',
     '国家安监总局令第3号第十五条：从业人员调整工作岗位或离岗一年以上重新上岗时，应当重新接受车间（工段、区、队）和班组级的安全培训'),
    ('exam_pass_percent', 80, 'percent',
     '企业规定（本平台默认）：考试合格分数线为满分的80%；国家规定未统一分数线'),
    ('special_certificate_valid_years', 6, 'years',
     '特种作业人员安全技术培训考核管理规定（国家安监总局令第30号）：特种作业操作证有效期为6年'),
    ('special_certificate_review_years', 3, 'years',
     '国家安监总局令第30号：特种作业操作证每3年复审1次'),
    ('special_certificate_renew_days', 60, 'days',
     '国家安监总局令第30号：特种作业操作证需要复审的，应当在期满前60日内提出申请');
