-- Handler failures a consumer counted, per stream entry (see common/sf_consumer.h). Redis'
-- delivery counter also counts reads that never reached the handler (a restart, a lost
-- connection, a database outage), so the dead-letter decision rests on this count alone.
-- A row is deleted with the event's application; rows of entries that left the stream
-- are pruned by the consumer.
CREATE TABLE sf_consumer_attempt (
    stream          text NOT NULL,
    consumer_group  text NOT NULL,
    entry_ms        bigint NOT NULL,
    entry_seq       bigint NOT NULL,
    attempts        int NOT NULL,
    last_error      text NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now (),
    PRIMARY KEY (stream, consumer_group, entry_ms, entry_seq)
);
