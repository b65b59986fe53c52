/*  kill -9 the training daemon three times while four safety officers each record the
    attendance of one employee at 10 sessions of a company-level course (SessionAttend), each
    command with its own idempotency key and resent with it until it is answered; restart it
    each time, and check what attendance promises: every acknowledged attendance is stored
    once with the hours and the level its reply showed, the hours credited to the employee's
    level once (the level's hours_credited is the sum of the attendance credited to it), and
    one training.attendance_recorded per attendance in the outbox and in the Redis stream (a
    second stream entry only when a kill cut a relay pass).                                  */
#include "kill9_testlib.h"
#include "training_qual_testlib.h"
#include "sf_envelope.h"
#include "sf_pb.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 4
#define SESSIONS 10
#define COMMANDS (CLIENTS * SESSIONS)
#define COURSE_HOURS 2
#define ATTEMPT_MS 700
#define RETRIES 20
#define GIVE_UP_MS 30000

//  2026-03-02 08:00 Beijing time.
#define S_T0 1772409600000LL

typedef struct {
    qt_stack_t *stack;
    const int64_t *sessions;
    char employee [64];
    int hours [SESSIONS];           //  as sent: 1 or 2
    bool acknowledged [SESSIONS];
    int credited_to [SESSIONS];     //  from the reply
    pthread_t thread;
} s_client_t;

static atomic_int s_done;
static atomic_int s_resent;

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    sf_rpc_client_t *rpc = qt_client (client->stack, "officer");
    sf_rpc_client_set_retry (rpc, ATTEMPT_MS, RETRIES);
    for (int i = 0; i < SESSIONS; i++) {
        char key [160];
        snprintf (key, sizeof key, "%s-%s-%d-attend", client->stack->prefix, client->employee, i);
        client->hours [i] = 1 + (i % 2);
        Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
        attend.session_id = client->sessions [i];
        attend.employee_code = client->employee;
        attend.hours = client->hours [i];
        bool resent;
        Training__SessionAttendance *attendance = k9_send (rpc, &attend.base, key,
                                                           &training__session_attendance__descriptor, GIVE_UP_MS,
                                                           &resent);
        atomic_fetch_add (&s_resent, resent);
        atomic_fetch_add (&s_done, 1);
        if (!attendance) {
            atomic_fetch_add (&s_done, SESSIONS - 1 - i);
            break;
        }
        SF_CHECK (attendance->session_id == client->sessions [i] && attendance->hours == client->hours [i]);
        SF_CHECK_STR (attendance->employee_code, client->employee);
        client->acknowledged [i] = true;
        client->credited_to [i] = attendance->credited_to;
        sf_pb_destroy (&attendance);
    }
    sf_rpc_client_destroy (&rpc);
    return NULL;
}

//  Every attendance is stored once, as its reply showed, and the hours credited to the
//  company level are those of the attendance credited to it, once.
static void
s_check_attendance (qt_stack_t *stack, s_client_t *clients, zhashx_t *aggregates)
{
    SF_CHECK (qt_count (stack, "SELECT count(*) FROM qual_attendance", NULL) == COMMANDS);
    for (int c = 0; c < CLIENTS; c++) {
        int credited = 0;
        for (int i = 0; i < SESSIONS; i++) {
            SF_CHECK (clients [c].acknowledged [i]);
            SF_CHECK (clients [c].credited_to [i] == TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_COMPANY);
            credited += clients [c].hours [i];
            char id [24], hours [8], level [8], aggregate [96];
            snprintf (id, sizeof id, "%lld", (long long) clients [c].sessions [i]);
            snprintf (hours, sizeof hours, "%d", clients [c].hours [i]);
            snprintf (level, sizeof level, "%d", clients [c].credited_to [i]);
            const char *values [] = { id, clients [c].employee, hours, level };
            sf_rows_t *rows = sf_db_query (stack->db,
                "SELECT count(*) FROM qual_attendance WHERE session_id = $1::bigint AND employee_code = $2"
                " AND hours = $3::integer AND credited_to = $4::smallint", 4, values);
            SF_CHECK (rows && sf_rows_int (rows, 0, 0) == 1);
            sf_rows_destroy (&rows);
            snprintf (aggregate, sizeof aggregate, "%s/%s", id, clients [c].employee);
            SF_CHECK (zhashx_insert (aggregates, aggregate, (void *) 1) == 0);
        }
        SF_CHECK (qt_count (stack, "SELECT hours_credited FROM qual_level WHERE employee_code = $1 AND level = 1",
                            clients [c].employee) == credited);
        SF_CHECK (qt_count (stack,
            "SELECT COALESCE (sum (hours), 0) FROM qual_attendance WHERE employee_code = $1 AND credited_to = 1",
            clients [c].employee) == credited);
    }
}

