/*  sf_retention: what must not grow for ever in a service schema. An idempotency key is kept
    long enough for any client to have given up retrying (a retry after that runs again as a
    new command); an inbox row long enough for any duplicate delivery to have arrived. Rows
    go in bounded batches so a prune never holds long locks. The audit trail is kept as long as
    retention.audit_days says (the regulator's term, configuration with its source).                                 */
#ifndef SF_RETENTION_H_INCLUDED
#define SF_RETENTION_H_INCLUDED

#include "sf_db.h"

typedef struct {
    int64_t idempotency_hours;   //  keys older than this are deleted
    int64_t inbox_days;          //  applied-event records older than this are deleted
    int64_t audit_days;          //  lines of the audit trail (sf_audit) older than this; 0: kept
    int batch;                   //  rows per statement; 0 means 10,000
    int max_batches;             //  statements per table and call; 0 means 30
} sf_retention_options_t;

//  Deletes expired rows of each table, a batch at a time, until a batch is not full or
//  max_batches ran; runs in the caller's transaction (the scheduler's). The daemon calls it
//  every minute, so up to max_batches * batch rows a minute per table go: by default
//  300,000 (5,000 a second), above the fastest command rate measured (directory.CreateNode,
//  2,819 a second: one idempotency key each), so the keys of a daemon at its peak expire
//  no faster than they go.
//  Returns the number of rows deleted, or -1.
int64_t sf_retention_prune (sf_db_t *db, const sf_retention_options_t *options);

#endif
