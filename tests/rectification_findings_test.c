/*  The contract with the inspection daemon: findings fed to "<prefix>:events:inspection"
    become forms, once per finding however often delivered; a finding on a unit the org copy
    does not know yet waits for it; the same hazard again soon after a close is a recurrence. */
#include "rectification_testlib.h"

#include "sf_clock.h"

#include <hiredis/hiredis.h>
#include <stdlib.h>
#include <string.h>

#define HOUR (3600 * 1000LL)

//  Entries on the dead-letter stream of inspection events.
static long long
s_dead_letters (rt_stack_t *stack)
{
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection:dead", stack->prefix);
    redisContext *redis = redisConnect (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")));
    SF_CHECK (redis && !redis->err);
    redisReply *reply = redisCommand (redis, "XLEN %s", stream);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
    long long count = reply->integer;
    freeReplyObject (reply);
    redisFree (redis);
    return count;
}

static rect_finding_t
s_finding (int64_t id, const char *unit, const char *hazard_key)
{
    char number [64];
    snprintf (number, sizeof number, "fdP-F2026-%06lld", (long long) id);
    rect_finding_t finding = {
        .id = id, .number = strdup (number), .description = strdup ("配电箱门未关闭"),
        .location = strdup ("二号车间"), .severity = 1, .responsible_unit = strdup (unit),
        .responsible_person = strdup (""), .reporter = strdup ("patrol"), .reporter_unit = strdup (""),
        .plant_code = strdup ("fdP"), .hazard_key = strdup (hazard_key), .reported_ms = sf_clock_now_ms ()
    };
    rect_strings_add (&finding.attachments, "photos/box.jpg");
    return finding;
}

static int64_t
s_forms_of (rt_stack_t *stack, int64_t finding_id)
{
    char id [32];
    snprintf (id, sizeof id, "%lld", (long long) finding_id);
    return sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id = $1::bigint", id);
}

static void
s_wait_form (rt_stack_t *stack, int64_t finding_id)
{
    for (int waited = 0; waited < 20000 && s_forms_of (stack, finding_id) == 0; waited += 100)
        sf_test_sleep_ms (100);
    SF_CHECK (s_forms_of (stack, finding_id) == 1);
}

//  What inspection accepts is taken whole, counted in characters; the form dates from the
//  report; a reporter unit the copy does not know waits while the finding is young and then
//  gives way to the plant; a responsible unit that never comes is dead-lettered in the end.
static void
s_edges (rt_stack_t *stack)
{
    rect_finding_t finding = s_finding (201, "fdT", "");
    free (finding.description);
    finding.description = malloc (2500 * 3 + 1);
    for (int i = 0; i < 2500; i++)
        memcpy (finding.description + i * 3, "患", 3);
    finding.description [2500 * 3] = 0;
    finding.reported_ms = sf_clock_now_ms () - 2 * RECT_DAY_MS;
    free (finding.reporter_unit);
    finding.reporter_unit = strdup ("fdGone");
    rt_feed_finding (stack, &finding, "00000000-0000-4000-8000-000000000201");
    s_wait_form (stack, 201);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT length (description) FROM form WHERE finding_id = 201", NULL) == 2500);
    char reported [32];
    snprintf (reported, sizeof reported, "%lld", (long long) finding.reported_ms);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id = 201 AND issued_ms = $1::bigint"
                              " AND deadline_ms = $1::bigint + 15 * 86400000 AND issuer_unit = 'fdP'", reported) == 1);
    rect_finding_clear (&finding);

    //  A young finding whose reporter unit is not known yet waits for it.
    finding = s_finding (202, "fdT", "");
    free (finding.reporter_unit);
    finding.reporter_unit = strdup ("fdD3");
    rt_feed_finding (stack, &finding, "00000000-0000-4000-8000-000000000202");
    sf_test_sleep_ms (1500);
    SF_CHECK (s_forms_of (stack, 202) == 0);
    SF_CHECK (dt_create (stack->admin, 3, "fdD3", "fdP", "质检部", NULL, NULL) == SF_OK);
    s_wait_form (stack, 202);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id = 202 AND issuer_unit = 'fdD3'",
                              NULL) == 1);
    rect_finding_clear (&finding);

    //  A responsible unit still unknown a day after the report: counted, dead-lettered.
    long long dead = s_dead_letters (stack);
    finding = s_finding (203, "fdNever", "");
    finding.reported_ms = sf_clock_now_ms () - 25 * HOUR;
    rt_feed_finding (stack, &finding, "00000000-0000-4000-8000-000000000203");
    for (int waited = 0; waited < 30000 && s_dead_letters (stack) == dead; waited += 200)
        sf_test_sleep_ms (200);
    SF_CHECK (s_dead_letters (stack) == dead + 1);
    SF_CHECK (s_forms_of (stack, 203) == 0);
    rect_finding_clear (&finding);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rfd", "fd", NULL);

    //  Three deliveries of one finding (same event id twice, a relay duplicate with a new
    //  id once): one form, one form_issued.
    rect_finding_t finding = s_finding (101, "fdT", "H7");
    rt_feed_finding (&stack, &finding, "00000000-0000-4000-8000-000000000101");
    rt_feed_finding (&stack, &finding, "00000000-0000-4000-8000-000000000101");
    rt_feed_finding (&stack, &finding, "00000000-0000-4000-8000-000000000102");
    SF_CHECK (rt_wait_events (&stack, "rectification.form_issued", 1, 10000));
    sf_test_sleep_ms (1000);
    SF_CHECK (s_forms_of (&stack, 101) == 1);
    SF_CHECK (rt_count_events (&stack, "rectification.form_issued") == 1);
    rect_finding_clear (&finding);

    //  Other event types on the stream are ignored.
    sf_rpc_client_t *reader = rt_client (&stack, "reader", "worker", "fdP");
    rect_command_t get = { .id = sf_test_scalar (stack.db, "SELECT id FROM form WHERE finding_id = 101", NULL) };
    rect_form_t form;
    SF_CHECK (rt_call (reader, "rectification.GetForm", &get, &form, NULL) == SF_OK);
    SF_CHECK (form.finding_id == 101 && form.status == RECT_ISSUED);
    SF_CHECK_STR (form.finding_number, "fdP-F2026-000101");
    SF_CHECK_STR (form.issuer_unit, "fdP");          //  no reporter unit: the plant issues
    SF_CHECK (form.attachments.count == 1);
    char *number = strdup (form.number);
    rect_form_clear (&form);

    //  The form_issued event carries the Form with finding id and number.
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT envelope, stream FROM sf_outbox"
                                   " WHERE event_type = 'rectification.form_issued'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK (strstr (sf_rows_text (rows, 0, 1), ":events:rectification"));
    size_t size;
    uint8_t *envelope = sf_rows_bytes (rows, 0, 0, &size);
    sf_rows_destroy (&rows);
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
    SF_CHECK_STR (event.payload_type, "rectification.Form");
    SF_CHECK (rect_form_decode (&form, event.payload, event.payload_size) == 0);
    SF_CHECK (form.finding_id == 101);
    SF_CHECK_STR (form.number, number);
    rect_form_clear (&form);
    sf_event_clear (&event);
    free (envelope);

    //  A unit the copy does not know yet: retried until the directory's event arrives.
    rect_finding_t late = s_finding (102, "fdT9", "");
    rt_feed_finding (&stack, &late, "00000000-0000-4000-8000-000000000103");
    sf_test_sleep_ms (1500);
    SF_CHECK (s_forms_of (&stack, 102) == 0);
    SF_CHECK (dt_create (stack.admin, 4, "fdT9", "fdD", "新班组", NULL, NULL) == SF_OK);
    for (int waited = 0; waited < 40000 && s_forms_of (&stack, 102) == 0; waited += 200)
        sf_test_sleep_ms (200);
    SF_CHECK (s_forms_of (&stack, 102) == 1);
    rect_finding_clear (&late);

    //  Close the first form, then the same hazard on the same unit again: a recurrence.
    sf_rpc_client_t *head = rt_client (&stack, "head", "team_leader", "fdT");
    sf_rpc_client_t *checker = rt_client (&stack, "checker", "plant_safety_manager", "fdP");
    SF_CHECK (rt_move (head, "rectification.AcknowledgeForm", number, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, "rectification.StartRectification", number, "", NULL) == SF_OK);
    rect_command_t submit = { .number = number, .has_evidence = true, .evidence = { .text = (char *) "已关闭箱门并上锁" } };
    SF_CHECK (rt_call (head, "rectification.SubmitEvidence", &submit, NULL, NULL) == SF_OK);
    SF_CHECK (rt_move (checker, "rectification.VerifyForm", number, "", NULL) == SF_OK);
    rect_finding_t again = s_finding (103, "fdT", "H7");
    rt_feed_finding (&stack, &again, "00000000-0000-4000-8000-000000000104");
    SF_CHECK (rt_wait_events (&stack, "rectification.recurrence_detected", 1, 10000));
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form f JOIN form o ON o.id = f.recurrence_of"
                              " WHERE f.finding_id = 103 AND o.number = $1", number) == 1);
    SF_CHECK (rt_count_events (&stack, "rectification.form_escalated") == 1);
    rect_finding_clear (&again);
    //  A different hazard on the same unit is not one.
    rect_finding_t other = s_finding (104, "fdT", "H8");
    rt_feed_finding (&stack, &other, "00000000-0000-4000-8000-000000000105");
    for (int waited = 0; waited < 10000 && s_forms_of (&stack, 104) == 0; waited += 100)
        sf_test_sleep_ms (100);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form WHERE finding_id = 104 AND recurrence_of IS NULL", NULL) == 1);
    rect_finding_clear (&other);

    s_edges (&stack);
    free (number);
    sf_rpc_client_destroy (&checker);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&reader);
    rt_stack_stop (&stack);
    return 0;
}
