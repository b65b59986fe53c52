-- Ranges of a stream that a consumer group found trimmed before it read them (see
-- common/sf_consumer_gap.h). A row is written when the gap is found and resolved once the
-- producer published the range again (recovered) or could not (lost: an alert event went out).
CREATE TABLE sf_consumer_gap (
    stream          text NOT NULL,
    consumer_group  text NOT NULL,
    after_id        text NOT NULL,          -- last entry the group was given, exclusive
    before_id       text NOT NULL,          -- first entry still in the stream, exclusive
    missing         bigint NOT NULL,        -- entries missed by Redis' count, -1 unknown
    republished     bigint NOT NULL DEFAULT 0,
    found_at        timestamptz NOT NULL DEFAULT now (),
    calls           int NOT NULL DEFAULT 0,    -- sf.Republish calls answered (names the next key)
    attempts        int NOT NULL DEFAULT 0,    -- calls that got no answer
    resolved_at     timestamptz,
    outcome         text,                   -- 'recovered' or 'lost'
    PRIMARY KEY (stream, consumer_group, after_id)
);
CREATE INDEX sf_consumer_gap_open ON sf_consumer_gap (found_at) WHERE resolved_at IS NULL;
