-- deploy/bench sustained: what the retention must delete and what it must keep, written
-- straight into sf-inspection's schema (search_path) while the daemon is stopped.
--
-- Per table, :expired rows older than the table's retention R (ages from 1.25 R to 2.25 R,
-- the oldest first, as a daemon that ran for months would have left them) and :live rows
-- younger than it (ages from 0.25 R to 0.5 R, so they stay younger through the run):
--   sf_outbox       published events (R = retention.outbox_days; event types bench.seeded_*,
--                   the envelope as long as a finding_reported's, 394 bytes), the relay's prune;
--   sf_idempotency  command keys with their stored reply (R = retention.idempotency_hours;
--                   256-byte replies, as ReportFinding's), sf_retention_prune;
--   sf_inbox        applied events (R = retention.inbox_days), sf_retention_prune.
-- Variables: expired, live, outbox_days, idempotency_hours, inbox_days, stream, t0 (the
-- reference time the ages count from, so that the script can find the live rows again).
\set ON_ERROR_STOP 1

INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope, created_at, published_at,
                       stream_ms, stream_seq)
SELECT gen_random_uuid (), :'stream', 'bench.seeded_expired', 'BP1', decode (repeat ('5a', 394), 'hex'),
       at, at + interval '5 ms', (extract (epoch FROM at) * 1000)::bigint, 0
FROM (SELECT :'t0'::timestamptz - make_interval (days => :outbox_days) * (2.25 - g::float8 / :expired) AS at
      FROM generate_series (1, :expired) AS g) AS s;

INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope, created_at, published_at,
                       stream_ms, stream_seq)
SELECT gen_random_uuid (), :'stream', 'bench.seeded_live', 'BP1', decode (repeat ('5a', 394), 'hex'),
       at, at + interval '5 ms', (extract (epoch FROM at) * 1000)::bigint, 0
FROM (SELECT :'t0'::timestamptz - make_interval (days => :outbox_days) * (0.5 - 0.25 * g::float8 / :live) AS at
      FROM generate_series (1, :live) AS g) AS s;

INSERT INTO sf_idempotency (key, request_type, request_hash, reply, created_at)
SELECT gen_random_uuid ()::text, 'inspection.ReportFinding', decode (repeat ('ab', 32), 'hex'),
       decode (repeat ('cd', 256), 'hex'),
       :'t0'::timestamptz - make_interval (hours => :idempotency_hours) * (2.25 - g::float8 / :expired)
FROM generate_series (1, :expired) AS g;

INSERT INTO sf_idempotency (key, request_type, request_hash, reply, created_at)
SELECT gen_random_uuid ()::text, 'inspection.ReportFinding', decode (repeat ('ab', 32), 'hex'),
       decode (repeat ('cd', 256), 'hex'),
       :'t0'::timestamptz - make_interval (hours => :idempotency_hours) * (0.5 - 0.25 * g::float8 / :live)
FROM generate_series (1, :live) AS g;

INSERT INTO sf_inbox (consumer, event_id, processed_at)
SELECT 'bench.seeded', gen_random_uuid (),
       :'t0'::timestamptz - make_interval (days => :inbox_days) * (2.25 - g::float8 / :expired)
FROM generate_series (1, :expired) AS g;

INSERT INTO sf_inbox (consumer, event_id, processed_at)
SELECT 'bench.seeded', gen_random_uuid (),
       :'t0'::timestamptz - make_interval (days => :inbox_days) * (0.5 - 0.25 * g::float8 / :live)
FROM generate_series (1, :live) AS g;
