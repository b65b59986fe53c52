/*  notify_route_test: routing end to end. notify.GetRoutes answers the current version;
    notify.SetRoutes refuses a worker and bad rules (unknown event type, role, template, an
    unspecified channel) with zh and en reasons and writes the next version; a
    rectification.form_overdue Alert of a major form and an inspection.task_missed Task,
    appended to their streams, become delivery rows of the right units with the right
    recipients and a subject in zh; the same event again adds nothing.                     */
#include "notify_testlib.h"
#include "rectification.pb-c.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <string.h>

static Notify__RouteSet *
s_get (nt_stack_t *stack, sf_rpc_client_t *client, int64_t version, sf_status_t expected)
{
    Notify__GetRoutes get = NOTIFY__GET_ROUTES__INIT;
    get.version = version;
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (client, &get.base, &reply) == expected);
    Notify__RouteSet *set = expected == SF_OK? dt_body (&reply, &notify__route_set__descriptor): NULL;
    sf_reply_clear (&reply);
    (void) stack;
    return set;
}

//  SetRoutes of set with route 1 changed by change; answers the status, reason_en checked
//  to hold expected_en when refused.
static sf_status_t
s_set (sf_rpc_client_t *client, Notify__RouteSet *set, const char *expected_en)
{
    Notify__SetRoutes request = NOTIFY__SET_ROUTES__INIT;
    request.routes = set;
    sf_reply_t reply = { 0 };
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (expected_en) {
        SF_CHECK (reply.reason_zh && *reply.reason_zh);
        SF_CHECK (reply.reason_en && strstr (reply.reason_en, expected_en));
    }
    sf_reply_clear (&reply);
    return status;
}

