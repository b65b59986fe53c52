/*  scoring_events: the daemon's events into its outbox (stream "scoring"), in the
    transaction that made them: from a request (through the call, which stamps the actor and
    the trace) or from a consumer or job (straight into the outbox, as the service).          */
#ifndef SCORING_EVENTS_H_INCLUDED
#define SCORING_EVENTS_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_rpc_server.h"

//  Event type ("scoring.letter_signed") about an aggregate ("letter", "appeal", "month",
//  "rules", …; key its id, e.g. "42" or "P01:2026-11", version after the change) of plant,
//  with payload. call may be NULL: then db is used. 0 or -1.
int scoring_emit (sf_call_t *call, sf_db_t *db, const char *type, const char *aggregate_type, const char *key,
                  int64_t version, const char *plant, const ProtobufCMessage *payload);

#endif
