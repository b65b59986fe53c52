-- One directory.CreateNode of an employee under post BS, statement for statement as
-- sf-directory runs it (common/sf_rpc_server.c s_run_write, common/sf_idempotency.c,
-- services/directory/directory_handlers.c directory_create, directory_store.c,
-- common/sf_outbox.c), in one transaction, for pgbench -M prepared (the daemon too prepares
-- every statement once per session). ./deploy/bench runs it with the search path set to a
-- schema the daemon's migrations made, and the variables run (a run id) and stream set.
--
-- Small differences: the code and the idempotency key are built in SQL from run, client_id
-- and a random number (pgbench variables are numbers) where the daemon sends text
-- parameters. The event id comes from gen_random_uuid () rather than the daemon's getrandom.
-- The event envelope and the stored reply are constant bytes of the sizes the daemon writes
-- (see docs/benchmarks.md) rather than protobuf encodings. A command of a group
-- (rpc.batch_max > 1) also runs a SAVEPOINT, which is not here.
-- pgbench replaces a colon and a name even inside quotes, so the stream name, which has
-- colons, comes in as the variable stream (the daemon sends it as a parameter too).
\set r random(1, 9000000000000000000)
BEGIN;
INSERT INTO sf_idempotency (key, request_type, request_hash)
    VALUES (:run || '-' || :client_id || '-' || :r, 'directory.CreateNode', '\x0123456789abcdef'::bytea)
    ON CONFLICT (key) DO NOTHING;
SELECT pg_advisory_xact_lock_shared (hashtext ('directory.tree'));
SELECT n.id, n.kind, n.code, n.name_zh, n.name_en, coalesce (p.code, ''), n.plant_code,
       n.employment_type, n.active, n.version
    FROM org_node n LEFT JOIN org_node p ON p.id = n.parent_id
    WHERE n.code = 'BS' FOR SHARE OF n;
INSERT INTO org_node (kind, code, name_zh, name_en, parent_id, plant_code, employment_type)
    VALUES (6::smallint, :run || '-' || :client_id || '-' || :r, '基准员工', 'Bench',
            (SELECT id FROM org_node WHERE code = 'BS'), 'BP', 1::smallint)
    ON CONFLICT DO NOTHING RETURNING id, version;
INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope)
    VALUES (gen_random_uuid (), :stream, 'org.employee_created', 'BP',
            decode (repeat ('5a', 227), 'hex'));
UPDATE sf_idempotency SET reply = decode (repeat ('a5', 112), 'hex')
    WHERE key = :run || '-' || :client_id || '-' || :r;
COMMIT;
