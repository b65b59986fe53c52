/*  Two instances of the inspection daemon and two of the rectification daemon on their
    schemas, under load from four clients that name both inspection endpoints (sf_endpoints.h).
    Midway one inspection instance and one rectification instance (a consumer of the
    findings, holding entries it had read) are killed with kill -9 and stay dead. Checked:
    every acknowledged finding is stored exactly once, numbers stay unique and gap-free per
    plant-year with two instances taking them, each finding has one event in the outbox and
    in the stream (a second entry only across the kill), and the surviving rectification
    instance claims what the dead one held: exactly one form per finding.                 */
#include "inspection_testlib.h"
#include "kill9_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 4
#define PER_CLIENT 100
#define COMMANDS (CLIENTS * PER_CLIENT)
#define ATTEMPT_MS 1000
#define GIVE_UP_MS 60000
//  The survivor takes over entries the dead consumer read and never acknowledged after this.
#define CLAIM_IDLE_MS 2000

typedef struct {
    it_stack_t *stack;
    int index;
    sf_rpc_client_t *rpc;
    int acked;
    int64_t slowest_ms;
    pthread_t thread;
} s_client_t;

static atomic_int s_done;

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    char unit [96];
    snprintf (unit, sizeof unit, "%sD%dT%d", client->stack->prefix, client->index / 2 + 1, client->index % 2 + 1);
    for (int i = 0; i < PER_CLIENT; i++) {
        char description [96], key [96];
        snprintf (description, sizeof description, "第 %d-%03d 处：消防通道堵塞", client->index, i);
        snprintf (key, sizeof key, "%s-scale-%d-%d", client->stack->prefix, client->index, i);
        Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
        finding.description = description;
        finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
        finding.location = (char *) "二号车间";
        finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
        finding.responsible_unit = unit;
        Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
        request.finding = &finding;
        request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
        int64_t sent = zclock_mono ();
        bool resent;
        Inspection__Finding *reported = k9_send (client->rpc, &request.base, key, &inspection__finding__descriptor,
                                                 GIVE_UP_MS, &resent);
        if (reported) {
            client->acked++;
            sf_pb_destroy (&reported);
        }
        int64_t waited = zclock_mono () - sent;
        client->slowest_ms = waited > client->slowest_ms? waited: client->slowest_ms;
        atomic_fetch_add (&s_done, 1);
    }
    return NULL;
}

//  A second instance of binary beside first: its schema, its settings and more.
static void
s_second (sf_test_daemon_t *second, const char *binary, const sf_test_daemon_t *first, const char *more)
{
    char env [600];
    snprintf (env, sizeof env, "%s %s", first->extra_env, more);
    sf_test_daemon_start (second, binary, first->schema, env);
}

static void
s_wait_done (int count)
{
    int64_t started = zclock_mono ();
    while (atomic_load (&s_done) < count) {
        SF_CHECK (zclock_mono () - started < GIVE_UP_MS);
        sf_test_sleep_ms (20);
    }
}

