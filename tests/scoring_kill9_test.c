/*  kill -9 the scoring daemon three times while three safety managers each make 20
    adjustments (each command with its own idempotency key, resent with it until it is
    answered) and a producer appends 300 三违 events to inspection's stream; restart it each
    time, and check what the daemon promises: every adjustment a client saw acknowledged is
    one entry, as its reply showed, with one scoring.entry_adjusted event in outbox and
    stream; every event in the stream is scored exactly once (one direct entry per event)
    with exactly its two joint-liability entries (the team leader's and the department
    head's), however often the kills made the consumer read it again.                      */
#include "kill9_testlib.h"
#include "scoring_testlib.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 3
#define PER_CLIENT 20
#define COMMANDS (CLIENTS * PER_CLIENT)
#define EVENTS 300
#define ATTEMPT_MS 700
#define RETRIES 20
#define GIVE_UP_MS 30000

typedef struct {
    sc_stack_t *stack;
    int index;
    int64_t entries [PER_CLIENT];    //  from the replies; 0 when never acknowledged
    pthread_t thread;
} s_client_t;

//  Codes made before the threads start (sc_code's buffers are not for threads).
static char s_subjects [4][96];
static char s_person [96], s_unit [96], s_plant [96];

static atomic_int s_done;
static atomic_int s_resent;

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    sf_rpc_client_t *rpc = sf_test_daemon_client (&client->stack->scoring);
    sf_rpc_client_set_actor (rpc, "manager", "", "", "");
    sf_rpc_client_set_retry (rpc, ATTEMPT_MS, RETRIES);
    for (int i = 0; i < PER_CLIENT; i++) {
        Scoring__AddAdjustment request = SCORING__ADD_ADJUSTMENT__INIT;
        request.subject_kind = SCORING__SUBJECT_KIND__SUBJECT_PERSON;
        request.subject_code = s_subjects [(client->index + i) % 4];
        request.points = (i % 2? 1: -1) * (100 + 50 * client->index);
        char reason [64];
        snprintf (reason, sizeof reason, "月度抽查加减分 %d-%d", client->index, i);
        request.reason_zh = reason;
        char key [128];
        snprintf (key, sizeof key, "%s-%d-%d-adjust", client->stack->base.prefix, client->index, i);
        bool resent;
        Scoring__Entry *entry = k9_send (rpc, &request.base, key, &scoring__entry__descriptor, GIVE_UP_MS, &resent);
        atomic_fetch_add (&s_resent, resent);
        atomic_fetch_add (&s_done, 1);
        SF_CHECK (entry && entry->id > 0 && entry->points == request.points);
        client->entries [i] = entry->id;
        sf_pb_destroy (&entry);
    }
    sf_rpc_client_destroy (&rpc);
    return NULL;
}

//  Appends the 三违 of D1T1E2 to inspection's stream, a few every 20 ms, as inspection's
//  relay would: the scoring daemon reads them whether it is up, down or starting again.
static void *
s_producer_run (void *arg)
{
    sc_stack_t *stack = arg;
    char *person = s_person, *unit = s_unit, *plant = s_plant;
    int64_t now = sf_clock_wall_ms ();
    for (int i = 0; i < EVENTS; i++) {
        Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
        violation.id = i + 1;
        char number [128], id [24];
        snprintf (number, sizeof number, "%s-V2026-%06d", plant, i + 1);
        snprintf (id, sizeof id, "%d", i + 1);
        violation.number = number;
        violation.type = (Inspection__ViolationType) (1 + i % 3);
        violation.person_code = person;
        violation.unit_code = unit;
        violation.plant_code = plant;
        violation.description = (char *) "未按规定佩戴安全帽进入作业区";
        violation.occurred_ms = now - 3600 * 1000;
        sc_publish (stack, "inspection", NULL, "inspection.violation_recorded", "violation", id, plant, now,
                    &violation.base);
        if (i % 5 == 4)
            sf_test_sleep_ms (20);
    }
    return NULL;
}

static int64_t
s_count (sf_db_t *db, const char *sql)
{
    return sf_test_scalar (db, sql, NULL);
}

