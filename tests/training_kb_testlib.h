/*  training_kb_testlib: what the black-box tests of the knowledge base share: a directory and
    a training daemon on a stream prefix of their own, with an org of two plants; clients
    acting as accounts of the daemon's org copy; one-line article commands.                 */
#ifndef TRAINING_KB_TESTLIB_H_INCLUDED
#define TRAINING_KB_TESTLIB_H_INCLUDED

#include "directory_testlib.h"
#include "training_kb.pb-c.h"
#include "training_kb_names.h"

#define TK_TRAINING_BINARY "services/training/sf-training"

typedef struct {
    char *prefix;                //  stream prefix and schema stem of this test
    char *directory_schema;
    char *schema;
    sf_test_daemon_t directory;
    sf_test_daemon_t daemon;
    sf_rpc_client_t *service;    //  the directory, as the service
    sf_db_t *db;                 //  on the training schema
} tk_stack_t;

//  Starts both daemons (training with extra_env, may be NULL) and builds, with p the
//  tree_prefix: company pC with an office pH (a department in no plant); plant pP with
//  department pD, team pT, post pS (dt_build_tree); plant pQ with department pQD, team pQT,
//  post pQS. Returns once the training daemon's org copy holds every unit.
void tk_stack_start (tk_stack_t *stack, const char *name, const char *tree_prefix, const char *extra_env);
void tk_stack_stop (tk_stack_t *stack);

//  A client of the training daemon acting as user, an account of its org copy holding each of
//  roles on unit (sf_test_account; roles "" for none: the worker it is then on no unit).
sf_rpc_client_t *tk_client (tk_stack_t *stack, const char *user, const char *roles, const char *unit);

//  Sends request (dt_ask: a refusal must say why in both languages). When reply_p is not
//  NULL and the reply is OK, *reply_p (the address of a pointer to the generated type) is
//  the body as reply_type (sf_pb_destroy). Returns the status.
sf_status_t tk_call (sf_rpc_client_t *client, const ProtobufCMessage *request,
                     const ProtobufCMessageDescriptor *reply_type, void *reply_p);

//  Creates an article kept by owner; tags and posts are "|"-separated (NULL: none).
//  *article (may be NULL) gets it when OK. Returns the status.
sf_status_t tk_create (sf_rpc_client_t *client, const char *owner, int category, const char *title,
                       const char *body, const char *tags, const char *posts, Training__Article **article);

//  Searches (category 0: all; post NULL: any; limit 0: the default). *result gets the answer
//  when OK. Returns the status.
sf_status_t tk_search (sf_rpc_client_t *client, const char *query, int category, const char *post, int limit,
                       Training__ArticleSearchResult **result);

//  The split of text at "|" into a fresh array (each item and the array freed by the caller
//  with tk_strings_free); *count the items. NULL or "" gives none.
char **tk_strings (const char *text, size_t *count);
void tk_strings_free (char **items, size_t count);

#endif
