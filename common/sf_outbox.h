/*  sf_outbox: writes an event in the caller's transaction, beside the state change it
    describes. Nothing reaches Redis from here: sf_relay copies committed rows to the stream
    later, so an event exists if and only if its change committed.                          */
#ifndef SF_OUTBOX_H_INCLUDED
#define SF_OUTBOX_H_INCLUDED

#include "sf_db.h"
#include "sf_envelope.h"

//  Stream every daemon's events go to unless a service names another: "sf:events:<domain>".
#define SF_STREAM_PREFIX "sf:events:"

//  Adds event to the outbox of the schema db is bound to. Fills event->event_id (a new UUID)
//  and event->occurred_ms (sf_clock) when they are empty. Must run inside a transaction.
//  The insert is deferred (sf_db_defer): it goes out with the transaction's next statement
//  or its COMMIT, whose failure its error then is. Returns 0, or -1 when the transaction was
//  already lost.
int sf_outbox_add (sf_db_t *db, const char *stream, sf_event_t *event);

//  Adds count events in as few statements as it can (one per SF_OUTBOX_CHUNK events), in the
//  order given; the same as count sf_outbox_add calls, without a round trip each. For jobs
//  that emit an event per row they change.
#define SF_OUTBOX_CHUNK 1000
int sf_outbox_add_many (sf_db_t *db, const char *stream, sf_event_t *events, size_t count);

//  Events committed but not yet published.
int64_t sf_outbox_pending (sf_db_t *db);

#endif
