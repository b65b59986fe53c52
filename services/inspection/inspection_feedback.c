/*  inspection_feedback: finding status from rectification's events.                         */
#include "inspection_feedback.h"
#include "inspection_codec.h"
#include "inspection_store.h"
#include "sf_log.h"

#include <stdlib.h>
#include <string.h>

int
inspection_feedback_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    int status = strcmp (event->type, "rectification.form_issued") == 0? INSPECTION_FINDING_IN_RECTIFICATION
               : strcmp (event->type, "rectification.form_closed") == 0? INSPECTION_FINDING_CLOSED
               : strcmp (event->type, "rectification.form_cancelled") == 0? INSPECTION_FINDING_CANCELLED: 0;
    if (!status)
        return 0;
    int64_t finding_id;
    char *number;
    if (inspection_form_ref_decode (event->payload, event->payload_size, &finding_id, &number)) {
        sf_warn ("event %s: the rectification.Form does not decode", event->event_id);
        return -1;
    }
    int rc = 0;
    if (finding_id > 0) {
        int changed = inspection_store_finding_feedback (db, finding_id, status, number);
        if (changed < 0)
            rc = -1;
        else
        if (changed > 0)
            sf_info ("finding %lld: form %s, status %d", (long long) finding_id, number, status);
    }
    free (number);
    return rc;
}
