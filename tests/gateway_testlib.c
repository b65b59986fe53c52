/*  gateway_testlib: helpers of the black-box gateway tests (gateway_testlib.h).             */
#include "gateway_testlib.h"
#include "directory.pb-c.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *
gt_code (const gt_stack_t *stack, const char *suffix)
{
    return it_code (&stack->base, suffix);
}

//  The second plant, its department, team, post and two employees.
static void
s_second_plant (gt_stack_t *stack)
{
    sf_rpc_client_t *service = dt_client (&stack->base.directory);
    const struct { int kind; const char *code, *parent, *name; } nodes [] = {
        { DIRECTORY__KIND__KIND_PLANT, "Q", "C", "第二厂区" },
        { DIRECTORY__KIND__KIND_DEPARTMENT, "QD1", "Q", "二厂生产部" },
        { DIRECTORY__KIND__KIND_TEAM, "QD1T1", "QD1", "二厂一班" },
        { DIRECTORY__KIND__KIND_POST, "QD1T1S", "QD1T1", "操作岗" },
        { DIRECTORY__KIND__KIND_EMPLOYEE, "QD1T1E1", "QD1T1S", "二厂员工甲" },
        { DIRECTORY__KIND__KIND_EMPLOYEE, "QD1T1E2", "QD1T1S", "二厂员工乙" },
    };
    for (size_t i = 0; i < sizeof nodes / sizeof nodes [0]; i++) {
        char code [96], parent [96];
        snprintf (code, sizeof code, "%s", gt_code (stack, nodes [i].code));
        snprintf (parent, sizeof parent, "%s", gt_code (stack, nodes [i].parent));
        SF_CHECK (dt_create (service, nodes [i].kind, code, parent, nodes [i].name, NULL, NULL) == SF_OK);
    }
    sf_rpc_client_destroy (&service);
}

static void
s_accounts (gt_stack_t *stack)
{
    sf_rpc_client_t *service = dt_client (&stack->base.directory);
    const struct { const char *login, *employee, *roles, *unit; } accounts [] = {
        { "ehs", "D2T3E1", "ehs", "C" },
        { "manager", "D1T2E1", "plant_safety_manager", "P" },
        { "leader", "D1T1E1", "team_leader", "D1T1" },
        { "worker", "D1T1E2", "worker", "D1T1S" },
        { "worker2", "D1T2E2", "worker", "D1T2S" },
        { "qmanager", "QD1T1E1", "plant_safety_manager", "Q" },
        { "screen", "D2T2E1", "screen", "P" },
    };
    for (size_t i = 0; i < sizeof accounts / sizeof accounts [0]; i++) {
        char employee [96], unit [96];
        snprintf (employee, sizeof employee, "%s", gt_code (stack, accounts [i].employee));
        snprintf (unit, sizeof unit, "%s", gt_code (stack, accounts [i].unit));
        dt_account (service, accounts [i].login, employee, accounts [i].roles, unit);
    }
    sf_rpc_client_destroy (&service);
}

static bool
s_answers_http (const gt_stack_t *stack)
{
    gt_response_t response = gt_http (stack, "GET", "/api/v1/none", NULL, NULL, 1000);
    bool answers = response.status > 0;
    gt_response_clear (&response);
    return answers;
}

static void
s_wait_http (const gt_stack_t *stack)
{
    for (int waited = 0; waited < 30000; waited += 100) {
        if (s_answers_http (stack))
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "gateway_testlib: the gateway does not answer HTTP on %s (log %s)\n", stack->url,
             stack->gateway.log_path);
    SF_CHECK (false);
}

void
gt_stack_start (gt_stack_t *stack, const char *name, const char *extra_env)
{
    memset (stack, 0, sizeof *stack);
    curl_global_init (CURL_GLOBAL_DEFAULT);
    it_stack_start (&stack->base, name);
    it_rectification_start (&stack->base);
    s_second_plant (stack);
    s_accounts (stack);
    snprintf (stack->schema, sizeof stack->schema, "%s_gw", stack->base.prefix);
    stack->http_port = sf_test_free_port ();
    snprintf (stack->url, sizeof stack->url, "http://127.0.0.1:%d", stack->http_port);
    //  The pages and their packages as deploy/test leaves them (SF_SOURCE_DIR, SF_BUILD_DIR from ctest).
    const char *source_dir = getenv ("SF_SOURCE_DIR");
    const char *build_dir = getenv ("SF_BUILD_DIR");
    char env [4096];
    snprintf (env, sizeof env,
              "SF_REDIS_STREAM_PREFIX=%s SF_GATEWAY_HTTP_PORT=%d SF_ORG_DIRECTORY_ENDPOINT=%s"
              " SF_GATEWAY_DAEMONS=directory=%s,inspection=%s,rectification=%s"
              " SF_GATEWAY_WEB_DIR=%s/services/gateway/web SF_GATEWAY_WEB_VENDOR_DIR=%s/web-deps/node_modules %s",
              stack->base.prefix, stack->http_port, stack->base.directory.endpoint, stack->base.directory.endpoint,
              stack->base.inspection.endpoint, stack->base.rectification.endpoint, source_dir? source_dir: ".",
              build_dir? build_dir: ".", extra_env? extra_env: "");
    sf_test_daemon_start (&stack->gateway, GATEWAY_BINARY, stack->schema, env);
    stack->db = sf_test_db_session (stack->schema);
    s_wait_http (stack);
}

