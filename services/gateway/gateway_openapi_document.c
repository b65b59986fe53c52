/*  gateway_openapi_document: the OpenAPI 3.1 document of a route table (gateway_openapi.h).
    Shared pieces (the Problem schema, the problem responses, the headers every operation
    takes, the security schemes) are components that the operations refer to.               */
#include "gateway_openapi.h"
#include "gateway_openapi_schema.h"
#include "gateway_session.h"
#include "sf_json.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_RESPONSES "#/components/responses/"
#define S_PARAMETERS "#/components/parameters/"

//  The problem answers of every operation (gateway_problem.h; README.md, "Errors").
typedef struct {
    const char *status;
    const char *name;                //  components.responses.<name>
    const char *description;
    bool retry_after;
} s_problem_t;

static const s_problem_t s_problems [] = {
    { "400", "BadRequest", "bad JSON or an invalid argument (invalid_argument) / JSON 有误或参数无效", false },
    { "401", "Unauthenticated", "no session, or it expired or was revoked (unauthenticated) / 未登录或会话已失效",
      false },
    { "403", "PermissionDenied", "the account may not do this (permission_denied) / 没有权限", false },
    { "404", "NotFound", "no such object (not_found), or no such route (unimplemented) / 对象或请求不存在", false },
    { "409", "Conflict",
      "already exists, the idempotency key was used for another request, or the object is in another state "
      "(already_exists, aborted, failed_precondition) / 冲突：已存在、幂等键已用于其他请求或状态不符",
      false },
    { "413", "TooLarge", "the body is larger than the gateway takes (resource_exhausted) / 请求体过大", false },
    { "415", "UnsupportedMediaType", "an attachment that is not a JPEG, PNG or WebP image or a PDF file, or a damaged "
      "image (invalid_argument) / 附件不是 JPEG、PNG、WebP 图片或 PDF 文件，或图片已损坏", false },
    { "429", "TooManyRequests", "too many failed logins: wait Retry-After seconds (resource_exhausted) / 登录失败次数过多",
      true },
    { "503", "Unavailable", "the daemon is down or did not answer in time: retry after Retry-After seconds "
      "(unavailable) / 服务暂不可用，请稍后重试", true },
};
#define S_PROBLEM_COUNT (sizeof s_problems / sizeof s_problems [0])

//  Connect's error codes (connectrpc.com/docs/protocol, "Error Codes").
static const char *const s_codes [] = {
    "canceled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists",
    "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
    "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated", NULL
};

static bool
s_is_login (const gw_route_t *route)
{
    return strcmp (route->daemon, GW_LOCAL_DAEMON) == 0 && strcmp (route->method, "Login") == 0;
}

static void
s_key_ref (sf_json_t *json, const char *key, const char *prefix, const char *name)
{
    char ref [128];
    snprintf (ref, sizeof ref, "%s%s", prefix, name);
    sf_json_key (json, key);
    sf_json_object_begin (json);
    sf_json_key_string (json, "$ref", ref);
    sf_json_object_end (json);
}

static void
s_ref (sf_json_t *json, const char *prefix, const char *name)
{
    char ref [128];
    snprintf (ref, sizeof ref, "%s%s", prefix, name);
    sf_json_object_begin (json);
    sf_json_key_string (json, "$ref", ref);
    sf_json_object_end (json);
}

static void
s_info (sf_json_t *json, const char *version)
{
    sf_json_key (json, "info");
    sf_json_object_begin (json);
    sf_json_key_string (json, "title", "Enterprise Safety Management and Control Platform API");
    sf_json_key_string (json, "x-title-zh", "企业全面安全管控平台 API");
    sf_json_key_string (json, "version", version);
    sf_json_key_string (json, "description",
                        "Every request of every daemon, as Connect unary RPC over HTTP with the proto3 JSON mapping. "
                        "Log in with gateway.Gateway/Login, then send the token as a bearer token (or the "
                        "sf_session cookie). Errors are RFC 9457 problem details in zh-CN and English.");
    sf_json_key_string (json, "x-description-zh",
                        "各服务的全部请求，以 Connect 一元调用（HTTP + proto3 JSON）提供。先用 gateway.Gateway/Login "
                        "登录，再以 Bearer 令牌（或 sf_session Cookie）访问。错误为 RFC 9457 问题详情，含中英文原因。");
    sf_json_object_end (json);
}

