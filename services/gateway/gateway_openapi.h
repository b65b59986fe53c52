/*  gateway_openapi: the OpenAPI 3.1 document of what the gateway serves, GET
    /api/v1/openapi.json (public: no session), made from the route table (every daemon's
    sf.Describe and the gateway's own requests) and the messages' descriptors, so that it
    matches what is served (README.md, "OpenAPI").

    One path per route: `post` (Connect unary: the request message as JSON, the reply
    message as JSON, problem details for errors), and `get` for routes that do not write
    (Connect's GET: ?encoding=json&message=<the request as JSON>&connect=v1). operationId
    "<service>.<Method>" (the GET's "<service>.<Method>.get": operation ids are unique in a
    document), tags the daemon, a description of the roles needed, writes (Idempotency-Key)
    and the required fields, also as x-sf-roles, x-sf-writes, x-sf-required and x-sf-scope.
    Security: a bearer token or the sf_session cookie, on every route but
    gateway.Gateway/Login. Schemas: gateway_openapi_schema.h.

    The document is made once per route table and kept until the table changes.            */
#ifndef GATEWAY_OPENAPI_H_INCLUDED
#define GATEWAY_OPENAPI_H_INCLUDED

#include "gateway_routes.h"

#include <stddef.h>

#define GW_OPENAPI_PATH GW_API_PREFIX "openapi.json"

//  The document of table, compact JSON, info.version = version. Caller frees.
char *gw_openapi_document (const gw_routes_t *table, const char *version);

#endif
