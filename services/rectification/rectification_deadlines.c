/*  rectification_deadlines: the reminder, overdue and escalation jobs.                    */
#include "rectification_deadlines.h"
#include "rectification_form.h"
#include "rectification_store.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  How long a deadline waits when a command holds its form.
#define S_BUSY_RETRY_MS 3000

//  Who the jobs act as in their events and the history.
static const sf_actor_t s_scheduler_actor = { .user_id = (char *) "sf-rectification", .org_node = (char *) "" };

static void
s_subject (const Rectification__Form *form, char *subject, size_t size)
{
    snprintf (subject, size, "%" PRId64, form->id);
}

int64_t
rect_deadlines_next_reminder (const rect_policy_t *policy, int64_t deadline_ms, int64_t now_ms)
{
    //  Reminder days are descending, so their due times ascend.
    for (int i = 0; i < policy->reminder_count; i++) {
        int64_t due = deadline_ms - policy->reminder_days [i] * RECT_DAY_MS;
        if (due > now_ms)
            return due;
    }
    return 0;
}

int
rect_deadlines_arm (sf_db_t *db, const rect_policy_t *policy, const Rectification__Form *form, int64_t now_ms)
{
    char subject [32];
    s_subject (form, subject, sizeof subject);
    int64_t reminder = rect_deadlines_next_reminder (policy, form->deadline_ms, now_ms);
    int rc = reminder? sf_scheduler_add_deadline (db, RECT_JOB_REMINDER, subject, reminder):
                       sf_scheduler_cancel_deadline (db, RECT_JOB_REMINDER, subject) < 0? -1: 0;
    if (rc)
        return -1;
    if (form->deadline_ms > now_ms || !form->overdue)
        return sf_scheduler_add_deadline (db, RECT_JOB_OVERDUE, subject,
                                          form->deadline_ms > now_ms? form->deadline_ms: now_ms);
    return sf_scheduler_add_deadline (db, RECT_JOB_ESCALATE, subject, now_ms);
}

int
rect_deadlines_arm_new (sf_db_t *db, const rect_policy_t *policy, Rectification__Form *const *forms, size_t count,
                        int64_t now_ms)
{
    char (*subjects) [32] = calloc (count + 1, sizeof *subjects);
    const char **reminder_subjects = calloc (count + 1, sizeof (char *));
    const char **overdue_subjects = calloc (count + 1, sizeof (char *));
    int64_t *reminder_due = calloc (count + 1, sizeof (int64_t));
    int64_t *overdue_due = calloc (count + 1, sizeof (int64_t));
    assert (subjects && reminder_subjects && overdue_subjects && reminder_due && overdue_due);
    size_t reminders = 0;
    for (size_t i = 0; i < count; i++) {
        s_subject (forms [i], subjects [i], sizeof subjects [i]);
        //  As rect_deadlines_arm for a form not overdue yet, with no deadline to cancel.
        int64_t reminder = rect_deadlines_next_reminder (policy, forms [i]->deadline_ms, now_ms);
        if (reminder) {
            reminder_subjects [reminders] = subjects [i];
            reminder_due [reminders++] = reminder;
        }
        overdue_subjects [i] = subjects [i];
        overdue_due [i] = forms [i]->deadline_ms > now_ms? forms [i]->deadline_ms: now_ms;
    }
    int rc = sf_scheduler_add_deadlines (db, RECT_JOB_REMINDER, reminder_subjects, reminder_due, reminders) == 0
          && sf_scheduler_add_deadlines (db, RECT_JOB_OVERDUE, overdue_subjects, overdue_due, count) == 0? 0: -1;
    free (subjects);
    free (reminder_subjects);
    free (overdue_subjects);
    free (reminder_due);
    free (overdue_due);
    return rc;
}

