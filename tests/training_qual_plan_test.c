/*  training_qual_plan_test: yearly training plans and their completion through a real
    training daemon on a set clock. A safety officer of plant P sets the plant's 2026 plan;
    its completion counts the sessions held at or below the plant in 2026 up to the clock (not
    those of 2025, nor a future one until the clock passes it), their hours and attendance;
    setting it again replaces the items. Bad plans (year, no items, an unknown course, sessions
    or hours out of range, a course twice, an unknown unit) change nothing. The account of
    plant P2 holding every role there is refused the plan of P, and a principal's post of P
    (QualificationSetManagerPost: admin, ehs) is refused to it and to the safety officer.    */
#include "training_qual_testlib.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

//  2026-03-02 08:00 Beijing time.
#define S_T0 1772409600000LL

static int64_t
s_session (sf_rpc_client_t *client, qt_stack_t *stack, const char *course, int64_t date_ms)
{
    Training__SessionAdd add = TRAINING__SESSION_ADD__INIT;
    add.course_code = (char *) course;
    char unit_code [64];
    snprintf (unit_code, sizeof unit_code, "%s", qt_code (stack, "T"));
    add.unit_code = unit_code;
    add.date_ms = date_ms;
    add.trainer = (char *) "李工";
    Training__Session *session = NULL;
    SF_CHECK (qt_call (client, &add.base, &training__session__descriptor, &session, NULL) == SF_OK);
    int64_t id = session->id;
    sf_pb_destroy (&session);
    return id;
}

static void
s_attend (sf_rpc_client_t *client, int64_t session, const char *employee)
{
    Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
    attend.session_id = session;
    attend.employee_code = (char *) employee;
    SF_CHECK (qt_call (client, &attend.base, NULL, NULL, NULL) == SF_OK);
}

//  Sets the plan of unit for year with the items given as course, sessions, hours.
static sf_status_t
s_plan_set (sf_rpc_client_t *client, const char *unit, int year, size_t count, const char *const *courses,
            const int *sessions, const int *hours, Training__CoursePlan **plan)
{
    Training__CoursePlanSet set = TRAINING__COURSE_PLAN_SET__INIT;
    set.unit_code = (char *) unit;
    set.year = year;
    Training__CoursePlanItem items [4], *pointers [4];
    for (size_t i = 0; i < count; i++) {
        training__course_plan_item__init (&items [i]);
        items [i].course_code = (char *) courses [i];
        items [i].sessions = sessions [i];
        items [i].hours = hours [i];
        pointers [i] = &items [i];
    }
    set.n_items = count;
    set.items = pointers;
    return qt_call (client, &set.base, &training__course_plan__descriptor, plan, NULL);
}

static sf_status_t
s_plan_get (sf_rpc_client_t *client, const char *unit, int year, Training__CoursePlan **plan)
{
    Training__CoursePlanGet get = TRAINING__COURSE_PLAN_GET__INIT;
    get.unit_code = (char *) unit;
    get.year = year;
    return qt_call (client, &get.base, &training__course_plan__descriptor, plan, NULL);
}

