/*  rectification_form: issuing a form and moving it through the machine's table.          */
#include "rectification_form.h"
#include "rectification_deadlines.h"
#include "rectification_messages.h"
#include "rectification_plan.h"
#include "rectification_names.h"
#include "rectification_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

//  Plant years and numbers, and the times shown to people, follow Beijing time (UTC+8).
#define S_BEIJING_OFFSET_MS (8 * 3600 * 1000LL)

void
rect_op_init (rect_op_t *op, sf_db_t *db, const rect_policy_t *policy, const sf_actor_t *actor,
              const char *trace_id, sf_call_t *call)
{
    memset (op, 0, sizeof *op);
    op->db = db;
    op->policy = policy;
    op->actor = actor;
    op->trace_id = trace_id? trace_id: "";
    op->call = call;
    if (call)
        op->log = call->log;
    op->now_ms = sf_clock_now_ms ();
    op->status = SF_OK;
}

void
rect_op_fail (rect_op_t *op, sf_status_t status, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    free (op->reason_zh);
    free (op->reason_en);
    sf_text_formatv (text, &op->reason_zh, &op->reason_en, args);
    va_end (args);
    op->status = status;
}

void
rect_op_fail_db (rect_op_t *op, const char *what)
{
    bool transient = sf_db_error_transient (op->db);
    sf_log (transient? SF_LOG_WARN: SF_LOG_ERROR, &op->log, "%s: database error %s: %s",
            what, sf_db_sqlstate (op->db), sf_db_error (op->db));
    sf_status_t status = transient? SF_UNAVAILABLE: SF_INTERNAL;
    const sf_text_t *text = sf_status_text (status);
    rect_op_fail (op, status, text);
}

void
rect_op_clear (rect_op_t *op)
{
    free (op->reason_zh);
    free (op->reason_en);
    op->reason_zh = op->reason_en = NULL;
}

//  Adds an event about form with message as its payload.
static int
s_emit (rect_op_t *op, const char *type, const Rectification__Form *form, const ProtobufCMessage *message)
{
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup ("rectification_form"),
        .aggregate_id = strdup (form->number), .aggregate_version = form->version,
        .plant = strdup (form->plant_code)
    };
    sf_event_set_payload (&event, message);
    int rc;
    if (op->call)
        rc = sf_call_emit (op->call, op->policy->stream, &event);
    else {
        sf_actor_copy (&event.actor, op->actor);
        event.trace_id = strdup (op->trace_id);
        rc = sf_outbox_add (op->db, op->policy->stream, &event);
    }
    sf_event_clear (&event);
    if (rc)
        rect_op_fail_db (op, "writing an event");
    return rc;
}

int
rect_op_emit_form (rect_op_t *op, const char *type, const Rectification__Form *form)
{
    return s_emit (op, type, form, &form->base);
}

int
rect_op_bump (rect_op_t *op, Rectification__Form *form)
{
    if (rect_store_bump_version (op->db, form)) {
        rect_op_fail_db (op, "counting an event in the form's version");
        return -1;
    }
    return 0;
}

int
rect_op_emit_alert (rect_op_t *op, const char *type, const Rectification__Alert *alert)
{
    return s_emit (op, type, alert->form, &alert->base);
}

char *
rect_time_text (int64_t ms)
{
    time_t seconds = (time_t) ((ms + S_BEIJING_OFFSET_MS) / 1000);
    struct tm tm;
    gmtime_r (&seconds, &tm);
    char text [40];
    strftime (text, sizeof text, "%Y-%m-%d %H:%M (UTC+8)", &tm);
    return strdup (text);
}

static int
s_year (int64_t ms)
{
    time_t seconds = (time_t) ((ms + S_BEIJING_OFFSET_MS) / 1000);
    struct tm tm;
    gmtime_r (&seconds, &tm);
    return tm.tm_year + 1900;
}

