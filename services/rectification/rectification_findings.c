/*  rectification_findings: the consumer of findings.                                      */
#include "rectification_findings.h"
#include "rectification_form.h"
#include "rectification_store.h"
#include "sf_clock.h"
#include "sf_org.h"

#include <stdlib.h>
#include <string.h>

//  What the form asks when the finding does not say (a finding carries no requirement).
//  Stored data, written as the issuing side would write it: in Chinese.
#define S_DEFAULT_REQUIREMENT "按期消除隐患，并提交整改证据"

//  The issuing side of a form from finding: the reporter's unit, else the plant of the
//  responsible unit. A reporter's unit the org copy does not know may be one it has not
//  learnt yet: while the finding is young it waits (SF_CONSUMER_LATER), afterwards the plant
//  issues. Sets *issuer (caller frees); 0, SF_CONSUMER_LATER, or -1 on a database error.
static int
s_issuer (sf_db_t *db, const rect_finding_t *finding, bool young, sf_log_ctx_t *log, char **issuer)
{
    *issuer = NULL;
    if (*finding->reporter_unit) {
        sf_org_node_t reporter;
        int found = sf_org_find (db, finding->reporter_unit, &reporter);
        if (found < 0)
            return -1;
        if (found) {
            *issuer = strdup (finding->reporter_unit);
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
    sf_org_node_t plant;
    int found = sf_org_ancestor_of_kind (db, finding->responsible_unit, SF_ORG_PLANT, &plant);
    if (found < 0)
        return -1;
    *issuer = strdup (found? plant.code: finding->responsible_unit);
    return 0;
}

int
rect_findings_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    if (!event->type || strcmp (event->type, "inspection.finding_reported") != 0)
        return 0;
    const rect_policy_t *policy = (const rect_policy_t *) arg;
    sf_log_ctx_t log = { .event_id = event->event_id, .plant = event->plant };
    rect_finding_t finding;
    if (!event->payload_type || strcmp (event->payload_type, "inspection.Finding") != 0
    ||  rect_finding_decode (&finding, event->payload, event->payload_size)) {
        sf_log (SF_LOG_ERROR, &log, "finding_reported without an inspection.Finding payload");
        return -1;
    }
    //  The org copy may lag the directory, but not for ever: a unit still unknown this long
    //  after the report will not come, and the finding is counted toward the dead letter.
    int64_t reported = finding.reported_ms > 0? finding.reported_ms: event->occurred_ms;
    bool young = sf_clock_now_ms () - reported < policy->unknown_unit_wait_ms;
    rect_form_t existing;
    int found = finding.id > 0? rect_store_find_by_finding (db, finding.id, &existing): 0;
    if (found == 1) {
        rect_form_clear (&existing);
        rect_finding_clear (&finding);
        return 0;
    }
    char *issuer = NULL;
    int rc = found < 0? -1: s_issuer (db, &finding, young, &log, &issuer);
    if (rc) {
        rect_finding_clear (&finding);
        return rc;
    }
    rect_form_t form = {
        .finding_id = finding.id, .finding_number = strdup (finding.number),
        .severity = finding.severity, .description = strdup (finding.description),
        .location = strdup (finding.location), .hazard_key = strdup (finding.hazard_key),
        .responsible_unit = strdup (finding.responsible_unit),
        .responsible_person = strdup (finding.responsible_person), .issuer_unit = issuer,
        .requirement = strdup (S_DEFAULT_REQUIREMENT), .issued_ms = finding.reported_ms
    };
    for (size_t i = 0; i < finding.attachments.count; i++)
        rect_strings_add (&form.attachments, finding.attachments.items [i]);
    //  The form is issued in the reporter's name.
    sf_actor_t reporter = { .user_id = finding.reporter, .org_node = finding.reporter_unit, .plant = finding.plant_code };
    rect_op_t op;
    rect_op_init (&op, db, policy, &reporter, event->trace_id, NULL);
    op.log = log;
    if (finding.id <= 0) {
        sf_log (SF_LOG_ERROR, &log, "finding without an id");
        rc = -1;
    }
    else
    if (rect_form_issue (&op, &form) < 0) {
        //  The inspection daemon knew the unit when it stored the finding, so a unit unknown
        //  here is one our org copy has not seen yet: wait for it, uncounted, while the
        //  finding is young. Any other refusal is counted, and dead-lettered in the end.
        bool wait = op.status == SF_NOT_FOUND && young;
        sf_log (op.status == SF_INTERNAL? SF_LOG_ERROR: SF_LOG_WARN, &log, "finding %s not taken%s: %s",
                finding.number, wait? " yet": "", op.reason_en);
        rc = wait? SF_CONSUMER_LATER: -1;
    }
    rect_op_clear (&op);
    rect_form_clear (&form);
    rect_finding_clear (&finding);
    return rc;
}
