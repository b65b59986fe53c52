/*  rectification_findings: the consumer of findings.                                      */
#include "rectification_findings.h"
#include "rectification_form.h"
#include "rectification_store.h"
#include "sf_org.h"

#include <stdlib.h>
#include <string.h>

//  What the form asks when the finding does not say (a finding carries no requirement).
#define S_DEFAULT_REQUIREMENT "按期消除隐患并提交整改证据 / Remove the hazard by the deadline and submit evidence"

//  The issuing side of a form from finding: the reporter's unit, else the plant of the
//  responsible unit. Caller frees; NULL on a database error.
static char *
s_issuer (sf_db_t *db, const rect_finding_t *finding)
{
    if (*finding->reporter_unit)
        return strdup (finding->reporter_unit);
    sf_org_node_t plant;
    int found = sf_org_ancestor_of_kind (db, finding->responsible_unit, SF_ORG_PLANT, &plant);
    if (found < 0)
        return NULL;
    return strdup (found? plant.code: finding->responsible_unit);
}

int
rect_findings_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    if (!event->type || strcmp (event->type, "inspection.finding_reported") != 0)
        return 0;
    sf_log_ctx_t log = { .event_id = event->event_id, .plant = event->plant };
    rect_finding_t finding;
    if (!event->payload_type || strcmp (event->payload_type, "inspection.Finding") != 0
    ||  rect_finding_decode (&finding, event->payload, event->payload_size)) {
        sf_log (SF_LOG_ERROR, &log, "finding_reported without an inspection.Finding payload");
        return -1;
    }
    rect_form_t existing;
    int found = finding.id > 0? rect_store_find_by_finding (db, finding.id, &existing): 0;
    if (found == 1) {
        rect_form_clear (&existing);
        rect_finding_clear (&finding);
        return 0;
    }
    char *issuer = found < 0? NULL: s_issuer (db, &finding);
    if (!issuer) {
        rect_finding_clear (&finding);
        return -1;
    }
    rect_form_t form = {
        .finding_id = finding.id, .finding_number = strdup (finding.number),
        .severity = finding.severity, .description = strdup (finding.description),
        .location = strdup (finding.location), .hazard_key = strdup (finding.hazard_key),
        .responsible_unit = strdup (finding.responsible_unit),
        .responsible_person = strdup (finding.responsible_person), .issuer_unit = issuer,
        .requirement = strdup (S_DEFAULT_REQUIREMENT)
    };
    for (size_t i = 0; i < finding.attachments.count; i++)
        rect_strings_add (&form.attachments, finding.attachments.items [i]);
    //  The form is issued in the reporter's name.
    sf_actor_t reporter = { .user_id = finding.reporter, .org_node = finding.reporter_unit, .plant = finding.plant_code };
    rect_op_t op;
    rect_op_init (&op, db, (const rect_policy_t *) arg, &reporter, event->trace_id, NULL);
    op.log = log;
    int rc = 0;
    if (finding.id <= 0) {
        sf_log (SF_LOG_ERROR, &log, "finding without an id");
        rc = -1;
    }
    else
    if (rect_form_issue (&op, &form) < 0) {
        //  The inspection daemon knew the unit when it stored the finding, so a unit unknown
        //  here is one our org copy has not seen yet: wait for it, uncounted. Any other
        //  refusal is counted, and dead-lettered in the end.
        sf_log (op.status == SF_INTERNAL? SF_LOG_ERROR: SF_LOG_WARN, &log,
                "finding %s not taken: %s", finding.number, op.reason_en);
        rc = op.status == SF_NOT_FOUND? SF_CONSUMER_LATER: -1;
    }
    rect_op_clear (&op);
    rect_form_clear (&form);
    rect_finding_clear (&finding);
    return rc;
}
