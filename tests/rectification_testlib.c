/*  rectification_testlib: helpers of the rectification black-box tests.                  */
#include "rectification_testlib.h"
#include "sf_envelope.h"
#include "sf_pb.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

void
rt_wait_unit (rt_stack_t *stack, const char *code)
{
    if (dt_wait_copy (stack->db, code, 20000))
        return;
    fprintf (stderr, "unit %s never reached the rectification schema\n", code);
    abort ();
}

void
rt_stack_start (rt_stack_t *stack, const char *name, const char *tree_prefix, const char *extra_env)
{
    memset (stack, 0, sizeof *stack);
    stack->prefix = sf_test_unique (name);
    stack->directory_schema = dt_directory_start (&stack->directory, stack->prefix);
    char schema [64], env [512];
    snprintf (schema, sizeof schema, "%s_rect", stack->prefix);
    stack->schema = strdup (schema);
    stack->db = sf_test_db (stack->schema);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_CONSUMER_CLAIM_IDLE_MS=1000%s%s",
              stack->prefix, extra_env? " ": "", extra_env? extra_env: "");
    sf_test_daemon_start (&stack->daemon, RECTIFICATION_BINARY, stack->schema, env);
    stack->admin = dt_client (&stack->directory);
    dt_build_tree (stack->admin, tree_prefix);
    char code [64], parent [64];
    snprintf (code, sizeof code, "%sD2", tree_prefix);
    snprintf (parent, sizeof parent, "%sP", tree_prefix);
    SF_CHECK (dt_create (stack->admin, DIRECTORY__KIND__KIND_DEPARTMENT, code, parent, "设备部", NULL, NULL) == SF_OK);
    snprintf (parent, sizeof parent, "%s", code);
    snprintf (code, sizeof code, "%sT2", tree_prefix);
    SF_CHECK (dt_create (stack->admin, DIRECTORY__KIND__KIND_TEAM, code, parent, "维修班", NULL, NULL) == SF_OK);
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

void
rt_account (rt_stack_t *stack, const char *user, const char *roles, const char *unit)
{
    sf_test_account (stack->schema, user, roles, unit);
}

sf_rpc_client_t *
rt_client_as (rt_stack_t *stack, const char *user, const char *unit)
{
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->daemon);
    //  The roles a request names count for nothing: the grants decide (sf_rpc_scope.h).
    sf_rpc_client_set_actor (client, user, "", unit, "");
    return client;
}

sf_rpc_client_t *
rt_client (rt_stack_t *stack, const char *user, const char *roles, const char *unit)
{
    rt_account (stack, user, roles, unit);
    return rt_client_as (stack, user, unit);
}

sf_status_t
rt_call (sf_rpc_client_t *client, const ProtobufCMessage *request, Rectification__Form **form, sf_reply_t *reply)
{
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t status = dt_ask (client, request, answer);
    if (form && status == SF_OK) {
        SF_CHECK_STR (answer->type, "rectification.Form");
        *form = dt_body (answer, &rectification__form__descriptor);
    }
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

sf_status_t
rt_issue (sf_rpc_client_t *client, const char *unit, int severity, const char *description,
          const char *hazard_key, int64_t deadline_ms, Rectification__Form **form)
{
    Rectification__IssueForm issue = RECTIFICATION__ISSUE_FORM__INIT;
    issue.responsible_unit = (char *) unit;
    issue.severity = (Rectification__Severity) severity;
    issue.description = (char *) description;
    issue.requirement = (char *) "加装防护罩";
    issue.hazard_key = (char *) (hazard_key? hazard_key: "");
    issue.deadline_ms = deadline_ms;
    issue.location = (char *) "一号车间";
    return rt_call (client, &issue.base, form, NULL);
}

//  Sets the string field called name of message, when it has one.
static void
s_set_text (ProtobufCMessage *message, const char *name, const char *text)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (message->descriptor, name);
    if (field)
        sf_pb_set ((char **) sf_pb_member (message, field), text);
}

ProtobufCMessage *
rt_request (const ProtobufCMessageDescriptor *type, const char *number, const char *note)
{
    ProtobufCMessage *request = sf_pb_new (type);
    s_set_text (request, "number", number);
    s_set_text (request, "note", note);
    s_set_text (request, "reason", note);
    return request;
}

sf_status_t
rt_move (sf_rpc_client_t *client, const ProtobufCMessageDescriptor *type, const char *number, const char *note,
         sf_reply_t *reply)
{
    ProtobufCMessage *request = rt_request (type, number, note);
    sf_status_t status = rt_call (client, request, NULL, reply);
    sf_pb_destroy (&request);
    return status;
}

sf_status_t
rt_submit (sf_rpc_client_t *client, const char *number, const char *text)
{
    Rectification__Evidence evidence = RECTIFICATION__EVIDENCE__INIT;
    evidence.text = (char *) text;
    Rectification__SubmitEvidence submit = RECTIFICATION__SUBMIT_EVIDENCE__INIT;
    submit.number = (char *) number;
    submit.evidence = &evidence;
    return rt_call (client, &submit.base, NULL, NULL);
}

void
rt_feed_finding (rt_stack_t *stack, const Inspection__Finding *finding, const char *event_id)
{
    sf_event_t event = {
        .event_id = (char *) event_id, .type = (char *) "inspection.finding_reported",
        .aggregate_type = (char *) "finding", .aggregate_id = finding->number, .aggregate_version = 1,
        .plant = finding->plant_code, .occurred_ms = 1, .trace_id = (char *) "",
        .actor = { .user_id = finding->reporter, .org_node = finding->reporter_unit, .plant = (char *) "" }
    };
    sf_event_set_payload (&event, &finding->base);
    size_t size;
    uint8_t *envelope = sf_event_encode (&event, &size);
    free (event.payload);
    free (event.payload_type);
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection", stack->prefix);
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    redisReply *reply = redisCommand (redis, "XADD %s * id %s type %s plant %s env %b", stream, event_id,
                                      event.type, finding->plant_code, envelope, size);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    freeReplyObject (reply);
    redisFree (redis);
    free (envelope);
}

void *
rt_payload (sf_rows_t *rows, int row, int column, const ProtobufCMessageDescriptor *type)
{
    size_t size;
    uint8_t *envelope = sf_rows_bytes (rows, row, column, &size);
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
    free (envelope);
    SF_CHECK_STR (event.payload_type, type->name);
    ProtobufCMessage *payload = protobuf_c_message_unpack (type, NULL, event.payload_size, event.payload);
    SF_CHECK (payload);
    sf_event_clear (&event);
    return payload;
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
