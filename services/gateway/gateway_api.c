/*  gateway_api: a Connect unary request under /api/v1 → sf.Request → JSON or a problem
    (gateway_api.h, README.md "The API").

    On a pool thread the handler finds the route, checks the method and the content type,
    authenticates, decodes the message and sends the request through the forwarder; the
    connection then waits, holding no thread. The forwarder's thread only keeps the reply
    and resumes the request; the answer is written on a pool thread again. The route table
    the request started with is held until the request ends. The gateway writes nothing of
    its own on the way: an error changes nothing.                                            */
#include "gateway.h"
#include "gateway_api.h"
#include "gateway_describe.h"
#include "gateway_problem.h"
#include "gateway_session.h"
#include "sf_codec.h"
#include "sf_log.h"
#include "sf_clock.h"
#include "sf_uuid.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>

//  An unknown path asks the daemons again (a daemon newer than the table), at most this often.
#define GW_API_POKE_INTERVAL_MS 5000

typedef struct {
    gw_state_t *state;
    gw_req_t *req;
    const gw_routes_t *table;        //  held until the request ends: route points into it
    const gw_route_t *route;
    char request_id [GW_API_ID_SIZE];
    pthread_mutex_t lock;            //  the reply, filled on the forwarder's thread
    bool replied;
    sf_reply_t reply;
} s_call_t;

static int64_t s_last_poke_ms;

static const sf_text_t s_msg_no_route = {
    "没有这个请求：%s", "No such request: %s"
};
static const sf_text_t s_msg_get_write = {
    "%s 会修改数据，只能用 POST", "%s changes data: use POST"
};
static const sf_text_t s_msg_method = {
    "不支持方法 %s，请用 %s", "The method %s is not supported; use %s"
};
static const sf_text_t s_msg_content_type = {
    "请求体必须是 JSON（Content-Type: application/json）",
    "The request body must be JSON (Content-Type: application/json)"
};
static const sf_text_t s_msg_bad_key = {
    "Idempotency-Key 必须是 1 到 %d 个可见 ASCII 字符", "Idempotency-Key must be 1 to %d visible ASCII characters"
};
static const sf_text_t s_msg_bad_org = {
    "Sf-Org 必须是 1 到 %d 个可见 ASCII 字符的单位编码", "Sf-Org must be a unit code of 1 to %d visible ASCII characters"
};
static const sf_text_t s_msg_bad_timeout = {
    "Connect-Timeout-Ms 必须是不超过 10 位的正整数", "Connect-Timeout-Ms must be a positive integer of at most 10 digits"
};
static const sf_text_t s_msg_bad_reply = {
    "服务 %s 的应答（%s）网关无法解读", "The gateway cannot read the reply (%s) of the %s service"
};
static const sf_text_t s_msg_stopping = {
    "网关正在停止，请稍后用同一幂等键重试", "The gateway is stopping; retry later with the same idempotency key"
};

//  ------------------------------------------------------------------------------------
//  Answers of the gateway's own

static void
s_fail (gw_req_t *req, sf_status_t status, const char *request_id, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text, &zh, &en, args);
    va_end (args);
    gw_problem_status (req, status, zh, en, request_id, 0);
    free (zh);
    free (en);
}

static void
s_fail_http (gw_req_t *req, int http_status, const char *code, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text, &zh, &en, args);
    va_end (args);
    gw_problem_http (req, http_status, code, zh, en, 0);
    free (zh);
    free (en);
}

