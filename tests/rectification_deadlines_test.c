/*  Reminders, overdue and escalation along the org chain with a set clock, on two instances
    of the daemon sharing one schema (each deadline fires once), and the statistics of a
    small month checked by hand.                                                           */
#include "rectification_testlib.h"
#include "sf_pb.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define T0 1772323200000LL      //  2026-03-01 00:00 UTC
#define DAY RT_DAY_MS

static int64_t
s_form_int (rt_stack_t *stack, const char *column, const char *number)
{
    char sql [128];
    snprintf (sql, sizeof sql, "SELECT %s::bigint FROM form WHERE number = $1", column);
    return sf_test_scalar (stack->db, sql, number);
}

static void
s_wait_form (rt_stack_t *stack, const char *column, const char *number, int64_t value)
{
    for (int waited = 0; waited < 15000 && s_form_int (stack, column, number) != value; waited += 100)
        sf_test_sleep_ms (100);
    SF_CHECK (s_form_int (stack, column, number) == value);
}

static sf_test_daemon_t s_second;

//  Both instances run on the same business time.
static void
s_set_clock (rt_stack_t *stack, int64_t ms)
{
    sf_test_daemon_set_clock (&stack->daemon, ms);
    sf_test_daemon_set_clock (&s_second, ms);
}

static char *
s_issue (sf_rpc_client_t *client, int64_t deadline_ms, const char *description)
{
    Rectification__Form *form;
    SF_CHECK (rt_issue (client, "dlT", 1, description, NULL, deadline_ms, &form) == SF_OK);
    char *number = strdup (form->number);
    sf_pb_destroy (&form);
    return number;
}

static void
s_rectify (sf_rpc_client_t *head, const char *number)
{
    SF_CHECK (rt_move (head, &rectification__acknowledge_form__descriptor, number, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, number, "", NULL) == SF_OK);
    SF_CHECK (rt_submit (head, number, "已整改") == SF_OK);
}

//  The alerts of type in the outbox, oldest first: their days into days (at most max).
static int
s_alert_days (rt_stack_t *stack, const char *type, int64_t *days, int max)
{
    const char *values [] = { type };
    sf_rows_t *rows = sf_db_query (stack->db, "SELECT envelope FROM sf_outbox WHERE event_type = $1 ORDER BY id",
                                   1, values);
    SF_CHECK (rows);
    int count = sf_rows_count (rows);
    for (int i = 0; i < count && i < max; i++) {
        Rectification__Alert *alert = rt_payload (rows, i, 0, &rectification__alert__descriptor);
        days [i] = alert->days;
        sf_pb_destroy (&alert);
    }
    sf_rows_destroy (&rows);
    return count;
}

