/*  Two instances of every daemon that follows the org stream (inspection, rectification,
    training, lesson, scoring, notify), each pair on its own schema, while clients create
    employees at the directory; midway instance 1 of every pair is killed with kill -9 and
    stays dead. Every employee the directory acknowledged reaches every daemon's org copy
    exactly once (one row per code), and no group keeps an entry
    pending: the survivors claimed what the dead instances had read and not acknowledged.  */
#include "inspection_testlib.h"
#include "lesson_testlib.h"
#include "notify_testlib.h"
#include "scoring_testlib.h"
#include "training_exam_testlib.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 3
#define PER_CLIENT 150
#define COMMANDS (CLIENTS * PER_CLIENT)
#define GIVE_UP_MS 90000

typedef struct {
    const char *name;            //  the daemon
    const char *binary;
    const char *more_env;
    sf_test_daemon_t instances [2];
    char schema [64];
} s_pair_t;

typedef struct {
    const sf_test_daemon_t *directory;
    const char *prefix;
    int index;
    pthread_t thread;
} s_client_t;

static atomic_int s_acked;

static void *
s_client_run (void *arg)
{
    s_client_t *self = arg;
    sf_rpc_client_t *client = dt_client (self->directory);
    sf_rpc_client_set_retry (client, 1000, 10);
    for (int i = 0; i < PER_CLIENT; i++) {
        char code [48], parent [48], key [96];
        snprintf (code, sizeof code, "%sX%d_%03d", self->prefix, self->index, i);
        snprintf (parent, sizeof parent, "%sD1T1S", self->prefix);
        snprintf (key, sizeof key, "%s-consumers-%d-%d", self->prefix, self->index, i);
        SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, code, parent, "测试员工", key, NULL) == SF_OK);
        atomic_fetch_add (&s_acked, 1);
    }
    sf_rpc_client_destroy (&client);
    return NULL;
}

//  Entries of the org stream delivered to group (a daemon's schema) and not acknowledged.
static long long
s_pending (const char *prefix, const char *group)
{
    redisContext *redis = sf_test_redis_connect ();
    redisReply *reply = redisCommand (redis, "XPENDING %s:events:org %s", prefix, group);
    if (reply && reply->type == REDIS_REPLY_ERROR)
        fprintf (stderr, "XPENDING %s:events:org %s: %s\n", prefix, group, reply->str);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements >= 1);
    long long pending = reply->element [0]->integer;
    freeReplyObject (reply);
    redisFree (redis);
    return pending;
}

int
main (void)
{
    it_stack_t stack;
    it_stack_start (&stack, "sccn");
    char env [1024];
    snprintf (env, sizeof env, "%s SF_INSPECTION_ENDPOINT=%s", stack.inspection.extra_env, stack.inspection.endpoint);
    s_pair_t pairs [] = {
        { .name = "inspection", .binary = INSPECTION_BINARY, .more_env = "" },
        { .name = "rectification", .binary = RECTIFICATION_DAEMON_BINARY, .more_env = "" },
        { .name = "training", .binary = TRAINING_BINARY, .more_env = "" },
        { .name = "lesson", .binary = LESSON_BINARY, .more_env = "" },
        { .name = "scoring", .binary = SCORING_BINARY, .more_env = "SF_SCORING_TIME_ZONE=Asia/Shanghai" },
        { .name = "notify", .binary = NOTIFY_BINARY, .more_env = "SF_NOTIFY_TIME_ZONE=Asia/Shanghai" },
    };
    size_t pair_count = sizeof pairs / sizeof pairs [0];
    for (size_t p = 0; p < pair_count; p++) {
        s_pair_t *pair = &pairs [p];
        char daemon_env [1200];
        snprintf (daemon_env, sizeof daemon_env, "%s %s", env, pair->more_env);
        if (p == 0) {
            //  The stack's own inspection daemon is the first of its pair.
            pair->instances [0] = stack.inspection;
            snprintf (pair->schema, sizeof pair->schema, "%s", stack.inspection.schema);
        }
        else {
            snprintf (pair->schema, sizeof pair->schema, "%s_%.4s", stack.prefix, pair->name);
            sf_test_daemon_start (&pair->instances [0], pair->binary, pair->schema, daemon_env);
        }
        sf_test_daemon_start (&pair->instances [1], pair->binary, pair->schema, daemon_env);
    }

    s_client_t clients [CLIENTS];
    for (int c = 0; c < CLIENTS; c++) {
        clients [c] = (s_client_t) { .directory = &stack.directory, .prefix = stack.prefix, .index = c };
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    }
    int64_t started = zclock_mono ();
    while (atomic_load (&s_acked) < COMMANDS / 3) {
        SF_CHECK (zclock_mono () - started < GIVE_UP_MS);
        sf_test_sleep_ms (10);
    }
    for (size_t p = 0; p < pair_count; p++)
        sf_test_daemon_stop (&pairs [p].instances [0], SIGKILL);
    stack.inspection.pid = 0;
    printf ("kill -9 of instance 1 of %zu daemons after %d employees acknowledged\n", pair_count,
            atomic_load (&s_acked));
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    SF_CHECK (atomic_load (&s_acked) == COMMANDS);
    int64_t loaded = zclock_mono ();

    char like [64];
    snprintf (like, sizeof like, "%sX%%", stack.prefix);
    for (size_t p = 0; p < pair_count; p++) {
        sf_db_t *db = sf_test_db_session (pairs [p].schema);
        bool all = it_wait_count (db, "SELECT count(*) FROM sf_org_node WHERE code LIKE $1", like, COMMANDS, 60000);
        long long copied = sf_test_scalar (db, "SELECT count(*) FROM sf_org_node WHERE code LIKE $1", like);
        if (!all)
            fprintf (stderr, "%s: %lld of %d employees copied\n", pairs [p].name, copied, COMMANDS);
        SF_CHECK (all && copied == COMMANDS);
        SF_CHECK (sf_test_scalar (db, "SELECT count(DISTINCT code) FROM sf_org_node WHERE code LIKE $1", like) == COMMANDS);
        sf_db_destroy (&db);
        int64_t waited = 0;
        while (s_pending (stack.prefix, pairs [p].schema) > 0 && waited < 30000) {
            sf_test_sleep_ms (100);
            waited += 100;
        }
        SF_CHECK (s_pending (stack.prefix, pairs [p].schema) == 0);
    }
    printf ("measured: %d employees created while instance 1 of %zu daemons was killed; every copy complete, "
            "each employee once, nothing pending, %.1f s after the last acknowledgement\n",
            COMMANDS, pair_count, (double) (zclock_mono () - loaded) / 1000.0);

    for (size_t p = 0; p < pair_count; p++)
        sf_test_daemon_stop (&pairs [p].instances [1], SIGTERM);
    it_stack_stop (&stack);
    return 0;
}
