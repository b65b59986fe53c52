/*  rectification_commands: the request bodies of rectification.proto, decoded into one
    rect_command_t and encoded from it (for safetyctl and the tests).                        */
#include "rectification_codec.h"
#include "rectification.pb-c.h"
#include "sf_codec.h"

#include <stdlib.h>
#include <string.h>

//  Fills the fields every command has, so clearing never meets a NULL.
static void
s_defaults (rect_command_t *command)
{
    memset (command, 0, sizeof *command);
    command->number = sf_codec_strdup (NULL);
    command->note = sf_codec_strdup (NULL);
    command->unit_code = sf_codec_strdup (NULL);
}

static bool
s_is (const char *a, const char *b)
{
    return strcmp (a, b) == 0;
}

static void
s_set (char **field, const char *value)
{
    free (*field);
    *field = sf_codec_strdup (value);
}

static int
s_decode_issue (rect_command_t *command, const uint8_t *body, size_t size)
{
    Rectification__IssueForm *wire = rectification__issue_form__unpack (NULL, size, body);
    if (!wire)
        return -1;
    rect_form_t *form = &command->issue;
    form->responsible_unit = sf_codec_strdup (wire->responsible_unit);
    form->responsible_person = sf_codec_strdup (wire->responsible_person);
    form->issuer_unit = sf_codec_strdup (wire->issuer_unit);
    form->severity = wire->severity;
    form->description = sf_codec_strdup (wire->description);
    form->location = sf_codec_strdup (wire->location);
    form->requirement = sf_codec_strdup (wire->requirement);
    form->deadline_ms = wire->deadline_ms;
    form->hazard_key = sf_codec_strdup (wire->hazard_key);
    for (size_t i = 0; i < wire->n_attachments; i++)
        rect_strings_add (&form->attachments, wire->attachments [i]);
    rectification__issue_form__free_unpacked (wire, NULL);
    return 0;
}

//  The form-selecting messages share their first two fields (number, id); the third is
//  the note, the reason, the plan or the evidence.
#define S_DECODE_SELECTOR(msg, fn, third) \
    do { \
        msg *wire = fn##__unpack (NULL, size, body); \
        if (!wire) { \
            rect_command_clear (command); \
            return -1; \
        } \
        s_set (&command->number, wire->number); \
        command->id = wire->id; \
        third; \
        fn##__free_unpacked (wire, NULL); \
        return 0; \
    } while (0)

