/*  sf_rpc_server: a ZeroMQ ROUTER that answers sf.Request envelopes through a table of
    handlers, one per request type.

    Write commands are run in groups: the commands waiting (up to batch_max) join one
    PostgreSQL transaction, and all replies are sent after the single COMMIT; a command that
    fails undoes only its own work (sf_rpc_worker: savepoints, when a group needs them). Several workers, each with its own database session, run groups side
    by side, at most write_groups of them at once (the other workers take reads and writes
    that run alone, so these never wait behind the groups). Writes whose route names a key
    (key_of: a plant, whose number row its commands share) run as groups of that key, one per
    key at a time. A group's commands may run as coroutines whose statements go out together
    (gather, sf_rpc_gather). A handler never sees any of this: it gets a session already inside a
    transaction and writes its reply. Each command's idempotency key is claimed first, in the
    same transaction, so a retried command replays its stored reply and writes nothing.
    Handlers may run on several threads at once: the service state they share must be
    read-only or guarded.

    Each route names its request and reply messages by their protobuf-c descriptors, and the
    request type is the request message's full name ("rectification.IssueForm"): spelled
    once. The server unpacks the body with the route's descriptor and checks it before any
    handler runs (no NUL inside a string on the wire, every string valid UTF-8 without control
    characters and within rpc.max_text_bytes, the route's required text present and not
    blank); a handler reads the generated request type and answers with the generated reply.

    Bad input never stops the server: an unparsable, oversize, multi-frame or unknown request
    gets an error reply (a NUL inside any envelope string too, the field named); a peer that
    sends more than the hard size bound is disconnected by libzmq (ZMQ_MAXMSGSIZE). Lines
    about requests refused before a handler ran are rate-limited per peer (sf_log_limit): a
    flood of bad frames writes a few lines a second and one counting the rest.             */
#ifndef SF_RPC_SERVER_H_INCLUDED
#define SF_RPC_SERVER_H_INCLUDED

#include "sf_db.h"
#include "sf_envelope.h"
#include "sf_log.h"
#include "sf_peer.h"

#include <czmq.h>
#include <protobuf-c/protobuf-c.h>

typedef struct _sf_rpc_server_t sf_rpc_server_t;
typedef struct _sf_route_t sf_route_t;
typedef struct _sf_scope_t sf_scope_t;
typedef struct _sf_scope_units_t sf_scope_units_t;

//  One command being answered.
typedef struct {
    const sf_request_t *request;
    const sf_peer_t *peer;       //  who sent it, as its CURVE key says (sf_peer.h)
    const ProtobufCMessage *message; //  the body, unpacked as the route's request type
    const sf_route_t *route;
    sf_reply_t *reply;           //  the handler sets status, reason and body
    sf_db_t *db;                 //  inside a transaction for write routes
    void *state;                 //  the service's state, as given to the server
    sf_log_ctx_t log;            //  request id and plant, for sf_log
    int events;                  //  events the handler added to the outbox
    size_t max_reply_bytes;      //  a larger reply is refused (too_large); 0: no bound
    //  The actor's grants, as sf_rpc_scope resolved them before the handler: a handler that
    //  must tell sides apart (issuing or responsible unit) asks sf_scope_covers with it.
    const sf_scope_t *scope;
    //  The run checks the command's key and the org copy's generation with its statements, at
    //  COMMIT at the latest (sf_route_t.checked_at_commit): a handler that needs no answer from
    //  the database may leave every statement queued, values it computed ahead checked by a
    //  statement that fails (sf_expect, SQLSTATE SF001) when they do not hold. The command then
    //  runs again the ordinary way, with this false.
    bool checked_at_commit;
} sf_call_t;

typedef void (sf_handler_fn) (sf_call_t *call);

//  The units of the object a request acts on (sf_route_t.scope_of), read on the call's
//  session: 0 with units filled, 1 when there is no such object (the handler then answers
//  not_found), -1 on a database error.
typedef int (sf_scope_of_fn) (sf_call_t *call, sf_scope_units_t *units);

