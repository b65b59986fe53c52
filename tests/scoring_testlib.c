/*  scoring_testlib: helpers of the black-box scoring tests (scoring_testlib.h).            */
#include "scoring_testlib.h"
#include "stream_testlib.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *
sc_code (const sc_stack_t *stack, const char *suffix)
{
    return it_code (&stack->base, suffix);
}

static sf_rpc_client_t *
s_client (sc_stack_t *stack, const char *login, const char *employee, const char *roles, const char *unit)
{
    char person [96];
    snprintf (person, sizeof person, "%s", sc_code (stack, employee));
    sf_test_employee_account (stack->schema, login, person, roles, sc_code (stack, unit));
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->scoring);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

//  The scoring daemon, its business clock frozen at now_ms from the start (0: real time).
static void
s_scoring_start (sc_stack_t *stack, int64_t now_ms)
{
    char env [1024];
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_CONSUMER_CLAIM_IDLE_MS=1000"
              " SF_INSPECTION_ENDPOINT=%s SF_SCORING_TIME_ZONE=Asia/Shanghai", stack->base.prefix,
              stack->base.inspection.endpoint);
    sf_test_daemon_start_at (&stack->scoring, SCORING_BINARY, stack->schema, env, now_ms);
}

void
sc_stack_start (sc_stack_t *stack, const char *name)
{
    sc_stack_start_at (stack, name, 0);
}

void
sc_stack_start_at (sc_stack_t *stack, const char *name, int64_t now_ms)
{
    memset (stack, 0, sizeof *stack);
    it_stack_start (&stack->base, name);
    if (now_ms)
        it_set_clock (&stack->base, now_ms);
    snprintf (stack->schema, sizeof stack->schema, "%s_scor", stack->base.prefix);
    s_scoring_start (stack, now_ms);
    stack->db = sf_test_db_session (stack->schema);
    it_wait_unit (stack->db, sc_code (stack, "D2T3E2"));
    stack->ehs = s_client (stack, "ehs", "HQ", "ehs", "C");
    stack->manager = s_client (stack, "manager", "P", "plant_safety_manager", "P");
    stack->officer = s_client (stack, "officer", "D1T2E2", "safety_officer", "D1");
    stack->head = s_client (stack, "head", "D1T3E1", "department_head", "D1");
    stack->leader = s_client (stack, "leader", "D1T1E1", "team_leader", "D1T1");
    stack->worker = s_client (stack, "worker", "D1T1E2", "worker", "D1T1S");
    stack->other = s_client (stack, "other", "D2T1E2", "worker", "D2T1S");
}

void
sc_scoring_restart (sc_stack_t *stack)
{
    sf_test_daemon_restart (&stack->scoring);
}

void
sc_stack_stop (sc_stack_t *stack)
{
    sf_rpc_client_t **clients [] = {
        &stack->ehs, &stack->manager, &stack->officer, &stack->head, &stack->leader, &stack->worker, &stack->other
    };
    for (size_t i = 0; i < sizeof clients / sizeof clients [0]; i++)
        sf_rpc_client_destroy (clients [i]);
    sf_db_destroy (&stack->db);
    if (stack->scoring.pid > 0)
        sf_test_daemon_stop (&stack->scoring, SIGTERM);
    it_stack_stop (&stack->base);
}

void
sc_set_clock (sc_stack_t *stack, int64_t now_ms)
{
    it_set_clock (&stack->base, now_ms);
    sf_test_daemon_set_clock (&stack->scoring, now_ms);
}

const char *
sc_publish (sc_stack_t *stack, const char *topic, const char *event_id, const char *type,
            const char *aggregate_type, const char *aggregate_id, const char *plant, int64_t occurred_ms,
            const ProtobufCMessage *payload)
{
    return st_publish (stack->base.prefix, topic, event_id, type, aggregate_type, aggregate_id, plant, occurred_ms,
                       payload);
}

void
sc_wait (sc_stack_t *stack, const char *sql, const char *param, int64_t count, int timeout_ms)
{
    int64_t last = -1;
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        last = sf_test_scalar (stack->db, sql, param);
        if (last == count)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "sc_wait: %s answered %lld, not %lld; the scoring daemon's log %s ends:\n", sql,
             (long long) last, (long long) count, stack->scoring.log_path);
    sf_test_sh ("tail -n 40 '%s' >&2", stack->scoring.log_path);
    SF_CHECK (false);
}

int64_t
sc_utc_ms (const char *when)
{
    struct tm tm = { 0 };
    SF_CHECK (sscanf (when, "%d-%d-%d %d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) == 5);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t) timegm (&tm) * 1000;
}

void *
sc_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key, sf_status_t status,
         const ProtobufCMessageDescriptor *descriptor, char **reason_zh, char **reason_en)
{
    sf_reply_t reply = { 0 };
    sf_status_t got = sf_rpc_client_call_message (client, request, key, &reply);
    if (got != status) {
        fprintf (stderr, "%s: status %d, expected %d: %s / %s\n", request->descriptor->name, (int) got, (int) status,
                 reply.reason_zh? reply.reason_zh: "", reply.reason_en? reply.reason_en: "");
        SF_CHECK (false);
    }
    void *message = NULL;
    if (status == SF_OK) {
        if (descriptor) {
            message = protobuf_c_message_unpack (descriptor, NULL, reply.body_size, reply.body);
            SF_CHECK (message);
        }
    }
    else {
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
        printf ("  refused as expected: %s / %s\n", reply.reason_zh, reply.reason_en);
        if (reason_zh)
            *reason_zh = strdup (reply.reason_zh);
        if (reason_en)
            *reason_en = strdup (reply.reason_en);
    }
    sf_reply_clear (&reply);
    return message;
}

int64_t
sc_entry (sc_stack_t *stack, const sc_entry_t *entry)
{
    char points [24], origin [8], parent [24], level [8], occurred [24];
    snprintf (points, sizeof points, "%" PRId64, entry->points);
    snprintf (origin, sizeof origin, "%d", entry->origin);
    snprintf (parent, sizeof parent, "%" PRId64, entry->parent);
    snprintf (level, sizeof level, "%d", entry->level);
    snprintf (occurred, sizeof occurred, "%" PRId64, entry->occurred_ms);
    char codes [5][96];
    const char *suffixes [] = { "P", entry->person, entry->unit, entry->team, entry->department };
    for (int i = 0; i < 5; i++)
        snprintf (codes [i], sizeof codes [i], "%s", suffixes [i] && *suffixes [i]? sc_code (stack, suffixes [i]): "");
    const char *values [] = {
        codes [0], entry->month, codes [1], codes [2], codes [3], codes [4], entry->kind, points, origin,
        entry->source_key, parent, level, occurred
    };
    sf_rows_t *rows = sf_db_query (stack->db,
        "INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,"
        " department_code, kind, points, origin, source_key, rule_version, parent_entry_id, cascade_level, factor,"
        " reason_zh, reason_en, occurred_ms, scored_ms)"
        " VALUES ($1, $2, $2, 1, $3, $4, $5, $6, $7, $8::bigint, $9::smallint, $10, 1, nullif ($11::bigint, 0),"
        " $12::smallint, CASE $12 WHEN '1' THEN 0.5 WHEN '2' THEN 0.2 ELSE 0 END, '测试条目', 'test entry',"
        " $13::bigint, $13::bigint) RETURNING id", 13, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}
