/*  gateway_sse: GET /api/v1/events, the live event stream (README.md, "The live stream";
    gateway_sse.h for how it works). The handler checks the session, the filters and the
    cursor, and gives the request to the hub.                                               */
#include "gateway_sse_hub.h"
#include "gateway_metrics.h"
#include "gateway_problem.h"
#include "sf_log.h"

#include <stdio.h>
#include <string.h>

#define S_EVENTS_PATH "/api/v1/events"
#define S_NOT_READY_RETRY_MS 1000

static void
s_events (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    gw_sse_t *self = state->sse;
    if (strcmp (gw_req_method (req), "GET") != 0) {
        gw_req_add_header (req, "Allow", "GET");
        gw_problem_http (req, 405, "unimplemented", "事件流只接受 GET 请求", "The event stream takes GET requests only", 0);
        return;
    }
    gw_who_t who = { 0 };
    if (gw_session_authenticate (state, req, &who))
        return;
    gw_sse_filter_t filter;
    const char *plant = gw_req_query (req, "plant");
    if (gw_sse_filter_parse (&filter, gw_req_query (req, "types"), plant)) {
        gw_problem_http (req, 400, "invalid_argument",
                         "types 须为逗号分隔的事件类型（可在末尾用 * 表示前缀），plant 须为单位编码",
                         "types must be event types separated by commas (a final * for a prefix), plant a unit code", 0);
        gw_who_clear (&who);
        return;
    }
    if (filter.plant && !gw_who_sees_plant (&who, filter.plant)) {
        char zh [256], en [256];
        snprintf (zh, sizeof zh, "无权查看厂区 %s 的事件", filter.plant);
        snprintf (en, sizeof en, "No permission to see the events of plant %s", filter.plant);
        gw_problem_http (req, 403, "permission_denied", zh, en, 0);
        gw_sse_filter_clear (&filter);
        gw_who_clear (&who);
        return;
    }
    const char *cursor_text = gw_req_header (req, "Last-Event-ID");
    if (!cursor_text || !*cursor_text)
        cursor_text = gw_req_query (req, "last_event_id");
    gw_sse_pos_t cursor [GW_SSE_TOPICS_MAX];
    bool resume = cursor_text && *cursor_text;
    if (resume && gw_sse_cursor_decode (&self->topics, cursor_text, cursor)) {
        gw_problem_http (req, 400, "invalid_argument", "Last-Event-ID 不是本事件流给出的编号",
                         "Last-Event-ID is not an id this event stream gave", 0);
        gw_sse_filter_clear (&filter);
        gw_who_clear (&who);
        return;
    }
    if (gw_sse_hub_attach (self, req, &who, &filter, resume? cursor: NULL)) {
        gw_problem_http (req, 503, "unavailable", "事件流尚未连上 Redis，请稍后重试",
                         "The event stream has not reached Redis yet; try again shortly", S_NOT_READY_RETRY_MS);
        gw_sse_filter_clear (&filter);
        gw_who_clear (&who);
    }
}

int
gw_sse_start (gw_state_t *state)
{
    const gw_sse_options_t options = {
        .redis_host = sf_config_str (state->config, "redis.host"),
        .redis_port = (int) sf_config_int (state->config, "redis.port"),
        .redis_timeout_ms = (int) sf_config_int (state->config, "redis.timeout_ms"),
        .buffer_limit = (size_t) sf_config_int (state->config, "gateway.sse_client_buffer_bytes"),
        .heartbeat_ms = (int) sf_config_int (state->config, "gateway.sse_heartbeat_s") * 1000,
        .state = state,
    };
    state->sse = gw_sse_hub_new (sf_config_str (state->config, "gateway.daemons"), &options);
    if (!state->sse || gw_sse_reader_start (state->sse) < 0) {
        gw_sse_hub_destroy (&state->sse);
        return -1;
    }
    gw_http_route (state->http, S_EVENTS_PATH, s_events, state);
    sf_info ("gateway: the event stream follows %zu topics at %s", state->sse->topics.count, S_EVENTS_PATH);
    return 0;
}

//  For /metrics (gateway_metrics.h): the clients streaming now.
int
gw_sse_client_count (gw_state_t *state)
{
    return state->sse? (int) gw_sse_hub_clients (state->sse): 0;
}

void
gw_sse_sessions_changed (gw_state_t *state)
{
    gw_sse_t *self = state? state->sse: NULL;
    if (!self)
        return;
    pthread_mutex_lock (&self->lock);
    self->sessions_changed = true;
    pthread_mutex_unlock (&self->lock);
}

//  Ends every stream (the stop's first step, and again with the parts: idempotent). The hub
//  is not freed: the process is ending.
void
gw_sse_stop (gw_state_t *state)
{
    if (state->sse)
        gw_sse_hub_stop (state->sse);
}
