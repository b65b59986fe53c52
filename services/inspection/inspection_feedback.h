/*  inspection_feedback: what rectification did with our findings, applied from its stream
    (sf_consumer, once per event): form_issued puts the finding in rectification with the
    form's number, form_closed closes it, form_cancelled cancels it. Other events and forms
    not made from our findings are ignored.                                                 */
#ifndef INSPECTION_FEEDBACK_H_INCLUDED
#define INSPECTION_FEEDBACK_H_INCLUDED

#include "sf_consumer.h"

#define INSPECTION_FEEDBACK_TOPIC "rectification"

sf_consumer_fn inspection_feedback_apply;

#endif
