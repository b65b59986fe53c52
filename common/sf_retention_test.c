/*  sf_retention: expired rows go (idempotency keys, inbox rows, audit lines), recent ones
    stay, a batch bounds one pass, and a batch reads about the rows it deletes, not the
    whole table.                                                                            */
#include "sf_migrate.h"
#include "sf_retention.h"
#include "sf_testkit.h"

int
main (void)
{
    char *schema = sf_test_unique ("retention");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 0);
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO sf_idempotency (key, request_type, request_hash, reply, created_at) "
        "  SELECT 'old' || i, 't', '\\x00', '\\x00', now () - interval '8 days' FROM generate_series (1, 30) i;"
        "INSERT INTO sf_idempotency (key, request_type, request_hash, reply) VALUES ('new', 't', '\\x00', '\\x00');"
        "INSERT INTO sf_inbox (consumer, event_id, processed_at) "
        "  SELECT 'c', gen_random_uuid (), now () - interval '40 days' FROM generate_series (1, 5);"
        "INSERT INTO sf_inbox (consumer, event_id) VALUES ('c', gen_random_uuid ());"
        "INSERT INTO sf_audit (event_id, aggregate_type, aggregate_id, event_type, actor, actor_unit, plant, occurred_at) "
        "  SELECT gen_random_uuid (), 'form', i::text, 't', 'a', 'u', 'p', now () - interval '400 days'"
        "  FROM generate_series (1, 3) i;"
        "INSERT INTO sf_audit (event_id, aggregate_type, aggregate_id, event_type, actor, actor_unit, plant, occurred_at) "
        "  VALUES (gen_random_uuid (), 'form', '9', 't', 'a', 'u', 'p', now () - interval '300 days');") == 0);

    //  Batches of 4, at most 3 per table: 12 + 5 + 3 (the audit lines older than a year) first,
    //  then 12, then the last 6.
    sf_retention_options_t options = {
        .idempotency_hours = 168, .inbox_days = 30, .audit_days = 365, .batch = 4, .max_batches = 3
    };
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_retention_prune (db, &options) == 20);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_retention_prune (db, &options) == 12);
    SF_CHECK (sf_retention_prune (db, &options) == 6);
    SF_CHECK (sf_retention_prune (db, &options) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_inbox", NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_audit", NULL) == 1);

    //  A batch costs the batch, not the table: 5,000 expired keys (the oldest, first in the
    //  heap, as a daemon leaves them) before 20,000 recent ones, statistics taken. One batch
    //  of 5,000 must not scan the 25,000 rows (a hash semi-join over the whole table did);
    //  pg_stat_xact_user_tables counts this transaction's reads at once.
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO sf_idempotency (key, request_type, request_hash, reply, created_at) "
        "  SELECT 'expired' || i, 't', '\\x00', '\\x00', now () - interval '8 days' FROM generate_series (1, 5000) i;"
        "INSERT INTO sf_idempotency (key, request_type, request_hash, reply) "
        "  SELECT 'recent' || i, 't', '\\x00', '\\x00' FROM generate_series (1, 20000) i;"
        "ANALYZE sf_idempotency;") == 0);
    sf_retention_options_t one_batch = { .idempotency_hours = 168, .inbox_days = 30, .batch = 5000, .max_batches = 1 };
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_retention_prune (db, &one_batch) == 5000);
    int64_t read = sf_test_scalar (db,
        "SELECT coalesce (seq_tup_read, 0) + coalesce (idx_tup_fetch, 0) FROM pg_stat_xact_user_tables "
        "WHERE relid = 'sf_idempotency'::regclass", NULL);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (read >= 0 && read < 20000);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency", NULL) == 20001);

    //  A failure (here: no tables in this schema) is reported, not hidden.
    SF_CHECK (sf_db_exec_script (db, "DROP TABLE sf_inbox") == 0);
    SF_CHECK (sf_retention_prune (db, &options) == -1);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