//  One training.attendance_recorded per attendance, nothing else. Fills events.
static void
s_check_outbox (qt_stack_t *stack, zhashx_t *aggregates, zlistx_t *events)
{
    sf_rows_t *rows = sf_db_query (stack->db, "SELECT event_id, envelope FROM sf_outbox"
                                              " WHERE event_type = 'training.attendance_recorded'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == COMMANDS);
    zhashx_t *seen = zhashx_new ();
    for (int row = 0; row < sf_rows_count (rows); row++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, row, 1, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        free (envelope);
        SF_CHECK_STR (event.aggregate_type, "attendance");
        SF_CHECK (zhashx_lookup (aggregates, event.aggregate_id));
        SF_CHECK (event.aggregate_version == 1);
        SF_CHECK (zhashx_insert (seen, event.aggregate_id, (void *) 1) == 0);
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
        sf_event_clear (&event);
    }
    SF_CHECK (zhashx_size (seen) == COMMANDS);
    zhashx_destroy (&seen);
    sf_rows_destroy (&rows);
}

int
main (void)
{
    qt_stack_t stack;
    qt_stack_start (&stack, "qual_k9", "qk");
    sf_test_daemon_set_clock (&stack.daemon, S_T0);
    qt_employee (&stack, "E4", "S");
    qt_wait_node (&stack, qt_code (&stack, "E4"), NULL);
    qt_account (&stack, "officer", "safety_officer", "P");
    sf_rpc_client_t *officer = qt_client (&stack, "officer");
    Training__CourseAdd course = TRAINING__COURSE_ADD__INIT;
    course.code = (char *) "K9C";
    course.title_zh = (char *) "公司级安全教育";
    course.category = (char *) "safety_must_know";
    course.hours = COURSE_HOURS;
    course.level = TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_COMPANY;
    char plant [64];
    snprintf (plant, sizeof plant, "%s", qt_code (&stack, "P"));
    course.unit_code = plant;
    SF_CHECK (qt_call (officer, &course.base, NULL, NULL, NULL) == SF_OK);
    int64_t sessions [SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
        Training__SessionAdd add = TRAINING__SESSION_ADD__INIT;
        add.course_code = (char *) "K9C";
        add.unit_code = plant;
        add.date_ms = S_T0 - (int64_t) i * QT_DAY_MS;
        add.trainer = (char *) "李工";
        Training__Session *session = NULL;
        SF_CHECK (qt_call (officer, &add.base, &training__session__descriptor, &session, NULL) == SF_OK);
        sessions [i] = session->id;
        sf_pb_destroy (&session);
    }
    sf_rpc_client_destroy (&officer);

    static const char *employees [CLIENTS] = { "E1", "E2", "E3", "E4" };
    s_client_t clients [CLIENTS];
    memset (clients, 0, sizeof clients);
    for (int c = 0; c < CLIENTS; c++) {
        clients [c].stack = &stack;
        clients [c].sessions = sessions;
        snprintf (clients [c].employee, sizeof clients [c].employee, "%s", qt_code (&stack, employees [c]));
    }
    int64_t began = zclock_mono ();
    for (int c = 0; c < CLIENTS; c++)
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    k9_kills_t kills;
    k9_kill_three_times (&stack.daemon, &s_done, COMMANDS, GIVE_UP_MS, &kills);
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    printf ("%d commands in %lld ms, %d of them resent\n", COMMANDS, (long long) (zclock_mono () - began),
            atomic_load (&s_resent));

    zhashx_t *aggregates = zhashx_new ();
    s_check_attendance (&stack, clients, aggregates);
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    s_check_outbox (&stack, aggregates, events);
    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:training", stack.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);
    SF_CHECK (sf_test_daemon_healthy (&stack.daemon, 2000));
    printf ("%d attendances stored once with the hours their replies showed, credited once, %d events in outbox"
            " and stream (%d published again after a kill)\n", COMMANDS, (int) zlistx_size (events), duplicates);
    zlistx_destroy (&events);
    zhashx_destroy (&aggregates);
    qt_stack_stop (&stack);
    return 0;
}
