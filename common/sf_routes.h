/*  sf_routes: a daemon's route table put together from parts, one per area of the daemon
    (each part a table ending with { 0 }, in a file of its own).                            */
#ifndef SF_ROUTES_H_INCLUDED
#define SF_ROUTES_H_INCLUDED

#include "sf_rpc_server.h"

#include <stddef.h>

//  The routes of parts [0 .. count-1], in that order, in one table ending with { 0 }, on the
//  heap for the life of the process (the caller keeps it, usually in a static).
const sf_route_t *sf_routes_join (const sf_route_t *const parts [], size_t count);

#endif
