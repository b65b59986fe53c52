/*  rectification_handlers: requests to operations. Writes run inside the group transaction
    the rpc server opened; a refused operation leaves nothing behind (the server rolls the
    command's savepoint back on any failing reply).                                         */
#include "rectification_handlers.h"
#include "rectification_form.h"
#include "rectification_messages.h"
#include "rectification_store.h"
#include "rectification.pb-c.h"
#include "sf_org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_LIST_DEFAULT 500
#define S_LIST_MAX 5000

static bool
s_decode (sf_call_t *call, rect_command_t *command)
{
    if (rect_command_decode (call->request->type, call->request->body, call->request->body_size, command)) {
        sf_call_fail (call, SF_MALFORMED, &RECT_MSG_BAD_BODY, call->request->type);
        return false;
    }
    return true;
}

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

static void
s_reply_form (sf_call_t *call, const rect_form_t *form)
{
    size_t size;
    uint8_t *body = rect_form_encode (form, &size);
    sf_call_ok (call, "rectification.Form", body, size);
    free (body);
}

//  Finds the form the command names; sets the reply when it cannot. 1 found, else 0/-1.
static int
s_find (sf_call_t *call, const rect_command_t *command, bool lock, rect_form_t *form)
{
    if (!*command->number && command->id <= 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_NO_FORM);
        return -1;
    }
    int found = rect_store_find (call->db, command->number, command->id, lock, form);
    if (found < 0)
        sf_call_fail_db (call, "looking up a form");
    else
    if (!found) {
        char id [32];
        snprintf (id, sizeof id, "%" PRId64, command->id);
        sf_call_fail (call, SF_NOT_FOUND, &RECT_MSG_FORM_NOT_FOUND, *command->number? command->number: id);
    }
    return found;
}

static void
s_issue_form (sf_call_t *call)
{
    rect_command_t command;
    if (!s_decode (call, &command))
        return;
    rect_op_t op;
    rect_op_init (&op, call->db, call->state, &call->request->actor, call->request->trace_id, call);
    rect_form_t *form = &command.issue;
    form->finding_id = 0;
    form->finding_number = strdup ("");
    if (rect_form_issue (&op, form) == 0)
        s_reply_form (call, form);
    else
        s_fail_from (call, &op);
    rect_op_clear (&op);
    rect_command_clear (&command);
}

static void
s_transition (sf_call_t *call, rect_transition_t transition)
{
    rect_command_t command;
    if (!s_decode (call, &command))
        return;
    rect_form_t form;
    if (s_find (call, &command, true, &form) == 1) {
        rect_op_t op;
        rect_op_init (&op, call->db, call->state, &call->request->actor, call->request->trace_id, call);
        if (rect_form_apply (&op, transition, &form, &command) == 0)
            s_reply_form (call, &form);
        else
            s_fail_from (call, &op);
        rect_op_clear (&op);
        rect_form_clear (&form);
    }
    rect_command_clear (&command);
}

static void s_acknowledge (sf_call_t *call) { s_transition (call, RECT_T_ACKNOWLEDGE); }
static void s_record_plan (sf_call_t *call) { s_transition (call, RECT_T_RECORD_PLAN); }
static void s_start (sf_call_t *call) { s_transition (call, RECT_T_START); }
static void s_submit (sf_call_t *call) { s_transition (call, RECT_T_SUBMIT); }
static void s_verify (sf_call_t *call) { s_transition (call, RECT_T_VERIFY); }
static void s_reject (sf_call_t *call) { s_transition (call, RECT_T_REJECT); }
static void s_cancel (sf_call_t *call) { s_transition (call, RECT_T_CANCEL); }

static void
s_get_form (sf_call_t *call)
{
    rect_command_t command;
    if (!s_decode (call, &command))
        return;
    rect_form_t form;
    if (s_find (call, &command, false, &form) == 1) {
        s_reply_form (call, &form);
        rect_form_clear (&form);
    }
    rect_command_clear (&command);
}

static void
s_list_forms (sf_call_t *call)
{
    rect_command_t command;
    if (!s_decode (call, &command))
        return;
    rect_form_list_t list = { 0 };
    int limit = command.limit <= 0? S_LIST_DEFAULT: command.limit > S_LIST_MAX? S_LIST_MAX: command.limit;
    sf_org_node_t unit;
    int known = *command.unit_code? sf_org_find (call->db, command.unit_code, &unit): 1;
    if (command.status < 0 || command.status > RECT_CANCELLED) {
        char status [16];
        snprintf (status, sizeof status, "%d", command.status);
        sf_call_fail (call, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_STATUS, status);
    }
    else
    if (known < 0)
        sf_call_fail_db (call, "looking up a unit");
    else
    if (!known)
        sf_call_fail (call, SF_NOT_FOUND, &RECT_MSG_UNIT_UNKNOWN, command.unit_code);
    else
    if (rect_store_list (call->db, command.unit_code, command.status, command.open_only, limit, &list))
        sf_call_fail_db (call, "listing forms");
    else {
        size_t size;
        uint8_t *body = rect_form_list_encode (&list, &size);
        sf_call_ok (call, "rectification.FormList", body, size);
        free (body);
    }
    rect_form_list_clear (&list);
    rect_command_clear (&command);
}

const sf_route_t rect_routes [] = {
    //  Takes a number from the plant's sequence: in a transaction of its own.
    { .request = &rectification__issue_form__descriptor, .reply = &rectification__form__descriptor, .handler = s_issue_form,
      .writes = true, .roles = RECT_ROLES_ISSUING, .alone = true },
    { .request = &rectification__acknowledge_form__descriptor, .reply = &rectification__form__descriptor, .handler = s_acknowledge,
      .writes = true, .roles = RECT_ROLES_RESPONSIBLE },
    { .request = &rectification__record_plan__descriptor, .reply = &rectification__form__descriptor, .handler = s_record_plan,
      .writes = true, .roles = RECT_ROLES_RESPONSIBLE },
    { .request = &rectification__start_rectification__descriptor, .reply = &rectification__form__descriptor, .handler = s_start,
      .writes = true, .roles = RECT_ROLES_RESPONSIBLE },
    { .request = &rectification__submit_evidence__descriptor, .reply = &rectification__form__descriptor, .handler = s_submit,
      .writes = true, .roles = RECT_ROLES_RESPONSIBLE },
    { .request = &rectification__verify_form__descriptor, .reply = &rectification__form__descriptor, .handler = s_verify,
      .writes = true, .roles = RECT_ROLES_ISSUING },
    { .request = &rectification__reject_form__descriptor, .reply = &rectification__form__descriptor, .handler = s_reject,
      .writes = true, .roles = RECT_ROLES_ISSUING },
    { .request = &rectification__cancel_form__descriptor, .reply = &rectification__form__descriptor, .handler = s_cancel,
      .writes = true, .roles = RECT_ROLES_CANCEL },
    { .request = &rectification__get_form__descriptor, .reply = &rectification__form__descriptor, .handler = s_get_form },
    { .request = &rectification__list_forms__descriptor, .reply = &rectification__form_list__descriptor, .handler = s_list_forms },
    { .request = &rectification__get_stats__descriptor, .reply = &rectification__stats__descriptor, .handler = rect_get_stats },
    { .request = &rectification__get_notice__descriptor, .reply = &rectification__notice__descriptor, .handler = rect_get_notice },
    { 0 }
};
