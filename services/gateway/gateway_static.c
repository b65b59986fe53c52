/*  gateway_static: the pages (README.md, "Pages and the wall screen"): GET and HEAD of
    gateway.web_dir's screen/ at /screen/, field/ at /m/, its index.html at / (the landing
    page), and a short allowlist of the pinned packages' files (gateway.web_vendor_dir) at
    /vendor/. A path ending in '/' means its index.html; /screen and /m are redirected to the
    slash. Which file a path names, its type and validator: gateway_static.h.

    Every answer carries the pages' security headers: a Content-Security-Policy that allows
    only this origin (no inline script, no framing), nosniff, same-origin referrers. Pages are
    revalidated on every load (no-cache + ETag → 304), vendor files are cached for a week.   */
#include "gateway.h"
#include "gateway_problem.h"
#include "gateway_static.h"
#include "sf_log.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_CSP "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " \
              "connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; " \
              "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define S_CACHE_PAGE "no-cache"
#define S_CACHE_VENDOR "public, max-age=604800"

//  The vendor files the pages load: URL path → file under gateway.web_vendor_dir.
typedef struct {
    const char *path;
    const char *file;
} s_vendor_t;

static const s_vendor_t s_vendor [] = {
    { "/vendor/echarts.min.js", "echarts/dist/echarts.min.js" },
};

typedef struct {
    char *web;                       //  real paths; NULL when not configured or missing
    char *screen;
    char *field;
    char *vendor;
} s_web_t;

static char *
s_real_dir (const char *base, const char *sub)
{
    if (!base || !*base)
        return NULL;
    char joined [PATH_MAX];
    snprintf (joined, sizeof joined, "%s%s%s", base, sub? "/": "", sub? sub: "");
    char *real = realpath (joined, NULL);
    if (!real)
        sf_warn ("gateway: the pages' folder %s cannot be read: its paths answer 404", joined);
    return real;
}

static void
s_security_headers (gw_req_t *req)
{
    gw_req_add_header (req, "Content-Security-Policy", S_CSP);
    gw_req_add_header (req, "X-Content-Type-Options", "nosniff");
    gw_req_add_header (req, "Referrer-Policy", "same-origin");
    gw_req_add_header (req, "X-Frame-Options", "DENY");
}

static void
s_not_found (gw_req_t *req)
{
    s_security_headers (req);
    gw_problem_http (req, 404, "not_found", "没有这个页面", "No such page", 0);
}

static void
s_not_configured (gw_req_t *req)
{
    s_security_headers (req);
    gw_problem_http (req, 404, "not_found", "网关没有配置页面目录（gateway.web_dir 为空或无法读取）",
                     "The gateway serves no pages: gateway.web_dir is empty or cannot be read", 0);
}

//  Answers the file rel of root (already checked by the caller's table, or by
//  gw_static_resolve here).
static void
s_send (gw_req_t *req, const char *root, const char *rel, const char *cache)
{
    if (!root) {
        s_not_configured (req);
        return;
    }
    struct stat st;
    char *path = gw_static_resolve (root, rel, &st);
    const char *type = gw_static_type (rel);
    if (!path || !type) {
        free (path);
        s_not_found (req);
        return;
    }
    char etag [GW_STATIC_ETAG_TEXT];
    gw_static_etag (&st, etag);
    s_security_headers (req);
    gw_req_add_header (req, "Cache-Control", cache);
    gw_req_add_header (req, "ETag", etag);
    if (gw_static_etag_matches (gw_req_header (req, "If-None-Match"), etag)) {
        free (path);
        gw_req_respond (req, 304, NULL, "", 0);
        return;
    }
    size_t size = 0;
    char *data = gw_static_read (path, &size);
    if (!data) {
        sf_warn ("gateway: page file %s cannot be read", path);
        free (path);
        gw_problem_http (req, 500, "internal", "页面文件无法读取", "The page's file cannot be read", 0);
        return;
    }
    gw_req_respond (req, 200, type, data, size);
    free (data);
    free (path);
}

//  /screen → /screen/, keeping the arguments the pages read.
static void
s_redirect_slash (gw_req_t *req)
{
    static const char *const kept [] = { "plant", "lang" };
    char location [512];
    size_t used = (size_t) snprintf (location, sizeof location, "%s/", gw_req_path (req));
    char separator = '?';
    for (size_t i = 0; i < sizeof kept / sizeof kept [0]; i++) {
        const char *value = gw_req_query (req, kept [i]);
        //  Only values that need no escaping: plant codes and languages.
        if (!value || !gw_static_path_ok (value) || strchr (value, '/'))
            continue;
        int wrote = snprintf (location + used, sizeof location - used, "%c%s=%s", separator, kept [i], value);
        if (wrote < 0 || (size_t) wrote >= sizeof location - used)
            break;
        used += (size_t) wrote;
        separator = '&';
    }
    s_security_headers (req);
    gw_req_add_header (req, "Location", location);
    gw_req_add_header (req, "Cache-Control", S_CACHE_PAGE);
    gw_req_respond (req, 301, "text/plain; charset=utf-8", location, strlen (location));
}

