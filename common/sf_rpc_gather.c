/*  sf_rpc_gather: coroutines (ucontext) over sf_db's gathering.                            */
#include "sf_rpc_gather.h"
#include "sf_log.h"

#include <assert.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

//  A handler's stack: protobuf, libpq and our own buffers fit in a fraction of it. Below it a
//  page that faults, so that an overflow stops the daemon instead of writing over memory.
#define S_STACK_BYTES (512 * 1024)

typedef struct {
    ucontext_t context;
    void *stack;                 //  the mapping, guard page included
    size_t mapped;
    bool done;
    int ordered_pass;            //  the pass its ordered statements were made in; -1: none yet
} s_task_t;

struct _sf_rpc_gather_t {
    s_task_t *tasks;
    int max_tasks;
    ucontext_t scheduler;
    //  The run under way.
    sf_db_t *db;
    sf_rpc_gather_fn *fn;
    void *arg;
    int current;
};

//  The runner of this thread's run (makecontext passes ints only).
static __thread sf_rpc_gather_t *s_running;

sf_rpc_gather_t *
sf_rpc_gather_new (int max_tasks)
{
    assert (max_tasks > 0);
    sf_rpc_gather_t *self = calloc (1, sizeof *self);
    assert (self);
    self->tasks = calloc ((size_t) max_tasks, sizeof *self->tasks);
    assert (self->tasks);
    self->max_tasks = max_tasks;
    return self;
}

void
sf_rpc_gather_destroy (sf_rpc_gather_t **self_p)
{
    sf_rpc_gather_t *self = *self_p;
    if (!self)
        return;
    for (int i = 0; i < self->max_tasks; i++)
        if (self->tasks [i].stack)
            munmap (self->tasks [i].stack, self->tasks [i].mapped);
    free (self->tasks);
    free (self);
    *self_p = NULL;
}

static void
s_trampoline (void)
{
    sf_rpc_gather_t *self = s_running;
    int index = self->current;
    self->fn (index, self->arg);
    self->tasks [index].done = true;
    //  Returning resumes the scheduler (uc_link).
}

//  sf_db's yield: back to the scheduler until the round went out.
static void
s_yield (void *arg)
{
    sf_rpc_gather_t *self = (sf_rpc_gather_t *) arg;
    swapcontext (&self->tasks [self->current].context, &self->scheduler);
}

//  Whether task index, which just made ordered statements (not side, sf_db_side) in pass,
//  keeps the run equal to its commands one after the other in some order that keeps each
//  client's: its ordered statements all in one pass (no other command's between them), and
//  none of a later command of the same client already sent.
static bool
s_in_order (sf_rpc_gather_t *self, int count, const void *const *orders, int index, int pass)
{
    s_task_t *task = &self->tasks [index];
    if (task->ordered_pass >= 0 && task->ordered_pass != pass)
        return false;
    task->ordered_pass = pass;
    for (int j = index + 1; orders && orders [index] && j < count; j++)
        if (orders [j] == orders [index] && self->tasks [j].ordered_pass >= 0 && self->tasks [j].ordered_pass < pass)
            return false;
    return true;
}

static void
s_stack (s_task_t *task)
{
    if (task->stack)
        return;
    size_t page = (size_t) sysconf (_SC_PAGESIZE);
    task->mapped = S_STACK_BYTES + page;
    task->stack = mmap (NULL, task->mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                        -1, 0);
    if (task->stack == MAP_FAILED)
        abort ();
    if (mprotect (task->stack, page, PROT_NONE))
        abort ();
}

//  Runs (or resumes) task index until it waits or is done.
static void
s_step (sf_rpc_gather_t *self, int index)
{
    self->current = index;
    swapcontext (&self->scheduler, &self->tasks [index].context);
}

int
sf_rpc_gather_run (sf_rpc_gather_t *self, sf_db_t *db, int count, sf_rpc_gather_fn *task, void *arg,
                   const void *const *orders, int *spoiler)
{
    assert (count > 0 && count <= self->max_tasks && !s_running);
    size_t page = (size_t) sysconf (_SC_PAGESIZE);
    self->db = db;
    self->fn = task;
    self->arg = arg;
    s_running = self;
    *spoiler = -1;
    for (int i = 0; i < count; i++) {
        s_task_t *t = &self->tasks [i];
        s_stack (t);
        t->done = false;
        t->ordered_pass = -1;
        getcontext (&t->context);
        t->context.uc_stack.ss_sp = (char *) t->stack + page;
        t->context.uc_stack.ss_size = S_STACK_BYTES;
        t->context.uc_link = &self->scheduler;
        makecontext (&t->context, s_trampoline, 0);
    }
    sf_db_gather_start (db, s_yield, self);
    int failed = 0;
    bool muted = false;
    for (int pass = 0, waiting = 1; waiting; pass++) {
        for (int i = 0; i < count; i++)
            if (!self->tasks [i].done) {
                int mark = sf_db_queue_length (db);
                s_step (self, i);
                if (*spoiler < 0 && sf_db_queue_ordered_since (db, mark)
                &&  !s_in_order (self, count, orders, i, pass))
                    sf_db_gather_spoil (db);
                if (*spoiler < 0 && sf_db_gather_spoiled (db))
                    *spoiler = i;
                //  What the others log from here on is about statements never run.
                if (!muted && *spoiler >= 0) {
                    sf_log_silence (true);
                    muted = true;
                }
            }
        waiting = 0;
        for (int i = 0; i < count; i++)
            waiting |= !self->tasks [i].done;
        if (waiting && sf_db_gather_send (db) && !failed) {
            failed = -1;
            if (!muted) {
                sf_log_silence (true);
                muted = true;
            }
        }
    }
    if (muted)
        sf_log_silence (false);
    sf_db_gather_stop (db);
    s_running = NULL;
    if (*spoiler >= 0)
        return 1;
    return failed;
}
