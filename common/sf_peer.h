/*  sf_peer: who sent a request, as the rpc server learnt it from the client's CURVE key.

    Every daemon's ROUTER is a CURVE server (sf_rpc_auth): a client gets through only with a
    key pair whose public half is filed in the daemon's rpc.clients_dir. That file's metadata
    names the key (name), says what holds it (kind: daemon, front or operator) and, for an
    operator key, the account it acts as. libzmq hands that metadata, as the ZAP handler
    answered it at the handshake, to every frame the connection delivers; sf_peer reads it
    there, so a handler sees the peer in call->peer without any lookup of its own.

    A trusted peer (a daemon acting on its own jobs, or the gateway, which authenticates
    people itself) may name the actor of a request; any other peer acts as the account bound
    to its key.                                                                               */
#ifndef SF_PEER_H_INCLUDED
#define SF_PEER_H_INCLUDED

#include <stdbool.h>
#include <zmq.h>

//  Longest name or account a key file may carry (libzmq bounds ZAP metadata, czmq's ZAP
//  handler keeps all of a key's metadata in 512 bytes).
#define SF_PEER_TEXT_MAX 64
//  A CURVE public key in Z85 text.
#define SF_PEER_KEY_TEXT 40

#define SF_PEER_KIND_DAEMON   "daemon"
#define SF_PEER_KIND_FRONT    "front"
#define SF_PEER_KIND_OPERATOR "operator"
//  The peer of a server that runs without CURVE (rpc.secret_key_file unset): unknown.
#define SF_PEER_KIND_NONE     "none"

typedef struct {
    char key [SF_PEER_KEY_TEXT + 1];         //  its public key; "" without CURVE
    char name [SF_PEER_TEXT_MAX + 1];        //  e.g. "inspection", "gateway", "ops-alice"
    char kind [SF_PEER_TEXT_MAX + 1];        //  SF_PEER_KIND_*
    char account [SF_PEER_TEXT_MAX + 1];     //  the login an operator key acts as; "" otherwise
    bool trusted;                            //  kind daemon or front: may name the actor
} sf_peer_t;

//  True for the kinds that may name the actor of their requests.
bool sf_peer_kind_trusted (const char *kind);

//  True for the kinds a key file may declare.
bool sf_peer_kind_valid (const char *kind);

//  Fills self from the ZAP metadata libzmq attached to msg, a frame received on a CURVE
//  server socket. Returns 0, or -1 when msg carries no CURVE identity (self is then the
//  unknown peer).
int sf_peer_from_msg (sf_peer_t *self, zmq_msg_t *msg);

//  The unknown peer: no key, kind "none", not trusted.
void sf_peer_set_unknown (sf_peer_t *self);

#endif
