/*  gateway_problem: problem details (gateway_problem.h).                                    */
#include "gateway_problem.h"
#include "sf_json.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int
gw_problem_http_status (sf_status_t status)
{
    switch (status) {
        case SF_OK: return 200;
        case SF_INVALID_ARGUMENT:
        case SF_MALFORMED: return 400;
        case SF_PERMISSION_DENIED: return 403;
        case SF_NOT_FOUND:
        case SF_UNKNOWN_TYPE: return 404;
        case SF_ALREADY_EXISTS:
        case SF_CONFLICT:
        case SF_FAILED_PRECONDITION: return 409;
        case SF_TOO_LARGE: return 413;
        case SF_UNAVAILABLE: return 503;
        case SF_DEADLINE_EXCEEDED: return 504;
        default: return 500;
    }
}

//  Connect's codes (connectrpc.com/docs/protocol, "Error Codes").
const char *
gw_problem_code (sf_status_t status)
{
    switch (status) {
        case SF_OK: return "ok";
        case SF_INVALID_ARGUMENT:
        case SF_MALFORMED: return "invalid_argument";
        case SF_PERMISSION_DENIED: return "permission_denied";
        case SF_NOT_FOUND: return "not_found";
        case SF_UNKNOWN_TYPE: return "unimplemented";
        case SF_ALREADY_EXISTS: return "already_exists";
        case SF_CONFLICT: return "aborted";
        case SF_FAILED_PRECONDITION: return "failed_precondition";
        case SF_TOO_LARGE: return "resource_exhausted";
        case SF_UNAVAILABLE: return "unavailable";
        case SF_DEADLINE_EXCEEDED: return "deadline_exceeded";
        default: return "internal";
    }
}

bool
gw_problem_english (const gw_req_t *req)
{
    const char *language = gw_req_header (req, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    while (language && *language == ' ')
        language++;
    return language && strncasecmp (language, "en", 2) == 0;
}

static void
s_answer (gw_req_t *req, int http_status, const char *code, const char *zh, const char *en, const char *request_id,
          int64_t retry_after_ms)
{
    const char *title = MHD_get_reason_phrase_for ((unsigned int) http_status);
    const char *detail = gw_problem_english (req)? en: zh;
    char type [96];
    snprintf (type, sizeof type, "/api/v1/problems/%s", code);
    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", type);
    sf_json_key_string (json, "title", title && *title? title: "Error");
    sf_json_key_int (json, "status", http_status);
    sf_json_key_string (json, "detail", detail? detail: "");
    sf_json_key_string (json, "code", code);
    sf_json_key_string (json, "message", detail? detail: "");
    sf_json_key_string (json, "reason_zh", zh? zh: "");
    sf_json_key_string (json, "reason_en", en? en: "");
    if (request_id && *request_id)
        sf_json_key_string (json, "request_id", request_id);
    sf_json_object_end (json);
    if (retry_after_ms > 0 || http_status == 503 || http_status == 429) {
        char seconds [24];
        int64_t value = (retry_after_ms + 999) / 1000;
        snprintf (seconds, sizeof seconds, "%lld", (long long) (value < 1? 1: value));
        gw_req_add_header (req, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
    const char *content_type = gw_req_header (req, "Connect-Protocol-Version")? "application/json"
                                                                              : "application/problem+json";
    gw_req_respond (req, http_status, content_type, sf_json_text (json), sf_json_size (json));
    sf_json_destroy (&json);
}

void
gw_problem_status (gw_req_t *req, sf_status_t status, const char *zh, const char *en, const char *request_id,
                   int64_t retry_after_ms)
{
    s_answer (req, gw_problem_http_status (status), gw_problem_code (status), zh, en, request_id, retry_after_ms);
}

void
gw_problem_http (gw_req_t *req, int http_status, const char *code, const char *zh, const char *en,
                 int64_t retry_after_ms)
{
    s_answer (req, http_status, code, zh, en, NULL, retry_after_ms);
}