void
gt_gateway_restart (gt_stack_t *stack)
{
    sf_test_daemon_restart (&stack->gateway);
    s_wait_http (stack);
}

void
gt_stack_stop (gt_stack_t *stack)
{
    sf_db_destroy (&stack->db);
    if (stack->gateway.pid > 0)
        sf_test_daemon_stop (&stack->gateway, SIGTERM);
    it_stack_stop (&stack->base);
}

void
gt_check_page_run (const gt_stack_t *stack, int node_rc)
{
    if (node_rc == 0)
        return;
    fprintf (stderr, "the page's run failed; the gateway's log %s ends:\n", stack->gateway.log_path);
    sf_test_sh ("tail -n 120 '%s' >&2", stack->gateway.log_path);
    SF_CHECK (node_rc == 0);
}

typedef struct {
    char *data;
    size_t size;
} s_buffer_t;

static size_t
s_collect (char *data, size_t size, size_t count, void *arg)
{
    s_buffer_t *buffer = arg;
    size_t bytes = size * count;
    char *grown = realloc (buffer->data, buffer->size + bytes + 1);
    SF_CHECK (grown);
    buffer->data = grown;
    memcpy (buffer->data + buffer->size, data, bytes);
    buffer->size += bytes;
    buffer->data [buffer->size] = 0;
    return bytes;
}

gt_response_t
gt_http (const gt_stack_t *stack, const char *method, const char *path, const char *const *headers,
         const char *body, int timeout_ms)
{
    gt_response_t response = { 0 };
    s_buffer_t out = { 0 }, head = { 0 };
    CURL *curl = curl_easy_init ();
    SF_CHECK (curl);
    char url [1024];
    snprintf (url, sizeof url, "%s%s", stack->url, path);
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) (timeout_ms? timeout_ms: 10000));
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, s_collect);
    curl_easy_setopt (curl, CURLOPT_HEADERDATA, &head);
    if (body) {
        curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) strlen (body));
    }
    struct curl_slist *list = NULL;
    for (int i = 0; headers && headers [i]; i++)
        list = curl_slist_append (list, headers [i]);
    list = curl_slist_append (list, "Expect:");
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
    if (curl_easy_perform (curl) == CURLE_OK)
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all (list);
    curl_easy_cleanup (curl);
    response.body = out.data? out.data: strdup ("");
    response.body_size = out.size;
    response.headers = head.data? head.data: strdup ("");
    return response;
}

void
gt_response_clear (gt_response_t *response)
{
    free (response->body);
    free (response->headers);
    memset (response, 0, sizeof *response);
}

char *
gt_response_header (const gt_response_t *response, const char *name)
{
    size_t length = strlen (name);
    for (const char *line = response->headers; line && *line; ) {
        const char *end = strchr (line, '\n');
        if (!end)
            end = line + strlen (line);
        if ((size_t) (end - line) > length && strncasecmp (line, name, length) == 0 && line [length] == ':') {
            const char *value = line + length + 1;
            while (*value == ' ')
                value++;
            const char *stop = end;
            while (stop > value && (stop [-1] == '\r' || stop [-1] == ' '))
                stop--;
            return strndup (value, (size_t) (stop - value));
        }
        line = *end? end + 1: end;
    }
    return NULL;
}

char *
gt_login (const gt_stack_t *stack, const char *login)
{
    char body [256];
    snprintf (body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, DT_PASSWORD);
    const char *headers [] = { "Content-Type: application/json", NULL };
    gt_response_t response = gt_http (stack, "POST", "/api/v1/gateway.Gateway/Login", headers, body, 0);
    if (response.status != 200)
        fprintf (stderr, "gt_login %s: %ld %s\n", login, response.status, response.body);
    SF_CHECK (response.status == 200);
    const char *token = strstr (response.body, "\"token\":\"");
    SF_CHECK (token);
    token += strlen ("\"token\":\"");
    const char *end = strchr (token, '"');
    SF_CHECK (end);
    char *copy = strndup (token, (size_t) (end - token));
    gt_response_clear (&response);
    return copy;
}

gt_response_t
gt_post (const gt_stack_t *stack, const char *token, const char *path, const char *body, const char *key)
{
    char authorization [256], idempotency [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", token? token: "");
    snprintf (idempotency, sizeof idempotency, "Idempotency-Key: %s", key? key: "");
    const char *headers [] = { "Content-Type: application/json", token? authorization: "X-No-Token: 1",
                               key? idempotency: "X-No-Key: 1", NULL };
    return gt_http (stack, "POST", path, headers, body, 0);
}
