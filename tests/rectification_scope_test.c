/*  Scope: an account whose grants lie in another plant walks every rectification route
    against plant A's forms, one form in each working state so that only its grants can stop
    it: every command and read of a form is permission_denied before the form's state is
    said, every list, statistics and notice of plant A's units too, its own plant's lists
    are empty, and nothing of plant A changed (forms, history, events, deadlines, keys).
    Then, inside plant A, a grant for the issuing side does not act for the responsible
    side: roles count only where the actor acts.                                          */
#include "rectification_testlib.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

//  What plant A's rows are: a hash of each table's every row (an update changes it).
typedef struct {
    int64_t forms, history, outbox, deadlines, keys;
} s_snapshot_t;

static void
s_snapshot (rt_stack_t *stack, s_snapshot_t *snapshot)
{
    sf_db_t *db = stack->db;
    snapshot->forms = sf_test_scalar (db, "SELECT coalesce (hashtext (string_agg (f::text, ',' ORDER BY id)), 0)"
                                          " FROM form f", NULL);
    snapshot->history = sf_test_scalar (db, "SELECT coalesce (hashtext (string_agg (h::text, ',' ORDER BY h::text)), 0)"
                                            " FROM form_history h", NULL);
    snapshot->outbox = sf_test_scalar (db, "SELECT count(*) FROM sf_outbox", NULL);
    snapshot->deadlines = sf_test_scalar (db, "SELECT coalesce (hashtext (string_agg (d::text, ',' ORDER BY d::text)), 0)"
                                              " FROM sf_deadlines d", NULL);
    snapshot->keys = sf_test_scalar (db, "SELECT count(*) FROM sf_idempotency", NULL);
}

static const ProtobufCMessageDescriptor *const s_transitions [] = {
    &rectification__acknowledge_form__descriptor, &rectification__record_plan__descriptor,
    &rectification__start_rectification__descriptor, &rectification__submit_evidence__descriptor,
    &rectification__verify_form__descriptor, &rectification__reject_form__descriptor,
    &rectification__cancel_form__descriptor
};

//  True when text names no state a form can be in, in either language.
static bool
s_says_no_state (const char *text)
{
    for (int status = RECTIFICATION__FORM_STATUS__FORM_ISSUED; status <= RECTIFICATION__FORM_STATUS__FORM_CANCELLED;
         status++)
        if (strstr (text, rect_status_name (status)) || strstr (text, rect_status_name_zh (status)))
            return false;
    return true;
}

//  request is refused as out of the actor's reach, its reasons saying nothing of the form.
static void
s_denied (sf_rpc_client_t *client, const ProtobufCMessage *request)
{
    sf_reply_t reply;
    sf_status_t status = rt_call (client, request, NULL, &reply);
    if (status != SF_PERMISSION_DENIED)
        fprintf (stderr, "%s answered %s: %s\n", request->descriptor->name, sf_status_name (status),
                 reply.reason_en? reply.reason_en: "");
    SF_CHECK (status == SF_PERMISSION_DENIED);
    SF_CHECK (*reply.reason_zh && *reply.reason_en);
    SF_CHECK (s_says_no_state (reply.reason_zh) && s_says_no_state (reply.reason_en));
    sf_reply_clear (&reply);
}

//  Sends a transition of type on the form number (or its id when id > 0), with whatever
//  the request needs to be well-formed.
static void
s_denied_move (sf_rpc_client_t *client, const ProtobufCMessageDescriptor *type, const char *number, int64_t id)
{
    ProtobufCMessage *request = rt_request (type, id > 0? "": number, "原因");
    if (id > 0)
        *(int64_t *) sf_pb_member (request, sf_pb_field (type, "id")) = id;
    if (type == &rectification__submit_evidence__descriptor) {
        Rectification__SubmitEvidence *submit = (Rectification__SubmitEvidence *) request;
        submit->evidence = sf_pb_new (&rectification__evidence__descriptor);
        sf_pb_set (&submit->evidence->text, "已整改");
    }
    if (type == &rectification__record_plan__descriptor) {
        Rectification__RecordPlan *record = (Rectification__RecordPlan *) request;
        record->plan = sf_pb_new (&rectification__plan__descriptor);
        sf_pb_set (&record->plan->measures, "更换");
    }
    s_denied (client, request);
    sf_pb_destroy (&request);
}

