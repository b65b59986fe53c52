-- One inspection.ReportFinding (随手报) of a general hidden hazard with one photo, statement
-- for statement as sf-inspection runs it (common/sf_rpc_worker.c s_run_write,
-- common/sf_idempotency.c, services/inspection/inspection_record_handlers.c
-- s_finding_create, inspection_guard.c, common/sf_org.c sf_org_find,
-- inspection_store.c inspection_store_next_number and inspection_store_finding_insert,
-- common/sf_outbox.c), in one transaction, for pgbench -M prepared (the daemon too prepares
-- every statement once per session). Taken from the server's log (log_statement = all) of
-- the daemon running the same command. ./deploy/bench runs it with the search path set to a
-- schema the daemon's migrations made and deploy/bench.d/inspection_org.sql filled, and the
-- variables run, stream, now_ms, plants, departments and teams set.
--
-- The finding is for a random team of a random plant, the team's first or second employee
-- responsible: one finding number sequence row per plant and year, which every finding of
-- that plant updates, as the daemon's do.
-- Small differences: the unit codes and the idempotency key are built in SQL from numbers
-- (pgbench variables are numbers) where the daemon sends text parameters; the event id comes
-- from gen_random_uuid () rather than the daemon's getrandom; the finding number comes back
-- with \gset, which needs the column named (AS number). The event envelope and the stored
-- reply are constant bytes of the sizes the daemon writes (387 and 252, see
-- docs/benchmarks.md). A command of a group (rpc.batch_max > 1) also runs a SAVEPOINT, which
-- is not here; a major hazard would add a second outbox insert.
\set p random(1, :plants)
\set d random(1, :departments)
\set t random(1, :teams)
\set e random(1, 2)
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO sf_idempotency (key, request_type, request_hash)
    VALUES (:run || '-' || :client_id || '-' || :r, 'inspection.ReportFinding', '\x0123456789abcdef'::bytea)
    ON CONFLICT (key) DO NOTHING;
SELECT n.code, n.kind, coalesce (n.parent_code, ''), coalesce (n.plant_code, ''), n.name_zh, n.name_en,
       n.active, n.version
    FROM sf_org_node n
    WHERE n.code = format ('BP%sD%sT%s', :p::text, lpad (:d::text, 2, '0'), lpad (:t::text, 2, '0'));
SELECT n.code, n.kind, coalesce (n.parent_code, ''), coalesce (n.plant_code, ''), n.name_zh, n.name_en,
       n.active, n.version
    FROM sf_org_node n
    WHERE n.code = format ('BP%sD%sT%sE%s', :p::text, lpad (:d::text, 2, '0'), lpad (:t::text, 2, '0'), :e::text);
WITH zone AS (SELECT coalesce ((SELECT time_zone FROM plant_calendar WHERE plant_code = 'BP' || :p),
                              'Asia/Shanghai') AS tz),
     scope AS (SELECT 'BP' || :p || '-F' || extract (year FROM to_timestamp (:now_ms::bigint / 1000.0)
                      AT TIME ZONE zone.tz)::int AS scope FROM zone)
    INSERT INTO number_seq (scope, last) SELECT scope, 1 FROM scope
    ON CONFLICT (scope) DO UPDATE SET last = number_seq.last + 1
    RETURNING scope || '-' || lpad (last::text, greatest (6, length (last::text)), '0') AS number \gset
INSERT INTO finding (number, description, factor, location, severity, responsible_unit, responsible_person,
                     attachments, source, task_id, record_id, lesson_ref, reporter, reporter_unit, plant_code,
                     reported_ms, hazard_key)
    VALUES (:number, '消防通道堆放纸箱，堵塞疏散通道', 5::smallint, '一号车间东侧', 1::smallint,
            format ('BP%sD%sT%s', :p::text, lpad (:d::text, 2, '0'), lpad (:t::text, 2, '0')),
            format ('BP%sD%sT%sE%s', :p::text, lpad (:d::text, 2, '0'), lpad (:t::text, 2, '0'), :e::text),
            '{oss://safety/report/photo-0001.jpg}'::text[], 2::smallint, NULL::bigint, NULL::bigint, '',
            :run || '-' || :client_id, 'BP1D01T01S', 'BP' || :p, :now_ms::bigint, '')
    RETURNING id;
INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope)
    VALUES (gen_random_uuid (), :stream, 'inspection.finding_reported', 'BP' || :p,
            decode (repeat ('5a', 387), 'hex'));
UPDATE sf_idempotency SET reply = decode (repeat ('a5', 252), 'hex')
    WHERE key = :run || '-' || :client_id || '-' || :r;
COMMIT;
