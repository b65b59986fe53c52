-- Where the relay last published in each stream (see common/sf_relay.h). After Redis lost
-- data, the relay looks for this entry: if it is gone, the rows published after the newest
-- entry still present are published again.
CREATE TABLE sf_relay_stream (
    stream        text PRIMARY KEY,
    last_ms       bigint NOT NULL,
    last_seq      bigint NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now ()
);
