/*  training_exam_testlib: what the black-box exam tests share: a directory and a training
    daemon on a stream prefix of their own, an org of two plants with people in it, accounts
    mapped to those people, a question bank whose keys the test can tell from the codes, and
    one-line calls in the generated types of proto/training_exam.proto.                    */
#ifndef TRAINING_EXAM_TESTLIB_H_INCLUDED
#define TRAINING_EXAM_TESTLIB_H_INCLUDED

#include "directory_testlib.h"
#include "training_exam.pb-c.h"

#define TRAINING_BINARY "services/training/sf-training"

typedef struct {
    char *prefix;                //  stream prefix and schema stem of this test
    char *tree;                  //  unit codes start with it
    char *directory_schema;
    char *schema;
    sf_test_daemon_t directory;
    sf_test_daemon_t daemon;
    sf_rpc_client_t *service;    //  the directory's, as the service
    sf_db_t *db;                 //  on the training schema
} ex_stack_t;

//  Starts both daemons (training with a settable clock and extra_env, may be NULL) and builds
//  the org, where t is tree: company tC; plant tP with department tD, team tT, post tS and the
//  people tE1..tE6 on that post; plant tP2 with tD2, tT2, tS2 and the person tF1. Waits until
//  the training daemon's copy knows every unit.
void ex_stack_start (ex_stack_t *stack, const char *name, const char *tree, const char *extra_env);
void ex_stack_stop (ex_stack_t *stack);

//  The code tree + suffix ("E1" -> "xE1"), in a buffer of the stack's (valid until the next call).
const char *ex_code (ex_stack_t *stack, const char *suffix);

//  Makes login an account of the training daemon's org copy for employee (a code suffix of
//  ex_code), holding each of roles (comma-separated, may be "") on unit (a suffix too).
void ex_account (ex_stack_t *stack, const char *login, const char *employee, const char *roles, const char *unit);

//  A client acting as login, an account made before. Caller destroys.
sf_rpc_client_t *ex_client (ex_stack_t *stack, const char *login);

//  Sends request (a fresh key when key is NULL); when the reply is OK and body is not NULL,
//  *body is the reply's body as reply_type (sf_pb_destroy). Returns the status; a refusal must
//  carry its reason in both languages. reply (may be NULL) gets the reply (sf_reply_clear).
sf_status_t ex_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key,
                     const ProtobufCMessageDescriptor *reply_type, void *body, sf_reply_t *reply);

//  A bank of 16 questions in each of the categories must_know and emergency (8 single, 4
//  multiple, 4 true/false), codes <stem>-<MK|EM>-<S|M|J><n>, in CSV with the English header.
//  Caller frees.
char *ex_bank_csv (const char *stem);
//  The key of a question of ex_bank_csv from its code: "A".."D", "AC"/"BD", "T"/"F" (as a
//  person answers true/false; the stored key is A or B).
const char *ex_key (const char *code);
//  A wrong answer to the same question.
const char *ex_wrong (const char *code);

//  Imports csv into the bank of unit (a full code; "" = the actor's); *result (may be NULL) gets the
//  result whenever the reply carries one.
sf_status_t ex_import (sf_rpc_client_t *client, const char *unit, const char *csv,
                       Training__ExamImportResult **result);

//  Creates blueprint code for unit (a full code) with the parts "category:type:count;..."
//  (type single, multiple, true_false or any) and the limits given (0: the rules').
sf_status_t ex_blueprint (sf_rpc_client_t *client, const char *code, const char *unit, const char *parts,
                          int minutes, int pass_percent, int attempts, Training__ExamBlueprint **blueprint);

//  Starts an attempt at blueprint for employee (a full code, "" = one's own).
sf_status_t ex_start (sf_rpc_client_t *client, const char *blueprint, const char *employee, const char *key,
                      Training__ExamPaper **paper);

//  Submits an answer to every question of paper: right ones for the first right questions, wrong ones
//  for the rest.
sf_status_t ex_submit (sf_rpc_client_t *client, const Training__ExamPaper *paper, size_t right, const char *key,
                       Training__ExamResult **result);

//  Events of type in the outbox.
int64_t ex_count_events (ex_stack_t *stack, const char *type);

//  The payload of the outbox row's event as type (sf_pb_destroy).
void *ex_payload (sf_rows_t *rows, int row, int column, const ProtobufCMessageDescriptor *type);

#endif
