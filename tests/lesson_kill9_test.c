/*  kill -9 the lesson daemon three times while three people each create, publish (to two
    teams) and have both assignments acknowledged for 6 lessons, each command with its own
    idempotency key and resent with it until it is answered; restart it each time, and check
    what the daemon promises: every lesson a client saw created is stored once and published
    once, with exactly the assignments its publication answered, each acknowledged once; one
    lesson_created, lesson_published, assignment_created and assignment_acknowledged event per
    object, in the outbox and in the Redis stream (a second stream entry only where a kill cut
    a relay pass); and inspection holds exactly one special plan and one task per assignment,
    however the kills fell on the job that asks for them.                                   */
#include "kill9_testlib.h"
#include "lesson_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define CLIENTS 3
#define PER_CLIENT 6
#define LESSONS (CLIENTS * PER_CLIENT)
#define COMMANDS (LESSONS * 4)
#define ATTEMPT_MS 700
#define RETRIES 20
#define GIVE_UP_MS 30000

typedef struct {
    int64_t id;                  //  from the creation's reply; 0 when never acknowledged
    int64_t assignments [2];     //  from the publication's reply
    bool acknowledged [2];
} s_lesson_t;

typedef struct {
    ls_stack_t *stack;
    int index;
    s_lesson_t lessons [PER_CLIENT];
    pthread_t thread;
} s_client_t;

static atomic_int s_done;
static atomic_int s_resent;

static void *
s_send (sf_rpc_client_t *rpc, const ProtobufCMessage *request, const char *key,
        const ProtobufCMessageDescriptor *reply_type)
{
    bool resent;
    void *reply = k9_send (rpc, request, key, reply_type, GIVE_UP_MS, &resent);
    atomic_fetch_add (&s_resent, resent);
    atomic_fetch_add (&s_done, 1);
    return reply;
}

//  Creates lesson i of client, as ehs: a lifting accident, scope the actor's unit.
static int64_t
s_create (s_client_t *client, sf_rpc_client_t *rpc, int i)
{
    Lesson__LessonInput in = LESSON__LESSON_INPUT__INIT;
    in.source = LESSON__LESSON_SOURCE__SOURCE_INDUSTRY;
    char title [64], day [16];
    snprintf (title, sizeof title, "起重伤害通报 %d-%d", client->index, i);
    in.title_zh = title;
    in.summary = (char *) "吊装作业吊物坠落，致2人重伤";
    time_t then = time (NULL) - 5 * 24 * 3600;
    struct tm tm;
    gmtime_r (&then, &tm);
    strftime (day, sizeof day, "%Y-%m-%d", &tm);
    in.occurred_on = day;
    in.serious_injuries = 2;
    char *tags [] = { (char *) "lifting" };
    in.tags = tags;
    in.n_tags = 1;
    char *actions [] = { (char *) "检查吊索具和限位" };
    in.actions = actions;
    in.n_actions = 1;
    Lesson__CreateLesson request = LESSON__CREATE_LESSON__INIT;
    request.lesson = &in;
    char key [128];
    snprintf (key, sizeof key, "%s-%d-%d-create", client->stack->base.prefix, client->index, i);
    Lesson__Lesson *lesson = s_send (rpc, &request.base, key, &lesson__lesson__descriptor);
    int64_t id = lesson? lesson->id: 0;
    sf_pb_destroy (&lesson);
    return id;
}

//  Publishes it to teams D1T1 and D2T1; fills the assignments its reply names. false when
//  never answered.
static bool
s_publish (s_client_t *client, sf_rpc_client_t *rpc, int i)
{
    s_lesson_t *lesson = &client->lessons [i];
    char first [64], second [64];
    snprintf (first, sizeof first, "%s", ls_code (client->stack, "D1T1"));
    snprintf (second, sizeof second, "%s", ls_code (client->stack, "D2T1"));
    char *units [] = { first, second };
    Lesson__PublishLesson request = LESSON__PUBLISH_LESSON__INIT;
    request.lesson_id = lesson->id;
    request.units = units;
    request.n_units = 2;
    char key [128];
    snprintf (key, sizeof key, "%s-%d-%d-publish", client->stack->base.prefix, client->index, i);
    Lesson__Publication *publication = s_send (rpc, &request.base, key, &lesson__publication__descriptor);
    if (!publication)
        return false;
    SF_CHECK (publication->n_assignments == 2 && publication->lesson->id == lesson->id);
    for (int a = 0; a < 2; a++)
        lesson->assignments [a] = publication->assignments [a]->id;
    sf_pb_destroy (&publication);
    return true;
}

