/*  gateway_metrics: GET /metrics in the Prometheus text format 0.0.4 (README.md, "Metrics"):
    the gateway's requests (gateway_metrics_requests), its open connections, forwarded
    requests pending and SSE clients, and every daemon's sf.Health (gateway_metrics_daemons),
    written by gateway_metrics_text. Served to loopback addresses, or to a session holding
    admin, ehs or screen (401 without one, 403 with another).                                */
#ifndef GATEWAY_METRICS_H_INCLUDED
#define GATEWAY_METRICS_H_INCLUDED

#include "gateway.h"

#define GW_METRICS_PATH "/metrics"
#define GW_METRICS_ROLES "admin,ehs,screen"

//  SSE clients connected now, from the SSE part (gateway_sse.c) once it defines it; until
//  then sf_gateway_sse_clients is left out. Weak, so that this part links without it.
int gw_sse_client_count (gw_state_t *state) __attribute__ ((weak));

#endif
