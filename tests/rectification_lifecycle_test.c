/*  A feedback form's whole life through the daemon, every illegal transition and wrong
    actor refused with both reasons and nothing changed, the major-hazard plan, a retried
    command, and bad input.                                                                */
#include "rectification_testlib.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

#define FORM_COUNT(stack) sf_test_scalar ((stack)->db, "SELECT count(*) FROM form", NULL)

static const ProtobufCMessageDescriptor *const s_transitions [] = {
    &rectification__acknowledge_form__descriptor, &rectification__start_rectification__descriptor,
    &rectification__submit_evidence__descriptor, &rectification__verify_form__descriptor,
    &rectification__reject_form__descriptor, &rectification__cancel_form__descriptor,
    &rectification__record_plan__descriptor
};

static Rectification__Evidence *
s_evidence (const char *text)
{
    Rectification__Evidence *evidence = sf_pb_new (&rectification__evidence__descriptor);
    sf_pb_set (&evidence->text, text);
    return evidence;
}

//  A major hazard's plan, whole.
static Rectification__Plan *
s_plan (void)
{
    Rectification__Plan *plan = sf_pb_new (&rectification__plan__descriptor);
    sf_pb_set (&plan->measures, "更换");
    sf_pb_set (&plan->responsible_person, "王工");
    plan->funds_fen = 100;
    sf_pb_set (&plan->interim_measures, "巡检");
    sf_pb_set (&plan->emergency_plan_ref, "YA-01");
    return plan;
}

//  Every transition but the legal ones (by index into s_transitions) is refused on number,
//  with failed_precondition and nothing written.
static void
s_check_illegal (rt_stack_t *stack, sf_rpc_client_t *boss, const char *number, const char *legal)
{
    int64_t events = sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox", NULL);
    int64_t version = sf_test_scalar (stack->db, "SELECT version FROM form WHERE number = $1", number);
    for (int i = 0; i < 7; i++) {
        if (strchr (legal, '0' + i))
            continue;
        ProtobufCMessage *request = rt_request (s_transitions [i], number, "原因");
        if (request->descriptor == &rectification__submit_evidence__descriptor)
            ((Rectification__SubmitEvidence *) request)->evidence = s_evidence ("已整改");
        if (request->descriptor == &rectification__record_plan__descriptor)
            ((Rectification__RecordPlan *) request)->plan = s_plan ();
        sf_reply_t reply;
        SF_CHECK (rt_call (boss, request, NULL, &reply) == SF_FAILED_PRECONDITION);
        SF_CHECK (strstr (reply.reason_en, number) && strstr (reply.reason_zh, number));
        sf_reply_clear (&reply);
        sf_pb_destroy (&request);
    }
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox", NULL) == events);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT version FROM form WHERE number = $1", number) == version);
}

