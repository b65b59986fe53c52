-- Exams (README_exam.md): the question bank with its versions, blueprints, attempts with the
-- paper each drew, and the two numbers of the exam rules that are not in 001.

-- The knowledge base's ten categories (安全知识库, the seed's section 2.1), by code: the exams
-- keep the code as text so that they need nothing of the knowledge base but these codes.
CREATE TABLE exam_category (
    code     text PRIMARY KEY,
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

INSERT INTO exam_category (code, name_zh, name_en) VALUES
    ('occupational_health', '职业健康防护与保健', 'Occupational health protection'),
    ('daily_rules', '日常安全生产规章制度', 'Daily safety rules'),
    ('must_know', '安全生产应知应会', 'Safety must-know'),
    ('post_norms', '岗位安全生产作业规范', 'Post operating norms'),
    ('post_notice', '岗位安全告知书', 'Post safety notices'),
    ('hazardous_chemicals', '危险化学品安全管理', 'Hazardous chemicals'),
    ('violation_cases', '安全生产三违案例库', 'Violation (三违) cases'),
    ('team_hazards', '班组危险源辨识与防范措施库', 'Team hazard identification and measures'),
    ('emergency', '安全事故应急管理', 'Accident emergency management'),
    ('protective_equipment', '劳动保护用品管理', 'Protective equipment');

INSERT INTO training_rule (name, value, unit, source) VALUES
    ('exam_attempt_limit', 3, 'count',
     '企业规定（本平台默认）：同一试卷方案每人最多考试3次；国家规定未统一次数'),
    ('exam_time_limit_minutes', 60, 'minutes',
     '企业规定（本平台默认）：考试时长60分钟；国家规定未统一时长');

-- A question's code and where it lives; its content is in exam_question_version. Nothing here is
-- ever deleted: a paper names the version it drew.
CREATE TABLE exam_question (
    code             text PRIMARY KEY,
    owner_unit       text NOT NULL,
    current_version  integer NOT NULL CHECK (current_version >= 1),
    created_ms       bigint NOT NULL,
    updated_ms       bigint NOT NULL
);
CREATE INDEX exam_question_owner ON exam_question (owner_unit);

CREATE TABLE exam_question_version (
    code         text NOT NULL REFERENCES exam_question (code),
    version      integer NOT NULL CHECK (version >= 1),
    category     text NOT NULL REFERENCES exam_category (code),
    type         smallint NOT NULL CHECK (type BETWEEN 1 AND 3),   -- training.QuestionType
    text         text NOT NULL,
    text_en      text NOT NULL DEFAULT '',
    option_a     text NOT NULL DEFAULT '',
    option_b     text NOT NULL DEFAULT '',
    option_c     text NOT NULL DEFAULT '',
    option_d     text NOT NULL DEFAULT '',
    option_e     text NOT NULL DEFAULT '',
    answer       text NOT NULL CHECK (answer ~ '^[A-E]+$'),
    explanation  text NOT NULL DEFAULT '',
    created_ms   bigint NOT NULL,
    created_by   text NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TABLE exam_blueprint (
    code                text PRIMARY KEY,
    unit_code           text NOT NULL,
    plant_code          text NOT NULL,
    title               text NOT NULL,
    title_en            text NOT NULL DEFAULT '',
    purpose             text NOT NULL DEFAULT '',
    time_limit_minutes  integer NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 1440),
    pass_percent        integer NOT NULL CHECK (pass_percent BETWEEN 1 AND 100),
    attempt_limit       integer NOT NULL CHECK (attempt_limit BETWEEN 1 AND 100),
    created_ms          bigint NOT NULL,
    created_by          text NOT NULL
);

CREATE TABLE exam_blueprint_part (
    blueprint_code  text NOT NULL REFERENCES exam_blueprint (code),
    seq             integer NOT NULL,
    category        text NOT NULL REFERENCES exam_category (code),
    type            smallint NOT NULL CHECK (type BETWEEN 0 AND 3),   -- 0: any type
    count           integer NOT NULL CHECK (count BETWEEN 1 AND 200),
    PRIMARY KEY (blueprint_code, seq)
);

-- One attempt of one person at a blueprint. status: training.ExamAttemptStatus as stored, open
-- (1) or submitted (2); an open attempt past its deadline reads as expired (3). The unique
-- number per person and blueprint holds the attempt limit against two starts at once.
CREATE TABLE exam_attempt (
    id              bigserial PRIMARY KEY,
    blueprint_code  text NOT NULL REFERENCES exam_blueprint (code),
    employee_code   text NOT NULL,
    unit_code       text NOT NULL,
    plant_code      text NOT NULL,
    attempt_number  integer NOT NULL CHECK (attempt_number >= 1),
    started_ms      bigint NOT NULL,
    deadline_ms     bigint NOT NULL,
    started_by      text NOT NULL,
    pass_percent    integer NOT NULL,
    status          smallint NOT NULL CHECK (status IN (1, 2)),
    submitted_ms    bigint NOT NULL DEFAULT 0,
    correct         integer NOT NULL DEFAULT 0,
    total           integer NOT NULL,
    score_percent   integer NOT NULL DEFAULT 0,
    passed          boolean NOT NULL DEFAULT false,
    UNIQUE (blueprint_code, employee_code, attempt_number)
);
CREATE INDEX exam_attempt_employee ON exam_attempt (employee_code, started_ms DESC, id DESC);
CREATE INDEX exam_attempt_started ON exam_attempt (started_ms DESC, id DESC);

-- The paper an attempt drew, in its order, and what was answered.
CREATE TABLE exam_attempt_question (
    attempt_id  bigint NOT NULL REFERENCES exam_attempt (id),
    seq         integer NOT NULL,
    code        text NOT NULL,
    version     integer NOT NULL,
    given       text NOT NULL DEFAULT '',
    correct     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (attempt_id, seq),
    UNIQUE (attempt_id, code),
    FOREIGN KEY (code, version) REFERENCES exam_question_version (code, version)
);
