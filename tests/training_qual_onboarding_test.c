/*  training_qual_onboarding_test: onboarding from the org, by the training daemon's scheduled
    job (training.qual, started by training_qual_start as the daemon's spec.start). Every
    employee of the org copy gets the three levels and, unqualified, one
    training.person_unqualified; while the daemon is down (killed) an employee is created and
    another moves to another post: once it is back, the new one is onboarded and the moved one
    repeats department and team (a job change), each once. An employee who then passes the
    three levels through the routes is qualified: one training.person_qualified.            */
#include "training_qual_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

//  2026-03-02 08:00 Beijing time.
#define S_T0 1772409600000LL
#define S_MINUTE_MS 60000LL

static void
s_wait (qt_stack_t *stack, const char *sql, const char *param, int64_t want)
{
    for (int waited = 0; waited < 15000; waited += 100) {
        if (qt_count (stack, sql, param) == want)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "waited in vain for %s (%s) to be %lld, it is %lld\n", sql, param? param: "",
             (long long) want, (long long) qt_count (stack, sql, param));
    abort ();
}

static int64_t
s_events (qt_stack_t *stack, const char *type)
{
    return qt_count (stack, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", type);
}

int
main (void)
{
    qt_stack_t stack;
    qt_stack_start (&stack, "qual_onboard", "qo");
    sf_test_daemon_set_clock (&stack.daemon, S_T0);
    //  E1, E2, E3 of plant P and F1 of plant P2: three levels each, unqualified once each.
    s_wait (&stack, "SELECT count(*) FROM qual_level", NULL, 12);
    s_wait (&stack, "SELECT count(*) FROM qual_status WHERE NOT qualified", NULL, 4);
    SF_CHECK (s_events (&stack, "training.onboarding_opened") == 4);
    SF_CHECK (s_events (&stack, "training.person_unqualified") == 4);

    //  Down: an employee joins, another moves to post S2.
    sf_test_daemon_stop (&stack.daemon, SIGKILL);
    char e1 [64], e4 [64], s2 [64];
    snprintf (e1, sizeof e1, "%s", qt_code (&stack, "E1"));
    snprintf (e4, sizeof e4, "%s", qt_code (&stack, "E4"));
    snprintf (s2, sizeof s2, "%s", qt_code (&stack, "S2"));
    qt_employee (&stack, "E4", "S");
    Directory__MoveNode move = DIRECTORY__MOVE_NODE__INIT;
    move.code = e1;
    move.new_parent_code = s2;
    SF_CHECK (dt_ask (stack.service, &move.base, NULL) == SF_OK);
    sf_test_daemon_restart (&stack.daemon);
    qt_wait_node (&stack, e4, NULL);
    qt_wait_node (&stack, e1, s2);
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + S_MINUTE_MS);
    s_wait (&stack, "SELECT count(*) FROM qual_level WHERE employee_code = $1", e4, 3);
    s_wait (&stack, "SELECT round FROM qual_onboarding WHERE employee_code = $1", e1, 2);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM qual_onboarding o JOIN sf_org_node n ON n.code = o.employee_code"
                                " WHERE o.employee_code = $1 AND o.post_code = n.parent_code", e1) == 1);
    s_wait (&stack, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "training.person_unqualified", 5);
    SF_CHECK (s_events (&stack, "training.onboarding_opened") == 6);

    //  Another run changes nothing: each change once.
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 2 * S_MINUTE_MS);
    s_wait (&stack, "SELECT count(*) FROM qual_status WHERE checked_ms = $1::bigint", "1772409720000", 5);
    SF_CHECK (s_events (&stack, "training.onboarding_opened") == 6);
    SF_CHECK (s_events (&stack, "training.person_unqualified") == 5);

    //  E2 passes the three levels through the routes: qualified at the next run.
    qt_account (&stack, "officer", "safety_officer", "P");
    sf_rpc_client_t *officer = qt_client (&stack, "officer");
    char e2 [64], plant [64], team [64];
    snprintf (e2, sizeof e2, "%s", qt_code (&stack, "E2"));
    snprintf (plant, sizeof plant, "%s", qt_code (&stack, "P"));
    snprintf (team, sizeof team, "%s", qt_code (&stack, "T"));
    for (int level = 1; level <= 3; level++) {
        char code [16];
        snprintf (code, sizeof code, "QO-L%d", level);
        Training__CourseAdd course = TRAINING__COURSE_ADD__INIT;
        course.code = code;
        course.title_zh = (char *) "三级安全教育";
        course.category = (char *) "safety_must_know";
        course.hours = 8;
        course.level = (Training__OnboardingLevel) level;
        course.unit_code = plant;
        SF_CHECK (qt_call (officer, &course.base, NULL, NULL, NULL) == SF_OK);
        Training__SessionAdd add = TRAINING__SESSION_ADD__INIT;
        add.course_code = code;
        add.unit_code = team;
        add.date_ms = S_T0;
        add.trainer = (char *) "李工";
        Training__Session *session = NULL;
        SF_CHECK (qt_call (officer, &add.base, &training__session__descriptor, &session, NULL) == SF_OK);
        Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
        attend.session_id = session->id;
        attend.employee_code = e2;
        SF_CHECK (qt_call (officer, &attend.base, NULL, NULL, NULL) == SF_OK);
        sf_pb_destroy (&session);
        Training__OnboardingRecordExam exam = TRAINING__ONBOARDING_RECORD_EXAM__INIT;
        exam.employee_code = e2;
        exam.level = (Training__OnboardingLevel) level;
        exam.passed = true;
        exam.score = 92;
        SF_CHECK (qt_call (officer, &exam.base, NULL, NULL, NULL) == SF_OK);
    }
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 3 * S_MINUTE_MS);
    s_wait (&stack, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", "training.person_qualified", 1);
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 4 * S_MINUTE_MS);
    s_wait (&stack, "SELECT count(*) FROM qual_status WHERE checked_ms = $1::bigint", "1772409840000", 5);
    SF_CHECK (s_events (&stack, "training.person_qualified") == 1);
    SF_CHECK (s_events (&stack, "training.person_unqualified") == 5);

    sf_rpc_client_destroy (&officer);
    qt_stack_stop (&stack);
    printf ("training_qual_onboarding_test: ok\n");
    return 0;
}