//  Finds an active unit; refuses otherwise. 0 or -1.
static int
s_unit (rect_op_t *op, const char *code, sf_org_node_t *node)
{
    int found = sf_org_find (op->db, code, node);
    if (found < 0)
        rect_op_fail_db (op, "looking up a unit");
    else
    if (!found)
        rect_op_fail (op, SF_NOT_FOUND, &RECT_MSG_UNIT_UNKNOWN, code);
    else
    if (!node->active)
        rect_op_fail (op, SF_FAILED_PRECONDITION, &RECT_MSG_UNIT_INACTIVE, code);
    return found == 1 && node->active? 0: -1;
}

//  Checks the length of a text a person typed: at most max_chars characters (0: no limit).
//  The rpc server has checked that it is text. 0 or -1.
static int
s_chars (rect_op_t *op, const char *text, size_t max_chars, const char *field_zh, const char *field_en)
{
    size_t chars = sf_utf8_chars (text, strlen (text));
    if (max_chars && chars > max_chars) {
        rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_TOO_LONG, field_zh, field_en, (int) max_chars, (int) chars);
        return -1;
    }
    return 0;
}

//  Checks attachment references: each given and, when limited, at most
//  RECT_ATTACHMENT_MAX_CHARS long and at most RECT_ATTACHMENTS_MAX of them. 0 or -1.
static int
s_attachments (rect_op_t *op, char *const *attachments, size_t count, bool limited)
{
    if (limited && count > RECT_ATTACHMENTS_MAX) {
        rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_TOO_MANY, "附件", "attachments", RECT_ATTACHMENTS_MAX);
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        if (!*attachments [i]) {
            rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_MISSING, "附件引用", "an attachment reference");
            return -1;
        }
        if (s_chars (op, attachments [i], limited? RECT_ATTACHMENT_MAX_CHARS: 0, "附件引用", "an attachment reference"))
            return -1;
    }
    return 0;
}

char *
rect_form_target (rect_op_t *op, const Rectification__Form *form, const rect_step_t *step)
{
    //  A unit above the plants has no plant, one above the departments no department: the
    //  next kind up then hears of it.
    for (int kind = step->kind; kind >= SF_ORG_COMPANY; kind--) {
        sf_org_node_t node;
        int found = sf_org_ancestor_of_kind (op->db, form->responsible_unit, kind, &node);
        if (found < 0)
            return NULL;
        if (found)
            return strdup (node.code);
    }
    return strdup (form->responsible_unit);
}

//  A recurrence: the alert to the configured target, and the escalation with it, each with
//  a version of its own. 0 or -1.
static int
s_recurrence (rect_op_t *op, Rectification__Form *form)
{
    char *target = rect_form_target (op, form, &op->policy->recurrence_target);
    if (!target) {
        rect_op_fail_db (op, "finding the recurrence target");
        return -1;
    }
    Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
    alert.form = form;
    alert.target_unit = target;
    alert.target_role = (char *) op->policy->recurrence_target.role;
    int rc = rect_op_bump (op, form);
    if (rc == 0)
        rc = rect_op_emit_alert (op, "rectification.recurrence_detected", &alert);
    if (rc == 0)
        rc = rect_op_bump (op, form);
    if (rc == 0)
        rc = rect_op_emit_alert (op, "rectification.form_escalated", &alert);
    sf_log (SF_LOG_INFO, &op->log, "form %s repeats %s: escalated to %s %s", form->number,
            form->recurrence_of_number, target, alert.target_role);
    free (target);
    return rc;
}

