/*  The API over HTTP (services/gateway/gateway_api.h), as a program meets it through curl:
    a finding reported with POST and read back with Connect's GET, its form at rectification
    (ListForms, GetForm); a retried POST with its Idempotency-Key answered the same and
    stored once, another body with that key 409; bad JSON, unknown fields, bad headers 400;
    an unknown route 404; a GET of a write 405 (Allow: POST), other methods 405, a body that
    is not JSON 415; no session 401; a worker's admin-only command 403, an unknown number
    404, a command in the wrong state 409, another plant's finding refused; rectification
    down: 503 with Retry-After and nothing written. The daemons decide; the gateway writes
    nothing of its own on any error. Last, the gateway stopped while a request waits for a
    frozen daemon: it waits gateway.stop_drain_ms for it, answers it 503 and exits 0.       */
#include "gateway_testlib.h"
#include "sf_clock.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

//  The value of the first "field":"..." in a JSON text, fresh, or NULL.
static char *
s_json_text (const char *json, const char *field)
{
    char key [96];
    snprintf (key, sizeof key, "\"%s\":\"", field);
    const char *start = json? strstr (json, key): NULL;
    if (!start)
        return NULL;
    start += strlen (key);
    const char *end = strchr (start, '"');
    return end? strndup (start, (size_t) (end - start)): NULL;
}

//  text in base64url without padding (Connect's base64=1) into out.
static void
s_base64url (const char *text, char *out)
{
    static const char alphabet [] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t size = strlen (text), o = 0;
    const unsigned char *in = (const unsigned char *) text;
    for (size_t i = 0; i < size; i += 3) {
        uint32_t bits = (uint32_t) in [i] << 16 | (i + 1 < size? (uint32_t) in [i + 1] << 8: 0)
                      | (i + 2 < size? in [i + 2]: 0);
        out [o++] = alphabet [bits >> 18 & 63];
        out [o++] = alphabet [bits >> 12 & 63];
        if (i + 1 < size)
            out [o++] = alphabet [bits >> 6 & 63];
        if (i + 2 < size)
            out [o++] = alphabet [bits & 63];
    }
    out [o] = 0;
}

static void
s_check_problem (const gt_response_t *response, long status, const char *code)
{
    if (response->status != status || !strstr (response->body, code))
        fprintf (stderr, "expected %ld %s, got %ld %s\n", status, code, response->status, response->body);
    SF_CHECK (response->status == status);
    char needle [96];
    snprintf (needle, sizeof needle, "\"code\":\"%s\"", code);
    SF_CHECK (strstr (response->body, needle));
    SF_CHECK (strstr (response->body, "\"reason_zh\":\"") && strstr (response->body, "\"reason_en\":\""));
    char *type = gt_response_header (response, "Content-Type");
    SF_CHECK (type && strcmp (type, "application/problem+json") == 0);
    free (type);
}

