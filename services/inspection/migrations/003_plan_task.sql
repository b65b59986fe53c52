-- Plant calendars, check plans and the tasks the scheduler generates from them.
CREATE TABLE plant_calendar (
    plant_code  text PRIMARY KEY,
    time_zone   text NOT NULL,
    shifts      text[] NOT NULL,          -- 'HH:MM-HH:MM' local, in shift order
    updated_by  text NOT NULL,
    updated_ms  bigint NOT NULL
);

CREATE TABLE plan (
    id          bigserial PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    level       smallint NOT NULL,        -- inspection.PlanLevel
    scope_unit  text NOT NULL,
    title_zh    text NOT NULL,
    title_en    text NOT NULL DEFAULT '',
    starts_on   date NOT NULL,
    ends_on     date,
    target_kind smallint NOT NULL DEFAULT 0,
    active      boolean NOT NULL DEFAULT true,
    created_by  text NOT NULL,
    created_ms  bigint NOT NULL
);

CREATE TABLE plan_free_item (
    plan_id     bigint NOT NULL REFERENCES plan (id),
    n           int NOT NULL,
    text_zh     text NOT NULL,
    text_en     text NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, n)
);

CREATE TABLE task (
    id            bigserial PRIMARY KEY,
    plan_id       bigint NOT NULL REFERENCES plan (id),
    kind          smallint NOT NULL,      -- inspection.TaskKind
    executor_unit text NOT NULL,
    target_unit   text NOT NULL,
    plant_code    text NOT NULL,
    shift_date    date NOT NULL,
    shift_no      smallint NOT NULL DEFAULT 0,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    status        smallint NOT NULL DEFAULT 1,   -- inspection.TaskStatus
    record_id     bigint,
    closed_ms     bigint,
    UNIQUE (plan_id, target_unit, kind, shift_date, shift_no)
);
CREATE INDEX task_open_by_end ON task (window_end) WHERE status = 1;
CREATE INDEX task_by_executor ON task (executor_unit, shift_date);
CREATE INDEX task_by_target ON task (target_unit, shift_date);
