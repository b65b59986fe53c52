/*  gateway_session_parts: what the files of the session part share (gateway_session.c,
    gateway_session_auth.c, gateway_session_login.c, gateway_session_org.c,
    gateway_session_cache.c).                 */
#ifndef GATEWAY_SESSION_PARTS_H_INCLUDED
#define GATEWAY_SESSION_PARTS_H_INCLUDED

#include "gateway_session.h"
#include "gateway_session_cache.h"
#include "gateway.pb-c.h"

#include <stdint.h>

//  A session's use is written at most this often (the idle end moves by as much at most).
#define GW_SESSION_TOUCH_MS 60000

typedef struct {
    int64_t idle_ms;                 //  gateway.session_idle_minutes
    int64_t max_ms;                  //  gateway.session_max_hours
    bool cookie_secure;              //  gateway.cookie_secure
} gw_session_settings_t;

//  As read by gw_session_start.
const gw_session_settings_t *gw_session_settings (void);

//  This process's cache of authenticated sessions (made by gw_session_start).
gw_session_cache_t *gw_session_cache (void);

//  gateway.Login: asks the directory, then the plants of the grants' nodes, then stores the
//  session and answers (or answers the refusal).
void gw_session_login (gw_state_t *state, gw_req_t *req, const Gateway__Login *login);

//  Answers 200 with message as JSON, not to be cached.
void gw_session_reply (gw_req_t *req, const ProtobufCMessage *message);

//  The Set-Cookie header of the session cookie: token for max_age_s seconds; NULL token
//  clears it.
void gw_session_cookie (gw_req_t *req, const char *token, int64_t max_age_s);

#endif
