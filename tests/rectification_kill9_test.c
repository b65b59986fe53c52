/*  kill -9 the rectification daemon three times while four clients take 160 forms through
    their whole life (issue, acknowledge, start, submit, verify), each command with its own
    idempotency key and resent with it until it is answered; restart it each time, and check
    what the project promises: every form a client saw issued is stored once (and nothing
    else is), every acknowledged transition stands (closed, at the version of its five
    changes, five history rows), numbers stay unique and gap-free per plant-year and agree
    with form_sequence, each transition has one event in the outbox and in the Redis stream
    (a second entry only when a kill cut a relay pass between XADD and commit), and no
    deadline of a closed form is left armed.                                               */
#include "kill9_testlib.h"
#include "rectification_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define CLIENTS 4
#define PER_CLIENT 40
#define FORMS (CLIENTS * PER_CLIENT)
#define STEPS 5
#define COMMANDS (FORMS * STEPS)
#define ATTEMPT_MS 700          //  a client resends what has no answer after this
#define ATTEMPTS 20
#define GIVE_UP_MS 30000        //  per command: long enough to ride out every restart
#define TREE "k9"               //  unit codes: plant k9P, teams k9T and k9T2

//  A form's life, one command per step: who sends it, the state it leaves the form in, and
//  the event it writes. Each change bumps the version, so step i leaves version i + 1.
typedef struct {
    const ProtobufCMessageDescriptor *type;
    const char *event;
    Rectification__FormStatus status;
    bool by_issuer;             //  else by the rectifier
} s_step_t;

static const s_step_t s_steps [STEPS] = {
    { &rectification__issue_form__descriptor, "rectification.form_issued",
      RECTIFICATION__FORM_STATUS__FORM_ISSUED, true },
    { &rectification__acknowledge_form__descriptor, "rectification.form_acknowledged",
      RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED, false },
    { &rectification__start_rectification__descriptor, "rectification.rectification_started",
      RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION, false },
    { &rectification__submit_evidence__descriptor, "rectification.form_submitted",
      RECTIFICATION__FORM_STATUS__FORM_SUBMITTED, false },
    { &rectification__verify_form__descriptor, "rectification.form_closed",
      RECTIFICATION__FORM_STATUS__FORM_CLOSED, true }
};

typedef struct {
    char description [96];      //  unique: names the form before it has a number
    char key [96];              //  stem of its commands' idempotency keys
    char *number;               //  from the reply to IssueForm
    int acked;                  //  steps answered ok, in order
    int rows;                   //  forms stored with the description
} s_form_t;

typedef struct {
    rt_stack_t *stack;
    s_form_t *forms;            //  this client's PER_CLIENT forms
    char issuer [32];           //  user ids, one pair per client: no one verifies own work
    char rectifier [32];
    char team [32];             //  the responsible unit, where the rectifier acts
    pthread_t thread;
} s_client_t;

//  rectification.FormStatus FORM_CLOSED as a query parameter.
static char s_closed [16];

static atomic_int s_done;       //  commands answered or given up, over all clients
static atomic_int s_resent;     //  commands that needed more than one attempt

//  The request of step for form (sf_pb_destroy).
static ProtobufCMessage *
s_request (const s_client_t *client, const s_form_t *form, int step)
{
    ProtobufCMessage *request = rt_request (s_steps [step].type, form->number, step == 4? "合格": "收到");
    if (step == 0) {
        Rectification__IssueForm *issue = (Rectification__IssueForm *) request;
        sf_pb_set (&issue->responsible_unit, client->team);
        issue->severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
        sf_pb_set (&issue->description, form->description);
        sf_pb_set (&issue->requirement, "加装防护栏");
        sf_pb_set (&issue->location, "二号车间");
    }
    if (step == 3) {
        Rectification__SubmitEvidence *submit = (Rectification__SubmitEvidence *) request;
        submit->evidence = sf_pb_new (&rectification__evidence__descriptor);
        sf_pb_set (&submit->evidence->text, "已加装防护栏，附照片");
    }
    return request;
}

//  Sends step of form until it is answered (k9_send), each step with a key of its own.
static void
s_send (const s_client_t *client, sf_rpc_client_t *rpc, s_form_t *form, int step)
{
    char key [128];
    snprintf (key, sizeof key, "%s-%d", form->key, step);
    ProtobufCMessage *request = s_request (client, form, step);
    bool resent;
    Rectification__Form *stored = k9_send (rpc, request, key, &rectification__form__descriptor, GIVE_UP_MS, &resent);
    sf_pb_destroy (&request);
    if (stored) {
        SF_CHECK_STR (stored->description, form->description);
        if (step == 0)
            form->number = strdup (stored->number);
        SF_CHECK_STR (stored->number, form->number);
        SF_CHECK (stored->status == s_steps [step].status && stored->version == step + 1);
        form->acked = step + 1;
        sf_pb_destroy (&stored);
    }
    if (resent)
        atomic_fetch_add (&s_resent, 1);
    atomic_fetch_add (&s_done, 1);
}

