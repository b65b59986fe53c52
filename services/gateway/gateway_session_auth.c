/*  gateway_session_auth: the one check every part makes of a request (gw_session_authenticate)
    and what a session says of its account (gw_who_*).                                       */
#include "gateway_session_parts.h"
#include "gateway_problem.h"
#include "gateway_session_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_roles.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
gw_who_clear (gw_who_t *who)
{
    for (size_t i = 0; i < who->role_count; i++)
        free (who->roles [i]);
    free (who->roles);
    for (size_t i = 0; i < who->plant_count; i++)
        free (who->plants [i]);
    free (who->plants);
    memset (who, 0, sizeof *who);
}

bool
gw_who_has_role (const gw_who_t *who, const char *roles)
{
    for (size_t i = 0; i < who->role_count; i++)
        if (sf_roles_include (roles, who->roles [i]))
            return true;
    return false;
}

bool
gw_who_sees_plant (const gw_who_t *who, const char *plant)
{
    if (who->company)
        return true;
    if (!plant || !*plant)
        return false;
    for (size_t i = 0; i < who->plant_count; i++)
        if (strcmp (who->plants [i], plant) == 0)
            return true;
    return false;
}

//  The media type of a Content-Type header is one another site's page may send with the
//  session cookie without a CORS preflight (a form's or a plain fetch's: Fetch standard,
//  "CORS-safelisted request-header"), or none is given.
static bool
s_simple_type (const char *type)
{
    static const char *const simple [] = {
        "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", NULL
    };
    if (!type)
        return true;
    while (*type == ' ' || *type == '\t')
        type++;
    size_t length = strcspn (type, "; \t");
    if (length == 0)
        return true;
    for (int i = 0; simple [i]; i++)
        if (strlen (simple [i]) == length && strncasecmp (type, simple [i], length) == 0)
            return true;
    return false;
}

//  The browser says the request comes from a page of another site: Sec-Fetch-Site
//  cross-site, or an Origin whose host is not the Host the request was sent to ("null"
//  included: a sandboxed or file page).
static bool
s_cross_site (const gw_req_t *req)
{
    const char *fetch_site = gw_req_header (req, "Sec-Fetch-Site");
    if (fetch_site && strcasecmp (fetch_site, "cross-site") == 0)
        return true;
    const char *origin = gw_req_header (req, "Origin");
    if (!origin)
        return false;
    const char *host = gw_req_header (req, "Host");
    const char *scheme_end = strstr (origin, "://");
    if (!host || !scheme_end)
        return true;
    return strcasecmp (scheme_end + 3, host) != 0;
}

static void
s_unauthenticated (gw_req_t *req, const char *zh, const char *en)
{
    gw_req_add_header (req, "WWW-Authenticate", "Bearer");
    gw_problem_http (req, 401, "unauthenticated", zh, en, 0);
}

//  The idle end moves with use, but a write on every request would cost the database more
//  than the minute it gains; the cache's entry keeps the time noted, so hits note it too.
static int
s_note_use (gw_state_t *state, gw_session_cache_t *cache, const uint8_t hash [GW_TOKEN_HASH_BYTES],
            const gw_who_t *who, int64_t last_used, int64_t now)
{
    if (!gw_session_cache_touch_due (cache, hash, last_used, now, GW_SESSION_TOUCH_MS))
        return 0;
    sf_db_t *db = gw_db (state);
    if (!db || gw_session_store_touch (db, who->session_id, now)) {
        sf_warn ("gateway: noting the use of session %s: %s", who->session_id, db? sf_db_error (db): "no database");
        gw_session_cache_drop_hash (cache, hash);
    }
    return 0;
}

