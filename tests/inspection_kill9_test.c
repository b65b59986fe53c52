/*  kill -9 the inspection daemon three times while four clients report 600 findings, each
    command with its own idempotency key and resent with it until it is answered; restart it
    each time, and check what the project promises: every acknowledged finding is stored
    exactly once (with the number its reply gave), nothing else is stored, numbers stay
    unique and gap-free per plant-year, every finding has one event in the outbox and in the
    Redis stream (a second entry only when a kill cut a relay pass between XADD and commit),
    and the rectification daemon makes exactly one form of each.                          */
#include "inspection_testlib.h"
#include "kill9_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#define CLIENTS 4
#define PER_CLIENT 150
#define COMMANDS (CLIENTS * PER_CLIENT)
#define ATTEMPT_MS 700          //  a client resends what has no answer after this
#define ATTEMPTS 20
#define GIVE_UP_MS 30000        //  per command: long enough to ride out every restart

typedef struct {
    char description [96];
    char key [96];
    Inspection__Severity severity;
    bool acked;
    char *number;               //  from the reply
    int rows;                   //  findings stored with the description
} s_command_t;

typedef struct {
    it_stack_t *stack;
    s_command_t *commands;      //  this client's PER_CLIENT commands
    char reporter [96];         //  the department the reporter acts for
    char unit [96];             //  the team responsible
    sf_rpc_client_t *rpc;       //  made before the thread starts (it writes the account)
    pthread_t thread;
} s_client_t;

static atomic_int s_done;       //  commands answered or given up, over all clients
static atomic_int s_resent;     //  commands that needed more than one attempt

//  Sends command until it is answered (k9_send).
static void
s_send (const s_client_t *client, sf_rpc_client_t *rpc, s_command_t *command)
{
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = (char *) command->description;
    finding.factor = INSPECTION__FACTOR__FACTOR_MACHINE;
    finding.location = (char *) "配电室";
    finding.severity = command->severity;
    finding.responsible_unit = (char *) client->unit;
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    bool resent;
    Inspection__Finding *reported = k9_send (rpc, &request.base, command->key, &inspection__finding__descriptor,
                                             GIVE_UP_MS, &resent);
    if (reported) {
        SF_CHECK_STR (reported->description, command->description);
        command->number = strdup (reported->number);
        command->acked = true;
        sf_pb_destroy (&reported);
    }
    if (resent)
        atomic_fetch_add (&s_resent, 1);
    atomic_fetch_add (&s_done, 1);
}

static void *
s_client_run (void *arg)
{
    s_client_t *client = (s_client_t *) arg;
    for (int index = 0; index < PER_CLIENT; index++)
        s_send (client, client->rpc, &client->commands [index]);
    sf_rpc_client_destroy (&client->rpc);
    return NULL;
}

static void
s_prepare (s_command_t *commands, s_client_t *clients, it_stack_t *stack)
{
    for (int index = 0; index < COMMANDS; index++) {
        snprintf (commands [index].description, sizeof commands [index].description,
                  "第 %04d 处：配电箱门未关闭", index);
        snprintf (commands [index].key, sizeof commands [index].key, "%s-report-%d", stack->prefix, index);
        commands [index].severity = index % 10 == 0? INSPECTION__SEVERITY__SEVERITY_MAJOR: INSPECTION__SEVERITY__SEVERITY_GENERAL;
    }
    for (int c = 0; c < CLIENTS; c++) {
        s_client_t *client = &clients [c];
        client->stack = stack;
        client->commands = commands + c * PER_CLIENT;
        snprintf (client->reporter, sizeof client->reporter, "%sD%d", stack->prefix, c / 2 + 1);
        snprintf (client->unit, sizeof client->unit, "%sD%dT%d", stack->prefix, c / 2 + 1, c % 2 + 1);
        //  One account, safety officer of both departments; each client acts for its own.
        client->rpc = it_client (stack, "officer", "safety_officer", client->reporter);
        sf_rpc_client_set_retry (client->rpc, ATTEMPT_MS, ATTEMPTS);
    }
}

//  Every stored finding is one of ours, at most once; an acknowledged one exactly once,
//  with the number its reply gave. Fills numbers: finding number -> finding id.
static int
s_check_findings (sf_db_t *db, s_command_t *commands, zhashx_t *numbers)
{
    zhashx_t *by_description = zhashx_new ();
    for (int index = 0; index < COMMANDS; index++)
        zhashx_insert (by_description, commands [index].description, &commands [index]);
    sf_rows_t *rows = sf_db_query (db, "SELECT description, number, id FROM finding", 0, NULL);
    SF_CHECK (rows);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        s_command_t *command = (s_command_t *) zhashx_lookup (by_description, sf_rows_text (rows, row, 0));
        if (!command)
            fprintf (stderr, "finding nobody reported: %s\n", sf_rows_text (rows, row, 0));
        SF_CHECK (command);
        command->rows++;
        if (command->acked)
            SF_CHECK_STR (sf_rows_text (rows, row, 1), command->number);
        SF_CHECK (zhashx_insert (numbers, sf_rows_text (rows, row, 1), (void *) (intptr_t) sf_rows_int (rows, row, 2))
                  == 0);
    }
    int stored = sf_rows_count (rows);
    sf_rows_destroy (&rows);
    zhashx_destroy (&by_description);
    for (int index = 0; index < COMMANDS; index++) {
        const s_command_t *command = &commands [index];
        bool right = command->acked? command->rows == 1: command->rows <= 1;
        if (!right)
            fprintf (stderr, "%s: acknowledged %d, stored %d times\n", command->key, command->acked, command->rows);
        SF_CHECK (right);
    }
    return stored;
}