static void *
s_client_run (void *arg)
{
    s_client_t *client = (s_client_t *) arg;
    sf_rpc_client_t *issuer = rt_client_as (client->stack, client->issuer, TREE "P");
    sf_rpc_client_t *rectifier = rt_client_as (client->stack, client->rectifier, client->team);
    sf_rpc_client_set_retry (issuer, ATTEMPT_MS, ATTEMPTS);
    sf_rpc_client_set_retry (rectifier, ATTEMPT_MS, ATTEMPTS);
    for (int index = 0; index < PER_CLIENT; index++) {
        s_form_t *form = &client->forms [index];
        for (int step = 0; step < STEPS; step++) {
            if (form->acked < step) {
                //  An earlier step was given up: count the rest as done, so the kills go on.
                atomic_fetch_add (&s_done, 1);
                continue;
            }
            s_send (client, s_steps [step].by_issuer? issuer: rectifier, form, step);
        }
    }
    sf_rpc_client_destroy (&rectifier);
    sf_rpc_client_destroy (&issuer);
    return NULL;
}

//  The plant's safety officers issue and verify; the leaders of the two teams rectify.
static void
s_prepare (s_form_t *forms, s_client_t *clients, rt_stack_t *stack)
{
    for (int index = 0; index < FORMS; index++) {
        snprintf (forms [index].description, sizeof forms [index].description,
                  "第 %03d 处：平台护栏缺失", index);
        snprintf (forms [index].key, sizeof forms [index].key, "%s-form-%d", stack->prefix, index);
    }
    for (int c = 0; c < CLIENTS; c++) {
        s_client_t *client = &clients [c];
        client->stack = stack;
        client->forms = forms + c * PER_CLIENT;
        snprintf (client->issuer, sizeof client->issuer, "officer%d", c);
        snprintf (client->rectifier, sizeof client->rectifier, "leader%d", c);
        snprintf (client->team, sizeof client->team, "%s%s", TREE, c % 2? "T2": "T");
        //  The accounts before the threads: they only send.
        rt_account (stack, client->issuer, "safety_officer", TREE "P");
        rt_account (stack, client->rectifier, "team_leader", client->team);
    }
}

//  Every stored form is one of ours, at most once; one a client saw issued exactly once,
//  with the number its reply gave, and at least as far along as its last answered step (one
//  further when a kill took the answer to the next). Fills numbers: form number -> form.
static void
s_check_forms (sf_db_t *db, s_form_t *forms, zhashx_t *numbers)
{
    zhashx_t *by_description = zhashx_new ();
    for (int index = 0; index < FORMS; index++)
        zhashx_insert (by_description, forms [index].description, &forms [index]);
    sf_rows_t *rows = sf_db_query (db, "SELECT description, number, status, version FROM form", 0, NULL);
    SF_CHECK (rows);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        s_form_t *form = (s_form_t *) zhashx_lookup (by_description, sf_rows_text (rows, row, 0));
        if (!form)
            fprintf (stderr, "form nobody issued: %s\n", sf_rows_text (rows, row, 0));
        SF_CHECK (form);
        form->rows++;
        int status = (int) sf_rows_int (rows, row, 2);
        int64_t version = sf_rows_int (rows, row, 3);
        if (form->acked)
            SF_CHECK_STR (sf_rows_text (rows, row, 1), form->number);
        bool right = (status == form->acked || status == form->acked + 1) && version == status;
        if (!right)
            fprintf (stderr, "%s: %d steps acknowledged, stored with status %d, version %lld\n", form->key,
                     form->acked, status, (long long) version);
        SF_CHECK (right);
        SF_CHECK (zhashx_insert (numbers, sf_rows_text (rows, row, 1), form) == 0);
    }
    sf_rows_destroy (&rows);
    zhashx_destroy (&by_description);
    for (int index = 0; index < FORMS; index++) {
        const s_form_t *form = &forms [index];
        bool right = form->acked? form->rows == 1: form->rows <= 1;
        if (!right)
            fprintf (stderr, "%s: issue acknowledged %d, stored %d times\n", form->key, form->acked > 0, form->rows);
        SF_CHECK (right);
    }
}

//  Per plant and year the numbers run 1..n without a gap or a repeat, and form_sequence
//  agrees: a number taken by a transaction that died with the daemon was never committed.
static void
s_check_numbers (sf_db_t *db)
{
    const char *split =
        "WITH n AS (SELECT regexp_replace (number, '-R[0-9]+-[0-9]+$', '') AS plant, "
        "substring (number FROM '-R([0-9]+)-[0-9]+$')::int AS year, "
        "substring (number FROM '[0-9]+$')::int AS seq FROM form), "
        "s AS (SELECT plant, year, count(*) AS n, count(DISTINCT seq) AS d, min (seq) AS lo, max (seq) AS hi "
        "FROM n GROUP BY plant, year) ";
    char sql [1024];
    snprintf (sql, sizeof sql, "%s SELECT count(*) FROM s WHERE n <> d OR lo <> 1 OR hi <> n", split);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 0);
    snprintf (sql, sizeof sql, "%s SELECT coalesce (sum (n), 0) FROM s JOIN form_sequence q "
              "ON q.plant_code = s.plant AND q.year = s.year AND q.last_seq = s.hi", split);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == FORMS);
    snprintf (sql, sizeof sql, "%s SELECT (SELECT count(*) FROM form_sequence) - (SELECT count(*) FROM s)", split);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 0);
}

