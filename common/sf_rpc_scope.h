/*  sf_rpc_scope: the one check, before any handler, of who a request acts as and whether
    its unit lies within that actor's grants (issue 10, "Roles and scope from the identity,
    in one place"). The rpc worker runs it on the command's database session, before the
    idempotency claim of a write (a replay never answers someone the first request would
    have refused) and before anything about the object is looked at by the handler.

    1. The actor: sf_scope_resolve (sf_scope.h) from the peer's key and the org copy's
       accounts; the request's actor is rewritten (its roles from the grants, its unit and
       plant), so handlers and events see the authenticated account, never the claim.
    2. The unit: the route's scope field (a text field of the request naming an org unit, at
       the top or inside a message field: "finding.responsible_unit") or its scope_of function (the units of the object acted on, as a form's
       responsible and issuing units). A read whose scope field is empty lists the acting
       unit's subtree: the field is filled with the actor's unit before the handler runs.
    3. The check: a grant holding one of the route's roles covers the unit (sf_scope_covers
       at the route's reach). A route that names no unit needs one of its roles on any of the
       actor's grants. The service (a daemon on its own jobs) is everywhere: for it only the
       route's roles count, even when the request names no unit. An object scope_of does not find is left to the handler (not_found
       says nothing about any object that exists).                                          */
#ifndef SF_RPC_SCOPE_H_INCLUDED
#define SF_RPC_SCOPE_H_INCLUDED

#include "sf_rpc_server.h"
#include "sf_scope.h"

//  Resolves the actor of call (call->request's, rewritten in place through actor) and checks
//  the route's unit against its grants into scope. Returns true when the handler may run;
//  false with call->reply set to the refusal (permission_denied, or unavailable/internal
//  when the database failed), logged.
bool sf_rpc_scope_check (sf_call_t *call, sf_actor_t *actor, sf_scope_t *scope);

#endif
