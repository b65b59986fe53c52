/*  sf_rpc_describe: the answer to sf.Describe (sf_admin.proto), made from a daemon's route
    table: every request type it answers, with its reply type, whether it writes, the roles
    it needs, its required fields and where it acts. The rpc server answers it on the spot,
    like sf.Health; the gateway builds its HTTP routes and OpenAPI document from it.         */
#ifndef SF_RPC_DESCRIBE_H_INCLUDED
#define SF_RPC_DESCRIBE_H_INCLUDED

#include "sf_rpc_server.h"

#include <stddef.h>
#include <stdint.h>

#define SF_DESCRIBE_TYPE "sf.Describe"
#define SF_HEALTH_TYPE "sf.Health"

//  The encoded sf.Description of daemon (version, routes up to the row without a request),
//  sf.Health and sf.Describe first. Fresh buffer (free), *size its length.
uint8_t *sf_rpc_describe_encode (const char *daemon, const char *version, const sf_route_t *routes,
                                 size_t *size);

#endif
