/*  Reminders, overdue and escalation along the org chain with a set clock, on two instances
    of the daemon sharing one schema (each deadline fires once), and the statistics of a
    small month checked by hand.                                                           */
#include "rectification_testlib.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define T0 1772323200000LL      //  2026-03-01 00:00 UTC
#define DAY RECT_DAY_MS

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
    rect_form_t form;
    SF_CHECK (rt_issue (client, "dlT", 1, description, NULL, deadline_ms, &form) == SF_OK);
    char *number = strdup (form.number);
    rect_form_clear (&form);
    return number;
}

static void
s_rectify (sf_rpc_client_t *head, const char *number)
{
    SF_CHECK (rt_move (head, "rectification.AcknowledgeForm", number, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, "rectification.StartRectification", number, "", NULL) == SF_OK);
    rect_command_t submit = { .number = (char *) number, .has_evidence = true, .evidence = { .text = (char *) "已整改" } };
    SF_CHECK (rt_call (head, "rectification.SubmitEvidence", &submit, NULL, NULL) == SF_OK);
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
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, i, 0, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        rect_form_t form;
        char *unit, *role;
        int step;
        SF_CHECK (rect_alert_decode (&form, &unit, &role, &step, &days [i], event.payload, event.payload_size) == 0);
        rect_form_clear (&form);
        free (unit);
        free (role);
        sf_event_clear (&event);
        free (envelope);
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
    SF_CHECK (rt_move (head, "rectification.AcknowledgeForm", d, "", NULL) == SF_OK);
    SF_CHECK (rt_move (head, "rectification.StartRectification", d, "", NULL) == SF_OK);
    s_set_clock (stack, x + DAY + 1000);
    s_wait_form (stack, "escalation_step", d, 1);
    s_set_clock (stack, x + 2 * DAY);
    rect_command_t submit = { .number = d, .has_evidence = true, .evidence = { .text = (char *) "已接地" } };
    SF_CHECK (rt_call (head, "rectification.SubmitEvidence", &submit, NULL, NULL) == SF_OK);
    int64_t escalated = rt_count_events (stack, "rectification.form_escalated");
    s_set_clock (stack, x + 9 * DAY);
    sf_test_sleep_ms (2500);
    SF_CHECK (s_form_int (stack, "escalation_step", d) == 1);
    SF_CHECK (rt_count_events (stack, "rectification.form_escalated") == escalated);
    free (d);

    //  closed was verified at T0 + 3 days; the window is 90 days.
    int64_t recurrences = rt_count_events (stack, "rectification.recurrence_detected");
    s_set_clock (stack, T0 + 93 * DAY - 1000);
    rect_form_t form;
    SF_CHECK (rt_issue (officer, "dlT", 1, "B 灭火器过期", NULL, 0, &form) == SF_OK);
    SF_CHECK_STR (form.recurrence_of_number, closed);
    rect_form_clear (&form);
    SF_CHECK (rt_count_events (stack, "rectification.recurrence_detected") == recurrences + 1);
    s_set_clock (stack, T0 + 94 * DAY);
    SF_CHECK (rt_issue (officer, "dlT", 1, "B 灭火器过期", NULL, 0, &form) == SF_OK);
    SF_CHECK (form.recurrence_of == 0 && !*form.recurrence_of_number);
    rect_form_clear (&form);
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
    SF_CHECK (rt_move (officer, "rectification.VerifyForm", b, "", NULL) == SF_OK);
    s_set_clock (&stack, T0 + 4 * DAY + 1000);
    SF_CHECK (rt_wait_events (&stack, "rectification.deadline_reminder", 2, 15000));
    s_set_clock (&stack, T0 + 5 * DAY + 1000);
    s_wait_form (&stack, "escalation_step", a, 1);
    SF_CHECK (rt_count_events (&stack, "rectification.form_overdue") == 2);
    s_set_clock (&stack, T0 + 6 * DAY);
    s_rectify (head, c);
    SF_CHECK (rt_move (officer, "rectification.VerifyForm", c, "", NULL) == SF_OK);
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
    size_t size;
    uint8_t *envelope = sf_rows_bytes (rows, 0, 0, &size);
    sf_rows_destroy (&rows);
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
    rect_form_t form;
    char *unit, *role;
    int step;
    int64_t days;
    SF_CHECK (rect_alert_decode (&form, &unit, &role, &step, &days, event.payload, event.payload_size) == 0);
    SF_CHECK_STR (unit, "dlP");
    SF_CHECK_STR (role, "plant_safety_manager");
    SF_CHECK (step == 2 && days == 7);
    SF_CHECK_STR (form.number, a);
    rect_form_clear (&form);
    free (unit);
    free (role);
    sf_event_clear (&event);
    free (envelope);

    //  March by hand: A open and overdue; B closed on time after 72 h; C closed late after
    //  120 h. Issued 3, closed 2, on time 1, mean 96 h, overdue 2 (A, C), open 1.
    rect_command_t query = { .unit_code = (char *) "dlP", .from_ms = T0, .to_ms = T0 + 31 * DAY };
    sf_reply_t reply;
    SF_CHECK (rt_call (officer, "rectification.GetStats", &query, NULL, &reply) == SF_OK);
    rect_stats_t stats;
    SF_CHECK (rect_stats_decode (&stats, reply.body, reply.body_size) == 0);
    sf_reply_clear (&reply);
    SF_CHECK_STR (stats.total.unit_code, "dlP");
    SF_CHECK (stats.total.issued == 3 && stats.total.closed == 2 && stats.total.closed_on_time == 1);
    SF_CHECK (fabs (stats.total.closure_rate - 2.0 / 3) < 1e-9 && fabs (stats.total.on_time_rate - 0.5) < 1e-9);
    SF_CHECK (fabs (stats.total.mean_hours_to_close - 96) < 1e-6);
    SF_CHECK (stats.total.overdue == 2 && stats.total.open == 1 && stats.total.recurrences == 0);
    SF_CHECK (stats.count == 1);
    SF_CHECK_STR (stats.units [0].unit_code, "dlT");
    rect_stats_clear (&stats);
    //  February had nothing.
    query.from_ms = T0 - 28 * DAY;
    query.to_ms = T0;
    SF_CHECK (rt_call (officer, "rectification.GetStats", &query, NULL, &reply) == SF_OK);
    SF_CHECK (rect_stats_decode (&stats, reply.body, reply.body_size) == 0);
    sf_reply_clear (&reply);
    SF_CHECK (stats.total.issued == 0 && stats.count == 0);
    rect_stats_clear (&stats);
    query.to_ms = query.from_ms;
    SF_CHECK (rt_call (officer, "rectification.GetStats", &query, NULL, NULL) == SF_INVALID_ARGUMENT);

    //  The department's notice: its one open form.
    rect_command_t notice_query = { .unit_code = (char *) "dlD" };
    SF_CHECK (rt_call (officer, "rectification.GetNotice", &notice_query, NULL, &reply) == SF_OK);
    rect_notice_t notice;
    SF_CHECK (rect_notice_decode (&notice, reply.body, reply.body_size) == 0);
    sf_reply_clear (&reply);
    SF_CHECK (notice.forms.count == 1);
    SF_CHECK_STR (notice.forms.forms [0].number, a);
    SF_CHECK_STR (notice.plant_code, "dlP");
    rect_notice_clear (&notice);

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
