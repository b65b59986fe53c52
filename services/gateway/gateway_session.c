/*  gateway_session: the part's start, its routes (gateway.Gateway/...) and the requests of a
    logged-in account: Logout, WhoAmI, ListSessions, RevokeSession. Login is in
    gateway_session_login.c, the check of every request in gateway_session_auth.c, the
    directory's account events in gateway_session_org.c, the tables in
    gateway_session_store.c.                                                                 */
#include "gateway_session_parts.h"
#include "gateway_config.h"
#include "gateway_problem.h"
#include "gateway_session_store.h"
#include "gateway_sse_hub.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_pbjson.h"
#include "sf_roles.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Who may list or end another login's sessions.
#define S_ADMIN_ROLES SF_ROLE_ADMIN

static gw_session_settings_t s_settings;
static gw_session_cache_t *s_cache;

const gw_session_settings_t *
gw_session_settings (void)
{
    return &s_settings;
}

gw_session_cache_t *
gw_session_cache (void)
{
    return s_cache;
}

void
gw_session_reply (gw_req_t *req, const ProtobufCMessage *message)
{
    char *json = sf_pbjson_encode (message);
    gw_req_add_header (req, "Cache-Control", "no-store");
    gw_req_respond (req, 200, "application/json", json, strlen (json));
    free (json);
}

void
gw_session_cookie (gw_req_t *req, const char *token, int64_t max_age_s)
{
    char cookie [256];
    snprintf (cookie, sizeof cookie, "%s=%s; Max-Age=%" PRId64 "; Path=/; HttpOnly; SameSite=Strict%s",
              GW_SESSION_COOKIE, token? token: "", token? max_age_s: 0, s_settings.cookie_secure? "; Secure": "");
    gw_req_add_header (req, "Set-Cookie", cookie);
}

static void
s_db_down (gw_req_t *req, sf_db_t *db)
{
    if (db)
        sf_warn ("gateway: sessions: %s", sf_db_error (db));
    gw_problem_http (req, 503, "unavailable", "会话暂时无法处理，请稍后重试", "Sessions cannot be handled now; try again later",
                     1000);
}

static void
s_logout (gw_state_t *state, gw_req_t *req, const gw_who_t *who)
{
    sf_db_t *db = gw_db (state);
    if (!db || gw_session_store_revoke (db, who->session_id, "logout", sf_clock_now_ms ()) < 0) {
        s_db_down (req, db);
        return;
    }
    gw_session_cache_drop_session (s_cache, who->session_id);
    sf_info ("gateway: %s logged out: session %s", who->login, who->session_id);
    gw_sse_sessions_changed (state);
    Gateway__Session reply = GATEWAY__SESSION__INIT;
    reply.login = (char *) who->login;
    reply.session_id = (char *) who->session_id;
    reply.expires_ms = who->expires_ms;
    gw_session_cookie (req, NULL, 0);
    gw_session_reply (req, &reply.base);
}

static void
s_who_am_i (gw_state_t *state, gw_req_t *req, const gw_who_t *who)
{
    sf_db_t *db = gw_db (state);
    Gateway__Session *session = NULL;
    bool open = false;
    if (!db || gw_session_store_get (db, who->session_id, sf_clock_now_ms (), s_settings.idle_ms, &session, &open) < 0) {
        s_db_down (req, db);
        return;
    }
    if (session)
        gw_session_reply (req, &session->base);
    else
        gw_problem_http (req, 401, "unauthenticated", "会话已结束，请重新登录", "The session has ended: log in again", 0);
    sf_pb_destroy (&session);
}

static bool
s_may_act_for (gw_req_t *req, const gw_who_t *who, const char *login)
{
    if (strcmp (login, who->login) == 0 || gw_who_has_role (who, S_ADMIN_ROLES))
        return true;
    gw_problem_http (req, 403, "permission_denied", "只能查看或结束自己的会话（管理员除外）",
                     "Only one's own sessions may be listed or ended (an admin: anyone's)", 0);
    return false;
}

static void
s_list (gw_state_t *state, gw_req_t *req, const gw_who_t *who, const Gateway__ListSessions *request)
{
    const char *login = *request->login? request->login: who->login;
    if (!s_may_act_for (req, who, login))
        return;
    sf_db_t *db = gw_db (state);
    Gateway__SessionList *list = NULL;
    if (!db || gw_session_store_list (db, login, sf_clock_now_ms (), s_settings.idle_ms, &list) < 0) {
        s_db_down (req, db);
        return;
    }
    gw_session_reply (req, &list->base);
    sf_pb_destroy (&list);
}

