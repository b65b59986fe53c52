/*  sf_callout: what a daemon's job needs to call another daemon from an outbox of calls
    (rows written in the transaction that decided the call, sent later until acknowledged):
    a client acting as the service, the backoff after a failed attempt, the failure told in
    one line, and which refusals no retry will cure. The rows, their columns and what a
    reply means stay with each job (training_drill_jobs.c, lesson_checks.c).               */
#ifndef SF_CALLOUT_H_INCLUDED
#define SF_CALLOUT_H_INCLUDED

#include "sf_envelope.h"
#include "sf_rpc_client.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  A client of the daemon named server (its public key: <keys dir>/<server>.key) at
//  endpoint, each call one attempt of at most call_ms (the job itself retries, later).
//  Caller destroys.
sf_rpc_client_t *sf_callout_client (const char *endpoint, const char *server, int call_ms);

//  The next calls act as the service: user actor (the daemon's name, "sf-lesson"), role
//  service, for unit org_node of plant.
void sf_callout_as_service (sf_rpc_client_t *client, const char *actor, const char *org_node, const char *plant);

//  How long to wait after a failed attempt, attempts failed before it: base_ms, doubling
//  with each earlier attempt, at most max_ms.
int64_t sf_callout_backoff_ms (int attempts, int64_t base_ms, int64_t max_ms);

//  The daemon did not answer at all (down, or too slow): the calls after this one wait
//  for a later run rather than time out one by one.
bool sf_callout_unanswered (sf_status_t status);

//  A refusal the same call will meet again, however often it is sent (bad input, unknown
//  unit, not allowed, a clash): worth a warning a person reads.
bool sf_callout_refused (sf_status_t status);

//  "<status>: <reason in English>" of a failed call into buffer (a reply that was OK but
//  does not decode is told so).
void sf_callout_error (sf_status_t status, const sf_reply_t *reply, char *buffer, size_t size);

#endif