int
main (void)
{
    qt_stack_t stack;
    qt_stack_start (&stack, "qual_plan", "qp");
    sf_test_daemon_set_clock (&stack.daemon, S_T0);
    qt_account (&stack, "officer", "safety_officer", "P");
    qt_account (&stack, "ehs", "ehs", "C");
    qt_account (&stack, "other", "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader", "P2");
    sf_rpc_client_t *officer = qt_client (&stack, "officer");
    sf_rpc_client_t *ehs = qt_client (&stack, "ehs");
    sf_rpc_client_t *other = qt_client (&stack, "other");
    char e1 [64], e2 [64], plant [64], plant2 [64], post [64], course [64], course2 [64];
    snprintf (e1, sizeof e1, "%s", qt_code (&stack, "E1"));
    snprintf (e2, sizeof e2, "%s", qt_code (&stack, "E2"));
    snprintf (plant, sizeof plant, "%s", qt_code (&stack, "P"));
    snprintf (plant2, sizeof plant2, "%s", qt_code (&stack, "P2"));
    snprintf (post, sizeof post, "%s", qt_code (&stack, "S"));
    snprintf (course, sizeof course, "%s-company", stack.tree);
    snprintf (course2, sizeof course2, "%s-refresher", stack.tree);

    const char *levels [] = { course, course2 };
    for (int i = 0; i < 2; i++) {
        Training__CourseAdd add = TRAINING__COURSE_ADD__INIT;
        add.code = (char *) levels [i];
        add.title_zh = (char *) "安全培训";
        add.title_en = (char *) "Safety training";
        add.category = (char *) "safety_must_know";
        add.hours = 8;
        add.level = i == 0? TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_COMPANY
                          : TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_REFRESHER;
        add.unit_code = plant;
        SF_CHECK (qt_call (officer, &add.base, NULL, NULL, NULL) == SF_OK);
    }
    int64_t held = s_session (officer, &stack, course, S_T0 - QT_DAY_MS);
    s_session (officer, &stack, course, S_T0 - 90 * QT_DAY_MS);       //  2025: not this year's
    s_session (officer, &stack, course, S_T0 + 10 * QT_DAY_MS);       //  not held yet
    s_attend (officer, held, e1);
    s_attend (officer, held, e2);

    //  Refused, nothing changed.
    const char *courses [] = { course, course2 };
    const char *unknown [] = { "nothing" };
    const char *twice [] = { course, course };
    int three [] = { 3, 2 }, zero_hours [] = { 0, 0 }, none [] = { 0 }, minus [] = { -1 }, one [] = { 1, 1 };
    Training__CoursePlan *plan = NULL;
    SF_CHECK (s_plan_set (officer, plant, 1999, 1, courses, three, zero_hours, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan_set (officer, plant, 2026, 0, courses, three, zero_hours, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan_set (officer, plant, 2026, 1, unknown, three, zero_hours, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_plan_set (officer, plant, 2026, 1, courses, none, zero_hours, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan_set (officer, plant, 2026, 1, courses, three, minus, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan_set (officer, plant, 2026, 2, twice, one, zero_hours, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM qual_plan", NULL) == 0);
    SF_CHECK (s_plan_get (officer, plant, 2026, NULL) == SF_NOT_FOUND);
    //  Another plant's account: refused the plan of P, before anything is said of it.
    SF_CHECK (s_plan_set (other, plant, 2026, 1, courses, three, zero_hours, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM qual_plan", NULL) == 0);

    //  3 sessions of 8 hours (24) and 2 refresher sessions of 20 hours planned.
    int hours [] = { 0, 20 };
    SF_CHECK (s_plan_set (officer, plant, 2026, 2, courses, three, hours, &plan) == SF_OK);
    SF_CHECK (plan->version == 1 && plan->n_items == 2 && plan->sessions == 5 && plan->hours == 44);
    SF_CHECK (plan->items [0]->hours == 24 && plan->items [0]->sessions_held == 1);
    SF_CHECK (plan->items [0]->hours_delivered == 8 && plan->items [0]->attendances == 2);
    SF_CHECK (plan->items [0]->attendance_hours == 16 && plan->items [0]->percent == 33);
    SF_CHECK (plan->items [1]->sessions_held == 0 && plan->percent == 8 * 100 / 44);
    sf_pb_destroy (&plan);
    SF_CHECK (qt_wait_events (&stack, "training.plan_set", 1, 5000));
    SF_CHECK (s_plan_get (other, plant, 2026, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_plan_get (other, plant2, 2026, NULL) == SF_NOT_FOUND);

    //  Ten days later the third session was held too.
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 20 * QT_DAY_MS);
    SF_CHECK (s_plan_get (officer, plant, 2026, &plan) == SF_OK);
    SF_CHECK (plan->items [0]->sessions_held == 2 && plan->items [0]->hours_delivered == 16);
    SF_CHECK (plan->items [0]->percent == 66 && plan->sessions_held == 2 && plan->attendances == 2);
    sf_pb_destroy (&plan);
    //  Set again: the items replaced, version 2.
    SF_CHECK (s_plan_set (ehs, plant, 2026, 1, courses + 1, one, zero_hours, &plan) == SF_OK);
    SF_CHECK (plan->version == 2 && plan->n_items == 1 && plan->hours == 8);
    sf_pb_destroy (&plan);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM qual_plan_item", NULL) == 1);

    //  A principal's post: admin and ehs only, and of their own plants.
    Training__QualificationSetManagerPost manager = TRAINING__QUALIFICATION_SET_MANAGER_POST__INIT;
    manager.post_code = post;
    manager.manager = true;
    SF_CHECK (qt_call (officer, &manager.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (qt_call (other, &manager.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM qual_manager_post", NULL) == 0);
    SF_CHECK (qt_call (ehs, &manager.base, NULL, NULL, NULL) == SF_OK);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM qual_manager_post WHERE post_code = $1", post) == 1);
    SF_CHECK (qt_wait_events (&stack, "training.manager_post_set", 1, 5000));

    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&ehs);
    sf_rpc_client_destroy (&other);
    qt_stack_stop (&stack);
    printf ("training_qual_plan_test: ok\n");
    return 0;
}
