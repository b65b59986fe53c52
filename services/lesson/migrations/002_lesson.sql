-- Lessons, their targets and assignments, the copy of inspection's hazard lists the targeting
-- reads, and what rectification said of the self-checks' findings (README.md, "Tables").

CREATE SEQUENCE lesson_number_seq;

CREATE TABLE lesson (
    id                bigserial PRIMARY KEY,
    number            text NOT NULL UNIQUE,                 -- L<year>-<seq>
    source            smallint NOT NULL,                    -- lesson.LessonSource
    source_ref        text NOT NULL DEFAULT '',
    title_zh          text NOT NULL,
    title_en          text NOT NULL DEFAULT '',
    summary           text NOT NULL,
    occurred_on       date,
    place             text NOT NULL DEFAULT '',
    deaths            int NOT NULL CHECK (deaths >= 0),
    serious_injuries  int NOT NULL CHECK (serious_injuries >= 0),
    direct_loss_yuan  bigint NOT NULL CHECK (direct_loss_yuan >= 0),
    grade             smallint NOT NULL REFERENCES accident_grade (grade),
    grade_criterion   text NOT NULL DEFAULT '',
    causes            text NOT NULL DEFAULT '',
    factors           smallint[] NOT NULL DEFAULT '{}',     -- inspection.Factor
    tags              text[] NOT NULL,                      -- lesson_tag.code
    actions           text[] NOT NULL,
    deadline_on       date NOT NULL,
    deadline_ms       bigint NOT NULL,                      -- end of deadline_on in lesson.time_zone
    scope_unit        text NOT NULL,
    plant_code        text NOT NULL DEFAULT '',
    origin_number     text NOT NULL DEFAULT '',             -- inspection finding / violation
    status            smallint NOT NULL,                    -- lesson.LessonStatus
    created_by        text NOT NULL,
    created_ms        bigint NOT NULL,
    published_by      text NOT NULL DEFAULT '',
    published_ms      bigint NOT NULL DEFAULT 0,
    closed_ms         bigint NOT NULL DEFAULT 0,
    version           bigint NOT NULL DEFAULT 1
);

CREATE INDEX lesson_by_scope ON lesson (scope_unit, id DESC);
CREATE INDEX lesson_by_origin ON lesson (origin_number) WHERE origin_number <> '';

-- Why each target was chosen, as the publication computed it (at most 5 reasons kept per unit).
CREATE TABLE lesson_target (
    lesson_id     bigint NOT NULL REFERENCES lesson (id),
    unit_code     text NOT NULL,
    reason_count  int NOT NULL,
    reasons       bytea NOT NULL,                           -- lesson.Target packed, reasons included
    PRIMARY KEY (lesson_id, unit_code)
);

CREATE TABLE assignment (
    id                bigserial PRIMARY KEY,
    lesson_id         bigint NOT NULL REFERENCES lesson (id),
    unit_code         text NOT NULL,
    plant_code        text NOT NULL DEFAULT '',
    unit_kind         smallint NOT NULL,                    -- directory.Kind, the special plan's target kind
    status            smallint NOT NULL,                    -- lesson.AssignmentStatus
    deadline_ms       bigint NOT NULL,
    acknowledged_ms   bigint NOT NULL DEFAULT 0,
    acknowledged_by   text NOT NULL DEFAULT '',
    -- The special check asked of inspection: an outbox of one call (check_sent_ms NULL: not yet
    -- acknowledged), tried by the job lesson.checks with backoff (lesson_checks.c).
    plan_code         text NOT NULL UNIQUE,                 -- LS<id>
    check_sent_ms     bigint,
    check_attempts    int NOT NULL DEFAULT 0,
    check_next_try_ms bigint NOT NULL DEFAULT 0,
    check_error       text NOT NULL DEFAULT '',
    task_id           bigint NOT NULL DEFAULT 0,
    record_id         bigint NOT NULL DEFAULT 0,
    self_checked_ms   bigint NOT NULL DEFAULT 0,
    items_passed      int NOT NULL DEFAULT 0,
    items_failed      int NOT NULL DEFAULT 0,
    check_missed      boolean NOT NULL DEFAULT false,
    report            text NOT NULL DEFAULT '',
    reported_by       text NOT NULL DEFAULT '',
    reported_ms       bigint NOT NULL DEFAULT 0,
    closed_ms         bigint NOT NULL DEFAULT 0,
    late              boolean NOT NULL DEFAULT false,
    escalation_step   int NOT NULL DEFAULT 0,
    escalated_to      text NOT NULL DEFAULT '',
    next_escalation_ms bigint NOT NULL,                     -- the deadline, then every escalation_hours
    version           bigint NOT NULL DEFAULT 1,
    UNIQUE (lesson_id, unit_code)
);

CREATE INDEX assignment_by_unit ON assignment (unit_code, id DESC);
CREATE INDEX assignment_check_due ON assignment (check_next_try_ms) WHERE check_sent_ms IS NULL;
CREATE INDEX assignment_escalation_due ON assignment (next_escalation_ms) WHERE status < 4;

-- The findings a self-check raised (from inspection.inspection_done), and when rectification
-- closed or cancelled their forms.
CREATE TABLE assignment_finding (
    assignment_id     bigint NOT NULL REFERENCES assignment (id),
    finding_id        bigint NOT NULL,
    finding_number    text NOT NULL,
    PRIMARY KEY (assignment_id, finding_id)
);

CREATE INDEX assignment_finding_by_finding ON assignment_finding (finding_id);

-- What rectification said of a finding's form (rectification.form_closed / form_cancelled),
-- kept for every finding: the form's event may be read before inspection's record of the
-- self-check (two streams, read side by side). Outcomes no assignment holds are deleted after
-- lesson_rule.outcome_days (020_assign.sql).
CREATE TABLE finding_outcome (
    finding_id        bigint PRIMARY KEY,
    outcome           text NOT NULL CHECK (outcome IN ('closed', 'cancelled')),
    form_number       text NOT NULL,
    at_ms             bigint NOT NULL
);

-- The current hazard identification list of each unit and year, copied from
-- inspection.hazard_list_imported (the whole list rides in each event); a newer version of a
-- (unit, year) replaces its rows. Targeting reads each unit's latest year.
CREATE TABLE unit_hazard_list (
    unit_code   text NOT NULL,
    year        int NOT NULL,
    version     int NOT NULL,
    PRIMARY KEY (unit_code, year)
);

CREATE TABLE unit_hazard (
    unit_code      text NOT NULL,
    year           int NOT NULL,
    item_id        bigint NOT NULL,
    seq            int NOT NULL,
    factor         smallint NOT NULL,
    hazard         text NOT NULL,
    accident_type  text NOT NULL,
    PRIMARY KEY (unit_code, year, item_id),
    FOREIGN KEY (unit_code, year) REFERENCES unit_hazard_list (unit_code, year) ON DELETE CASCADE
);

CREATE INDEX unit_hazard_by_type ON unit_hazard (accident_type);