int
rect_form_check_fields (rect_op_t *op, const Rectification__Form *form)
{
    if (form->severity != RECTIFICATION__SEVERITY__SEVERITY_GENERAL
    &&  form->severity != RECTIFICATION__SEVERITY__SEVERITY_MAJOR) {
        rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_SEVERITY, form->severity);
        return -1;
    }
    //  A finding's texts were bounded by the inspection daemon: the form takes them whole,
    //  whatever its own limits (which are at least inspection's).
    bool limited = form->finding_id == 0;
    if (s_chars (op, form->responsible_unit, RECT_NAME_MAX_CHARS, "责任单位", "the responsible unit")
    ||  s_chars (op, form->description, limited? RECT_TEXT_MAX_CHARS: 0, "问题描述", "the description")
    ||  s_chars (op, form->requirement, limited? RECT_TEXT_MAX_CHARS: 0, "整改要求", "the requirement")
    ||  s_chars (op, form->location, limited? RECT_LOCATION_MAX_CHARS: 0, "地点", "the location")
    ||  s_chars (op, form->responsible_person, limited? RECT_NAME_MAX_CHARS: 0, "责任人", "the responsible person")
    ||  s_chars (op, form->hazard_key, limited? RECT_NAME_MAX_CHARS: 0, "隐患标识", "the hazard key")
    ||  s_chars (op, form->issuer_unit, RECT_NAME_MAX_CHARS, "下发单位", "the issuer unit")
    ||  s_attachments (op, form->attachments, form->n_attachments, limited))
        return -1;
    if (form->deadline_ms && form->deadline_ms <= op->now_ms) {
        char *deadline = rect_time_text (form->deadline_ms), *now = rect_time_text (op->now_ms);
        rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_DEADLINE_PAST, deadline, now);
        free (deadline);
        free (now);
        return -1;
    }
    return 0;
}

//  Checks that the actor holds one of roles for the unit it acts for (a grant covering that
//  unit), whatever it holds elsewhere: a grant for one side of a form never acts for the
//  other. Only requests get here, with the grants the rpc server resolved. 0 or -1.
static int
s_check_role_at (rect_op_t *op, const rect_move_t *move, const char *actor_unit)
{
    assert (op->call && op->call->scope);
    int covers = sf_scope_covers (op->db, op->call->scope, move->roles, SF_REACH_GRANT, actor_unit);
    if (covers < 0)
        rect_op_fail_db (op, "checking the actor's grants");
    else
    if (!covers)
        rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_NO_ROLE_AT_UNIT, actor_unit, move->name_zh, move->name,
                      move->roles);
    return covers == 1? 0: -1;
}

//  The checks of an issue that do not write. 0 or -1.
static int
s_check_issue (rect_op_t *op, Rectification__Form *form, sf_org_node_t *unit)
{
    if (rect_form_check_fields (op, form)
    ||  s_unit (op, form->responsible_unit, unit))
        return -1;
    if (form->finding_id == 0) {
        //  A direct form: issued by the actor's unit or one below it.
        const char *actor_unit = op->actor->org_node? op->actor->org_node: "";
        if (!*actor_unit) {
            rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_NO_ACTOR_UNIT, "下发", "issue");
            return -1;
        }
        if (!*form->issuer_unit)
            sf_pb_set (&form->issuer_unit, actor_unit);
        sf_org_node_t issuer;
        if (s_unit (op, form->issuer_unit, &issuer))
            return -1;
        int within = sf_org_within (op->db, form->issuer_unit, actor_unit);
        if (within < 0) {
            rect_op_fail_db (op, "checking the issuer");
            return -1;
        }
        if (!within) {
            rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_ISSUER_NOT_YOURS, form->issuer_unit, actor_unit);
            return -1;
        }
        if (s_check_role_at (op, rect_machine_move (RECT_T_ISSUE), actor_unit))
            return -1;
        //  To a unit of a plant where the actor may issue (anywhere below a grant above the
        //  plants): never into another plant, whose own side issues there.
        int reach = sf_scope_covers (op->db, op->call->scope, rect_machine_move (RECT_T_ISSUE)->roles,
                                     SF_REACH_PLANT, form->responsible_unit);
        if (reach < 0) {
            rect_op_fail_db (op, "checking the responsible unit");
            return -1;
        }
        if (!reach) {
            rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_OUT_OF_REACH, form->responsible_unit, actor_unit);
            return -1;
        }
    }
    return 0;
}

//  What issuing sets on a checked form: when it counts from, its deadline (unless given),
//  status and PDCA stage, who issued it.
int64_t
rect_form_issued_at (const rect_op_t *op, const Rectification__Form *form)
{
    //  A form from a finding counts from when the hazard was reported, not from when this
    //  daemon got to it (it may have been down, or the unit late in the org copy).
    return form->finding_id && form->issued_ms > 0 && form->issued_ms <= op->now_ms? form->issued_ms: op->now_ms;
}