//  A path of the service form ("<package>.<Service>/<Method>") that no table knows yet.
static void
s_poke_describe (gw_state_t *state, const char *path)
{
    const char *rest = path + strlen (GW_API_PREFIX);
    const char *slash = strchr (rest, '/');
    if (!state->describe || !slash || !strchr (rest, '.') || strchr (slash + 1, '/') || !slash [1])
        return;
    int64_t now = sf_clock_mono_ms ();
    int64_t last = __atomic_load_n (&s_last_poke_ms, __ATOMIC_RELAXED);
    if (last && now - last < GW_API_POKE_INTERVAL_MS)
        return;
    if (__atomic_compare_exchange_n (&s_last_poke_ms, &last, now, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        gw_describe_poke (state->describe);
}

//  ------------------------------------------------------------------------------------
//  The call in flight

static void
s_call_free (void *data)
{
    s_call_t *call = data;
    sf_reply_clear (&call->reply);
    gw_routes_release (call->state->routes, call->table);
    pthread_mutex_destroy (&call->lock);
    free (call);
}

//  The forwarder's thread: keep the reply, wake the request.
static void
s_replied (void *arg, sf_reply_t *reply)
{
    s_call_t *call = arg;
    pthread_mutex_lock (&call->lock);
    call->reply = *reply;
    memset (reply, 0, sizeof *reply);
    call->replied = true;
    pthread_mutex_unlock (&call->lock);
    gw_req_resume (call->req);
}

//  A pool thread: the reply as JSON, or as a problem.
static void
s_answer (gw_req_t *req, void *arg)
{
    s_call_t *call = arg;
    pthread_mutex_lock (&call->lock);
    bool replied = call->replied;
    pthread_mutex_unlock (&call->lock);
    if (!replied) {
        //  Resumed by the server stopping, before the forwarder answered.
        gw_problem_status (req, SF_UNAVAILABLE, s_msg_stopping.zh, s_msg_stopping.en, call->request_id, 1000);
        return;
    }
    const sf_reply_t *reply = &call->reply;
    if (reply->status != SF_OK) {
        gw_problem_status (req, reply->status, reply->reason_zh, reply->reason_en, call->request_id,
                           reply->retry_after_ms);
        return;
    }
    char *json = gw_api_reply_json (reply);
    if (!json) {
        sf_error ("gateway: %s %s: the reply of %s (type '%s', %zu bytes) does not read as its message",
                  call->request_id, call->route->path, call->route->daemon, reply->type? reply->type: "",
                  reply->body_size);
        s_fail (req, SF_INTERNAL, call->request_id, &s_msg_bad_reply, call->route->daemon,
                reply->type? reply->type: "");
        return;
    }
    gw_req_respond (req, 200, "application/json", json, strlen (json));
    free (json);
}

//  ------------------------------------------------------------------------------------
//  The request

//  The request message from the query (GET) or the body (POST); NULL when answered.
static ProtobufCMessage *
s_message (gw_req_t *req, const gw_route_t *route, bool get, const char *request_id)
{
    char *zh = NULL, *en = NULL;
    ProtobufCMessage *message;
    bool unsupported = false;
    if (get)
        message = gw_api_decode_query (route->request, gw_req_query (req, "message"), gw_req_query (req, "encoding"),
                                       gw_req_query (req, "base64"), &unsupported, &zh, &en);
    else {
        size_t size;
        const char *body = gw_req_body (req, &size);
        message = gw_api_decode (route->request, body, size, &zh, &en);
    }
    if (!message) {
        if (unsupported)
            gw_problem_http (req, 415, "invalid_argument", zh, en, 0);
        else
            gw_problem_status (req, SF_INVALID_ARGUMENT, zh, en, request_id, 0);
    }
    free (zh);
    free (en);
    return message;
}

//  The envelope's fields from the headers; -1 when one is refused (answered).
static int
s_envelope (gw_req_t *req, const gw_state_t *state, const gw_route_t *route, const gw_who_t *who,
            sf_request_t *request, int *timeout_ms, char **client_key)
{
    const char *key = gw_req_header (req, "Idempotency-Key");
    const char *org = gw_req_header (req, "Sf-Org");
    if (gw_api_timeout_ms (gw_req_header (req, "Connect-Timeout-Ms"), state->request_timeout_ms, timeout_ms) < 0) {
        s_fail (req, SF_INVALID_ARGUMENT, request->request_id, &s_msg_bad_timeout);
        return -1;
    }
    if (org && *org && !gw_api_token_ok (org, GW_API_ORG_MAX)) {
        s_fail (req, SF_INVALID_ARGUMENT, request->request_id, &s_msg_bad_org, GW_API_ORG_MAX);
        return -1;
    }
    if (route->writes) {
        if (key && !gw_api_token_ok (key, GW_API_KEY_MAX)) {
            s_fail (req, SF_INVALID_ARGUMENT, request->request_id, &s_msg_bad_key, GW_API_KEY_MAX);
            return -1;
        }
        char made [SF_UUID_LEN + 1];
        if (!key) {
            sf_uuid_generate (made);
            key = made;
        }
        *client_key = strdup (key);
        request->idempotency_key = gw_api_scoped_key (who->login, key);
    }
    request->actor.user_id = strdup (who->login);
    request->actor.org_node = strdup (org? org: "");
    char trace [GW_API_TRACE_SIZE];
    if (gw_api_trace_id (gw_req_header (req, "traceparent"), trace) == 0)
        request->trace_id = strdup (trace);
    request->type = strdup (route->request->name);
    return 0;
}

//  Sends the request; the answer follows in s_answer. Takes the table's hold.
static void
s_forward (gw_req_t *req, gw_state_t *state, const gw_routes_t *table, const gw_route_t *route,
           const gw_who_t *who, const ProtobufCMessage *message, const char *request_id)
{
    sf_request_t request = { 0 };
    request.request_id = strdup (request_id);
    int timeout_ms = 0;
    char *client_key = NULL;
    if (s_envelope (req, state, route, who, &request, &timeout_ms, &client_key) < 0) {
        sf_request_clear (&request);
        gw_routes_release (state->routes, table);
        return;
    }
    request.body = sf_codec_pack (message, &request.body_size);
    s_call_t *call = calloc (1, sizeof *call);
    assert (call);
    call->state = state;
    call->req = req;
    call->table = table;
    call->route = route;
    snprintf (call->request_id, sizeof call->request_id, "%s", request_id);
    pthread_mutex_init (&call->lock, NULL);
    gw_req_set_data (req, call, s_call_free);
    if (client_key)
        gw_req_add_header (req, "Idempotency-Key", client_key);
    free (client_key);
    gw_req_wait (req, s_answer, call);
    gw_forward_send (state->forward, route->daemon, &request, timeout_ms, s_replied, call);
    sf_request_clear (&request);
}

//  Passwords and secrets of a request (gateway.Login, directory.CreateAccount, SetPassword, a
//  channel's secret...) are wiped before the message is freed: its top-level text fields and
//  those of its message fields whose name says password or secret.
static void
s_wipe_secrets (ProtobufCMessage *message)
{
    const ProtobufCMessageDescriptor *descriptor = message->descriptor;
    for (unsigned i = 0; i < descriptor->n_fields; i++) {
        const ProtobufCFieldDescriptor *field = &descriptor->fields [i];
        void *member = (char *) message + field->offset;
        if (field->label == PROTOBUF_C_LABEL_REPEATED)
            continue;
        //  A member of a oneof shares its place with the others: only the one that is set.
        if ((field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        &&  *(const uint32_t *) ((const char *) message + field->quantifier_offset) != field->id)
            continue;
        if (field->type == PROTOBUF_C_TYPE_STRING && (strstr (field->name, "password") || strstr (field->name, "secret"))) {
            char *text = *(char **) member;
            if (text && text != (char *) field->default_value)
                sodium_memzero (text, strlen (text));
        }
        else
        if (field->type == PROTOBUF_C_TYPE_MESSAGE && *(ProtobufCMessage **) member)
            s_wipe_secrets (*(ProtobufCMessage **) member);
    }
}

static void
s_serve (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    const char *path = gw_req_path (req);
    char request_id [GW_API_ID_SIZE];
    gw_api_request_id (gw_req_header (req, "X-Request-Id"), request_id);
    gw_req_add_header (req, "X-Request-Id", request_id);
    const gw_routes_t *table = gw_routes_hold (state->routes);
    const gw_route_t *route = table? gw_routes_find (table, path): NULL;
    if (!route) {
        gw_routes_release (state->routes, table);
        s_fail_http (req, 404, "unimplemented", &s_msg_no_route, path);
        s_poke_describe (state, path);
        return;
    }
    gw_req_set_label (req, route->path);
    const char *method = gw_req_method (req);
    bool get = strcmp (method, "GET") == 0;
    if (get && route->writes) {
        gw_routes_release (state->routes, table);
        gw_req_add_header (req, "Allow", "POST");
        s_fail_http (req, 405, "unimplemented", &s_msg_get_write, route->path);
        return;
    }
    if (!get && strcmp (method, "POST") != 0) {
        const char *allow = route->writes? "POST": "GET, POST";
        gw_routes_release (state->routes, table);
        gw_req_add_header (req, "Allow", allow);
        s_fail_http (req, 405, "unimplemented", &s_msg_method, method, allow);
        return;
    }
    if (!get && !gw_api_json_type (gw_req_header (req, "Content-Type"))) {
        gw_routes_release (state->routes, table);
        s_fail_http (req, 415, "invalid_argument", &s_msg_content_type);
        return;
    }
    //  The gateway's own requests: gw_session_serve authenticates them itself (all but Login).
    bool local = strcmp (route->daemon, GW_LOCAL_DAEMON) == 0;
    gw_who_t who = { 0 };
    if (!local && gw_session_authenticate (state, req, &who) < 0) {
        gw_routes_release (state->routes, table);
        return;
    }
    ProtobufCMessage *message = s_message (req, route, get, request_id);
    if (message) {
        if (local) {
            gw_session_serve (state, req, route, message);
            gw_routes_release (state->routes, table);
        }
        else
            s_forward (req, state, table, route, &who, message, request_id);
        s_wipe_secrets (message);
        protobuf_c_message_free_unpacked (message, NULL);
    }
    else
        gw_routes_release (state->routes, table);
    gw_who_clear (&who);
}

int
gw_api_start (gw_state_t *state)
{
    gw_http_route (state->http, GW_API_PREFIX, s_serve, state);
    return 0;
}

void
gw_api_stop (gw_state_t *state)
{
    (void) state;
}
