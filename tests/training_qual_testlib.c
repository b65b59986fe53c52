/*  training_qual_testlib: helpers of the black-box qual tests.                           */
#include "training_qual_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

const char *
qt_code (qt_stack_t *stack, const char *suffix)
{
    snprintf (stack->code, sizeof stack->code, "%s%s", stack->tree, suffix);
    return stack->code;
}

void
qt_wait_node (qt_stack_t *stack, const char *code, const char *parent)
{
    bool arrived = dt_wait_copy (stack->db, code, 20000);
    if (arrived && parent) {
        //  Under parent: a move reaches a node the copy already holds.
        char sql [160];
        snprintf (sql, sizeof sql, "SELECT count(*) FROM sf_org_node WHERE code = $1 AND parent_code = '%s'", parent);
        arrived = false;
        for (int waited = 0; !arrived && waited < 20000; waited += 50) {
            arrived = sf_test_scalar (stack->db, sql, code) == 1;
            if (!arrived)
                sf_test_sleep_ms (50);
        }
    }
    if (!arrived) {
        fprintf (stderr, "node %s never reached the training schema\n", code);
        abort ();
    }
}

static void
s_create (qt_stack_t *stack, int kind, const char *code, const char *parent, const char *name)
{
    char full [64], parent_full [64];
    snprintf (full, sizeof full, "%s%s", stack->tree, code);
    snprintf (parent_full, sizeof parent_full, "%s%s", stack->tree, parent);
    SF_CHECK (dt_create (stack->service, kind, full, parent_full, name, NULL, NULL) == SF_OK);
}

void
qt_employee (qt_stack_t *stack, const char *code, const char *post)
{
    s_create (stack, DIRECTORY__KIND__KIND_EMPLOYEE, code, post, "张三");
}

void
qt_stack_start (qt_stack_t *stack, const char *name, const char *tree)
{
    memset (stack, 0, sizeof *stack);
    stack->prefix = sf_test_unique (name);
    snprintf (stack->tree, sizeof stack->tree, "%s", tree);
    stack->directory_schema = dt_directory_start (&stack->directory, stack->prefix);
    char schema [64];
    snprintf (schema, sizeof schema, "%s_train", stack->prefix);
    stack->schema = strdup (schema);
    stack->db = sf_test_db (stack->schema);
    snprintf (stack->env, sizeof stack->env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1"
              " SF_CONSUMER_CLAIM_IDLE_MS=1000", stack->prefix);
    sf_test_daemon_start (&stack->daemon, QT_TRAINING_BINARY, stack->schema, stack->env);
    stack->service = dt_client (&stack->directory);
    dt_build_tree (stack->service, tree);
    s_create (stack, DIRECTORY__KIND__KIND_POST, "S2", "T", "铣工岗");
    s_create (stack, DIRECTORY__KIND__KIND_TEAM, "T2", "D", "维修班");
    s_create (stack, DIRECTORY__KIND__KIND_POST, "S3", "T2", "电工岗");
    qt_employee (stack, "E1", "S");
    qt_employee (stack, "E2", "S");
    qt_employee (stack, "E3", "S3");
    s_create (stack, DIRECTORY__KIND__KIND_PLANT, "P2", "C", "上海厂区");
    s_create (stack, DIRECTORY__KIND__KIND_DEPARTMENT, "D9", "P2", "生产部");
    s_create (stack, DIRECTORY__KIND__KIND_TEAM, "T9", "D9", "装配班");
    s_create (stack, DIRECTORY__KIND__KIND_POST, "S9", "T9", "装配岗");
    qt_employee (stack, "F1", "S9");
    static const char *const nodes [] = { "S", "S2", "S3", "E1", "E2", "E3", "P2", "S9", "F1" };
    for (size_t i = 0; i < sizeof nodes / sizeof nodes [0]; i++)
        qt_wait_node (stack, qt_code (stack, nodes [i]), NULL);
}

void
qt_stack_stop (qt_stack_t *stack)
{
    sf_rpc_client_destroy (&stack->service);
    sf_test_daemon_stop (&stack->daemon, SIGTERM);
    sf_test_daemon_stop (&stack->directory, SIGTERM);
    sf_test_drop_schema (stack->db, stack->schema);
    sf_db_destroy (&stack->db);
    free (stack->prefix);
    free (stack->directory_schema);
    free (stack->schema);
}

void
qt_account (qt_stack_t *stack, const char *login, const char *roles, const char *unit)
{
    char code [64];
    snprintf (code, sizeof code, "%s%s", stack->tree, unit);
    sf_test_account (stack->schema, login, roles, code);
}

sf_rpc_client_t *
qt_client (qt_stack_t *stack, const char *login)
{
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->daemon);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

sf_status_t
qt_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *reply_type,
         void *body, sf_reply_t *reply)
{
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t status = dt_ask (client, request, answer);
    if (status == SF_OK && body) {
        SF_CHECK_STR (answer->type, reply_type->name);
        *(void **) body = dt_body (answer, reply_type);
    }
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

int64_t
qt_count (qt_stack_t *stack, const char *sql, const char *param)
{
    return sf_test_scalar (stack->db, sql, param);
}

bool
qt_wait_events (qt_stack_t *stack, const char *type, int64_t count, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        if (sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", type) >= count)
            return true;
        sf_test_sleep_ms (100);
    }
    return false;
}