static void
s_revoke (gw_state_t *state, gw_req_t *req, const gw_who_t *who, const Gateway__RevokeSession *request)
{
    sf_db_t *db = gw_db (state);
    if (!db) {
        s_db_down (req, db);
        return;
    }
    int64_t now = sf_clock_now_ms ();
    Gateway__Session reply = GATEWAY__SESSION__INIT;
    if (request->revoke_all) {
        const char *login = *request->login? request->login: who->login;
        if (!s_may_act_for (req, who, login))
            return;
        int ended = gw_session_store_revoke_login (db, login, 0, who->login, now);
        if (ended < 0) {
            s_db_down (req, db);
            return;
        }
        gw_session_cache_drop_login (s_cache, login, now);
        sf_info ("gateway: %s ended every session of %s (%d)", who->login, login, ended);
        if (ended > 0)
            gw_sse_sessions_changed (state);
        reply.login = (char *) login;
        gw_session_reply (req, &reply.base);
        return;
    }
    if (!*request->session_id) {
        gw_problem_http (req, 400, "invalid_argument", "请给出要结束的会话（session_id），或 revoke_all",
                         "Name the session to end (session_id), or revoke_all", 0);
        return;
    }
    Gateway__Session *session = NULL;
    bool open = false;
    int found = gw_session_store_get (db, request->session_id, now, s_settings.idle_ms, &session, &open);
    if (found < 0) {
        s_db_down (req, db);
        return;
    }
    if (!found)
        gw_problem_http (req, 404, "not_found", "没有这个会话", "There is no such session", 0);
    else
    if (s_may_act_for (req, who, session->login)) {
        if (gw_session_store_revoke (db, session->session_id, who->login, now) < 0) {
            s_db_down (req, db);
            sf_pb_destroy (&session);
            return;
        }
        gw_session_cache_drop_session (s_cache, session->session_id);
        sf_info ("gateway: %s ended session %s of %s", who->login, session->session_id, session->login);
        gw_sse_sessions_changed (state);
        gw_session_reply (req, &session->base);
    }
    sf_pb_destroy (&session);
}

void
gw_session_serve (gw_state_t *state, gw_req_t *req, const gw_route_t *route, ProtobufCMessage *message)
{
    const ProtobufCMessageDescriptor *type = route->request;
    if (type == &gateway__login__descriptor) {
        gw_session_login (state, req, (const Gateway__Login *) message);
        return;
    }
    gw_who_t who = { 0 };
    if (gw_session_authenticate (state, req, &who))
        return;
    if (type == &gateway__logout__descriptor)
        s_logout (state, req, &who);
    else
    if (type == &gateway__who_am_i__descriptor)
        s_who_am_i (state, req, &who);
    else
    if (type == &gateway__list_sessions__descriptor)
        s_list (state, req, &who, (const Gateway__ListSessions *) message);
    else
    if (type == &gateway__revoke_session__descriptor)
        s_revoke (state, req, &who, (const Gateway__RevokeSession *) message);
    else
        gw_problem_http (req, 404, "unimplemented", "没有这个请求", "No such request", 0);
    gw_who_clear (&who);
}

void
gw_session_local_routes (gw_routes_t *table)
{
    gw_routes_add_local (table, &gateway__login__descriptor, &gateway__session__descriptor, true);
    gw_routes_add_local (table, &gateway__logout__descriptor, &gateway__session__descriptor, true);
    gw_routes_add_local (table, &gateway__who_am_i__descriptor, &gateway__session__descriptor, false);
    gw_routes_add_local (table, &gateway__list_sessions__descriptor, &gateway__session_list__descriptor, false);
    gw_routes_add_local (table, &gateway__revoke_session__descriptor, &gateway__session__descriptor, true);
}

int
gw_session_start (gw_state_t *state)
{
    if (sodium_init () < 0) {
        sf_error ("gateway: libsodium cannot start");
        return -1;
    }
    s_settings.idle_ms = sf_config_int (state->config, "gateway.session_idle_minutes") * 60 * 1000;
    s_settings.max_ms = sf_config_int (state->config, "gateway.session_max_hours") * 3600 * 1000;
    s_settings.cookie_secure = sf_config_int (state->config, "gateway.cookie_secure") != 0;
    s_cache = gw_session_cache_new (GW_SESSION_CACHE_SIZE, GW_SESSION_CACHE_MS);
    if (!s_cache) {
        sf_error ("gateway: no memory for the session cache");
        return -1;
    }
    return 0;
}

void
gw_session_stop (gw_state_t *state)
{
    (void) state;
    gw_session_cache_destroy (&s_cache);
}
