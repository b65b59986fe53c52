/*  gateway_describe: a thread that asks every daemon of gateway.daemons for sf.Describe (at
    start every second until it answers, then every gateway.describe_refresh_s) and puts the
    route table made of the answers, and the gateway's own requests, in the holder. A daemon
    that does not answer keeps the routes of its last answer; one that never answered has
    none yet (its paths are 404 until it does, and the log says so).                         */
#ifndef GATEWAY_DESCRIBE_H_INCLUDED
#define GATEWAY_DESCRIBE_H_INCLUDED

#include "gateway.h"
#include "sf_rpc_client.h"

typedef struct _gw_describe_t gw_describe_t;

//  Adds the gateway's own requests to a table being built (gateway_session.c).
typedef void (gw_local_routes_fn) (gw_routes_t *table);

//  daemons: "name=endpoint,..." (gateway.daemons). NULL (logged) when it does not parse.
gw_describe_t *gw_describe_new (gw_state_t *state, const char *daemons, int refresh_s, gw_local_routes_fn *local);
//  Asks every daemon once, waiting at most wait_ms in all, then starts the thread.
int gw_describe_start (gw_describe_t *self, int wait_ms);
//  Asks again now (a path no table knows: maybe a daemon newer than the table). Any thread.
void gw_describe_poke (gw_describe_t *self);
void gw_describe_destroy (gw_describe_t **self_p);

//  Calls fn (name, endpoint, arg) for each daemon of a gateway.daemons text, "name=endpoint,
//  ..."; an entry without '=' is one more instance of the daemon before it, and endpoint is
//  then the list of all, comma-separated (sf_endpoints.h): "directory=tcp://a:7101,tcp://b:7101".
//  -1 when it does not parse (an instance before any name, an empty name or endpoint).
int gw_describe_each_daemon (const char *daemons, void (*fn) (const char *name, const char *endpoint, void *arg),
                             void *arg);

//  A client of daemon name at endpoint for the gateway's own questions (sf.Describe,
//  sf.Health, answered by the daemon's rpc server itself): the gateway's key, one attempt of
//  attempt_ms. Use it on one thread only.
sf_rpc_client_t *gw_daemon_client (const char *name, const char *endpoint, int attempt_ms);

#endif
