/*  rectification_findings: turns each inspection.finding_reported event into one feedback
    form, in the consumer's transaction (its inbox row and UNIQUE (finding_id) make a finding
    delivered any number of times one form).                                               */
#ifndef RECTIFICATION_FINDINGS_H_INCLUDED
#define RECTIFICATION_FINDINGS_H_INCLUDED

#include "sf_consumer.h"

#define RECT_FINDINGS_TOPIC "inspection"

//  The consumer handler; arg is the rect_policy_t.
sf_consumer_fn rect_findings_apply;

//  The same for a read at once (sf_consumer_many_fn): the plain findings (units known, no
//  recurrence) issued set-based; anything else gives the read back to rect_findings_apply.
sf_consumer_many_fn rect_findings_apply_many;

#endif