//  Escalation stops once the evidence is in; a recurrence counts up to the last day of its
//  window and not the day after.
static void
s_stops_and_window (rt_stack_t *stack, sf_rpc_client_t *officer, sf_rpc_client_t *head, const char *closed)
{
    int64_t x = T0 + 20 * DAY;
    s_set_clock (stack, x);
    char *d = s_issue (officer, x + DAY, "D 配电柜未接地");
    SF_CHECK (rt_move (head, &rectification__acknowledge_form__descriptor, d, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, &rectification__start_rectification__descriptor, d, "", NULL) == SF_OK);
    s_set_clock (stack, x + DAY + 1000);
    s_wait_form (stack, "escalation_step", d, 1);
    s_set_clock (stack, x + 2 * DAY);
    SF_CHECK (rt_submit (head, d, "已接地") == SF_OK);
    int64_t escalated = rt_count_events (stack, "rectification.form_escalated");
    s_set_clock (stack, x + 9 * DAY);
    sf_test_sleep_ms (2500);
    SF_CHECK (s_form_int (stack, "escalation_step", d) == 1);
    SF_CHECK (rt_count_events (stack, "rectification.form_escalated") == escalated);
    free (d);

    //  closed was verified at T0 + 3 days; the window is 90 days.
    int64_t recurrences = rt_count_events (stack, "rectification.recurrence_detected");
    s_set_clock (stack, T0 + 93 * DAY - 1000);
    Rectification__Form *form;
    SF_CHECK (rt_issue (officer, "dlT", 1, "B 灭火器过期", NULL, 0, &form) == SF_OK);
    SF_CHECK_STR (form->recurrence_of_number, closed);
    sf_pb_destroy (&form);
    SF_CHECK (rt_count_events (stack, "rectification.recurrence_detected") == recurrences + 1);
    s_set_clock (stack, T0 + 94 * DAY);
    SF_CHECK (rt_issue (officer, "dlT", 1, "B 灭火器过期", NULL, 0, &form) == SF_OK);
    SF_CHECK (form->recurrence_of == 0 && !*form->recurrence_of_number);
    sf_pb_destroy (&form);
    SF_CHECK (rt_count_events (stack, "rectification.recurrence_detected") == recurrences + 1);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rdl", "dl", NULL);
    sf_rpc_client_t *officer = rt_client (&stack, "officer", "safety_officer", "dlP");
    sf_rpc_client_t *head = rt_client (&stack, "head", "team_leader", "dlT");
    sf_test_daemon_start (&s_second, RECTIFICATION_BINARY, stack.schema, stack.daemon.extra_env);

    s_set_clock (&stack, T0);
    char *a = s_issue (officer, T0 + 5 * DAY, "A 消防通道堵塞");
    char *b = s_issue (officer, T0 + 10 * DAY, "B 灭火器过期");
    s_set_clock (&stack, T0 + DAY);
    char *c = s_issue (officer, T0 + 2 * DAY, "C 安全标识脱落");
    s_rectify (head, b);

    //  Reminders 3 and 1 days before A's deadline (the defaults); C has none left.
    s_set_clock (&stack, T0 + 2 * DAY + 1000);
    SF_CHECK (rt_wait_events (&stack, "rectification.deadline_reminder", 1, 15000));
    //  C is overdue: marked, then escalated to its department's head at once (step 0 days).
    s_wait_form (&stack, "escalation_step", c, 1);
    SF_CHECK (s_form_int (&stack, "overdue::int", c) == 1);
    s_set_clock (&stack, T0 + 3 * DAY);
    SF_CHECK (rt_move (officer, &rectification__verify_form__descriptor, b, "", NULL) == SF_OK);
    s_set_clock (&stack, T0 + 4 * DAY + 1000);
    SF_CHECK (rt_wait_events (&stack, "rectification.deadline_reminder", 2, 15000));
    s_set_clock (&stack, T0 + 5 * DAY + 1000);
    s_wait_form (&stack, "escalation_step", a, 1);
    SF_CHECK (rt_count_events (&stack, "rectification.form_overdue") == 2);
    s_set_clock (&stack, T0 + 6 * DAY);
    s_rectify (head, c);
    SF_CHECK (rt_move (officer, &rectification__verify_form__descriptor, c, "", NULL) == SF_OK);
    //  Seven days overdue: A goes to the plant safety manager; C, closed, goes nowhere.
    s_set_clock (&stack, T0 + 12 * DAY + 1000);
    s_wait_form (&stack, "escalation_step", a, 2);
    SF_CHECK (rt_count_events (&stack, "rectification.form_escalated") == 3);
    SF_CHECK (rt_count_events (&stack, "rectification.deadline_reminder") == 2);
    int64_t reminder_days [2];
    SF_CHECK (s_alert_days (&stack, "rectification.deadline_reminder", reminder_days, 2) == 2);
    SF_CHECK (reminder_days [0] == 3 && reminder_days [1] == 1);
    SF_CHECK (s_form_int (&stack, "escalation_step", c) == 1);
    //  The last escalation of A names the plant and the role.
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT envelope FROM sf_outbox WHERE event_type ="
                                   " 'rectification.form_escalated' ORDER BY id DESC LIMIT 1", 0, NULL);
    Rectification__Alert *alert = rt_payload (rows, 0, 0, &rectification__alert__descriptor);
    sf_rows_destroy (&rows);
    SF_CHECK_STR (alert->target_unit, "dlP");
    SF_CHECK_STR (alert->target_role, "plant_safety_manager");
    SF_CHECK (alert->step == 2 && alert->days == 7);
    SF_CHECK_STR (alert->form->number, a);
    sf_pb_destroy (&alert);

    //  March by hand: A open and overdue; B closed on time after 72 h; C closed late after
    //  120 h. Issued 3, closed 2, on time 1, mean 96 h, overdue 2 (A, C), open 1.
    Rectification__GetStats query = RECTIFICATION__GET_STATS__INIT;
    query.unit_code = (char *) "dlP";
    query.from_ms = T0;
    query.to_ms = T0 + 31 * DAY;
    sf_reply_t reply;
    SF_CHECK (rt_call (officer, &query.base, NULL, &reply) == SF_OK);
    Rectification__Stats *stats = rectification__stats__unpack (NULL, reply.body_size, reply.body);
    sf_reply_clear (&reply);
    SF_CHECK (stats && stats->total);
    const Rectification__UnitStats *total = stats->total;
    SF_CHECK_STR (total->unit_code, "dlP");
    SF_CHECK (total->issued == 3 && total->closed == 2 && total->closed_on_time == 1);
    SF_CHECK (fabs (total->closure_rate - 2.0 / 3) < 1e-9 && fabs (total->on_time_rate - 0.5) < 1e-9);
    SF_CHECK (fabs (total->mean_hours_to_close - 96) < 1e-6);
    SF_CHECK (total->overdue == 2 && total->open == 1 && total->recurrences == 0);
    SF_CHECK (stats->n_units == 1);
    SF_CHECK_STR (stats->units [0]->unit_code, "dlT");
    sf_pb_destroy (&stats);
    //  February had nothing.
    query.from_ms = T0 - 28 * DAY;
    query.to_ms = T0;
    SF_CHECK (rt_call (officer, &query.base, NULL, &reply) == SF_OK);
    stats = rectification__stats__unpack (NULL, reply.body_size, reply.body);
    sf_reply_clear (&reply);
    SF_CHECK (stats && stats->total->issued == 0 && stats->n_units == 0);
    sf_pb_destroy (&stats);
    query.to_ms = query.from_ms;
    SF_CHECK (rt_call (officer, &query.base, NULL, NULL) == SF_INVALID_ARGUMENT);

    //  The department's notice: its one open form.
    Rectification__GetNotice notice_query = RECTIFICATION__GET_NOTICE__INIT;
    notice_query.unit_code = (char *) "dlD";
    SF_CHECK (rt_call (officer, &notice_query.base, NULL, &reply) == SF_OK);
    Rectification__Notice *notice = rectification__notice__unpack (NULL, reply.body_size, reply.body);
    sf_reply_clear (&reply);
    SF_CHECK (notice && notice->n_forms == 1);
    SF_CHECK_STR (notice->forms [0]->number, a);
    SF_CHECK_STR (notice->plant_code, "dlP");
    sf_pb_destroy (&notice);

    s_stops_and_window (&stack, officer, head, b);
    free (a);
    free (b);
    free (c);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&officer);
    sf_test_daemon_stop (&s_second, SIGTERM);
    rt_stack_stop (&stack);
    return 0;
}
