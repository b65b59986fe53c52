/*  sf_republish: the producer's side of gap recovery, the route "sf.Republish" every daemon
    serves through sf_service (proto/sf_admin.proto). A consumer group that found entries of
    this daemon's stream trimmed before it read them (sf_consumer_gap.h) asks for the range
    again by stream position: the published outbox rows whose recorded entry id lies in it
    are queued again (published_at = NULL) and the relay appends them anew, oldest first,
    with the same event ids, which consumers that applied them drop through their inbox. So a
    republish is always safe, also twice. Rows are kept retention.outbox_days after
    publishing; the reply says whether the outbox still reached back to the range.

    Roles service and admin: a daemon asks as "service" (sf_gap_recovery), an operator may
    ask as "admin" after a loss found another way. It writes (a transaction, an idempotency
    key) and runs alone: it touches rows the relay locks, in its own order.                 */
#ifndef SF_REPUBLISH_H_INCLUDED
#define SF_REPUBLISH_H_INCLUDED

#include "sf_rpc_server.h"

//  Rows queued again per call at most; the reply says "more" when the range held more. Far
//  below what statement_timeout allows, and a range that large is rare.
#define SF_REPUBLISH_CHUNK 20000

//  Roles that may call it.
#define SF_REPUBLISH_ROLES "service,admin"

//  The route's handler (request sf.Republish, reply sf.RepublishReply).
void sf_republish_handle (sf_call_t *call);

#endif