int
main (void)
{
    nt_stack_t stack;
    nt_stack_start (&stack, "nrt", NULL);

    //  The product's default, version 1, for anyone.
    Notify__RouteSet *set = s_get (&stack, stack.worker, 0, SF_OK);
    SF_CHECK (set->version == 1 && set->n_routes == 13);
    SF_CHECK_STR (set->routes [3]->event_type, "rectification.form_overdue");
    SF_CHECK_STR (set->routes [3]->role, "plant_safety_manager");
    SF_CHECK (set->routes [3]->min_severity == 2);
    s_get (&stack, stack.worker, 99, SF_NOT_FOUND);

    //  Refusals change nothing.
    SF_CHECK (s_set (stack.worker, set, NULL) == SF_PERMISSION_DENIED);
    char *kept = set->routes [0]->event_type;
    set->routes [0]->event_type = "rectification.no_such_event";
    SF_CHECK (s_set (stack.ehs, set, "does not route event type 'rectification.no_such_event'") == SF_INVALID_ARGUMENT);
    set->routes [0]->event_type = kept;
    kept = set->routes [0]->role;
    set->routes [0]->role = "chief_wizard";
    SF_CHECK (s_set (stack.ehs, set, "no role 'chief_wizard'") == SF_INVALID_ARGUMENT);
    set->routes [0]->role = kept;
    kept = set->routes [0]->template_;
    set->routes [0]->template_ = "no.such_template";
    SF_CHECK (s_set (stack.ehs, set, "no template 'no.such_template'") == SF_INVALID_ARGUMENT);
    set->routes [0]->template_ = kept;
    Notify__Channel channels [] = { NOTIFY__CHANNEL__CHANNEL_WECOM, NOTIFY__CHANNEL__CHANNEL_UNSPECIFIED };
    set->routes [0]->channels = channels;
    set->routes [0]->n_channels = 2;
    SF_CHECK (s_set (stack.ehs, set, "unspecified") == SF_INVALID_ARGUMENT);
    set->routes [0]->channels = NULL;
    set->routes [0]->n_channels = 0;
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM route_version", NULL) == 1);

    //  The same rules as version 2, written by ehs; events follow the current version.
    sf_pb_set (&set->note, "复核后沿用 / kept after review");
    Notify__Channel month_channels [] = { NOTIFY__CHANNEL__CHANNEL_WECOM, NOTIFY__CHANNEL__CHANNEL_WECOM,
                                          NOTIFY__CHANNEL__CHANNEL_EMAIL };
    Notify__Channel *kept_channels = set->routes [12]->channels;
    size_t kept_count = set->routes [12]->n_channels;
    set->routes [12]->channels = month_channels;
    set->routes [12]->n_channels = 3;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_OK);
    set->routes [12]->channels = kept_channels;
    set->routes [12]->n_channels = kept_count;
    sf_pb_destroy (&set);
    set = s_get (&stack, stack.worker, 0, SF_OK);
    SF_CHECK (set->version == 2 && set->n_routes == 13);
    SF_CHECK_STR (set->created_by, "ehs");
    SF_CHECK_STR (set->note, "复核后沿用 / kept after review");
    //  Channels stored once each, in their order.
    SF_CHECK (set->routes [12]->n_channels == 2);
    SF_CHECK (set->routes [12]->channels [0] == NOTIFY__CHANNEL__CHANNEL_WECOM);
    SF_CHECK (set->routes [12]->channels [1] == NOTIFY__CHANNEL__CHANNEL_EMAIL);
    SF_CHECK (set->routes [0]->n_channels == 0);
    sf_pb_destroy (&set);
    //  Version 1 stays readable.
    set = s_get (&stack, stack.worker, 1, SF_OK);
    SF_CHECK (set->version == 1 && set->routes [12]->n_channels == 0);
    sf_pb_destroy (&set);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'notify.routes_changed'", NULL)
              == 1);

    //  Channels, as the channel area would store them: the plant's DingTalk, the team's WeCom.
    char sql [1024];
    snprintf (sql, sizeof sql, "INSERT INTO unit_channel (unit_code, channel, url) VALUES"
              " ('%s', 1, 'http://127.0.0.1:9/p'), ('%s', 2, 'http://127.0.0.1:9/t')",
              nt_code (&stack, "P"), nt_code (&stack, "D1T1"));
    SF_CHECK (sf_db_exec_script (stack.db, sql) == 0);

    //  A major form of D1T1 overdue: the team hears it, and the plant's safety manager.
    const char *plant = nt_code (&stack, "P");
    Rectification__Alert *alert = sf_pb_new (&rectification__alert__descriptor);
    alert->form = sf_pb_new (&rectification__form__descriptor);
    alert->form->id = 42;
    sf_pb_set (&alert->form->number, "NRT-R2026-000042");
    sf_pb_set (&alert->form->responsible_unit, nt_code (&stack, "D1T1"));
    sf_pb_set (&alert->form->plant_code, plant);
    sf_pb_set (&alert->form->description, "配电箱门未关闭");
    alert->form->severity = RECTIFICATION__SEVERITY__SEVERITY_MAJOR;
    alert->form->deadline_ms = 1796288400000;
    char prefix [64];
    snprintf (prefix, sizeof prefix, "%s", stack.base.prefix);
    char overdue [64];
    snprintf (overdue, sizeof overdue, "%s", st_publish (prefix, "rectification", NULL, "rectification.form_overdue",
                                                       "form", "42", plant, 1796288400000, &alert->base));
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE event_id = $1", overdue, 2, 15000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE event_id = $1 AND unit_code = '%s'"
              " AND channel = 1 AND urgency = 3 AND recipients = '{manager}'"
              " AND subject = '整改逾期：NRT-R2026-000042' AND strpos (text, '2026-12-03 17:00') > 0"
              " AND link = 'http://127.0.0.1:8080/forms/NRT-R2026-000042'", plant);
    SF_CHECK (sf_test_scalar (stack.db, sql, overdue) == 1);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE event_id = $1 AND unit_code = '%s'"
              " AND channel = 2 AND urgency = 2 AND status = 1 AND subject = '整改逾期：NRT-R2026-000042'",
              nt_code (&stack, "D1T1"));
    SF_CHECK (sf_test_scalar (stack.db, sql, overdue) == 1);
    sf_pb_destroy (&alert);

    //  A missed task of D1T1: its team leader.
    Inspection__Task *task = sf_pb_new (&inspection__task__descriptor);
    task->id = 77;
    sf_pb_set (&task->plan_code, "DAILY");
    sf_pb_set (&task->executor_unit, nt_code (&stack, "D1T1"));
    sf_pb_set (&task->target_unit, nt_code (&stack, "D1T1"));
    sf_pb_set (&task->plant_code, plant);
    sf_pb_set (&task->shift_date, "2026-12-03");
    task->window_end_ms = 1796288400000;
    char missed [64];
    snprintf (missed, sizeof missed, "%s", st_publish (prefix, "inspection", NULL, "inspection.task_missed", "task",
                                                     "77", plant, 1796288400000, &task->base));
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE event_id = $1", missed, 1, 15000);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM delivery WHERE event_id = $1 AND unit_code = '%s'"
              " AND recipients = '{leader}' AND subject LIKE '检查任务漏检：%%'"
              " AND link = 'http://127.0.0.1:8080/tasks/77'", nt_code (&stack, "D1T1"));
    SF_CHECK (sf_test_scalar (stack.db, sql, missed) == 1);

    //  The task's event again (a producer's retry, same id): nothing new.
    st_publish (prefix, "inspection", missed, "inspection.task_missed", "task", "77", plant, 1796288400000, &task->base);
    sf_test_sleep_ms (1500);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM delivery WHERE event_id = $1", missed) == 1);
    sf_pb_destroy (&task);

    nt_stack_stop (&stack);
    printf ("notify_route_test: ok\n");
    return 0;
}
