/*  gateway_metrics_daemons: every daemon of gateway.daemons as its sf.Health tells it, for
    /metrics. A thread asks each daemon (one attempt, at most a second) at start and then every
    gateway.metrics_refresh_s, and keeps the last answer; a request to /metrics only renders
    what is kept and never waits for a daemon. A daemon that did not answer the last time is
    up 0 and shows no other figure (none would be current).                                  */
#ifndef GATEWAY_METRICS_DAEMONS_H_INCLUDED
#define GATEWAY_METRICS_DAEMONS_H_INCLUDED

#include "gateway_metrics_text.h"

#include <stddef.h>
#include <stdint.h>

typedef struct _gw_metrics_daemons_t gw_metrics_daemons_t;

//  daemons: "name=endpoint,..." (gateway.daemons). NULL (logged) when it does not parse.
gw_metrics_daemons_t *gw_metrics_daemons_new (const char *daemons, int refresh_s);
//  Starts the thread. 0, or -1 (logged).
int gw_metrics_daemons_start (gw_metrics_daemons_t *self);
void gw_metrics_daemons_destroy (gw_metrics_daemons_t **self_p);

//  What the daemon name answered: an encoded sf.HealthInfo, or NULL when it did not answer
//  (or the bytes do not decode). The thread calls it; tests too. Any thread.
void gw_metrics_daemons_set (gw_metrics_daemons_t *self, const char *name, const uint8_t *health, size_t size);

//  The sf_daemon_* families, each with every daemon's samples.
void gw_metrics_daemons_render (gw_metrics_daemons_t *self, gw_prom_t *prom);

#endif