int
rect_deadlines_stop (sf_db_t *db, const Rectification__Form *form)
{
    char subject [32];
    s_subject (form, subject, sizeof subject);
    if (sf_scheduler_cancel_deadline (db, RECT_JOB_REMINDER, subject) < 0
    ||  sf_scheduler_cancel_deadline (db, RECT_JOB_OVERDUE, subject) < 0
    ||  sf_scheduler_cancel_deadline (db, RECT_JOB_ESCALATE, subject) < 0)
        return -1;
    return 0;
}

//  Loads the form a deadline is about, locked. 1 when it still runs against its deadline,
//  0 when not (submitted, closed, cancelled, gone) or when a command holds the form, -1 on
//  error.
//  Lock order: a command locks the form and then changes its sf_deadlines rows, while the
//  scheduler has locked the deadline's row before this runs. Waiting here for the form
//  could deadlock, so the form is taken without waiting; when a command has it, the
//  deadline is set again a little later and the command goes on (a failure instead would
//  count toward the scheduler's max_attempts, and a busy form could make it give up).
static int
s_load (rect_op_t *op, const char *job, const char *subject, Rectification__Form **form)
{
    int64_t id = strtoll (subject, NULL, 10);
    if (sf_db_savepoint (op->db, "rect_deadline_load")) {
        rect_op_fail_db (op, "loading a form for its deadline");
        return -1;
    }
    int found = rect_store_lock_nowait (op->db, id, form);
    if (found < 0 && strcmp (sf_db_sqlstate (op->db), "55P03") == 0) {
        if (sf_db_rollback_to_savepoint (op->db, "rect_deadline_load")
        ||  sf_scheduler_add_deadline (op->db, job, subject, op->now_ms + S_BUSY_RETRY_MS)) {
            rect_op_fail_db (op, "setting a deadline again");
            return -1;
        }
        sf_log (SF_LOG_INFO, &op->log, "%s of form %s: the form is busy, again in %d ms", job, subject,
                S_BUSY_RETRY_MS);
        return 0;
    }
    if (found < 0 || sf_db_release_savepoint (op->db, "rect_deadline_load")) {
        sf_pb_destroy (form);
        rect_op_fail_db (op, "loading a form for its deadline");
        return -1;
    }
    if (found == 1 && !rect_status_working ((*form)->status)) {
        sf_pb_destroy (form);
        return 0;
    }
    return found;
}

//  Fires every escalation step due by now and arms the next one. Each step is a change of
//  the form (its escalation step) with its own version, history line and event. 0 or -1.
static int
s_escalate_due (rect_op_t *op, Rectification__Form *form)
{
    const rect_step_t *steps = op->policy->steps [form->severity];
    int count = op->policy->step_count [form->severity];
    int64_t days = (op->now_ms - form->deadline_ms) / RECT_DAY_MS;
    while (form->escalation_step < count
       &&  form->deadline_ms + steps [form->escalation_step].days * RECT_DAY_MS <= op->now_ms) {
        const rect_step_t *step = &steps [form->escalation_step];
        char *target = rect_form_target (op, form, step);
        if (!target) {
            rect_op_fail_db (op, "finding an escalation target");
            return -1;
        }
        form->escalation_step++;
        if (rect_store_update (op->db, form)
        ||  rect_store_history (op->db, form->id, "escalate", form->status, form->status,
                                op->actor->user_id, "", target, op->now_ms)) {
            free (target);
            rect_op_fail_db (op, "recording an escalation");
            return -1;
        }
        Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
        alert.form = form;
        alert.target_unit = target;
        alert.target_role = (char *) step->role;
        alert.step = form->escalation_step;
        alert.days = days;
        int rc = rect_op_emit_alert (op, "rectification.form_escalated", &alert);
        sf_log (SF_LOG_INFO, &op->log, "form %s %" PRId64 " days overdue: step %d to %s %s", form->number,
                days, form->escalation_step, target, step->role);
        free (target);
        if (rc)
            return -1;
    }
    if (form->escalation_step < count) {
        char subject [32];
        s_subject (form, subject, sizeof subject);
        int64_t next = form->deadline_ms + steps [form->escalation_step].days * RECT_DAY_MS;
        if (sf_scheduler_add_deadline (op->db, RECT_JOB_ESCALATE, subject, next)) {
            rect_op_fail_db (op, "arming the next escalation");
            return -1;
        }
    }
    return 0;
}