//  Every event in the outbox is one transition of one of our forms, at the version that
//  transition left, and each transition of each form is there exactly once. Fills events
//  with their ids.
static void
s_check_outbox (sf_db_t *db, zhashx_t *numbers, zlistx_t *events)
{
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id, event_type, envelope FROM sf_outbox", 0, NULL);
    SF_CHECK (rows);
    zhashx_t *seen = zhashx_new ();
    int per_step [STEPS] = { 0 };
    for (int row = 0; row < sf_rows_count (rows); row++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, row, 2, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        SF_CHECK_STR (event.type, sf_rows_text (rows, row, 1));
        int step = 0;
        while (step < STEPS && strcmp (s_steps [step].event, event.type) != 0)
            step++;
        if (step == STEPS)
            fprintf (stderr, "unexpected event %s about %s\n", event.type, event.aggregate_id);
        SF_CHECK (step < STEPS);
        SF_CHECK_STR (event.aggregate_type, "rectification_form");
        SF_CHECK (zhashx_lookup (numbers, event.aggregate_id) != NULL);
        SF_CHECK (event.aggregate_version == step + 1);
        char key [160];
        snprintf (key, sizeof key, "%s/%s", event.aggregate_id, event.type);
        bool once = zhashx_insert (seen, key, (void *) 1) == 0;
        if (!once)
            fprintf (stderr, "two events %s\n", key);
        SF_CHECK (once);
        per_step [step]++;
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
        sf_event_clear (&event);
        free (envelope);
    }
    for (int step = 0; step < STEPS; step++)
        SF_CHECK (per_step [step] == FORMS);
    zhashx_destroy (&seen);
    sf_rows_destroy (&rows);
}

//  Closing removes every deadline of the form: none of a closed form is still armed.
static void
s_check_deadlines (sf_db_t *db)
{
    const char *armed =
        "SELECT count(*) FROM sf_deadlines d JOIN form f ON d.subject = f.id::text "
        "WHERE f.status = $1::int AND d.fired_at IS NULL AND d.job LIKE 'rectification.%'";
    int64_t left = sf_test_scalar (db, armed, s_closed);
    if (left)
        fprintf (stderr, "%lld deadlines of closed forms still armed\n", (long long) left);
    SF_CHECK (left == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_deadlines WHERE gave_up_at IS NOT NULL", NULL) == 0);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rk9", TREE, "SF_LOG_LEVEL=warn");
    snprintf (s_closed, sizeof s_closed, "%d", RECTIFICATION__FORM_STATUS__FORM_CLOSED);

    s_form_t *forms = calloc (FORMS, sizeof *forms);
    s_client_t clients [CLIENTS];
    s_prepare (forms, clients, &stack);
    int64_t started = zclock_mono ();
    for (int c = 0; c < CLIENTS; c++)
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    k9_kills_t kills;
    k9_kill_three_times (&stack.daemon, &s_done, COMMANDS, GIVE_UP_MS, &kills);
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    int acked = 0;
    for (int index = 0; index < FORMS; index++)
        acked += forms [index].acked;
    printf ("%d of %d commands acknowledged in %lld ms, %d of them resent\n", acked, COMMANDS,
            (long long) (zclock_mono () - started), atomic_load (&s_resent));

    zhashx_t *numbers = zhashx_new ();
    s_check_forms (stack.db, forms, numbers);
    //  Every command rode out the restarts: each form went its whole way and was closed.
    SF_CHECK (acked == COMMANDS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form WHERE status = $1::int AND version = 5", s_closed)
              == FORMS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM (SELECT form_id FROM form_history "
                              "GROUP BY form_id HAVING count(*) = 5) h", NULL) == FORMS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form_history", NULL) == COMMANDS);
    s_check_numbers (stack.db);
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    s_check_outbox (stack.db, numbers, events);
    s_check_deadlines (stack.db);

    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:rectification", stack.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);
    SF_CHECK (sf_test_daemon_healthy (&stack.daemon, 2000));
    printf ("%d forms closed, numbered without gaps, %d events in outbox and stream "
            "(%d published again after a kill), no deadline left armed\n", FORMS, (int) zlistx_size (events),
            duplicates);

    zlistx_destroy (&events);
    zhashx_destroy (&numbers);
    for (int index = 0; index < FORMS; index++)
        free (forms [index].number);
    free (forms);
    rt_stack_stop (&stack);
    return 0;
}