static void
s_issue_defaults (rect_op_t *op, Rectification__Form *form, const char *issued_by)
{
    int64_t issued = rect_form_issued_at (op, form);
    if (!form->deadline_ms)
        form->deadline_ms = issued + op->policy->deadline_days [form->severity] * RECT_DAY_MS;
    form->status = RECTIFICATION__FORM_STATUS__FORM_ISSUED;
    form->pdca = RECTIFICATION__PDCA__PDCA_PLAN;
    form->issued_ms = issued;
    sf_pb_set (&form->issued_by, issued_by);
}

int64_t
rect_form_recurrence_since (const rect_policy_t *policy, int64_t issued_ms)
{
    return issued_ms - policy->recurrence_days * RECT_DAY_MS;
}

int
rect_form_issue_many (rect_op_t *op, Rectification__Form *const *forms, const sf_actor_t *actors,
                      const char *const *trace_ids, size_t count)
{
    int *years = calloc (count + 1, sizeof *years);
    const char **actor_units = calloc (count + 1, sizeof (char *));
    Rectification__Form **issued = calloc (count + 1, sizeof *issued);
    sf_event_t *events = calloc (count + 1, sizeof *events);
    assert (years && actor_units && issued && events);
    for (size_t i = 0; i < count; i++) {
        s_issue_defaults (op, forms [i], actors [i].user_id);
        years [i] = s_year (forms [i]->issued_ms);
    }
    int inserted = rect_store_next_numbers (op->db, years, forms, count) == 0?
                   rect_store_insert_many (op->db, forms, count): -1;
    //  A form of the read that has its finding's form already (a race with another instance)
    //  is left out from here on: nothing of it was written but its number.
    size_t kept = 0;
    for (size_t i = 0; inserted > 0 && i < count; i++)
        if (forms [i]->id) {
            actor_units [kept] = actors [i].org_node? actors [i].org_node: "";
            events [kept] = (sf_event_t) {
                .type = strdup (rect_machine_move (RECT_T_ISSUE)->event),
                .aggregate_type = strdup ("rectification_form"), .aggregate_id = strdup (forms [i]->number),
                .aggregate_version = forms [i]->version, .plant = strdup (forms [i]->plant_code),
                .trace_id = strdup (trace_ids [i]? trace_ids [i]: "")
            };
            sf_actor_copy (&events [kept].actor, &actors [i]);
            sf_event_set_payload (&events [kept], &forms [i]->base);
            issued [kept++] = forms [i];
        }
    int rc = inserted < 0? -1: 0;
    if (rc == 0 && kept)
        rc = rect_store_history_many (op->db, issued, actor_units, kept, "issue", op->now_ms) == 0
          && rect_deadlines_arm_new (op->db, op->policy, issued, kept, op->now_ms) == 0
          && sf_outbox_add_many (op->db, op->policy->stream, events, kept) == 0? 0: -1;
    if (rc)
        rect_op_fail_db (op, "issuing forms");
    for (size_t i = 0; rc == 0 && i < kept; i++)
        sf_log (SF_LOG_INFO, &op->log, "form %s issued to %s (finding %lld)", issued [i]->number,
                issued [i]->responsible_unit, (long long) issued [i]->finding_id);
    for (size_t i = 0; i < kept; i++)
        sf_event_clear (&events [i]);
    free (events);
    free (issued);
    free (actor_units);
    free (years);
    return rc? -1: (int) kept;
}

