-- pgbench: what the notifier's sender writes for one delivery, as one transaction (the sender
-- batches 50 a transaction; this is one at a time, a floor per delivery that leaves the batch
-- out): the claim (a rate slot row and the lease on next_attempt_ms), then the outcome (SENT,
-- the attempt row), as notify_send.c does across two runs. A random delivery among the
-- :rows the route script wrote (ids 1..:rows); a delivery taken twice gets attempt 2, 3 ...
\set id random(1, :rows)
BEGIN;
INSERT INTO channel_send (channel_id, sent_ms, delivery_id)
    SELECT channel_id, (extract (epoch FROM clock_timestamp ()) * 1000)::bigint, id FROM delivery WHERE id = :id;
UPDATE delivery SET next_attempt_ms = (extract (epoch FROM clock_timestamp ()) * 1000)::bigint + 60000 WHERE id = :id;
UPDATE delivery SET status = 3, sent_ms = (extract (epoch FROM clock_timestamp ()) * 1000)::bigint,
       attempts = attempts + 1, last_error_zh = '', last_error_en = '', version = version + 1
    WHERE id = :id RETURNING attempts AS attempt \gset
INSERT INTO delivery_attempt (delivery_id, attempt, started_ms, took_ms, http_status, outcome, detail)
    VALUES (:id, :attempt, (extract (epoch FROM clock_timestamp ()) * 1000)::bigint, 1, 204, 'sent', '')
    ON CONFLICT DO NOTHING;
COMMIT;
