/*  rectification_handlers: requests to operations. The rpc server has unpacked and checked
    each request (text, required fields) before it gets here. Writes run inside the
    transaction the server opened; a refused operation leaves nothing behind (the server
    rolls the command back on any failing reply).                                           */
#include "rectification_handlers.h"
#include "rectification_board_routes.h"
#include "rectification_form.h"
#include "rectification_messages.h"
#include "rectification_page.h"
#include "rectification_store.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

//  Hands a refused operation's status and reasons to the reply, and logs it.
static void
s_fail_from (sf_call_t *call, rect_op_t *op)
{
    sf_reply_set_status (call->reply, op->status, NULL);
    free (call->reply->reason_zh);
    free (call->reply->reason_en);
    call->reply->reason_zh = op->reason_zh;
    call->reply->reason_en = op->reason_en;
    op->reason_zh = op->reason_en = NULL;
    sf_log (SF_LOG_INFO, &call->log, "%s refused: %s: %s", call->request->type, sf_status_name (op->status),
            call->reply->reason_en);
}

//  Finds the form a command names by number or id; sets the reply when it cannot. 1 found
//  (*form is the caller's to destroy), else 0/-1.
static int
s_find (sf_call_t *call, const char *number, int64_t id, bool lock, Rectification__Form **form)
{
    if (!*number && id <= 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_NO_FORM);
        return -1;
    }
    int found = rect_store_find (call->db, number, id, lock, form);
    if (found < 0)
        sf_call_fail_db (call, "looking up a form");
    else
    if (!found) {
        char text [32];
        snprintf (text, sizeof text, "%" PRId64, id);
        sf_call_fail (call, SF_NOT_FOUND, &RECT_MSG_FORM_NOT_FOUND, *number? number: text);
    }
    return found;
}

//  The units of the form a request names by number or id (its "number" and "id" fields):
//  its responsible and issuing units, before the handler looks at anything else about it.
static int
s_form_units (sf_call_t *call, sf_scope_units_t *units)
{
    const ProtobufCMessageDescriptor *type = call->message->descriptor;
    const ProtobufCFieldDescriptor *number = sf_pb_field (type, "number");
    const ProtobufCFieldDescriptor *id = sf_pb_field (type, "id");
    //  Only requests naming a form get this function in the route table.
    assert (number && number->type == PROTOBUF_C_TYPE_STRING && id && id->type == PROTOBUF_C_TYPE_INT64);
    char responsible [sizeof units->codes [0]], issuer [sizeof units->codes [0]];
    int found = rect_store_units (call->db, *(char *const *) sf_pb_member (call->message, number),
                                  *(const int64_t *) sf_pb_member (call->message, id),
                                  responsible, issuer, sizeof responsible);
    if (found < 0)
        return -1;
    if (!found)
        return 1;
    sf_scope_units_add (units, responsible);
    sf_scope_units_add (units, issuer);
    return 0;
}

//  The unit a direct form is issued in the name of: the one it names, else the actor's.
static int
s_issuer_unit (sf_call_t *call, sf_scope_units_t *units)
{
    const Rectification__IssueForm *issue = SF_CALL_BODY (call, Rectification__IssueForm);
    const char *actor_unit = call->request->actor.org_node;
    sf_scope_units_add (units, *issue->issuer_unit? issue->issuer_unit: actor_unit);
    return 0;
}

static void
s_issue_form (sf_call_t *call)
{
    const Rectification__IssueForm *issue = SF_CALL_BODY (call, Rectification__IssueForm);
    Rectification__Form *form = sf_pb_new (&rectification__form__descriptor);
    sf_pb_set (&form->responsible_unit, issue->responsible_unit);
    sf_pb_set (&form->responsible_person, issue->responsible_person);
    sf_pb_set (&form->issuer_unit, issue->issuer_unit);
    form->severity = issue->severity;
    sf_pb_set (&form->description, issue->description);
    sf_pb_set (&form->location, issue->location);
    sf_pb_set (&form->requirement, issue->requirement);
    form->deadline_ms = issue->deadline_ms;
    sf_pb_set (&form->hazard_key, issue->hazard_key);
    for (size_t i = 0; i < issue->n_attachments; i++)
        sf_pb_add_string (&form->attachments, &form->n_attachments, issue->attachments [i]);
    rect_op_t op;
    rect_op_init (&op, call->db, call->state, &call->request->actor, call->request->trace_id, call);
    if (rect_form_issue (&op, form) == 0)
        sf_call_reply (call, &form->base);
    else
        s_fail_from (call, &op);
    rect_op_clear (&op);
    sf_pb_destroy (&form);
}

//  Makes transition on the form the request names; the machine's row of transition says
//  which request that is.
static void
s_transition (sf_call_t *call, rect_transition_t transition, const char *number, int64_t id)
{
    Rectification__Form *form = NULL;
    if (s_find (call, number, id, true, &form) == 1) {
        rect_op_t op;
        rect_op_init (&op, call->db, call->state, &call->request->actor, call->request->trace_id, call);
        if (rect_form_apply (&op, transition, form, call->message) == 0)
            sf_call_reply (call, &form->base);
        else
            s_fail_from (call, &op);
        rect_op_clear (&op);
    }
    sf_pb_destroy (&form);
}

//  The handler of the request Type, which names its form by number or id.
#define S_TRANSITION(handler, Type, transition) \
    static void handler (sf_call_t *call) \
    { \
        const Type *request = SF_CALL_BODY (call, Type); \
        s_transition (call, transition, request->number, request->id); \
    }
