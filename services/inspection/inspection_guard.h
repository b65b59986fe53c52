/*  inspection_guard: what every inspection handler checks the same way: a unit exists in
    the org copy and is active, the actor's grants reach where the route's scope check
    (sf_rpc_scope, before the handler) cannot look, and events leave through the outbox.
    Each check returns 0, or -1 with the call's reply set to the reason.                    */
#ifndef INSPECTION_GUARD_H_INCLUDED
#define INSPECTION_GUARD_H_INCLUDED

#include "directory.pb-c.h"
#include "inspection_state.h"
#include "sf_org.h"
#include "sf_rpc_server.h"

//  code names an active unit of the org copy (kinds: a bit per directory.Kind, 0 for any;
//  wrong kind fails with wrong_kind). Fills node when not NULL.
int inspection_guard_unit (sf_call_t *call, const char *code, unsigned kinds, const sf_text_t *wrong_kind,
                           sf_org_node_t *node);
#define INSPECTION_KIND_BIT(kind) (1u << (kind))

//  What a finding or a violation may be charged to: a plant, department, team or post.
#define INSPECTION_RESPONSIBLE_KINDS \
    (INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_PLANT) | INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_DEPARTMENT) \
   | INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_TEAM) | INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_POST))

//  1 when a grant of the actor holding one of roles (comma-separated) lies at unit or below
//  it (the actor belongs to unit: a team's worker to the team's tasks), 0 when none does, -1
//  on a database error (the reply set).
int inspection_guard_belongs (sf_call_t *call, const char *roles, const char *unit);

//  A company-wide command (no unit of its own): the actor holds one of the route's roles on a
//  grant above the plants (the company or one of its offices), or is the service. 0, or -1
//  with the reply set.
int inspection_guard_company (sf_call_t *call);

//  text holds min_chars..max_chars characters, or the call fails naming the field.
int inspection_guard_text (sf_call_t *call, const char *text, size_t min_chars, size_t max_chars,
                           const char *field_zh, const char *field_en);

//  Answers with *reply_p (a message of the route's reply type on the heap) when rc, what a
//  store returned, is not negative; else fails the call from the database error (about
//  what). Destroys the message either way.
void inspection_guard_answer (sf_call_t *call, int rc, const char *what, void *reply_p);

//  Adds an event with payload to the outbox on the inspection stream; fails the call on a
//  database error.
int inspection_guard_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
                           const char *plant, const ProtobufCMessage *payload);

//  The plant of a unit for numbers and events: its plant, else the company's code.
const char *inspection_guard_plant_or_company (const sf_org_node_t *node);

//  text as it may be repeated to a person: itself when 1 to 64 bytes long, else "?".
const char *inspection_guard_shown (const char *text);

#endif
