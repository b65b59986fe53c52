/*  inspection_guard: shared handler checks.                                                 */
#include "inspection_guard.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <stdlib.h>
#include <string.h>

const char *
inspection_guard_shown (const char *text)
{
    size_t length = strlen (text);
    return length == 0 || length > 64? "?": text;
}

int
inspection_guard_unit (sf_call_t *call, const char *code, unsigned kinds, const sf_text_t *wrong_kind,
                       sf_org_node_t *node)
{
    sf_org_node_t local;
    if (!node)
        node = &local;
    int found = inspection_code_valid (code)? sf_org_find (call->db, code, node): 0;
    if (found < 0) {
        sf_call_fail_db (call, "looking up a unit");
        return -1;
    }
    if (!found) {
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_UNKNOWN_UNIT, inspection_guard_shown (code));
        return -1;
    }
    if (!node->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_INACTIVE_UNIT, code);
        return -1;
    }
    if (kinds && !(kinds & INSPECTION_KIND_BIT (node->kind))) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, wrong_kind, code);
        return -1;
    }
    return 0;
}

//  True when role is one of roles (comma-separated).
static bool
s_role_in (const char *role, const char *roles)
{
    sf_actor_t probe = { .role_count = 1 };
    probe.roles [0] = (char *) role;
    return sf_actor_has_role (&probe, roles);
}

int
inspection_guard_belongs (sf_call_t *call, const char *roles, const char *unit)
{
    const sf_scope_t *scope = call->scope;
    for (int g = 0; g < scope->count; g++) {
        const sf_org_grant_t *grant = &scope->grants [g].grant;
        if (!s_role_in (grant->role, roles))
            continue;
        int within = sf_org_within (call->db, grant->node_code, unit);
        if (within < 0) {
            sf_call_fail_db (call, "checking the actor's grants");
            return -1;
        }
        if (within)
            return 1;
    }
    return 0;
}

int
inspection_guard_company (sf_call_t *call)
{
    const sf_scope_t *scope = call->scope;
    if (scope->service)
        return 0;
    for (int g = 0; g < scope->count; g++) {
        const sf_scope_grant_t *grant = &scope->grants [g];
        if (*grant->plant_code || !s_role_in (grant->grant.role, call->route->roles))
            continue;
        //  No plant: above the plants, unless the node is not (or no longer) in the copy.
        sf_org_node_t node;
        int found = sf_org_find (call->db, grant->grant.node_code, &node);
        if (found < 0) {
            sf_call_fail_db (call, "looking up a grant's unit");
            return -1;
        }
        if (found)
            return 0;
    }
    sf_call_fail (call, SF_PERMISSION_DENIED, &INSPECTION_MSG_NOT_COMPANY_WIDE, call->request->type,
                  call->route->roles);
    return -1;
}

int
inspection_guard_text (sf_call_t *call, const char *text, size_t min_chars, size_t max_chars,
                       const char *field_zh, const char *field_en)
{
    if (inspection_text_fits (text, min_chars, max_chars))
        return 0;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, field_zh, field_en, (int) max_chars);
    return -1;
}

void
inspection_guard_answer (sf_call_t *call, int rc, const char *what, void *reply_p)
{
    ProtobufCMessage **reply = reply_p;
    if (rc < 0)
        sf_call_fail_db (call, what);
    else
        sf_call_reply (call, *reply);
    sf_pb_destroy (reply);
}

int
inspection_guard_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
                       const char *plant, const ProtobufCMessage *payload)
{
    const inspection_state_t *state = call->state;
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (aggregate_id),
        .aggregate_version = 1, .plant = strdup (plant)
    };
    sf_event_set_payload (&event, payload);
    int rc = sf_call_emit (call, state->stream, &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing an event");
    return rc;
}

const char *
inspection_guard_plant_or_company (const sf_org_node_t *node)
{
    //  A unit at company level has no plant: its numbers and events go under the company.
    return *node->plant_code? node->plant_code: "HQ";
}