//  The key of a write that locks rows shared by the commands of that key (a plant's number
//  row, say), named from the request alone on the server's thread (no database there; fast):
//  true with key filled (at most size bytes, NUL included), false when it cannot tell.
typedef bool (sf_key_of_fn) (const ProtobufCMessage *message, void *state, char *key, size_t size);

//  A row of a service's route table, written with designated initializers. A row without a
//  request ends the table.
struct _sf_route_t {
    const ProtobufCMessageDescriptor *request;   //  its full name is the request type
    const ProtobufCMessageDescriptor *reply;     //  what the handler answers with
    sf_handler_fn *handler;
    bool writes;                 //  runs in a transaction with an idempotency key
    const char *roles;           //  comma-separated roles of which the actor needs one; NULL: any
    //  Comma-separated request fields that must hold non-blank text or a message ("a,b.c").
    const char *required;
    //  Runs in a transaction of its own, never grouped: for a write that locks rows other
    //  commands of its kind lock too, in no fixed order (a per-plant number sequence, say).
    //  Grouped, such commands hold each other's rows until their groups commit, and groups
    //  on two workers deadlock.
    bool alone;
    //  For an alone write: its key, when key_of can name it. The writes of one key then run
    //  together, as one group, and never two groups of one key at once: they lock their shared
    //  rows one after the other in the same transaction (a plant's ReportFindings, one number
    //  row, one commit). A write whose key cannot be named runs alone.
    sf_key_of_fn *key_of;
    //  Comma-separated text fields of the request ("password", or "channel.secret" inside a
    //  message field, as scope names them) left out of the idempotency
    //  fingerprint it stores: a password must not be guessable, at hash speed, from a row of
    //  sf_idempotency. A retry with another value of them counts as the same request.
    const char *secret;
    //  Where it acts (sf_rpc_scope.h), checked against the actor's grants before the handler:
    //  the request's text field naming the unit ("unit_code", or "finding.responsible_unit"
    //  inside a message field), or a function naming the units of
    //  the object; neither: the actor needs one of roles on any grant. reach widens the unit
    //  check to the plant of a grant (sf_scope.h).
    const char *scope;
    sf_scope_of_fn *scope_of;
    int reach;
    //  For a write whose handler can send every statement without waiting for an answer (it
    //  computes ahead what it would read back, and checks it with a statement that fails,
    //  sf_expect): its key's claim and the org generation fail the transaction instead of
    //  being answered before COMMIT, so the command is one round trip (sf_call_t). Used when
    //  every command of a job that runs without savepoints has it; a failed check (a key
    //  already there, the org copy moved, a value computed ahead that did not hold) runs the
    //  job again the ordinary way.
    bool checked_at_commit;
    //  A read of one object by its key (a few index lookups): it waits on round trips, not on
    //  the CPU, so it takes none of rpc.read_slots and runs beside the reads they hold back.
    bool lookup;
};

//  The request type a route answers: its request message's full name.
#define sf_route_type(route) ((route)->request->name)

//  Fills what the service knows for sf.Health; on the server's thread, under its lock: it
//  reads what other threads keep and never waits (the server's counters may be read).
typedef void (sf_health_fn) (sf_health_t *health, void *state);

