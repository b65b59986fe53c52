/*  gateway_metrics_requests: a counter per (route, status), a histogram per route whose
    buckets are cumulative and end at _count, _sum in seconds; a flood of distinct routes
    stays within GW_METRICS_SERIES_MAX series (the rest counted as "other").                */
#include "gateway_metrics_requests.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void
s_counts (void)
{
    gw_metrics_requests_t *requests = gw_metrics_requests_new ();
    gw_metrics_requests_observe (requests, "/metrics", 200, 300);           //  0.0003 s
    gw_metrics_requests_observe (requests, "/metrics", 200, 1000);          //  0.001 s: le 0.001
    gw_metrics_requests_observe (requests, "/api/v1/", 404, 30000);         //  0.03 s
    gw_metrics_requests_observe (requests, "/api/v1/", 200, 20000000);      //  20 s: past 10
    gw_metrics_requests_observe (requests, "/api/v1/", 200, 700000);        //  0.7 s
    gw_metrics_requests_observe (requests, NULL, 404, 10);
    gw_prom_t *prom = gw_prom_new ();
    gw_metrics_requests_render (requests, prom);
    const char *text = gw_prom_text (prom, NULL);
    SF_CHECK (strstr (text, "# TYPE sf_gateway_http_requests_total counter\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_requests_total{route=\"/metrics\",status=\"200\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_requests_total{route=\"/api/v1/\",status=\"404\"} 1\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_requests_total{route=\"/api/v1/\",status=\"200\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_requests_total{route=\"other\",status=\"404\"} 1\n"));
    SF_CHECK (strstr (text, "# TYPE sf_gateway_http_request_duration_seconds histogram\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/metrics\",le=\"0.001\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/metrics\",le=\"+Inf\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_sum{route=\"/metrics\"} 0.0013\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_count{route=\"/metrics\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/api/v1/\",le=\"0.025\"} 0\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/api/v1/\",le=\"0.05\"} 1\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/api/v1/\",le=\"1\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/api/v1/\",le=\"10\"} 2\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_bucket{route=\"/api/v1/\",le=\"+Inf\"} 3\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_sum{route=\"/api/v1/\"} 20.73\n"));
    SF_CHECK (strstr (text, "sf_gateway_http_request_duration_seconds_count{route=\"/api/v1/\"} 3\n"));
    //  Every bucket line of a route is at least the one before it.
    const char *line = text;
    long before = -1;
    char route [64] = "";
    while ((line = strstr (line, "_bucket{route=\""))) {
        char this_route [64];
        long value;
        SF_CHECK (sscanf (line, "_bucket{route=\"%63[^\"]\",le=\"%*[^\"]\"} %ld", this_route, &value) == 2);
        if (strcmp (this_route, route) != 0) {
            snprintf (route, sizeof route, "%s", this_route);
            before = -1;
        }
        SF_CHECK (value >= before);
        before = value;
        line++;
    }
    gw_prom_destroy (&prom);
    gw_metrics_requests_destroy (&requests);
    gw_metrics_requests_destroy (&requests);
}

static void
s_bounded (void)
{
    gw_metrics_requests_t *requests = gw_metrics_requests_new ();
    char route [32];
    for (int i = 0; i < 3 * GW_METRICS_SERIES_MAX; i++) {
        snprintf (route, sizeof route, "/r%d", i);
        gw_metrics_requests_observe (requests, route, 200, 5);
    }
    gw_prom_t *prom = gw_prom_new ();
    gw_metrics_requests_render (requests, prom);
    const char *text = gw_prom_text (prom, NULL);
    int series = 0;
    for (const char *at = text; (at = strstr (at, "\nsf_gateway_http_requests_total{")); at++)
        series++;
    SF_CHECK (series == GW_METRICS_SERIES_MAX);
    char other [128];
    snprintf (other, sizeof other, "sf_gateway_http_requests_total{route=\"other\",status=\"200\"} %d\n",
              3 * GW_METRICS_SERIES_MAX - (GW_METRICS_SERIES_MAX - 1));
    SF_CHECK (strstr (text, other));
    gw_prom_destroy (&prom);
    gw_metrics_requests_destroy (&requests);
}

static void *
s_observer (void *arg)
{
    for (int i = 0; i < 10000; i++)
        gw_metrics_requests_observe (arg, "/api/v1/", 200, i);
    return NULL;
}

//  Four threads at once, as the HTTP pool reports: nothing lost.
static void
s_threads (void)
{
    gw_metrics_requests_t *requests = gw_metrics_requests_new ();
    pthread_t threads [4];
    for (int i = 0; i < 4; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_observer, requests) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join (threads [i], NULL);
    gw_prom_t *prom = gw_prom_new ();
    gw_metrics_requests_render (requests, prom);
    SF_CHECK (strstr (gw_prom_text (prom, NULL), "sf_gateway_http_requests_total{route=\"/api/v1/\",status=\"200\"} 40000\n"));
    SF_CHECK (strstr (gw_prom_text (prom, NULL), "sf_gateway_http_request_duration_seconds_count{route=\"/api/v1/\"} 40000\n"));
    gw_prom_destroy (&prom);
    gw_metrics_requests_destroy (&requests);
}

int
main (void)
{
    s_counts ();
    s_bounded ();
    s_threads ();
    return 0;
}
