/*  sf_redis_test: against the Redis that deploy/test started.                              */
#include "sf_clock.h"
#include "sf_redis.h"
#include "sf_testkit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static sf_redis_t *
s_connect (int timeout_ms)
{
    sf_redis_t *redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"),
                                      atoi (sf_test_env ("SF_REDIS_PORT")), timeout_ms);
    SF_CHECK (sf_redis_ensure (redis));
    return redis;
}

static void
test_binary_safe_command (void)
{
    sf_redis_t *redis = s_connect (1000);
    SF_CHECK (strlen (sf_redis_run_id (redis)) == 40);
    char *key = sf_test_unique ("sf:test:redis:bin");
    const char value [] = { 'a', 0, 'b', '\r', '\n', 0 };
    const char *argv [] = { "SET", key, value };
    const size_t argvlen [] = { 3, strlen (key), sizeof value };
    redisReply *reply = sf_redis_command (redis, 3, argv, argvlen);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    reply = sf_redis_call (redis, "GET", key, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING && reply->len == sizeof value);
    SF_CHECK (memcmp (reply->str, value, sizeof value) == 0);
    freeReplyObject (reply);
    reply = sf_redis_call (redis, "DEL", key, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER && reply->integer == 1);
    freeReplyObject (reply);
    free (key);
    sf_redis_destroy (&redis);
    sf_redis_destroy (&redis);
}

