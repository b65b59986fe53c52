/*  notify_routes: the daemon's route table, one part per area (notify.h).                   */
#ifndef NOTIFY_ROUTES_H_INCLUDED
#define NOTIFY_ROUTES_H_INCLUDED

#include "sf_rpc_server.h"

//  Every part in one table, ending with { 0 }: built on the first call.
const sf_route_t *notify_routes (void);

#endif