//  A form of plant A issued to scT and taken to status (issued up to submitted); *id gets
//  its id. Caller frees the number.
static char *
s_form (rt_stack_t *stack, sf_rpc_client_t *officer, sf_rpc_client_t *leader, int status, int64_t *id)
{
    Rectification__Form *form;
    SF_CHECK (rt_issue (officer, "scT", RECTIFICATION__SEVERITY__SEVERITY_GENERAL, "配电箱未上锁", NULL, 0, &form)
              == SF_OK);
    char *number = strdup (form->number);
    *id = form->id;
    sf_pb_destroy (&form);
    if (status >= RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED)
        SF_CHECK (rt_move (leader, &rectification__acknowledge_form__descriptor, number, "收到", NULL) == SF_OK);
    if (status >= RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION)
        SF_CHECK (rt_move (leader, &rectification__start_rectification__descriptor, number, "", NULL) == SF_OK);
    if (status >= RECTIFICATION__FORM_STATUS__FORM_SUBMITTED)
        SF_CHECK (rt_submit (leader, number, "已上锁") == SF_OK);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT status FROM form WHERE number = $1", number) == status);
    return number;
}

//  Every route, by an account of plant B, against plant A.
static void
s_foreign_plant (rt_stack_t *stack)
{
    sf_rpc_client_t *officer = rt_client (stack, "officer", "safety_officer", "scP");
    sf_rpc_client_t *leader = rt_client (stack, "leader", "team_leader", "scT");
    int64_t issued_id, acknowledged_id, working_id, submitted_id;
    char *issued = s_form (stack, officer, leader, RECTIFICATION__FORM_STATUS__FORM_ISSUED, &issued_id);
    char *acknowledged = s_form (stack, officer, leader, RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED,
                                 &acknowledged_id);
    char *working = s_form (stack, officer, leader, RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION, &working_id);
    char *submitted = s_form (stack, officer, leader, RECTIFICATION__FORM_STATUS__FORM_SUBMITTED, &submitted_id);
    const char *numbers [] = { issued, acknowledged, working, submitted };
    int64_t ids [] = { issued_id, acknowledged_id, working_id, submitted_id };
    SF_CHECK (dt_wait_published (stack->db, 10000));

    //  Every role rectification knows, on plant B; and a team leader of plant B's team.
    sf_rpc_client_t *stranger = rt_client (stack, "stranger",
                                           "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader",
                                           "scP9");
    sf_rpc_client_t *neighbour = rt_client (stack, "neighbour", "team_leader", "scU");
    sf_rpc_client_t *foreigners [] = { stranger, neighbour };
    s_snapshot_t before, after;
    s_snapshot (stack, &before);

    for (int f = 0; f < 2; f++) {
        sf_rpc_client_t *client = foreigners [f];
        //  Issuing to plant A, in its own name or in plant A's.
        Rectification__IssueForm issue = RECTIFICATION__ISSUE_FORM__INIT;
        issue.responsible_unit = (char *) "scT";
        issue.severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
        issue.description = (char *) "越界下发";
        issue.requirement = (char *) "整改";
        s_denied (client, &issue.base);
        issue.issuer_unit = (char *) "scP";
        s_denied (client, &issue.base);
        //  Every transition on every form, by number and by id: on a form in a state it may
        //  leave (only the grants stop it) and on the others (refused before the state is said).
        for (int t = 0; t < 7; t++)
            for (int i = 0; i < 4; i++) {
                s_denied_move (client, s_transitions [t], numbers [i], 0);
                s_denied_move (client, s_transitions [t], NULL, ids [i]);
            }
        //  Reading a form, by number and by id.
        Rectification__GetForm get = RECTIFICATION__GET_FORM__INIT;
        get.number = submitted;
        s_denied (client, &get.base);
        get.number = (char *) "";
        get.id = issued_id;
        s_denied (client, &get.base);
        //  Lists, statistics and the notice of plant A's units, from the company down.
        const char *units [] = { "scC", "scP", "scD", "scT" };
        for (int u = 0; u < 4; u++) {
            Rectification__ListForms list = RECTIFICATION__LIST_FORMS__INIT;
            list.unit_code = (char *) units [u];
            s_denied (client, &list.base);
            Rectification__GetStats stats = RECTIFICATION__GET_STATS__INIT;
            stats.unit_code = (char *) units [u];
            stats.to_ms = INT64_MAX / 2;
            s_denied (client, &stats.base);
            Rectification__GetNotice notice = RECTIFICATION__GET_NOTICE__INIT;
            notice.unit_code = (char *) units [u];
            s_denied (client, &notice.base);
        }
        //  Its own unit's list (named, or the one it acts for) and statistics hold none of them.
        sf_reply_t reply;
        Rectification__ListForms list = RECTIFICATION__LIST_FORMS__INIT;
        for (int named = 0; named < 2; named++) {
            list.unit_code = (char *) (named? (f == 0? "scP9": "scU"): "");
            SF_CHECK (dt_ask (client, &list.base, &reply) == SF_OK);
            Rectification__FormList *forms = dt_body (&reply, &rectification__form_list__descriptor);
            SF_CHECK (forms->n_forms == 0);
            sf_pb_destroy (&forms);
            sf_reply_clear (&reply);
        }
        Rectification__GetStats stats = RECTIFICATION__GET_STATS__INIT;
        stats.unit_code = (char *) (f == 0? "scP9": "scU");
        stats.to_ms = INT64_MAX / 2;
        SF_CHECK (dt_ask (client, &stats.base, &reply) == SF_OK);
        Rectification__Stats *figures = dt_body (&reply, &rectification__stats__descriptor);
        SF_CHECK (figures->total && figures->total->issued == 0 && figures->n_units == 0);
        sf_pb_destroy (&figures);
        sf_reply_clear (&reply);
        Rectification__GetNotice notice = RECTIFICATION__GET_NOTICE__INIT;
        notice.unit_code = (char *) (f == 0? "scQ": "scU");
        SF_CHECK (dt_ask (client, &notice.base, &reply) == SF_OK);
        Rectification__Notice *open = dt_body (&reply, &rectification__notice__descriptor);
        SF_CHECK (open->n_forms == 0);
        sf_pb_destroy (&open);
        sf_reply_clear (&reply);
        //  A form that does not exist is not found, for anyone: nothing to give away.
        get.number = (char *) "scP-R1999-000001";
        get.id = 0;
        SF_CHECK (rt_call (client, &get.base, NULL, NULL) == SF_NOT_FOUND);
    }
    SF_CHECK (dt_wait_published (stack->db, 10000));
    s_snapshot (stack, &after);
    SF_CHECK (memcmp (&before, &after, sizeof before) == 0);

    //  Plant A's own people still see and move them: the refusals were the grants'.
    Rectification__GetForm get = RECTIFICATION__GET_FORM__INIT;
    get.number = submitted;
    SF_CHECK (rt_call (leader, &get.base, NULL, NULL) == SF_OK);
    SF_CHECK (rt_move (officer, &rectification__verify_form__descriptor, submitted, "合格", NULL) == SF_OK);
    free (issued);
    free (acknowledged);
    free (working);
    free (submitted);
    sf_rpc_client_destroy (&neighbour);
    sf_rpc_client_destroy (&stranger);
    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&officer);
}

