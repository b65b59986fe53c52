/*  scoring_score_test: 三违 recorded in the real inspection daemon are scored by the scoring
    daemon from inspection's stream: the worker's entry under rule version 1, cascading to the
    team leader of D1T1 (D1T1E1, factor 0.5) and the department head of D1 (D1T3E1, 0.2);
    with the scoring daemon stopped while more violations are recorded, it scores the backlog
    when started again, each violation exactly once, each in the month of its moment.      */
#include "scoring_testlib.h"
#include "directory_testlib.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "rectification.pb-c.h"
#include "training_exam.pb-c.h"

#include <signal.h>

static void
s_violation (sc_stack_t *stack, Inspection__ViolationType type, const char *person, int64_t at)
{
    Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
    request.type = type;
    request.person_code = (char *) person;
    request.unit_code = (char *) sc_code (stack, "D1T1");
    request.description = (char *) "高处作业未系安全带";
    request.location = (char *) "二号厂房";
    request.occurred_ms = at;
    SF_CHECK (dt_ask (stack->base.admin, &request.base, NULL) == SF_OK);
}

static int64_t
s_points (sc_stack_t *stack, const char *subject)
{
    return sf_test_scalar (stack->db, "SELECT coalesce (sum (points), 0) FROM entry WHERE subject_code = $1", subject);
}

int
main (void)
{
    sc_stack_t stack;
    int64_t now = sc_utc_ms ("2026-11-20 02:00");
    sc_stack_start_at (&stack, "scsc", now);
    char worker [96], leader [96], head [96];
    snprintf (worker, sizeof worker, "%s", sc_code (&stack, "D1T1E2"));
    snprintf (leader, sizeof leader, "%s", sc_code (&stack, "D1T1E1"));
    snprintf (head, sizeof head, "%s", sc_code (&stack, "D1T3E1"));

    //  An illegal operation of the worker: -5, the leader -2.5, the head -1.
    s_violation (&stack, INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, worker, now - 3600000);
    sc_wait (&stack, "SELECT count (*) FROM entry WHERE source_event_type = $1", "inspection.violation_recorded", 3,
             20000);
    SF_CHECK (s_points (&stack, worker) == -500);
    SF_CHECK (s_points (&stack, leader) == -250);
    SF_CHECK (s_points (&stack, head) == -100);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM entry WHERE subject_code = $1 AND cascade_level = 1"
                                        " AND origin = 2 AND parent_entry_id IS NOT NULL AND rule_version = 1", leader) == 1);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM entry WHERE subject_code = $1 AND cascade_level = 2"
                                        " AND month = '2026-11'", head) == 1);

    //  Down while two more are recorded (one of them in October, Beijing time); both scored
    //  once when it is back.
    sf_test_daemon_stop (&stack.scoring, SIGTERM);
    s_violation (&stack, INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, worker, now - 7200000);
    s_violation (&stack, INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, worker,
                 sc_utc_ms ("2026-10-31 15:00"));
    sc_scoring_restart (&stack);
    sc_wait (&stack, "SELECT count (*) FROM entry WHERE source_event_type = $1", "inspection.violation_recorded", 9,
             30000);
    sf_test_sleep_ms (1500);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM entry WHERE source_event_type = $1",
                              "inspection.violation_recorded") == 9);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (DISTINCT source_key) FROM entry WHERE source_event_type = $1",
                              "inspection.violation_recorded") == 3);
    SF_CHECK (s_points (&stack, worker) == -500 - 300 - 1000);
    SF_CHECK (s_points (&stack, leader) == -250 - 150 - 500);
    SF_CHECK (s_points (&stack, head) == -100 - 60 - 200);
    //  2026-10-31 15:00 UTC is 23:00 in Beijing: October.
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM entry WHERE kind = 'violation.command'"
                                        " AND month = $1", "2026-10") == 3);

    //  The other streams, as their producers write them: a failed exam, a lesson self-check
    //  late, a form overdue 3.5 days (counted per day by the job as the clock moves).
    Training__ExamOutcome outcome = TRAINING__EXAM_OUTCOME__INIT;
    outcome.attempt_id = 4;
    outcome.blueprint_code = (char *) "BP-HEIGHT";
    outcome.employee_code = worker;
    outcome.submitted_ms = now - 60000;
    sc_publish (&stack, "training", NULL, "training.exam_failed", "attempt", "4", sc_code (&stack, "P"), now,
                &outcome.base);
    Lesson__Assignment assignment = LESSON__ASSIGNMENT__INIT;
    assignment.id = 9;
    assignment.lesson_number = (char *) "L-2026-0009";
    assignment.unit_code = (char *) sc_code (&stack, "D1T2");
    assignment.deadline_ms = now - 60000;
    sc_publish (&stack, "lesson", NULL, "lesson.assignment_overdue", "assignment", "9", sc_code (&stack, "P"), now,
                &assignment.base);
    sc_wait (&stack, "SELECT count (*) FROM entry WHERE kind IN ('training.exam_failed', 'lesson.selfcheck_late')"
                     " AND subject_code <> $1", "", 2, 20000);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT points FROM entry WHERE kind = 'lesson.selfcheck_late'"
                                        " AND subject_code = $1", sc_code (&stack, "D1T2")) == -500);
    Rectification__Form form = RECTIFICATION__FORM__INIT;
    form.id = 31;
    form.number = (char *) "P-R2026-000031";
    form.plant_code = (char *) sc_code (&stack, "P");
    form.responsible_unit = (char *) sc_code (&stack, "D1T1");
    form.responsible_person = worker;
    form.deadline_ms = now - 3 * 86400000LL - 43200000LL;
    form.overdue = true;
    Rectification__Alert alert = RECTIFICATION__ALERT__INIT;
    alert.form = &form;
    sc_publish (&stack, "rectification", NULL, "rectification.form_overdue", "form", "31", form.plant_code, now,
                &alert.base);
    sc_wait (&stack, "SELECT count (*) FROM overdue_form WHERE number = $1", form.number, 1, 20000);
    sc_set_clock (&stack, now + 61000);
    sc_wait (&stack, "SELECT count (*) FROM entry WHERE source_key = $1", "overdue:31", 6, 20000);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT sum (points) FROM entry WHERE source_key = $1", "overdue:31")
              == 3 * (-100 - 200));

    sc_stack_stop (&stack);
    printf ("scoring_score_test: ok\n");
    return 0;
}
