/*  sf_rpc_scope: the actor and its reach, checked once before every handler.              */
#include "sf_rpc_scope.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_roles.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_no_role = {
    "%s 没有执行 %s 所需的角色（需要其一：%s）", "%s holds no role that %s needs (one of: %s)"
};

//  The route's scope field of the request ("unit", or "finding.responsible_unit" for a field
//  of a message inside it): where its value lives, NULL when the route names none. *absent
//  is set when a message on the way is missing (the request then names no unit).
static char **
s_scope_field (const sf_call_t *call, bool *absent)
{
    *absent = false;
    if (!call->route->scope || !call->message)
        return NULL;
    return sf_pb_text_at (call->message, call->route->scope, absent);
}

//  Refuses call with why (one %s: subject), logged.
static bool
s_refuse (sf_call_t *call, sf_status_t status, const sf_text_t *why, const char *subject)
{
    sf_call_fail (call, status, why, subject);
    sf_log (status == SF_PERMISSION_DENIED? SF_LOG_INFO: SF_LOG_WARN, &call->log, "%s refused for %s: %s",
            call->request->type, subject, call->reply->reason_en);
    return false;
}

//  True when one of the actor's grants, anywhere, holds one of roles.
static bool
s_holds_role (const sf_scope_t *scope, const char *roles)
{
    for (int g = 0; g < scope->count; g++)
        if (sf_roles_include (roles, scope->grants [g].grant.role))
            return true;
    return false;
}

//  A route checked without a unit: one of its roles on any grant (the service holds only
//  its own, and passes a route without roles).
static bool
s_roles_held (sf_call_t *call, const sf_actor_t *actor, const sf_scope_t *scope)
{
    const char *roles = call->route->roles;
    bool holds = scope->service? !roles || sf_actor_has_role (actor, roles)
                               : !roles || s_holds_role (scope, roles);
    if (!holds) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &s_msg_no_role, scope->login, call->request->type, roles);
        sf_log (SF_LOG_INFO, &call->log, "%s refused: %s", call->request->type, call->reply->reason_en);
    }
    return holds;
}

bool
sf_rpc_scope_check (sf_call_t *call, sf_actor_t *actor, sf_scope_t *scope)
{
    const sf_text_t *why;
    const char *subject;
    sf_status_t status = sf_scope_resolve (call->db, call->peer, actor, scope, &why, &subject);
    //  The log context pointed at the plant the request named, which resolving may have
    //  replaced (and freed): from here on the call is logged in the actor's plant.
    call->log.plant = actor->plant;
    if (status != SF_OK)
        return s_refuse (call, status, why, subject);
    call->scope = scope;
    const sf_route_t *route = call->route;
    bool absent;
    char **field = s_scope_field (call, &absent);
    //  A read naming no unit lists the acting unit's subtree.
    if (field && !**field && !route->writes && !scope->service && actor->org_node && *actor->org_node) {
        if (*field != protobuf_c_empty_string)
            free (*field);
        *field = strdup (actor->org_node);
    }
    sf_scope_units_t units = { 0 };
    if (field)
        sf_scope_units_add (&units, *field);
    else
    if (!absent && route->scope_of) {
        int found = route->scope_of (call, &units);
        if (found < 0) {
            sf_call_fail_db (call, "the units of the object");
            return false;
        }
        if (found > 0)
            return true;
    }
    else
    if (!absent)
        return s_roles_held (call, actor, scope);
    //  (absent: the message holding the unit is missing, so the request names none.)
    //  The service is everywhere: only the route's roles count (an empty unit is the
    //  handler's to refuse, as for a company made by the import).
    if (units.count == 0 && scope->service)
        return s_roles_held (call, actor, scope);
    if (units.count == 0)
        return s_refuse (call, SF_PERMISSION_DENIED, &SF_SCOPE_MSG_NO_UNIT, call->request->type);
    for (int i = 0; i < units.count; i++) {
        int covers = sf_scope_covers (call->db, scope, route->roles, (sf_reach_t) route->reach, units.codes [i]);
        if (covers < 0) {
            sf_call_fail_db (call, "the reach of the actor's grants");
            return false;
        }
        if (covers)
            return true;
    }
    //  An object's units are not told to someone who may not see it (a form number would
    //  say where the form is); a unit the request named is.
    if (!field)
        return s_refuse (call, SF_PERMISSION_DENIED, &SF_SCOPE_MSG_OBJECT_OUT_OF_SCOPE, call->request->type);
    return s_refuse (call, SF_PERMISSION_DENIED, &SF_SCOPE_MSG_OUT_OF_SCOPE, units.codes [0]);
}
