/*  The wall screen's forms board (issue 16): rectification.GetFormBoard over ZMQ with the real
    directory and rectification daemons. Who may read it: a screen account of the plant, one of
    the company (the plant's board and the enterprise's, ""); a screen account of another plant,
    a team leader below the plant and a plant account asking for the enterprise are refused; an
    unknown plant is not_found, a department invalid_argument. The figures follow the forms:
    issued (due this week or later), overdue as the business clock passes their deadline (the
    overdue job's marks and escalations move nothing), submitted (no longer overdue), verified
    and cancelled (gone); the enterprise board has a row per plant. Last, the time of a board
    request, 200 of each.                                                                    */
#include "rectification_testlib.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

#define T0 1796176800000LL        //  2026-12-02 10:00 Beijing time, a Wednesday
#define HOUR (3600 * 1000LL)
#define DAY RT_DAY_MS

static rt_stack_t s_stack;

//  The board of plant as client sees it: its status, the board in *board_p when OK.
static sf_status_t
s_board (sf_rpc_client_t *client, const char *plant, Rectification__FormBoard **board_p)
{
    Rectification__GetFormBoard request = RECTIFICATION__GET_FORM_BOARD__INIT;
    request.plant_code = (char *) plant;
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (status != SF_OK)
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    else
    if (board_p)
        *board_p = dt_body (&reply, &rectification__form_board__descriptor);
    sf_reply_clear (&reply);
    return status;
}

static const Rectification__FormBoardUnit *
s_unit (const Rectification__FormBoard *board, const char *code)
{
    for (size_t index = 0; index < board->n_units; index++)
        if (strcmp (board->units [index]->unit_code, code) == 0)
            return board->units [index];
    return NULL;
}

static char *
s_issue (sf_rpc_client_t *client, const char *unit, int64_t deadline_ms, const char *description)
{
    Rectification__Form *form;
    SF_CHECK (rt_issue (client, unit, 1, description, NULL, deadline_ms, &form) == SF_OK);
    char *number = strdup (form->number);
    sf_pb_destroy (&form);
    return number;
}

