/*  sf-gateway: HTTP/JSON for people, programs and screens: every daemon's requests (Connect
    unary, from their sf.Describe), sessions, the OpenAPI document, the live event stream and
    Prometheus metrics. Wiring only: see gateway.h and README.md.                              */
#include "gateway.h"
#include "gateway_config.h"
#include "gateway_describe.h"
#include "gateway_files.h"
#include "gateway_session.h"
#include "sf_log.h"
#include "sf_service.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t gateway_migrations [];

#define GW_DESCRIBE_WAIT_MS 10000

static gw_state_t s_state;
static int s_started;               //  parts started, in s_parts order

typedef struct {
    int (*start) (gw_state_t *state);
    void (*stop) (gw_state_t *state);
} s_part_t;

static const s_part_t s_parts [] = {
    { gw_session_start, gw_session_stop },
    { gw_api_start, gw_api_stop },
    { gw_openapi_start, gw_openapi_stop },
    { gw_sse_start, gw_sse_stop },
    { gw_metrics_start, gw_metrics_stop },
    { gw_files_start, gw_files_stop },
    { gw_static_start, gw_static_stop },
    { gw_qr_start, gw_qr_stop },
};
#define S_PART_COUNT (int) (sizeof s_parts / sizeof s_parts [0])

static void
s_add_daemon (const char *name, const char *endpoint, void *arg)
{
    int *failed = arg;
    if (gw_forward_add_daemon (s_state.forward, name, endpoint) < 0)
        *failed = 1;
}

static void s_stop (void *state);

static void *
s_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    sf_scheduler_every (scheduler, GW_FILES_SWEEP_JOB, GW_FILES_SWEEP_MS, 0, gw_files_sweep_job, &s_state);
    s_state.config = config;
    s_state.request_timeout_ms = (int) sf_config_int (config, "gateway.request_timeout_ms");
    //  The HTTP threads' sessions: shorter bounds than the daemon's, a page waits on them.
    s_state.db_options = sf_service_db_options (config, "gateway", "gateway-http");
    s_state.db_options.statement_timeout_ms = 2000;
    s_state.db_options.lock_timeout_ms = 1000;
    s_state.db_options.idle_tx_timeout_ms = 5000;
    const gw_http_options_t http = {
        .address = sf_config_str (config, "gateway.http_address"),
        .port = (int) sf_config_int (config, "gateway.http_port"),
        .threads = (int) sf_config_int (config, "gateway.http_threads"),
        .max_connections = (int) sf_config_int (config, "gateway.max_connections"),
        .per_ip_connections = (int) sf_config_int (config, "gateway.per_ip_connections"),
        .connection_timeout_s = (int) sf_config_int (config, "gateway.connection_timeout_s"),
        .max_header_bytes = (size_t) sf_config_int (config, "gateway.max_header_bytes"),
        .max_body_bytes = (size_t) sf_config_int (config, "gateway.max_body_bytes"),
    };
    s_state.http = gw_http_new (&http);
    s_state.routes = gw_routes_holder_new ();
    s_state.forward = gw_forward_new ();
    const char *daemons = sf_config_str (config, "gateway.daemons");
    int failed = 0;
    if (gw_describe_each_daemon (daemons, s_add_daemon, &failed) < 0 || failed) {
        sf_error ("gateway: gateway.daemons '%s' is not name=endpoint,... of daemons whose keys are known", daemons);
        s_stop (&s_state);
        return NULL;
    }
    if (gw_forward_start (s_state.forward) < 0) {
        s_stop (&s_state);
        return NULL;
    }
    s_state.describe = gw_describe_new (&s_state, daemons, (int) sf_config_int (config, "gateway.describe_refresh_s"),
                                  gw_session_local_routes);
    if (!s_state.describe || gw_describe_start (s_state.describe, GW_DESCRIBE_WAIT_MS) < 0) {
        s_stop (&s_state);
        return NULL;
    }
    for (s_started = 0; s_started < S_PART_COUNT; s_started++)
        if (s_parts [s_started].start (&s_state) < 0) {
            s_stop (&s_state);
            return NULL;
        }
    if (gw_http_start (s_state.http) < 0) {
        s_stop (&s_state);
        return NULL;
    }
    return &s_state;
}

//  A clean stop, in an order where no handler can touch what is freed:
//  1. HTTP takes no new request and the event streams end; the requests under way finish,
//     their daemons answering through the forwarder, for up to gateway.stop_drain_ms.
//  2. The forwarder stops: its calls still open are answered unavailable, and nothing
//     resumes a request any more.
//  3. HTTP stops: a request still waiting is answered 503, the pool's threads are joined.
//  4. Only then describe and the parts free what handlers use (the files' libvips among them).
//  Also the way out of a failed start, from wherever it failed.
static void
s_stop (void *state)
{
    (void) state;
    gw_http_quiesce (s_state.http);
    gw_sse_stop (&s_state);
    if (s_state.http && s_state.config) {
        int drain_ms = (int) sf_config_int (s_state.config, "gateway.stop_drain_ms");
        if (!gw_http_drain (s_state.http, drain_ms))
            sf_warn ("gateway: requests still under way after %d ms (gateway.stop_drain_ms): cut short", drain_ms);
    }
    gw_forward_stop (s_state.forward);
    gw_http_destroy (&s_state.http);
    gw_describe_destroy (&s_state.describe);
    while (s_started > 0) {
        s_started--;
        s_parts [s_started].stop (&s_state);
    }
    gw_forward_destroy (&s_state.forward);
    gw_routes_holder_destroy (&s_state.routes);
}

int
main (int argc, char **argv)
{
    static const sf_route_t no_routes [] = { { 0 } };
    //  The directory's account events keep the sessions' accounts and grants current (a
    //  disabled account's sessions end). The gateway keeps no org copy: its key is a front's,
    //  which may name people but never act as the service that reads the whole org.
    static const sf_subscription_t subscriptions [] = {
        { .topic = "org", .handler = gw_session_apply_org, .source_endpoint_key = "org.directory_endpoint" },
        //  Attachments named by findings, forms and evidence: the links that let their plants read them.
        { .topic = "inspection", .handler = gw_files_apply_event },
        { .topic = "rectification", .handler = gw_files_apply_event },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "gateway",
        .schema = "gateway",
        .migrations = gateway_migrations,
        .routes = no_routes,
        .config = gateway_config,
        .subscriptions = subscriptions,
        .start = s_start,
        .stop = s_stop,
    };
    return sf_service_main (&spec, argc, argv);
}
