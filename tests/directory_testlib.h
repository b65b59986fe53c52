/*  directory_testlib: what the black-box tests share, starting with the directory's: a
    client acting as an org administrator, a call whose refusals must explain themselves,
    one-line commands in the generated request types, and looks into the database and the
    event stream.                                                                           */
#ifndef DIRECTORY_TESTLIB_H_INCLUDED
#define DIRECTORY_TESTLIB_H_INCLUDED

#include "directory.pb-c.h"
#include "sf_rpc_client.h"
#include "sf_testkit.h"

#include <czmq.h>

#define DIRECTORY_BINARY "services/directory/sf-directory"
#define ORG_STREAM "sf:events:org"

//  Starts a directory on a schema of its own, <prefix>_dir (emptied first), publishing to the
//  streams of prefix (SF_REDIS_STREAM_PREFIX), for a daemon on the same prefix to follow.
//  Returns the schema's name; the caller frees it.
char *dt_directory_start (sf_test_daemon_t *directory, const char *prefix);

//  A client acting as the service (the suite's key is a daemon's): what deploy/up's import
//  does before any account exists. Tests of who may do what use accounts (sf_test_account).
sf_rpc_client_t *dt_client (const sf_test_daemon_t *daemon);

//  The password of the accounts dt_account makes.
#define DT_PASSWORD "Anquan-Shengchan-2026"

//  Makes account login for employee through the directory's own routes, as service (a
//  dt_client): CreateAccount, then GrantRole of each of roles (comma-separated; NULL or ""
//  none) on unit. The directory's org copy is its own tables, so sf_test_account cannot.
void dt_account (sf_rpc_client_t *service, const char *login, const char *employee, const char *roles,
                 const char *unit);

//  A client acting as account login (the suite's key is a daemon's, which may name it; the
//  roles it claims are ignored: they come from the account's grants).
sf_rpc_client_t *dt_client_as (const sf_test_daemon_t *daemon, const char *login, const char *roles);

//  Creates a node (an employee is a regular one); returns the reply status. node may be
//  NULL; when given and the reply is OK, *node is the node created (the caller destroys it
//  with sf_pb_destroy).
sf_status_t dt_create (sf_rpc_client_t *client, int kind, const char *code, const char *parent,
                       const char *name_zh, const char *key, Directory__Node **node);

//  Sends request (sf_rpc_client_call_message, a fresh key) and returns the reply's status;
//  a failure must come with its reason in both languages. reply (may be NULL) gets the
//  answer, to be cleared by the caller.
sf_status_t dt_ask (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_reply_t *reply);

//  The reply's body as a message of descriptor's type (the caller destroys it); checks that
//  it decodes.
void *dt_body (const sf_reply_t *reply, const ProtobufCMessageDescriptor *descriptor);

//  Builds a small tree: company <prefix>C, plant <prefix>P, department <prefix>D, team
//  <prefix>T, post <prefix>S.
void dt_build_tree (sf_rpc_client_t *client, const char *prefix);

//  Waits until the org copy in db (a daemon's sf_org_node) holds the node code (max
//  timeout_ms). True if it arrived.
bool dt_wait_copy (sf_db_t *db, const char *code, int timeout_ms);

//  Waits until the outbox of db has nothing pending (max timeout_ms). True if it emptied.
bool dt_wait_published (sf_db_t *db, int timeout_ms);

//  Number of entries of ORG_STREAM whose id field is event_id.
int dt_stream_count (const char *event_id);

//  Every event id in ORG_STREAM with how many entries carry it (values are counts cast to
//  pointers). Caller destroys.
zhashx_t *dt_stream_ids (void);
//  The same for any stream, with the number of its entries in *entries.
zhashx_t *dt_stream_ids_of (const char *stream, int64_t *entries);

#endif
