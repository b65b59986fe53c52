/*  sf_rpc_client: a DEALER that sends one request and waits for its reply, with a per-call
    deadline. A call that gets no reply in time, or gets `unavailable`, is sent again with the
    same request id and the same idempotency key, on a fresh socket (lazy pirate), so a retry
    can never apply a command twice and a late reply to an old attempt is simply dropped.
    When every attempt fails the call returns -1 and the reply says why, in both languages:
    never a hang.

    Calls to a daemon go CURVE-authenticated (sf_keys.h): sf_rpc_client_set_server names the
    daemon, whose public key is read from the process's keys folder, and the process's own
    key pair signs in. A daemon that does not accept the key answers nothing at all: the call
    then fails like one to a daemon that is down.                                            */
#ifndef SF_RPC_CLIENT_H_INCLUDED
#define SF_RPC_CLIENT_H_INCLUDED

#include "sf_envelope.h"

#include <czmq.h>

typedef struct _sf_rpc_client_t sf_rpc_client_t;

//  endpoint: the daemon's, or every instance's separated by commas (sf_endpoints.h).
sf_rpc_client_t *sf_rpc_client_new (const char *endpoint);
void sf_rpc_client_destroy (sf_rpc_client_t **self_p);

//  Authenticates the calls with CURVE: own's key pair (copied) and the server's public key
//  (Z85 text). The socket is opened afresh.
void sf_rpc_client_set_curve (sf_rpc_client_t *self, zcert_t *own, const char *server_public);

//  Authenticates the calls as the process (sf_keys_identity) to the daemon named server, whose
//  public key is <sf_keys_dir>/<server>.key. Without a process identity the calls stay
//  unauthenticated and 0 is returned; -1 (logged) when the server's key cannot be read.
int sf_rpc_client_set_server (sf_rpc_client_t *self, const char *server);

//  Who the calls act as. Roles are comma-separated.
void sf_rpc_client_set_actor (sf_rpc_client_t *self, const char *user_id, const char *roles,
                              const char *org_node, const char *plant);
//  Each attempt waits attempt_ms; at most attempts tries (default 1500 ms, 4 tries).
void sf_rpc_client_set_retry (sf_rpc_client_t *self, int attempt_ms, int attempts);

//  Sends type + body and fills reply (caller clears it). idempotency_key may be NULL for a
//  new random one. Returns 0 when the daemon answered (any status, see reply->status),
//  -1 when it did not answer in time (reply->status is deadline_exceeded or unavailable).
int sf_rpc_client_call (sf_rpc_client_t *self, const char *type, const uint8_t *body, size_t size,
                        const char *idempotency_key, sf_reply_t *reply);

//  The same for a message: its type is the request message's full name, its body the
//  message packed. Returns the reply's status, as reply->status (unavailable or
//  deadline_exceeded when the daemon did not answer).
sf_status_t sf_rpc_client_call_message (sf_rpc_client_t *self, const ProtobufCMessage *request,
                                        const char *idempotency_key, sf_reply_t *reply);

//  Sends raw bytes as a request frame and waits for one reply frame; for tests of bad input.
//  Returns 0 with reply filled, or -1 on timeout.
int sf_rpc_client_call_raw (sf_rpc_client_t *self, const uint8_t *data, size_t size, int timeout_ms,
                            sf_reply_t *reply);

//  Attempts made by the last call (1 when the first answered).
int sf_rpc_client_last_attempts (sf_rpc_client_t *self);

#endif
