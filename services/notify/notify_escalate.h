/*  notify_escalate: urgent deliveries not acknowledged in time move up the org chain
    (README_log.md, "Escalation"). An urgent delivery SENT more than notify_setting
    urgent_ack_minutes ago and not acknowledged becomes ESCALATED, and the nearest unit above
    its unit that has enabled channels gets a new QUEUED delivery over each of them: the same
    event, escalation_step + 1, parent_id the delivery it moves up from. Delivery rows are
    unique per (event, unit, channel, step), so a step is taken once however many of the
    unit's channels, runs or restarts lead to it; event notify.delivery_escalated for each.
    The same job, every 30 s (notify_escalate_register), makes the digests
    (notify_escalate_digest.h).                                                             */
#ifndef NOTIFY_ESCALATE_H_INCLUDED
#define NOTIFY_ESCALATE_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

#define NOTIFY_ESCALATE_JOB "notify.escalate"
#define NOTIFY_ESCALATE_PERIOD_MS 30000
//  Deliveries one run escalates at most; the rest wait for the next run.
#define NOTIFY_ESCALATE_BATCH 200

//  Escalates what is due at now_ms, inside the caller's transaction. Returns the number of
//  deliveries escalated, or -1 on a database error.
int notify_escalate_run (sf_db_t *db, int64_t now_ms);

#endif
