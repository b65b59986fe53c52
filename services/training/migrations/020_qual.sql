-- Area qual (README_qual.md): three-level onboarding and the yearly refresher, courses,
-- sessions and attendance, special-operation certificates, the posts that require them, and
-- the last qualification judged per person. The national numbers stay in training_rule
-- (migration 001); the tables below hold what the rules name (sectors, certificate types) as
-- data with their source.

-- A special-equipment operator certificate (起重 hoisting) follows another rule than 第30号令.
INSERT INTO training_rule (name, value, unit, source) VALUES
    ('special_equipment_certificate_valid_years', 4, 'years',
     '特种设备作业人员考核规则（TSG Z6001-2019）第二十二条：《特种设备安全管理和作业人员证》每4年复审一次');

-- The high-risk sectors 3号令 第十三条 names: a plant marked with one needs
-- onboarding_hours_high_risk and refresher_hours_high_risk.
CREATE TABLE qual_sector (
    code      text PRIMARY KEY,
    name_zh   text NOT NULL,
    name_en   text NOT NULL,
    source    text NOT NULL
);

INSERT INTO qual_sector (code, name_zh, name_en, source) VALUES
    ('coal_mine', '煤矿', 'Coal mining', '国家安监总局令第3号第十三条'),
    ('non_coal_mine', '非煤矿山', 'Non-coal mining', '国家安监总局令第3号第十三条'),
    ('hazardous_chemicals', '危险化学品', 'Hazardous chemicals', '国家安监总局令第3号第十三条'),
    ('fireworks', '烟花爆竹', 'Fireworks', '国家安监总局令第3号第十三条'),
    ('metal_smelting', '金属冶炼', 'Metal smelting', '国家安监总局令第3号第十三条');

-- Plants in a high-risk sector, set by admin or ehs (QualificationSetPlantSector).
CREATE TABLE qual_plant_sector (
    plant_code   text PRIMARY KEY,
    sector_code  text NOT NULL REFERENCES qual_sector (code),
    set_by       text NOT NULL,
    set_ms       bigint NOT NULL
);

-- How the onboarding hours divide among the levels: parts of the total (onboarding_hours or
-- onboarding_hours_high_risk), rounded up. The national rule fixes only the total.
CREATE TABLE qual_level_share (
    level     smallint PRIMARY KEY CHECK (level BETWEEN 1 AND 3),
    parts     integer NOT NULL CHECK (parts > 0),
    source    text NOT NULL
);

INSERT INTO qual_level_share (level, parts, source) VALUES
    (1, 1, '企业规定（本平台默认）：三级教育学时平均分配；3号令第十三条只规定总学时'),
    (2, 1, '企业规定（本平台默认）：三级教育学时平均分配；3号令第十三条只规定总学时'),
    (3, 1, '企业规定（本平台默认）：三级教育学时平均分配；3号令第十三条只规定总学时');

-- One row per employee whose levels were opened: the post they were onboarded for (a
-- different current post is a job change) and an absence under way.
CREATE TABLE qual_onboarding (
    employee_code    text PRIMARY KEY,
    post_code        text NOT NULL,
    plant_code       text NOT NULL,
    opened_ms        bigint NOT NULL,
    round            integer NOT NULL DEFAULT 1,    -- +1 per reopening (job change, return)
    away_since_ms    bigint,                        -- NULL when not away
    away_by_org      boolean NOT NULL DEFAULT false, -- away because the org copy has them inactive
    version          bigint NOT NULL DEFAULT 1
);

CREATE TABLE qual_level (
    employee_code    text NOT NULL REFERENCES qual_onboarding (employee_code),
    level            smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    hours_required   integer NOT NULL CHECK (hours_required >= 0),
    hours_credited   integer NOT NULL DEFAULT 0 CHECK (hours_credited >= 0),
    exam_passed      boolean,                       -- NULL: no exam recorded since opened
    exam_score       integer,
    opened_ms        bigint NOT NULL,
    passed_ms        bigint,
    PRIMARY KEY (employee_code, level)
);

CREATE TABLE qual_course (
    code         text PRIMARY KEY,
    title_zh     text NOT NULL,
    title_en     text NOT NULL,
    category     text NOT NULL,
    hours        integer NOT NULL CHECK (hours BETWEEN 1 AND 100),
    level        smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    unit_code    text NOT NULL,
    created_by   text NOT NULL,
    created_ms   bigint NOT NULL
);

CREATE INDEX qual_course_unit ON qual_course (unit_code);

CREATE TABLE qual_session (
    id           bigserial PRIMARY KEY,
    course_code  text NOT NULL REFERENCES qual_course (code),
    unit_code    text NOT NULL,
    plant_code   text NOT NULL,
    date_ms      bigint NOT NULL,
    trainer      text NOT NULL,
    created_by   text NOT NULL,
    created_ms   bigint NOT NULL
);

