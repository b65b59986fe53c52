/*  sf_endpoints: the endpoints of every instance of a daemon, as one text.

    Several instances of a daemon run side by side (issue 18), each on its own endpoint; a
    client names them all, separated by commas: "tcp://10.0.0.1:7101,tcp://10.0.0.2:7101". A
    DEALER connected to each of them with ZMQ_IMMEDIATE set sends each request to one instance
    whose connection is up, in turn, and never queues for an instance that is down: when one
    dies its connection closes and the others take all the requests; a request that was in
    flight to it gets no answer and the client resends it (same request id and idempotency
    key), which reaches a live instance. One endpoint without a comma is the same as before. */
#ifndef SF_ENDPOINTS_H_INCLUDED
#define SF_ENDPOINTS_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>
#include <stddef.h>

//  Most endpoints a list may name.
#define SF_ENDPOINTS_MAX 16

//  Splits list at commas (spaces around each endpoint ignored) into at most max copies
//  written to out (caller frees each). Returns how many, 0 for an empty list; -1 when the
//  list names more than max or has an empty item ("a,,b").
int sf_endpoints_split (const char *list, char **out, int max);

//  True when endpoint is list itself or one of its endpoints (which daemon an endpoint
//  someone typed belongs to).
bool sf_endpoints_contains (const char *list, const char *endpoint);

//  Connects socket to every endpoint of list. Returns how many connections were made; each
//  one refused by libzmq (a malformed endpoint) is logged with who.
int sf_endpoints_connect (zsock_t *socket, const char *list, const char *who);

#endif
