/*  gateway_problem: errors as RFC 9457 problem details that are Connect errors too
    (README.md, "Errors"): type, title, status, detail, code, message, reason_zh, reason_en,
    request_id. Content type application/problem+json, or application/json when the request
    carried Connect-Protocol-Version (Connect clients expect it). detail and message are in
    the request's language (Accept-Language "en…": English; otherwise Chinese).             */
#ifndef GATEWAY_PROBLEM_H_INCLUDED
#define GATEWAY_PROBLEM_H_INCLUDED

#include "gateway_http.h"
#include "sf_status.h"

#include <stdbool.h>
#include <stdint.h>

//  The HTTP status and the Connect code of a daemon's status.
int gw_problem_http_status (sf_status_t status);
const char *gw_problem_code (sf_status_t status);

//  True when the request asks for English (Accept-Language starting "en").
bool gw_problem_english (const gw_req_t *req);

//  Answers req with a daemon's status and reasons; retry_after_ms > 0 adds Retry-After (whole
//  seconds, at least 1) — always with 503 and 429. request_id may be NULL.
void gw_problem_status (gw_req_t *req, sf_status_t status, const char *zh, const char *en, const char *request_id,
                        int64_t retry_after_ms);

//  Answers req with an HTTP status and Connect code of the gateway's own (401, 405, 429, ...).
void gw_problem_http (gw_req_t *req, int http_status, const char *code, const char *zh, const char *en,
                      int64_t retry_after_ms);

#endif
