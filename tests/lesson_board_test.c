/*  The wall screen's lessons board (issue 16): lesson.GetLessonBoard over ZMQ with the real
    directory, inspection and lesson daemons. Who may read it: a screen account of the plant,
    one of the company (the plant's board and the enterprise's, ""); a screen account of the
    other plant, a team leader below the plant and a plant account asking for the enterprise
    are refused; an unknown plant is not_found, a department invalid_argument. The figures
    follow the assignments: a lesson published to two teams of plant P and one of P2 is in
    progress at both, newest first; a team's special check recorded in inspection and its
    report close its assignment (done); past the deadline the unreported ones are overdue (by
    the business clock, whether the escalation job marked them late yet or not); when every assignment of P is closed the lesson
    leaves P's board and stays on P2's; the enterprise board counts every plant, with a row
    each. Last, the time of a board request, 200 of each.                                    */
#include "lesson_testlib.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static ls_stack_t s;

static sf_rpc_client_t *
s_client (const char *login, const char *roles, const char *unit)
{
    sf_test_account (s.schema, login, roles, unit);
    sf_rpc_client_t *client = sf_test_daemon_client (&s.lesson);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

//  The board of plant as client sees it: its status, the board in *board_p when OK.
static sf_status_t
s_board (sf_rpc_client_t *client, const char *plant, Lesson__LessonBoard **board_p)
{
    Lesson__GetLessonBoard request = LESSON__GET_LESSON_BOARD__INIT;
    request.plant_code = (char *) plant;
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (status != SF_OK)
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    else
    if (board_p)
        *board_p = dt_body (&reply, &lesson__lesson_board__descriptor);
    sf_reply_clear (&reply);
    return status;
}

static const Lesson__LessonBoardLesson *
s_find (const Lesson__LessonBoard *board, int64_t lesson)
{
    for (size_t index = 0; index < board->n_lessons; index++)
        if (board->lessons [index]->lesson_id == lesson)
            return board->lessons [index];
    return NULL;
}

//  Publishes a lesson to the units named (full codes, NULL-terminated) as ehs: its id; the
//  assignments' ids, in the order of units, into ids.
static int64_t
s_publish (const char *title, const char *const *units, int64_t *ids)
{
    ls_lesson_t input = { .title_zh = title, .title_en = "Falling load", .tags = "lifting", .factors = "",
                          .actions = "检查吊索具磨损", .scope = "C" };
    int64_t lesson = ls_create_lesson (&s, &input);
    Lesson__Publication *publication = NULL;
    SF_CHECK (ls_publish (s.ehs, lesson, units, false, &publication, NULL) == SF_OK);
    for (size_t i = 0; units [i]; i++)
        for (size_t j = 0; j < publication->n_assignments; j++)
            if (strcmp (publication->assignments [j]->unit_code, units [i]) == 0)
                ids [i] = publication->assignments [j]->id;
    sf_pb_destroy (&publication);
    return lesson;
}

//  The special check of assignment id recorded in inspection by inspector with nothing found,
//  then the assignment reported by reporter: it closes at once.
static void
s_close (sf_rpc_client_t *inspector, sf_rpc_client_t *reporter, int64_t id)
{
    char key [24], sql [256], plan [32];
    snprintf (key, sizeof key, "%lld", (long long) id);
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE id = $1::bigint AND check_sent_ms IS NOT NULL", key, 1,
             30000);
    snprintf (sql, sizeof sql, "SELECT t.id FROM %s_insp.task t JOIN %s_insp.plan p ON p.id = t.plan_id"
              " WHERE p.code = $1", s.base.prefix, s.base.prefix);
    snprintf (plan, sizeof plan, "LS%lld", (long long) id);
    Inspection__ItemResult passed = INSPECTION__ITEM_RESULT__INIT;
    passed.key = (char *) "F1";
    passed.passed = true;
    Inspection__ItemResult *results [] = { &passed };
    Inspection__RecordInspection record = INSPECTION__RECORD_INSPECTION__INIT;
    record.task_id = sf_test_scalar (s.db, sql, plan);
    record.n_results = 1;
    record.results = results;
    SF_CHECK (dt_ask (inspector, &record.base, NULL) == SF_OK);
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE id = $1::bigint AND status = 3", key, 1, 20000);
    Lesson__ReportAssignment report = LESSON__REPORT_ASSIGNMENT__INIT;
    report.assignment_id = id;
    report.report = (char *) "已自查，未发现同类隐患";
    SF_CHECK (dt_ask (reporter, &report.base, NULL) == SF_OK);
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE id = $1::bigint AND status = 5", key, 1, 20000);
}

