/*  sf_retention: bounded deletes of expired idempotency keys, inbox rows and audit lines.

    A batch deletes the rows it found by their physical address (ctid = ANY (ARRAY (...)), a
    Tid Scan), so it costs about the batch. Written as "key IN (SELECT key ... LIMIT n)" it
    was planned as a hash semi-join over a sequential scan of the whole table: every batch
    read every row (1.1 s, up to 2.0 s, a batch of 10,000 at a million keys; deploy/bench
    sustained), a cost that grew with the table the retention exists to keep small. The
    rows a batch names are live in its snapshot, so no VACUUM can free their addresses for
    another row before the delete; a row updated meanwhile has moved and waits for the next
    batch.                                                                                  */
#include "sf_retention.h"

#include <stdio.h>

//  Deletes one batch from one table; returns the rows deleted or -1.
static int64_t
s_prune_batch (sf_db_t *db, const char *sql, int64_t age, int batch)
{
    char age_text [24], batch_text [24];
    snprintf (age_text, sizeof age_text, "%lld", (long long) age);
    snprintf (batch_text, sizeof batch_text, "%d", batch);
    const char *values [] = { age_text, batch_text };
    return sf_db_exec (db, sql, 2, values);
}

//  Batches of one table until one is not full or max_batches ran.
static int64_t
s_prune_table (sf_db_t *db, const char *sql, int64_t age, int batch, int max_batches)
{
    int64_t total = 0;
    for (int i = 0; i < max_batches; i++) {
        int64_t deleted = s_prune_batch (db, sql, age, batch);
        if (deleted < 0)
            return -1;
        total += deleted;
        if (deleted < batch)
            break;
    }
    return total;
}

int64_t
sf_retention_prune (sf_db_t *db, const sf_retention_options_t *options)
{
    int batch = options->batch > 0? options->batch: 10000;
    int max_batches = options->max_batches > 0? options->max_batches: 30;
    int64_t keys = s_prune_table (db,
        "DELETE FROM sf_idempotency WHERE ctid = ANY (ARRAY (SELECT ctid FROM sf_idempotency "
        "WHERE created_at < now () - make_interval (hours => $1::int) LIMIT $2::int))",
        options->idempotency_hours, batch, max_batches);
    if (keys < 0)
        return -1;
    int64_t inbox = s_prune_table (db,
        "DELETE FROM sf_inbox WHERE ctid = ANY (ARRAY (SELECT ctid FROM sf_inbox "
        "WHERE processed_at < now () - make_interval (days => $1::int) LIMIT $2::int))",
        options->inbox_days, batch, max_batches);
    if (inbox < 0)
        return -1;
    int64_t audit = options->audit_days <= 0? 0: s_prune_table (db,
        "DELETE FROM sf_audit WHERE ctid = ANY (ARRAY (SELECT ctid FROM sf_audit "
        "WHERE occurred_at < now () - make_interval (days => $1::int) LIMIT $2::int))",
        options->audit_days, batch, max_batches);
    return audit < 0? -1: keys + inbox + audit;
}
