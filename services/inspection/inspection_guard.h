/*  inspection_guard: what every inspection handler checks the same way: the body decodes,
    a unit exists in the org copy and is active, the actor acts for a unit that covers the
    one concerned (or is admin / company EHS), and events leave through the outbox. Each
    check returns 0, or -1 with the call's reply set to the reason.                         */
#ifndef INSPECTION_GUARD_H_INCLUDED
#define INSPECTION_GUARD_H_INCLUDED

#include "inspection_codec.h"
#include "inspection_state.h"
#include "sf_org.h"
#include "sf_rpc_server.h"

//  Decodes the call's body into request.
int inspection_guard_decode (sf_call_t *call, inspection_request_t *request);

//  code names an active unit of the org copy (kinds: a bit per sf_org_kind_t, 0 for any;
//  wrong kind fails with wrong_kind). Fills node when not NULL.
int inspection_guard_unit (sf_call_t *call, const char *code, unsigned kinds, const sf_text_t *wrong_kind,
                           sf_org_node_t *node);
#define INSPECTION_KIND_BIT(kind) (1u << (kind))

//  The actor acts for unit or a unit above it; admin and ehs act for the whole company.
int inspection_guard_covers (sf_call_t *call, const char *unit);

//  The actor's own unit is unit or lies below it (the actor belongs to unit).
int inspection_guard_belongs (sf_call_t *call, const char *unit, int64_t task_id);

//  Adds an event to the outbox on the inspection stream; fails the call on a db error.
int inspection_guard_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
                           const char *plant, const char *payload_type, uint8_t *payload, size_t payload_size);

//  The plant of a unit for numbers and events: its plant, else the company's code.
const char *inspection_guard_plant_or_company (const sf_org_node_t *node);

#endif
