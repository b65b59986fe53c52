/*  inspection_testlib: helpers of the inspection black-box tests.                           */
#include "inspection_testlib.h"
#include "sf_envelope.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char s_env [256];

void
it_wait_unit (sf_db_t *db, const char *code)
{
    SF_CHECK (dt_wait_copy (db, code, 15000));
}

static void
s_build_plant (it_stack_t *stack)
{
    const char *p = stack->prefix;
    char code [96], parent [96], name [64];
    snprintf (code, sizeof code, "%sC", p);
    SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_COMPANY, code, "", "测试集团", NULL, NULL) == SF_OK);
    snprintf (parent, sizeof parent, "%sC", p);
    snprintf (code, sizeof code, "%sP", p);
    SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_PLANT, code, parent, "一厂", NULL, NULL) == SF_OK);
    //  A company-level office: a department with no plant.
    snprintf (code, sizeof code, "%sHQ", p);
    SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_DEPARTMENT, code, parent, "安全环保部", NULL,
                         NULL) == SF_OK);
    for (int d = 1; d <= 2; d++) {
        snprintf (parent, sizeof parent, "%sP", p);
        snprintf (code, sizeof code, "%sD%d", p, d);
        snprintf (name, sizeof name, "生产%d部", d);
        SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_DEPARTMENT, code, parent, name, NULL,
                             NULL) == SF_OK);
        for (int t = 1; t <= 3; t++) {
            char team [96], post [112], employee [128];
            snprintf (team, sizeof team, "%sD%dT%d", p, d, t);
            snprintf (name, sizeof name, "%d部%d班", d, t);
            SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_TEAM, team, code, name, NULL, NULL) == SF_OK);
            snprintf (post, sizeof post, "%sS", team);
            SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_POST, post, team, "操作岗", NULL, NULL) == SF_OK);
            for (int e = 1; e <= 2; e++) {
                snprintf (employee, sizeof employee, "%sE%d", team, e);
                SF_CHECK (dt_create (stack->org_admin, DIRECTORY__KIND__KIND_EMPLOYEE, employee, post, "员工", NULL,
                                     NULL) == SF_OK);
            }
        }
    }
    snprintf (code, sizeof code, "%sD2T3E2", p);
    it_wait_unit (stack->db, code);
}

const char *
it_code (const it_stack_t *stack, const char *suffix)
{
    static char buffers [8][96];
    static int next;
    char *buffer = buffers [next++ % 8];
    snprintf (buffer, sizeof buffers [0], "%s%s", stack->prefix, suffix);
    return buffer;
}

void
it_stack_start (it_stack_t *stack, const char *name)
{
    memset (stack, 0, sizeof *stack);
    stack->prefix = sf_test_unique (name);
    snprintf (s_env, sizeof s_env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_CONSUMER_CLAIM_IDLE_MS=1000",
              stack->prefix);
    char schema [64];
    snprintf (schema, sizeof schema, "%s_dir", stack->prefix);
    sf_test_daemon_start (&stack->directory, DIRECTORY_BINARY, schema, s_env);
    snprintf (schema, sizeof schema, "%s_insp", stack->prefix);
    sf_test_daemon_start (&stack->inspection, INSPECTION_BINARY, schema, s_env);
    stack->db = sf_test_db_session (schema);
    stack->org_admin = dt_client (&stack->directory);
    s_build_plant (stack);
    stack->admin = it_client (stack, "admin", "admin", "");
}

void
it_rectification_start (it_stack_t *stack)
{
    if (!stack->rectification_schema [0]) {
        snprintf (stack->rectification_schema, sizeof stack->rectification_schema, "%s_rect", stack->prefix);
        sf_test_daemon_start (&stack->rectification, RECTIFICATION_DAEMON_BINARY, stack->rectification_schema, s_env);
    }
    else
        sf_test_daemon_restart (&stack->rectification);
}

void
it_stack_stop (it_stack_t *stack)
{
    sf_rpc_client_destroy (&stack->org_admin);
    sf_rpc_client_destroy (&stack->admin);
    sf_test_daemon_stop (&stack->rectification, SIGTERM);
    sf_test_daemon_stop (&stack->inspection, SIGTERM);
    sf_test_daemon_stop (&stack->directory, SIGTERM);
    sf_db_destroy (&stack->db);
    free (stack->prefix);
}

sf_rpc_client_t *
it_client (it_stack_t *stack, const char *user, const char *roles, const char *unit)
{
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->inspection);
    char schema [64];
    snprintf (schema, sizeof schema, "%s_insp", stack->prefix);
    sf_test_account (schema, user, roles, unit);
    sf_rpc_client_set_actor (client, user, roles, unit, "");
    return client;
}

void
it_set_clock (it_stack_t *stack, int64_t now_ms)
{
    sf_test_daemon_set_clock (&stack->inspection, now_ms);
    if (stack->rectification.pid > 0)
        sf_test_daemon_set_clock (&stack->rectification, now_ms);
}

bool
it_wait_count (sf_db_t *db, const char *sql, const char *param, int64_t count, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        if (sf_test_scalar (db, sql, param) >= count)
            return true;
        sf_test_sleep_ms (100);
    }
    return false;
}

int64_t
it_task_id (it_stack_t *stack, const char *unit, Inspection__TaskKind kind, const char *date, int shift_no)
{
    char sql [512];
    snprintf (sql, sizeof sql,
              "SELECT coalesce (max (id), 0) FROM task WHERE target_unit = $1 AND kind = %d "
              "AND shift_date = '%s' AND shift_no = %d", kind, date, shift_no);
    return sf_test_scalar (stack->db, sql, unit);
}
