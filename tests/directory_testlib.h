/*  directory_testlib: what the black-box directory tests share: a client acting as an org
    administrator, one-line commands, and looks into the database and the event stream.     */
#ifndef DIRECTORY_TESTLIB_H_INCLUDED
#define DIRECTORY_TESTLIB_H_INCLUDED

#include "directory_codec.h"
#include "sf_rpc_client.h"
#include "sf_testkit.h"

#include <czmq.h>

#define DIRECTORY_BINARY "services/directory/sf-directory"
#define ORG_STREAM "sf:events:org"

//  A client acting as user "tester" with role org_admin.
sf_rpc_client_t *dt_client (const sf_test_daemon_t *daemon);

//  Sends a directory command built from the fields given; returns the reply status.
//  node may be NULL; when given and the reply is a Node, it is decoded into it.
sf_status_t dt_create (sf_rpc_client_t *client, int kind, const char *code, const char *parent,
                       const char *name_zh, const char *key, directory_node_t *node);
sf_status_t dt_command (sf_rpc_client_t *client, const char *type, const directory_command_t *command,
                        sf_reply_t *reply);

//  Builds a small tree: company <prefix>C, plant <prefix>P, department <prefix>D, team
//  <prefix>T, post <prefix>S.
void dt_build_tree (sf_rpc_client_t *client, const char *prefix);

//  Waits until the outbox of db has nothing pending (max timeout_ms). True if it emptied.
bool dt_wait_published (sf_db_t *db, int timeout_ms);

//  Number of entries of ORG_STREAM whose id field is event_id.
int dt_stream_count (const char *event_id);

#endif

//  Every event id in ORG_STREAM with how many entries carry it (values are counts cast to
//  pointers). Caller destroys.
zhashx_t *dt_stream_ids (void);
