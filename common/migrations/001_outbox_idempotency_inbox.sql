-- Tables every service schema has. See common/sf_outbox.h, sf_idempotency.h, sf_consumer.h.

-- Events written in the same transaction as the state change; the relay copies them to
-- Redis and records where they landed (stream_ms, stream_seq: the entry id).
CREATE TABLE sf_outbox (
    id            bigserial PRIMARY KEY,
    event_id      uuid NOT NULL UNIQUE,
    stream        text NOT NULL,
    event_type    text NOT NULL,
    plant         text NOT NULL DEFAULT '',
    envelope      bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now (),
    published_at  timestamptz,
    stream_ms     bigint,
    stream_seq    bigint
);
CREATE INDEX sf_outbox_unpublished ON sf_outbox (id) WHERE published_at IS NULL;
CREATE INDEX sf_outbox_position ON sf_outbox (stream, stream_ms, stream_seq) WHERE published_at IS NOT NULL;

-- One row per command key: the reply that was sent, returned again on a retry.
CREATE TABLE sf_idempotency (
    key           text PRIMARY KEY,
    request_type  text NOT NULL,
    request_hash  bytea NOT NULL,
    reply         bytea,
    created_at    timestamptz NOT NULL DEFAULT now ()
);

-- Events a consumer has applied, written in the consumer's own transaction.
CREATE TABLE sf_inbox (
    consumer      text NOT NULL,
    event_id      uuid NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now (),
    PRIMARY KEY (consumer, event_id)
);