static bool
s_acknowledge (s_client_t *client, sf_rpc_client_t *rpc, int i, int a)
{
    s_lesson_t *lesson = &client->lessons [i];
    Lesson__AcknowledgeAssignment request = LESSON__ACKNOWLEDGE_ASSIGNMENT__INIT;
    request.assignment_id = lesson->assignments [a];
    char key [128];
    snprintf (key, sizeof key, "%s-%d-%d-ack%d", client->stack->base.prefix, client->index, i, a);
    Lesson__Assignment *assignment = s_send (rpc, &request.base, key, &lesson__assignment__descriptor);
    if (!assignment)
        return false;
    SF_CHECK (assignment->id == lesson->assignments [a]
           && assignment->status == LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED);
    lesson->acknowledged [a] = true;
    sf_pb_destroy (&assignment);
    return true;
}

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    sf_rpc_client_t *rpc = sf_test_daemon_client (&client->stack->lesson);
    sf_rpc_client_set_actor (rpc, "ehs", "", "", "");
    sf_rpc_client_set_retry (rpc, ATTEMPT_MS, RETRIES);
    for (int i = 0; i < PER_CLIENT; i++) {
        s_lesson_t *lesson = &client->lessons [i];
        lesson->id = s_create (client, rpc, i);
        //  A command that never got through: count the rest as done, so the kills go on.
        int left = 3;
        if (lesson->id && s_publish (client, rpc, i)) {
            left--;
            left -= s_acknowledge (client, rpc, i, 0);
            left -= s_acknowledge (client, rpc, i, 1);
        }
        atomic_fetch_add (&s_done, left);
        SF_CHECK (left == 0);
    }
    sf_rpc_client_destroy (&rpc);
    return NULL;
}

static int64_t
s_count (sf_db_t *db, const char *sql)
{
    return sf_test_scalar (db, sql, NULL);
}

//  Every lesson and assignment a client saw is stored once, as its replies showed.
static void
s_check_rows (ls_stack_t *stack, s_client_t *clients)
{
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM lesson") == LESSONS);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM lesson WHERE status <> 2") == 0);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM assignment") == 2 * LESSONS);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM assignment WHERE status <> 2 OR acknowledged_by = ''") == 0);
    for (int c = 0; c < CLIENTS; c++)
        for (int i = 0; i < PER_CLIENT; i++) {
            const s_lesson_t *lesson = &clients [c].lessons [i];
            for (int a = 0; a < 2; a++) {
                char id [24], lesson_id [24];
                snprintf (id, sizeof id, "%lld", (long long) lesson->assignments [a]);
                snprintf (lesson_id, sizeof lesson_id, "%lld", (long long) lesson->id);
                const char *values [] = { id, lesson_id };
                sf_rows_t *rows = sf_db_query (stack->db, "SELECT count(*) FROM assignment"
                                                          " WHERE id = $1::bigint AND lesson_id = $2::bigint", 2, values);
                SF_CHECK (rows && sf_rows_int (rows, 0, 0) == 1);
                sf_rows_destroy (&rows);
            }
        }
}

//  One event of each kind per object (the audit trail, written with each outbox row, names
//  the object), nothing else; their ids into events.
static void
s_check_outbox (ls_stack_t *stack, zlistx_t *events)
{
    SF_CHECK (s_count (stack->db,
        "SELECT count(*) FROM (SELECT event_type, aggregate_id FROM sf_audit WHERE event_type LIKE 'lesson.%'"
        " GROUP BY 1, 2 HAVING count(*) > 1) d") == 0);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM sf_audit WHERE event_type LIKE 'lesson.%'")
              == s_count (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type LIKE 'lesson.%'"));
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.lesson_created'") == LESSONS);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.lesson_published'") == LESSONS);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_created'")
              == 2 * LESSONS);
    SF_CHECK (s_count (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_acknowledged'")
              == 2 * LESSONS);
    sf_rows_t *rows = sf_db_query (stack->db, "SELECT event_id FROM sf_outbox WHERE event_type LIKE 'lesson.%'", 0, NULL);
    SF_CHECK (rows);
    for (int row = 0; row < sf_rows_count (rows); row++)
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
    sf_rows_destroy (&rows);
}

int
main (void)
{
    ls_stack_t stack;
    ls_stack_start (&stack, "lk9");
    s_client_t clients [CLIENTS];
    memset (clients, 0, sizeof clients);
    int64_t began = zclock_mono ();
    for (int c = 0; c < CLIENTS; c++) {
        clients [c].stack = &stack;
        clients [c].index = c;
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    }
    k9_kills_t kills;
    k9_kill_three_times (&stack.lesson, &s_done, COMMANDS, GIVE_UP_MS, &kills);
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    printf ("%d commands in %lld ms, %d of them resent\n", COMMANDS, (long long) (zclock_mono () - began),
            atomic_load (&s_resent));

    s_check_rows (&stack, clients);
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    s_check_outbox (&stack, events);
    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:lesson", stack.base.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);

    //  The special checks: every request acknowledged, one plan and one task each.
    ls_wait (stack.db, "SELECT count(*) FROM assignment WHERE check_sent_ms IS NULL", NULL, 0, 60000);
    SF_CHECK (s_count (stack.base.db, "SELECT count(*) FROM plan WHERE code LIKE 'LS%'") == 2 * LESSONS);
    SF_CHECK (s_count (stack.base.db, "SELECT count(*) FROM task t JOIN plan p ON p.id = t.plan_id"
                                      " WHERE p.code LIKE 'LS%'") == 2 * LESSONS);
    SF_CHECK (sf_test_daemon_healthy (&stack.lesson, 2000));
    printf ("%d lessons and %d assignments stored once as their replies showed, %d events in outbox and stream"
            " (%d published again after a kill), one special plan and task each in inspection\n",
            LESSONS, 2 * LESSONS, (int) zlistx_size (events), duplicates);
    zlistx_destroy (&events);
    ls_stack_stop (&stack);
    return 0;
}