//  Connect's GET: ?encoding=json&message=<the JSON, URL-encoded>.
//  Connect's GET of route with json, as token (none: NULL), with one more header (or NULL) and
//  curl's timeout_ms (0: 10 s).
static gt_response_t
s_get_with (const gt_stack_t *stack, const char *token, const char *route, const char *json, const char *header,
            int timeout_ms)
{
    char authorization [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", token? token: "");
    const char *headers [] = { authorization, header, NULL };
    CURL *curl = curl_easy_init ();
    char *escaped = curl_easy_escape (curl, json, 0);
    char path [2048];
    snprintf (path, sizeof path, "/api/v1/%s?encoding=json&connect=v1&message=%s", route, escaped);
    curl_free (escaped);
    curl_easy_cleanup (curl);
    return gt_http (stack, "GET", path, token? headers: NULL, NULL, timeout_ms);
}

static gt_response_t
s_get (const gt_stack_t *stack, const char *token, const char *route, const char *json)
{
    return s_get_with (stack, token, route, json, NULL, 0);
}

static gt_response_t
s_post (const gt_stack_t *stack, const char *token, const char *route, const char *json, const char *key)
{
    char path [256];
    snprintf (path, sizeof path, "/api/v1/%s", route);
    return gt_post (stack, token, path, json, key);
}

static int64_t
s_findings (gt_stack_t *stack, const char *description)
{
    return sf_test_scalar (stack->base.db, "SELECT count(*) FROM finding WHERE description = $1", description);
}

//  What needs no session: the route, the method and the content type come first.
static void
s_without_session (gt_stack_t *stack)
{
    const char *json [] = { "Content-Type: application/json", NULL };
    gt_response_t response = gt_http (stack, "POST", "/api/v1/inspection.Inspection/NoSuchThing", json, "{}", 0);
    s_check_problem (&response, 404, "unimplemented");
    SF_CHECK (strstr (response.body, "inspection.Inspection/NoSuchThing"));
    gt_response_clear (&response);

    response = gt_http (stack, "GET", "/api/v1/inspection.Inspection/ReportFinding", NULL, NULL, 0);
    s_check_problem (&response, 405, "unimplemented");
    char *allow = gt_response_header (&response, "Allow");
    SF_CHECK (allow && strcmp (allow, "POST") == 0);
    free (allow);
    gt_response_clear (&response);

    response = gt_http (stack, "DELETE", "/api/v1/inspection.Inspection/GetFinding", NULL, NULL, 0);
    s_check_problem (&response, 405, "unimplemented");
    allow = gt_response_header (&response, "Allow");
    SF_CHECK (allow && strcmp (allow, "GET, POST") == 0);
    free (allow);
    gt_response_clear (&response);

    const char *form [] = { "Content-Type: application/x-www-form-urlencoded", NULL };
    response = gt_http (stack, "POST", "/api/v1/inspection.Inspection/GetFinding", form, "number=1", 0);
    s_check_problem (&response, 415, "invalid_argument");
    gt_response_clear (&response);

    response = s_post (stack, NULL, "inspection.Inspection/GetFinding", "{\"number\":\"x\"}", NULL);
    s_check_problem (&response, 401, "unauthenticated");
    gt_response_clear (&response);
    response = s_get (stack, "not-a-token", "inspection.Inspection/GetFinding", "{}");
    s_check_problem (&response, 401, "unauthenticated");
    gt_response_clear (&response);
}

static char *
s_report (gt_stack_t *stack, const char *token, const char *description, const char *key, char **reply)
{
    char json [512];
    snprintf (json, sizeof json,
              "{\"finding\":{\"description\":\"%s\",\"factor\":\"FACTOR_ENVIRONMENT\",\"location\":\"二号仓库\","
              "\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\"},\"source\":\"SOURCE_REPORT\"}",
              description, gt_code (stack, "D1T1"));
    gt_response_t response = s_post (stack, token, "inspection.Inspection/ReportFinding", json, key);
    if (response.status != 200)
        fprintf (stderr, "ReportFinding: %ld %s\n", response.status, response.body);
    SF_CHECK (response.status == 200);
    char *type = gt_response_header (&response, "Content-Type");
    SF_CHECK (type && strcmp (type, "application/json") == 0);
    free (type);
    char *echoed = gt_response_header (&response, "Idempotency-Key");
    SF_CHECK (echoed && (!key || strcmp (echoed, key) == 0));
    free (echoed);
    char *number = s_json_text (response.body, "number");
    SF_CHECK (number);
    if (reply)
        *reply = strdup (response.body);
    gt_response_clear (&response);
    return number;
}

//  The finding reported, read back with GET, its form at rectification.
static char *
s_report_and_follow (gt_stack_t *stack, const char *manager, char **finding_number)
{
    char *number = s_report (stack, manager, "消防通道堵塞", "api-report-1", NULL);
    SF_CHECK (s_findings (stack, "消防通道堵塞") == 1);
    char json [256];
    snprintf (json, sizeof json, "{\"number\":\"%s\"}", number);
    gt_response_t response = s_get (stack, manager, "inspection.Inspection/GetFinding", json);
    SF_CHECK (response.status == 200);
    SF_CHECK (strstr (response.body, "\"description\":\"消防通道堵塞\""));
    SF_CHECK (strstr (response.body, "\"severity\":\"SEVERITY_GENERAL\""));
    gt_response_clear (&response);
    //  POST serves a read as well; the client's request id comes back with a suffix.
    char authorization [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", manager);
    const char *traced [] = { authorization, "Content-Type: application/json", "X-Request-Id: client-req-1",
                              "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                              "Connect-Protocol-Version: 1", "Connect-Timeout-Ms: 5000", NULL };
    response = gt_http (stack, "POST", "/api/v1/inspection.Inspection/GetFinding", traced, json, 0);
    SF_CHECK (response.status == 200 && strstr (response.body, number));
    char *request_id = gt_response_header (&response, "X-Request-Id");
    SF_CHECK (request_id && strncmp (request_id, "client-req-1.", 13) == 0 && strlen (request_id) == 21);
    free (request_id);
    gt_response_clear (&response);
    //  Connect's GET with the message in base64url.
    char encoded [512];
    s_base64url (json, encoded);
    char path [768];
    snprintf (path, sizeof path, "/api/v1/inspection.Inspection/GetFinding?encoding=json&base64=1&message=%s",
              encoded);
    const char *bearer [] = { authorization, NULL };
    response = gt_http (stack, "GET", path, bearer, NULL, 0);
    SF_CHECK (response.status == 200 && strstr (response.body, number));
    gt_response_clear (&response);

    //  Rectification issues the form from the finding's event.
    snprintf (json, sizeof json, "{\"unitCode\":\"%s\"}", gt_code (stack, "D1T1"));
    char *form = NULL;
    for (int waited = 0; waited < 20000 && !form; waited += 200) {
        response = s_get (stack, manager, "rectification.Rectification/ListForms", json);
        SF_CHECK (response.status == 200);
        if (strstr (response.body, number))
            form = s_json_text (response.body, "number");
        gt_response_clear (&response);
        if (!form)
            sf_test_sleep_ms (200);
    }
    SF_CHECK (form);
    snprintf (json, sizeof json, "{\"number\":\"%s\"}", form);
    response = s_get (stack, manager, "rectification.Rectification/GetForm", json);
    SF_CHECK (response.status == 200);
    SF_CHECK (strstr (response.body, "\"status\":\"FORM_ISSUED\""));
    SF_CHECK (strstr (response.body, number));
    gt_response_clear (&response);
    *finding_number = number;
    return form;
}

static void
s_idempotency (gt_stack_t *stack, const char *manager)
{
    char *first = NULL, *second = NULL;
    char *number = s_report (stack, manager, "配电箱未上锁", "api-retry-1", &first);
    char *again = s_report (stack, manager, "配电箱未上锁", "api-retry-1", &second);
    SF_CHECK_STR (number, again);
    SF_CHECK_STR (first, second);
    SF_CHECK (s_findings (stack, "配电箱未上锁") == 1);
    //  Another body with the same key.
    char json [512];
    snprintf (json, sizeof json,
              "{\"finding\":{\"description\":\"另一件事\",\"factor\":\"FACTOR_MAN\",\"location\":\"三号车间\","
              "\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\"},\"source\":\"SOURCE_REPORT\"}",
              gt_code (stack, "D1T1"));
    gt_response_t response = s_post (stack, manager, "inspection.Inspection/ReportFinding", json, "api-retry-1");
    s_check_problem (&response, 409, "aborted");
    gt_response_clear (&response);
    SF_CHECK (s_findings (stack, "另一件事") == 0);
    //  No key: one is made up and sent back.
    response = s_post (stack, manager, "inspection.Inspection/ReportFinding", json, NULL);
    if (response.status != 200)
        fprintf (stderr, "ReportFinding without a key: %ld %s\n", response.status, response.body);
    SF_CHECK (response.status == 200);
    char *made = gt_response_header (&response, "Idempotency-Key");
    SF_CHECK (made && strlen (made) == 36);
    free (made);
    gt_response_clear (&response);
    SF_CHECK (s_findings (stack, "另一件事") == 1);
    free (number);
    free (again);
    free (first);
    free (second);
}

static void
s_bad_input (gt_stack_t *stack, const char *manager)
{
    const char *route = "inspection.Inspection/ReportFinding";
    gt_response_t response = s_post (stack, manager, route, "{\"finding\":{\"description\":", "api-bad-1");
    s_check_problem (&response, 400, "invalid_argument");
    gt_response_clear (&response);
    //  An unknown field is refused by name, as sf_pbjson parses.
    response = s_post (stack, manager, route, "{\"finding\":{\"descripton\":\"x\"}}", "api-bad-2");
    s_check_problem (&response, 400, "invalid_argument");
    SF_CHECK (strstr (response.body, "finding.descripton"));
    gt_response_clear (&response);
    //  A required field the daemon checks.
    response = s_post (stack, manager, route, "{\"finding\":{\"description\":\"无责任单位\"}}", "api-bad-3");
    s_check_problem (&response, 400, "invalid_argument");
    gt_response_clear (&response);
    SF_CHECK (s_findings (stack, "无责任单位") == 0);
    //  A key that is not a token; a deadline that is not a number; GET with a bad message.
    response = s_post (stack, manager, route, "{}", "a key with spaces");
    s_check_problem (&response, 400, "invalid_argument");
    gt_response_clear (&response);
    char authorization [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", manager);
    const char *timeout [] = { authorization, "Content-Type: application/json", "Connect-Timeout-Ms: soon", NULL };
    response = gt_http (stack, "POST", "/api/v1/inspection.Inspection/GetFinding", timeout, "{}", 0);
    s_check_problem (&response, 400, "invalid_argument");
    gt_response_clear (&response);
    response = s_get (stack, manager, "inspection.Inspection/GetFinding", "{\"number\":");
    s_check_problem (&response, 400, "invalid_argument");
    gt_response_clear (&response);
    const char *english [] = { authorization, "Accept-Language: en-US", NULL };
    response = gt_http (stack, "GET", "/api/v1/inspection.Inspection/GetFinding?encoding=proto", english, NULL, 0);
    s_check_problem (&response, 415, "invalid_argument");
    SF_CHECK (strstr (response.body, "\"detail\":\"The encoding proto is not supported; only json is\""));
    gt_response_clear (&response);
}

static void
s_refusals (gt_stack_t *stack, const char *manager, const char *worker, const char *qmanager, const char *form,
            const char *finding)
{
    char json [256];
    //  Cancelling is for admin, ehs and the plant's safety manager.
    snprintf (json, sizeof json, "{\"number\":\"%s\",\"reason\":\"重复\"}", form);
    gt_response_t response = s_post (stack, worker, "rectification.Rectification/CancelForm", json, "api-cancel-w");
    s_check_problem (&response, 403, "permission_denied");
    gt_response_clear (&response);
    //  Unknown number.
    response = s_get (stack, manager, "inspection.Inspection/GetFinding", "{\"number\":\"NOPE-F2026-999999\"}");
    s_check_problem (&response, 404, "not_found");
    SF_CHECK (strstr (response.body, "\"request_id\":\""));
    gt_response_clear (&response);
    //  Verifying a form nobody has rectified yet.
    snprintf (json, sizeof json, "{\"number\":\"%s\",\"note\":\"ok\"}", form);
    response = s_post (stack, manager, "rectification.Rectification/VerifyForm", json, "api-verify-early");
    s_check_problem (&response, 409, "failed_precondition");
    gt_response_clear (&response);
    //  Another plant's manager.
    snprintf (json, sizeof json, "{\"number\":\"%s\"}", finding);
    response = s_get (stack, qmanager, "inspection.Inspection/GetFinding", json);
    SF_CHECK (response.status == 403 || response.status == 404);
    SF_CHECK (!strstr (response.body, "消防通道堵塞"));
    gt_response_clear (&response);
    snprintf (json, sizeof json, "{\"number\":\"%s\"}", form);
    response = s_get (stack, qmanager, "rectification.Rectification/GetForm", json);
    SF_CHECK (response.status == 403 || response.status == 404);
    gt_response_clear (&response);
}

//  rectification down: 503 with Retry-After, nothing written; up again: served.
static void
s_daemon_down (gt_stack_t *stack, const char *manager, const char *form)
{
    sf_db_t *rect = sf_test_db_session (stack->base.rectification_schema);
    const char *sql = "SELECT count(*) FROM form WHERE number = $1 AND status = 1";
    SF_CHECK (sf_test_scalar (rect, sql, form) == 1);
    sf_test_daemon_stop (&stack->base.rectification, SIGTERM);
    char json [256];
    snprintf (json, sizeof json, "{\"number\":\"%s\",\"reason\":\"误报\"}", form);
    gt_response_t response = s_post (stack, manager, "rectification.Rectification/CancelForm", json, "api-down-1");
    s_check_problem (&response, 503, "unavailable");
    char *retry = gt_response_header (&response, "Retry-After");
    SF_CHECK (retry && atoi (retry) >= 1);
    free (retry);
    gt_response_clear (&response);
    SF_CHECK (sf_test_scalar (rect, sql, form) == 1);
    it_rectification_start (&stack->base);
    //  The client retries with its key once the daemon is back.
    for (int waited = 0; waited < 15000; waited += 250) {
        response = s_post (stack, manager, "rectification.Rectification/CancelForm", json, "api-down-1");
        bool done = response.status == 200;
        if (!done)
            SF_CHECK (response.status == 503);
        gt_response_clear (&response);
        if (done)
            break;
        sf_test_sleep_ms (250);
    }
    SF_CHECK (sf_test_scalar (rect, "SELECT count(*) FROM form WHERE number = $1 AND status = 6", form) == 1);
    sf_db_destroy (&rect);
}

//  ------------------------------------------------------------------------------------
//  The gateway stopped while a request waits for a daemon (rectification frozen)

typedef struct {
    const gt_stack_t *stack;
    const char *token;
    const char *form;
    gt_response_t response;
} s_in_flight_t;

static void *
s_in_flight (void *arg)
{
    s_in_flight_t *call = arg;
    char json [256];
    snprintf (json, sizeof json, "{\"number\":\"%s\"}", call->form);
    call->response = s_get_with (call->stack, call->token, "rectification.Rectification/GetForm", json,
                                 "Connect-Timeout-Ms: 30000", 20000);
    return NULL;
}

//  SIGTERM with a request waiting: the gateway waits gateway.stop_drain_ms (1 s here) for it,
//  answers it 503 when its daemon has not answered by then, and exits 0.
static void
s_gateway_stops (gt_stack_t *stack, const char *manager, const char *form)
{
    SF_CHECK (kill (stack->base.rectification.pid, SIGSTOP) == 0);
    s_in_flight_t call = { .stack = stack, .token = manager, .form = form };
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_in_flight, &call) == 0);
    //  Until the gateway has sent it on (its forwarder's gauge in /metrics).
    bool sent = false;
    for (int waited = 0; waited < 10000 && !sent; waited += 50) {
        gt_response_t metrics = gt_http (stack, "GET", "/metrics", NULL, NULL, 0);
        sent = metrics.body && strstr (metrics.body, "\nsf_gateway_forward_pending 1\n");
        gt_response_clear (&metrics);
        if (!sent)
            sf_test_sleep_ms (50);
    }
    SF_CHECK (sent);
    int64_t started = sf_clock_mono_ms ();
    int status = sf_test_daemon_stop (&stack->gateway, SIGTERM);
    int64_t took = sf_clock_mono_ms () - started;
    pthread_join (thread, NULL);
    SF_CHECK (kill (stack->base.rectification.pid, SIGCONT) == 0);
    if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || took < 900 || took > 8000)
        fprintf (stderr, "gateway stop: status %d, %lld ms\n", status, (long long) took);
    SF_CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    SF_CHECK (took >= 900 && took <= 8000);
    s_check_problem (&call.response, 503, "unavailable");
    gt_response_clear (&call.response);
}

int
main (void)
{
    gt_stack_t stack;
    gt_stack_start (&stack, "gwapi", "SF_GATEWAY_STOP_DRAIN_MS=1000");
    s_without_session (&stack);
    char *manager = gt_login (&stack, "manager");
    char *worker = gt_login (&stack, "worker");
    char *qmanager = gt_login (&stack, "qmanager");
    char *finding = NULL;
    char *form = s_report_and_follow (&stack, manager, &finding);
    s_idempotency (&stack, manager);
    s_bad_input (&stack, manager);
    s_refusals (&stack, manager, worker, qmanager, form, finding);
    s_daemon_down (&stack, manager, form);
    s_gateway_stops (&stack, manager, form);
    free (finding);
    free (form);
    free (manager);
    free (worker);
    free (qmanager);
    gt_stack_stop (&stack);
    return 0;
}