int
main (void)
{
    ls_stack_start (&s, "lsboard");
    char plant [64], plant2 [64], company [64];
    snprintf (plant, sizeof plant, "%s", ls_code (&s, "P"));
    snprintf (plant2, sizeof plant2, "%s", ls_code (&s, "P2"));
    snprintf (company, sizeof company, "%s", ls_code (&s, "C"));
    sf_rpc_client_t *screen = s_client ("screen1", "screen", plant);
    sf_rpc_client_t *screen2 = s_client ("screen2", "screen", plant2);
    sf_rpc_client_t *screen0 = s_client ("screen0", "screen", company);
    sf_rpc_client_t *leader2 = s_client ("leader2", "team_leader", ls_code (&s, "D1T2"));
    sf_rpc_client_t *inspector1 = it_client (&s.base, "insp1", "safety_officer", ls_code (&s, "D1T1"));
    sf_rpc_client_t *inspector2 = it_client (&s.base, "insp2", "safety_officer", ls_code (&s, "D1T2"));

    //  Who may read it.
    Lesson__LessonBoard *board = NULL;
    SF_CHECK (s_board (screen2, plant, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (leader2, plant, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (leader2, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (screen, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (screen0, "nowhere", NULL) == SF_NOT_FOUND);
    SF_CHECK (s_board (screen0, ls_code (&s, "D1"), NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK_STR (board->plant_code, plant);
    SF_CHECK (board->n_lessons == 0 && board->in_progress == 0 && board->n_plants == 0);
    sf_pb_destroy (&board);

    //  Published to two teams of P and one of P2: in progress at both.
    int64_t ids [3], ids2 [1];
    char *copies [3] = { strdup (ls_code (&s, "D1T1")), strdup (ls_code (&s, "D1T2")), strdup (ls_code (&s, "P2D1T1")) };
    const char *const named [] = { copies [0], copies [1], copies [2], NULL };
    int64_t first = s_publish ("某公司桥式起重机吊物坠落事故", named, ids);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->n_lessons == 1 && board->in_progress == 1 && board->assignments_open == 2 && board->overdue == 0);
    const Lesson__LessonBoardLesson *lesson = s_find (board, first);
    SF_CHECK (lesson && lesson->assignments == 2 && lesson->done == 0 && lesson->overdue == 0);
    SF_CHECK_STR (lesson->title_zh, "某公司桥式起重机吊物坠落事故");
    SF_CHECK_STR (lesson->title_en, "Falling load");
    SF_CHECK (lesson->grade == LESSON__ACCIDENT_GRADE__GRADE_GENERAL && *lesson->occurred_on && *lesson->deadline_on);
    SF_CHECK (strncmp (lesson->number, "L", 1) == 0);
    sf_pb_destroy (&board);
    SF_CHECK (s_board (screen2, plant2, &board) == SF_OK);
    SF_CHECK (board->n_lessons == 1 && board->lessons [0]->assignments == 1);
    sf_pb_destroy (&board);

    //  D1T1 checks itself, finds nothing and reports: done.
    s_close (inspector1, s.officer, ids [0]);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->lessons [0]->done == 1 && board->assignments_open == 1);
    sf_pb_destroy (&board);

    //  A second lesson, to D1T2: the newest first.
    const char *const second_units [] = { copies [1], NULL };
    int64_t second = s_publish ("某化工厂有限空间中毒事故", second_units, ids2);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->n_lessons == 2 && board->lessons [0]->lesson_id == second && board->in_progress == 2);
    SF_CHECK (board->assignments_open == 2);
    sf_pb_destroy (&board);

    //  A day past the last deadline: the unreported are overdue.
    int64_t deadline = sf_test_scalar (s.db, "SELECT max (deadline_ms) FROM lesson", NULL);
    sf_test_daemon_set_clock (&s.lesson, deadline + 86400000LL);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->overdue == 2 && s_find (board, first)->overdue == 1 && s_find (board, second)->overdue == 1);
    sf_pb_destroy (&board);
    SF_CHECK (s_board (screen0, "", &board) == SF_OK);
    SF_CHECK_STR (board->plant_code, "");
    SF_CHECK (board->in_progress == 2 && board->assignments_open == 3 && board->overdue == 3);
    SF_CHECK (s_find (board, first)->assignments == 3 && s_find (board, first)->done == 1);
    SF_CHECK (board->n_plants == 2);
    SF_CHECK_STR (board->plants [0]->plant_code, plant);
    SF_CHECK_STR (board->plants [0]->plant_name_zh, "一厂");
    SF_CHECK (board->plants [0]->open == 2 && board->plants [0]->overdue == 2);
    SF_CHECK (board->plants [1]->open == 1 && board->plants [1]->overdue == 1);
    sf_pb_destroy (&board);

    //  D1T2 closes the first lesson's assignment: it leaves P's board, stays on P2's.
    s_close (inspector2, leader2, ids [1]);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->n_lessons == 1 && board->lessons [0]->lesson_id == second && board->overdue == 1);
    sf_pb_destroy (&board);
    SF_CHECK (s_board (screen0, plant2, &board) == SF_OK);
    SF_CHECK (board->n_lessons == 1 && board->lessons [0]->lesson_id == first && board->lessons [0]->overdue == 1);
    sf_pb_destroy (&board);

    //  The summary equals a full scan of the assignments.
    SF_CHECK (sf_test_scalar (s.db,
        "SELECT count (*) FROM (((SELECT lesson_id, plant_code, deadline_ms, count (*),"
        "  count (*) FILTER (WHERE NOT board_assignment_reported (status)),"
        "  count (*) FILTER (WHERE board_assignment_closed (status)) FROM assignment GROUP BY 1, 2, 3)"
        " EXCEPT (SELECT * FROM board_lesson_plant)) UNION ALL ((SELECT * FROM board_lesson_plant) EXCEPT"
        " (SELECT lesson_id, plant_code, deadline_ms, count (*),"
        "  count (*) FILTER (WHERE NOT board_assignment_reported (status)),"
        "  count (*) FILTER (WHERE board_assignment_closed (status)) FROM assignment GROUP BY 1, 2, 3))) x",
        NULL) == 0);


    for (int i = 0; i < 3; i++)
        free (copies [i]);
    sf_rpc_client_destroy (&screen);
    sf_rpc_client_destroy (&screen2);
    sf_rpc_client_destroy (&screen0);
    sf_rpc_client_destroy (&leader2);
    sf_rpc_client_destroy (&inspector1);
    sf_rpc_client_destroy (&inspector2);
    ls_stack_stop (&s);
    printf ("lesson board: scope, published, done, overdue, leaving a plant's board, the enterprise\n");
    return 0;
}
