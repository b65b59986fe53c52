-- The ledger and the months it is counted in (services/scoring/README.md, "The ledger",
-- "Months"). Points are centipoints (100 = 1 point). Enums are stored as smallint with the
-- values of scoring.proto (scoring_schema_test compares them).

-- The IANA zone each plant's months are counted in; a plant not listed uses scoring.time_zone.
CREATE TABLE plant_zone (
    plant_code  text PRIMARY KEY,
    time_zone   text NOT NULL
);

-- A month of a plant: open until CloseMonth; once closed, nothing of it changes (no entry of
-- it is written, updated or deleted: the trigger below refuses it).
CREATE TABLE month_state (
    plant_code    text NOT NULL,
    month         text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    status        smallint NOT NULL,          -- scoring.MonthStatus: 2 closed
    time_zone     text NOT NULL,
    starts_ms     bigint NOT NULL,
    ends_ms       bigint NOT NULL,
    closed_ms     bigint NOT NULL,
    closed_by     text NOT NULL,
    rule_version  bigint NOT NULL REFERENCES rule_version (version),
    entries       bigint NOT NULL,
    persons       integer NOT NULL,
    teams         integer NOT NULL,
    departments   integer NOT NULL,
    points        bigint NOT NULL,
    checksum      text NOT NULL,
    PRIMARY KEY (plant_code, month)
);

-- Every entry: traceable to its cause (source_event_id / source_ref) and the rule version it
-- was scored under. source_key names the cause once: the event id, or for entries the daemon
-- makes itself "overdue:<form id>", "clean:<month>", "reversal:<entry id>", "adjust:<request
-- id>"; with kind, item_no, the subject and the cascade level it is unique, so a cause is
-- scored exactly once however often its event arrives.
CREATE TABLE entry (
    id                 bigserial PRIMARY KEY,
    plant_code         text NOT NULL,
    month              text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    occurred_month     text NOT NULL CHECK (occurred_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    subject_kind       smallint NOT NULL,      -- scoring.SubjectKind
    subject_code       text NOT NULL,
    unit_code          text NOT NULL,          -- the person's unit when scored, or the unit itself
    team_code          text NOT NULL DEFAULT '',
    department_code    text NOT NULL DEFAULT '',
    kind               text NOT NULL REFERENCES event_kind (code),
    points             bigint NOT NULL,
    origin             smallint NOT NULL,      -- scoring.EntryOrigin
    source_key         text NOT NULL,
    source_event_id    text NOT NULL DEFAULT '',
    source_event_type  text NOT NULL DEFAULT '',
    source_ref         text NOT NULL DEFAULT '',
    item_no            integer NOT NULL DEFAULT 0,
    rule_version       bigint NOT NULL REFERENCES rule_version (version),
    parent_entry_id    bigint REFERENCES entry (id),
    cascade_level      smallint NOT NULL DEFAULT 0,
    factor             numeric(5,4) NOT NULL DEFAULT 0,
    reason_zh          text NOT NULL,
    reason_en          text NOT NULL,
    created_by         text NOT NULL DEFAULT '',
    occurred_ms        bigint NOT NULL,
    scored_ms          bigint NOT NULL,
    reversed           boolean NOT NULL DEFAULT false,
    UNIQUE (source_key, kind, item_no, subject_kind, subject_code, cascade_level)
);

CREATE INDEX entry_month ON entry (plant_code, month);
CREATE INDEX entry_subject ON entry (subject_code, month);
CREATE INDEX entry_parent ON entry (parent_entry_id) WHERE parent_entry_id IS NOT NULL;

-- A closed month's totals: one row per subject (person, team, department, plant), frozen.
CREATE TABLE month_total (
    plant_code      text NOT NULL,
    month           text NOT NULL,
    subject         text NOT NULL CHECK (subject IN ('person', 'team', 'department', 'plant')),
    code            text NOT NULL,
    parent_code     text NOT NULL DEFAULT '',
    points          bigint NOT NULL,
    direct_points   bigint NOT NULL,
    cascade_points  bigint NOT NULL,
    rewards         bigint NOT NULL,
    penalties       bigint NOT NULL,
    entries         integer NOT NULL,
    rank            integer NOT NULL,
    rank_of         integer NOT NULL,
    tier_code       text NOT NULL DEFAULT '',
    amount_yuan     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (plant_code, month, subject, code),
    FOREIGN KEY (plant_code, month) REFERENCES month_state (plant_code, month)
);

-- A closed month never changes: no entry counted in it can be written, changed or deleted
-- (the reversed flag aside, which an appeal sets on the entry it reverses: the reversal itself
-- counts in an open month), and its totals are written once. Checked once per statement over
-- its transition tables, not per row: a close writes tens of thousands of clean-month entries,
-- while its month_state row says "closing" (status 1), then closes it (2) in the same transaction.
CREATE FUNCTION entry_month_open () RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT n.plant_code, n.month INTO bad FROM new_rows n
          JOIN month_state s ON s.plant_code = n.plant_code AND s.month = n.month AND s.status = 2 LIMIT 1;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT o.plant_code, o.month INTO bad FROM old_rows o
          JOIN month_state s ON s.plant_code = o.plant_code AND s.month = o.month AND s.status = 2 LIMIT 1;
    ELSE
        SELECT o.plant_code, o.month INTO bad FROM old_rows o JOIN new_rows n ON n.id = o.id
          JOIN month_state s ON s.status = 2 AND ((s.plant_code = o.plant_code AND s.month = o.month)
                             OR (s.plant_code = n.plant_code AND s.month = n.month))
         WHERE to_jsonb (n) - 'reversed' <> to_jsonb (o) - 'reversed' LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION 'month % of plant % is closed', bad.month, bad.plant_code
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER entry_month_open_insert AFTER INSERT ON entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION entry_month_open ();
CREATE TRIGGER entry_month_open_update AFTER UPDATE ON entry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION entry_month_open ();
CREATE TRIGGER entry_month_open_delete AFTER DELETE ON entry
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION entry_month_open ();

CREATE FUNCTION month_total_frozen () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the totals of a closed month never change' USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER month_total_frozen BEFORE UPDATE OR DELETE ON month_total
    FOR EACH ROW EXECUTE FUNCTION month_total_frozen ();
