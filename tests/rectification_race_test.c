/*  Submits racing the overdue job on the same forms: the scheduler locks a deadline's row and
    then the form, a submit locks the form and then removes its deadlines. Neither may wait
    for the other (a deadlock the database would break by failing one of them): each submit
    answers ok at the first attempt, and every form ends submitted, marked overdue, with no
    deadline left behind and none given up.                                                 */
#include "rectification_testlib.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define T0 1780272000000LL      //  2026-06-01 00:00 UTC
#define DAY RECT_DAY_MS
#define ROUNDS 5
#define FORMS 40

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
    sf_rpc_client_t *client = rt_client (submitter->stack, "leader", "team_leader", "rcT");
    rect_command_t submit = {
        .number = (char *) submitter->number, .has_evidence = true, .evidence = { .text = (char *) "已整改" }
    };
    pthread_barrier_wait (submitter->start);
    submitter->status = rt_call (client, "rectification.SubmitEvidence", &submit, NULL, NULL);
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
            rect_form_t form;
            SF_CHECK (rt_issue (officer, "rcT", 1, "叉车通道标线模糊", NULL, now + DAY, &form) == SF_OK);
            numbers [i] = strdup (form.number);
            rect_form_clear (&form);
            SF_CHECK (rt_move (leader, "rectification.AcknowledgeForm", numbers [i], "", NULL) == SF_OK);
            SF_CHECK (rt_move (leader, "rectification.StartRectification", numbers [i], "", NULL) == SF_OK);
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
            SF_CHECK (sf_test_scalar (stack.db, "SELECT status FROM form WHERE number = $1", number) == RECT_SUBMITTED);
            SF_CHECK (sf_test_scalar (stack.db, "SELECT overdue::int FROM form WHERE number = $1", number) == 1);
            SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_deadlines WHERE subject ="
                                      " (SELECT id::text FROM form WHERE number = $1)", number) == 0);
            free (numbers [i]);
        }
        SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_deadlines WHERE gave_up_at IS NOT NULL",
                                  NULL) == 0);
    }
    s_check_versions (&stack);
    SF_CHECK (sf_test_daemon_healthy (&stack.daemon, 2000));
    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&officer);
    rt_stack_stop (&stack);
    return 0;
}