static void
s_tags (sf_json_t *json, const gw_routes_t *table)
{
    sf_json_key (json, "tags");
    sf_json_array_begin (json);
    for (size_t i = 0; i < gw_routes_daemon_count (table); i++) {
        const char *daemon = gw_routes_daemon (table, i);
        char description [160];
        snprintf (description, sizeof description, "the requests of sf-%s / %s 服务的请求", daemon, daemon);
        sf_json_object_begin (json);
        sf_json_key_string (json, "name", daemon);
        sf_json_key_string (json, "description", description);
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
}

//  "a, b" of count texts, fresh.
static char *
s_join (char *const *items, size_t count)
{
    size_t size = 1;
    for (size_t i = 0; i < count; i++)
        size += strlen (items [i]) + 2;
    char *text = malloc (size);
    assert (text);
    text [0] = 0;
    for (size_t i = 0; i < count; i++) {
        if (i)
            strcat (text, ", ");
        strcat (text, items [i]);
    }
    return text;
}

//  The required fields by their JSON names.
static char **
s_required_json (const gw_route_t *route)
{
    char **names = calloc (route->required_count + 1, sizeof *names);
    assert (names);
    for (size_t i = 0; i < route->required_count; i++)
        names [i] = gw_schemas_json_path (route->request, route->required [i]);
    return names;
}

static void
s_free_names (char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free (names [i]);
    free (names);
}

//  "roles: a, b" or "any account"; writes; required fields; in English and Chinese.
static void
s_description (sf_json_t *json, const gw_route_t *route, char **required)
{
    char *roles = s_join (route->roles, route->role_count);
    char *fields = s_join (required, route->required_count);
    size_t size = 2 * strlen (roles) + 2 * strlen (fields) + 512;
    char *text = malloc (size);
    assert (text);
    size_t length = 0;
    if (s_is_login (route))
        length += (size_t) snprintf (text + length, size - length, "no session needed / 无需登录");
    else
    if (route->role_count)
        length += (size_t) snprintf (text + length, size - length, "roles: %s / 角色：%s", roles, roles);
    else
        length += (size_t) snprintf (text + length, size - length, "any account / 任何账号");
    if (route->writes)
        length += (size_t) snprintf (text + length, size - length,
                                     "\nwrites: send an Idempotency-Key header (made up when absent, sent back in "
                                     "the reply) so that a retry never writes twice / 写操作：请带 Idempotency-Key "
                                     "请求头，重试不会重复写入");
    else
        length += (size_t) snprintf (text + length, size - length, "\nreads: also as GET / 只读：也可用 GET");
    if (route->required_count)
        length += (size_t) snprintf (text + length, size - length, "\nrequired fields: %s / 必填字段：%s", fields,
                                     fields);
    sf_json_key_string (json, "description", text);
    free (text);
    free (roles);
    free (fields);
}

static void
s_string_list (sf_json_t *json, const char *key, char *const *items, size_t count)
{
    sf_json_key (json, key);
    sf_json_array_begin (json);
    for (size_t i = 0; i < count; i++)
        sf_json_string (json, items [i]);
    sf_json_array_end (json);
}

static void
s_query_enum (sf_json_t *json, const char *name, bool required, const char *value, const char *description)
{
    sf_json_object_begin (json);
    sf_json_key_string (json, "name", name);
    sf_json_key_string (json, "in", "query");
    sf_json_key_bool (json, "required", required);
    sf_json_key_string (json, "description", description);
    sf_json_key (json, "schema");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "string");
    sf_json_key (json, "enum");
    sf_json_array_begin (json);
    sf_json_string (json, value);
    sf_json_array_end (json);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void
s_parameters (sf_json_t *json, const gw_route_t *route, bool get)
{
    sf_json_key (json, "parameters");
    sf_json_array_begin (json);
    if (get) {
        s_query_enum (json, "encoding", false, "json", "the message's encoding, Connect's GET (absent: json) / 消息编码");
        sf_json_object_begin (json);
        sf_json_key_string (json, "name", "message");
        sf_json_key_string (json, "in", "query");
        sf_json_key_bool (json, "required", false);
        sf_json_key_string (json, "description", "the request message as JSON, URL-encoded; absent: {} / "
                                                 "请求消息（JSON，URL 编码）；缺省为 {}");
        sf_json_key (json, "content");
        sf_json_object_begin (json);
        sf_json_key (json, "application/json");
        sf_json_object_begin (json);
        sf_json_key (json, "schema");
        gw_schemas_write_ref (json, route->request->name);
        sf_json_object_end (json);
        sf_json_object_end (json);
        sf_json_object_end (json);
        s_query_enum (json, "base64", false, "1", "1: message is the JSON in URL-safe base64 / 1 表示 message 为 "
                                                  "URL 安全 Base64 编码的 JSON");
        s_query_enum (json, "connect", false, "v1", "the Connect protocol version / Connect 协议版本");
    }
    if (route->writes)
        s_ref (json, S_PARAMETERS, "IdempotencyKey");
    s_ref (json, S_PARAMETERS, "AcceptLanguage");
    s_ref (json, S_PARAMETERS, "SfOrg");
    s_ref (json, S_PARAMETERS, "ConnectTimeoutMs");
    s_ref (json, S_PARAMETERS, "RequestId");
    if (!get)
        s_ref (json, S_PARAMETERS, "ConnectProtocolVersion");
    sf_json_array_end (json);
}

static void
s_json_content (sf_json_t *json, const char *schema_name)
{
    sf_json_key (json, "content");
    sf_json_object_begin (json);
    sf_json_key (json, "application/json");
    sf_json_object_begin (json);
    sf_json_key (json, "schema");
    gw_schemas_write_ref (json, schema_name);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void
s_responses (sf_json_t *json, const gw_route_t *route, bool get)
{
    sf_json_key (json, "responses");
    sf_json_object_begin (json);
    sf_json_key (json, "200");
    sf_json_object_begin (json);
    char description [160];
    snprintf (description, sizeof description, "%s / 应答", route->reply->name);
    sf_json_key_string (json, "description", description);
    if (route->writes) {
        sf_json_key (json, "headers");
        sf_json_object_begin (json);
        s_key_ref (json, "Idempotency-Key", "#/components/headers/", "IdempotencyKey");
        sf_json_object_end (json);
    }
    s_json_content (json, route->reply->name);
    sf_json_object_end (json);
    for (size_t i = 0; i < S_PROBLEM_COUNT; i++) {
        const s_problem_t *problem = &s_problems [i];
        if ((get && strcmp (problem->status, "413") == 0) || (strcmp (problem->status, "429") == 0 && !s_is_login (route))
        ||  strcmp (problem->status, "415") == 0)
            continue;
        s_key_ref (json, problem->status, S_RESPONSES, problem->name);
    }
    sf_json_object_end (json);
}

static void
s_operation (sf_json_t *json, const gw_route_t *route, bool get)
{
    char id [256];
    snprintf (id, sizeof id, "%s.%s%s", route->service, route->method, get? ".get": "");
    char **required = s_required_json (route);
    sf_json_object_begin (json);
    sf_json_key_string (json, "operationId", id);
    sf_json_key_string (json, "summary", route->request->name);
    s_description (json, route, required);
    sf_json_key (json, "tags");
    sf_json_array_begin (json);
    sf_json_string (json, route->daemon);
    sf_json_array_end (json);
    s_parameters (json, route, get);
    if (!get) {
        sf_json_key (json, "requestBody");
        sf_json_object_begin (json);
        sf_json_key_bool (json, "required", true);
        s_json_content (json, route->request->name);
        sf_json_object_end (json);
    }
    s_responses (json, route, get);
    if (!s_is_login (route)) {
        sf_json_key (json, "security");
        sf_json_array_begin (json);
        sf_json_object_begin (json);
        sf_json_key (json, "bearer");
        sf_json_array_begin (json);
        sf_json_array_end (json);
        sf_json_object_end (json);
        sf_json_object_begin (json);
        sf_json_key (json, "cookie");
        sf_json_array_begin (json);
        sf_json_array_end (json);
        sf_json_object_end (json);
        sf_json_array_end (json);
    }
    s_string_list (json, "x-sf-roles", route->roles, route->role_count);
    sf_json_key_bool (json, "x-sf-writes", route->writes);
    s_string_list (json, "x-sf-required", required, route->required_count);
    sf_json_key_string (json, "x-sf-scope", route->scope? route->scope: "");
    sf_json_object_end (json);
    s_free_names (required, route->required_count);
}

//  A session by bearer token or cookie.
static void
s_security (sf_json_t *json)
{
    sf_json_key (json, "security");
    sf_json_array_begin (json);
    const char *schemes [] = { "bearer", "cookie" };
    for (int i = 0; i < 2; i++) {
        sf_json_object_begin (json);
        sf_json_key (json, schemes [i]);
        sf_json_array_begin (json);
        sf_json_array_end (json);
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
}

//  content: each attachment type with a binary body.
static void
s_file_content (sf_json_t *json)
{
    const char *types [] = { "image/jpeg", "image/png", "image/webp", "application/pdf" };
    sf_json_key (json, "content");
    sf_json_object_begin (json);
    for (int i = 0; i < 4; i++) {
        sf_json_key (json, types [i]);
        sf_json_object_begin (json);
        sf_json_key (json, "schema");
        sf_json_object_begin (json);
        sf_json_key_string (json, "type", "string");
        sf_json_key_string (json, "format", "binary");
        sf_json_object_end (json);
        sf_json_object_end (json);
    }
    sf_json_object_end (json);
}

static void
s_file_problems (sf_json_t *json, const char *const *statuses)
{
    for (int i = 0; statuses [i]; i++)
        for (size_t j = 0; j < S_PROBLEM_COUNT; j++)
            if (strcmp (s_problems [j].status, statuses [i]) == 0)
                s_key_ref (json, statuses [i], S_RESPONSES, s_problems [j].name);
}

//  The attachments (gateway_files*.c; README.md, "Attachments"): not a daemon's request, a
//  raw body in and the file's bytes out.
static void
s_files_paths (sf_json_t *json)
{
    sf_json_key (json, "/api/v1/files");
    sf_json_object_begin (json);
    sf_json_key (json, "post");
    sf_json_object_begin (json);
    sf_json_key_string (json, "operationId", "gateway.Files.Upload");
    sf_json_key_string (json, "summary", "upload an attachment / 上传附件");
    sf_json_key_string (json, "description",
                        "The body is the file itself (not multipart), at most gateway.max_file_bytes. Its type is "
                        "decided by its content (JPEG, PNG, WebP, PDF), never by Content-Type; images over "
                        "gateway.max_file_pixels are refused before decoding, damaged ones refused, a thumbnail made. "
                        "The same bytes are one file: 201 when new, 200 when known. Any account but a screen's. With "
                        "the cookie, Content-Type must be the file's type (the CSRF rule). / 请求体即文件本身；"
                        "类型按内容判定；相同内容只存一份：新建 201，已有 200；大屏账号不能上传。");
    sf_json_key (json, "tags");
    sf_json_array_begin (json);
    sf_json_string (json, GW_LOCAL_DAEMON);
    sf_json_array_end (json);
    sf_json_key (json, "parameters");
    sf_json_array_begin (json);
    s_ref (json, S_PARAMETERS, "AcceptLanguage");
    s_ref (json, S_PARAMETERS, "RequestId");
    sf_json_array_end (json);
    sf_json_key (json, "requestBody");
    sf_json_object_begin (json);
    sf_json_key_bool (json, "required", true);
    s_file_content (json);
    sf_json_object_end (json);
    sf_json_key (json, "responses");
    sf_json_object_begin (json);
    const char *answers [] = { "200", "the same bytes were stored already / 已有相同文件",
                               "201", "stored / 已保存" };
    for (int i = 0; i < 4; i += 2) {
        sf_json_key (json, answers [i]);
        sf_json_object_begin (json);
        sf_json_key_string (json, "description", answers [i + 1]);
        s_json_content (json, "FileRef");
        sf_json_object_end (json);
    }
    const char *problems [] = { "401", "403", "413", "415", "503", NULL };
    s_file_problems (json, problems);
    sf_json_object_end (json);
    s_security (json);
    sf_json_object_end (json);
    sf_json_object_end (json);

    sf_json_key (json, "/api/v1/files/{sha256}");
    sf_json_object_begin (json);
    sf_json_key (json, "get");
    sf_json_object_begin (json);
    sf_json_key_string (json, "operationId", "gateway.Files.Get");
    sf_json_key_string (json, "summary", "read an attachment or its thumbnail / 读取附件或缩略图");
    sf_json_key_string (json, "description",
                        "The file (HEAD too) to its uploaders, and to an account that may read an object linking it "
                        "(a finding: inspection.GetFinding, a form or evidence: rectification.GetForm, asked as the "
                        "account once its plants hold a link); to anyone else 404, as for no file; 503 when a daemon "
                        "does not answer. ETag, Cache-Control private immutable, X-Content-Type-Options nosniff; a PDF "
                        "as an attachment. / 上传者可读；有权查看引用该文件的隐患或整改单（由所属服务按账号判定）的账号"
                        "可读，其他人 404；服务无应答时 503。");
    sf_json_key (json, "tags");
    sf_json_array_begin (json);
    sf_json_string (json, GW_LOCAL_DAEMON);
    sf_json_array_end (json);
    sf_json_key (json, "parameters");
    sf_json_array_begin (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "name", "sha256");
    sf_json_key_string (json, "in", "path");
    sf_json_key_bool (json, "required", true);
    sf_json_key_string (json, "description", "the hex of the ref \"sha256:<hex>\" / 引用中的十六进制摘要");
    sf_json_key (json, "schema");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "string");
    sf_json_key_string (json, "pattern", "^[0-9a-f]{64}$");
    sf_json_object_end (json);
    sf_json_object_end (json);
    s_query_enum (json, "thumb", false, "1", "1: the JPEG thumbnail of an image / 1 表示缩略图（JPEG）");
    s_ref (json, S_PARAMETERS, "AcceptLanguage");
    sf_json_array_end (json);
    sf_json_key (json, "responses");
    sf_json_object_begin (json);
    sf_json_key (json, "200");
    sf_json_object_begin (json);
    sf_json_key_string (json, "description", "the file's bytes / 文件内容");
    s_file_content (json);
    sf_json_object_end (json);
    sf_json_key (json, "304");
    sf_json_object_begin (json);
    sf_json_key_string (json, "description", "If-None-Match names its ETag / 未改变");
    sf_json_object_end (json);
    const char *get_problems [] = { "401", "404", "503", NULL };
    s_file_problems (json, get_problems);
    sf_json_object_end (json);
    s_security (json);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void s_string_property (sf_json_t *json, const char *name, const char *description);

//  The answer of an upload.
static void
s_file_ref_schema (sf_json_t *json)
{
    sf_json_key (json, "FileRef");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "object");
    sf_json_key_string (json, "description", "an attachment stored / 已保存的附件");
    const char *required [] = { "ref", "type", "size", "width", "height" };
    s_string_list (json, "required", (char *const *) required, 5);
    sf_json_key (json, "properties");
    sf_json_object_begin (json);
    s_string_property (json, "ref", "\"sha256:<hex>\": what findings, forms and evidence name in attachments");
    s_string_property (json, "type", "image/jpeg, image/png, image/webp or application/pdf, from the content");
    const char *numbers [] = { "size", "bytes", "width", "pixels as shown (EXIF orientation applied); 0 for a PDF",
                               "height", "pixels as shown; 0 for a PDF" };
    for (int i = 0; i < 6; i += 2) {
        sf_json_key (json, numbers [i]);
        sf_json_object_begin (json);
        sf_json_key_string (json, "type", "integer");
        sf_json_key_string (json, "description", numbers [i + 1]);
        sf_json_object_end (json);
    }
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void
s_paths (sf_json_t *json, const gw_routes_t *table)
{
    sf_json_key (json, "paths");
    sf_json_object_begin (json);
    for (size_t i = 0; i < gw_routes_count (table); i++) {
        const gw_route_t *route = gw_routes_at (table, i);
        sf_json_key (json, route->path);
        sf_json_object_begin (json);
        if (!route->writes) {
            sf_json_key (json, "get");
            s_operation (json, route, true);
        }
        sf_json_key (json, "post");
        s_operation (json, route, false);
        sf_json_object_end (json);
    }
    s_files_paths (json);
    sf_json_object_end (json);
}

static void
s_string_property (sf_json_t *json, const char *name, const char *description)
{
    sf_json_key (json, name);
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "string");
    sf_json_key_string (json, "description", description);
    sf_json_object_end (json);
}

//  gateway_problem.c's body: a problem (RFC 9457) that is a Connect error too.
static void
s_problem_schema (sf_json_t *json)
{
    sf_json_key (json, "Problem");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "object");
    sf_json_key_string (json, "description", "RFC 9457 problem details, also a Connect error / 问题详情");
    const char *required [] = { "type", "title", "status", "code" };
    s_string_list (json, "required", (char *const *) required, 4);
    sf_json_key (json, "properties");
    sf_json_object_begin (json);
    sf_json_key (json, "type");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "string");
    sf_json_key_string (json, "format", "uri-reference");
    sf_json_key_string (json, "description", "/api/v1/problems/<code>");
    sf_json_object_end (json);
    s_string_property (json, "title", "the HTTP status's reason phrase");
    sf_json_key (json, "status");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "integer");
    sf_json_key_string (json, "description", "the HTTP status");
    sf_json_object_end (json);
    s_string_property (json, "detail", "the reason in the request's language (Accept-Language en…: English)");
    sf_json_key (json, "code");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "string");
    sf_json_key_string (json, "description", "the Connect error code");
    sf_json_key (json, "enum");
    sf_json_array_begin (json);
    for (int i = 0; s_codes [i]; i++)
        sf_json_string (json, s_codes [i]);
    sf_json_array_end (json);
    sf_json_object_end (json);
    s_string_property (json, "message", "the same as detail (Connect's name for it)");
    s_string_property (json, "reason_zh", "the reason in Chinese / 中文原因");
    s_string_property (json, "reason_en", "the reason in English / 英文原因");
    s_string_property (json, "request_id", "the request's id, as the logs name it");
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void
s_problem_responses (sf_json_t *json)
{
    sf_json_key (json, "responses");
    sf_json_object_begin (json);
    for (size_t i = 0; i < S_PROBLEM_COUNT; i++) {
        const s_problem_t *problem = &s_problems [i];
        sf_json_key (json, problem->name);
        sf_json_object_begin (json);
        sf_json_key_string (json, "description", problem->description);
        if (problem->retry_after) {
            sf_json_key (json, "headers");
            sf_json_object_begin (json);
            s_key_ref (json, "Retry-After", "#/components/headers/", "RetryAfter");
            sf_json_object_end (json);
        }
        sf_json_key (json, "content");
        sf_json_object_begin (json);
        const char *types [] = { "application/problem+json", "application/json" };
        for (int j = 0; j < 2; j++) {
            sf_json_key (json, types [j]);
            sf_json_object_begin (json);
            sf_json_key (json, "schema");
            gw_schemas_write_ref (json, "Problem");
            sf_json_object_end (json);
        }
        sf_json_object_end (json);
        sf_json_object_end (json);
    }
    sf_json_object_end (json);
}