static void
test_error_reply_keeps_connection (void)
{
    sf_redis_t *redis = s_connect (1000);
    char *stream = sf_test_unique ("sf:test:redis:group");
    redisReply *reply = sf_redis_call (redis, "XGROUP", "CREATE", stream, "g", "0", "MKSTREAM", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    SF_CHECK (sf_redis_call (redis, "XGROUP", "CREATE", stream, "g", "0", "MKSTREAM", NULL) == NULL);
    SF_CHECK (sf_redis_error_is (redis, "BUSYGROUP"));
    SF_CHECK (!sf_redis_error_is (redis, "NOGROUP"));
    SF_CHECK (sf_redis_connected (redis));
    reply = sf_redis_call (redis, "DEL", stream, NULL);
    SF_CHECK (reply && reply->integer == 1);
    freeReplyObject (reply);
    free (stream);
    sf_redis_destroy (&redis);
}

static void
test_pipeline (void)
{
    sf_redis_t *redis = s_connect (1000);
    char *key = sf_test_unique ("sf:test:redis:counter");
    enum { COUNT = 200 };
    const char *argv [] = { "INCR", key };
    sf_redis_cmd_t commands [COUNT + 1];
    for (int i = 0; i < COUNT; i++)
        commands [i] = (sf_redis_cmd_t) { 2, argv, NULL };
    const char *get [] = { "GET", key, "extra" };   //  wrong arity: an error reply in the middle
    commands [COUNT] = (sf_redis_cmd_t) { 3, get, NULL };
    redisReply *replies [COUNT + 1];
    SF_CHECK (sf_redis_pipeline (redis, COUNT + 1, commands, replies) == 0);
    for (int i = 0; i < COUNT; i++) {
        SF_CHECK (replies [i]->type == REDIS_REPLY_INTEGER && replies [i]->integer == i + 1);
        freeReplyObject (replies [i]);
    }
    SF_CHECK (replies [COUNT]->type == REDIS_REPLY_ERROR);
    freeReplyObject (replies [COUNT]);
    redisReply *reply = sf_redis_call (redis, "DEL", key, NULL);
    SF_CHECK (reply && reply->integer == 1);
    freeReplyObject (reply);
    free (key);
    sf_redis_destroy (&redis);
}

//  A reply later than the timeout must not be read as the answer to the next command.
static void
test_timeout_drops_connection (void)
{
    sf_redis_t *redis = s_connect (200);
    char *key = sf_test_unique ("sf:test:redis:list");
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (sf_redis_call (redis, "BLPOP", key, "1", NULL) == NULL);
    SF_CHECK (sf_clock_mono_ms () - start < 900);
    SF_CHECK (!sf_redis_connected (redis));
    SF_CHECK (*sf_redis_error (redis));
    //  Let the late nil reply arrive on the dropped socket, then talk again.
    sf_test_sleep_ms (900);
    redisReply *reply = sf_redis_call (redis, "ECHO", "after", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    SF_CHECK_STR (reply->str, "after");
    freeReplyObject (reply);
    free (key);
    sf_redis_destroy (&redis);
}

//  A dead server costs one failed connect per backoff step, not one per call.
static void
test_backoff_when_down (void)
{
    sf_redis_t *redis = sf_redis_new ("127.0.0.1", sf_test_free_port (), 500);
    SF_CHECK (!sf_redis_ensure (redis));
    SF_CHECK (strstr (sf_redis_error (redis), "connect"));
    SF_CHECK (*sf_redis_run_id (redis) == 0);
    int64_t start = sf_clock_mono_us ();
    for (int i = 0; i < 10000; i++)
        SF_CHECK (sf_redis_call (redis, "PING", NULL) == NULL);
    SF_CHECK (sf_clock_mono_us () - start < 50000);
    redisReply *replies [1];
    const char *argv [] = { "PING" };
    sf_redis_cmd_t command = { 1, argv, NULL };
    SF_CHECK (sf_redis_pipeline (redis, 1, &command, replies) == -1);
    sf_redis_destroy (&redis);
}

//  A server that takes one connection, answers its first command (INFO server) with reply,
//  then waits for the client to close.
typedef struct {
    int listener;
    const char *reply;
} fake_server_t;

static void *
s_fake_server (void *arg)
{
    fake_server_t *server = (fake_server_t *) arg;
    int fd = accept (server->listener, NULL, NULL);
    SF_CHECK (fd >= 0);
    char buffer [512];
    SF_CHECK (read (fd, buffer, sizeof buffer) > 0);
    size_t size = strlen (server->reply);
    SF_CHECK (write (fd, server->reply, size) == (ssize_t) size);
    while (read (fd, buffer, sizeof buffer) > 0)
        ;
    close (fd);
    return NULL;
}

//  A server that refuses INFO, or answers it without a run_id, is not a connection to keep:
//  with an empty run_id a restart of the real server could not be told.
static void
test_connect_needs_run_id (void)
{
    const char *replies [] = {
        "-NOPERM this user has no permissions to run the 'info' command\r\n",
        "$13\r\n# Server\r\nx:1\r\n"
    };
    const char *errors [] = { "NOPERM", "no run_id" };
    for (int i = 0; i < 2; i++) {
        int listener = socket (AF_INET, SOCK_STREAM, 0);
        SF_CHECK (listener >= 0);
        struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
        socklen_t size = sizeof address;
        SF_CHECK (bind (listener, (struct sockaddr *) &address, sizeof address) == 0);
        SF_CHECK (getsockname (listener, (struct sockaddr *) &address, &size) == 0);
        SF_CHECK (listen (listener, 1) == 0);
        fake_server_t server = { listener, replies [i] };
        pthread_t thread;
        SF_CHECK (pthread_create (&thread, NULL, s_fake_server, &server) == 0);

        sf_redis_t *redis = sf_redis_new ("127.0.0.1", ntohs (address.sin_port), 1000);
        sf_redis_use_account (redis, "", NULL);     //  the fake answers INFO only
        SF_CHECK (!sf_redis_ensure (redis));
        SF_CHECK (!sf_redis_connected (redis));
        SF_CHECK (*sf_redis_run_id (redis) == 0);
        SF_CHECK (strstr (sf_redis_error (redis), "INFO server"));
        SF_CHECK (strstr (sf_redis_error (redis), errors [i]));
        SF_CHECK (!sf_redis_error_is (redis, "NOPERM"));    //  a failed connect, not a reply
        SF_CHECK (sf_redis_call (redis, "PING", NULL) == NULL);
        pthread_join (thread, NULL);        //  returns once the client closed the socket
        sf_redis_destroy (&redis);
        close (listener);
    }
}

//  password into file, as deploy writes them: one line.
static void
s_write_password (const char *file, const char *password)
{
    FILE *out = fopen (file, "w");
    SF_CHECK (out);
    fprintf (out, "%s\n", password);
    fclose (out);
}

//  Drops the connection and waits out the backoff, so that the next call connects afresh.
static void
s_reconnect_later (sf_redis_t *redis)
{
    sf_redis_disconnect (redis);
    sf_test_sleep_ms (500);
    sf_redis_ensure (redis);
}

//  An ACL user logs in at every connect and is held to its ACL; a wrong password, a missing
//  password file and an ACL without INFO are refusals that waiting cannot mend, each said
//  in both languages, and no message carries the password.
static void
test_account (void)
{
    sf_redis_t *admin = s_connect (1000);
    char *user = sf_test_unique ("sf-test-account");
    char *key = sf_test_unique ("sf:test:account");
    char *file = NULL;
    SF_CHECK (asprintf (&file, "%s/%s.password", getenv ("SF_STATE_DIR")? getenv ("SF_STATE_DIR"): "/tmp", user) > 0);
    redisReply *reply = sf_redis_call (admin, "ACL", "SETUSER", user, "reset", "on", ">right-horse-battery",
                                       "~sf:test:account*", "+ping", "+info", "+set", "+acl|whoami", NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    s_write_password (file, "right-horse-battery");

    sf_redis_t *redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")), 1000);
    sf_redis_use_account (redis, user, file);
    SF_CHECK (sf_redis_ensure (redis));
    SF_CHECK (sf_redis_refusal (redis) == NULL);
    reply = sf_redis_call (redis, "ACL", "WHOAMI", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    SF_CHECK_STR (reply->str, user);
    freeReplyObject (reply);
    reply = sf_redis_call (redis, "SET", key, "1", NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    SF_CHECK (sf_redis_call (redis, "FLUSHALL", NULL) == NULL);
    SF_CHECK (sf_redis_error_is (redis, "NOPERM"));
    SF_CHECK (sf_redis_call (redis, "SET", "sf:test:elsewhere", "1", NULL) == NULL);
    SF_CHECK (sf_redis_error_is (redis, "NOPERM"));
    SF_CHECK (sf_redis_connected (redis));

    s_write_password (file, "wrong-horse");
    s_reconnect_later (redis);
    SF_CHECK (!sf_redis_connected (redis));
    SF_CHECK (sf_redis_refusal (redis) && strstr (sf_redis_refusal (redis)->en, "refused the account"));
    SF_CHECK (*sf_redis_refusal (redis)->zh);
    SF_CHECK (strstr (sf_redis_error (redis), "AUTH as"));
    SF_CHECK (!strstr (sf_redis_error (redis), "horse"));

    sf_redis_use_account (redis, user, "/nonexistent/redis.password");
    s_reconnect_later (redis);
    SF_CHECK (sf_redis_refusal (redis) && strstr (sf_redis_refusal (redis)->en, "cannot be read"));

    s_write_password (file, "right-horse-battery");
    sf_redis_use_account (redis, user, file);
    reply = sf_redis_call (admin, "ACL", "SETUSER", user, "-info", NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    s_reconnect_later (redis);
    SF_CHECK (sf_redis_refusal (redis) && strstr (sf_redis_refusal (redis)->en, "INFO"));

    //  A Redis whose default user is off (deploy's) asks a connection without account to log in.
    if (getenv ("SF_REDIS_USER") && *getenv ("SF_REDIS_USER")) {
        sf_redis_use_account (redis, "", NULL);
        s_reconnect_later (redis);
        SF_CHECK (sf_redis_refusal (redis) && strstr (sf_redis_refusal (redis)->en, "no account"));
    }
    //  A server that is down is not a refusal: it may come back.
    sf_redis_t *down = sf_redis_new ("127.0.0.1", sf_test_free_port (), 500);
    SF_CHECK (!sf_redis_ensure (down) && sf_redis_refusal (down) == NULL);
    sf_redis_destroy (&down);

    sf_redis_destroy (&redis);
    reply = sf_redis_call (admin, "ACL", "DELUSER", user, NULL);
    SF_CHECK (reply && reply->integer == 1);
    freeReplyObject (reply);
    reply = sf_redis_call (admin, "DEL", key, NULL);
    freeReplyObject (reply);
    unlink (file);
    free (file);
    free (key);
    free (user);
    sf_redis_destroy (&admin);
}

//  Sentinels (issue 18): a layout of the test's own (sf_test_ha_redis_start).

//  A connection that follows the master through sentinels, logged in as user (NULL: the
//  suite's account) with the password in the suite's secrets.
static sf_redis_t *
s_follower (const char *sentinels, const char *user, int timeout_ms)
{
    //  host and port name a server that is not there: with Sentinels they are not used.
    sf_redis_t *redis = sf_redis_new ("127.0.0.1", sf_test_free_port (), timeout_ms);
    SF_CHECK (sf_redis_use_sentinels (redis, sentinels, SF_REDIS_MASTER_NAME_DEFAULT) == 0);
    if (user) {
        char file [1024];
        snprintf (file, sizeof file, "%s/redis_%s.password", sf_test_env ("SF_SECRETS_DIR"), user);
        sf_redis_use_account (redis, user, file);
    }
    return redis;
}

//  Lists that are not host:port,... are refused at once, and such a connection never connects.
static void
test_sentinel_list (void)
{
    sf_redis_t *redis = sf_redis_new ("127.0.0.1", 6379, 500);
    const char *bad [] = { "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", ":26379", "127.0.0.1:26379,",
                           "127.0.0.1:26379,,127.0.0.1:26380", "127.0.0.1:26379x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        SF_CHECK (sf_redis_use_sentinels (redis, bad [i], "sf-events") == -1);
        SF_CHECK (!sf_redis_ensure (redis));
        SF_CHECK (sf_redis_refusal (redis) && strstr (sf_redis_refusal (redis)->en, "redis.sentinels"));
        SF_CHECK (*sf_redis_refusal (redis)->zh);
    }
    SF_CHECK (sf_redis_use_sentinels (redis, "127.0.0.1:26379", "") == -1);
    SF_CHECK (sf_redis_use_sentinels (redis, " 127.0.0.1:26379 , localhost:26380", "sf-events") == 0);
    SF_CHECK (sf_redis_use_sentinels (redis, "", "") == 0);         //  none: host and port again
    SF_CHECK (sf_redis_use_sentinels (redis, NULL, NULL) == 0);
    sf_redis_destroy (&redis);
    SF_CHECK (sf_redis_set_sentinels ("nonsense", "sf-events") == -1);
}

//  The Sentinels name the master; the connection logs in there (as the suite's admin and as a
//  daemon's user, whose only right on a Sentinel is that question), and writes.
static void
test_sentinel_lookup (const char *sentinels)
{
    int master = sf_test_ha_redis_master (NULL);
    SF_CHECK (master == sf_test_ha_redis_base ());
    const char *users [] = { NULL, "sf-directory" };
    for (int i = 0; i < 2; i++) {
        sf_redis_t *redis = s_follower (sentinels, users [i], 1000);
        SF_CHECK (sf_redis_ensure (redis));
        char expected [64];
        snprintf (expected, sizeof expected, "127.0.0.1:%d", master);
        SF_CHECK_STR (sf_redis_address (redis), expected);
        SF_CHECK (strlen (sf_redis_run_id (redis)) == 40);
        redisReply *reply = sf_redis_call (redis, "XADD", "sf:events:org", "*", "id", "sentinel-lookup", NULL);
        SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
        freeReplyObject (reply);
        sf_redis_destroy (&redis);
    }
    //  A Sentinel down (nothing on its port) is skipped.
    char *list = NULL;
    SF_CHECK (asprintf (&list, "127.0.0.1:%d,%s", sf_test_free_port (), sentinels) > 0);
    sf_redis_t *redis = s_follower (list, NULL, 1000);
    SF_CHECK (sf_redis_ensure (redis));
    sf_redis_destroy (&redis);
    free (list);
    //  A name no Sentinel watches is a refusal, said in both languages.
    redis = s_follower (sentinels, NULL, 1000);
    SF_CHECK (sf_redis_use_sentinels (redis, sentinels, "no-such-master") == 0);
    SF_CHECK (!sf_redis_ensure (redis));
    SF_CHECK (sf_redis_refusal (redis) && strstr (sf_redis_refusal (redis)->en, "redis.master_name"));
    SF_CHECK (strstr (sf_redis_error (redis), "no-such-master"));
    sf_redis_destroy (&redis);
}

//  One attempt lasts at most timeout_ms, Sentinels and master together: with every Sentinel
//  down, and with the first one hung (SIGSTOP: it takes connections, answers nothing), when
//  the next attempt asks another one first.
static void
test_sentinel_bounded (const char *sentinels)
{
    char *dead = NULL;
    SF_CHECK (asprintf (&dead, "127.0.0.1:%d,127.0.0.1:%d", sf_test_free_port (), sf_test_free_port ()) > 0);
    sf_redis_t *redis = s_follower (dead, NULL, 300);
    int64_t start = sf_clock_mono_ms ();
    SF_CHECK (!sf_redis_ensure (redis));
    SF_CHECK (sf_clock_mono_ms () - start < 300 + 250);
    SF_CHECK (sf_redis_refusal (redis) == NULL);        //  down may pass
    sf_redis_destroy (&redis);
    free (dead);

    char pid_file [1024];
    snprintf (pid_file, sizeof pid_file, "%s/ha/redis/sentinel0/sentinel.pid", sf_test_ha_redis_dir ());
    SF_CHECK (sf_test_sh ("kill -STOP \"$(cat '%s')\"", pid_file) == 0);
    redis = s_follower (sentinels, NULL, 300);
    start = sf_clock_mono_ms ();
    SF_CHECK (!sf_redis_ensure (redis));
    int64_t first = sf_clock_mono_ms () - start;
    sf_test_sleep_ms (150);             //  past the first backoff step
    start = sf_clock_mono_ms ();
    bool followed = sf_redis_ensure (redis);
    int64_t second = sf_clock_mono_ms () - start;
    SF_CHECK (sf_test_sh ("kill -CONT \"$(cat '%s')\"", pid_file) == 0);
    printf ("measured: sentinel lookup with the first Sentinel hung: %lld ms (timeout 300 ms), "
            "then %lld ms asking the next one first\n", (long long) first, (long long) second);
    //  Bounded by the timeout, give or take a loaded machine's scheduling.
    SF_CHECK (first >= 250 && first < 300 + 250);
    SF_CHECK (followed && second < 300 + 250);
    sf_redis_destroy (&redis);
}

//  A failover the Sentinels are asked for (SENTINEL FAILOVER): the old master turns replica,
//  a write there answers READONLY, the connection is dropped and the next write lands on the
//  new master, whose run_id differs (what sf_relay's loss check keys on).
static void
test_sentinel_follows_failover (const char *sentinels)
{
    sf_redis_t *redis = s_follower (sentinels, "sf-directory", 1000);
    redisReply *reply = sf_redis_call (redis, "XADD", "sf:events:org", "*", "id", "before", NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    char old_run_id [48], old_address [64];
    snprintf (old_run_id, sizeof old_run_id, "%s", sf_redis_run_id (redis));
    snprintf (old_address, sizeof old_address, "%s", sf_redis_address (redis));

    sf_redis_t *admin = sf_redis_new ("127.0.0.1", sf_test_ha_redis_base () + 2, 1000);
    reply = sf_redis_call (admin, "SENTINEL", "FAILOVER", SF_REDIS_MASTER_NAME_DEFAULT, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    sf_redis_destroy (&admin);
    int64_t start = sf_clock_mono_ms ();
    bool readonly = false, moved = false;
    while (!moved && sf_clock_mono_ms () - start < 30000) {
        reply = sf_redis_call (redis, "XADD", "sf:events:org", "*", "id", "during", NULL);
        if (reply)
            moved = strcmp (sf_redis_address (redis), old_address) != 0;
        else
        if (sf_redis_error_is (redis, "READONLY")) {
            readonly = true;
            SF_CHECK (!sf_redis_connected (redis));
        }
        if (reply)
            freeReplyObject (reply);
        sf_test_sleep_ms (20);
    }
    printf ("measured: SENTINEL FAILOVER to the first write on the new master: %lld ms (READONLY seen: %s)\n",
            (long long) (sf_clock_mono_ms () - start), readonly? "yes": "no");
    SF_CHECK (moved);
    SF_CHECK (sf_redis_connected (redis));
    SF_CHECK (strlen (sf_redis_run_id (redis)) == 40 && strcmp (sf_redis_run_id (redis), old_run_id) != 0);
    SF_CHECK (sf_test_ha_redis_master (NULL) == atoi (strchr (sf_redis_address (redis), ':') + 1));
    sf_redis_destroy (&redis);
}

//  A master demoted under a connection (REPLICAOF, which keeps the clients connected, unlike
//  a Sentinel's failover) answers the next write with READONLY: the connection is dropped.
//  The next connect finds a replica where a Sentinel points (one that watches the private
//  Redis under a name of its own and has not seen the change): role:slave, not kept.
static void
test_sentinel_demoted_master (int port)
{
    char port_text [16], sentinel [64];
    snprintf (port_text, sizeof port_text, "%d", port);
    snprintf (sentinel, sizeof sentinel, "127.0.0.1:%d", sf_test_ha_redis_base () + 2);
    sf_redis_t *admin = sf_redis_new ("127.0.0.1", sf_test_ha_redis_base () + 2, 1000);
    redisReply *reply = sf_redis_call (admin, "SENTINEL", "MONITOR", "sf-test-solo", "127.0.0.1", port_text, "2", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);

    sf_redis_t *redis = s_follower (sentinel, NULL, 1000);
    SF_CHECK (sf_redis_use_sentinels (redis, sentinel, "sf-test-solo") == 0);
    reply = sf_redis_call (redis, "XADD", "sf:events:org", "*", "id", "before", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    freeReplyObject (reply);
    char expected [64];
    snprintf (expected, sizeof expected, "127.0.0.1:%d", port);
    SF_CHECK_STR (sf_redis_address (redis), expected);

    char master_port [16];
    snprintf (master_port, sizeof master_port, "%d", sf_test_ha_redis_master (NULL));
    sf_redis_t *node = sf_redis_new ("127.0.0.1", port, 1000);
    reply = sf_redis_call (node, "REPLICAOF", "127.0.0.1", master_port, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    SF_CHECK (sf_redis_connected (redis));
    SF_CHECK (sf_redis_call (redis, "XADD", "sf:events:org", "*", "id", "after", NULL) == NULL);
    SF_CHECK (sf_redis_error_is (redis, "READONLY"));
    SF_CHECK (!sf_redis_connected (redis));
    sf_test_sleep_ms (150);
    SF_CHECK (!sf_redis_ensure (redis));
    SF_CHECK (strstr (sf_redis_error (redis), "is no master") && strstr (sf_redis_error (redis), "role:slave"));
    SF_CHECK (sf_redis_refusal (redis) == NULL);        //  may pass: the Sentinels will learn

    reply = sf_redis_call (node, "REPLICAOF", "NO", "ONE", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    //  Pipelines too.
    sf_test_sleep_ms (600);                             //  past the backoff
    const char *argv [] = { "XADD", "sf:events:org", "*", "id", "pipelined" };
    sf_redis_cmd_t command = { 5, argv, NULL };
    redisReply *replies [1];
    SF_CHECK (sf_redis_pipeline (redis, 1, &command, replies) == 0);
    SF_CHECK (replies [0]->type == REDIS_REPLY_STRING);
    freeReplyObject (replies [0]);
    reply = sf_redis_call (node, "REPLICAOF", "127.0.0.1", master_port, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    SF_CHECK (sf_redis_pipeline (redis, 1, &command, replies) == 0);
    SF_CHECK (replies [0]->type == REDIS_REPLY_ERROR && strncmp (replies [0]->str, "READONLY", 8) == 0);
    freeReplyObject (replies [0]);
    SF_CHECK (!sf_redis_connected (redis));

    sf_redis_destroy (&redis);
    sf_redis_destroy (&node);
    reply = sf_redis_call (admin, "SENTINEL", "REMOVE", "sf-test-solo", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STATUS);
    freeReplyObject (reply);
    sf_redis_destroy (&admin);
}

int
main (void)
{
    test_binary_safe_command ();
    test_error_reply_keeps_connection ();
    test_pipeline ();
    test_timeout_drops_connection ();
    test_backoff_when_down ();
    test_connect_needs_run_id ();
    test_account ();
    test_sentinel_list ();
    //  The private Redis first: the layout's handlers of fatal signals call the test kit's after theirs.
    int solo = sf_test_private_redis_start ("none");
    char *sentinels = sf_test_ha_redis_start ();
    test_sentinel_lookup (sentinels);
    test_sentinel_bounded (sentinels);
    test_sentinel_demoted_master (solo);
    test_sentinel_follows_failover (sentinels);
    free (sentinels);
    sf_test_ha_redis_stop ();
    sf_test_private_redis_stop ();
    printf ("sf_redis_test: OK\n");
    return 0;
}
