-- Feedback forms (问题反馈单). The state machine is checked by the daemon
-- (rectification_machine.c), not here, so the rule has one home; the database guards identity:
-- one form per finding, one number per form.
CREATE TABLE form (
    id                   bigserial PRIMARY KEY,
    number               text NOT NULL UNIQUE,
    finding_id           bigint UNIQUE,                 -- NULL for a direct form
    finding_number       text NOT NULL DEFAULT '',
    status               smallint NOT NULL CHECK (status BETWEEN 1 AND 6),
    severity             smallint NOT NULL CHECK (severity BETWEEN 1 AND 2),
    description          text NOT NULL,
    location             text NOT NULL DEFAULT '',
    hazard_key           text NOT NULL DEFAULT '',
    responsible_unit     text NOT NULL,
    responsible_person   text NOT NULL DEFAULT '',
    issuer_unit          text NOT NULL,
    issued_by            text NOT NULL DEFAULT '',
    plant_code           text NOT NULL DEFAULT '',
    requirement          text NOT NULL,
    deadline_ms          bigint NOT NULL,
    pdca                 smallint NOT NULL CHECK (pdca BETWEEN 1 AND 4),
    attachments          text[] NOT NULL DEFAULT '{}',
    plan_recorded        boolean NOT NULL DEFAULT false,
    plan_measures        text NOT NULL DEFAULT '',
    plan_unit            text NOT NULL DEFAULT '',
    plan_person          text NOT NULL DEFAULT '',
    plan_funds_fen       bigint NOT NULL DEFAULT 0,
    plan_time_limit_ms   bigint NOT NULL DEFAULT 0,
    plan_interim         text NOT NULL DEFAULT '',
    plan_emergency_ref   text NOT NULL DEFAULT '',
    evidence_text        text NOT NULL DEFAULT '',
    evidence_attachments text[] NOT NULL DEFAULT '{}',
    evidence_cost_fen    bigint NOT NULL DEFAULT 0,
    submitted_by         text NOT NULL DEFAULT '',
    submitted_ms         bigint NOT NULL DEFAULT 0,
    recurrence_of        bigint REFERENCES form (id),
    issued_ms            bigint NOT NULL,
    closed_ms            bigint NOT NULL DEFAULT 0,
    verified_by          text NOT NULL DEFAULT '',
    note                 text NOT NULL DEFAULT '',
    rejections           int NOT NULL DEFAULT 0,
    escalation_step      int NOT NULL DEFAULT 0,
    overdue              boolean NOT NULL DEFAULT false,
    version              bigint NOT NULL DEFAULT 1,
    updated_at           timestamptz NOT NULL DEFAULT now (),
    CHECK (status <> 5 OR (submitted_ms > 0 AND evidence_text <> '' AND closed_ms > 0 AND verified_by <> '')),
    CHECK (verified_by = '' OR verified_by <> submitted_by)
);
CREATE INDEX form_responsible ON form (responsible_unit, status);
CREATE INDEX form_issued ON form (issued_ms);
-- Recurrence looks for the latest close of the same hazard in the same unit.
CREATE INDEX form_recurrence ON form (responsible_unit, hazard_key, closed_ms) WHERE status = 5;

-- The readable number's sequence, one per plant and year.
CREATE TABLE form_sequence (
    plant_code  text NOT NULL,
    year        int NOT NULL,
    last_seq    int NOT NULL,
    PRIMARY KEY (plant_code, year)
);

-- Every transition of every form, for the audit trail.
CREATE TABLE form_history (
    id           bigserial PRIMARY KEY,
    form_id      bigint NOT NULL REFERENCES form (id),
    transition   text NOT NULL,
    from_status  smallint NOT NULL,        -- 0 for the issue
    to_status    smallint NOT NULL,
    actor        text NOT NULL,
    actor_unit   text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    at_ms        bigint NOT NULL
);
CREATE INDEX form_history_form ON form_history (form_id, id);
