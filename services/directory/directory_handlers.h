/*  directory_handlers: the directory's request types and what each does. The route table is
    the daemon's whole protocol; see services/directory/README.md for the rules.             */
#ifndef DIRECTORY_HANDLERS_H_INCLUDED
#define DIRECTORY_HANDLERS_H_INCLUDED

#include "directory.pb-c.h"
#include "sf_rpc_server.h"

#define DIRECTORY_TOPIC "org"           //  events go to sf_stream_name (DIRECTORY_TOPIC)
#define DIRECTORY_WRITER_ROLES "admin,org_admin,service"
//  Who creates the company (a root has no unit above it to be covered).
#define DIRECTORY_ROOT_ROLES "admin,service"

extern const sf_route_t directory_routes [];

//  Shared by the handlers and the CSV import: checks and applies one change, emitting its
//  event. On failure the call's reply is set to the reason.

//  Whether a grant of the call's actor holding one of roles covers unit (sf_scope_covers,
//  within the grant); 0, or -1 with the reply set (permission_denied, or the database's).
int directory_scope_check (sf_call_t *call, const char *roles, const char *unit);

//  True when the call's actor holds one of roles on any grant (the service: when roles name
//  it).
bool directory_holds_role (const sf_call_t *call, const char *roles);

//  Emits an event of type on the org stream with payload, through the outbox of the call's
//  transaction; 0, or -1 with the reply set.
int directory_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
                    int64_t version, const char *plant, const ProtobufCMessage *payload);

//  Each checks the actor's reach first (a writer's grant covering the new node's parent, the
//  node renamed, the node moved and its new parent; the company: DIRECTORY_ROOT_ROLES), so
//  a CSV import is held to the same scope as single commands, row by row.
//  The node created, which the caller destroys (sf_pb_destroy), or NULL.
Directory__Node *directory_create (sf_call_t *call, const Directory__CreateNode *create);
//  Each updates node and returns 0, or -1.
int directory_rename (sf_call_t *call, Directory__Node *node, const char *name_zh, const char *name_en);
int directory_move (sf_call_t *call, Directory__Node *node, const char *new_parent_code);

//  directory.ImportCsv, in directory_import.c.
void directory_import_csv (sf_call_t *call);

#endif
