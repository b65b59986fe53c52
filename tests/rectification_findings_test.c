/*  The contract with the inspection daemon: findings fed to "<prefix>:events:inspection"
    become forms, once per finding however often delivered; a finding on a unit the org copy
    does not know yet waits for it; the same hazard again soon after a close is a recurrence. */
#include "rectification_testlib.h"

#include "sf_clock.h"
#include "sf_pb.h"

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
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    redisReply *reply = redisCommand (redis, "XLEN %s", stream);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
    long long count = reply->integer;
    freeReplyObject (reply);
    redisFree (redis);
    return count;
}

//  A finding as the inspection daemon reports it (sf_pb_destroy).
static Inspection__Finding *
s_finding (int64_t id, const char *unit, const char *hazard_key)
{
    char number [64];
    snprintf (number, sizeof number, "fdP-F2026-%06lld", (long long) id);
    Inspection__Finding *finding = sf_pb_new (&inspection__finding__descriptor);
    finding->id = id;
    sf_pb_set (&finding->number, number);
    sf_pb_set (&finding->description, "配电箱门未关闭");
    sf_pb_set (&finding->location, "二号车间");
    finding->severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    sf_pb_set (&finding->responsible_unit, unit);
    sf_pb_set (&finding->reporter, "patrol");
    sf_pb_set (&finding->plant_code, "fdP");
    sf_pb_set (&finding->hazard_key, hazard_key);
    finding->reported_ms = sf_clock_now_ms ();
    finding->status = INSPECTION__FINDING_STATUS__FINDING_OPEN;
    sf_pb_add_string (&finding->attachments, &finding->n_attachments, "photos/box.jpg");
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
    Inspection__Finding *finding = s_finding (201, "fdT", "");
    char *description = malloc (2500 * 3 + 1);
    for (int i = 0; i < 2500; i++)
        memcpy (description + i * 3, "患", 3);
    description [2500 * 3] = 0;
    sf_pb_set (&finding->description, description);
    free (description);
    finding->reported_ms = sf_clock_now_ms () - 2 * RT_DAY_MS;
    sf_pb_set (&finding->reporter_unit, "fdGone");
    rt_feed_finding (stack, finding, "00000000-0000-4000-8000-000000000201");
    s_wait_form (stack, 201);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT length (description) FROM form WHERE finding_id = 201", NULL) == 2500);
    char reported [32];
    snprintf (reported, sizeof reported, "%lld", (long long) finding->reported_ms);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id = 201 AND issued_ms = $1::bigint"
                              " AND deadline_ms = $1::bigint + 15 * 86400000 AND issuer_unit = 'fdP'", reported) == 1);
    sf_pb_destroy (&finding);

    //  A young finding whose reporter unit is not known yet waits for it.
    finding = s_finding (202, "fdT", "");
    sf_pb_set (&finding->reporter_unit, "fdD3");
    rt_feed_finding (stack, finding, "00000000-0000-4000-8000-000000000202");
    sf_test_sleep_ms (1500);
    SF_CHECK (s_forms_of (stack, 202) == 0);
    SF_CHECK (dt_create (stack->admin, 3, "fdD3", "fdP", "质检部", NULL, NULL) == SF_OK);
    s_wait_form (stack, 202);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id = 202 AND issuer_unit = 'fdD3'",
                              NULL) == 1);
    sf_pb_destroy (&finding);

    //  Reported from another plant's unit: the responsible unit's plant issues; from the
    //  company's own office (above the plants): that office does (README, "Who issues a form
    //  from a finding"). 204 and 205 come in one read (set-based), 206 alone after a unit the
    //  copy learns late (one by one).
    SF_CHECK (dt_create (stack->admin, DIRECTORY__KIND__KIND_PLANT, "fdQ", "fdC", "三厂", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (stack->admin, DIRECTORY__KIND__KIND_DEPARTMENT, "fdQD", "fdQ", "三厂安环部", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (stack->admin, DIRECTORY__KIND__KIND_DEPARTMENT, "fdCE", "fdC", "公司安环部", NULL, NULL) == SF_OK);
    rt_wait_unit (stack, "fdQD");
    rt_wait_unit (stack, "fdCE");
    finding = s_finding (204, "fdT", "");
    sf_pb_set (&finding->reporter_unit, "fdQD");
    rt_feed_finding (stack, finding, "00000000-0000-4000-8000-000000000204");
    sf_pb_destroy (&finding);
    finding = s_finding (205, "fdT", "");
    sf_pb_set (&finding->reporter_unit, "fdCE");
    rt_feed_finding (stack, finding, "00000000-0000-4000-8000-000000000205");
    sf_pb_destroy (&finding);
    finding = s_finding (206, "fdT", "");
    sf_pb_set (&finding->reporter_unit, "fdQT");
    rt_feed_finding (stack, finding, "00000000-0000-4000-8000-000000000206");
    sf_pb_destroy (&finding);
    s_wait_form (stack, 204);
    s_wait_form (stack, 205);
    SF_CHECK (dt_create (stack->admin, DIRECTORY__KIND__KIND_TEAM, "fdQT", "fdQD", "三厂一班", NULL, NULL) == SF_OK);
    s_wait_form (stack, 206);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id IN (204, 206)"
                              " AND issuer_unit = 'fdP' AND plant_code = 'fdP'", NULL) == 2);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form WHERE finding_id = 205 AND issuer_unit = 'fdCE'",
                              NULL) == 1);

    //  A responsible unit still unknown a day after the report: counted, dead-lettered.
    long long dead = s_dead_letters (stack);
    finding = s_finding (203, "fdNever", "");
    finding->reported_ms = sf_clock_now_ms () - 25 * HOUR;
    rt_feed_finding (stack, finding, "00000000-0000-4000-8000-000000000203");
    for (int waited = 0; waited < 30000 && s_dead_letters (stack) == dead; waited += 200)
        sf_test_sleep_ms (200);
    SF_CHECK (s_dead_letters (stack) == dead + 1);
    SF_CHECK (s_forms_of (stack, 203) == 0);
    sf_pb_destroy (&finding);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rfd", "fd", NULL);

    //  Three deliveries of one finding (same event id twice, a relay duplicate with a new
    //  id once): one form, one form_issued.
    Inspection__Finding *finding = s_finding (101, "fdT", "H7");
    rt_feed_finding (&stack, finding, "00000000-0000-4000-8000-000000000101");
    rt_feed_finding (&stack, finding, "00000000-0000-4000-8000-000000000101");
    rt_feed_finding (&stack, finding, "00000000-0000-4000-8000-000000000102");
    SF_CHECK (rt_wait_events (&stack, "rectification.form_issued", 1, 10000));
    sf_test_sleep_ms (1000);
    SF_CHECK (s_forms_of (&stack, 101) == 1);
    SF_CHECK (rt_count_events (&stack, "rectification.form_issued") == 1);
    sf_pb_destroy (&finding);

    //  Other event types on the stream are ignored.
    sf_rpc_client_t *reader = rt_client (&stack, "reader", "worker", "fdP");
    Rectification__GetForm get = RECTIFICATION__GET_FORM__INIT;
    get.id = sf_test_scalar (stack.db, "SELECT id FROM form WHERE finding_id = 101", NULL);
    Rectification__Form *form;
    SF_CHECK (rt_call (reader, &get.base, &form, NULL) == SF_OK);
    SF_CHECK (form->finding_id == 101 && form->status == RECTIFICATION__FORM_STATUS__FORM_ISSUED);
    SF_CHECK_STR (form->finding_number, "fdP-F2026-000101");
    SF_CHECK_STR (form->issuer_unit, "fdP");          //  no reporter unit: the plant issues
    SF_CHECK (form->n_attachments == 1);
    char *number = strdup (form->number);
    sf_pb_destroy (&form);

    //  The form_issued event carries the Form with finding id and number.
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT envelope, stream FROM sf_outbox"
                                   " WHERE event_type = 'rectification.form_issued'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK (strstr (sf_rows_text (rows, 0, 1), ":events:rectification"));
    form = rt_payload (rows, 0, 0, &rectification__form__descriptor);
    sf_rows_destroy (&rows);
    SF_CHECK (form->finding_id == 101);
    SF_CHECK_STR (form->number, number);
    sf_pb_destroy (&form);

    //  A unit the copy does not know yet: retried until the directory's event arrives.
    Inspection__Finding *late = s_finding (102, "fdT9", "");
    rt_feed_finding (&stack, late, "00000000-0000-4000-8000-000000000103");
    sf_test_sleep_ms (1500);
    SF_CHECK (s_forms_of (&stack, 102) == 0);
    SF_CHECK (dt_create (stack.admin, 4, "fdT9", "fdD", "新班组", NULL, NULL) == SF_OK);
    for (int waited = 0; waited < 40000 && s_forms_of (&stack, 102) == 0; waited += 200)
        sf_test_sleep_ms (200);
    SF_CHECK (s_forms_of (&stack, 102) == 1);
    sf_pb_destroy (&late);

    //  Close the first form, then the same hazard on the same unit again: a recurrence.
    sf_rpc_client_t *head = rt_client (&stack, "head", "team_leader", "fdT");
    sf_rpc_client_t *checker = rt_client (&stack, "checker", "plant_safety_manager", "fdP");
    SF_CHECK (rt_move (head, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, number, "", NULL) == SF_OK);
    SF_CHECK (rt_submit (head, number, "已关闭箱门并上锁") == SF_OK);
    SF_CHECK (rt_move (checker, &rectification__verify_form__descriptor, number, "", NULL) == SF_OK);
    Inspection__Finding *again = s_finding (103, "fdT", "H7");
    rt_feed_finding (&stack, again, "00000000-0000-4000-8000-000000000104");
    SF_CHECK (rt_wait_events (&stack, "rectification.recurrence_detected", 1, 10000));
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form f JOIN form o ON o.id = f.recurrence_of"
                              " WHERE f.finding_id = 103 AND o.number = $1", number) == 1);
    SF_CHECK (rt_count_events (&stack, "rectification.form_escalated") == 1);
    sf_pb_destroy (&again);
    //  A different hazard on the same unit is not one.
    Inspection__Finding *other = s_finding (104, "fdT", "H8");
    rt_feed_finding (&stack, other, "00000000-0000-4000-8000-000000000105");
    for (int waited = 0; waited < 10000 && s_forms_of (&stack, 104) == 0; waited += 100)
        sf_test_sleep_ms (100);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form WHERE finding_id = 104 AND recurrence_of IS NULL", NULL) == 1);
    sf_pb_destroy (&other);

    s_edges (&stack);
    free (number);
    sf_rpc_client_destroy (&checker);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&reader);
    rt_stack_stop (&stack);
    return 0;
}
