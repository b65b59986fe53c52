-- directory_create.sql with its statements in one pipeline, as sf-directory sends a CreateNode
-- checked at commit (services/directory/README.md): every statement and COMMIT in one round
-- trip. Not the baseline of any ratio (that stays directory_create.sql): the floor of the
-- database's share of one command, so that what the daemon adds on top (ZeroMQ, its threads)
-- can be read off. pgbench -M prepared; run and stream as in directory_create.sql. The parent's
-- lookup stays (the daemon's INSERT looks the parent up itself).
\set r random(1, 9000000000000000000)
\startpipeline
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
\endpipeline
