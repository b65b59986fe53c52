/*  notify_testlib: helpers of the black-box notifier tests (notify_testlib.h).              */
#include "notify_testlib.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
nt_code (const nt_stack_t *stack, const char *suffix)
{
    return it_code (&stack->base, suffix);
}

static sf_rpc_client_t *
s_client (nt_stack_t *stack, const char *login, const char *employee, const char *roles, const char *unit)
{
    char person [96];
    snprintf (person, sizeof person, "%s", nt_code (stack, employee));
    sf_test_employee_account (stack->schema, login, person, roles, nt_code (stack, unit));
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->notify);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

void
nt_stack_start (nt_stack_t *stack, const char *name, const char *extra_env)
{
    memset (stack, 0, sizeof *stack);
    it_stack_start (&stack->base, name);
    snprintf (stack->schema, sizeof stack->schema, "%s_ntf", stack->base.prefix);
    char env [2048];
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_CONSUMER_CLAIM_IDLE_MS=1000"
              " SF_INSPECTION_ENDPOINT=%s SF_NOTIFY_TIME_ZONE=Asia/Shanghai %s", stack->base.prefix,
              stack->base.inspection.endpoint, extra_env? extra_env: "");
    sf_test_daemon_start (&stack->notify, NOTIFY_BINARY, stack->schema, env);
    stack->db = sf_test_db_session (stack->schema);
    it_wait_unit (stack->db, nt_code (stack, "D2T3E2"));
    stack->ehs = s_client (stack, "ehs", "HQ", "ehs", "C");
    stack->manager = s_client (stack, "manager", "P", "plant_safety_manager", "P");
    stack->officer = s_client (stack, "officer", "D1T2E2", "safety_officer", "D1");
    stack->leader = s_client (stack, "leader", "D1T1E1", "team_leader", "D1T1");
    stack->worker = s_client (stack, "worker", "D1T1E2", "worker", "D1T1S");
}

void
nt_stack_stop (nt_stack_t *stack)
{
    sf_rpc_client_t **clients [] = { &stack->ehs, &stack->manager, &stack->officer, &stack->leader, &stack->worker };
    for (size_t i = 0; i < sizeof clients / sizeof clients [0]; i++)
        sf_rpc_client_destroy (clients [i]);
    sf_db_destroy (&stack->db);
    if (stack->notify.pid > 0)
        sf_test_daemon_stop (&stack->notify, SIGTERM);
    it_stack_stop (&stack->base);
}

void
nt_wait (nt_stack_t *stack, const char *sql, const char *param, int64_t count, int timeout_ms)
{
    int64_t last = -1;
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        last = sf_test_scalar (stack->db, sql, param);
        if (last == count)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "nt_wait: %s answered %lld, not %lld\n", sql, (long long) last, (long long) count);
    SF_CHECK (false);
}