int
main (void)
{
    rt_stack_start (&s_stack, "rtboard", "rb", NULL);
    SF_CHECK (dt_create (s_stack.admin, DIRECTORY__KIND__KIND_PLANT, "rbQ", "rbC", "二厂", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (s_stack.admin, DIRECTORY__KIND__KIND_DEPARTMENT, "rbQD", "rbQ", "生产部", NULL, NULL) == SF_OK);
    rt_wait_unit (&s_stack, "rbQD");
    sf_test_daemon_set_clock (&s_stack.daemon, T0);
    sf_rpc_client_t *screen = rt_client (&s_stack, "screen1", "screen", "rbP");
    sf_rpc_client_t *stranger = rt_client (&s_stack, "screen2", "screen", "rbQ");
    sf_rpc_client_t *company = rt_client (&s_stack, "screen0", "screen", "rbC");
    sf_rpc_client_t *head = rt_client (&s_stack, "head", "team_leader", "rbT");
    sf_rpc_client_t *officer = rt_client (&s_stack, "officer", "safety_officer", "rbP");
    sf_rpc_client_t *manager = rt_client (&s_stack, "manager", "plant_safety_manager", "rbP");
    sf_rpc_client_t *officer_q = rt_client (&s_stack, "officerq", "safety_officer", "rbQ");

    //  Who may read it.
    Rectification__FormBoard *board = NULL;
    SF_CHECK (s_board (stranger, "rbP", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (head, "rbP", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (head, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (screen, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (company, "rbNOPE", NULL) == SF_NOT_FOUND);
    SF_CHECK (s_board (screen, "rbNOPE", NULL) == SF_NOT_FOUND);
    SF_CHECK (s_board (company, "rbD", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_board (stranger, "rbQ", &board) == SF_OK);
    SF_CHECK (board->n_units == 0 && board->open_total == 0);
    sf_pb_destroy (&board);
    SF_CHECK (s_board (company, "rbP", &board) == SF_OK);
    SF_CHECK_STR (board->plant_code, "rbP");
    SF_CHECK_STR (board->time_zone, "Asia/Shanghai");
    SF_CHECK_STR (board->today, "2026-12-02");
    SF_CHECK_STR (board->week_ends, "2026-12-06");
    sf_pb_destroy (&board);

    //  Issued: A due tomorrow and C due in two hours (this week), B in ten days (neither).
    char *a = s_issue (officer, "rbT", T0 + DAY, "A 消防通道堵塞");
    char *b = s_issue (officer, "rbT", T0 + 10 * DAY, "B 灭火器过期");
    char *c = s_issue (officer, "rbT2", T0 + 2 * HOUR, "C 安全标识脱落");
    char *q = s_issue (officer_q, "rbQD", T0 + 3 * DAY, "Q 配电箱未上锁");
    SF_CHECK (s_board (screen, "rbP", &board) == SF_OK);
    SF_CHECK (board->open_total == 3 && board->due_this_week_total == 2 && board->overdue_total == 0);
    const Rectification__FormBoardUnit *team = s_unit (board, "rbT");
    SF_CHECK (team && team->open == 2 && team->due_this_week == 1 && team->issued == 2);
    SF_CHECK_STR (team->unit_name_zh, "机加一班");
    SF_CHECK (s_unit (board, "rbT2")->due_this_week == 1);
    SF_CHECK (!s_unit (board, "rbQD"));
    sf_pb_destroy (&board);

    //  Friday: A and C are overdue (the overdue job marks and escalates them: nothing moves).
    sf_test_daemon_set_clock (&s_stack.daemon, T0 + 2 * DAY);
    SF_CHECK (rt_wait_events (&s_stack, "rectification.form_overdue", 2, 15000));
    SF_CHECK (s_board (screen, "rbP", &board) == SF_OK);
    SF_CHECK_STR (board->today, "2026-12-04");
    SF_CHECK (board->overdue_total == 2 && board->due_this_week_total == 0 && board->open_total == 3);
    SF_CHECK (board->units [0]->overdue == 1);
    sf_pb_destroy (&board);

    //  A rectified and submitted: waiting for verification, not overdue; verified: gone.
    SF_CHECK (rt_move (head, &rectification__acknowledge_form__descriptor, a, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, a, "", NULL) == SF_OK);
    SF_CHECK (s_board (screen, "rbP", &board) == SF_OK);
    SF_CHECK (s_unit (board, "rbT")->in_rectification == 1 && s_unit (board, "rbT")->overdue == 1);
    sf_pb_destroy (&board);
    SF_CHECK (rt_submit (head, a, "已清理") == SF_OK);
    SF_CHECK (s_board (screen, "rbP", &board) == SF_OK);
    SF_CHECK (s_unit (board, "rbT")->submitted == 1 && s_unit (board, "rbT")->overdue == 0 && board->overdue_total == 1);
    sf_pb_destroy (&board);
    SF_CHECK (rt_move (officer, &rectification__verify_form__descriptor, a, "", NULL) == SF_OK);
    SF_CHECK (rt_move (manager, &rectification__cancel_form__descriptor, c, "重复下发", NULL) == SF_OK);
    SF_CHECK (s_board (screen, "rbP", &board) == SF_OK);
    SF_CHECK (board->open_total == 1 && board->overdue_total == 0 && board->n_units == 1);
    SF_CHECK (s_unit (board, "rbT")->open == 1 && s_unit (board, "rbT")->submitted == 0);
    sf_pb_destroy (&board);

    //  The enterprise: a row per plant. Q's form is due Saturday: this week.
    SF_CHECK (s_board (company, "", &board) == SF_OK);
    SF_CHECK_STR (board->plant_code, "");
    SF_CHECK (board->n_units == 2 && board->open_total == 2 && board->due_this_week_total == 1);
    SF_CHECK (s_unit (board, "rbP")->open == 1 && s_unit (board, "rbQ")->due_this_week == 1);
    SF_CHECK_STR (s_unit (board, "rbQ")->unit_name_zh, "二厂");
    sf_pb_destroy (&board);

    //  The summary equals a full scan of the forms.
    SF_CHECK (sf_test_scalar (s_stack.db,
        "SELECT count (*) FROM (((SELECT plant_code, responsible_unit, status, count (*) FROM form "
        "  WHERE board_form_open (status) GROUP BY 1, 2, 3) "
        " EXCEPT (SELECT plant_code, unit_code, status, n FROM board_form_open WHERE n <> 0)) UNION ALL "
        " ((SELECT plant_code, unit_code, status, n FROM board_form_open WHERE n <> 0) EXCEPT "
        "  (SELECT plant_code, responsible_unit, status, count (*) FROM form "
        "   WHERE board_form_open (status) GROUP BY 1, 2, 3))) x", NULL) == 0);


    free (a), free (b), free (c), free (q);
    sf_rpc_client_destroy (&screen);
    sf_rpc_client_destroy (&stranger);
    sf_rpc_client_destroy (&company);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&manager);
    sf_rpc_client_destroy (&officer_q);
    rt_stack_stop (&s_stack);
    printf ("rectification board: scope, issued, overdue, submitted, verified, cancelled, the enterprise\n");
    return 0;
}
