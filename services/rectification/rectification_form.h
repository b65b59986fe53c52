/*  rectification_form: the operations on a feedback form, shared by the request handlers,
    the consumer of findings and the deadline jobs. Each runs inside the caller's
    transaction, checks everything first and then writes the form, its history, its events
    (through the outbox) and its deadlines. A refused operation records why in the op
    (status and both reasons) and has written nothing the caller must keep.              */
#ifndef RECTIFICATION_FORM_H_INCLUDED
#define RECTIFICATION_FORM_H_INCLUDED

#include "rectification_machine.h"
#include "rectification_policy.h"
#include "sf_rpc_server.h"

//  Limits of what a person types, in characters (a Chinese character is one), each at least
//  what the inspection daemon accepts for the same field, so a finding always fits.
#define RECT_TEXT_MAX_CHARS 2000          //  description, requirement, evidence, plan, notes
#define RECT_LOCATION_MAX_CHARS 200
#define RECT_NAME_MAX_CHARS 200           //  codes, people, hazard key, plan references
#define RECT_ATTACHMENTS_MAX 20
#define RECT_ATTACHMENT_MAX_CHARS 500

typedef struct {
    sf_db_t *db;
    const rect_policy_t *policy;
    const sf_actor_t *actor;     //  who acts; the consumer and the jobs name themselves
    const char *trace_id;
    sf_call_t *call;             //  NULL outside a request: events go straight to the outbox
    sf_log_ctx_t log;
    int64_t now_ms;
    sf_status_t status;          //  SF_OK until refused
    char *reason_zh;
    char *reason_en;
} rect_op_t;

void rect_op_init (rect_op_t *op, sf_db_t *db, const rect_policy_t *policy, const sf_actor_t *actor,
                   const char *trace_id, sf_call_t *call);
void rect_op_fail (rect_op_t *op, sf_status_t status, const sf_text_t *text, ...);
//  Refuses from the last database error (unavailable when transient, else internal), logged.
void rect_op_fail_db (rect_op_t *op, const char *what);
void rect_op_clear (rect_op_t *op);

//  Adds an event with the form (or an alert about it) as payload.
int rect_op_emit_form (rect_op_t *op, const char *type, const Rectification__Form *form);
int rect_op_emit_alert (rect_op_t *op, const char *type, const Rectification__Alert *alert);
//  Bumps the version of the locked form for an event that changes no other field, so that
//  every event about a form carries a version of its own (see README.md). 0 or -1.
int rect_op_bump (rect_op_t *op, Rectification__Form *form);

//  Issues form (the IssueForm fields filled; finding_id set for a form from a finding,
//  whose issuer unit is then taken as given; a direct form only from a request, op->call
//  with the actor's grants). Returns 0 issued, 1 when the finding has its form already, -1
//  refused.
int rect_form_issue (rect_op_t *op, Rectification__Form *form);

//  The checks of an issue that look at the form alone (severity, lengths, deadline). 0, or
//  -1 refused (op says why).
int rect_form_check_fields (rect_op_t *op, const Rectification__Form *form);

//  Issues forms made from findings at once, a few statements for all: each checked as
//  rect_form_issue checks one (its responsible unit active), its plant_code set, not a
//  recurrence; issued in the name of actors [i], its event with trace_ids [i]. Returns how
//  many were issued (a form whose finding has one already is left out, its id 0), -1 on a
//  database error (op says so).
int rect_form_issue_many (rect_op_t *op, Rectification__Form *const *forms, const sf_actor_t *actors,
                          const char *const *trace_ids, size_t count);

//  When a form about to be issued counts from: its finding's report, else now.
int64_t rect_form_issued_at (const rect_op_t *op, const Rectification__Form *form);

//  Where the window for a recurrence of a form issued at issued_ms starts.
int64_t rect_form_recurrence_since (const rect_policy_t *policy, int64_t issued_ms);

//  Makes transition on the locked form with what its request (the message of the move,
//  rect_move_t.request) carries: a note or reason, the plan, the evidence. Only from a
//  request (op->call with the actor's grants: the side and roles are checked against them).
//  0 or -1 refused.
int rect_form_apply (rect_op_t *op, rect_transition_t transition, Rectification__Form *form,
                     const ProtobufCMessage *request);

//  The unit that hears of a form for step: the responsible unit's nearest unit of
//  step->kind (or above). Caller frees. NULL on a database error.
char *rect_form_target (rect_op_t *op, const Rectification__Form *form, const rect_step_t *step);

//  "2026-11-28 17:05 (UTC+8)", Beijing time, for messages. Caller frees.
char *rect_time_text (int64_t ms);

#endif
