-- Inspection records, findings (hidden hazards), 三违 records and shift meetings.
CREATE TABLE number_seq (
    scope       text PRIMARY KEY,         -- e.g. 'P01-F2026'
    last        bigint NOT NULL
);

CREATE TABLE record (
    id            bigserial PRIMARY KEY,
    task_id       bigint NOT NULL UNIQUE REFERENCES task (id),
    inspector     text NOT NULL,
    executor_unit text NOT NULL,
    target_unit   text NOT NULL,
    plant_code    text NOT NULL,
    recorded_ms   bigint NOT NULL,
    passed        int NOT NULL,
    failed        int NOT NULL,
    remarks       text NOT NULL DEFAULT ''
);
CREATE INDEX record_by_target ON record (target_unit, recorded_ms);

CREATE TABLE record_item (
    record_id   bigint NOT NULL REFERENCES record (id),
    key         text NOT NULL,
    text_zh     text NOT NULL,
    text_en     text NOT NULL,
    passed      boolean NOT NULL,
    note        text NOT NULL DEFAULT '',
    PRIMARY KEY (record_id, key)
);

CREATE TABLE finding (
    id                 bigserial PRIMARY KEY,
    number             text NOT NULL UNIQUE,
    description        text NOT NULL,
    factor             smallint NOT NULL,
    location           text NOT NULL DEFAULT '',
    severity           smallint NOT NULL,
    responsible_unit   text NOT NULL,
    responsible_person text NOT NULL DEFAULT '',
    attachments        text[] NOT NULL DEFAULT '{}',
    source             smallint NOT NULL,
    task_id            bigint,
    record_id          bigint,
    lesson_ref         text NOT NULL DEFAULT '',
    reporter           text NOT NULL,
    reporter_unit      text NOT NULL DEFAULT '',
    plant_code         text NOT NULL DEFAULT '',
    reported_ms        bigint NOT NULL,
    status             smallint NOT NULL DEFAULT 1,   -- inspection.FindingStatus
    form_number        text NOT NULL DEFAULT '',
    hazard_key         text NOT NULL DEFAULT ''
);
CREATE INDEX finding_by_unit ON finding (responsible_unit, status);
CREATE INDEX finding_by_record ON finding (record_id);

CREATE TABLE violation (
    id          bigserial PRIMARY KEY,
    number      text NOT NULL UNIQUE,
    type        smallint NOT NULL,        -- inspection.ViolationType
    person_code text NOT NULL,
    unit_code   text NOT NULL,
    plant_code  text NOT NULL DEFAULT '',
    description text NOT NULL,
    location    text NOT NULL DEFAULT '',
    occurred_ms bigint NOT NULL,
    recorded_by text NOT NULL,
    recorded_ms bigint NOT NULL
);
CREATE INDEX violation_by_unit ON violation (unit_code, occurred_ms);
CREATE INDEX violation_by_person ON violation (person_code);

CREATE TABLE meeting (
    id            bigserial PRIMARY KEY,
    team_code     text NOT NULL,
    shift_date    date NOT NULL,
    shift_no      smallint NOT NULL,
    kind          smallint NOT NULL,      -- inspection.MeetingKind
    attendees     text[] NOT NULL,
    absentees     text[] NOT NULL DEFAULT '{}',
    topics        text NOT NULL,
    risks_briefed text NOT NULL DEFAULT '',
    recorded_by   text NOT NULL,
    recorded_ms   bigint NOT NULL,
    UNIQUE (team_code, shift_date, shift_no, kind)
);
