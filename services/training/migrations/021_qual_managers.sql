-- Area qual (README_qual.md): the own hours of a unit's principal and safety managers
-- (主要负责人和安全生产管理人员), and the posts whose holders count as such.
INSERT INTO training_rule (name, value, unit, source) VALUES
    ('manager_initial_hours', 32, 'hours',
     '生产经营单位安全培训规定（国家安监总局令第3号）第九条：主要负责人和安全生产管理人员初次安全培训时间不得少于32学时'),
    ('manager_yearly_hours', 12, 'hours',
     '国家安监总局令第3号第九条：主要负责人和安全生产管理人员每年再培训时间不得少于12学时'),
    ('manager_initial_hours_high_risk', 48, 'hours',
     '国家安监总局令第3号第九条：煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼等生产经营单位主要负责人和安全生产管理人员安全资格培训时间不得少于48学时'),
    ('manager_yearly_hours_high_risk', 16, 'hours',
     '国家安监总局令第3号第九条：上述单位主要负责人和安全生产管理人员每年再培训时间不得少于16学时');

-- Courses of level 5 (management) count for these hours only.
ALTER TABLE qual_course DROP CONSTRAINT qual_course_level_check;
ALTER TABLE qual_course ADD CONSTRAINT qual_course_level_check CHECK (level BETWEEN 1 AND 5);

-- The posts whose holders are principals or safety managers, set by admin or ehs
-- (QualificationSetManagerPost): who counts is data, not a role of an account.
CREATE TABLE qual_manager_post (
    post_code  text PRIMARY KEY,
    set_by     text NOT NULL,
    set_ms     bigint NOT NULL
);
