/*  rectification_testlib: helpers of the rectification black-box tests.                  */
#include "rectification_testlib.h"
#include "directory_kind.h"
#include "sf_envelope.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

void
rt_wait_unit (rt_stack_t *stack, const char *code)
{
    for (int waited = 0; waited < 20000; waited += 100) {
        if (sf_test_scalar (stack->db, "SELECT count(*) FROM sf_org_node WHERE code = $1", code) == 1)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "unit %s never reached the rectification schema\n", code);
    abort ();
}

void
rt_stack_start (rt_stack_t *stack, const char *name, const char *tree_prefix, const char *extra_env)
{
    memset (stack, 0, sizeof *stack);
    stack->prefix = sf_test_unique (name);
    char schema [64], env [512];
    snprintf (schema, sizeof schema, "%s_dir", stack->prefix);
    stack->directory_schema = strdup (schema);
    snprintf (schema, sizeof schema, "%s_rect", stack->prefix);
    stack->schema = strdup (schema);
    sf_db_t *directory_db = sf_test_db (stack->directory_schema);
    sf_db_destroy (&directory_db);
    stack->db = sf_test_db (stack->schema);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s", stack->prefix);
    sf_test_daemon_start (&stack->directory, DIRECTORY_BINARY, stack->directory_schema, env);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_CONSUMER_CLAIM_IDLE_MS=1000%s%s",
              stack->prefix, extra_env? " ": "", extra_env? extra_env: "");
    sf_test_daemon_start (&stack->daemon, RECTIFICATION_BINARY, stack->schema, env);
    stack->admin = dt_client (&stack->directory);
    dt_build_tree (stack->admin, tree_prefix);
    char code [64], parent [64];
    snprintf (code, sizeof code, "%sD2", tree_prefix);
    snprintf (parent, sizeof parent, "%sP", tree_prefix);
    SF_CHECK (dt_create (stack->admin, DIR_KIND_DEPARTMENT, code, parent, "设备部", NULL, NULL) == SF_OK);
    snprintf (parent, sizeof parent, "%s", code);
    snprintf (code, sizeof code, "%sT2", tree_prefix);
    SF_CHECK (dt_create (stack->admin, DIR_KIND_TEAM, code, parent, "维修班", NULL, NULL) == SF_OK);
    rt_wait_unit (stack, code);
    snprintf (code, sizeof code, "%sS", tree_prefix);
    rt_wait_unit (stack, code);
}

void
rt_stack_stop (rt_stack_t *stack)
{
    sf_rpc_client_destroy (&stack->admin);
    sf_test_daemon_stop (&stack->daemon, SIGTERM);
    sf_test_daemon_stop (&stack->directory, SIGTERM);
    sf_db_destroy (&stack->db);
    free (stack->prefix);
    free (stack->directory_schema);
    free (stack->schema);
}

sf_rpc_client_t *
rt_client (rt_stack_t *stack, const char *user, const char *roles, const char *unit)
{
    sf_rpc_client_t *client = sf_rpc_client_new (stack->daemon.endpoint);
    sf_rpc_client_set_actor (client, user, roles, unit, "");
    return client;
}

sf_status_t
rt_call (sf_rpc_client_t *client, const char *type, const rect_command_t *command, rect_form_t *form,
         sf_reply_t *reply)
{
    size_t size;
    uint8_t *body = rect_command_encode (type, command, &size);
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_rpc_client_call (client, type, body, size, NULL, answer);
    free (body);
    sf_status_t status = answer->status;
    if (form && status == SF_OK)
        SF_CHECK (rect_form_decode (form, answer->body, answer->body_size) == 0);
    if (status != SF_OK)
        SF_CHECK (answer->reason_zh && *answer->reason_zh && answer->reason_en && *answer->reason_en);
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

sf_status_t
rt_issue (sf_rpc_client_t *client, const char *unit, int severity, const char *description,
          const char *hazard_key, int64_t deadline_ms, rect_form_t *form)
{
    rect_command_t command = {
        .issue = {
            .responsible_unit = (char *) unit, .severity = severity, .description = (char *) description,
            .requirement = (char *) "加装防护罩", .hazard_key = (char *) (hazard_key? hazard_key: ""),
            .deadline_ms = deadline_ms, .location = (char *) "一号车间"
        }
    };
    return rt_call (client, "rectification.IssueForm", &command, form, NULL);
}

sf_status_t
rt_move (sf_rpc_client_t *client, const char *type, const char *number, const char *note, sf_reply_t *reply)
{
    rect_command_t command = { .number = (char *) number, .note = (char *) (note? note: "") };
    return rt_call (client, type, &command, NULL, reply);
}

void
rt_feed_finding (rt_stack_t *stack, const rect_finding_t *finding, const char *event_id)
{
    size_t payload_size;
    uint8_t *payload = rect_finding_encode (finding, &payload_size);
    sf_event_t event = {
        .event_id = (char *) event_id, .type = (char *) "inspection.finding_reported",
        .aggregate_type = (char *) "finding", .aggregate_id = finding->number, .aggregate_version = 1,
        .plant = finding->plant_code, .occurred_ms = 1, .trace_id = (char *) "",
        .payload_type = (char *) "inspection.Finding", .payload = payload, .payload_size = payload_size,
        .actor = { .user_id = finding->reporter, .org_node = finding->reporter_unit, .plant = (char *) "" }
    };
    size_t size;
    uint8_t *envelope = sf_event_encode (&event, &size);
    free (payload);
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection", stack->prefix);
    redisContext *redis = redisConnect (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")));
    SF_CHECK (redis && !redis->err);
    redisReply *reply = redisCommand (redis, "XADD %s * id %s type %s plant %s env %b", stream, event_id,
                                      event.type, finding->plant_code, envelope, size);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    freeReplyObject (reply);
    redisFree (redis);
    free (envelope);
}

int64_t
rt_count_events (rt_stack_t *stack, const char *type)
{
    return sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", type);
}

bool
rt_wait_events (rt_stack_t *stack, const char *type, int count, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        if (rt_count_events (stack, type) >= count)
            return true;
        sf_test_sleep_ms (100);
    }
    return false;
}