int
main (void)
{
    it_stack_t stack;
    it_stack_start (&stack, "itsc");
    it_rectification_start (&stack);
    sf_db_t *rect = sf_test_db_session (stack.rectification_schema);
    char last_unit [96];
    snprintf (last_unit, sizeof last_unit, "%sD2T3E2", stack.prefix);
    it_wait_unit (rect, last_unit);
    sf_test_daemon_t inspection2, rectification2;
    s_second (&inspection2, INSPECTION_BINARY, &stack.inspection, "");
    char claim [64];
    snprintf (claim, sizeof claim, "SF_CONSUMER_CLAIM_IDLE_MS=%d", CLAIM_IDLE_MS);
    s_second (&rectification2, RECTIFICATION_DAEMON_BINARY, &stack.rectification, claim);

    //  Every client names both inspection instances, half of them one way round.
    s_client_t clients [CLIENTS];
    char schema [64];
    snprintf (schema, sizeof schema, "%s_insp", stack.prefix);
    for (int c = 0; c < CLIENTS; c++) {
        clients [c] = (s_client_t) { .stack = &stack, .index = c };
        char endpoints [160], reporter [96];
        snprintf (endpoints, sizeof endpoints, "%s,%s", c % 2? inspection2.endpoint: stack.inspection.endpoint,
                  c % 2? stack.inspection.endpoint: inspection2.endpoint);
        snprintf (reporter, sizeof reporter, "%sD%d", stack.prefix, c / 2 + 1);
        clients [c].rpc = sf_rpc_client_new (endpoints);
        SF_CHECK (sf_rpc_client_set_server (clients [c].rpc, "inspection") == 0);
        sf_test_account (schema, "officer", "safety_officer", reporter);
        sf_rpc_client_set_actor (clients [c].rpc, "officer", "safety_officer", reporter, "");
        sf_rpc_client_set_retry (clients [c].rpc, ATTEMPT_MS, 5);
    }
    int64_t started = zclock_mono ();
    for (int c = 0; c < CLIENTS; c++)
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);

    //  A third of the way: one of each dies for good.
    s_wait_done (COMMANDS / 3);
    k9_kills_t kills;
    memset (&kills, 0, sizeof kills);
    //  Wall-clock times, as the stream's entry ids are (k9_check_stream compares them).
    kills.kill_ms [0] = zclock_time ();
    sf_test_daemon_stop (&stack.inspection, SIGKILL);
    sf_test_daemon_stop (&stack.rectification, SIGKILL);
    kills.dead_ms [0] = zclock_time ();
    kills.kill_ms [1] = kills.kill_ms [2] = kills.kill_ms [0];
    kills.dead_ms [1] = kills.dead_ms [2] = kills.dead_ms [0];
    printf ("kill -9 of one inspection and one rectification instance after %d commands\n", atomic_load (&s_done));

    int acked = 0;
    int64_t slowest = 0;
    for (int c = 0; c < CLIENTS; c++) {
        pthread_join (clients [c].thread, NULL);
        sf_rpc_client_destroy (&clients [c].rpc);
        acked += clients [c].acked;
        slowest = clients [c].slowest_ms > slowest? clients [c].slowest_ms: slowest;
    }
    int64_t elapsed = zclock_mono () - started;
    SF_CHECK (acked == COMMANDS);

    //  Each finding once; numbers 1..n per plant-year, the counter at n.
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM finding WHERE description LIKE '第 %'", NULL) == COMMANDS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(DISTINCT description) FROM finding", NULL) == COMMANDS);
    SF_CHECK (sf_test_scalar (stack.db,
        "WITH n AS (SELECT regexp_replace (number, '-[0-9]+$', '') AS scope, "
        "substring (number FROM '[0-9]+$')::bigint AS seq FROM finding) "
        "SELECT count(*) FROM (SELECT scope FROM n GROUP BY scope "
        "HAVING count(*) <> count(DISTINCT seq) OR min (seq) <> 1 OR max (seq) <> count(*)) gaps", NULL) == 0);

    //  One event each in the outbox, all in the stream.
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT event_id FROM sf_outbox WHERE event_type = 'inspection.finding_reported'",
                                   0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == COMMANDS);
    for (int row = 0; row < sf_rows_count (rows); row++)
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
    sf_rows_destroy (&rows);
    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection", stack.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);
    zlistx_destroy (&events);

    //  One form per finding, from whichever rectification instance read it.
    bool forms = it_wait_count (rect, "SELECT count(*) FROM form", NULL, COMMANDS, 60000);
    if (!forms)
        fprintf (stderr, "forms: %lld of %d\n", (long long) sf_test_scalar (rect, "SELECT count(*) FROM form", NULL),
                 COMMANDS);
    SF_CHECK (forms);
    SF_CHECK (sf_test_scalar (rect, "SELECT count(DISTINCT finding_id) FROM form", NULL) == COMMANDS);
    sf_test_sleep_ms (500);
    SF_CHECK (sf_test_scalar (rect, "SELECT count(*) FROM form", NULL) == COMMANDS);
    printf ("measured: %d findings from %d clients through two inspection instances in %.1f s (%.0f/s), "
            "one instance and one rectification consumer killed; longest wait of one command %lld ms; "
            "%d stored once, gap-free numbers, %d events in the stream (%d again after the kill), %d forms\n",
            acked, CLIENTS, elapsed / 1000.0, acked * 1000.0 / (double) elapsed, (long long) slowest, COMMANDS,
            COMMANDS, duplicates, COMMANDS);

    sf_db_destroy (&rect);
    sf_test_daemon_stop (&inspection2, SIGTERM);
    sf_test_daemon_stop (&rectification2, SIGTERM);
    //  it_stack_stop stops the instances it started: already reaped.
    it_stack_stop (&stack);
    return 0;
}