static void
s_lifecycle (rt_stack_t *stack)
{
    //  The plant's safety officer issues to the team; the team's leader rectifies; the
    //  department head above the team holds both sides' roles, so the side checks decide.
    sf_rpc_client_t *issuer = rt_client (stack, "officer", "safety_officer", "lcP");
    sf_rpc_client_t *head = rt_client (stack, "head", "department_head", "lcD");
    sf_rpc_client_t *leader = rt_client (stack, "leader", "team_leader", "lcT");
    sf_rpc_client_t *boss = rt_client (stack, "boss", "admin", "lcC");
    Rectification__Form *form;
    SF_CHECK (rt_issue (issuer, "lcT", 1, "机床防护罩缺失", "H1", 0, &form) == SF_OK);
    SF_CHECK (strncmp (form->number, "lcP-R20", 7) == 0 && strlen (form->number) == strlen ("lcP-R2026-000001"));
    SF_CHECK (form->status == RECTIFICATION__FORM_STATUS__FORM_ISSUED && form->pdca == RECTIFICATION__PDCA__PDCA_PLAN
              && form->finding_id == 0);
    SF_CHECK_STR (form->issuer_unit, "lcP");
    SF_CHECK (form->deadline_ms > form->issued_ms + 14 * RT_DAY_MS);
    char *number = strdup (form->number);
    sf_pb_destroy (&form);
    s_check_illegal (stack, boss, number, "056");

    //  Only the responsible side acknowledges: the other department, whose grant covers
    //  neither of the form's units, is refused before the form is looked at.
    sf_rpc_client_t *other = rt_client (stack, "other", "department_head", "lcD2");
    sf_reply_t reply;
    SF_CHECK (rt_move (other, &rectification__acknowledge_form__descriptor, number, "", &reply)
              == SF_PERMISSION_DENIED);
    //  The reason says the form is out of reach, not where it is.
    SF_CHECK (!strstr (reply.reason_en, "lcT") && !strstr (reply.reason_zh, "lcT"));
    SF_CHECK (strstr (reply.reason_en, "outside what your grants cover") && strstr (reply.reason_zh, "授权范围"));
    sf_reply_clear (&reply);
    //  A worker has no role for it at all.
    sf_rpc_client_t *worker = rt_client (stack, "worker", "worker", "lcT");
    SF_CHECK (rt_move (worker, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_PERMISSION_DENIED);

    //  Nor does a unit above the responsible one, nor the issuing side: they do not
    //  rectify on its behalf, whatever their roles.
    SF_CHECK (rt_move (head, &rectification__acknowledge_form__descriptor, number, "", &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (strstr (reply.reason_en, "lcT") && strstr (reply.reason_zh, "下级单位"));
    sf_reply_clear (&reply);
    SF_CHECK (rt_move (boss, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_PERMISSION_DENIED);
    //  A note with a control character is refused as bad input, in both languages.
    SF_CHECK (rt_move (leader, &rectification__acknowledge_form__descriptor, number, "收到\x01", &reply)
              == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_zh, "控制字符") && strstr (reply.reason_en, "control characters"));
    sf_reply_clear (&reply);

    SF_CHECK (rt_move (leader, &rectification__acknowledge_form__descriptor, number, "收到", NULL) == SF_OK);
    s_check_illegal (stack, boss, number, "156");
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, number, "", NULL)
              == SF_PERMISSION_DENIED);
    SF_CHECK (rt_move (leader, &rectification__start_rectification__descriptor, number, "", NULL) == SF_OK);
    s_check_illegal (stack, boss, number, "256");
    //  Evidence is required, its references given, few and short enough.
    Rectification__SubmitEvidence submit = RECTIFICATION__SUBMIT_EVIDENCE__INIT;
    submit.number = number;
    SF_CHECK (rt_call (leader, &submit.base, NULL, NULL) == SF_INVALID_ARGUMENT);
    Rectification__Evidence evidence = RECTIFICATION__EVIDENCE__INIT;
    evidence.text = (char *) "已加装防护罩";
    char *attachments [21] = { (char *) "" };
    evidence.attachments = attachments;
    evidence.n_attachments = 1;
    submit.evidence = &evidence;
    SF_CHECK (rt_call (leader, &submit.base, NULL, NULL) == SF_INVALID_ARGUMENT);
    for (int i = 0; i < 21; i++)
        attachments [i] = (char *) "photos/x.jpg";
    evidence.n_attachments = 21;
    SF_CHECK (rt_call (leader, &submit.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, "at most 20"));
    sf_reply_clear (&reply);
    attachments [0] = (char *) "a\x1f" "b";
    evidence.n_attachments = 1;
    SF_CHECK (rt_call (leader, &submit.base, NULL, NULL) == SF_INVALID_ARGUMENT);
    evidence.n_attachments = 0;
    SF_CHECK (rt_call (head, &submit.base, NULL, NULL) == SF_PERMISSION_DENIED);
    evidence.cost_fen = 150000;
    attachments [0] = (char *) "photos/after.jpg";
    evidence.n_attachments = 1;
    SF_CHECK (rt_call (leader, &submit.base, &form, NULL) == SF_OK);
    SF_CHECK (form->status == RECTIFICATION__FORM_STATUS__FORM_SUBMITTED && form->pdca == RECTIFICATION__PDCA__PDCA_CHECK
              && form->evidence);
    SF_CHECK_STR (form->evidence->submitted_by, "leader");
    SF_CHECK (form->evidence->n_attachments == 1 && form->evidence->cost_fen == 150000);
    sf_pb_destroy (&form);
    s_check_illegal (stack, boss, number, "345");

    //  The responsible side cannot verify its own work, even with the role.
    SF_CHECK (rt_move (head, &rectification__verify_form__descriptor, number, "", &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (strstr (reply.reason_zh, "下发方") && strstr (reply.reason_en, "issuing side"));
    sf_reply_clear (&reply);
    //  Rejected back; a reason is required.
    SF_CHECK (rt_move (issuer, &rectification__reject_form__descriptor, number, "", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (rt_move (issuer, &rectification__reject_form__descriptor, number, "照片不清楚", NULL) == SF_OK);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT status FROM form WHERE number = $1", number)
              == RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION);
    evidence.text = (char *) "已加装防护罩，附清晰照片";
    SF_CHECK (rt_call (leader, &submit.base, NULL, NULL) == SF_OK);
    Rectification__VerifyForm verify = RECTIFICATION__VERIFY_FORM__INIT;
    verify.number = number;
    verify.note = (char *) "合格";
    SF_CHECK (rt_call (issuer, &verify.base, &form, NULL) == SF_OK);
    SF_CHECK (form->status == RECTIFICATION__FORM_STATUS__FORM_CLOSED && form->pdca == RECTIFICATION__PDCA__PDCA_ACT
              && form->rejections == 1 && form->closed_ms > 0);
    SF_CHECK_STR (form->verified_by, "officer");
    sf_pb_destroy (&form);
    s_check_illegal (stack, boss, number, "");

    static const char *types [] = {
        "rectification.form_issued", "rectification.form_acknowledged", "rectification.rectification_started",
        "rectification.form_rejected", "rectification.form_closed"
    };
    for (int i = 0; i < 5; i++)
        SF_CHECK (rt_count_events (stack, types [i]) == 1);
    SF_CHECK (rt_count_events (stack, "rectification.form_submitted") == 2);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM form_history WHERE form_id ="
                              " (SELECT id FROM form WHERE number = $1)", number) == 7);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM sf_deadlines WHERE subject ="
                              " (SELECT id::text FROM form WHERE number = $1)", number) == 0);
    //  The relay publishes to this test's own stream.
    SF_CHECK (dt_wait_published (stack->db, 10000));

    //  Nobody verifies what they submitted: one person who holds a post in the team and one
    //  at the plant issues a form to the team, may not rectify it for the plant, rectifies it
    //  for the team, and then tries to verify it for the plant.
    sf_rpc_client_t *both = rt_client (stack, "both", "plant_safety_manager", "lcP");
    sf_rpc_client_t *both_team = rt_client (stack, "both", "team_leader", "lcT2");
    SF_CHECK (rt_issue (both, "lcT2", 1, "通道堵塞", NULL, 0, &form) == SF_OK);
    free (number);
    number = strdup (form->number);
    sf_pb_destroy (&form);
    SF_CHECK (rt_move (both, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (rt_move (both_team, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_OK);
    SF_CHECK (rt_move (both_team, &rectification__start_rectification__descriptor, number, "", NULL) == SF_OK);
    submit.number = number;
    SF_CHECK (rt_call (both_team, &submit.base, NULL, NULL) == SF_OK);
    SF_CHECK (rt_move (both, &rectification__verify_form__descriptor, number, "", &reply) == SF_FAILED_PRECONDITION);
    SF_CHECK (strstr (reply.reason_en, "verifier cannot be the rectifier"));
    sf_reply_clear (&reply);
    //  Cancel needs an authorised role and a reason.
    SF_CHECK (rt_move (issuer, &rectification__cancel_form__descriptor, number, "重复下发", NULL)
              == SF_PERMISSION_DENIED);
    SF_CHECK (rt_move (boss, &rectification__cancel_form__descriptor, number, "", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (rt_move (boss, &rectification__cancel_form__descriptor, number, "重复下发", NULL) == SF_OK);
    SF_CHECK (rt_count_events (stack, "rectification.form_cancelled") == 1);
    //  A cancelled form takes no command at all.
    s_check_illegal (stack, boss, number, "");
    free (number);
    sf_rpc_client_destroy (&both_team);
    sf_rpc_client_destroy (&both);
    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&other);
    sf_rpc_client_destroy (&boss);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&issuer);
}

static void
s_major_hazard (rt_stack_t *stack)
{
    sf_rpc_client_t *issuer = rt_client (stack, "ehs", "ehs", "lcC");
    sf_rpc_client_t *head = rt_client (stack, "head2", "department_head", "lcD2");
    Rectification__Form *form;
    SF_CHECK (rt_issue (issuer, "lcD2", 2, "储罐区可燃气体报警器失效", "H9", 0, &form) == SF_OK);
    SF_CHECK (form->deadline_ms > form->issued_ms + 59 * RT_DAY_MS);
    //  Numbered in the plant of the responsible unit, whoever issued it.
    SF_CHECK (strncmp (form->number, "lcP-R", 5) == 0);
    char *number = strdup (form->number);
    int64_t deadline = form->deadline_ms;
    sf_pb_destroy (&form);
    SF_CHECK (rt_move (head, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_OK);
    sf_reply_t reply;
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, number, "", &reply)
              == SF_FAILED_PRECONDITION);
    SF_CHECK (strstr (reply.reason_zh, "治理措施") && strstr (reply.reason_zh, "应急预案"));
    SF_CHECK (strstr (reply.reason_en, "funds") && strstr (reply.reason_en, "interim control measures"));
    sf_reply_clear (&reply);
    Rectification__Plan plan = RECTIFICATION__PLAN__INIT;
    plan.measures = (char *) "更换报警器";
    plan.responsible_unit = (char *) "lcD2";
    plan.responsible_person = (char *) "王工";
    plan.time_limit_ms = deadline - RT_DAY_MS;
    plan.interim_measures = (char *) "人工巡检每2小时一次";
    Rectification__RecordPlan record = RECTIFICATION__RECORD_PLAN__INIT;
    record.number = number;
    record.plan = &plan;
    SF_CHECK (rt_call (head, &record.base, NULL, &reply) == SF_FAILED_PRECONDITION);
    SF_CHECK (strstr (reply.reason_en, "funds (CNY), emergency plan reference"));
    sf_reply_clear (&reply);
    plan.funds_fen = 5000000;
    plan.emergency_plan_ref = (char *) "YA-03";
    plan.time_limit_ms = deadline + RT_DAY_MS;
    SF_CHECK (rt_call (head, &record.base, NULL, NULL) == SF_INVALID_ARGUMENT);
    plan.time_limit_ms = deadline - RT_DAY_MS;
    plan.responsible_unit = (char *) "nowhere";
    SF_CHECK (rt_call (head, &record.base, NULL, NULL) == SF_NOT_FOUND);
    plan.responsible_unit = (char *) "lcD2";
    SF_CHECK (rt_count_events (stack, "rectification.plan_recorded") == 0);
    SF_CHECK (rt_call (head, &record.base, &form, NULL) == SF_OK);
    SF_CHECK (form->plan && form->plan->funds_fen == 5000000);
    sf_pb_destroy (&form);
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, number, "", NULL) == SF_OK);
    SF_CHECK (rt_count_events (stack, "rectification.plan_recorded") == 1);
    free (number);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&issuer);
}

