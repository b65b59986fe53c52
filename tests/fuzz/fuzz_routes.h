/*  fuzz_routes: one service's request decoding as its rpc server runs it, for a fuzz target
    per service. The first byte of an input picks a row of the route table (modulo its
    length), the rest is the request body, checked by fuzz_body with the row's request
    descriptor and required fields. A route table that names a required field its request
    does not have asserts here, as it would in the daemon.                                   */
#ifndef FUZZ_ROUTES_H_INCLUDED
#define FUZZ_ROUTES_H_INCLUDED

#include "sf_rpc_server.h"

//  Runs one input against routes (a table ending with a row without request). Returns 0.
int fuzz_routes_one (const sf_route_t *routes, const uint8_t *data, size_t size);

//  Rows in routes.
size_t fuzz_routes_count (const sf_route_t *routes);

#endif
