/*  sf_retention: bounded deletes of expired idempotency keys and inbox rows.                */
#include "sf_retention.h"

#include <stdio.h>

int64_t
sf_retention_prune (sf_db_t *db, const sf_retention_options_t *options)
{
    char hours [24], days [24], batch [24];
    snprintf (hours, sizeof hours, "%lld", (long long) options->idempotency_hours);
    snprintf (days, sizeof days, "%lld", (long long) options->inbox_days);
    snprintf (batch, sizeof batch, "%d", options->batch > 0? options->batch: 10000);
    const char *keys [] = { hours, batch };
    int64_t keys_deleted = sf_db_exec (db,
        "DELETE FROM sf_idempotency WHERE key IN (SELECT key FROM sf_idempotency "
        "WHERE created_at < now () - make_interval (hours => $1::int) LIMIT $2::int)", 2, keys);
    if (keys_deleted < 0)
        return -1;
    const char *inbox [] = { days, batch };
    int64_t inbox_deleted = sf_db_exec (db,
        "DELETE FROM sf_inbox WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM sf_inbox "
        "WHERE processed_at < now () - make_interval (days => $1::int) LIMIT $2::int)", 2, inbox);
    if (inbox_deleted < 0)
        return -1;
    return keys_deleted + inbox_deleted;
}
