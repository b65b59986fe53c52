/*  The wall screen's training panel (issue 16): training.GetTrainingBoard through the contract
    of a real training daemon on a set clock, its figures read from the summary rows the
    triggers keep. A screen account of plant P reads it: the people of P required (all
    unqualified once the job judged them), a certificate recorded expiring in 20 days counts
    in 30/60/90 and heads the next to expire, its renewal takes it out; a new employee of the
    directory counts once the copy holds them; a person who passes the three levels through
    the routes counts as qualified once the job judges them. A screen account of plant P2 and
    a team leader's are refused P, a plant's screen is refused the enterprise, an unknown
    plant is not_found and a department invalid_argument; the company's screen account reads
    the enterprise, one row per plant.                                                     */
#include "training_qual_testlib.h"
#include "sf_pb.h"

#include <string.h>

//  2026-03-02 08:00 Beijing time; its midnight; a day.
#define S_T0 1772409600000LL
#define S_MIDNIGHT 1772380800000LL
#define S_MINUTE_MS 60000LL
#define S_YEAR_DAYS 365

static qt_stack_t s_stack;

static sf_status_t
s_board (sf_rpc_client_t *client, const char *plant, Training__TrainingBoard **board)
{
    Training__GetTrainingBoard get = TRAINING__GET_TRAINING_BOARD__INIT;
    get.plant_code = (char *) plant;
    return qt_call (client, &get.base, &training__training_board__descriptor, board, NULL);
}

static Training__TrainingBoard *
s_read (sf_rpc_client_t *client, const char *plant)
{
    Training__TrainingBoard *board = NULL;
    SF_CHECK (s_board (client, plant, &board) == SF_OK && board);
    return board;
}

//  Waits until the board of plant (read by client) has qualified people; fails after 20 s.
static void
s_wait_qualified (sf_rpc_client_t *client, const char *plant, int64_t qualified)
{
    int64_t seen = -1;
    for (int i = 0; i < 200 && seen != qualified; i++) {
        Training__TrainingBoard *board = s_read (client, plant);
        seen = board->qualified;
        sf_pb_destroy (&board);
        if (seen != qualified)
            sf_test_sleep_ms (100);
    }
    if (seen != qualified)
        fprintf (stderr, "qualified: %lld, wanted %lld\n", (long long) seen, (long long) qualified);
    SF_CHECK (seen == qualified);
}

static void
s_certificate (sf_rpc_client_t *client, const char *employee, const char *number, int64_t issued, int64_t expires)
{
    Training__CertificateAdd add = TRAINING__CERTIFICATE_ADD__INIT;
    add.employee_code = (char *) employee;
    add.type_code = (char *) "hoisting";
    add.number = (char *) number;
    add.authority = (char *) "北京市市场监督管理局";
    add.issued_ms = issued;
    add.expires_ms = expires;
    SF_CHECK (qt_call (client, &add.base, NULL, NULL, NULL) == SF_OK);
}

//  E passes the three levels: courses, sessions, attendance and exams through the routes.
static void
s_pass_levels (sf_rpc_client_t *officer, const char *employee)
{
    char plant [64], team [64];
    snprintf (plant, sizeof plant, "%s", qt_code (&s_stack, "P"));
    snprintf (team, sizeof team, "%s", qt_code (&s_stack, "T"));
    for (int level = 1; level <= 3; level++) {
        char code [16];
        snprintf (code, sizeof code, "TB-L%d", level);
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
        add.date_ms = S_MIDNIGHT;
        add.trainer = (char *) "李工";
        Training__Session *session = NULL;
        SF_CHECK (qt_call (officer, &add.base, &training__session__descriptor, &session, NULL) == SF_OK);
        Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
        attend.session_id = session->id;
        attend.employee_code = (char *) employee;
        SF_CHECK (qt_call (officer, &attend.base, NULL, NULL, NULL) == SF_OK);
        sf_pb_destroy (&session);
        Training__OnboardingRecordExam exam = TRAINING__ONBOARDING_RECORD_EXAM__INIT;
        exam.employee_code = (char *) employee;
        exam.level = (Training__OnboardingLevel) level;
        exam.passed = true;
        exam.score = 92;
        SF_CHECK (qt_call (officer, &exam.base, NULL, NULL, NULL) == SF_OK);
    }
}

