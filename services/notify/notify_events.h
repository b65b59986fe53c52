/*  notify_events: the daemon's events into its outbox (stream "notify"), in the
    transaction that made them: from a request (through the call, which stamps the actor and
    the trace) or from a consumer or job (straight into the outbox, as the service).          */
#ifndef NOTIFY_EVENTS_H_INCLUDED
#define NOTIFY_EVENTS_H_INCLUDED

#include "notify.pb-c.h"
#include "sf_rpc_server.h"

//  Event type ("notify.delivery_gave_up") about an aggregate ("delivery", "routes",
//  "channel", …; key its id, e.g. "42", version after the change) of plant,
//  with payload. call may be NULL: then db is used. 0 or -1.
int notify_emit (sf_call_t *call, sf_db_t *db, const char *type, const char *aggregate_type, const char *key,
                  int64_t version, const char *plant, const ProtobufCMessage *payload);

#endif
