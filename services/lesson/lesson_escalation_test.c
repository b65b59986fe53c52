/*  lesson_escalation_test: overdue assignments along a four-level chain (team faT, department
    faD, plant faP, company faC) with the clock given: nothing before the deadline; at it late,
    step 0 to the unit itself; every escalation_hours one level up, each with its
    lesson.assignment_overdue (no person as actor); at the company it stops; a report stops
    it; many due at once go in one pass; the job through the scheduler on a frozen clock; and
    the retention of the findings' outcomes.                                                */
#include "lesson.h"
#include "lesson_escalation.h"
#include "lesson_assign_test_fixture.h"
#include "sf_clock.h"
#include "sf_scheduler.h"

//  2026-03-20 24:00 Beijing time, the deadline.
#define S_DEADLINE ((int64_t) 1774022400000)
#define S_HOUR ((int64_t) 3600000)

static int
s_pass (int64_t now_ms)
{
    SF_CHECK (sf_db_begin (fx_db) == 0);
    int sent = lesson_escalation_pass (fx_db, now_ms);
    SF_CHECK (sent >= 0);
    SF_CHECK (sf_db_commit (fx_db) == 0);
    return sent;
}

//  The last overdue notice is about id at step, to unit.
static void
s_notice (int64_t id, int step, const char *unit)
{
    char actor [64];
    Lesson__Assignment *event = fx_last_assignment ("lesson.assignment_overdue", actor, sizeof actor);
    SF_CHECK (event && event->id == id && event->late && event->escalation_step == step);
    SF_CHECK_STR (event->escalated_to, unit);
    SF_CHECK_STR (actor, "");
    sf_pb_destroy (&event);
}

