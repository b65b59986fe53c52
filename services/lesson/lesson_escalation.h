/*  lesson_escalation: overdue assignments, escalated up the org chain (README_assign.md,
    "Escalation"). An assignment not reported by its deadline (next_escalation_ms, the
    deadline at first) becomes late and its unit hears of it (lesson.assignment_overdue,
    escalation_step 0, escalated_to the unit); every lesson_rule.escalation_hours after that
    the notice goes one level up the org copy's chain (step + 1, escalated_to the parent),
    until the top, where it stops. Reporting stops it. Set-based: each pass updates every due
    assignment (up to a batch) in one statement a step, then sends one event each.
    The same job's pass deletes the findings' outcomes no assignment holds once they are
    older than lesson_rule.outcome_days.                                                   */
#ifndef LESSON_ESCALATION_H_INCLUDED
#define LESSON_ESCALATION_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

//  Assignments a pass changes at most per step; the rest wait for the next pass.
#define LESSON_ESCALATION_BATCH 1000

//  One pass at now_ms inside db's transaction: the first overdue notices and the further
//  steps, with their events (no person as actor). Returns how many notices it sent, or -1.
int lesson_escalation_pass (sf_db_t *db, int64_t now_ms);

//  Deletes the outcomes no assignment holds that are older than outcome_days at now_ms.
//  Returns how many, or -1.
int64_t lesson_escalation_prune (sf_db_t *db, int64_t now_ms);

#endif
