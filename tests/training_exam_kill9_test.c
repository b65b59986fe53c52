/*  kill -9 the training daemon three times while four people each start and submit 10
    attempts at a blueprint, each command with its own idempotency key and resent with it
    until it is answered; restart it each time, and check what the exams promise: every
    attempt a client saw started is stored once, with the very paper its reply showed, in
    that order; every acknowledged submission stands with the score its reply gave, scored
    once (one training.exam_started and one exam_passed or exam_failed per attempt, in the
    outbox and in the Redis stream, a second stream entry only when a kill cut a relay pass);
    no attempt is left open and none was started that nobody saw.                         */
#include "kill9_testlib.h"
#include "training_exam_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 4
#define PER_CLIENT 10
#define ATTEMPTS_TOTAL (CLIENTS * PER_CLIENT)
#define COMMANDS (ATTEMPTS_TOTAL * 2)
#define ATTEMPT_MS 700
#define RETRIES 20
#define GIVE_UP_MS 30000
#define TREE "k9x"

typedef struct {
    int64_t id;                 //  from the start's reply; 0 when never acknowledged
    char codes [512];           //  the paper's codes in order, comma-separated
    int right;                  //  questions answered right
    int score;                  //  from the submission's reply; -1 when never acknowledged
    bool passed;
} s_attempt_t;

typedef struct {
    ex_stack_t *stack;
    char login [32];
    s_attempt_t attempts [PER_CLIENT];
    pthread_t thread;
} s_client_t;

static atomic_int s_done;
static atomic_int s_resent;

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    sf_rpc_client_t *rpc = ex_client (client->stack, client->login);
    sf_rpc_client_set_retry (rpc, ATTEMPT_MS, RETRIES);
    for (int i = 0; i < PER_CLIENT; i++) {
        s_attempt_t *attempt = &client->attempts [i];
        attempt->score = -1;
        attempt->right = (i * 3) % 9;
        char key [128];
        snprintf (key, sizeof key, "%s-%s-%d-start", client->stack->prefix, client->login, i);
        Training__StartExamAttempt start = TRAINING__START_EXAM_ATTEMPT__INIT;
        start.blueprint_code = (char *) "K9";
        bool resent;
        Training__ExamPaper *paper = k9_send (rpc, &start.base, key, &training__exam_paper__descriptor, GIVE_UP_MS,
                                              &resent);
        atomic_fetch_add (&s_resent, resent);
        atomic_fetch_add (&s_done, 1);
        if (!paper) {
            atomic_fetch_add (&s_done, 1);
            break;
        }
        attempt->id = paper->attempt_id;
        for (size_t q = 0; q < paper->n_questions; q++) {
            size_t used = strlen (attempt->codes);
            snprintf (attempt->codes + used, sizeof attempt->codes - used, "%s%s", q? ",": "", paper->questions [q]->code);
        }
        snprintf (key, sizeof key, "%s-%s-%d-submit", client->stack->prefix, client->login, i);
        Training__SubmitExamAnswers submit = TRAINING__SUBMIT_EXAM_ANSWERS__INIT;
        submit.attempt_id = paper->attempt_id;
        Training__ExamAnswer answers [16];
        Training__ExamAnswer *list [16];
        for (size_t q = 0; q < paper->n_questions && q < 16; q++) {
            training__exam_answer__init (&answers [q]);
            answers [q].question_code = paper->questions [q]->code;
            answers [q].choice = (char *) ((int) q < attempt->right? ex_key (paper->questions [q]->code)
                                                                 : ex_wrong (paper->questions [q]->code));
            list [q] = &answers [q];
        }
        submit.answers = list;
        submit.n_answers = paper->n_questions;
        Training__ExamResult *result = k9_send (rpc, &submit.base, key, &training__exam_result__descriptor, GIVE_UP_MS,
                                                &resent);
        atomic_fetch_add (&s_resent, resent);
        atomic_fetch_add (&s_done, 1);
        if (result) {
            SF_CHECK (result->attempt_id == attempt->id && result->correct == attempt->right);
            attempt->score = result->score_percent;
            attempt->passed = result->passed;
            sf_pb_destroy (&result);
        }
        sf_pb_destroy (&paper);
        if (attempt->score < 0)
            break;
    }
    sf_rpc_client_destroy (&rpc);
    return NULL;
}

