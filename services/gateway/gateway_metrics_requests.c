/*  gateway_metrics_requests: counters and latency histograms (gateway_metrics_requests.h). */
#include "gateway_metrics_requests.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ROUTE_MAX 128

//  Upper bounds of the latency buckets, in seconds: 1 ms to 10 s, the range between a request
//  the gateway answers itself and one that waits out a daemon's deadline.
static const double s_bounds [] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define S_BOUND_COUNT (sizeof s_bounds / sizeof s_bounds [0])

typedef struct {
    char route [S_ROUTE_MAX];
    int status;
    uint64_t count;
} s_counter_t;

typedef struct {
    char route [S_ROUTE_MAX];
    uint64_t buckets [S_BOUND_COUNT + 1];
    double sum_s;
} s_histogram_t;

struct _gw_metrics_requests_t {
    pthread_mutex_t lock;
    s_counter_t counters [GW_METRICS_SERIES_MAX];
    size_t counter_count;
    s_histogram_t histograms [GW_METRICS_SERIES_MAX];
    size_t histogram_count;
};

gw_metrics_requests_t *
gw_metrics_requests_new (void)
{
    gw_metrics_requests_t *self = calloc (1, sizeof *self);
    assert (self);
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

void
gw_metrics_requests_destroy (gw_metrics_requests_t **self_p)
{
    gw_metrics_requests_t *self = *self_p;
    if (!self)
        return;
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

//  The counter of (route, status), made when new; past the limit, ("other", status); NULL
//  when even that does not fit (the last slot is kept for it).
static s_counter_t *
s_counter (gw_metrics_requests_t *self, const char *route, int status)
{
    for (size_t i = 0; i < self->counter_count; i++)
        if (self->counters [i].status == status && strcmp (self->counters [i].route, route) == 0)
            return &self->counters [i];
    if (self->counter_count >= GW_METRICS_SERIES_MAX - 1 && strcmp (route, "other") != 0)
        return s_counter (self, "other", status);
    if (self->counter_count == GW_METRICS_SERIES_MAX)
        return NULL;
    s_counter_t *counter = &self->counters [self->counter_count++];
    snprintf (counter->route, sizeof counter->route, "%s", route);
    counter->status = status;
    return counter;
}

static s_histogram_t *
s_histogram (gw_metrics_requests_t *self, const char *route)
{
    for (size_t i = 0; i < self->histogram_count; i++)
        if (strcmp (self->histograms [i].route, route) == 0)
            return &self->histograms [i];
    if (self->histogram_count >= GW_METRICS_SERIES_MAX - 1 && strcmp (route, "other") != 0)
        return s_histogram (self, "other");
    if (self->histogram_count == GW_METRICS_SERIES_MAX)
        return NULL;
    s_histogram_t *histogram = &self->histograms [self->histogram_count++];
    snprintf (histogram->route, sizeof histogram->route, "%s", route);
    return histogram;
}

void
gw_metrics_requests_observe (void *arg, const char *route, int status, int64_t duration_us)
{
    gw_metrics_requests_t *self = arg;
    if (!route || strlen (route) >= S_ROUTE_MAX)
        route = "other";
    double seconds = duration_us > 0? (double) duration_us / 1e6: 0;
    size_t bucket = 0;
    while (bucket < S_BOUND_COUNT && seconds > s_bounds [bucket])
        bucket++;
    pthread_mutex_lock (&self->lock);
    s_counter_t *counter = s_counter (self, route, status);
    if (counter)
        counter->count++;
    s_histogram_t *histogram = s_histogram (self, route);
    if (histogram) {
        histogram->buckets [bucket]++;
        histogram->sum_s += seconds;
    }
    pthread_mutex_unlock (&self->lock);
}

void
gw_metrics_requests_render (gw_metrics_requests_t *self, gw_prom_t *prom)
{
    pthread_mutex_lock (&self->lock);
    gw_prom_family (prom, "sf_gateway_http_requests_total", "counter",
                    "HTTP requests answered by the gateway, by route (the path registered) and status");
    for (size_t i = 0; i < self->counter_count; i++) {
        const s_counter_t *counter = &self->counters [i];
        char status [16];
        snprintf (status, sizeof status, "%d", counter->status);
        const char *labels [] = { "route", counter->route, "status", status, NULL };
        gw_prom_int (prom, "sf_gateway_http_requests_total", labels, (int64_t) counter->count);
    }
    gw_prom_family (prom, "sf_gateway_http_request_duration_seconds", "histogram",
                    "Time from a request's first byte to its answer queued, by route");
    for (size_t i = 0; i < self->histogram_count; i++) {
        const s_histogram_t *histogram = &self->histograms [i];
        const char *labels [] = { "route", histogram->route, NULL };
        gw_prom_histogram (prom, "sf_gateway_http_request_duration_seconds", labels, s_bounds, histogram->buckets,
                           S_BOUND_COUNT, histogram->sum_s);
    }
    pthread_mutex_unlock (&self->lock);
}