int
rect_command_decode (const char *type, const uint8_t *body, size_t size, rect_command_t *command)
{
    s_defaults (command);
    if (!type || strncmp (type, "rectification.", 14) != 0)
        goto malformed;
    const char *name = type + 14;
    int rc = -1;
    if (s_is (name, "IssueForm"))
        rc = s_decode_issue (command, body, size);
    else
    if (s_is (name, "AcknowledgeForm"))
        S_DECODE_SELECTOR (Rectification__AcknowledgeForm, rectification__acknowledge_form, s_set (&command->note, wire->note));
    else
    if (s_is (name, "StartRectification"))
        S_DECODE_SELECTOR (Rectification__StartRectification, rectification__start_rectification, (void) 0);
    else
    if (s_is (name, "RecordPlan"))
        S_DECODE_SELECTOR (Rectification__RecordPlan, rectification__record_plan,
            command->has_plan = wire->plan != NULL;
            if (wire->plan) {
                command->plan.measures = sf_codec_strdup (wire->plan->measures);
                command->plan.responsible_unit = sf_codec_strdup (wire->plan->responsible_unit);
                command->plan.responsible_person = sf_codec_strdup (wire->plan->responsible_person);
                command->plan.funds_fen = wire->plan->funds_fen;
                command->plan.time_limit_ms = wire->plan->time_limit_ms;
                command->plan.interim_measures = sf_codec_strdup (wire->plan->interim_measures);
                command->plan.emergency_plan_ref = sf_codec_strdup (wire->plan->emergency_plan_ref);
            });
    else
    if (s_is (name, "SubmitEvidence"))
        S_DECODE_SELECTOR (Rectification__SubmitEvidence, rectification__submit_evidence,
            command->has_evidence = wire->evidence != NULL;
            if (wire->evidence) {
                command->evidence.text = sf_codec_strdup (wire->evidence->text);
                for (size_t i = 0; i < wire->evidence->n_attachments; i++)
                    rect_strings_add (&command->evidence.attachments, wire->evidence->attachments [i]);
                command->evidence.cost_fen = wire->evidence->cost_fen;
            });
    else
    if (s_is (name, "VerifyForm"))
        S_DECODE_SELECTOR (Rectification__VerifyForm, rectification__verify_form, s_set (&command->note, wire->note));
    else
    if (s_is (name, "RejectForm"))
        S_DECODE_SELECTOR (Rectification__RejectForm, rectification__reject_form, s_set (&command->note, wire->reason));
    else
    if (s_is (name, "CancelForm"))
        S_DECODE_SELECTOR (Rectification__CancelForm, rectification__cancel_form, s_set (&command->note, wire->reason));
    else
    if (s_is (name, "GetForm"))
        S_DECODE_SELECTOR (Rectification__GetForm, rectification__get_form, (void) 0);
    else
    if (s_is (name, "ListForms")) {
        Rectification__ListForms *wire = rectification__list_forms__unpack (NULL, size, body);
        if (!wire)
            goto malformed;
        s_set (&command->unit_code, wire->unit_code);
        command->status = wire->status;
        command->open_only = wire->open_only;
        command->limit = wire->limit;
        rectification__list_forms__free_unpacked (wire, NULL);
        rc = 0;
    }
    else
    if (s_is (name, "GetStats")) {
        Rectification__GetStats *wire = rectification__get_stats__unpack (NULL, size, body);
        if (!wire)
            goto malformed;
        s_set (&command->unit_code, wire->unit_code);
        command->from_ms = wire->from_ms;
        command->to_ms = wire->to_ms;
        rectification__get_stats__free_unpacked (wire, NULL);
        rc = 0;
    }
    else
    if (s_is (name, "GetNotice")) {
        Rectification__GetNotice *wire = rectification__get_notice__unpack (NULL, size, body);
        if (!wire)
            goto malformed;
        s_set (&command->unit_code, wire->unit_code);
        rectification__get_notice__free_unpacked (wire, NULL);
        rc = 0;
    }
    if (rc == 0)
        return 0;
malformed:
    rect_command_clear (command);
    return -1;
}

void
rect_command_clear (rect_command_t *command)
{
    free (command->number);
    free (command->note);
    free (command->unit_code);
    rect_form_clear (&command->issue);
    rect_plan_clear (&command->plan);
    rect_evidence_clear (&command->evidence);
    memset (command, 0, sizeof *command);
}

#define S_ENCODE_SELECTOR(msg, init, third) \
    do { \
        msg wire = init; \
        wire.number = sf_codec_wire (command->number); \
        wire.id = command->id; \
        third; \
        return sf_codec_pack (&wire.base, size); \
    } while (0)

