/*  rectification_findings: the consumer of findings.                                      */
#include "rectification_findings.h"
#include "rectification_form.h"
#include "rectification_store.h"
#include "inspection.pb-c.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  What the form asks when the finding does not say (a finding carries no requirement).
//  Stored data, written as the issuing side would write it: in Chinese.
#define S_DEFAULT_REQUIREMENT "按期消除隐患，并提交整改证据"

//  Whether a reporter's unit of plant reporter_plant may issue the form of a hazard in
//  plant: the unit that found it owns the finding when it lies in that plant or above the
//  plants (the company's EHS office inspecting); a unit of another plant typed it for a
//  plant not its own, which issues it then (README, "Who issues a form from a finding").
static bool
s_reporter_issues (const char *reporter_plant, const char *plant)
{
    return !*reporter_plant || strcmp (reporter_plant, plant) == 0;
}

//  The issuing side of a form from finding: the reporter's unit (s_reporter_issues), else
//  the plant of the responsible unit. A reporter's unit the org copy does not know may be one
//  it has not learnt yet: while the finding is young it waits (SF_CONSUMER_LATER), afterwards
//  the plant issues. Sets *issuer (caller frees); 0, SF_CONSUMER_LATER, or -1 on a database
//  error.
static int
s_issuer (sf_db_t *db, const Inspection__Finding *finding, bool young, sf_log_ctx_t *log, char **issuer)
{
    *issuer = NULL;
    sf_org_node_t plant;
    int in_plant = sf_org_ancestor_of_kind (db, finding->responsible_unit, SF_ORG_PLANT, &plant);
    if (in_plant < 0)
        return -1;
    if (*finding->reporter_unit) {
        sf_org_node_t reporter;
        int found = sf_org_find (db, finding->reporter_unit, &reporter);
        if (found < 0)
            return -1;
        if (found && s_reporter_issues (reporter.plant_code, in_plant? plant.code: "")) {
            *issuer = strdup (finding->reporter_unit);
            return 0;
        }
        if (found) {
            sf_log (SF_LOG_INFO, log, "finding %s: reported from %s of another plant, the plant %s issues",
                    finding->number, finding->reporter_unit, in_plant? plant.code: finding->responsible_unit);
            *issuer = strdup (in_plant? plant.code: finding->responsible_unit);
            return 0;
        }
        if (young) {
            sf_log (SF_LOG_WARN, log, "finding %s: reporter unit %s not known yet, waiting for it",
                    finding->number, finding->reporter_unit);
            return SF_CONSUMER_LATER;
        }
        sf_log (SF_LOG_WARN, log, "finding %s: reporter unit %s still unknown, the plant issues",
                finding->number, finding->reporter_unit);
    }
    *issuer = strdup (in_plant? plant.code: finding->responsible_unit);
    return 0;
}

//  The finding as a form to issue, from issuer (a malloc'd code the form takes).
static Rectification__Form *
s_form_of (const Inspection__Finding *finding, char *issuer)
{
    Rectification__Form *form = sf_pb_new (&rectification__form__descriptor);
    form->finding_id = finding->id;
    sf_pb_set (&form->finding_number, finding->number);
    //  inspection.Severity and rectification.Severity share their numbers.
    form->severity = (Rectification__Severity) finding->severity;
    sf_pb_set (&form->description, finding->description);
    sf_pb_set (&form->location, finding->location);
    sf_pb_set (&form->hazard_key, finding->hazard_key);
    sf_pb_set (&form->responsible_unit, finding->responsible_unit);
    sf_pb_set (&form->responsible_person, finding->responsible_person);
    form->issuer_unit = issuer;
    sf_pb_set (&form->requirement, S_DEFAULT_REQUIREMENT);
    form->issued_ms = finding->reported_ms;
    for (size_t i = 0; i < finding->n_attachments; i++)
        sf_pb_add_string (&form->attachments, &form->n_attachments, finding->attachments [i]);
    return form;
}

