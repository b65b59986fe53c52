/*  sf_actor: what every zactor of ours with a zloop shares. Its pipe carries nothing but
    czmq's $TERM from the owner's zactor_destroy, and that ends the loop.                     */
#ifndef SF_ACTOR_H_INCLUDED
#define SF_ACTOR_H_INCLUDED

#include <czmq.h>

//  A zloop reader for an actor's pipe: takes the message ($TERM) and ends the loop (-1).
int sf_actor_on_pipe (zloop_t *loop, zsock_t *pipe, void *arg);

#endif