//  Per plant and year the numbers run 1..n without a gap or a repeat, and the counter
//  agrees: a number taken by a transaction that died with the daemon was never committed.
static void
s_check_numbers (sf_db_t *db, int stored)
{
    const char *split =
        "WITH n AS (SELECT regexp_replace (number, '-[0-9]+$', '') AS scope, "
        "substring (number FROM '[0-9]+$')::bigint AS seq FROM finding), "
        "s AS (SELECT scope, count(*) AS n, count(DISTINCT seq) AS d, min (seq) AS lo, max (seq) AS hi "
        "FROM n GROUP BY scope) ";
    char sql [1024];
    snprintf (sql, sizeof sql, "%s SELECT count(*) FROM s WHERE n <> d OR lo <> 1 OR hi <> n", split);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == 0);
    snprintf (sql, sizeof sql, "%s SELECT coalesce (sum (n), 0) FROM s "
              "JOIN number_seq ON number_seq.scope = s.scope AND number_seq.last = s.hi", split);
    SF_CHECK (sf_test_scalar (db, sql, NULL) == stored);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM number_seq WHERE scope LIKE '%-F%'", NULL) == 1);
}

//  Each finding has one event of type in the outbox; fills events with their ids.
static void
s_check_outbox (sf_db_t *db, zhashx_t *numbers, const char *type, int expected, zlistx_t *events)
{
    const char *values [] = { type };
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id, envelope FROM sf_outbox WHERE event_type = $1", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == expected);
    zhashx_t *seen = zhashx_new ();
    for (int row = 0; row < sf_rows_count (rows); row++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, row, 1, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        SF_CHECK (zhashx_lookup (numbers, event.aggregate_id) != NULL);
        SF_CHECK (zhashx_insert (seen, event.aggregate_id, (void *) 1) == 0);
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
        sf_event_clear (&event);
        free (envelope);
    }
    zhashx_destroy (&seen);
    sf_rows_destroy (&rows);
}

//  One form per finding, naming it by id and number.
static void
s_check_forms (it_stack_t *stack, zhashx_t *numbers, int stored)
{
    sf_db_t *rect = sf_test_db_session (stack->rectification_schema);
    bool all = it_wait_count (rect, "SELECT count(*) FROM form", NULL, stored, 30000);
    if (!all)
        fprintf (stderr, "forms: %lld of %d\n", (long long) sf_test_scalar (rect, "SELECT count(*) FROM form", NULL),
                 stored);
    SF_CHECK (all);
    sf_rows_t *rows = sf_db_query (rect, "SELECT finding_id, finding_number FROM form", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == stored);
    zhashx_t *seen = zhashx_new ();
    for (int row = 0; row < stored; row++) {
        const char *number = sf_rows_text (rows, row, 1);
        SF_CHECK (zhashx_lookup (numbers, number) == (void *) (intptr_t) sf_rows_int (rows, row, 0));
        SF_CHECK (zhashx_insert (seen, number, (void *) 1) == 0);
    }
    zhashx_destroy (&seen);
    sf_rows_destroy (&rows);
    sf_db_destroy (&rect);
}

int
main (void)
{
    it_stack_t stack;
    it_stack_start (&stack, "itk9");
    it_rectification_start (&stack);
    sf_db_t *rect = sf_test_db_session (stack.rectification_schema);
    char last_unit [96];
    snprintf (last_unit, sizeof last_unit, "%sD2T3E2", stack.prefix);
    it_wait_unit (rect, last_unit);
    sf_db_destroy (&rect);

    s_command_t *commands = calloc (COMMANDS, sizeof *commands);
    s_client_t clients [CLIENTS];
    s_prepare (commands, clients, &stack);
    int64_t started = zclock_mono ();
    for (int c = 0; c < CLIENTS; c++)
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    k9_kills_t kills;
    k9_kill_three_times (&stack.inspection, &s_done, COMMANDS, GIVE_UP_MS, &kills);
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    int acked = 0, majors = 0;
    for (int index = 0; index < COMMANDS; index++)
        acked += commands [index].acked;
    printf ("%d of %d acknowledged in %lld ms, %d of them resent\n", acked, COMMANDS,
            (long long) (zclock_mono () - started), atomic_load (&s_resent));

    zhashx_t *numbers = zhashx_new ();
    int stored = s_check_findings (stack.db, commands, numbers);
    for (int index = 0; index < COMMANDS; index++)
        majors += commands [index].rows && commands [index].severity == INSPECTION__SEVERITY__SEVERITY_MAJOR;
    s_check_numbers (stack.db, stored);
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    s_check_outbox (stack.db, numbers, "inspection.finding_reported", stored, events);
    zlistx_t *majors_events = zlistx_new ();
    zlistx_set_destructor (majors_events, (zlistx_destructor_fn *) zstr_free);
    s_check_outbox (stack.db, numbers, "inspection.major_hazard_found", majors, majors_events);
    zlistx_destroy (&majors_events);

    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection", stack.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);
    s_check_forms (&stack, numbers, stored);
    printf ("%d acknowledged, %d stored, numbered without gaps, %d events in outbox and stream "
            "(%d published again after a kill), %d forms\n", acked, stored, stored, duplicates, stored);

    zlistx_destroy (&events);
    zhashx_destroy (&numbers);
    for (int index = 0; index < COMMANDS; index++)
        free (commands [index].number);
    free (commands);
    it_stack_stop (&stack);
    return 0;
}
