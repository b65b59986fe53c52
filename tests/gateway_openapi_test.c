/*  The gateway's OpenAPI document (services/gateway/gateway_openapi.h) against what it serves:
    GET /api/v1/openapi.json without a session; the same document again (made once per route
    table), 304 for its ETag, 405 for a POST; valid by a standard validator from npm
    (tests/openapi_validate.sh: @seriousme/openapi-schema-validator, the OpenAPI Initiative's
    3.1 schema, every $ref resolved, every schema JSON Schema 2020-12); every request type
    each daemon serves (its sf.Describe over rpc) documented, and the gateway's own; every
    documented operation answered by the gateway with a session and the empty message {}:
    what the daemon says of it (200, 400, 403, 404 not_found, 409), never "no such route",
    and each answer one the document gives, its body valid by the response's schema.      */
#include "gateway_testlib.h"
#include "sf_admin.pb-c.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_OPERATIONS 1024

typedef struct {
    char *method [S_MAX_OPERATIONS];
    char *path [S_MAX_OPERATIONS];
    size_t count;
} s_operations_t;

//  What the gateway does not serve of a daemon's requests (README.md, "Route").
static const char *const s_not_served [] = { "sf.Health", "sf.Describe", "sf.Republish", "sf.SetClock", NULL };

static bool
s_documented (const s_operations_t *operations, const char *method, const char *path)
{
    for (size_t i = 0; i < operations->count; i++)
        if (strcmp (operations->method [i], method) == 0 && strcmp (operations->path [i], path) == 0)
            return true;
    return false;
}

//  The document, fetched as a program would: no session.
static char *
s_fetch (gt_stack_t *stack, const char *file)
{
    gt_response_t response = gt_http (stack, "GET", "/api/v1/openapi.json", NULL, NULL, 0);
    SF_CHECK (response.status == 200);
    char *type = gt_response_header (&response, "Content-Type");
    SF_CHECK (type && strncmp (type, "application/json", 16) == 0);
    free (type);
    SF_CHECK (strncmp (response.body, "{\"openapi\":\"3.1.0\",", 19) == 0);
    char *etag = gt_response_header (&response, "ETag");
    SF_CHECK (etag && *etag == '"');

    //  Made once for the table: the same text again, and nothing to send for its ETag.
    gt_response_t again = gt_http (stack, "GET", "/api/v1/openapi.json", NULL, NULL, 0);
    SF_CHECK (again.status == 200 && strcmp (again.body, response.body) == 0);
    gt_response_clear (&again);
    char match [128];
    snprintf (match, sizeof match, "If-None-Match: %s", etag);
    const char *headers [] = { match, NULL };
    again = gt_http (stack, "GET", "/api/v1/openapi.json", headers, NULL, 0);
    SF_CHECK (again.status == 304 && again.body_size == 0);
    gt_response_clear (&again);
    free (etag);

    const char *post_headers [] = { "Content-Type: application/json", "Accept-Language: en", NULL };
    again = gt_http (stack, "POST", "/api/v1/openapi.json", post_headers, "{}", 0);
    SF_CHECK (again.status == 405);
    SF_CHECK (strstr (again.body, "\"reason_zh\":\"OpenAPI 文档只能用 GET 读取\""));
    SF_CHECK (strstr (again.body, "\"detail\":\"The OpenAPI document is read with GET\""));
    gt_response_clear (&again);

    FILE *out = fopen (file, "w");
    SF_CHECK (out && fwrite (response.body, 1, response.body_size, out) == response.body_size);
    fclose (out);
    char *body = strdup (response.body);
    gt_response_clear (&response);
    return body;
}

//  tests/openapi_validate.sh on file (and the answers in answers, when not NULL): valid,
//  and its operations.
static void
s_validate (const char *file, const char *answers, s_operations_t *operations)
{
    const char *source = getenv ("SF_SOURCE_DIR");
    const char *build = getenv ("SF_BUILD_DIR");
    SF_CHECK (source && build);
    char command [2048];
    snprintf (command, sizeof command, "bash '%s/tests/openapi_validate.sh' validate '%s/openapi-validator' '%s' %s%s%s",
              source, build, file, answers? "'": "", answers? answers: "", answers? "'": "");
    FILE *pipe = popen (command, "r");
    SF_CHECK (pipe);
    char line [1024];
    operations->count = 0;
    while (fgets (line, sizeof line, pipe)) {
        line [strcspn (line, "\n")] = 0;
        char *space = strchr (line, ' ');
        SF_CHECK (space && operations->count < S_MAX_OPERATIONS);
        *space = 0;
        operations->method [operations->count] = strdup (line);
        operations->path [operations->count] = strdup (space + 1);
        operations->count++;
    }
    int status = pclose (pipe);
    if (status != 0)
        fprintf (stderr, "openapi_validate.sh: exit status %d\n", status);
    SF_CHECK (status == 0);
    SF_CHECK (operations->count > 0);
}

