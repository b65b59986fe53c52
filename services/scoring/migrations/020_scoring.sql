-- The rules area's own tables (README_rules.md): forms being counted per day overdue, and
-- events naming a subject the org copy does not know (kept, logged, never retried forever).

-- A form rectification said is overdue (rectification.form_overdue): scoring_overdue.c writes
-- one form.overdue_day entry per whole day past deadline_ms, up to the rule's item_cap, until
-- closed_ms (form_closed or form_cancelled). days_scored: the days already written.
CREATE TABLE overdue_form (
    form_id             bigint PRIMARY KEY,
    number              text NOT NULL,
    plant_code          text NOT NULL,
    responsible_unit    text NOT NULL,
    responsible_person  text NOT NULL DEFAULT '',
    deadline_ms         bigint NOT NULL,
    closed_ms           bigint,
    days_scored         integer NOT NULL DEFAULT 0 CHECK (days_scored >= 0),
    source_event_id     text NOT NULL DEFAULT '',
    tracked_ms          bigint NOT NULL
);

CREATE INDEX overdue_form_open ON overdue_form (form_id) WHERE closed_ms IS NULL;

-- An event that could not be scored: its subject is unknown to the org copy, or it names
-- none. Kept for a person to look at; the event itself is acknowledged.
CREATE TABLE unscored_event (
    event_id    text NOT NULL,
    event_type  text NOT NULL,
    subject     text NOT NULL DEFAULT '',
    reason      text NOT NULL,
    at_ms       bigint NOT NULL,
    PRIMARY KEY (event_id, subject)
);