int
main (void)
{
    fx_open ("lesson_escalation");
    SF_CHECK (fx_scalar ("SELECT value FROM lesson_rule WHERE name = 'escalation_hours'", NULL) == 24);
    fx_lesson (1, S_DEADLINE);
    fx_assignment (11, 1, "faT", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED);
    fx_assignment (12, 1, "faT2", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    fx_assignment (13, 1, "faD", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);

    //  Before the deadline: nothing.
    SF_CHECK (s_pass (S_DEADLINE - 1) == 0);
    SF_CHECK (fx_events ("lesson.assignment_overdue") == 0);

    //  At the deadline: the two not reported are late, each unit hears first.
    SF_CHECK (s_pass (S_DEADLINE) == 2);
    FX_CHECK_COLUMN (11, "late", "true");
    FX_CHECK_COLUMN (11, "escalation_step", "0");
    FX_CHECK_COLUMN (11, "escalated_to", "faT");
    FX_CHECK_COLUMN (11, "version", "2");
    FX_CHECK_COLUMN (12, "late", "false");
    FX_CHECK_COLUMN (13, "escalated_to", "faD");
    s_notice (13, 0, "faD");
    //  Within the interval: nothing.
    SF_CHECK (s_pass (S_DEADLINE + 23 * S_HOUR) == 0);

    //  A day later one level up; 13 is reported meanwhile and stops.
    fx_exec ("UPDATE assignment SET status = 4 WHERE id = 13", 0, NULL);
    SF_CHECK (s_pass (S_DEADLINE + 24 * S_HOUR) == 1);
    FX_CHECK_COLUMN (11, "escalation_step", "1");
    FX_CHECK_COLUMN (11, "escalated_to", "faD");
    s_notice (11, 1, "faD");
    FX_CHECK_COLUMN (13, "escalation_step", "0");
    SF_CHECK (s_pass (S_DEADLINE + 47 * S_HOUR) == 0);
    SF_CHECK (s_pass (S_DEADLINE + 48 * S_HOUR) == 1);
    s_notice (11, 2, "faP");
    SF_CHECK (s_pass (S_DEADLINE + 72 * S_HOUR) == 1);
    s_notice (11, 3, "faC");
    FX_CHECK_COLUMN (11, "next_escalation_ms", "1774368000000");
    //  At the company: no level left, it stops for good.
    SF_CHECK (s_pass (S_DEADLINE + 96 * S_HOUR) == 0);
    FX_CHECK_COLUMN (11, "escalation_step", "3");
    FX_CHECK_COLUMN (11, "next_escalation_ms", "9223372036854775807");
    SF_CHECK (s_pass (S_DEADLINE + 400 * S_HOUR) == 0);
    SF_CHECK (fx_events ("lesson.assignment_overdue") == 5);
    FX_CHECK_COLUMN (11, "version", "5");

    //  Many due at once: one pass, one notice each; through the scheduler on a frozen clock.
    fx_lesson (2, S_DEADLINE + 1000 * S_HOUR);
    fx_exec ("INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)"
             " SELECT 'faX' || n, 4, 'faD', 'faP', '班组' || n, 'team ' || n, true, 1 FROM generate_series (100, 149) n",
             0, NULL);
    for (int64_t id = 100; id < 150; id++) {
        char unit [16];
        snprintf (unit, sizeof unit, "faX%" PRId64, id);
        fx_assignment (id, 2, unit, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED);
    }
    lesson_state_t state = { .inspection_endpoint = (char *) "", .time_zone = (char *) "Asia/Shanghai" };
    sf_scheduler_t *scheduler = sf_scheduler_new ("lesson_escalation_test");
    lesson_escalation_register (&state, scheduler);
    sf_clock_set_ms (S_DEADLINE + 1000 * S_HOUR);
    SF_CHECK (sf_scheduler_tick (scheduler, fx_db) >= 1);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM assignment WHERE lesson_id = 2 AND late AND escalation_step = 0",
                         NULL) == 50);
    SF_CHECK (fx_events ("lesson.assignment_overdue") == 55);
    //  The same occurrence does not run twice; the next, a day later, goes one level up.
    SF_CHECK (sf_scheduler_tick (scheduler, fx_db) == 0);
    sf_clock_advance_ms (24 * S_HOUR);
    SF_CHECK (sf_scheduler_tick (scheduler, fx_db) >= 1);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM assignment WHERE lesson_id = 2 AND escalation_step = 1"
                         " AND escalated_to = 'faD'", NULL) == 50);
    SF_CHECK (fx_events ("lesson.assignment_overdue") == 105);

    //  Outcomes: an old one no assignment holds goes; an old one an assignment holds, and a
    //  recent one, stay.
    int64_t now = sf_clock_now_ms ();
    char old [24], recent [24];
    snprintf (old, sizeof old, "%" PRId64, now - 401 * 24 * S_HOUR);
    snprintf (recent, sizeof recent, "%" PRId64, now - 399 * 24 * S_HOUR);
    const char *values [] = { old, recent };
    fx_exec ("INSERT INTO finding_outcome (finding_id, outcome, form_number, at_ms) VALUES"
             " (1, 'closed', 'R1', $1::bigint), (2, 'cancelled', 'R2', $1::bigint), (3, 'closed', 'R3', $2::bigint)",
             2, values);
    fx_exec ("INSERT INTO assignment_finding (assignment_id, finding_id, finding_number) VALUES (11, 2, 'F2')",
             0, NULL);
    SF_CHECK (sf_db_begin (fx_db) == 0);
    SF_CHECK (lesson_escalation_prune (fx_db, now) == 1);
    SF_CHECK (sf_db_commit (fx_db) == 0);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM finding_outcome WHERE finding_id IN (2, 3)", NULL) == 2);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM finding_outcome WHERE finding_id = 1", NULL) == 0);

    //  Without its rule the job refuses to guess.
    fx_exec ("DELETE FROM lesson_rule WHERE name = 'escalation_hours'", 0, NULL);
    SF_CHECK (sf_db_begin (fx_db) == 0);
    SF_CHECK (lesson_escalation_pass (fx_db, now) == -1);
    sf_db_rollback (fx_db);

    sf_clock_set_ms (0);
    sf_scheduler_destroy (&scheduler);
    fx_close ();
    printf ("lesson_escalation_test: ok\n");
    return 0;
}