//  A header parameter (or, without in, a header object of responses) of type string.
static void
s_header (sf_json_t *json, const char *key, const char *name, const char *type, const char *description)
{
    sf_json_key (json, key);
    sf_json_object_begin (json);
    if (name) {
        sf_json_key_string (json, "name", name);
        sf_json_key_string (json, "in", "header");
        sf_json_key_bool (json, "required", false);
    }
    sf_json_key_string (json, "description", description);
    sf_json_key (json, "schema");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", type);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

static void
s_components (sf_json_t *json, const gw_routes_t *table)
{
    gw_schemas_t *schemas = gw_schemas_new ();
    for (size_t i = 0; i < gw_routes_count (table); i++) {
        const gw_route_t *route = gw_routes_at (table, i);
        gw_schemas_add (schemas, route->request);
        gw_schemas_add (schemas, route->reply);
    }
    sf_json_key (json, "components");
    sf_json_object_begin (json);
    sf_json_key (json, "schemas");
    sf_json_object_begin (json);
    gw_schemas_write (schemas, json);
    s_problem_schema (json);
    s_file_ref_schema (json);
    sf_json_object_end (json);
    gw_schemas_destroy (&schemas);
    s_problem_responses (json);

    sf_json_key (json, "parameters");
    sf_json_object_begin (json);
    s_header (json, "IdempotencyKey", "Idempotency-Key", "string",
              "the write's idempotency key: a retry with the same key never writes twice (made up when absent) / "
              "幂等键：同一键重试不会重复写入（缺省时由网关生成）");
    s_header (json, "AcceptLanguage", "Accept-Language", "string",
              "en… for English details in problems; otherwise Chinese / 以 en 开头时错误详情为英文，否则为中文");
    s_header (json, "SfOrg", "Sf-Org", "string",
              "the unit the account acts for (default: as the daemon decides from its grants) / 账号代表的单位");
    s_header (json, "ConnectTimeoutMs", "Connect-Timeout-Ms", "integer",
              "the request's deadline in milliseconds / 请求时限（毫秒）");
    s_header (json, "RequestId", "X-Request-Id", "string", "the request's id, for the logs / 请求编号（用于日志）");
    s_header (json, "ConnectProtocolVersion", "Connect-Protocol-Version", "string",
              "1 from Connect clients: problems then come as application/json / Connect 客户端发送 1");
    sf_json_object_end (json);

    sf_json_key (json, "headers");
    sf_json_object_begin (json);
    s_header (json, "IdempotencyKey", NULL, "string", "the key the write was done with / 本次写入所用的幂等键");
    s_header (json, "RetryAfter", NULL, "integer", "seconds to wait before trying again / 重试前等待的秒数");
    sf_json_object_end (json);

    sf_json_key (json, "securitySchemes");
    sf_json_object_begin (json);
    sf_json_key (json, "bearer");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "http");
    sf_json_key_string (json, "scheme", "bearer");
    sf_json_key_string (json, "description", "the token of gateway.Gateway/Login / 登录所得令牌");
    sf_json_object_end (json);
    sf_json_key (json, "cookie");
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "apiKey");
    sf_json_key_string (json, "in", "cookie");
    sf_json_key_string (json, "name", GW_SESSION_COOKIE);
    sf_json_key_string (json, "description",
                        "the session cookie Login sets (HttpOnly, SameSite=Strict); a write must be a POST "
                        "with Content-Type application/json (an upload: the file's type), not from another "
                        "site (Origin, Sec-Fetch-Site) / 登录设置的会话 Cookie");
    sf_json_object_end (json);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

char *
gw_openapi_document (const gw_routes_t *table, const char *version)
{
    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    sf_json_key_string (json, "openapi", "3.1.0");
    s_info (json, version);
    sf_json_key (json, "servers");
    sf_json_array_begin (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "url", "/");
    sf_json_object_end (json);
    sf_json_array_end (json);
    s_tags (json, table);
    s_paths (json, table);
    s_components (json, table);
    sf_json_object_end (json);
    char *text = strdup (sf_json_text (json));
    assert (text);
    sf_json_destroy (&json);
    return text;
}
