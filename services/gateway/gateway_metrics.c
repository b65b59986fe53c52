/*  gateway_metrics: the /metrics route and the part's start and stop (gateway_metrics.h).  */
#include "gateway_metrics.h"
#include "gateway_metrics_daemons.h"
#include "gateway_metrics_requests.h"
#include "gateway_metrics_text.h"
#include "gateway_problem.h"
#include "gateway_session.h"
#include "sf_log.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct _gw_metrics_t {
    gw_metrics_requests_t *requests;
    gw_metrics_daemons_t *daemons;
};

//  The HTTP server's threads report requests until gw_http_destroy, which comes after the
//  parts stop: the counters live as long as the process, made once.
static gw_metrics_requests_t *s_requests;
static pthread_once_t s_requests_once = PTHREAD_ONCE_INIT;

static void
s_requests_make (void)
{
    s_requests = gw_metrics_requests_new ();
}

static void
s_render_gateway (gw_state_t *state, gw_prom_t *prom)
{
    gw_metrics_requests_render (state->metrics->requests, prom);
    gw_prom_family (prom, "sf_gateway_http_connections", "gauge", "HTTP connections open now (waiting ones included)");
    gw_prom_int (prom, "sf_gateway_http_connections", NULL, gw_http_connections (state->http));
    gw_prom_family (prom, "sf_gateway_forward_pending", "gauge", "Requests sent to daemons and not answered yet");
    gw_prom_int (prom, "sf_gateway_forward_pending", NULL, state->forward? gw_forward_pending (state->forward): 0);
    if (gw_sse_client_count) {
        gw_prom_family (prom, "sf_gateway_sse_clients", "gauge", "Clients of the live event stream connected now");
        gw_prom_int (prom, "sf_gateway_sse_clients", NULL, gw_sse_client_count (state));
    }
}

static void
s_serve (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    const char *method = gw_req_method (req);
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
        gw_req_add_header (req, "Allow", "GET");
        gw_problem_http (req, 405, "unimplemented", "指标只能用 GET 读取", "Metrics are read with GET", 0);
        return;
    }
    if (!gw_req_loopback (req)) {
        gw_who_t who = { 0 };
        if (gw_session_authenticate (state, req, &who) < 0)
            return;
        bool allowed = gw_who_has_role (&who, GW_METRICS_ROLES);
        if (!allowed)
            sf_info ("gateway: /metrics refused to %s from %s: none of %s", who.login, gw_req_address (req),
                     GW_METRICS_ROLES);
        gw_who_clear (&who);
        if (!allowed) {
            gw_problem_http (req, 403, "permission_denied", "查看指标需要 admin、ehs 或 screen 角色",
                             "Metrics need the role admin, ehs or screen", 0);
            return;
        }
    }
    gw_prom_t *prom = gw_prom_new ();
    s_render_gateway (state, prom);
    gw_metrics_daemons_render (state->metrics->daemons, prom);
    size_t size;
    const char *text = gw_prom_text (prom, &size);
    gw_req_respond (req, 200, GW_PROM_CONTENT_TYPE, text, size);
    gw_prom_destroy (&prom);
}

int
gw_metrics_start (gw_state_t *state)
{
    const char *daemons = sf_config_str (state->config, "gateway.daemons");
    int refresh_s = (int) sf_config_int (state->config, "gateway.metrics_refresh_s");
    gw_metrics_t *self = calloc (1, sizeof *self);
    assert (self);
    self->daemons = gw_metrics_daemons_new (daemons, refresh_s);
    if (!self->daemons) {
        free (self);
        return -1;
    }
    pthread_once (&s_requests_once, s_requests_make);
    self->requests = s_requests;
    state->metrics = self;
    if (gw_metrics_daemons_start (self->daemons) < 0) {
        gw_metrics_stop (state);
        return -1;
    }
    gw_http_set_observer (state->http, gw_metrics_requests_observe, self->requests);
    gw_http_route (state->http, GW_METRICS_PATH, s_serve, state);
    return 0;
}

//  The observer and its counters stay (s_requests): the server still answers until it goes.
void
gw_metrics_stop (gw_state_t *state)
{
    gw_metrics_t *self = state->metrics;
    if (!self)
        return;
    gw_metrics_daemons_destroy (&self->daemons);
    free (self);
    state->metrics = NULL;
}
