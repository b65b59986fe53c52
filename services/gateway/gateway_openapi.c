/*  gateway_openapi: GET /api/v1/openapi.json (gateway_openapi.h). The document is made from
    the table current at the first request after the table changed and kept with a hold on
    that table: while held, the table is not freed, so a new table can never have the
    address of the one the document was made from. ETag and If-None-Match spare a client
    the download when nothing changed.                                                      */
#include "gateway.h"
#include "gateway_openapi.h"
#include "gateway_problem.h"

#include <inttypes.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  One gateway per process: its document, made from table (held).
static struct {
    pthread_mutex_t lock;
    const gw_routes_t *table;
    char *text;
    size_t size;
    char etag [24];
} s_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

//  FNV-1a: the ETag needs to change with the text, not to resist anyone.
static void
s_etag (const char *text, size_t size, char *etag, size_t etag_size)
{
    uint64_t hash = 14695981039346656037u;
    for (size_t i = 0; i < size; i++) {
        hash ^= (unsigned char) text [i];
        hash *= 1099511628211u;
    }
    snprintf (etag, etag_size, "\"%016" PRIx64 "\"", hash);
}

//  Makes the document of table if the cache holds another's; takes over the hold of table
//  (releases it, or the one cached before). Under the lock.
static void
s_refresh (gw_state_t *state, const gw_routes_t *table)
{
    if (s_cache.table == table) {
        gw_routes_release (state->routes, table);
        return;
    }
    if (s_cache.table)
        gw_routes_release (state->routes, s_cache.table);
    free (s_cache.text);
    s_cache.table = table;
    s_cache.text = gw_openapi_document (table, PROJECT_VERSION_TEXT);
    s_cache.size = strlen (s_cache.text);
    s_etag (s_cache.text, s_cache.size, s_cache.etag, sizeof s_cache.etag);
}

static void
s_serve (gw_req_t *req, void *arg)
{
    gw_state_t *state = arg;
    const char *method = gw_req_method (req);
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
        gw_req_add_header (req, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        gw_problem_http (req, 405, "unimplemented", "OpenAPI 文档只能用 GET 读取",
                         "The OpenAPI document is read with GET", 0);
        return;
    }
    const gw_routes_t *table = gw_routes_hold (state->routes);
    if (!table) {
        gw_problem_http (req, 503, "unavailable", "网关尚未取得各服务的请求列表，请稍后重试",
                         "The gateway has not yet learnt the daemons' requests; try again shortly", 1000);
        return;
    }
    pthread_mutex_lock (&s_cache.lock);
    s_refresh (state, table);
    const char *match = gw_req_header (req, MHD_HTTP_HEADER_IF_NONE_MATCH);
    gw_req_add_header (req, MHD_HTTP_HEADER_ETAG, s_cache.etag);
    gw_req_add_header (req, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    if (match && strstr (match, s_cache.etag))
        gw_req_respond (req, 304, "application/json", "", 0);
    else
        gw_req_respond (req, 200, "application/json", s_cache.text, s_cache.size);
    pthread_mutex_unlock (&s_cache.lock);
}

int
gw_openapi_start (gw_state_t *state)
{
    gw_http_route (state->http, GW_OPENAPI_PATH, s_serve, state);
    return 0;
}

void
gw_openapi_stop (gw_state_t *state)
{
    pthread_mutex_lock (&s_cache.lock);
    if (s_cache.table)
        gw_routes_release (state->routes, s_cache.table);
    s_cache.table = NULL;
    free (s_cache.text);
    s_cache.text = NULL;
    s_cache.size = 0;
    pthread_mutex_unlock (&s_cache.lock);
}