//  A command retried with its idempotency key takes effect once and answers the same.
static void
s_idempotency (rt_stack_t *stack)
{
    sf_rpc_client_t *issuer = rt_client (stack, "officer", "safety_officer", "lcP");
    Rectification__IssueForm issue = RECTIFICATION__ISSUE_FORM__INIT;
    issue.responsible_unit = (char *) "lcT";
    issue.severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
    issue.description = (char *) "护栏松动";
    issue.requirement = (char *) "紧固";
    int64_t forms = FORM_COUNT (stack);
    Rectification__Form *answers [2];
    sf_reply_t reply;
    for (int attempt = 0; attempt < 2; attempt++) {
        SF_CHECK (sf_rpc_client_call_message (issuer, &issue.base, "lc-retry-1", &reply) == SF_OK);
        answers [attempt] = dt_body (&reply, &rectification__form__descriptor);
        sf_reply_clear (&reply);
    }
    SF_CHECK_STR (answers [0]->number, answers [1]->number);
    SF_CHECK (FORM_COUNT (stack) == forms + 1);
    sf_pb_destroy (&answers [0]);
    sf_pb_destroy (&answers [1]);
    sf_rpc_client_destroy (&issuer);
}

//  count characters of Chinese text. Caller frees.
static char *
s_chinese (int count)
{
    char *text = malloc ((size_t) count * 3 + 1);
    for (int i = 0; i < count; i++)
        memcpy (text + i * 3, "隐", 3);
    text [count * 3] = 0;
    return text;
}