//  rel of a folder: its index.html when it ends in '/'.
static void
s_send_folder (gw_req_t *req, const char *root, const char *rel)
{
    char with_index [256];
    if (*rel == '\0' || rel [strlen (rel) - 1] == '/') {
        int wrote = snprintf (with_index, sizeof with_index, "%sindex.html", rel);
        if (wrote < 0 || (size_t) wrote >= sizeof with_index) {
            s_not_found (req);
            return;
        }
        rel = with_index;
    }
    s_send (req, root, rel, S_CACHE_PAGE);
}

//  The part of the pages a path belongs to, the label it is counted under (/metrics); NULL
//  when it is none of theirs.
static const char *
s_part (const char *path)
{
    if (strncmp (path, "/screen", 7) == 0 && (path [7] == '/' || path [7] == '\0'))
        return "/screen/";
    if (strncmp (path, "/m", 2) == 0 && (path [2] == '/' || path [2] == '\0'))
        return "/m/";
    if (strncmp (path, "/vendor/", 8) == 0)
        return "/vendor/";
    if (strcmp (path, "/") == 0)
        return "/";
    return NULL;
}

static void
s_serve (gw_req_t *req, void *arg)
{
    s_web_t *web = arg;
    const char *path = gw_req_path (req);
    const char *part = s_part (path);
    if (!part) {
        //  Not a page's path: answered and counted as the HTTP server answers a path nobody serves.
        gw_req_set_label (req, "other");
        gw_problem_http (req, 404, "not_found", "没有这个地址", "No such path", 0);
        return;
    }
    gw_req_set_label (req, part);
    const char *method = gw_req_method (req);
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
        s_security_headers (req);
        gw_req_add_header (req, "Allow", "GET, HEAD");
        gw_problem_http (req, 405, "unimplemented", "页面只能用 GET 读取", "Pages are read with GET", 0);
        return;
    }
    if (strcmp (path, "/screen") == 0 || strcmp (path, "/m") == 0)
        s_redirect_slash (req);
    else
    if (strncmp (path, "/screen/", 8) == 0)
        s_send_folder (req, web->screen, path + 8);
    else
    if (strncmp (path, "/m/", 3) == 0)
        s_send_folder (req, web->field, path + 3);
    else
    if (strcmp (path, "/") == 0)
        s_send (req, web->web, "index.html", S_CACHE_PAGE);
    else {
        for (size_t i = 0; i < sizeof s_vendor / sizeof s_vendor [0]; i++)
            if (strcmp (path, s_vendor [i].path) == 0) {
                s_send (req, web->vendor, s_vendor [i].file, S_CACHE_VENDOR);
                return;
            }
        s_not_found (req);
    }
}

int
gw_static_start (gw_state_t *state)
{
    s_web_t *web = calloc (1, sizeof *web);
    if (!web)
        return -1;
    const char *web_dir = sf_config_str (state->config, "gateway.web_dir");
    const char *vendor_dir = sf_config_str (state->config, "gateway.web_vendor_dir");
    web->web = s_real_dir (web_dir, NULL);
    web->screen = s_real_dir (web_dir, "screen");
    web->field = s_real_dir (web_dir, "field");
    web->vendor = s_real_dir (vendor_dir, NULL);
    if (!web_dir || !*web_dir)
        sf_info ("gateway: gateway.web_dir is empty: no pages (/, /screen/, /m/ answer 404)");
    else
        sf_info ("gateway: pages from %s, vendor files from %s", web_dir, vendor_dir && *vendor_dir? vendor_dir: "(none)");
    state->web = web;
    //  "/" is a prefix of every path: the longest registered path wins, so the API, the
    //  stream and /metrics keep theirs and only paths nobody else has come here; those that
    //  are not the pages' are answered as the HTTP server answers an unknown path.
    gw_http_route (state->http, "/", s_serve, web);
    gw_http_route (state->http, "/screen", s_serve, web);
    gw_http_route (state->http, "/m", s_serve, web);
    return 0;
}

void
gw_static_stop (gw_state_t *state)
{
    s_web_t *web = state->web;
    if (!web)
        return;
    free (web->web);
    free (web->screen);
    free (web->field);
    free (web->vendor);
    free (web);
    state->web = NULL;
}
