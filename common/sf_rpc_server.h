/*  sf_rpc_server: a ZeroMQ ROUTER that answers sf.Request envelopes through a table of
    handlers, one per request type.

    Write commands are run in groups: the commands waiting (up to batch_max) join one
    PostgreSQL transaction, each inside its own savepoint, and all replies are sent after
    the single COMMIT. Several workers, each with its own database session, run groups side
    by side. A handler never sees any of this: it gets a session already inside a
    transaction and writes its reply. Each command's idempotency key is claimed first, in the
    same transaction, so a retried command replays its stored reply and writes nothing.
    Handlers may run on several threads at once: the service state they share must be
    read-only or guarded.

    Bad input never stops the server: an unparsable, oversize, multi-frame or unknown request
    gets an error reply; a peer that sends more than the hard size bound is disconnected by
    libzmq (ZMQ_MAXMSGSIZE).                                                                 */
#ifndef SF_RPC_SERVER_H_INCLUDED
#define SF_RPC_SERVER_H_INCLUDED

#include "sf_db.h"
#include "sf_envelope.h"
#include "sf_log.h"

#include <czmq.h>

typedef struct _sf_rpc_server_t sf_rpc_server_t;

//  One command being answered.
typedef struct {
    const sf_request_t *request;
    sf_reply_t *reply;           //  the handler sets status, reason and body
    sf_db_t *db;                 //  inside a transaction for write routes
    void *state;                 //  the service's state, as given to the server
    sf_log_ctx_t log;            //  request id and plant, for sf_log
    int events;                  //  events the handler added to the outbox
} sf_call_t;

typedef void (sf_handler_fn) (sf_call_t *call);

typedef struct {
    const char *type;            //  request type, e.g. "directory.CreateNode"; NULL ends a table
    sf_handler_fn *handler;
    bool writes;                 //  runs in a transaction with an idempotency key
    const char *roles;           //  comma-separated roles of which the actor needs one; NULL: any
    //  Runs in a transaction of its own, never grouped: for a write that locks rows other
    //  commands of its kind lock too, in no fixed order (a per-plant number sequence, say).
    //  Grouped, such commands hold each other's rows until their groups commit, and groups
    //  on two workers deadlock.
    bool alone;
} sf_route_t;

typedef void (sf_health_fn) (sf_health_t *health, void *state);

typedef struct {
    const char *daemon;
    const char *endpoint;        //  bound, e.g. tcp://127.0.0.1:7101
    size_t max_message_bytes;    //  larger requests get too_large; 4x this disconnects
    int batch_max;               //  write commands per transaction
    int workers;                 //  database sessions running commands; 0 means 1
    sf_db_options_t worker_db;   //  how each worker connects
    const sf_route_t *routes;
    void *state;
    sf_health_fn *health;        //  may be NULL; fills service-specific health
} sf_rpc_server_options_t;

//  Binds the endpoint and starts the workers. NULL if the endpoint cannot be bound (logged).
sf_rpc_server_t *sf_rpc_server_new (const sf_rpc_server_options_t *options);
void sf_rpc_server_destroy (sf_rpc_server_t **self_p);

//  Replaces the health callback and the argument it gets (default: options->health with
//  options->state).
void sf_rpc_server_set_health (sf_rpc_server_t *self, sf_health_fn *fn, void *arg);

//  Registers the socket reader on loop.
int sf_rpc_server_attach (sf_rpc_server_t *self, zloop_t *loop);

//  Called after every commit that added events (e.g. to wake the outbox relay), from the
//  worker's thread.
void sf_rpc_server_on_commit (sf_rpc_server_t *self, void (*fn) (void *arg), void *arg);

//  Counters for tests and status.
uint64_t sf_rpc_server_commands (sf_rpc_server_t *self);
uint64_t sf_rpc_server_transactions (sf_rpc_server_t *self);

//  Adds an event to the outbox in the call's transaction, taking actor and trace from the
//  request. Returns 0 or -1 (database error; the handler should then fail the call).
int sf_call_emit (sf_call_t *call, const char *stream, sf_event_t *event);

//  Sets a failing reply from a bilingual text.
void sf_call_fail (sf_call_t *call, sf_status_t status, const sf_text_t *text, ...);

//  Fails the call from the last database error (unavailable when transient, else internal)
//  and logs it.
void sf_call_fail_db (sf_call_t *call, const char *what);

//  Sets an OK reply with a typed body.
void sf_call_ok (sf_call_t *call, const char *type, const uint8_t *body, size_t size);

#endif