static void
s_bad_input (rt_stack_t *stack)
{
    sf_rpc_client_t *issuer = rt_client (stack, "officer", "safety_officer", "lcP");
    int64_t forms = FORM_COUNT (stack);
    sf_reply_t reply;
    Rectification__Form *reply_form;
    Rectification__IssueForm issue = RECTIFICATION__ISSUE_FORM__INIT;
    issue.responsible_unit = (char *) "lcT";
    issue.severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
    issue.description = (char *) "x";
    issue.requirement = (char *) "y";
    issue.deadline_ms = 1000;
    SF_CHECK (rt_call (issuer, &issue.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, "in the past") && strstr (reply.reason_zh, "已经过去"));
    SF_CHECK (strstr (reply.reason_en, "1970-01-01 08:00 (UTC+8)"));
    sf_reply_clear (&reply);
    SF_CHECK (rt_issue (issuer, "ghost", 1, "x", NULL, 0, NULL) == SF_NOT_FOUND);
    SF_CHECK (rt_issue (issuer, "lcT", 3, "x", NULL, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (rt_issue (issuer, "lcT", 1, "", NULL, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (rt_issue (issuer, "lcT", 1, "\xe5\xae", NULL, 0, NULL) == SF_INVALID_ARGUMENT);
    //  Limits count characters: 2000 Chinese ones (6000 bytes) fit, 2001 do not.
    char *long_text = s_chinese (2001);
    SF_CHECK (rt_issue (issuer, "lcT", 1, long_text, NULL, 0, &reply_form) == SF_INVALID_ARGUMENT);
    issue.description = long_text;
    issue.deadline_ms = 0;
    SF_CHECK (rt_call (issuer, &issue.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, "2001 characters, at most 2000") && strstr (reply.reason_zh, "2001 个字符"));
    sf_reply_clear (&reply);
    long_text [strlen (long_text) - 3] = 0;
    SF_CHECK (rt_issue (issuer, "lcT", 1, long_text, NULL, 0, &reply_form) == SF_OK);
    SF_CHECK (strlen (reply_form->description) == 6000);
    sf_pb_destroy (&reply_form);
    forms++;
    free (long_text);
    issue.description = (char *) "x";
    //  Listing an unknown unit is refused (no grant covers it), not an empty list.
    Rectification__ListForms list = RECTIFICATION__LIST_FORMS__INIT;
    list.unit_code = (char *) "ghost";
    SF_CHECK (rt_call (issuer, &list.base, NULL, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (strstr (reply.reason_en, "ghost") && strstr (reply.reason_zh, "ghost"));
    sf_reply_clear (&reply);
    //  Issuing in the name of another branch.
    issue.issuer_unit = (char *) "lcD2";
    sf_rpc_client_t *head = rt_client (stack, "head", "department_head", "lcD");
    SF_CHECK (rt_call (head, &issue.base, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (rt_move (issuer, &rectification__acknowledge_form__descriptor, "lcP-R1999-000001", "", NULL)
              == SF_NOT_FOUND);
    SF_CHECK (rt_move (issuer, &rectification__acknowledge_form__descriptor, "", "", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (sf_rpc_client_call (issuer, "rectification.IssueForm", (const uint8_t *) "\xff\xff", 2, NULL, &reply) == 0);
    SF_CHECK (reply.status == SF_MALFORMED);
    sf_reply_clear (&reply);
    SF_CHECK (FORM_COUNT (stack) == forms);
    SF_CHECK (sf_test_daemon_healthy (&stack->daemon, 2000));
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&issuer);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rlc", "lc", NULL);
    s_lifecycle (&stack);
    s_major_hazard (&stack);
    s_idempotency (&stack);
    s_bad_input (&stack);
    rt_stack_stop (&stack);
    return 0;
}
