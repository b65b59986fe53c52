-- Appeals against ledger entries (services/scoring/README_ledger.md, "Appeals"): open until a
-- safety officer decides; upheld leaves the entry standing, reversed writes a reversal entry
-- for the entry and each of its cascades (their ids in reversal_entry_ids) and flags them
-- reversed. An entry has at most one open appeal at a time.
CREATE TABLE appeal (
    id                  bigserial PRIMARY KEY,
    entry_id            bigint NOT NULL REFERENCES entry (id),
    plant_code          text NOT NULL,
    subject_code        text NOT NULL,
    unit_code           text NOT NULL,          -- the entry's unit: who may decide
    reason              text NOT NULL,
    filed_by            text NOT NULL,
    filed_ms            bigint NOT NULL,
    status              smallint NOT NULL,      -- scoring.AppealStatus: 1 open, 2 upheld, 3 reversed
    decided_by          text NOT NULL DEFAULT '',
    decided_ms          bigint NOT NULL DEFAULT 0,
    decision_note       text NOT NULL DEFAULT '',
    reversal_entry_ids  bigint[] NOT NULL DEFAULT '{}',
    version             bigint NOT NULL DEFAULT 1
);

CREATE UNIQUE INDEX appeal_open_once ON appeal (entry_id) WHERE status = 1;
CREATE INDEX appeal_plant ON appeal (plant_code, id);
CREATE INDEX appeal_unit ON appeal (unit_code, id);
