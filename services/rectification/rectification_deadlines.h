/*  rectification_deadlines: reminders before a form's deadline, overdue detection at it,
    and escalation along the org chain after it, as sf_scheduler deadlines (one per job and
    form, set in the transaction that changes the form), so several instances fire each once. */
#ifndef RECTIFICATION_DEADLINES_H_INCLUDED
#define RECTIFICATION_DEADLINES_H_INCLUDED

#include "rectification.pb-c.h"
#include "rectification_policy.h"
#include "sf_scheduler.h"

#define RECT_JOB_REMINDER "rectification.reminder"
#define RECT_JOB_OVERDUE "rectification.overdue"
#define RECT_JOB_ESCALATE "rectification.escalate"

//  The deadlines of a form whose deadline counts again (issued, or rejected): the next
//  reminder still ahead, and the overdue check at the deadline; when the deadline has
//  passed, the overdue check (not yet marked) or the escalation (already marked) now.
int rect_deadlines_arm (sf_db_t *db, const rect_policy_t *policy, const Rectification__Form *form, int64_t now_ms);

//  rect_deadlines_arm for count forms just issued (not overdue, no deadline yet), a few
//  statements for all. 0 or -1.
int rect_deadlines_arm_new (sf_db_t *db, const rect_policy_t *policy, Rectification__Form *const *forms, size_t count,
                            int64_t now_ms);

//  Removes every deadline of form (submitted, closed, cancelled). 0 or -1.
int rect_deadlines_stop (sf_db_t *db, const Rectification__Form *form);

//  The due time of the next reminder after now_ms, or 0 when none is left.
int64_t rect_deadlines_next_reminder (const rect_policy_t *policy, int64_t deadline_ms, int64_t now_ms);

//  Registers the three jobs' handlers (policy must outlive the scheduler).
void rect_deadlines_register (sf_scheduler_t *scheduler, const rect_policy_t *policy);

#endif
