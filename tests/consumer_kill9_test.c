/*  kill -9 a consumer in the middle of its batches: a backlog of findings waits on the
    inspection stream while the rectification daemon is down (findings of two plants, so
    that two of its lanes apply them side by side); it is started, and killed
    with SIGKILL three times while it turns them into forms (a quarter, half and three
    quarters through: each kill falls inside a batch, or between a COMMIT and its XACK),
    and started again each time. Then every finding is one form and one form_issued event,
    every finding event one inbox row, nothing is dead-lettered and nothing left pending:
    each event applied exactly once, whatever the batch the kill cut.                       */
#include "rectification_testlib.h"

#include "sf_clock.h"
#include "sf_pb.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define FINDINGS 6000
#define KILLS 3
#define WAIT_MS 60000           //  for the whole backlog, restarts included
#define TREE "k9c"              //  unit codes: plants k9cP and k9cQ, teams k9cT and k9cQT
#define KILL_STAGGER_MS 10      //  a batch of 100 findings takes about 25 ms here (set-based)

static char *
s_event_id (int index)
{
    char *id;
    SF_CHECK (asprintf (&id, "00000000-0000-4000-8000-%012d", index) > 0);
    return id;
}

//  A finding as the inspection daemon reports it, odd ones of the second plant (sf_pb_destroy).
static Inspection__Finding *
s_finding (int64_t id)
{
    bool second = id % 2;
    char number [64];
    snprintf (number, sizeof number, "%s-F2026-%06lld", second? TREE "Q": TREE "P", (long long) id);
    Inspection__Finding *finding = sf_pb_new (&inspection__finding__descriptor);
    finding->id = id;
    sf_pb_set (&finding->number, number);
    sf_pb_set (&finding->description, "消防通道堆放杂物");
    sf_pb_set (&finding->location, "三号仓库");
    finding->severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    sf_pb_set (&finding->responsible_unit, second? TREE "QT": TREE "T");
    sf_pb_set (&finding->reporter, "patrol");
    sf_pb_set (&finding->plant_code, second? TREE "Q": TREE "P");
    finding->reported_ms = sf_clock_now_ms ();
    finding->status = INSPECTION__FINDING_STATUS__FINDING_OPEN;
    return finding;
}

static int64_t
s_forms (rt_stack_t *stack)
{
    return sf_test_scalar (stack->db, "SELECT count(*) FROM form", NULL);
}

//  The length of stream, or the pending entries of every group on it (pending true).
static long long
s_stream_figure (rt_stack_t *stack, const char *suffix, bool pending)
{
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection%s", stack->prefix, suffix);
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    long long figure = 0;
    if (pending) {
        redisReply *reply = redisCommand (redis, "XINFO GROUPS %s", stream);
        SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements >= 1);
        for (size_t g = 0; g < reply->elements; g++) {
            redisReply *group = reply->element [g];
            for (size_t i = 0; i + 1 < group->elements; i += 2)
                if (strcmp (group->element [i]->str, "pending") == 0)
                    figure += group->element [i + 1]->integer;
        }
        freeReplyObject (reply);
    }
    else {
        redisReply *reply = redisCommand (redis, "XLEN %s", stream);
        SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
        figure = reply->integer;
        freeReplyObject (reply);
    }
    redisFree (redis);
    return figure;
}

static void
s_wait_forms (rt_stack_t *stack, int64_t count, int64_t deadline)
{
    while (s_forms (stack) < count) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (2);
    }
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "ck9", TREE, NULL);
    SF_CHECK (dt_create (stack.admin, DIRECTORY__KIND__KIND_PLANT, TREE "Q", TREE "C", "二厂", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (stack.admin, DIRECTORY__KIND__KIND_DEPARTMENT, TREE "QD", TREE "Q", "二厂安环部", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (stack.admin, DIRECTORY__KIND__KIND_TEAM, TREE "QT", TREE "QD", "二厂一班", NULL, NULL) == SF_OK);
    rt_wait_unit (&stack, TREE "QT");
    sf_test_daemon_stop (&stack.daemon, SIGTERM);
    for (int i = 1; i <= FINDINGS; i++) {
        Inspection__Finding *finding = s_finding (i);
        char *event_id = s_event_id (i);
        rt_feed_finding (&stack, finding, event_id);
        free (event_id);
        sf_pb_destroy (&finding);
    }
    int64_t start = sf_clock_mono_ms ();
    sf_test_daemon_restart (&stack.daemon);
    int64_t deadline = start + WAIT_MS;
    int64_t at_kill [KILLS];
    for (int k = 0; k < KILLS; k++) {
        //  Forms appear a batch at a time: right after one commits, then later and later
        //  into the next one.
        s_wait_forms (&stack, FINDINGS * (k + 1) / (KILLS + 1), deadline);
        sf_test_sleep_ms (k * KILL_STAGGER_MS);
        sf_test_daemon_stop (&stack.daemon, SIGKILL);
        at_kill [k] = s_forms (&stack);
        sf_test_daemon_restart (&stack.daemon);
    }
    s_wait_forms (&stack, FINDINGS, deadline);
    int64_t took = sf_clock_mono_ms () - start;
    while (s_stream_figure (&stack, "", true) > 0) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (20);
    }
    sf_test_sleep_ms (500);                         //  anything applied twice would show by now
    printf ("measured: %d findings applied in %lld ms with %d kills and restarts, forms at the kills %lld, %lld, %lld\n",
            FINDINGS, (long long) took, KILLS, (long long) at_kill [0], (long long) at_kill [1], (long long) at_kill [2]);
    SF_CHECK (at_kill [KILLS - 1] < FINDINGS);      //  every kill met work in progress
    SF_CHECK (s_forms (&stack) == FINDINGS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (DISTINCT finding_id) FROM form", NULL) == FINDINGS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (DISTINCT number) FROM form", NULL) == FINDINGS);
    //  Each plant's numbers without a gap: nothing taken by a batch the kills rolled back.
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM form WHERE plant_code = '" TREE "Q'", NULL) == FINDINGS / 2);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT coalesce (sum (last_seq), 0) FROM form_sequence", NULL) == FINDINGS);
    SF_CHECK (rt_count_events (&stack, "rectification.form_issued") == FINDINGS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_inbox WHERE event_id::text LIKE "
                              "'00000000-0000-4000-8000-%'", NULL) == FINDINGS);
    SF_CHECK (s_stream_figure (&stack, ":dead", false) == 0);
    rt_stack_stop (&stack);
    printf ("consumer_kill9_test: OK\n");
    return 0;
}
