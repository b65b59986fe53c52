/*  gateway_forward: the one thread that talks to the daemons for HTTP requests.

    A DEALER per daemon (CURVE with the gateway's own key, kind "front": the daemons believe
    the actor it names), connected to every instance its endpoint lists (sf_endpoints.h),
    ZMQ_IMMEDIATE so that a request to a daemon none of whose instances is connected fails at
    once (503) instead of waiting in a queue, and requests go in turn to the instances that
    are up. Every request is marked unordered: over one connection a daemon takes a client's
    writes oldest first, so otherwise one plant's running group would hold up the gateway's
    writes of every other plant. A request unanswered after a second is sent once more, to
    whichever instance is up (the one it went to may have died with it). Requests come from
    any thread; replies are matched by request id and handed, on this thread, to the caller's
    function, which must be quick (keep the reply, gw_req_resume). A request not answered by
    its deadline gets an `unavailable` reply made here; the daemon drops it too once its
    deadline_ms has passed, and a client that retries with its idempotency key never writes
    twice.                                                                                   */
#ifndef GATEWAY_FORWARD_H_INCLUDED
#define GATEWAY_FORWARD_H_INCLUDED

#include "sf_envelope.h"

#include <stdint.h>

typedef struct _gw_forward_t gw_forward_t;

//  Called once per request, on the forwarder's thread. reply is the callee's to keep: it
//  may move fields out (and set them NULL); the forwarder clears what is left.
typedef void (gw_forward_fn) (void *arg, sf_reply_t *reply);

gw_forward_t *gw_forward_new (void);
//  A daemon requests can go to, before gw_forward_start. -1 (logged) when its public key
//  cannot be read (with CURVE configured).
int gw_forward_add_daemon (gw_forward_t *self, const char *name, const char *endpoint);
//  Starts the thread.
int gw_forward_start (gw_forward_t *self);

//  Sends request (encoded here; its deadline_ms set from timeout_ms when 0) to daemon; done
//  (arg, reply) follows exactly once. Any thread.
void gw_forward_send (gw_forward_t *self, const char *daemon, sf_request_t *request, int timeout_ms,
                      gw_forward_fn *done, void *arg);

//  Requests sent and not answered yet.
int gw_forward_pending (gw_forward_t *self);

//  Joins the forwarder's thread: the calls under way are answered unavailable (their callbacks
//  run), later sends at once the same. Idempotent.
void gw_forward_stop (gw_forward_t *self);
//  Stops it if need be, and frees it.
void gw_forward_destroy (gw_forward_t **self_p);

#endif