S_TRANSITION (s_acknowledge, Rectification__AcknowledgeForm, RECT_T_ACKNOWLEDGE)
S_TRANSITION (s_record_plan, Rectification__RecordPlan, RECT_T_RECORD_PLAN)
S_TRANSITION (s_start, Rectification__StartRectification, RECT_T_START)
S_TRANSITION (s_submit, Rectification__SubmitEvidence, RECT_T_SUBMIT)
S_TRANSITION (s_verify, Rectification__VerifyForm, RECT_T_VERIFY)
S_TRANSITION (s_reject, Rectification__RejectForm, RECT_T_REJECT)
S_TRANSITION (s_cancel, Rectification__CancelForm, RECT_T_CANCEL)

static void
s_get_form (sf_call_t *call)
{
    const Rectification__GetForm *get = SF_CALL_BODY (call, Rectification__GetForm);
    Rectification__Form *form = NULL;
    if (s_find (call, get->number, get->id, false, &form) == 1)
        sf_call_reply (call, &form->base);
    sf_pb_destroy (&form);
}

static void
s_list_forms (sf_call_t *call)
{
    const Rectification__ListForms *query = SF_CALL_BODY (call, Rectification__ListForms);
    //  limit is what ListForms had before paging: read as a page size.
    int32_t page_size = query->page_size? query->page_size: query->limit > 0? query->limit: 0;
    sf_page_t page;
    int64_t after [RECT_PAGE_FORM_KEYS];
    const int64_t *position;
    if (sf_page_open (call, page_size, query->page_token, RECT_PAGE_FORM_KEYS, &page))
        return;
    if (rect_page_forms_after (call, &page, after, &position)) {
        sf_page_close (&page);
        return;
    }
    //  The rpc server named the unit when the query did not (the actor's), and checked it is
    //  within the actor's grants; the service may name one the copy does not know.
    sf_org_node_t unit;
    int known = sf_org_find (call->db, query->unit_code, &unit);
    Rectification__FormList *list = sf_pb_new (&rectification__form_list__descriptor);
    if (!protobuf_c_enum_descriptor_get_value (&rectification__form_status__descriptor, query->status)) {
        char status [16];
        snprintf (status, sizeof status, "%d", query->status);
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_STATUS, status);
    }
    else
    if (known < 0)
        sf_call_fail_db (call, "looking up a unit");
    else
    if (!known)
        sf_call_fail (call, SF_NOT_FOUND, &RECT_MSG_UNIT_UNKNOWN, query->unit_code);
    else
    if (rect_store_list (call->db, query->unit_code, query->status, query->open_only, position, page.size + 1,
                         &list->forms, &list->n_forms))
        sf_call_fail_db (call, "listing forms");
    else {
        rect_page_forms_end (call, &page, RECT_PAGE_BY_ISSUED, list->forms, &list->n_forms, &list->next_page_token);
        sf_call_reply (call, &list->base);
    }
    sf_pb_destroy (&list);
    sf_page_close (&page);
}

//  Every transition locks its form FOR UPDATE. Grouped, two commands would hold each other's
//  forms until their groups commit, in whatever order the commands came, and groups on two
//  workers taking the same forms in the opposite order deadlock: the transitions run alone.
//  Scope (README.md, "Who may do what"): a command on a form needs one of its roles on a
//  grant covering the form's responsible or issuing unit (s_form_units), checked before the
//  handler, which then checks the side the actor's unit acts for (rect_form_apply); an issue,
//  on a grant covering the issuer unit; a read of forms, any role there; a list or the
//  statistics, any role on a grant covering the unit named (the subtree below it).
const sf_route_t rect_routes [] = {
    //  Takes a number from the plant's sequence: in a transaction of its own.
    { .request = &rectification__issue_form__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_issue_form, .writes = true, .alone = true, .roles = RECT_ROLES_ISSUING,
      .required = "responsible_unit,description,requirement", .scope_of = s_issuer_unit },
    { .request = &rectification__acknowledge_form__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_acknowledge, .writes = true, .alone = true, .roles = RECT_ROLES_RESPONSIBLE,
      .scope_of = s_form_units },
    { .request = &rectification__record_plan__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_record_plan, .writes = true, .alone = true, .roles = RECT_ROLES_RESPONSIBLE, .required = "plan",
      .scope_of = s_form_units },
    { .request = &rectification__start_rectification__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_start, .writes = true, .alone = true, .roles = RECT_ROLES_RESPONSIBLE,
      .scope_of = s_form_units },
    { .request = &rectification__submit_evidence__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_submit, .writes = true, .alone = true, .roles = RECT_ROLES_RESPONSIBLE,
      .required = "evidence.text", .scope_of = s_form_units },
    { .request = &rectification__verify_form__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_verify, .writes = true, .alone = true, .roles = RECT_ROLES_ISSUING, .scope_of = s_form_units },
    { .request = &rectification__reject_form__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_reject, .writes = true, .alone = true, .roles = RECT_ROLES_ISSUING, .required = "reason",
      .scope_of = s_form_units },
    { .request = &rectification__cancel_form__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_cancel, .writes = true, .alone = true, .roles = RECT_ROLES_CANCEL, .required = "reason",
      .scope_of = s_form_units },
    { .request = &rectification__get_form__descriptor, .reply = &rectification__form__descriptor,
      .handler = s_get_form, .scope_of = s_form_units, .lookup = true },
    { .request = &rectification__list_forms__descriptor, .reply = &rectification__form_list__descriptor,
      .handler = s_list_forms, .scope = "unit_code" },
    { .request = &rectification__get_stats__descriptor, .reply = &rectification__stats__descriptor,
      .handler = rect_get_stats, .required = "unit_code", .scope = "unit_code" },
    { .request = &rectification__get_notice__descriptor, .reply = &rectification__notice__descriptor,
      .handler = rect_get_notice, .required = "unit_code", .scope = "unit_code" },
    RECT_BOARD_ROUTE,
    { 0 }
};
