/*  gateway_session: sessions of the directory's accounts (README.md, "Sessions"): the
    gateway's own requests gateway.Login, Logout, WhoAmI, ListSessions, RevokeSession
    (proto/gateway.proto), the session store (SHA-256 of the token only), the limits on failed
    logins, and the one check every other part makes of a request.                          */
#ifndef GATEWAY_SESSION_H_INCLUDED
#define GATEWAY_SESSION_H_INCLUDED

#include "gateway.h"
#include "sf_envelope.h"

#include <stdint.h>

#define GW_SESSION_COOKIE "sf_session"

//  Who a request comes from, as its session knows it (from the directory's answer at login;
//  a change of the account's grants, its password or its state ends its sessions).
typedef struct {
    char login [65];
    char session_id [64];            //  the public handle, never the token
    int64_t expires_ms;
    char **roles;                    //  the distinct roles of the account's grants
    size_t role_count;
    char **plants;                   //  the plants its grants lie in (codes); see company
    size_t plant_count;
    bool company;                    //  a grant on a company-level node: every plant, and
                                     //  the events of no plant
} gw_who_t;

//  Frees what who holds (roles, plants); who may be filled again.
void gw_who_clear (gw_who_t *who);
//  True when who holds one of roles (comma-separated).
bool gw_who_has_role (const gw_who_t *who, const char *roles);
//  True when who may see what happens in plant ("" company level).
bool gw_who_sees_plant (const gw_who_t *who, const char *plant);

//  The account a request comes with: "Authorization: Bearer <token>", else the sf_session
//  cookie (then a request other than GET or HEAD is refused when its Content-Type is a form's,
//  text/plain or none, or when it comes from another site: Origin, Sec-Fetch-Site — the CSRF
//  rule). 0 with who filled and the session's last use noted; otherwise the request
//  has been answered (401 without a live session, 503 when the store cannot be read) and -1.
int gw_session_authenticate (gw_state_t *state, gw_req_t *req, gw_who_t *who);

//  How a session stands, for a stream opened with it (gw_session_check_streams).
typedef enum {
    GW_SESSION_OPEN,
    GW_SESSION_LOGGED_OUT,           //  gateway.Logout
    GW_SESSION_REVOKED,              //  gateway.RevokeSession (the owner or an admin); no row
    GW_SESSION_ACCOUNT_CHANGED,      //  the directory disabled or changed the account
    GW_SESSION_EXPIRED,              //  gateway.session_max_hours after login
    GW_SESSION_IDLE                  //  unused for gateway.session_idle_minutes
} gw_session_end_t;

//  For the live stream: how count sessions stand now (ends [i] for session_ids [i],
//  distinct and sorted by strcmp), in one query on the calling thread's database session
//  (gw_db); the open ones' use is noted, at most once a minute as gw_session_authenticate
//  does: a stream open is its session in use. 0, or -1 when the store cannot be read
//  (logged: the streams go on until the next check).
int gw_session_check_streams (gw_state_t *state, char *const *session_ids, size_t count, gw_session_end_t *ends);

//  What an end is called in the stream: a code ("logout", "revoked", "account_changed",
//  "expired", "idle") and why, in Chinese and English.
void gw_session_end_texts (gw_session_end_t end, const char **code, const char **zh, const char **en);

//  The gateway's own routes (gateway.Gateway/...) into a table being built.
void gw_session_local_routes (gw_routes_t *table);

//  Serves a gateway.Gateway route (gateway_api.c calls it for routes whose daemon is
//  GW_LOCAL_DAEMON) with the request message decoded from JSON; answers req (or waits).
void gw_session_serve (gw_state_t *state, gw_req_t *req, const gw_route_t *route, ProtobufCMessage *message);

//  The consumer of the directory's stream (topic "org"): account events update the stored
//  account of that login's open sessions; directory.account_disabled revokes them. The state
//  is the gateway's (gw_state_t).
int gw_session_apply_org (sf_db_t *db, const sf_event_t *event, void *arg);

#endif
