-- The units' channels and the delivery log (services/notify/README.md, "Delivery").

-- Where a unit hears its messages. secret is never returned by a request nor logged; replies
-- show secret_hint (its last 4 characters).
CREATE TABLE unit_channel (
    id          bigserial PRIMARY KEY,
    unit_code   text NOT NULL,
    channel     smallint NOT NULL CHECK (channel BETWEEN 1 AND 5),   -- notify.Channel
    url         text NOT NULL,
    secret      text NOT NULL DEFAULT '',
    recipients  text[] NOT NULL DEFAULT '{}',
    language    text NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en')),
    quiet_from  text NOT NULL DEFAULT '' CHECK (quiet_from = '' OR quiet_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    quiet_to    text NOT NULL DEFAULT '' CHECK (quiet_to = '' OR quiet_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    digest_at   text NOT NULL DEFAULT '' CHECK (digest_at = '' OR digest_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    enabled     boolean NOT NULL DEFAULT true,
    version     bigint NOT NULL DEFAULT 1
);

CREATE INDEX unit_channel_unit ON unit_channel (unit_code);

-- One row per (event, unit, channel): an event delivered again by its stream, or a notifier
-- killed mid-send, never makes a second message; the receiver sees the same event id.
CREATE TABLE delivery (
    id               bigserial PRIMARY KEY,
    event_id         text NOT NULL,
    event_type       text NOT NULL,
    unit_code        text NOT NULL,
    plant_code       text NOT NULL DEFAULT '',
    channel          smallint NOT NULL,
    channel_id       bigint REFERENCES unit_channel (id) ON DELETE SET NULL,
    recipients       text[] NOT NULL DEFAULT '{}',
    urgency          smallint NOT NULL CHECK (urgency BETWEEN 1 AND 3),             -- notify.Urgency
    status           smallint NOT NULL CHECK (status BETWEEN 1 AND 7),              -- notify.DeliveryStatus
    subject          text NOT NULL,
    text             text NOT NULL,
    link             text NOT NULL DEFAULT '',
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_ms  bigint NOT NULL,
    last_error_zh    text NOT NULL DEFAULT '',
    last_error_en    text NOT NULL DEFAULT '',
    created_ms       bigint NOT NULL,
    sent_ms          bigint NOT NULL DEFAULT 0,
    acknowledged_ms  bigint NOT NULL DEFAULT 0,
    acknowledged_by  text NOT NULL DEFAULT '',
    escalation_step  integer NOT NULL DEFAULT 0,
    parent_id        bigint REFERENCES delivery (id),
    version          bigint NOT NULL DEFAULT 1,
    UNIQUE (event_id, unit_code, channel, escalation_step)
);

-- The sender's queue: what is due, oldest first.
CREATE INDEX delivery_due ON delivery (next_attempt_ms) WHERE status IN (1, 2, 4);
CREATE INDEX delivery_unit ON delivery (unit_code, id DESC);
CREATE INDEX delivery_event ON delivery (event_id);

-- Every attempt, with what the receiver answered (never the secret, never the signed URL).
CREATE TABLE delivery_attempt (
    delivery_id  bigint NOT NULL REFERENCES delivery (id),
    attempt      integer NOT NULL,
    started_ms   bigint NOT NULL,
    took_ms      integer NOT NULL,
    http_status  integer NOT NULL DEFAULT 0,
    outcome      text NOT NULL CHECK (outcome IN ('sent', 'failed', 'rate_limited', 'refused')),
    detail       text NOT NULL DEFAULT '',
    PRIMARY KEY (delivery_id, attempt)
);

-- Sends per robot (channel row) in the current window, so a burst queues instead of breaking
-- the platform's per-minute limit: a send takes a slot only while fewer than the limit were
-- sent in the last 60 s.
CREATE TABLE channel_send (
    channel_id  bigint NOT NULL REFERENCES unit_channel (id) ON DELETE CASCADE,
    sent_ms     bigint NOT NULL,
    delivery_id bigint NOT NULL
);

CREATE INDEX channel_send_recent ON channel_send (channel_id, sent_ms);
