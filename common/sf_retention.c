/*  sf_retention: bounded deletes of expired idempotency keys and inbox rows.                */
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
    int max_batches = options->max_batches > 0? options->max_batches: 10;
    int64_t keys = s_prune_table (db,
        "DELETE FROM sf_idempotency WHERE key IN (SELECT key FROM sf_idempotency "
        "WHERE created_at < now () - make_interval (hours => $1::int) LIMIT $2::int)",
        options->idempotency_hours, batch, max_batches);
    if (keys < 0)
        return -1;
    int64_t inbox = s_prune_table (db,
        "DELETE FROM sf_inbox WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM sf_inbox "
        "WHERE processed_at < now () - make_interval (days => $1::int) LIMIT $2::int)",
        options->inbox_days, batch, max_batches);
    if (inbox < 0)
        return -1;
    int64_t audit = options->audit_days <= 0? 0: s_prune_table (db,
        "DELETE FROM sf_audit WHERE event_id IN (SELECT event_id FROM sf_audit "
        "WHERE occurred_at < now () - make_interval (days => $1::int) LIMIT $2::int)",
        options->audit_days, batch, max_batches);
    return audit < 0? -1: keys + inbox + audit;
}
