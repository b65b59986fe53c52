/*  sf_redis_test: against the Redis that deploy/test started.                              */
#include "sf_clock.h"
#include "sf_redis.h"
#include "sf_testkit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
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
    printf ("sf_redis_test: OK\n");
    return 0;
}
