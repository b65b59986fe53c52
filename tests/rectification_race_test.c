/*  Races on the locks of forms, none of which may end in a deadlock (which the database
    breaks by failing one side, and the client sees as unavailable).
    - Submits racing the overdue job on the same forms: the scheduler locks a deadline's row
      and then the form, a submit locks the form and then removes its deadlines. Each submit
      answers ok at the first attempt, and every form ends submitted, marked overdue, with no
      deadline left behind and none given up.
    - Many clients changing the same two forms, half of them in the opposite order: grouped
      into shared transactions on several workers, two groups would take the pair in opposite
      orders. Every command answers ok at the first attempt.                                */
#include "rectification_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define T0 1780272000000LL      //  2026-06-01 00:00 UTC
#define DAY RT_DAY_MS
#define ROUNDS 5
#define FORMS 40
#define PAIR_CLIENTS 12
#define PAIR_ROUNDS 20

typedef struct {
    rt_stack_t *stack;
    const char *number;
    pthread_barrier_t *start;
    sf_status_t status;
    int attempts;
} s_submitter_t;

static void *
s_submit (void *arg)
{
    s_submitter_t *submitter = (s_submitter_t *) arg;
    sf_rpc_client_t *client = rt_client_as (submitter->stack, "leader", "rcT");
    pthread_barrier_wait (submitter->start);
    submitter->status = rt_submit (client, submitter->number, "已整改");
    submitter->attempts = sf_rpc_client_last_attempts (client);
    sf_rpc_client_destroy (&client);
    return NULL;
}

//  Every event about a form carries a version of its own: no (form, version) twice.
static void
s_check_versions (rt_stack_t *stack)
{
    sf_rows_t *rows = sf_db_query (stack->db, "SELECT envelope FROM sf_outbox ORDER BY id", 0, NULL);
    SF_CHECK (rows);
    int count = sf_rows_count (rows);
    char **keys = calloc ((size_t) count, sizeof *keys);
    for (int i = 0; i < count; i++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, i, 0, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        char key [160];
        snprintf (key, sizeof key, "%s/%lld", event.aggregate_id, (long long) event.aggregate_version);
        for (int j = 0; j < i; j++)
            if (strcmp (keys [j], key) == 0) {
                fprintf (stderr, "two events (%s) with version %s\n", event.type, key);
                SF_CHECK (false);
            }
        keys [i] = strdup (key);
        sf_event_clear (&event);
        free (envelope);
    }
    sf_rows_destroy (&rows);
    for (int i = 0; i < count; i++)
        free (keys [i]);
    free (keys);
}

typedef struct {
    rt_stack_t *stack;
    const char *numbers [2];     //  the pair, in this client's order
    pthread_barrier_t *start;
    int refused;                 //  commands not answered ok at the first attempt
} s_pair_client_t;

static void *
s_pair_run (void *arg)
{
    s_pair_client_t *self = (s_pair_client_t *) arg;
    sf_rpc_client_t *client = rt_client_as (self->stack, "leader", "rcT");
    Rectification__Plan plan = RECTIFICATION__PLAN__INIT;
    plan.measures = (char *) "设置隔离围栏";
    Rectification__RecordPlan record = RECTIFICATION__RECORD_PLAN__INIT;
    record.plan = &plan;
    pthread_barrier_wait (self->start);
    for (int round = 0; round < PAIR_ROUNDS; round++)
        for (int i = 0; i < 2; i++) {
            record.number = (char *) self->numbers [i];
            sf_reply_t reply;
            sf_status_t status = rt_call (client, &record.base, NULL, &reply);
            if (status != SF_OK || sf_rpc_client_last_attempts (client) != 1) {
                fprintf (stderr, "%s: %s after %d attempts: %s\n", record.number, sf_status_name (status),
                         sf_rpc_client_last_attempts (client), reply.reason_en? reply.reason_en: "");
                self->refused++;
            }
            sf_reply_clear (&reply);
        }
    sf_rpc_client_destroy (&client);
    return NULL;
}