int
main (void)
{
    qt_stack_start (&s_stack, "training_board", "tb");
    sf_test_daemon_set_clock (&s_stack.daemon, S_T0);
    char plant [64], plant2 [64], department [64], e1 [64], e2 [64], e4 [64];
    snprintf (plant, sizeof plant, "%s", qt_code (&s_stack, "P"));
    snprintf (plant2, sizeof plant2, "%s", qt_code (&s_stack, "P2"));
    snprintf (department, sizeof department, "%s", qt_code (&s_stack, "D"));
    snprintf (e1, sizeof e1, "%s", qt_code (&s_stack, "E1"));
    snprintf (e2, sizeof e2, "%s", qt_code (&s_stack, "E2"));
    snprintf (e4, sizeof e4, "%s", qt_code (&s_stack, "E4"));
    qt_account (&s_stack, "screen", "screen", "P");
    qt_account (&s_stack, "screen2", "screen", "P2");
    qt_account (&s_stack, "screen0", "screen", "C");
    qt_account (&s_stack, "leader", "team_leader", "T");
    qt_account (&s_stack, "officer", "safety_officer", "P");
    sf_rpc_client_t *screen = qt_client (&s_stack, "screen");
    sf_rpc_client_t *stranger = qt_client (&s_stack, "screen2");
    sf_rpc_client_t *company = qt_client (&s_stack, "screen0");
    sf_rpc_client_t *leader = qt_client (&s_stack, "leader");
    sf_rpc_client_t *officer = qt_client (&s_stack, "officer");

    //  Who may read it.
    SF_CHECK (s_board (stranger, plant, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (leader, plant, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (screen, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (leader, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (screen, "tbNOPLANT", NULL) == SF_NOT_FOUND);
    SF_CHECK (s_board (screen, department, NULL) == SF_INVALID_ARGUMENT);

    //  The people of P (E1, E2 on post S of team T, E3 of team T2, all of department D): the
    //  job judges them unqualified (nobody passed onboarding).
    SF_CHECK (qt_wait_events (&s_stack, "training.person_unqualified", 4, 20000));
    Training__TrainingBoard *board = s_read (screen, plant);
    SF_CHECK_STR (board->today, "2026-03-02");
    SF_CHECK_STR (board->time_zone, "Asia/Shanghai");
    SF_CHECK (board->required == 3 && board->qualified == 0 && board->percent == 0);
    SF_CHECK (board->n_units == 1 && !strcmp (board->units [0]->unit_code, department)
              && board->units [0]->required == 3 && *board->units [0]->unit_name_zh);
    SF_CHECK (board->expiring_90 == 0 && board->n_next_expiring == 0);
    sf_pb_destroy (&board);

    //  A hoisting certificate of E1 expiring in 20 days (issued four years before).
    s_certificate (officer, e1, "TB-K1", S_MIDNIGHT + 20 * QT_DAY_MS - 4 * S_YEAR_DAYS * QT_DAY_MS,
                   S_MIDNIGHT + 20 * QT_DAY_MS);
    board = s_read (screen, plant);
    SF_CHECK (board->expiring_30 == 1 && board->expiring_60 == 1 && board->expiring_90 == 1);
    SF_CHECK (board->units [0]->expiring_30 == 1);
    SF_CHECK (board->n_next_expiring == 1);
    const Training__TrainingBoardCertificate *next = board->next_expiring [0];
    SF_CHECK (!strcmp (next->employee_code, e1) && !strcmp (next->number, "TB-K1") && next->days_left == 20);
    SF_CHECK_STR (next->expires_on, "2026-03-22");
    SF_CHECK_STR (next->type_name_zh, "起重机械作业（特种设备）");
    SF_CHECK (*next->person_name_zh && *next->type_name_en);
    sf_pb_destroy (&board);
    //  Renewed: the new card expires in four years, the old one no longer counts.
    s_certificate (officer, e1, "TB-K2", S_MIDNIGHT - QT_DAY_MS, S_MIDNIGHT + 4 * S_YEAR_DAYS * QT_DAY_MS - 2 * QT_DAY_MS);
    board = s_read (screen, plant);
    SF_CHECK (board->expiring_90 == 0 && board->n_next_expiring == 0);
    sf_pb_destroy (&board);

    //  A new employee of the directory counts once the copy holds them.
    qt_employee (&s_stack, "E4", "S");
    qt_wait_node (&s_stack, e4, NULL);
    board = s_read (screen, plant);
    SF_CHECK (board->required == 4 && board->units [0]->required == 4);
    sf_pb_destroy (&board);

    //  E2 passes the three levels: qualified at the job's next run.
    s_pass_levels (officer, e2);
    sf_test_daemon_set_clock (&s_stack.daemon, S_T0 + S_MINUTE_MS);
    s_wait_qualified (screen, plant, 1);
    board = s_read (screen, plant);
    SF_CHECK (board->percent == 25 && board->units [0]->qualified == 1);
    sf_pb_destroy (&board);

    //  The enterprise: a row per plant.
    board = s_read (company, "");
    SF_CHECK_STR (board->plant_code, "");
    SF_CHECK (board->n_units == 2 && board->required == 5 && board->qualified == 1);
    SF_CHECK (!strcmp (board->units [0]->unit_code, plant) && !strcmp (board->units [0]->plant_code, plant)
              && board->units [0]->required == 4);
    SF_CHECK (!strcmp (board->units [1]->unit_code, plant2) && board->units [1]->required == 1);
    sf_pb_destroy (&board);
    //  P2's own screen sees P2 only.
    board = s_read (stranger, plant2);
    SF_CHECK (board->required == 1 && board->n_units == 1);
    sf_pb_destroy (&board);

    sf_rpc_client_destroy (&screen);
    sf_rpc_client_destroy (&stranger);
    sf_rpc_client_destroy (&company);
    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&officer);
    qt_stack_stop (&s_stack);
    printf ("training_board_test: ok\n");
    return 0;
}
