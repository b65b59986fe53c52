/*  gateway_qr: GET /m/qr.svg?path=/m/%23check/<unit>, the QR code of a field page's path on
    this gateway (gateway_qr.h). Signed in: the printable sheet of a plant's codes
    (web/field/qr.html) is for its people, and nobody may use the gateway to draw codes
    anonymously.                                                                             */
#include "gateway.h"
#include "gateway_problem.h"
#include "gateway_qr.h"
#include "gateway_session.h"
#include "sf_config.h"
#include "sf_log.h"

#include <stdlib.h>
#include <string.h>

#define GW_QR_ROUTE "/m/qr.svg"

static void
s_serve (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    const char *method = gw_req_method (req);
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
        gw_req_add_header (req, "Allow", "GET");
        gw_problem_http (req, 405, "unimplemented", "二维码只能用 GET 读取", "QR codes are read with GET", 0);
        return;
    }
    gw_who_t who = { 0 };
    if (gw_session_authenticate (state, req, &who) < 0)
        return;
    gw_who_clear (&who);
    const char *path = gw_req_query (req, "path");
    if (!gw_qr_path_valid (path)) {
        gw_problem_http (req, 400, "invalid_argument",
                         "path 须为 /m/ 下的路径（字母、数字和 ._~/#?=&-，至多 200 个字符）",
                         "path must be a path under /m/ (letters, digits and ._~/#?=&-, at most 200 characters)", 0);
        return;
    }
    const char *host = gw_req_header (req, "Host");
    bool https = sf_config_int (state->config, "gateway.cookie_secure") != 0;
    char *url = gw_qr_url (host, https, path);
    if (!url) {
        gw_problem_http (req, 400, "invalid_argument", "请求的 Host 头不是主机名或地址",
                         "The request's Host header is not a host name or address", 0);
        return;
    }
    char *svg = gw_qr_svg (url, NULL);
    free (url);
    if (!svg) {
        sf_error ("gateway: no QR code for path %s", path);
        gw_problem_http (req, 500, "internal", "无法生成二维码", "The QR code could not be made", 0);
        return;
    }
    //  The code of a path depends on nothing but it and the host: a page may keep it.
    gw_req_add_header (req, "Cache-Control", "private, max-age=86400");
    gw_req_add_header (req, "X-Content-Type-Options", "nosniff");
    gw_req_respond (req, 200, "image/svg+xml", svg, strlen (svg));
    free (svg);
}

int
gw_qr_start (gw_state_t *state)
{
    gw_http_route (state->http, GW_QR_ROUTE, s_serve, state);
    return 0;
}

void
gw_qr_stop (gw_state_t *state)
{
    (void) state;
}