static int
s_reminder (sf_db_t *db, const char *job, const char *subject, int64_t due_ms, void *arg)
{
    rect_op_t op;
    rect_op_init (&op, db, (const rect_policy_t *) arg, &s_scheduler_actor, "", NULL);
    Rectification__Form *form = NULL;
    int found = s_load (&op, job, subject, &form);
    int rc = found < 0? -1: 0;
    if (found == 1) {
        //  Days left, rounded up; none left means the daemon slept over the deadline, and
        //  the overdue job speaks instead.
        int64_t days = (form->deadline_ms - op.now_ms + RECT_DAY_MS - 1) / RECT_DAY_MS;
        Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
        alert.form = form;
        alert.target_unit = form->responsible_unit;
        alert.days = days;
        if (form->deadline_ms > op.now_ms && days > 0) {
            rc = rect_op_bump (&op, form);
            if (rc == 0)
                rc = rect_op_emit_alert (&op, "rectification.deadline_reminder", &alert);
        }
        int64_t next = rect_deadlines_next_reminder (op.policy, form->deadline_ms, due_ms > op.now_ms? due_ms: op.now_ms);
        if (rc == 0 && next)
            rc = sf_scheduler_add_deadline (db, RECT_JOB_REMINDER, subject, next);
    }
    sf_pb_destroy (&form);
    rect_op_clear (&op);
    return rc;
}

static int
s_overdue (sf_db_t *db, const char *job, const char *subject, int64_t due_ms, void *arg)
{
    (void) due_ms;
    rect_op_t op;
    rect_op_init (&op, db, (const rect_policy_t *) arg, &s_scheduler_actor, "", NULL);
    Rectification__Form *form = NULL;
    int found = s_load (&op, job, subject, &form);
    int rc = found < 0? -1: 0;
    //  When the deadline has moved, its own deadline will come.
    if (found == 1 && form->deadline_ms <= op.now_ms) {
        if (!form->overdue) {
            form->overdue = true;
            rc = rect_store_update (db, form);
            if (rc == 0)
                rc = rect_store_history (db, form->id, "overdue", form->status, form->status, op.actor->user_id,
                                         "", "", op.now_ms);
            if (rc)
                rect_op_fail_db (&op, "marking a form overdue");
            Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
            alert.form = form;
            alert.target_unit = form->responsible_unit;
            if (rc == 0)
                rc = rect_op_emit_alert (&op, "rectification.form_overdue", &alert);
        }
        if (rc == 0)
            rc = s_escalate_due (&op, form);
    }
    sf_pb_destroy (&form);
    rect_op_clear (&op);
    return rc;
}

static int
s_escalate (sf_db_t *db, const char *job, const char *subject, int64_t due_ms, void *arg)
{
    (void) due_ms;
    rect_op_t op;
    rect_op_init (&op, db, (const rect_policy_t *) arg, &s_scheduler_actor, "", NULL);
    Rectification__Form *form = NULL;
    int found = s_load (&op, job, subject, &form);
    int rc = found < 0? -1: 0;
    if (found == 1)
        rc = s_escalate_due (&op, form);
    sf_pb_destroy (&form);
    rect_op_clear (&op);
    return rc;
}

void
rect_deadlines_register (sf_scheduler_t *scheduler, const rect_policy_t *policy)
{
    sf_scheduler_on_deadline (scheduler, RECT_JOB_REMINDER, s_reminder, (void *) policy);
    sf_scheduler_on_deadline (scheduler, RECT_JOB_OVERDUE, s_overdue, (void *) policy);
    sf_scheduler_on_deadline (scheduler, RECT_JOB_ESCALATE, s_escalate, (void *) policy);
}
