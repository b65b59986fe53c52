/*  lesson_events: the daemon's events into its outbox (stream "lesson"), in the transaction
    that made them: from a request (through the call, which stamps the actor and the trace)
    or from a consumer or job (straight into the outbox, as the service).                     */
#ifndef LESSON_EVENTS_H_INCLUDED
#define LESSON_EVENTS_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_rpc_server.h"

//  Event type ("lesson.assignment_closed") about an aggregate ("lesson" or "assignment", id,
//  version after the change) of plant, with payload. call may be NULL: then db is used. 0 or -1.
int lesson_emit (sf_call_t *call, sf_db_t *db, const char *type, const char *aggregate_type, int64_t id,
                 int64_t version, const char *plant, const ProtobufCMessage *payload);

//  The same for an assignment: aggregate "assignment", its id, version and plant.
int lesson_emit_assignment (sf_call_t *call, sf_db_t *db, const char *type, const Lesson__Assignment *assignment);

#endif
