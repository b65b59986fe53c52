/*  sf_rpc_gather: runs the commands of a write group as coroutines on one database session,
    so that their statements go out together: each command runs until it needs an answer
    (sf_db gathering, sf_db.h) or is done, then the next one runs; when every command waits
    or is done, one pipeline carries all their statements, in command order, and each resumes
    with its answers. A group of commands that each need one answer before COMMIT takes one
    round trip and the COMMIT's, where one after the other it took one per command.

    The run must equal its commands run one after the other, in some order that keeps each
    client's: each command's ordered statements (all but those made under sf_db_side: reads
    of an org copy no command writes, rows only the command itself touches) go out in one
    round, and a client's later command's never before its earlier one's. A command that
    needs ordered statements in a second round (a second answer after another command's went
    out), or a savepoint, or a script, spoils the run before they are sent: the runner sends
    nothing more, lets every command finish (their statements fail, their log lines are
    dropped) and says so; the caller rolls back and runs the group again one command after the
    other. An org node not kept yet (read, side, before the command's one answer) does not
    spoil it. Internal to the rpc worker.                                                    */
#ifndef SF_RPC_GATHER_H_INCLUDED
#define SF_RPC_GATHER_H_INCLUDED

#include "sf_db.h"

#include <stdbool.h>

typedef struct _sf_rpc_gather_t sf_rpc_gather_t;

//  Runs task (index, arg) for each index below count as a coroutine.
typedef void (sf_rpc_gather_fn) (int index, void *arg);

//  A runner for up to max_tasks coroutines (their stacks made on first use, kept).
sf_rpc_gather_t *sf_rpc_gather_new (int max_tasks);
void sf_rpc_gather_destroy (sf_rpc_gather_t **self_p);

//  Runs the tasks on db, inside its open transaction. orders [i] (orders NULL, or an entry
//  NULL: none) names task i's client: tasks of one client keep their order. Returns 0 when
//  every task finished and every round went out; 1 when the run was spoiled (*spoiler is the
//  task that did it); -1 when a round failed (the database's error is kept). Every task has
//  finished either way.
int sf_rpc_gather_run (sf_rpc_gather_t *self, sf_db_t *db, int count, sf_rpc_gather_fn *task, void *arg,
                       const void *const *orders, int *spoiler);

#endif
