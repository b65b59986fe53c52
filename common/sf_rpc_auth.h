/*  sf_rpc_auth: the rpc server's door. Makes its ROUTER a CURVE server whose ZAP handler
    (czmq's zauth, one per process, started before the socket binds: CURVE without a ZAP
    handler lets in any client that knows the server's key) accepts only the public keys
    filed in rpc.clients_dir. What gets nothing through, and is never answered: a plain TCP
    client, the NULL mechanism, an unknown key, a wrong server key (all fail the handshake),
    and the frames of a connection whose key was revoked after its handshake.

    Revocation without restart: zauth's cert store reads the folder again when it changed,
    for new handshakes; connections already up are checked request by request against the
    folder as read at most SF_RPC_AUTH_RELOAD_MS ago. Refusals are counted and summed up in
    the log at most once a second.                                                          */
#ifndef SF_RPC_AUTH_H_INCLUDED
#define SF_RPC_AUTH_H_INCLUDED

#include "sf_peer.h"

#include <czmq.h>

//  How stale the server's view of rpc.clients_dir may be: a revoked key's open connections
//  are refused within this long.
#define SF_RPC_AUTH_RELOAD_MS 500

typedef struct _sf_rpc_auth_t sf_rpc_auth_t;

//  Makes socket (not bound yet) a CURVE server with the key pair in secret_file, accepting
//  the keys in clients_dir. NULL when a file or the folder cannot be used (logged, in both
//  languages).
sf_rpc_auth_t *sf_rpc_auth_new (zsock_t *socket, const char *secret_file, const char *clients_dir);
void sf_rpc_auth_destroy (sf_rpc_auth_t **self_p);

//  Who sent msg (a frame received on the socket). With self NULL (no CURVE) the peer is the
//  unknown one and true is returned. Returns false, counting it, when the frame carries no
//  CURVE identity or its key is no longer filed: the request is then dropped unanswered.
bool sf_rpc_auth_peer (sf_rpc_auth_t *self, zmq_msg_t *msg, sf_peer_t *peer);

//  A connection failed its handshake (the socket monitor said so): counted.
void sf_rpc_auth_handshake_failed (sf_rpc_auth_t *self, int event);

//  The socket monitor events that tell of failed handshakes.
#define SF_RPC_AUTH_EVENTS (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL \
                            | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

//  Logs the refusals since the last summary, at most once a second.
void sf_rpc_auth_log (sf_rpc_auth_t *self);

//  Refused handshakes and requests since start.
uint64_t sf_rpc_auth_refused (sf_rpc_auth_t *self);

#endif
