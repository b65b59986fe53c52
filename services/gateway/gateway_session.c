/*  gateway_session: placeholder of the skeleton; its owner replaces it (README.md, "Files"). */
#include "gateway_session.h"
#include "gateway_problem.h"

int
gw_session_start (gw_state_t *state)
{
    (void) state;
    return 0;
}

void
gw_session_stop (gw_state_t *state)
{
    (void) state;
}

void
gw_who_clear (gw_who_t *who)
{
    (void) who;
}

bool
gw_who_has_role (const gw_who_t *who, const char *roles)
{
    (void) who;
    (void) roles;
    return false;
}

bool
gw_who_sees_plant (const gw_who_t *who, const char *plant)
{
    (void) who;
    (void) plant;
    return false;
}

int
gw_session_authenticate (gw_state_t *state, gw_req_t *req, gw_who_t *who)
{
    (void) state;
    (void) who;
    gw_problem_http (req, 401, "unauthenticated", "未登录", "Not logged in", 0);
    return -1;
}

void
gw_session_local_routes (gw_routes_t *table)
{
    (void) table;
}

void
gw_session_serve (gw_state_t *state, gw_req_t *req, const gw_route_t *route, ProtobufCMessage *message)
{
    (void) state;
    (void) route;
    (void) message;
    gw_problem_http (req, 404, "unimplemented", "没有这个请求", "No such request", 0);
}

int
gw_session_apply_org (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) db;
    (void) event;
    (void) arg;
    return 0;
}
