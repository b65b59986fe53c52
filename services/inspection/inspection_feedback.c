/*  inspection_feedback: finding status from rectification's events.                         */
#include "inspection_feedback.h"
#include "inspection_store.h"
#include "rectification.pb-c.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <string.h>

int
inspection_feedback_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    Inspection__FindingStatus status =
          strcmp (event->type, "rectification.form_issued") == 0? INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION
        : strcmp (event->type, "rectification.form_closed") == 0? INSPECTION__FINDING_STATUS__FINDING_CLOSED
        : strcmp (event->type, "rectification.form_cancelled") == 0? INSPECTION__FINDING_STATUS__FINDING_CANCELLED
        : INSPECTION__FINDING_STATUS__FINDING_STATUS_UNSPECIFIED;
    if (!status)
        return 0;
    Rectification__Form *form = sf_event_payload (event, &rectification__form__descriptor, NULL);
    if (!form)
        return -1;
    int rc = 0;
    if (form->finding_id > 0) {
        int changed = inspection_store_finding_feedback (db, form->finding_id, status, form->number);
        if (changed < 0)
            rc = -1;
        else
        if (changed > 0)
            sf_info ("finding %lld: form %s, status %d", (long long) form->finding_id, form->number, status);
    }
    sf_pb_destroy (&form);
    return rc;
}