int
rect_form_issue (rect_op_t *op, Rectification__Form *form)
{
    sf_org_node_t unit;
    if (s_check_issue (op, form, &unit))
        return -1;
    const char *plant = unit.plant_code;
    sf_org_node_t company;
    if (!*plant) {
        int found = sf_org_ancestor_of_kind (op->db, unit.code, SF_ORG_COMPANY, &company);
        if (found < 0) {
            rect_op_fail_db (op, "finding the company");
            return -1;
        }
        plant = found? company.code: unit.code;
    }
    sf_pb_set (&form->plant_code, plant);
    s_issue_defaults (op, form, op->actor->user_id);
    int64_t since = rect_form_recurrence_since (op->policy, form->issued_ms);
    int repeat = rect_store_last_closed (op->db, form, since);
    int rc = repeat < 0? -1: rect_store_next_number (op->db, form->plant_code, s_year (form->issued_ms), form);
    if (rc == 0)
        rc = rect_store_insert (op->db, form);
    if (rc == 1)
        return 1;
    if (rc == 0)
        rc = rect_store_history (op->db, form->id, "issue", 0, form->status, form->issued_by,
                                 op->actor->org_node, "", op->now_ms);
    if (rc == 0)
        rc = rect_deadlines_arm (op->db, op->policy, form, op->now_ms);
    if (rc) {
        rect_op_fail_db (op, "issuing a form");
        return -1;
    }
    if (rect_op_emit_form (op, rect_machine_move (RECT_T_ISSUE)->event, form))
        return -1;
    if (repeat == 1 && s_recurrence (op, form))
        return -1;
    sf_log (SF_LOG_INFO, &op->log, "form %s issued to %s (finding %lld)", form->number, form->responsible_unit,
            (long long) form->finding_id);
    return 0;
}

//  Checks that the actor acts for the side move needs, holding one of its roles for the unit
//  it acts for. 0 or -1.
static int
s_check_side (rect_op_t *op, const rect_move_t *move, const Rectification__Form *form)
{
    const char *actor_unit = op->actor->org_node? op->actor->org_node: "";
    if (!*actor_unit) {
        rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_NO_ACTOR_UNIT, move->name_zh, move->name);
        return -1;
    }
    if (s_check_role_at (op, move, actor_unit))
        return -1;
    int above_responsible = sf_org_within (op->db, form->responsible_unit, actor_unit);
    int inside_responsible = sf_org_within (op->db, actor_unit, form->responsible_unit);
    if (above_responsible < 0 || inside_responsible < 0) {
        rect_op_fail_db (op, "checking the actor's unit");
        return -1;
    }
    if (move->side == RECT_SIDE_RECTIFIER && !inside_responsible) {
        rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_NOT_RECTIFIER, actor_unit, form->responsible_unit,
                      move->name_zh, move->name);
        return -1;
    }
    if (move->side == RECT_SIDE_RESPONSIBLE && !above_responsible) {
        rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_NOT_RESPONSIBLE_SIDE, actor_unit, form->responsible_unit,
                      move->name_zh, move->name);
        return -1;
    }
    if (move->side == RECT_SIDE_ISSUING) {
        int above_issuer = sf_org_within (op->db, form->issuer_unit, actor_unit);
        if (above_issuer < 0) {
            rect_op_fail_db (op, "checking the actor's unit");
            return -1;
        }
        if (!above_issuer || inside_responsible) {
            rect_op_fail (op, SF_PERMISSION_DENIED, &RECT_MSG_NOT_ISSUING_SIDE, actor_unit, form->issuer_unit,
                          form->responsible_unit, move->name_zh, move->name);
            return -1;
        }
    }
    return 0;
}