//  Every request the daemon answers, but those not for HTTP, is documented: POST, and GET
//  for those that do not write. Returns how many.
static size_t
s_served_documented (sf_test_daemon_t *daemon, const s_operations_t *operations)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call (client, "sf.Describe", NULL, 0, NULL, &reply) == 0 && reply.status == SF_OK);
    Sf__Description *description = sf__description__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (description);
    size_t served = 0;
    for (size_t i = 0; i < description->n_methods; i++) {
        const Sf__Method *method = description->methods [i];
        bool skip = false;
        for (int j = 0; s_not_served [j]; j++)
            skip = skip || strcmp (method->type, s_not_served [j]) == 0;
        if (skip)
            continue;
        const char *name = strrchr (method->type, '.');
        SF_CHECK (name);
        char path [512];
        snprintf (path, sizeof path, "/api/v1/%s.%c%s/%s", description->daemon,
                  toupper ((unsigned char) description->daemon [0]), description->daemon + 1, name + 1);
        if (!s_documented (operations, "POST", path))
            fprintf (stderr, "served, not documented: POST %s\n", path);
        SF_CHECK (s_documented (operations, "POST", path));
        SF_CHECK (s_documented (operations, "GET", path) == !method->writes);
        served++;
    }
    protobuf_c_message_free_unpacked (&description->base, NULL);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);
    return served;
}

//  How many answers of each status the walk had (index: status / 100), and the answers as
//  validate.mjs reads them: "METHOD<TAB>PATH<TAB>STATUS<TAB>BODY".
static size_t s_answered [6];
static FILE *s_answers_file;

//  The answer as a line of the answers (its line breaks and tabs, outside JSON strings, blanks).
static void
s_record (const char *method, const char *path, gt_response_t *response)
{
    for (char *at = response->body; at && *at; at++)
        if (*at == '\n' || *at == '\r' || *at == '\t')
            *at = ' ';
    fprintf (s_answers_file, "%s\t%s\t%ld\t%s\n", method, path, response->status, response->body? response->body: "");
}

//  A finding reported and read back, so that the walk's lists hold one and its answers are
//  checked against their schemas with every kind of field filled (int64, enums, lists).
static void
s_seed (gt_stack_t *stack)
{
    char *token = gt_login (stack, "manager");
    char json [512];
    snprintf (json, sizeof json,
              "{\"finding\":{\"description\":\"消防通道堵塞\",\"factor\":\"FACTOR_ENVIRONMENT\",\"location\":\"二号仓库\","
              "\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\",\"attachments\":[\"photo-1\"]},"
              "\"source\":\"SOURCE_REPORT\"}",
              gt_code (stack, "D1T1"));
    const char *report = "/api/v1/inspection.Inspection/ReportFinding";
    gt_response_t response = gt_post (stack, token, report, json, "openapi-seed");
    SF_CHECK (response.status == 200);
    s_record ("POST", report, &response);
    const char *number = strstr (response.body, "\"number\":\"");
    SF_CHECK (number);
    number += strlen ("\"number\":\"");
    snprintf (json, sizeof json, "{\"number\":\"%.*s\"}", (int) strcspn (number, "\""), number);
    gt_response_clear (&response);
    const char *get = "/api/v1/inspection.Inspection/GetFinding";
    response = gt_post (stack, token, get, json, NULL);
    SF_CHECK (response.status == 200 && strstr (response.body, "\"attachments\":[\"photo-1\"]"));
    s_record ("POST", get, &response);
    gt_response_clear (&response);
    free (token);
}

