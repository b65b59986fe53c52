/*  The wall screen's assessment ranking (issue 16): scoring.GetRankingBoard through the
    contract of a real scoring daemon fed by a real inspection daemon. A screen account of
    plant P reads this month's ranking of its departments (every one at 0 to begin with); a
    三违 recorded in inspection is scored from its stream and moves its department down at
    once (running totals, with the department's tier); the company's screen account ranks
    the plants; with the clock in the next month the plant's manager closes the month and the
    board shows its frozen totals (clean-month entries included), the current month open
    again. A screen account of plant Q and a team leader's are refused P, a plant's screen is
    refused the enterprise, an unknown plant is not_found, a department or a bad month
    invalid_argument.                                                                      */
#include "scoring_testlib.h"
#include "directory_testlib.h"
#include "inspection.pb-c.h"
#include "sf_pb.h"

#include <string.h>

static sc_stack_t s_stack;

static sf_rpc_client_t *
s_client (const char *login, const char *roles, const char *unit)
{
    sf_test_account (s_stack.schema, login, roles, sc_code (&s_stack, unit));
    sf_rpc_client_t *client = sf_test_daemon_client (&s_stack.scoring);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

static Scoring__RankingBoard *
s_board (sf_rpc_client_t *client, const char *plant, const char *month, sf_status_t status)
{
    Scoring__GetRankingBoard get = SCORING__GET_RANKING_BOARD__INIT;
    get.plant_code = (char *) plant;
    get.month = (char *) month;
    return sc_call (client, &get.base, NULL, status, &scoring__ranking_board__descriptor, NULL, NULL);
}

static const Scoring__RankingBoardRow *
s_row (const Scoring__RankingBoard *board, const char *code)
{
    for (size_t index = 0; index < board->n_rows; index++)
        if (strcmp (board->rows [index]->unit_code, code) == 0)
            return board->rows [index];
    fprintf (stderr, "no row %s\n", code);
    SF_CHECK (false);
    return NULL;
}

int
main (void)
{
    int64_t now = sc_utc_ms ("2026-11-20 02:00");
    sc_stack_start_at (&s_stack, "scbd", now);
    char plant [64], plant_q [64], d1 [64], d2 [64], worker [64];
    snprintf (plant, sizeof plant, "%s", sc_code (&s_stack, "P"));
    snprintf (plant_q, sizeof plant_q, "%s", sc_code (&s_stack, "Q"));
    snprintf (d1, sizeof d1, "%s", sc_code (&s_stack, "D1"));
    snprintf (d2, sizeof d2, "%s", sc_code (&s_stack, "D2"));
    snprintf (worker, sizeof worker, "%s", sc_code (&s_stack, "D1T1E2"));
    SF_CHECK (dt_create (s_stack.base.org_admin, DIRECTORY__KIND__KIND_PLANT, plant_q, sc_code (&s_stack, "C"),
                         "二厂", NULL, NULL) == SF_OK);
    it_wait_unit (s_stack.db, plant_q);
    sf_rpc_client_t *screen = s_client ("screen1", "screen", "P");
    sf_rpc_client_t *stranger = s_client ("screen2", "screen", "Q");
    sf_rpc_client_t *company = s_client ("screen0", "screen", "C");

    //  Who may read it.
    s_board (stranger, plant, "", SF_PERMISSION_DENIED);
    s_board (s_stack.leader, plant, "", SF_PERMISSION_DENIED);
    s_board (screen, "", "", SF_PERMISSION_DENIED);
    s_board (s_stack.leader, "", "", SF_PERMISSION_DENIED);
    s_board (screen, "scbdNOPLANT", "", SF_NOT_FOUND);
    s_board (s_stack.ehs, d1, "", SF_INVALID_ARGUMENT);
    s_board (screen, plant, "2026-13", SF_INVALID_ARGUMENT);
    s_board (screen, plant, "November", SF_INVALID_ARGUMENT);

    //  This month, nothing scored yet: both departments at 0, sharing rank 1.
    Scoring__RankingBoard *board = s_board (screen, plant, "", SF_OK);
    SF_CHECK_STR (board->month, "2026-11");
    SF_CHECK_STR (board->time_zone, "Asia/Shanghai");
    SF_CHECK (!board->closed && board->rank_of == 2 && board->n_rows == 2 && board->omitted == 0);
    SF_CHECK (s_row (board, d1)->points == 0 && s_row (board, d1)->rank == 1 && s_row (board, d2)->rank == 1);
    SF_CHECK_STR (s_row (board, d1)->tier_code, "pass");
    sf_pb_destroy (&board);

    //  An illegal operation of a worker of D1, scored from inspection's stream: D1 -5 points.
    Inspection__RecordViolation violation = INSPECTION__RECORD_VIOLATION__INIT;
    violation.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    violation.person_code = worker;
    violation.unit_code = (char *) sc_code (&s_stack, "D1T1");
    violation.description = (char *) "高处作业未系安全带";
    violation.location = (char *) "二号厂房";
    violation.occurred_ms = now - 3600000;
    SF_CHECK (dt_ask (s_stack.base.admin, &violation.base, NULL) == SF_OK);
    sc_wait (&s_stack, "SELECT count (*) FROM entry WHERE source_event_type = $1", "inspection.violation_recorded", 3,
             20000);
    board = s_board (screen, plant, "2026-11", SF_OK);
    SF_CHECK (s_row (board, d1)->points == -500 && s_row (board, d1)->rank == 2);
    SF_CHECK_STR (s_row (board, d1)->tier_code, "penalty");
    SF_CHECK_STR (s_row (board, d1)->tier_name_zh, "考核处罚");
    SF_CHECK (s_row (board, d2)->points == 0 && s_row (board, d2)->rank == 1);
    SF_CHECK_STR (board->rows [0]->unit_code, d2);
    SF_CHECK (*s_row (board, d1)->unit_name_zh && !s_row (board, d1)->closed);
    sf_pb_destroy (&board);

    //  The enterprise: Q (nothing) ahead of P (-5).
    board = s_board (company, "", "", SF_OK);
    SF_CHECK (board->rank_of == 2 && board->n_rows == 2);
    SF_CHECK (!strcmp (board->rows [0]->unit_code, plant_q) && board->rows [0]->rank == 1);
    SF_CHECK (!strcmp (board->rows [1]->unit_code, plant) && board->rows [1]->points == -500);
    SF_CHECK_STR (board->rows [1]->month, "2026-11");
    sf_pb_destroy (&board);

    //  December: the manager closes November; its board is frozen, December's open.
    sc_set_clock (&s_stack, sc_utc_ms ("2026-12-02 02:00"));
    Scoring__CloseMonth close = SCORING__CLOSE_MONTH__INIT;
    close.plant_code = plant;
    close.month = (char *) "2026-11";
    Scoring__MonthResult *result = sc_call (s_stack.manager, &close.base, NULL, SF_OK,
                                            &scoring__month_result__descriptor, NULL, NULL);
    sf_pb_destroy (&result);
    board = s_board (screen, plant, "2026-11", SF_OK);
    SF_CHECK (board->closed && board->rank_of == 2);
    for (size_t i = 0; i < board->n_rows; i++) {
        SF_CHECK (board->rows [i]->closed);
        SF_CHECK (board->rows [i]->points == sf_test_scalar (s_stack.db,
            "SELECT points FROM month_total WHERE month = '2026-11' AND subject = 'department' AND code = $1",
            board->rows [i]->unit_code));
    }
    sf_pb_destroy (&board);
    board = s_board (screen, plant, "", SF_OK);
    SF_CHECK_STR (board->month, "2026-12");
    SF_CHECK (!board->closed && s_row (board, d1)->points == 0);
    sf_pb_destroy (&board);
    board = s_board (company, "", "2026-11", SF_OK);
    SF_CHECK (s_row (board, plant)->closed && !s_row (board, plant_q)->closed);
    sf_pb_destroy (&board);

    sf_rpc_client_destroy (&screen);
    sf_rpc_client_destroy (&stranger);
    sf_rpc_client_destroy (&company);
    sc_stack_stop (&s_stack);
    printf ("scoring_board_test: ok\n");
    return 0;
}