static int
s_check_plan (rect_op_t *op, const Rectification__Form *form, const Rectification__Plan *plan)
{
    if (form->severity == RECTIFICATION__SEVERITY__SEVERITY_MAJOR) {
        char *zh, *en;
        int missing = rect_plan_missing (plan, &zh, &en);
        if (missing)
            rect_op_fail (op, SF_FAILED_PRECONDITION, &RECT_MSG_PLAN_INCOMPLETE, form->number, zh, en);
        free (zh);
        free (en);
        if (missing)
            return -1;
    }
    if (plan->funds_fen < 0) {
        rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_AMOUNT, "治理资金", "the funds");
        return -1;
    }
    if (plan->time_limit_ms && (plan->time_limit_ms <= op->now_ms || plan->time_limit_ms > form->deadline_ms)) {
        char *limit = rect_time_text (plan->time_limit_ms), *deadline = rect_time_text (form->deadline_ms);
        rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_PLAN_AFTER_DEADLINE, limit, deadline);
        free (limit);
        free (deadline);
        return -1;
    }
    if (s_chars (op, plan->measures, RECT_TEXT_MAX_CHARS, "治理措施", "the measures")
    ||  s_chars (op, plan->interim_measures, RECT_TEXT_MAX_CHARS, "临时管控措施", "the interim measures")
    ||  s_chars (op, plan->responsible_unit, RECT_NAME_MAX_CHARS, "落实责任单位", "the plan's unit")
    ||  s_chars (op, plan->responsible_person, RECT_NAME_MAX_CHARS, "落实责任人", "the plan's person")
    ||  s_chars (op, plan->emergency_plan_ref, RECT_NAME_MAX_CHARS, "应急预案", "the emergency plan reference"))
        return -1;
    sf_org_node_t unit;
    if (*plan->responsible_unit && s_unit (op, plan->responsible_unit, &unit))
        return -1;
    return 0;
}

//  The plan as the form keeps it.
static Rectification__Plan *
s_plan_copy (const Rectification__Plan *plan)
{
    Rectification__Plan *copy = sf_pb_new (&rectification__plan__descriptor);
    sf_pb_set (&copy->measures, plan->measures);
    sf_pb_set (&copy->responsible_unit, plan->responsible_unit);
    sf_pb_set (&copy->responsible_person, plan->responsible_person);
    copy->funds_fen = plan->funds_fen;
    copy->time_limit_ms = plan->time_limit_ms;
    sf_pb_set (&copy->interim_measures, plan->interim_measures);
    sf_pb_set (&copy->emergency_plan_ref, plan->emergency_plan_ref);
    return copy;
}

//  The evidence as the form keeps it: what the rectifier gave, who gave it and when.
static Rectification__Evidence *
s_evidence_copy (rect_op_t *op, const Rectification__Evidence *evidence)
{
    Rectification__Evidence *copy = sf_pb_new (&rectification__evidence__descriptor);
    sf_pb_set (&copy->text, evidence->text);
    for (size_t i = 0; i < evidence->n_attachments; i++)
        sf_pb_add_string (&copy->attachments, &copy->n_attachments, evidence->attachments [i]);
    copy->cost_fen = evidence->cost_fen;
    sf_pb_set (&copy->submitted_by, op->actor->user_id);
    copy->submitted_ms = op->now_ms;
    return copy;
}

//  The text a transition's request carries for the form's note and its history: the note
//  of an acknowledgement or a verification, the reason of a rejection or a cancellation.
static const char *
s_note (rect_transition_t transition, const ProtobufCMessage *request)
{
    switch (transition) {
        case RECT_T_ACKNOWLEDGE: return ((const Rectification__AcknowledgeForm *) request)->note;
        case RECT_T_VERIFY: return ((const Rectification__VerifyForm *) request)->note;
        case RECT_T_REJECT: return ((const Rectification__RejectForm *) request)->reason;
        case RECT_T_CANCEL: return ((const Rectification__CancelForm *) request)->reason;
        default: return "";
    }
}