//  The operation answered with a session and {}: anything the daemon may say of an empty
//  request, but never that the route does not exist.
static void
s_answers (gt_stack_t *stack, const char *token, const char *method, const char *path, int index)
{
    gt_response_t response;
    char authorization [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", token? token: "");
    if (strcmp (method, "GET") == 0) {
        char target [600];
        snprintf (target, sizeof target, "%s?encoding=json&message=%%7B%%7D&connect=v1", path);
        const char *headers [] = { authorization, NULL };
        response = gt_http (stack, "GET", target, headers, NULL, 0);
    }
    else {
        char key [64];
        snprintf (key, sizeof key, "openapi-walk-%d", index);
        response = gt_post (stack, token, path, "{}", key);
    }
    bool login = strstr (path, "/gateway.Gateway/Login") != NULL;
    long status = response.status;
    bool fine = status == 200 || status == 400 || status == 403 || status == 409
             || (status == 404 && !strstr (response.body, "\"code\":\"unimplemented\""))
             || (login && (status == 401 || status == 429))
             || (status == 415 && strcmp (path, "/api/v1/files") == 0);   //  "{}" is no photo
    if (!fine)
        fprintf (stderr, "%s %s {}: %ld %s\n", method, path, status, response.body? response.body: "");
    SF_CHECK (fine);
    s_answered [status / 100]++;
    s_record (method, path, &response);
    gt_response_clear (&response);
}

static void
s_walk (gt_stack_t *stack, const s_operations_t *operations, const char *answers)
{
    s_answers_file = fopen (answers, "w");
    SF_CHECK (s_answers_file);
    s_seed (stack);
    char *token = gt_login (stack, "ehs");
    //  The gateway's own requests last, each with a session of its own: {} to Logout ends one.
    for (size_t i = 0; i < operations->count; i++)
        if (!strstr (operations->path [i], "/gateway.Gateway/"))
            s_answers (stack, token, operations->method [i], operations->path [i], (int) i);
    for (size_t i = 0; i < operations->count; i++)
        if (strstr (operations->path [i], "/gateway.Gateway/")) {
            char *own = strstr (operations->path [i], "/Login")? NULL: gt_login (stack, "ehs");
            s_answers (stack, own, operations->method [i], operations->path [i], (int) i);
            free (own);
        }
    free (token);
    fclose (s_answers_file);
    printf ("measured: the walk's answers: %zu 2xx, %zu 4xx\n", s_answered [2], s_answered [4]);
}

int
main (void)
{
    gt_stack_t stack;
    gt_stack_start (&stack, "gwoapi", NULL);
    const char *state = getenv ("SF_STATE_DIR");
    char file [512], answers [512];
    snprintf (file, sizeof file, "%s/gwoapi-openapi.json", state? state: "/tmp");
    snprintf (answers, sizeof answers, "%s/gwoapi-answers.tsv", state? state: "/tmp");
    char *document = s_fetch (&stack, file);

    s_operations_t operations;
    s_validate (file, NULL, &operations);
    size_t served = s_served_documented (&stack.base.directory, &operations)
                  + s_served_documented (&stack.base.inspection, &operations)
                  + s_served_documented (&stack.base.rectification, &operations);
    SF_CHECK (s_documented (&operations, "POST", "/api/v1/gateway.Gateway/Login"));
    SF_CHECK (s_documented (&operations, "POST", "/api/v1/gateway.Gateway/Logout"));
    //  Every documented POST is a served request (the daemons' or the gateway's own).
    size_t posts = 0, own = 0;
    for (size_t i = 0; i < operations.count; i++)
        if (strcmp (operations.method [i], "POST") == 0) {
            posts++;
            own += strstr (operations.path [i], "/api/v1/gateway.Gateway/") != NULL
                   || strcmp (operations.path [i], "/api/v1/files") == 0;
        }
    SF_CHECK (posts == served + own);
    printf ("measured: %zu operations documented, %zu requests served by the daemons, %zu the gateway's own\n",
            operations.count, served, own);

    //  Every answer of the walk is one the document gives, its body valid by its schema.
    s_walk (&stack, &operations, answers);
    s_operations_t again;
    s_validate (file, answers, &again);
    SF_CHECK (again.count == operations.count);
    for (size_t i = 0; i < operations.count; i++) {
        free (operations.method [i]);
        free (operations.path [i]);
        free (again.method [i]);
        free (again.path [i]);
    }
    free (document);
    gt_stack_stop (&stack);
    return 0;
}