//  One account, safety officer of the other department and worker in the team: it issues
//  for its department, but acting for the team it is a worker, and a worker does not
//  rectify, whatever the account holds elsewhere.
static void
s_role_where_acting (rt_stack_t *stack)
{
    sf_rpc_client_t *as_officer = rt_client (stack, "split", "safety_officer", "scD2");
    sf_rpc_client_t *as_worker = rt_client (stack, "split", "worker", "scT");
    Rectification__Form *form;
    SF_CHECK (rt_issue (as_officer, "scT", RECTIFICATION__SEVERITY__SEVERITY_GENERAL, "消防通道堆物", NULL, 0, &form)
              == SF_OK);
    SF_CHECK_STR (form->issuer_unit, "scD2");
    int64_t events = sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox", NULL);
    sf_reply_t reply;
    SF_CHECK (rt_move (as_worker, &rectification__acknowledge_form__descriptor, form->number, "", &reply)
              == SF_PERMISSION_DENIED);
    SF_CHECK (strstr (reply.reason_en, "scT") && strstr (reply.reason_en, "team_leader"));
    SF_CHECK (strstr (reply.reason_zh, "scT") && strstr (reply.reason_zh, "签收"));
    sf_reply_clear (&reply);
    //  Nor does a team leader of the other department act for the team.
    sf_rpc_client_t *other_leader = rt_client (stack, "leader2", "team_leader", "scT2");
    SF_CHECK (rt_move (other_leader, &rectification__acknowledge_form__descriptor, form->number, "", NULL)
              == SF_PERMISSION_DENIED);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox", NULL) == events);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT status FROM form WHERE number = $1", form->number)
              == RECTIFICATION__FORM_STATUS__FORM_ISSUED);
    sf_pb_destroy (&form);
    sf_rpc_client_destroy (&other_leader);
    sf_rpc_client_destroy (&as_worker);
    sf_rpc_client_destroy (&as_officer);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rsc", "sc", NULL);
    //  Plant B beside plant A: scC > scP9 > scQ > scU.
    SF_CHECK (dt_create (stack.admin, DIRECTORY__KIND__KIND_PLANT, "scP9", "scC", "二厂", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (stack.admin, DIRECTORY__KIND__KIND_DEPARTMENT, "scQ", "scP9", "生产部", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (stack.admin, DIRECTORY__KIND__KIND_TEAM, "scU", "scQ", "装配班", NULL, NULL) == SF_OK);
    rt_wait_unit (&stack, "scU");
    s_foreign_plant (&stack);
    s_role_where_acting (&stack);
    rt_stack_stop (&stack);
    printf ("rectification_scope_test: OK\n");
    return 0;
}