//  Unpacks the event's finding, checked as the rpc server checks a request: text only, the
//  unit and the description given. NULL when it is not one (logged, unless log is NULL).
static Inspection__Finding *
s_finding (const sf_event_t *event, sf_log_ctx_t *log)
{
    sf_pb_fault_t fault = { .text = NULL };
    Inspection__Finding *finding = NULL;
    if (event->payload_type && strcmp (event->payload_type, "inspection.Finding") == 0)
        finding = (Inspection__Finding *) sf_pb_unpack_checked (&inspection__finding__descriptor, event->payload,
                                                               event->payload_size, SIZE_MAX,
                                                               "responsible_unit,description", &fault);
    if (!finding && !log)
        ;
    else
    if (!finding && fault.text) {
        char *zh, *en;
        sf_text_format (fault.text, &zh, &en, fault.path, fault.limit);
        sf_log (SF_LOG_ERROR, log, "finding %s refused: %s", event->aggregate_id, en);
        free (zh);
        free (en);
    }
    else
    if (!finding)
        sf_log (SF_LOG_ERROR, log, "finding_reported without an inspection.Finding payload");
    else
    if (finding->id <= 0) {
        if (log)
            sf_log (SF_LOG_ERROR, log, "finding without an id");
        sf_pb_destroy (&finding);
    }
    return finding;
}

int
rect_findings_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    if (!event->type || strcmp (event->type, "inspection.finding_reported") != 0)
        return 0;
    const rect_policy_t *policy = (const rect_policy_t *) arg;
    sf_log_ctx_t log = { .event_id = event->event_id, .plant = event->plant };
    Inspection__Finding *finding = s_finding (event, &log);
    if (!finding)
        return -1;
    //  The org copy may lag the directory, but not for ever: a unit still unknown this long
    //  after the report will not come, and the finding is counted toward the dead letter.
    int64_t reported = finding->reported_ms > 0? finding->reported_ms: event->occurred_ms;
    bool young = sf_clock_now_ms () - reported < policy->unknown_unit_wait_ms;
    int taken = rect_store_has_finding (db, finding->id);
    char *issuer = NULL;
    int rc = taken < 0? -1: taken? 0: s_issuer (db, finding, young, &log, &issuer);
    if (taken || rc) {
        sf_pb_destroy (&finding);
        return rc;
    }
    Rectification__Form *form = s_form_of (finding, issuer);
    //  The form is issued in the reporter's name.
    sf_actor_t reporter = {
        .user_id = finding->reporter, .org_node = finding->reporter_unit, .plant = finding->plant_code
    };
    rect_op_t op;
    rect_op_init (&op, db, policy, &reporter, event->trace_id, NULL);
    op.log = log;
    if (rect_form_issue (&op, form) < 0) {
        //  The inspection daemon knew the unit when it stored the finding, so a unit unknown
        //  here is one our org copy has not seen yet: wait for it, uncounted, while the
        //  finding is young. Any other refusal is counted, and dead-lettered in the end.
        bool wait = op.status == SF_NOT_FOUND && young;
        sf_log (op.status == SF_INTERNAL? SF_LOG_ERROR: SF_LOG_WARN, &log, "finding %s not taken%s: %s",
                finding->number, wait? " yet": "", op.reason_en);
        rc = wait? SF_CONSUMER_LATER: -1;
    }
    rect_op_clear (&op);
    sf_pb_destroy (&form);
    sf_pb_destroy (&finding);
    return rc;
}

//  The findings of a read, made into forms and looked up together (rect_findings_apply_many).
typedef struct {
    size_t count;
    Inspection__Finding **findings;
    Rectification__Form **forms;
    sf_actor_t *actors;                 //  each finding's reporter (strings the finding's)
    const char **trace_ids;
    const char **reporter_units;
    int64_t *since_ms;
    rect_finding_context_t *contexts;
} s_read_t;

static void
s_read_init (s_read_t *read, size_t count)
{
    *read = (s_read_t) {
        .findings = calloc (count + 1, sizeof (Inspection__Finding *)),
        .forms = calloc (count + 1, sizeof (Rectification__Form *)),
        .actors = calloc (count + 1, sizeof (sf_actor_t)),
        .trace_ids = calloc (count + 1, sizeof (char *)),
        .reporter_units = calloc (count + 1, sizeof (char *)),
        .since_ms = calloc (count + 1, sizeof (int64_t)),
        .contexts = calloc (count + 1, sizeof (rect_finding_context_t))
    };
    assert (read->findings && read->forms && read->actors && read->trace_ids && read->reporter_units
            && read->since_ms && read->contexts);
}

