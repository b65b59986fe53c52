/*  failover.redis_sentinel (issue 18): Redis with a replica and three Sentinels
    (deploy/lib_ha_redis.sh) under a directory that follows the master through them
    (SF_REDIS_SENTINELS). Under a steady load of CreateNode commands the replica is cut off
    from its master (its replication user is switched off and its link killed), the relay
    goes on publishing to the master alone, then the master is killed with SIGKILL: the
    Sentinels promote a replica that missed the last events. Checks that every command was
    acknowledged, that every event of the outbox ends up in the stream of the new master
    (the relay sees another run_id, finds its last entries gone and publishes them again),
    and counts the duplicates; prints the time from the kill to the first event appended on
    the new master and how many events were published again.                               */
#include "directory_testlib.h"
#include "sf_clock.h"
#include "sf_redis.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/time.h>

#define LOAD_PAUSE_MS       10      //  between two commands of the load: some 50 a second
#define WARM_UP_MS          3000    //  load before the replica is cut off
#define CUT_OFF_MS          1500    //  load while the master alone takes the events
#define AFTER_FAILOVER_MS   5000    //  load once the Sentinels name the new master
#define FAILOVER_WAIT_MS    60000
#define DRAIN_WAIT_MS       60000

static int s_daemon_pid;

//  A failed check aborts, ctest kills on timeout: the daemon goes, then the layout
//  (sf_test_ha_redis_start's handler, called by ours).
static void (*s_layout_handler [NSIG]) (int);

static void
s_on_fatal (int signal_number)
{
    if (s_daemon_pid > 0)
        kill (s_daemon_pid, SIGKILL);
    s_layout_handler [signal_number] (signal_number);
}

//  The layout, then our handlers in front of its.
static char *
s_layout_start (void)
{
    char *sentinels = sf_test_ha_redis_start ();
    const int signals [] = { SIGABRT, SIGTERM, SIGINT };
    for (size_t i = 0; i < sizeof signals / sizeof signals [0]; i++)
        s_layout_handler [signals [i]] = signal (signals [i], s_on_fatal);
    return sentinels;
}

//  A connection straight to the node on port, as the suite's admin.
static sf_redis_t *
s_node (int port)
{
    sf_redis_t *redis = sf_redis_new ("127.0.0.1", port, 2000);
    SF_CHECK (sf_redis_use_sentinels (redis, NULL, NULL) == 0);
    SF_CHECK (sf_redis_ensure (redis));
    return redis;
}

