/*  scoring_routes: the daemon's route table, one part per area (scoring.h).                 */
#ifndef SCORING_ROUTES_H_INCLUDED
#define SCORING_ROUTES_H_INCLUDED

#include "sf_rpc_server.h"

//  Every part in one table, ending with { 0 }: built on the first call, kept for the life of
//  the process.
const sf_route_t *scoring_routes (void);

#endif