static void
s_read_clear (s_read_t *read)
{
    for (size_t i = 0; i < read->count; i++) {
        sf_pb_destroy (&read->forms [i]);
        sf_pb_destroy (&read->findings [i]);
    }
    free (read->findings);
    free (read->forms);
    free (read->actors);
    free (read->trace_ids);
    free (read->reporter_units);
    free (read->since_ms);
    free (read->contexts);
}

//  Adds the finding of event to read, its form's issuer its reporter's unit (else the plant:
//  set once the context is known). -1 when the event is one for the one-by-one handler.
static int
s_read_add (s_read_t *read, rect_op_t *op, const sf_event_t *event)
{
    Inspection__Finding *finding = s_finding (event, NULL);
    if (!finding)
        return -1;
    size_t i = read->count++;
    read->findings [i] = finding;
    read->forms [i] = s_form_of (finding, strdup (finding->reporter_unit));
    read->actors [i] = (sf_actor_t) {
        .user_id = finding->reporter, .org_node = finding->reporter_unit, .plant = finding->plant_code
    };
    read->trace_ids [i] = event->trace_id;
    read->reporter_units [i] = finding->reporter_unit;
    read->since_ms [i] = rect_form_recurrence_since (op->policy, rect_form_issued_at (op, read->forms [i]));
    return 0;
}

//  Whether the i-th finding of read is the plain case issued set-based: its units known and
//  active, within a plant, its form's fields right and no recurrence. Else the one-by-one
//  handler decides (waits, refuses, finds a company, raises the recurrence).
static bool
s_plain (s_read_t *read, rect_op_t *op, size_t i)
{
    const rect_finding_context_t *context = &read->contexts [i];
    Rectification__Form *form = read->forms [i];
    if ((*read->reporter_units [i] && !context->reporter_known)
    ||  !context->unit_known || !context->unit_active || !*context->plant_code || context->repeats)
        return false;
    sf_pb_set (&form->plant_code, context->plant_code);
    if (!*form->issuer_unit || !s_reporter_issues (context->reporter_plant, context->plant_code))
        sf_pb_set (&form->issuer_unit, context->plant_code);
    return rect_form_check_fields (op, form) == 0;
}

int
rect_findings_apply_many (sf_db_t *db, const sf_event_t *const *events, size_t count, void *arg)
{
    const rect_policy_t *policy = (const rect_policy_t *) arg;
    rect_op_t op;
    rect_op_init (&op, db, policy, NULL, NULL, NULL);
    s_read_t read;
    s_read_init (&read, count);
    int rc = 0;
    for (size_t e = 0; e < count && rc == 0; e++)
        if (events [e]->type && strcmp (events [e]->type, "inspection.finding_reported") == 0)
            rc = s_read_add (&read, &op, events [e]);
    if (rc == 0 && read.count)
        rc = rect_store_finding_context (db, read.forms, read.reporter_units, read.since_ms, read.count,
                                         read.contexts);
    //  The forms to issue, with their reporters and traces, packed to the front.
    size_t fresh = 0;
    for (size_t i = 0; i < read.count && rc == 0; i++) {
        if (read.contexts [i].taken)
            continue;
        if (!s_plain (&read, &op, i))
            rc = -1;
        else {
            //  Swapped, not copied: every form is still destroyed once at the end (the actors'
            //  strings stay in their findings until then).
            Rectification__Form *form = read.forms [fresh];
            read.forms [fresh] = read.forms [i];
            read.forms [i] = form;
            read.actors [fresh] = read.actors [i];
            read.trace_ids [fresh] = read.trace_ids [i];
            fresh++;
        }
    }
    if (rc == 0 && fresh && rect_form_issue_many (&op, read.forms, read.actors, read.trace_ids, fresh) < 0)
        rc = -1;
    rect_op_clear (&op);
    s_read_clear (&read);
    return rc;
}
