/*  training_qual_testlib: what the black-box qual tests share: a directory and a training
    daemon on a stream prefix of their own, an org of two plants with employees, accounts in
    the training daemon's copy, and one-line calls in the generated types of
    proto/training_qual.proto.                                                             */
#ifndef TRAINING_QUAL_TESTLIB_H_INCLUDED
#define TRAINING_QUAL_TESTLIB_H_INCLUDED

#include "directory_testlib.h"
#include "training_qual.pb-c.h"

#define QT_TRAINING_BINARY "services/training/sf-training"
#define QT_DAY_MS (24 * 3600 * 1000LL)

typedef struct {
    char *prefix;                //  stream prefix and schema stem of this test
    char tree [32];              //  unit codes start with it
    char *directory_schema;
    char *schema;
    char env [512];              //  the training daemon's environment
    sf_test_daemon_t directory;
    sf_test_daemon_t daemon;
    sf_rpc_client_t *service;    //  the directory's, as the service
    sf_db_t *db;                 //  on the training schema
    char code [64];
} qt_stack_t;

//  Starts both daemons (training with a settable clock) and builds the org, where t is tree:
//  company tC; plant tP with department tD, team tT, posts tS and tS2, employees tE1, tE2 on
//  tS; team tT2 under tD with post tS3 and employee tE3; plant tP2 with tD9, tT9, tS9 and
//  employee tF1. Waits until the training daemon's copy knows every node.
void qt_stack_start (qt_stack_t *stack, const char *name, const char *tree);
void qt_stack_stop (qt_stack_t *stack);

//  tree + suffix ("E1" -> "xE1"), in the stack's buffer (valid until the next call).
const char *qt_code (qt_stack_t *stack, const char *suffix);

//  Creates an employee (code suffix) on post (suffix) in the directory.
void qt_employee (qt_stack_t *stack, const char *code, const char *post);

//  Waits until the training schema's org copy holds code (a full code) with parent (NULL: any).
void qt_wait_node (qt_stack_t *stack, const char *code, const char *parent);

//  Makes login an account of the training daemon's copy holding each of roles on unit (a suffix).
void qt_account (qt_stack_t *stack, const char *login, const char *roles, const char *unit);

//  A client of the training daemon acting as login. Caller destroys.
sf_rpc_client_t *qt_client (qt_stack_t *stack, const char *login);

//  Sends request; when the reply is OK and body is not NULL, *body is its body as reply_type
//  (sf_pb_destroy). Returns the status; a refusal carries its reason in both languages
//  (dt_ask). reply (may be NULL) gets the reply (sf_reply_clear).
sf_status_t qt_call (sf_rpc_client_t *client, const ProtobufCMessage *request,
                     const ProtobufCMessageDescriptor *reply_type, void *body, sf_reply_t *reply);

//  Rows of the training schema a query counts (param may be NULL).
int64_t qt_count (qt_stack_t *stack, const char *sql, const char *param);

//  Waits until the outbox holds count events of type; true when it did within timeout_ms.
bool qt_wait_events (qt_stack_t *stack, const char *type, int64_t count, int timeout_ms);

#endif
