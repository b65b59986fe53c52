/*  sf_rpc_pending: one request between its arrival on the rpc server's socket and its reply:
    the peer's routing id, the decoded request, the reply being built, the route it takes.
    Shared by sf_rpc_server (socket side) and sf_rpc_worker (database side); internal to
    the rpc server.                                                                          */
#ifndef SF_RPC_PENDING_H_INCLUDED
#define SF_RPC_PENDING_H_INCLUDED

#include "sf_log.h"
#include "sf_rpc_server.h"

#include <zmq.h>

//  The longest key a route's key_of may name, NUL included.
#define SF_RPC_KEY_MAX 64

typedef struct {
    zmq_msg_t identity;          //  the ROUTER's routing id of the peer
    sf_request_t request;
    sf_peer_t caller;            //  who sent it (sf_rpc_auth)
    ProtobufCMessage *message;   //  the body unpacked by the route's request descriptor
    sf_reply_t reply;
    const sf_route_t *route;     //  NULL for sf.Health and for refused requests
    int events;                  //  events the handler wrote
    int64_t received_us;
    void *peer;                  //  the server's record of the client that sent it
    bool refused;                //  turned away for load, not run
    char key [SF_RPC_KEY_MAX];   //  its route's key_of named it; "": none
    int64_t claimed;             //  its key's deferred claim (sf_idempotency_claim_deferred)
} sf_rpc_pending_t;

//  A new pending request with an empty routing id. Never NULL.
sf_rpc_pending_t *sf_rpc_pending_new (void);
void sf_rpc_pending_destroy (sf_rpc_pending_t **self_p);

//  Replaces the reply by a failure with the text (default: the status's own) in both languages.
void sf_rpc_pending_fail (sf_rpc_pending_t *self, sf_status_t status, const sf_text_t *text, ...);

//  The log context of the request: its id and the actor's plant.
sf_log_ctx_t sf_rpc_pending_log_ctx (const sf_rpc_pending_t *self);

#endif