uint8_t *
rect_command_encode (const char *type, const rect_command_t *command, size_t *size)
{
    const char *name = strncmp (type, "rectification.", 14) == 0? type + 14: "";
    if (s_is (name, "IssueForm")) {
        Rectification__IssueForm wire = RECTIFICATION__ISSUE_FORM__INIT;
        const rect_form_t *form = &command->issue;
        wire.responsible_unit = sf_codec_wire (form->responsible_unit);
        wire.responsible_person = sf_codec_wire (form->responsible_person);
        wire.issuer_unit = sf_codec_wire (form->issuer_unit);
        wire.severity = (Rectification__Severity) form->severity;
        wire.description = sf_codec_wire (form->description);
        wire.location = sf_codec_wire (form->location);
        wire.requirement = sf_codec_wire (form->requirement);
        wire.deadline_ms = form->deadline_ms;
        wire.hazard_key = sf_codec_wire (form->hazard_key);
        wire.n_attachments = form->attachments.count;
        wire.attachments = form->attachments.items;
        return sf_codec_pack (&wire.base, size);
    }
    if (s_is (name, "AcknowledgeForm"))
        S_ENCODE_SELECTOR (Rectification__AcknowledgeForm, RECTIFICATION__ACKNOWLEDGE_FORM__INIT,
                           wire.note = sf_codec_wire (command->note));
    if (s_is (name, "StartRectification"))
        S_ENCODE_SELECTOR (Rectification__StartRectification, RECTIFICATION__START_RECTIFICATION__INIT, (void) 0);
    if (s_is (name, "RecordPlan")) {
        Rectification__Plan plan = RECTIFICATION__PLAN__INIT;
        plan.measures = sf_codec_wire (command->plan.measures);
        plan.responsible_unit = sf_codec_wire (command->plan.responsible_unit);
        plan.responsible_person = sf_codec_wire (command->plan.responsible_person);
        plan.funds_fen = command->plan.funds_fen;
        plan.time_limit_ms = command->plan.time_limit_ms;
        plan.interim_measures = sf_codec_wire (command->plan.interim_measures);
        plan.emergency_plan_ref = sf_codec_wire (command->plan.emergency_plan_ref);
        S_ENCODE_SELECTOR (Rectification__RecordPlan, RECTIFICATION__RECORD_PLAN__INIT,
                           wire.plan = command->has_plan? &plan: NULL);
    }
    if (s_is (name, "SubmitEvidence")) {
        Rectification__Evidence evidence = RECTIFICATION__EVIDENCE__INIT;
        evidence.text = sf_codec_wire (command->evidence.text);
        evidence.n_attachments = command->evidence.attachments.count;
        evidence.attachments = command->evidence.attachments.items;
        evidence.cost_fen = command->evidence.cost_fen;
        S_ENCODE_SELECTOR (Rectification__SubmitEvidence, RECTIFICATION__SUBMIT_EVIDENCE__INIT,
                           wire.evidence = command->has_evidence? &evidence: NULL);
    }
    if (s_is (name, "VerifyForm"))
        S_ENCODE_SELECTOR (Rectification__VerifyForm, RECTIFICATION__VERIFY_FORM__INIT,
                           wire.note = sf_codec_wire (command->note));
    if (s_is (name, "RejectForm"))
        S_ENCODE_SELECTOR (Rectification__RejectForm, RECTIFICATION__REJECT_FORM__INIT,
                           wire.reason = sf_codec_wire (command->note));
    if (s_is (name, "CancelForm"))
        S_ENCODE_SELECTOR (Rectification__CancelForm, RECTIFICATION__CANCEL_FORM__INIT,
                           wire.reason = sf_codec_wire (command->note));
    if (s_is (name, "GetForm"))
        S_ENCODE_SELECTOR (Rectification__GetForm, RECTIFICATION__GET_FORM__INIT, (void) 0);
    if (s_is (name, "ListForms")) {
        Rectification__ListForms wire = RECTIFICATION__LIST_FORMS__INIT;
        wire.unit_code = sf_codec_wire (command->unit_code);
        wire.status = (Rectification__FormStatus) command->status;
        wire.open_only = command->open_only;
        wire.limit = command->limit;
        return sf_codec_pack (&wire.base, size);
    }
    if (s_is (name, "GetStats")) {
        Rectification__GetStats wire = RECTIFICATION__GET_STATS__INIT;
        wire.unit_code = sf_codec_wire (command->unit_code);
        wire.from_ms = command->from_ms;
        wire.to_ms = command->to_ms;
        return sf_codec_pack (&wire.base, size);
    }
    Rectification__GetNotice wire = RECTIFICATION__GET_NOTICE__INIT;
    wire.unit_code = sf_codec_wire (command->unit_code);
    return sf_codec_pack (&wire.base, size);
}
