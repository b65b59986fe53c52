/*  gateway_metrics_requests: the gateway's own HTTP requests, as gw_http's observer reports
    them: a counter per route label and status, a latency histogram per route label (fixed
    buckets, seconds). Labels are the routes registered (a handful) and "other"; a series
    past GW_METRICS_SERIES_MAX is counted under route "other", so no client can grow the
    table. Any thread.                                                                      */
#ifndef GATEWAY_METRICS_REQUESTS_H_INCLUDED
#define GATEWAY_METRICS_REQUESTS_H_INCLUDED

#include "gateway_metrics_text.h"

#include <stdint.h>

#define GW_METRICS_SERIES_MAX 256

typedef struct _gw_metrics_requests_t gw_metrics_requests_t;

gw_metrics_requests_t *gw_metrics_requests_new (void);
void gw_metrics_requests_destroy (gw_metrics_requests_t **self_p);

//  A gw_observe_fn (gateway_http.h): arg is the gw_metrics_requests_t.
void gw_metrics_requests_observe (void *arg, const char *route, int status, int64_t duration_us);

//  sf_gateway_http_requests_total and sf_gateway_http_request_duration_seconds.
void gw_metrics_requests_render (gw_metrics_requests_t *self, gw_prom_t *prom);

#endif