CREATE INDEX qual_session_unit ON qual_session (unit_code, date_ms);

CREATE TABLE qual_attendance (
    session_id     bigint NOT NULL REFERENCES qual_session (id),
    employee_code  text NOT NULL,
    hours          integer NOT NULL CHECK (hours > 0),
    credited_to    smallint NOT NULL DEFAULT 0,     -- the level credited, 0 none
    recorded_by    text NOT NULL,
    recorded_ms    bigint NOT NULL,
    PRIMARY KEY (session_id, employee_code)
);

CREATE INDEX qual_attendance_employee ON qual_attendance (employee_code);

-- The special-operation certificate types, as data: the rules of their validity and review
-- are rows of training_rule (review_rule NULL: no review between issue and expiry).
CREATE TABLE qual_certificate_type (
    code         text PRIMARY KEY,
    name_zh      text NOT NULL,
    name_en      text NOT NULL,
    valid_rule   text NOT NULL REFERENCES training_rule (name),
    review_rule  text REFERENCES training_rule (name),
    source       text NOT NULL
);

INSERT INTO qual_certificate_type (code, name_zh, name_en, valid_rule, review_rule, source) VALUES
    ('electrician', '电工作业', 'Electrical work', 'special_certificate_valid_years',
     'special_certificate_review_years', '国家安监总局令第30号 附件《特种作业目录》1'),
    ('welding', '焊接与热切割作业', 'Welding and hot cutting', 'special_certificate_valid_years',
     'special_certificate_review_years', '国家安监总局令第30号 附件《特种作业目录》2'),
    ('height', '高处作业', 'Work at height', 'special_certificate_valid_years',
     'special_certificate_review_years', '国家安监总局令第30号 附件《特种作业目录》3'),
    ('refrigeration', '制冷与空调作业', 'Refrigeration and air conditioning', 'special_certificate_valid_years',
     'special_certificate_review_years', '国家安监总局令第30号 附件《特种作业目录》4'),
    ('hazardous_chemicals', '危险化学品安全作业', 'Hazardous chemical operations', 'special_certificate_valid_years',
     'special_certificate_review_years', '国家安监总局令第30号 附件《特种作业目录》9'),
    ('hoisting', '起重机械作业（特种设备）', 'Hoisting machinery (special equipment)',
     'special_equipment_certificate_valid_years', NULL, '特种设备作业人员考核规则（TSG Z6001-2019）');

CREATE TABLE qual_certificate (
    id             bigserial PRIMARY KEY,
    employee_code  text NOT NULL,
    plant_code     text NOT NULL,
    type_code      text NOT NULL REFERENCES qual_certificate_type (code),
    number         text NOT NULL,
    authority      text NOT NULL,
    issued_ms      bigint NOT NULL,
    expires_ms     bigint NOT NULL CHECK (expires_ms > issued_ms),
    reviewed_ms    bigint,
    review_due_ms  bigint,                          -- NULL when no review falls before expiry
    recorded_by    text NOT NULL,
    recorded_ms    bigint NOT NULL,
    version        bigint NOT NULL DEFAULT 1,
    UNIQUE (type_code, number)
);

CREATE INDEX qual_certificate_employee ON qual_certificate (employee_code);
CREATE INDEX qual_certificate_expires ON qual_certificate (expires_ms);
CREATE INDEX qual_certificate_review ON qual_certificate (review_due_ms);

-- training.certificate_due sent: once per certificate, kind (1 expiry, 2 review) and due date.
CREATE TABLE qual_certificate_reminder (
    certificate_id  bigint NOT NULL REFERENCES qual_certificate (id),
    kind            smallint NOT NULL CHECK (kind IN (1, 2)),
    due_ms          bigint NOT NULL,
    sent_ms         bigint NOT NULL,
    PRIMARY KEY (certificate_id, kind, due_ms)
);

-- The certificate types a post requires.
CREATE TABLE qual_post_certificate (
    post_code   text NOT NULL,
    type_code   text NOT NULL REFERENCES qual_certificate_type (code),
    set_by      text NOT NULL,
    set_ms      bigint NOT NULL,
    PRIMARY KEY (post_code, type_code)
);

-- The last qualification the scheduled job judged per employee: an event when it flips.
CREATE TABLE qual_status (
    employee_code  text PRIMARY KEY,
    qualified      boolean NOT NULL,
    reasons        text NOT NULL,                   -- the reason kinds, for a look
    changed_ms     bigint NOT NULL,
    checked_ms     bigint NOT NULL,
    version        bigint NOT NULL DEFAULT 1
);

CREATE INDEX qual_status_checked ON qual_status (checked_ms);
