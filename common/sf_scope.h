/*  sf_scope: who a request acts as, and what it may reach, decided in one place before any
    handler runs (issue 10, "Roles and scope from the identity, in one place").

    The actor. A request names an actor (envelope Actor), but a daemon believes that name
    only from a trusted peer (sf_peer_t.trusted: a daemon acting on its own jobs, or the
    gateway, which authenticated the person). Any other peer acts as the account its key is
    bound to, and a request from it naming someone else is refused. A daemon peer whose
    request carries the role "service" acts as the service itself: every node, role service.
    A server without CURVE (no keys configured, a development setup it warns about) cannot
    tell peers apart: it treats every one as a daemon (sf_rpc_auth_peer marks it trusted).
    Everyone else is an account of the org copy (sf_org_account), which must be known, not
    disabled, and belong to an employee who has not left (an inactive employee node).

    Roles and scope come from the account's grants (sf_org_grant: a role on a node, covering
    that node and everything below it), never from the request: the actor's roles are
    rewritten to those of the grants covering the unit it acts for. The unit it acts for is
    the one the request names when a grant covers it, else its first grant's node. An
    account without grants holds one implicit grant, worker on its employee's unit, so that
    anyone can still report a hazard where they work.

    Reach. A route declares the request field naming the unit it acts on (sf_route_t.scope)
    or a function naming the units of the object it acts on (scope_of: a form's responsible
    and issuing units, say). The rpc server refuses, before the handler and before anything
    about the object is said, a request whose unit no grant covers with one of the route's
    roles. A route may widen that to the plant (reach SF_REACH_PLANT: the unit lies in the
    plant of a grant of the actor's, as a worker reporting a hazard in another team of their
    plant), never to another plant.                                                           */
#ifndef SF_SCOPE_H_INCLUDED
#define SF_SCOPE_H_INCLUDED

#include "sf_db.h"
#include "sf_envelope.h"
#include "sf_org.h"
#include "sf_peer.h"
#include "sf_rpc_server.h"
#include "sf_status.h"

//  Grants an actor brings at most; more are refused as a configuration error (a person with
//  that many roles should have them on a node above).
#define SF_SCOPE_GRANTS_MAX 32

//  How far a route's unit may lie from the actor's grants.
typedef enum {
    SF_REACH_GRANT = 0,          //  within a grant's node (the default)
    SF_REACH_PLANT = 1           //  within the plant of a grant's node
} sf_reach_t;

typedef struct {
    sf_org_grant_t grant;
    char plant_code [sizeof (((sf_org_node_t *) 0)->plant_code)];  //  of its node; "" above the plants
} sf_scope_grant_t;

struct _sf_scope_t {
    char login [sizeof (((sf_org_account_t *) 0)->login)];
    bool service;                //  a daemon on its own jobs: every node
    int count;
    sf_scope_grant_t grants [SF_SCOPE_GRANTS_MAX];
};

//  The units an object belongs to (sf_route_t.scope_of): reached when any one is.
#define SF_SCOPE_UNITS_MAX 4
struct _sf_scope_units_t {
    int count;
    char codes [SF_SCOPE_UNITS_MAX][sizeof (((sf_org_node_t *) 0)->code)];
};

//  Adds code to units (when there is room and it is not empty).
void sf_scope_units_add (sf_scope_units_t *units, const char *code);

//  Decides who actor (a decoded request's, rewritten here) is for a request from peer, and
//  loads scope. Returns SF_OK, or the status of a refusal with *why its text (a format with
//  one %s: the login or the peer's name, in *subject), or SF_UNAVAILABLE/SF_INTERNAL when the
//  database failed.
sf_status_t sf_scope_resolve (sf_db_t *db, const sf_peer_t *peer, sf_actor_t *actor, sf_scope_t *scope,
                              const sf_text_t **why, const char **subject);

//  1 when a grant of scope holding one of roles (comma-separated; NULL: any role) covers
//  unit at reach, 0 when none does (or unit is unknown), -1 on a database error.
int sf_scope_covers (sf_db_t *db, const sf_scope_t *scope, const char *roles, sf_reach_t reach, const char *unit);

//  The refusals' texts (zh, en), each with one %s.
extern const sf_text_t SF_SCOPE_MSG_ACCOUNT_UNKNOWN;
extern const sf_text_t SF_SCOPE_MSG_ACCOUNT_DISABLED;
extern const sf_text_t SF_SCOPE_MSG_NOT_YOUR_KEY;
extern const sf_text_t SF_SCOPE_MSG_NO_ACCOUNT;
extern const sf_text_t SF_SCOPE_MSG_TOO_MANY_GRANTS;
extern const sf_text_t SF_SCOPE_MSG_OUT_OF_SCOPE;
extern const sf_text_t SF_SCOPE_MSG_NO_UNIT;
extern const sf_text_t SF_SCOPE_MSG_OBJECT_OUT_OF_SCOPE;
extern const sf_text_t SF_SCOPE_MSG_NAME_NEEDED;

#endif