static long long
s_integer (sf_redis_t *redis, const char *command, const char *arg)
{
    redisReply *reply = sf_redis_call (redis, command, arg, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
    long long value = reply->integer;
    freeReplyObject (reply);
    return value;
}

static bool
s_replica_link_up (int port)
{
    sf_redis_t *redis = s_node (port);
    redisReply *reply = sf_redis_call (redis, "INFO", "replication", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    bool up = strstr (reply->str, "master_link_status:up") != NULL;
    freeReplyObject (reply);
    sf_redis_destroy (&redis);
    return up;
}

//  The load: CreateNode commands one after another, each acknowledged or counted as failed.
typedef struct {
    const sf_test_daemon_t *daemon;
    atomic_bool stop;
    atomic_int acknowledged;
    atomic_int failed;
} load_t;

static void *
s_load (void *arg)
{
    load_t *load = (load_t *) arg;
    sf_rpc_client_t *client = dt_client (load->daemon);
    for (int i = 0; !atomic_load (&load->stop); i++) {
        char code [32];
        snprintf (code, sizeof code, "rfE%05d", i);
        if (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, code, "rfS", "孙丽", NULL, NULL) == SF_OK)
            atomic_fetch_add (&load->acknowledged, 1);
        else
            atomic_fetch_add (&load->failed, 1);
        sf_test_sleep_ms (LOAD_PAUSE_MS);
    }
    sf_rpc_client_destroy (&client);
    return NULL;
}

static int64_t
s_wall_ms (void)
{
    struct timeval now;
    gettimeofday (&now, NULL);
    return (int64_t) now.tv_sec * 1000 + now.tv_usec / 1000;
}

//  Events of the outbox missing from ORG_STREAM (on the Redis SF_REDIS_PORT names).
static int
s_missing (sf_db_t *db, int *duplicates)
{
    zhashx_t *stream = dt_stream_ids ();
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id FROM sf_outbox", 0, NULL);
    SF_CHECK (rows);
    int missing = 0;
    for (int i = 0; i < sf_rows_count (rows); i++)
        if (!zhashx_lookup (stream, sf_rows_text (rows, i, 0)))
            missing++;
    *duplicates = 0;
    for (void *count = zhashx_first (stream); count; count = zhashx_next (stream))
        *duplicates += (int) (size_t) count - 1;
    sf_rows_destroy (&rows);
    zhashx_destroy (&stream);
    return missing;
}

//  The first entry id of ORG_STREAM at or after ms, as its milliseconds; 0 when none.
static int64_t
s_first_entry_after (int port, int64_t ms)
{
    sf_redis_t *redis = s_node (port);
    char start [32];
    snprintf (start, sizeof start, "%lld", (long long) ms);
    redisReply *reply = sf_redis_call (redis, "XRANGE", ORG_STREAM, start, "+", "COUNT", "1", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY);
    int64_t first = reply->elements? strtoll (reply->element [0]->element [0]->str, NULL, 10): 0;
    freeReplyObject (reply);
    sf_redis_destroy (&redis);
    return first;
}

//  What the relay logged it queued again ("... N queued again"), summed.
static long
s_republished (const char *log_path)
{
    FILE *log = fopen (log_path, "r");
    SF_CHECK (log);
    char line [2048];
    long total = 0;
    while (fgets (line, sizeof line, log)) {
        const char *lost = strstr (line, "redis lost events of");
        const char *colon = lost? strstr (lost, "): "): NULL;
        if (colon && strstr (colon, "queued again"))
            total += strtol (colon + 3, NULL, 10);
    }
    fclose (log);
    return total;
}

int
main (void)
{
    char *sentinels = s_layout_start ();
    int old_pid = 0;
    int old_master = sf_test_ha_redis_master (&old_pid);
    SF_CHECK (old_master == sf_test_ha_redis_base () && old_pid > 0);
    int replica = sf_test_ha_redis_base () + 1;

    char *schema = sf_test_unique ("hared");
    sf_db_t *db = sf_test_db (schema);
    char env [512];
    snprintf (env, sizeof env, "SF_REDIS_SENTINELS=%s SF_REDIS_MASTER_NAME=%s", sentinels,
              SF_REDIS_MASTER_NAME_DEFAULT);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, env);
    s_daemon_pid = daemon.pid;
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "rf");
    SF_CHECK (dt_wait_published (db, 20000));

    load_t load = { .daemon = &daemon };
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_load, &load) == 0);
    sf_test_sleep_ms (WARM_UP_MS);

    //  The replica misses what follows: its user is off on the master, its link killed.
    sf_redis_t *master = s_node (old_master);
    redisReply *reply = sf_redis_call (master, "ACL", "SETUSER", "sf-replica", "off", NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    reply = sf_redis_call (master, "CLIENT", "KILL", "TYPE", "replica", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER && reply->integer == 1);
    freeReplyObject (reply);
    for (int waited = 0; s_replica_link_up (replica); waited += 100) {
        SF_CHECK (waited < 10000);
        sf_test_sleep_ms (100);
    }
    sf_test_sleep_ms (CUT_OFF_MS);
    long long master_length = s_integer (master, "XLEN", ORG_STREAM);
    sf_redis_destroy (&master);
    sf_redis_t *behind = s_node (replica);
    long long replica_length = s_integer (behind, "XLEN", ORG_STREAM);
    sf_redis_destroy (&behind);
    long long lost = master_length - replica_length;
    printf ("the replica misses %lld of the master's %lld events\n", lost, master_length);
    SF_CHECK (lost > 0);

    int64_t killed_ms = s_wall_ms ();
    SF_CHECK (kill (old_pid, SIGKILL) == 0);
    int new_pid = 0, new_master = 0;
    int64_t start = sf_clock_mono_ms ();
    while ((new_master = sf_test_ha_redis_master (&new_pid)) != replica) {
        SF_CHECK (sf_clock_mono_ms () - start < FAILOVER_WAIT_MS);
        sf_test_sleep_ms (100);
    }
    printf ("measured: Sentinel failover (kill -9 of the master to the Sentinels naming the replica): %lld ms\n",
            (long long) (sf_clock_mono_ms () - start));
    sf_test_sleep_ms (AFTER_FAILOVER_MS);
    atomic_store (&load.stop, true);
    pthread_join (thread, NULL);

    //  Everything of the outbox in the new master's stream.
    char port [16];
    snprintf (port, sizeof port, "%d", new_master);
    setenv ("SF_REDIS_PORT", port, 1);       //  for dt_stream_ids
    int missing = 0, duplicates = 0;
    start = sf_clock_mono_ms ();
    while (!dt_wait_published (db, 1000) || (missing = s_missing (db, &duplicates)) > 0) {
        if (sf_clock_mono_ms () - start > DRAIN_WAIT_MS) {
            fprintf (stderr, "%d events of the outbox are not in the stream of the new master\n", missing);
            SF_CHECK (false);
        }
    }
    int64_t first_ms = s_first_entry_after (new_master, killed_ms);
    SF_CHECK (first_ms >= killed_ms);
    long republished = s_republished (daemon.log_path);
    int64_t events = sf_test_scalar (db, "SELECT count(*) FROM sf_outbox", NULL);
    int acknowledged = atomic_load (&load.acknowledged);
    printf ("measured: commands acknowledged under load: %d (%d failed); events in the outbox: %lld, "
            "all in the new master's stream, %d duplicates\n", acknowledged, atomic_load (&load.failed),
            (long long) events, duplicates);
    printf ("measured: time to follow the new master: %lld ms (kill -9 of the master to the first event appended "
            "on the new master)\n", (long long) (first_ms - killed_ms));
    printf ("measured: events republished after the failover: %ld (the replica had missed %lld)\n",
            republished, lost);
    SF_CHECK (atomic_load (&load.failed) == 0);
    SF_CHECK (events >= acknowledged + 5);
    SF_CHECK (republished >= lost);

    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    s_daemon_pid = 0;
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    sf_test_ha_redis_stop ();
    free (schema);
    free (sentinels);
    return 0;
}
