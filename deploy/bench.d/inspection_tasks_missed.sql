-- The raw limit of the missed-task job: the job's own UPDATE (statement for statement as
-- services/inspection/inspection_task_store.c inspection_store_mark_missed runs it, every
-- missed task returned to the client), then one outbox row per missed task, but written by a
-- single multi-row INSERT ... SELECT generate_series where the daemon sends one INSERT per
-- event (services/inspection/inspection_jobs.c, common/sf_outbox.c), with envelopes of the
-- size the daemon writes (187 bytes). One transaction, for pgbench -M prepared -t 1.
-- ./deploy/bench runs it with the search path set to the schema of the raw task inserts and
-- the variables now_ms (after every window), rows (the tasks that miss) and stream set.
BEGIN;
UPDATE task t SET status = 3, closed_ms = :now_ms::bigint FROM plan p
    WHERE p.id = t.plan_id AND t.closed_ms IS NULL AND t.window_end <= to_timestamp (:now_ms::bigint / 1000.0)
    RETURNING t.id, p.code, p.level, t.kind, t.executor_unit, t.target_unit, t.plant_code, t.shift_date::text,
              t.shift_no, (extract (epoch FROM t.window_start) * 1000)::bigint,
              (extract (epoch FROM t.window_end) * 1000)::bigint, t.status, coalesce (t.record_id, 0);
INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope)
    SELECT gen_random_uuid (), :stream, 'inspection.task_missed', 'BP' || 1 + n % 4, decode (repeat ('5a', 187), 'hex')
    FROM generate_series (1, :rows::int) n;
COMMIT;
