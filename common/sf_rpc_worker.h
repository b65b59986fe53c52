/*  sf_rpc_worker: a thread with its own PostgreSQL session that runs what the rpc server
    hands it: either a group of write commands in one transaction (its idempotency key
    claimed first, all replies decided after COMMIT) or a run of reads. A group runs first
    without savepoints, betting that every command is kept or refused before it wrote
    anything; when one leaves work to undo (or the database fails) the transaction is rolled
    back and the group runs again, each command after a savepoint of its own. Statements
    whose answers nobody needs (BEGIN, SAVEPOINT, the outbox rows, the stored replies) are
    deferred into one pipeline with the next statement or COMMIT (sf_db_defer); with gather_max,
    a group's commands run as coroutines and their statements go out together (sf_rpc_gather).
    Each request's deadline bounds the database work it causes: past it, the
    statement is cancelled, the work rolled back and the request answered deadline_exceeded.
    Several workers let one daemon use several sessions at once, the way
    pgbench's clients do; a handler never knows which worker runs it. Internal to the rpc
    server: the server owns the requests; the worker's thread calls on_done when a job is
    done, and there the server sends its replies and may hand the worker its next job.       */
#ifndef SF_RPC_WORKER_H_INCLUDED
#define SF_RPC_WORKER_H_INCLUDED

#include "sf_db.h"
#include "sf_rpc_pending.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct _sf_rpc_worker_t sf_rpc_worker_t;

typedef struct {
    sf_db_options_t db;
    void *state;                          //  handed to handlers as call->state
    void (*on_commit) (void *arg);        //  after a commit that wrote events; any thread
    void *on_commit_arg;
    size_t max_reply_bytes;               //  handed to handlers (sf_call_reply)
    //  On the worker's thread when a job is done (its requests hold their replies): the
    //  callback takes the job back (sf_rpc_worker_done) and may hand over the next one.
    void (*on_done) (void *arg, sf_rpc_worker_t *worker);
    void *on_done_arg;
    bool scope_cache;                     //  sf_rpc_server_options_t.scope_cache
    int gather_max;                       //  most commands of a group gathered (sf_rpc_gather); < 2: none
} sf_rpc_worker_options_t;

//  Starts the thread and connects its session (a failed connect is retried per batch).
sf_rpc_worker_t *sf_rpc_worker_new (const sf_rpc_worker_options_t *options);
//  Stops the thread once the job in progress and any job on_done handed over are done.
void sf_rpc_worker_destroy (sf_rpc_worker_t **self_p);

//  From the server's thread, when the daemon stops: the batch in progress stops waiting on the
//  database at once (its transaction is rolled back, its requests answered unavailable).
void sf_rpc_worker_abandon (sf_rpc_worker_t *self);

//  Hands over count requests (all writes, or all reads); they stay the caller's, untouched
//  by it until the worker is done. The worker must be idle. The caller serialises the calls
//  of run, done and busy (the rpc server under its lock).
void sf_rpc_worker_run (sf_rpc_worker_t *self, sf_rpc_pending_t **items, int count, bool writes);

//  Takes the batch back, waiting for it if need be: the requests handed over now hold their
//  replies. Returns the number of transactions committed (0 or 1).
int sf_rpc_worker_done (sf_rpc_worker_t *self);

bool sf_rpc_worker_busy (sf_rpc_worker_t *self);

#endif