//  The plan of the same two forms recorded again and again by clients in both orders.
static void
s_opposite_orders (rt_stack_t *stack, sf_rpc_client_t *officer)
{
    char *pair [2];
    for (int i = 0; i < 2; i++) {
        Rectification__Form *form;
        SF_CHECK (rt_issue (officer, "rcT", 1, "配电室门锁损坏", NULL, 0, &form) == SF_OK);
        pair [i] = strdup (form->number);
        sf_pb_destroy (&form);
    }
    int64_t before = rt_count_events (stack, "rectification.plan_recorded");
    pthread_barrier_t start;
    pthread_barrier_init (&start, NULL, PAIR_CLIENTS);
    pthread_t threads [PAIR_CLIENTS];
    s_pair_client_t clients [PAIR_CLIENTS];
    for (int c = 0; c < PAIR_CLIENTS; c++) {
        clients [c] = (s_pair_client_t) {
            .stack = stack, .numbers = { pair [c % 2], pair [1 - c % 2] }, .start = &start
        };
        pthread_create (&threads [c], NULL, s_pair_run, &clients [c]);
    }
    for (int c = 0; c < PAIR_CLIENTS; c++) {
        pthread_join (threads [c], NULL);
        SF_CHECK (clients [c].refused == 0);
    }
    pthread_barrier_destroy (&start);
    SF_CHECK (rt_count_events (stack, "rectification.plan_recorded") == before + PAIR_CLIENTS * PAIR_ROUNDS * 2);
    for (int i = 0; i < 2; i++) {
        SF_CHECK (sf_test_scalar (stack->db, "SELECT version FROM form WHERE number = $1", pair [i])
                  == 1 + PAIR_CLIENTS * PAIR_ROUNDS);
        free (pair [i]);
    }
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rrc", "rc", NULL);
    sf_rpc_client_t *officer = rt_client (&stack, "officer", "safety_officer", "rcP");
    sf_rpc_client_t *leader = rt_client (&stack, "leader", "team_leader", "rcT");
    for (int round = 0; round < ROUNDS; round++) {
        int64_t now = T0 + round * 10 * DAY;
        sf_test_daemon_set_clock (&stack.daemon, now);
        char *numbers [FORMS];
        for (int i = 0; i < FORMS; i++) {
            Rectification__Form *form;
            SF_CHECK (rt_issue (officer, "rcT", 1, "叉车通道标线模糊", NULL, now + DAY, &form) == SF_OK);
            numbers [i] = strdup (form->number);
            sf_pb_destroy (&form);
            SF_CHECK (rt_move (leader, &rectification__acknowledge_form__descriptor, numbers [i], "", NULL) == SF_OK);
            SF_CHECK (rt_move (leader, &rectification__start_rectification__descriptor, numbers [i], "", NULL)
                      == SF_OK);
        }
        pthread_barrier_t start;
        pthread_barrier_init (&start, NULL, FORMS + 1);
        pthread_t threads [FORMS];
        s_submitter_t submitters [FORMS];
        for (int i = 0; i < FORMS; i++) {
            submitters [i] = (s_submitter_t) { .stack = &stack, .number = numbers [i], .start = &start };
            pthread_create (&threads [i], NULL, s_submit, &submitters [i]);
        }
        //  The deadlines fall due; the submits go as soon as the scheduler has begun on them,
        //  while it works through the rest one by one.
        int64_t overdue = rt_count_events (&stack, "rectification.form_overdue");
        sf_test_daemon_set_clock (&stack.daemon, now + DAY + 500);
        for (int waited = 0; waited < 5000 && rt_count_events (&stack, "rectification.form_overdue") == overdue; waited++)
            sf_test_sleep_ms (1);
        pthread_barrier_wait (&start);
        for (int i = 0; i < FORMS; i++) {
            pthread_join (threads [i], NULL);
            SF_CHECK (submitters [i].status == SF_OK);
            SF_CHECK (submitters [i].attempts == 1);
        }
        pthread_barrier_destroy (&start);
        //  Let the scheduler finish whatever it had claimed.
        sf_test_sleep_ms (1500);
        for (int i = 0; i < FORMS; i++) {
            const char *number = numbers [i];
            SF_CHECK (sf_test_scalar (stack.db, "SELECT status FROM form WHERE number = $1", number)
                      == RECTIFICATION__FORM_STATUS__FORM_SUBMITTED);
            SF_CHECK (sf_test_scalar (stack.db, "SELECT overdue::int FROM form WHERE number = $1", number) == 1);
            SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_deadlines WHERE subject ="
                                      " (SELECT id::text FROM form WHERE number = $1)", number) == 0);
            free (numbers [i]);
        }
        SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_deadlines WHERE gave_up_at IS NOT NULL",
                                  NULL) == 0);
    }
    s_opposite_orders (&stack, officer);
    s_check_versions (&stack);
    SF_CHECK (sf_test_daemon_healthy (&stack.daemon, 2000));
    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&officer);
    rt_stack_stop (&stack);
    return 0;
}