//  Every stored attempt is one a client saw, with its paper and its score. Fills ids.
static void
s_check_attempts (ex_stack_t *stack, s_client_t *clients, zhashx_t *ids)
{
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM exam_attempt", NULL) == ATTEMPTS_TOTAL);
    SF_CHECK (sf_test_scalar (stack->db, "SELECT count(*) FROM exam_attempt WHERE status <> 2", NULL) == 0);
    for (int c = 0; c < CLIENTS; c++)
        for (int i = 0; i < PER_CLIENT; i++) {
            const s_attempt_t *attempt = &clients [c].attempts [i];
            SF_CHECK (attempt->id > 0 && attempt->score >= 0);
            char id [24];
            snprintf (id, sizeof id, "%lld", (long long) attempt->id);
            const char *values [] = { id };
            sf_rows_t *rows = sf_db_query (stack->db,
                "SELECT a.attempt_number, a.correct, a.score_percent, a.passed, string_agg (q.code, ',' ORDER BY q.seq)"
                " FROM exam_attempt a JOIN exam_attempt_question q ON q.attempt_id = a.id WHERE a.id = $1::bigint"
                " GROUP BY a.id", 1, values);
            SF_CHECK (rows && sf_rows_count (rows) == 1);
            SF_CHECK (sf_rows_int (rows, 0, 0) == i + 1);
            SF_CHECK (sf_rows_int (rows, 0, 1) == attempt->right);
            SF_CHECK (sf_rows_int (rows, 0, 2) == attempt->score);
            SF_CHECK (sf_rows_bool (rows, 0, 3) == attempt->passed);
            SF_CHECK_STR (sf_rows_text (rows, 0, 4), attempt->codes);
            sf_rows_destroy (&rows);
            SF_CHECK (zhashx_insert (ids, id, (void *) attempt) == 0);
        }
}

//  One exam_started and one exam_passed or exam_failed per attempt, nothing else. Fills events.
static void
s_check_outbox (ex_stack_t *stack, zhashx_t *ids, zlistx_t *events)
{
    sf_rows_t *rows = sf_db_query (stack->db, "SELECT event_id, envelope FROM sf_outbox"
                                              " WHERE event_type LIKE 'training.exam_%'", 0, NULL);
    SF_CHECK (rows);
    zhashx_t *seen = zhashx_new ();
    int started = 0, ended = 0;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, row, 1, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        free (envelope);
        if (strcmp (event.aggregate_type, "exam_attempt") == 0) {
            const s_attempt_t *attempt = zhashx_lookup (ids, event.aggregate_id);
            SF_CHECK (attempt);
            bool start = strcmp (event.type, "training.exam_started") == 0;
            SF_CHECK (start || strcmp (event.type, attempt->passed? "training.exam_passed": "training.exam_failed") == 0);
            SF_CHECK (event.aggregate_version == (start? 1: 2));
            char key [64];
            snprintf (key, sizeof key, "%s/%d", event.aggregate_id, start);
            SF_CHECK (zhashx_insert (seen, key, (void *) 1) == 0);
            started += start;
            ended += !start;
            zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
        }
        sf_event_clear (&event);
    }
    SF_CHECK (started == ATTEMPTS_TOTAL && ended == ATTEMPTS_TOTAL);
    zhashx_destroy (&seen);
    sf_rows_destroy (&rows);
}

int
main (void)
{
    ex_stack_t stack;
    ex_stack_start (&stack, "tek9", TREE, "SF_LOG_LEVEL=warn");
    ex_account (&stack, "officer", "E6", "safety_officer", "P");
    sf_rpc_client_t *officer = ex_client (&stack, "officer");
    char *csv = ex_bank_csv ("K");
    SF_CHECK (ex_import (officer, ex_code (&stack, "P"), csv, NULL) == SF_OK);
    free (csv);
    char plant [64];
    snprintf (plant, sizeof plant, "%s", ex_code (&stack, "P"));
    SF_CHECK (ex_blueprint (officer, "K9", plant, "must_know:any:5;emergency:any:3", 60, 0, PER_CLIENT, NULL) == SF_OK);
    sf_rpc_client_destroy (&officer);

    s_client_t clients [CLIENTS];
    memset (clients, 0, sizeof clients);
    for (int c = 0; c < CLIENTS; c++) {
        clients [c].stack = &stack;
        snprintf (clients [c].login, sizeof clients [c].login, "person%d", c);
        char employee [8];
        snprintf (employee, sizeof employee, "E%d", c + 1);
        ex_account (&stack, clients [c].login, employee, "", "");
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

    zhashx_t *ids = zhashx_new ();
    s_check_attempts (&stack, clients, ids);
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    s_check_outbox (&stack, ids, events);
    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:training", stack.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);
    SF_CHECK (sf_test_daemon_healthy (&stack.daemon, 2000));
    printf ("%d attempts stored once with the paper and score their replies showed, %d events in outbox and stream"
            " (%d published again after a kill)\n", ATTEMPTS_TOTAL, (int) zlistx_size (events), duplicates);
    zlistx_destroy (&events);
    zhashx_destroy (&ids);
    ex_stack_stop (&stack);
    return 0;
}