int
gw_session_authenticate (gw_state_t *state, gw_req_t *req, gw_who_t *who)
{
    memset (who, 0, sizeof *who);
    const char *token = NULL;
    bool cookie = false;
    const char *authorization = gw_req_header (req, "Authorization");
    if (authorization) {
        if (strncasecmp (authorization, "Bearer ", 7) == 0)
            for (token = authorization + 7; *token == ' '; token++);
    }
    else {
        token = gw_req_cookie (req, GW_SESSION_COOKIE);
        cookie = token != NULL;
    }
    if (!token || !*token) {
        s_unauthenticated (req, "未登录：请先登录（gateway.Gateway/Login）",
                           "Not logged in: log in first (gateway.Gateway/Login)");
        return -1;
    }
    //  A browser sends the cookie with any request to us, even one another site makes it
    //  send. Such a site can send only the simple content types without a CORS preflight,
    //  which we never answer: a change with the cookie must carry another (application/json,
    //  image/jpeg, ...), and must not come, as the browser tells, from another site.
    const char *method = gw_req_method (req);
    if (cookie && strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
        const char *type = gw_req_header (req, "Content-Type");
        if (s_simple_type (type)) {
            sf_warn ("gateway: a %s to %s from %s with the session cookie and Content-Type %s refused (CSRF)", method,
                     gw_req_path (req), gw_req_address (req), type? type: "(none)");
            gw_problem_http (req, 403, "permission_denied",
                             "拒绝跨站请求：以 Cookie 登录的修改请求不能是表单或纯文本，请用 Content-Type: application/json"
                             "（上传附件用文件本身的类型，如 image/jpeg）",
                             "Cross-site request refused: a change made with the session cookie cannot be a form or "
                             "plain text; send Content-Type: application/json (an upload: the file's own type, such "
                             "as image/jpeg)", 0);
            return -1;
        }
        if (s_cross_site (req)) {
            const char *origin = gw_req_header (req, "Origin");
            sf_warn ("gateway: a %s to %s from %s with the session cookie from another site (Origin %s) refused (CSRF)",
                     method, gw_req_path (req), gw_req_address (req), origin? origin: "(none)");
            gw_problem_http (req, 403, "permission_denied", "拒绝跨站请求：以 Cookie 登录的修改请求来自其他网站",
                             "Cross-site request refused: a change made with the session cookie comes from another "
                             "site", 0);
            return -1;
        }
    }
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    if (gw_token_hash (token, hash)) {
        s_unauthenticated (req, "会话无效或已结束，请重新登录", "The session is not valid or has ended: log in again");
        return -1;
    }
    const gw_session_settings_t *settings = gw_session_settings ();
    gw_session_cache_t *cache = gw_session_cache ();
    int64_t now = sf_clock_now_ms (), last_used = 0;
    if (gw_session_cache_find (cache, hash, now, settings->idle_ms, who, &last_used))
        return s_note_use (state, cache, hash, who, last_used, now);
    sf_db_t *db = gw_db (state);
    uint64_t generation = gw_session_cache_generation (cache);
    int found = db? gw_session_store_find (db, hash, now, settings->idle_ms, who, &last_used): -1;
    if (found < 0) {
        if (db)
            sf_warn ("gateway: reading a session: %s", sf_db_error (db));
        gw_problem_http (req, 503, "unavailable", "会话暂时无法核对，请稍后重试",
                         "The session cannot be checked now; try again later", 1000);
        return -1;
    }
    if (!found) {
        s_unauthenticated (req, "会话无效或已结束，请重新登录", "The session is not valid or has ended: log in again");
        return -1;
    }
    gw_session_cache_put (cache, hash, who, last_used, now, generation);
    return s_note_use (state, cache, hash, who, last_used, now);
}

int
gw_session_check_streams (gw_state_t *state, char *const *session_ids, size_t count, gw_session_end_t *ends)
{
    const gw_session_settings_t *settings = gw_session_settings ();
    //  Noted well before the idle end even with the shortest idle time (a minute).
    int64_t touch_ms = settings->idle_ms / 2 < GW_SESSION_TOUCH_MS? settings->idle_ms / 2: GW_SESSION_TOUCH_MS;
    sf_db_t *db = gw_db (state);
    if (!db || gw_session_store_check (db, session_ids, count, sf_clock_now_ms (), settings->idle_ms, touch_ms, ends)) {
        sf_warn ("gateway: checking the sessions of %zu event stream(s): %s", count,
                 db? sf_db_error (db): "no database");
        return -1;
    }
    //  What the check found ended is served from this process's cache no more.
    for (size_t i = 0; i < count; i++)
        if (ends [i] != GW_SESSION_OPEN)
            gw_session_cache_drop_session (gw_session_cache (), session_ids [i]);
    return 0;
}

void
gw_session_end_texts (gw_session_end_t end, const char **code, const char **zh, const char **en)
{
    static const struct { const char *code, *zh, *en; } texts [] = {
        [GW_SESSION_OPEN] = { "open", "会话有效", "The session is open" },
        [GW_SESSION_LOGGED_OUT] = { "logout", "已退出登录，事件流结束", "Logged out: the event stream ends" },
        [GW_SESSION_REVOKED] = { "revoked", "会话已被结束，事件流结束，请重新登录",
                                 "The session was ended: the event stream ends; log in again" },
        [GW_SESSION_ACCOUNT_CHANGED] = { "account_changed", "账号或其授权已变更，事件流结束，请重新登录",
                                         "The account or its grants changed: the event stream ends; log in again" },
        [GW_SESSION_EXPIRED] = { "expired", "会话已到期，事件流结束，请重新登录",
                                 "The session has expired: the event stream ends; log in again" },
        [GW_SESSION_IDLE] = { "idle", "会话因长时间未使用已结束，事件流结束，请重新登录",
                              "The session ended after a long time unused: the event stream ends; log in again" },
    };
    *code = texts [end].code;
    *zh = texts [end].zh;
    *en = texts [end].en;
}
