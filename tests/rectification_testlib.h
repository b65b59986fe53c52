/*  rectification_testlib: what the black-box rectification tests share: a directory and a
    rectification daemon on a stream prefix of their own, clients acting in given roles for
    given units, one-line form commands, findings fed as the inspection daemon would, and
    looks into the outbox.                                                                   */
#ifndef RECTIFICATION_TESTLIB_H_INCLUDED
#define RECTIFICATION_TESTLIB_H_INCLUDED

#include "directory_testlib.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "rectification_names.h"

#define RECTIFICATION_BINARY "services/rectification/sf-rectification"
#define RT_DAY_MS (24 * 3600 * 1000LL)

typedef struct {
    char *prefix;                //  stream prefix and schema stem of this test
    char *directory_schema;
    char *schema;
    sf_test_daemon_t directory;
    sf_test_daemon_t daemon;
    sf_rpc_client_t *admin;      //  the directory's org admin
    sf_db_t *db;                 //  on the rectification schema
} rt_stack_t;

//  Starts both daemons (rectification with a settable clock and extra_env, may be NULL) and
//  builds the tree <p>C, <p>P, <p>D, <p>T, <p>S (dt_build_tree) plus a second department
//  <p>D2 with team <p>T2, where p is tree_prefix; waits until the rectification daemon knows
//  every unit.
void rt_stack_start (rt_stack_t *stack, const char *name, const char *tree_prefix, const char *extra_env);
void rt_stack_stop (rt_stack_t *stack);

//  Waits until the rectification schema's sf_org_node holds code.
void rt_wait_unit (rt_stack_t *stack, const char *code);

//  A client of the rectification daemon acting as user with roles for unit: the account
//  and its grants (each role on unit) written into the daemon's org copy first (rt_account).
sf_rpc_client_t *rt_client (rt_stack_t *stack, const char *user, const char *roles, const char *unit);

//  Makes user an account of the daemon's org copy holding each of roles on unit
//  (sf_test_account), on a database session of its own.
void rt_account (rt_stack_t *stack, const char *user, const char *roles, const char *unit);

//  A client acting as user, an account made before (rt_account), for unit; it writes nothing
//  and opens no database session: for client threads started side by side.
sf_rpc_client_t *rt_client_as (rt_stack_t *stack, const char *user, const char *unit);

//  Sends request (dt_ask); *form (may be NULL) gets the reply when it is OK, checked to be a
//  Form (sf_pb_destroy). Returns the status; reply (may be NULL) gets the reply, to be
//  cleared by the caller.
sf_status_t rt_call (sf_rpc_client_t *client, const ProtobufCMessage *request, Rectification__Form **form,
                     sf_reply_t *reply);

//  Issues a form to unit (severity, deadline_ms 0 for the default); *form (may be NULL) gets it.
sf_status_t rt_issue (sf_rpc_client_t *client, const char *unit, int severity, const char *description,
                      const char *hazard_key, int64_t deadline_ms, Rectification__Form **form);

//  A request of type naming form number, with note as its note or reason where it has one
//  (sf_pb_destroy).
ProtobufCMessage *rt_request (const ProtobufCMessageDescriptor *type, const char *number, const char *note);

//  Sends rt_request (type, number, note): the transitions that carry no more.
sf_status_t rt_move (sf_rpc_client_t *client, const ProtobufCMessageDescriptor *type, const char *number,
                     const char *note, sf_reply_t *reply);

//  Submits evidence (text only) for form number.
sf_status_t rt_submit (sf_rpc_client_t *client, const char *number, const char *text);

//  XADDs an inspection.finding_reported event with finding to "<prefix>:events:inspection".
void rt_feed_finding (rt_stack_t *stack, const Inspection__Finding *finding, const char *event_id);

//  The payload of the outbox row's event as type (sf_pb_destroy); asserts it is one.
void *rt_payload (sf_rows_t *rows, int row, int column, const ProtobufCMessageDescriptor *type);

//  Waits until the outbox has count events of type (at most timeout_ms). True when it did.
bool rt_wait_events (rt_stack_t *stack, const char *type, int count, int timeout_ms);
int64_t rt_count_events (rt_stack_t *stack, const char *type);

#endif