typedef struct {
    const char *daemon;
    const char *endpoint;        //  bound, e.g. tcp://127.0.0.1:7101
    size_t max_message_bytes;    //  larger requests get too_large; 4x this disconnects
    size_t max_text_bytes;       //  longest string field of a body; 0 means 16384
    size_t max_reply_bytes;      //  largest reply; 0 means 4 MiB
    int peer_in_flight_max;      //  requests per client queued or running; 0 means 64
    int batch_max;               //  write commands per transaction
    int workers;                 //  database sessions running commands; 0 means 1
    //  Workers that may run a group of writes at the same time while more writes are in flight
    //  (running in groups or waiting) than there are workers; the others take reads and writes
    //  that run alone. Fewer groups at once make each group larger: fewer commits and round
    //  trips per command (docs/benchmarks.md). With no more writes in flight than workers, every
    //  idle worker may start one (a write would only wait). 0 (or more than workers), or
    //  batch_max 1: every worker.
    int write_groups;
    //  Workers that may run reads at the same time; more reads wait in the queue, in turn, and
    //  the other workers still take writes. Reads that share the database's CPUs with each other
    //  all finish late; run in turn, each finishes at full speed (docs/benchmarks.md, "Reads in
    //  turn"). 0 (or more than workers): every worker.
    int read_slots;
    //  A group's commands run as coroutines, their statements gathered into one pipeline per
    //  round (sf_rpc_gather): a group of commands that each need one answer before COMMIT
    //  takes one round trip and the COMMIT's. False: one command after the other.
    bool gather;
    sf_db_options_t worker_db;   //  how each worker connects
    //  The org tables (sf_org_node, sf_org_account, sf_org_grant) are a copy that moves
    //  sf_org_generation with every change (common migration 010): admissions may come from
    //  what a worker kept (sf_scope_cache). False where they are the source itself (the
    //  directory's views over its own tables): every admission reads them.
    bool scope_cache;
    const sf_route_t *routes;
    void *state;
    sf_health_fn *health;        //  may be NULL; fills service-specific health
    //  CURVE (sf_rpc_auth.h): the server's key pair and the folder of the client keys it
    //  accepts. Both NULL or empty: no authentication, every peer unknown and untrusted.
    const char *secret_key_file;
    const char *clients_dir;
} sf_rpc_server_options_t;

//  Binds the endpoint and starts the workers. NULL if the endpoint cannot be bound (logged).
sf_rpc_server_t *sf_rpc_server_new (const sf_rpc_server_options_t *options);
void sf_rpc_server_destroy (sf_rpc_server_t **self_p);

//  Replaces the health callback and the argument it gets (default: options->health with
//  options->state).
void sf_rpc_server_set_health (sf_rpc_server_t *self, sf_health_fn *fn, void *arg);

//  Registers the socket's pollers and the held replies' timer on loop: the loop's thread
//  receives; a worker sends its own replies (the socket under the server's lock).
int sf_rpc_server_attach (sf_rpc_server_t *self, zloop_t *loop);

//  Called after every commit that added events (e.g. to wake the outbox relay), from the
//  worker's thread.
void sf_rpc_server_on_commit (sf_rpc_server_t *self, void (*fn) (void *arg), void *arg);

//  Counters for tests and status.
uint64_t sf_rpc_server_commands (sf_rpc_server_t *self);
uint64_t sf_rpc_server_transactions (sf_rpc_server_t *self);
//  Handshakes and requests refused for want of an accepted CURVE key.
uint64_t sf_rpc_server_refused_auth (sf_rpc_server_t *self);

//  Adds an event to the outbox in the call's transaction, taking actor and trace from the
//  request. Returns 0 or -1 (database error; the handler should then fail the call).
int sf_call_emit (sf_call_t *call, const char *stream, sf_event_t *event);

//  Sets a failing reply from a bilingual text.
void sf_call_fail (sf_call_t *call, sf_status_t status, const sf_text_t *text, ...);

//  Fails the call from the last database error (deadline_exceeded when the request's deadline
//  cut it short, unavailable when transient, else internal) and logs it.
void sf_call_fail_db (sf_call_t *call, const char *what);

//  Sets an OK reply with the message, of the route's reply type, packed as the body; a reply
//  larger than rpc.max_reply_bytes fails too_large instead (lists are paged: a smaller page).
void sf_call_reply (sf_call_t *call, const ProtobufCMessage *reply);

//  The call's request body as the route's generated type, e.g.
//  const Rectification__IssueForm *issue = SF_CALL_BODY (call, Rectification__IssueForm);
#define SF_CALL_BODY(call, Type) ((const Type *) (call)->message)

#endif
