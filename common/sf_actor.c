/*  sf_actor: the pipe reader every loop-driven actor uses.                                   */
#include "sf_actor.h"

#include <assert.h>

int
sf_actor_on_pipe (zloop_t *loop, zsock_t *pipe, void *arg)
{
    (void) loop;
    (void) arg;
    char *command = zstr_recv (pipe);
    //  The owner sends nothing but $TERM (our own bug otherwise).
    assert (!command || streq (command, "$TERM"));
    free (command);
    return -1;
}