int
main (void)
{
    sc_stack_t stack;
    sc_stack_start (&stack, "sk9");
    s_client_t clients [CLIENTS];
    memset (clients, 0, sizeof clients);
    const char *subjects [] = { "D1T1E2", "D1T2E1", "D2T1E1", "D2T2E2" };
    for (int i = 0; i < 4; i++)
        snprintf (s_subjects [i], sizeof s_subjects [i], "%s", sc_code (&stack, subjects [i]));
    snprintf (s_person, sizeof s_person, "%s", sc_code (&stack, "D1T1E2"));
    snprintf (s_unit, sizeof s_unit, "%s", sc_code (&stack, "D1T1"));
    snprintf (s_plant, sizeof s_plant, "%s", sc_code (&stack, "P"));
    int64_t began = zclock_mono ();
    pthread_t producer;
    SF_CHECK (pthread_create (&producer, NULL, s_producer_run, &stack) == 0);
    for (int c = 0; c < CLIENTS; c++) {
        clients [c].stack = &stack;
        clients [c].index = c;
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    }
    k9_kills_t kills;
    k9_kill_three_times (&stack.scoring, &s_done, COMMANDS, GIVE_UP_MS, &kills);
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    pthread_join (producer, NULL);
    printf ("%d commands in %lld ms, %d of them resent; %d events produced\n", COMMANDS,
            (long long) (zclock_mono () - began), atomic_load (&s_resent), EVENTS);

    //  Every adjustment once, as its reply showed.
    SF_CHECK (s_count (stack.db, "SELECT count(*) FROM entry WHERE kind = 'manual.adjustment'") == COMMANDS);
    for (int c = 0; c < CLIENTS; c++)
        for (int i = 0; i < PER_CLIENT; i++) {
            char id [24];
            snprintf (id, sizeof id, "%lld", (long long) clients [c].entries [i]);
            SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM entry WHERE id = $1::bigint"
                                                " AND kind = 'manual.adjustment'", id) == 1);
        }

    //  Every event scored once, with its two cascades.
    sc_wait (&stack, "SELECT count(*) FROM entry WHERE source_event_type = 'inspection.violation_recorded'"
                     " AND cascade_level = 0", NULL, EVENTS, 60000);
    SF_CHECK (s_count (stack.db, "SELECT count(DISTINCT source_event_id) FROM entry"
                                 " WHERE source_event_type = 'inspection.violation_recorded'") == EVENTS);
    sc_wait (&stack, "SELECT count(*) FROM entry WHERE source_event_type = 'inspection.violation_recorded'"
                     " AND origin = 2", NULL, 2 * EVENTS, 30000);
    SF_CHECK (s_count (stack.db, "SELECT count(*) FROM (SELECT parent_entry_id FROM entry WHERE origin = 2"
                                 " GROUP BY 1 HAVING count(*) <> 2) d") == 0);

    //  One entry_adjusted event per adjustment, in outbox and stream.
    SF_CHECK (s_count (stack.db,
        "SELECT count(*) FROM (SELECT event_type, aggregate_id FROM sf_audit WHERE event_type LIKE 'scoring.%'"
        " GROUP BY 1, 2 HAVING count(*) > 1) d") == 0);
    SF_CHECK (s_count (stack.db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'scoring.entry_adjusted'")
              == COMMANDS);
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT event_id FROM sf_outbox WHERE event_type LIKE 'scoring.%'", 0, NULL);
    SF_CHECK (rows);
    for (int row = 0; row < sf_rows_count (rows); row++)
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
    sf_rows_destroy (&rows);
    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:scoring", stack.base.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);
    SF_CHECK (sf_test_daemon_healthy (&stack.scoring, 2000));
    printf ("%d adjustments stored once as their replies showed, %d events in outbox and stream (%d published"
            " again after a kill); %d 三违 scored once each with 2 joint-liability entries\n",
            COMMANDS, (int) zlistx_size (events), duplicates, EVENTS);
    zlistx_destroy (&events);
    sc_stack_stop (&stack);
    return 0;
}
