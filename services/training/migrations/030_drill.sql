-- Area drill (README_drill.md): emergency drills (应急演练) with their participants, evaluation
-- and findings, the findings waiting to be sent to inspection, and safety campaigns grouping
-- the qual area's sessions (qual_session, read only) for a set of units.

-- The kinds of drill, as data: a new kind is a row, not a code change.
CREATE TABLE drill_kind (
    code      text PRIMARY KEY,
    name_zh   text NOT NULL,
    name_en   text NOT NULL,
    position  integer NOT NULL
);

INSERT INTO drill_kind (code, name_zh, name_en, position) VALUES
    ('fire', '火灾事故应急演练', 'Fire', 1),
    ('evacuation', '人员疏散演练', 'Evacuation', 2),
    ('lifting', '起重伤害应急演练', 'Lifting accident', 3),
    ('confined_space', '有限空间作业应急救援演练', 'Confined-space rescue', 4),
    ('chemical_leak', '危险化学品泄漏应急演练', 'Chemical leak', 5),
    ('electric_shock', '触电事故应急演练', 'Electric shock', 6),
    ('fall_from_height', '高处坠落应急演练', 'Fall from height', 7),
    ('mechanical_injury', '机械伤害应急演练', 'Mechanical injury', 8),
    ('gas_poisoning', '中毒窒息应急演练', 'Gas poisoning and asphyxiation', 9),
    ('flood', '防汛应急演练', 'Flood', 10),
    ('explosion', '爆炸事故应急演练', 'Explosion', 11);

-- state: 1 planned, 2 held, 3 evaluated, 4 cancelled (training.DrillState).
CREATE TABLE drill (
    id                bigserial PRIMARY KEY,
    unit_code         text NOT NULL,
    plant_code        text NOT NULL,
    kind_code         text NOT NULL REFERENCES drill_kind (code),
    scenario          text NOT NULL,
    planned_ms        bigint NOT NULL,
    organiser         text NOT NULL,
    state             smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 4),
    held_ms           bigint NOT NULL DEFAULT 0,
    duration_minutes  integer NOT NULL DEFAULT 0,
    score             integer CHECK (score BETWEEN 0 AND 100),
    grade             smallint NOT NULL DEFAULT 0 CHECK (grade BETWEEN 0 AND 4),
    strengths         text NOT NULL DEFAULT '',
    problems          text NOT NULL DEFAULT '',
    cancel_reason     text NOT NULL DEFAULT '',
    created_by        text NOT NULL,
    created_ms        bigint NOT NULL,
    evaluated_ms      bigint NOT NULL DEFAULT 0,
    version           bigint NOT NULL DEFAULT 1
);

CREATE INDEX drill_unit ON drill (unit_code, planned_ms);

CREATE TABLE drill_participant (
    drill_id       bigint NOT NULL REFERENCES drill (id),
    employee_code  text NOT NULL,
    added_by       text NOT NULL,
    added_ms       bigint NOT NULL,
    PRIMARY KEY (drill_id, employee_code)
);

-- The findings an evaluation raised, written in its transaction: also the outbox of findings
-- to send. A row with sent_ms NULL is still to be sent (training_drill_jobs.c): the job calls
-- inspection.ReportFinding with the key "training.drill_finding:<id>" until inspection
-- acknowledges, then stores the finding number it answered.
CREATE TABLE drill_finding (
    id                 bigserial PRIMARY KEY,
    drill_id           bigint NOT NULL REFERENCES drill (id),
    description        text NOT NULL,
    severity           smallint NOT NULL CHECK (severity IN (1, 2)),
    responsible_unit   text NOT NULL,
    plant_code         text NOT NULL,
    created_ms         bigint NOT NULL,
    sent_ms            bigint,
    inspection_number  text,
    attempts           integer NOT NULL DEFAULT 0,
    last_error         text NOT NULL DEFAULT '',
    next_try_ms        bigint NOT NULL DEFAULT 0
);

CREATE INDEX drill_finding_drill ON drill_finding (drill_id);
CREATE INDEX drill_finding_unsent ON drill_finding (next_try_ms, id) WHERE sent_ms IS NULL;

CREATE TABLE campaign (
    code         text PRIMARY KEY,
    title_zh     text NOT NULL,
    title_en     text NOT NULL,
    owner_unit   text NOT NULL,
    plant_code   text NOT NULL,
    starts_ms    bigint NOT NULL,
    ends_ms      bigint NOT NULL CHECK (ends_ms > starts_ms),
    created_by   text NOT NULL,
    created_ms   bigint NOT NULL,
    version      bigint NOT NULL DEFAULT 1
);

CREATE TABLE campaign_unit (
    campaign_code  text NOT NULL REFERENCES campaign (code),
    unit_code      text NOT NULL,
    PRIMARY KEY (campaign_code, unit_code)
);

CREATE INDEX campaign_unit_unit ON campaign_unit (unit_code);

CREATE TABLE campaign_session (
    campaign_code  text NOT NULL REFERENCES campaign (code),
    session_id     bigint NOT NULL REFERENCES qual_session (id),
    added_by       text NOT NULL,
    added_ms       bigint NOT NULL,
    PRIMARY KEY (campaign_code, session_id)
);
