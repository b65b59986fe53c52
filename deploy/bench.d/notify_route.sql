-- pgbench: the rows the notifier writes for one routed event, as one transaction: the
-- consumer's inbox row (the dedupe of sf_consumer.c) and the delivery row of the unit's
-- channel, the INSERT ... SELECT of notify_event_apply.c with the texts already rendered (the
-- rule, channel and template reads before it are left out: this is the floor of the writes).
-- Units are the bench enterprise's 200 teams (deploy/bench.d/notify_org.sql); run with
-- -D run=<tag>. A fresh event id per transaction: every event is new, as in the burst.
-- pgbench replaces a colon and a name even inside quotes: the texts hold no such colon.
\set d random(1, 10)
\set t random(1, 20)
BEGIN;
INSERT INTO sf_inbox (consumer, event_id) VALUES ('bench_pgbench', gen_random_uuid ());
INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, recipients,
                      urgency, status, subject, text, link, next_attempt_ms, created_ms)
SELECT :run || '-' || gen_random_uuid (), 'rectification.form_issued', c.unit_code, 'NP1', c.channel, c.id,
       '{}'::text[], 2, 1, '问题反馈单 NP1-R2030-000001 已下达',
       E'**问题反馈单 NP1-R2030-000001**\n1班：二号车间三层平台护栏缺失\n整改期限：2030-01-08\n[查看](http://127.0.0.1:8080/forms/NP1-R2030-000001)',
       'http://127.0.0.1:8080/forms/NP1-R2030-000001',
       (extract (epoch FROM clock_timestamp ()) * 1000)::bigint, (extract (epoch FROM clock_timestamp ()) * 1000)::bigint
FROM unit_channel c
WHERE c.unit_code = format ('NP1D%sT%s', lpad (:d::text, 2, '0'), lpad (:t::text, 2, '0')) AND c.enabled
ON CONFLICT (event_id, unit_code, channel, escalation_step) DO NOTHING;
COMMIT;