//  The checks and changes particular to each transition. 0 or -1.
static int
s_transition (rect_op_t *op, rect_transition_t transition, Rectification__Form *form, const ProtobufCMessage *request)
{
    const char *user = op->actor->user_id? op->actor->user_id: "";
    if (transition == RECT_T_RECORD_PLAN) {
        const Rectification__Plan *plan = ((const Rectification__RecordPlan *) request)->plan;
        if (s_check_plan (op, form, plan))
            return -1;
        sf_pb_destroy (&form->plan);
        form->plan = s_plan_copy (plan);
    }
    else
    if (transition == RECT_T_START && form->severity == RECTIFICATION__SEVERITY__SEVERITY_MAJOR) {
        static const Rectification__Plan none = RECTIFICATION__PLAN__INIT;
        return s_check_plan (op, form, form->plan? form->plan: &none);
    }
    else
    if (transition == RECT_T_SUBMIT) {
        const Rectification__Evidence *evidence = ((const Rectification__SubmitEvidence *) request)->evidence;
        if (s_chars (op, evidence->text, RECT_TEXT_MAX_CHARS, "整改证据说明", "the evidence text")
        ||  s_attachments (op, evidence->attachments, evidence->n_attachments, true))
            return -1;
        if (evidence->cost_fen < 0) {
            rect_op_fail (op, SF_INVALID_ARGUMENT, &RECT_MSG_BAD_AMOUNT, "整改费用", "the cost");
            return -1;
        }
        sf_pb_destroy (&form->evidence);
        form->evidence = s_evidence_copy (op, evidence);
        if (op->now_ms > form->deadline_ms)
            form->overdue = true;
    }
    else
    if (transition == RECT_T_VERIFY) {
        if (!form->evidence || !*form->evidence->text) {
            rect_op_fail (op, SF_FAILED_PRECONDITION, &RECT_MSG_MISSING, "整改证据", "the evidence");
            return -1;
        }
        if (strcmp (user, form->evidence->submitted_by) == 0) {
            rect_op_fail (op, SF_FAILED_PRECONDITION, &RECT_MSG_SELF_VERIFY, user);
            return -1;
        }
        form->closed_ms = op->now_ms;
        sf_pb_set (&form->verified_by, user);
        sf_pb_set (&form->note, s_note (transition, request));
    }
    else
    if (transition == RECT_T_REJECT || transition == RECT_T_CANCEL) {
        sf_pb_set (&form->note, s_note (transition, request));
        if (transition == RECT_T_REJECT) {
            form->rejections++;
            sf_pb_destroy (&form->evidence);
        }
    }
    return 0;
}

//  The deadlines after transition. 0 or -1 (db error).
static int
s_deadlines (rect_op_t *op, rect_transition_t transition, const Rectification__Form *form)
{
    switch (transition) {
        case RECT_T_SUBMIT:
        case RECT_T_VERIFY:
        case RECT_T_CANCEL:
            return rect_deadlines_stop (op->db, form);
        case RECT_T_REJECT:
            return rect_deadlines_arm (op->db, op->policy, form, op->now_ms);
        default:
            return 0;
    }
}

int
rect_form_apply (rect_op_t *op, rect_transition_t transition, Rectification__Form *form,
                 const ProtobufCMessage *request)
{
    const rect_move_t *move = rect_machine_move (transition);
    assert (request->descriptor == move->request);
    if (!rect_machine_allows (move, form->status)) {
        rect_op_fail (op, SF_FAILED_PRECONDITION, &RECT_MSG_ILLEGAL, form->number, rect_status_name_zh (form->status),
                      rect_status_name (form->status), move->name_zh, move->name);
        return -1;
    }
    bool reason = transition == RECT_T_REJECT || transition == RECT_T_CANCEL;
    if (s_check_side (op, move, form)
    ||  s_chars (op, s_note (transition, request), RECT_TEXT_MAX_CHARS, reason? "原因": "说明",
                 reason? "the reason": "the note")
    ||  s_transition (op, transition, form, request))
        return -1;
    int from = form->status;
    if (move->to)
        form->status = move->to;
    if (move->pdca)
        form->pdca = move->pdca;
    const char *note = transition == RECT_T_SUBMIT? form->evidence->text: s_note (transition, request);
    if (rect_store_update (op->db, form)
    ||  rect_store_history (op->db, form->id, move->name, from, form->status, op->actor->user_id,
                            op->actor->org_node, note, op->now_ms)
    ||  s_deadlines (op, transition, form)) {
        rect_op_fail_db (op, "changing a form");
        return -1;
    }
    if (rect_op_emit_form (op, move->event, form))
        return -1;
    sf_log (SF_LOG_INFO, &op->log, "form %s: %s by %s, now %s", form->number, move->name,
            op->actor->user_id, rect_status_name (form->status));
    return 0;
}
