/*  sf_redis: a hiredis context is thrown away on the first error of any kind; reading on
    after a timeout would pair the next command with the reply of the previous one.          */
#include "sf_redis.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <assert.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_REDIS_BACKOFF_MIN_MS 100
#define SF_REDIS_BACKOFF_MAX_MS 2000
#define SF_REDIS_MAX_CALL_ARGS 64

struct _sf_redis_t {
    redisContext *context;
    char *host;
    int port;
    int timeout_ms;
    int64_t next_connect_ms;        //  monotonic; no connect attempt before this
    int backoff_ms;
    bool error_reply;               //  the last error was a reply, not a broken connection
    char run_id [48];
    char error [256];
};

static void
s_ignore_sigpipe (void)
{
    struct sigaction current;
    if (sigaction (SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL)
        signal (SIGPIPE, SIG_IGN);
}

sf_redis_t *
sf_redis_new (const char *host, int port, int timeout_ms)
{
    assert (host && port > 0);
    s_ignore_sigpipe ();
    sf_redis_t *self = calloc (1, sizeof *self);
    assert (self);
    self->host = strdup (host);
    assert (self->host);
    self->port = port;
    self->timeout_ms = timeout_ms > 0? timeout_ms: 1000;
    self->backoff_ms = SF_REDIS_BACKOFF_MIN_MS;
    return self;
}

void
sf_redis_destroy (sf_redis_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_redis_t *self = *self_p;
    sf_redis_disconnect (self);
    free (self->host);
    free (self);
    *self_p = NULL;
}

void
sf_redis_disconnect (sf_redis_t *self)
{
    if (self->context)
        redisFree (self->context);
    self->context = NULL;
    self->run_id [0] = 0;
}

bool
sf_redis_connected (sf_redis_t *self)
{
    return self->context != NULL;
}

static void
s_set_error (sf_redis_t *self, bool error_reply, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    vsnprintf (self->error, sizeof self->error, fmt, args);
    va_end (args);
    self->error_reply = error_reply;
}

//  Records the context's error and drops it.
static void
s_fail (sf_redis_t *self, const char *what)
{
    s_set_error (self, false, "redis %s:%d %s: %s", self->host, self->port, what,
                 self->context && self->context->err? self->context->errstr: "unexpected reply");
    sf_redis_disconnect (self);
}

//  Reads run_id from INFO server; false (connection dropped) if it cannot. An error reply
//  (INFO refused by an ACL, say) drops the connection too: kept with an empty run_id, it
//  would make every restart look like no restart to whoever compares run ids.
static bool
s_read_run_id (sf_redis_t *self)
{
    redisReply *reply = sf_redis_call (self, "INFO", "server", NULL);
    if (!reply) {
        if (self->context) {
            char refused [sizeof self->error];
            memcpy (refused, self->error, sizeof refused);
            s_set_error (self, false, "redis %s:%d INFO server: %s", self->host, self->port, refused);
            sf_redis_disconnect (self);
        }
        return false;
    }
    const char *found = reply->type == REDIS_REPLY_STRING? strstr (reply->str, "run_id:"): NULL;
    if (found) {
        found += strlen ("run_id:");
        size_t len = strcspn (found, "\r\n");
        if (len >= sizeof self->run_id)
            len = sizeof self->run_id - 1;
        memcpy (self->run_id, found, len);
        self->run_id [len] = 0;
    }
    freeReplyObject (reply);
    if (!found) {
        s_fail (self, "INFO server has no run_id");
        return false;
    }
    return true;
}

static void
s_connect (sf_redis_t *self)
{
    struct timeval tv = { self->timeout_ms / 1000, (self->timeout_ms % 1000) * 1000 };
    self->context = redisConnectWithTimeout (self->host, self->port, tv);
    if (!self->context) {
        s_set_error (self, false, "redis %s:%d connect: out of memory", self->host, self->port);
        return;
    }
    if (self->context->err) {
        s_fail (self, "connect");
        return;
    }
    //  The connect timeout does not cover reads and writes; redisReconnect would not
    //  re-apply it either, which is one more reason to always build a fresh context.
    if (redisSetTimeout (self->context, tv) != REDIS_OK) {
        s_fail (self, "set timeout");
        return;
    }
    s_read_run_id (self);
}

bool
sf_redis_ensure (sf_redis_t *self)
{
    if (self->context)
        return true;
    int64_t now = sf_clock_mono_ms ();
    if (now < self->next_connect_ms)
        return false;
    s_connect (self);
    if (self->context) {
        self->backoff_ms = SF_REDIS_BACKOFF_MIN_MS;
        self->next_connect_ms = 0;
        return true;
    }
    self->next_connect_ms = now + self->backoff_ms;
    self->backoff_ms = self->backoff_ms * 2 > SF_REDIS_BACKOFF_MAX_MS? SF_REDIS_BACKOFF_MAX_MS: self->backoff_ms * 2;
    return false;
}

//  Takes a reply from hiredis: NULL means the connection failed; an error reply is turned
//  into NULL with the message kept.
static redisReply *
s_checked (sf_redis_t *self, redisReply *reply, const char *what)
{
    if (!reply) {
        s_fail (self, what);
        return NULL;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        s_set_error (self, true, "%s", reply->str);
        freeReplyObject (reply);
        return NULL;
    }
    return reply;
}

redisReply *
sf_redis_command (sf_redis_t *self, int argc, const char **argv, const size_t *argvlen)
{
    assert (argc > 0 && argv);
    if (!sf_redis_ensure (self))
        return NULL;            //  the error of the last connect attempt stands
    redisReply *reply = (redisReply *) redisCommandArgv (self->context, argc, argv, argvlen);
    return s_checked (self, reply, argv [0]);
}

redisReply *
sf_redis_call (sf_redis_t *self, const char *arg, ...)
{
    const char *argv [SF_REDIS_MAX_CALL_ARGS];
    int argc = 0;
    va_list args;
    va_start (args, arg);
    for (const char *next = arg; next; next = va_arg (args, const char *)) {
        assert (argc < SF_REDIS_MAX_CALL_ARGS);
        argv [argc++] = next;
    }
    va_end (args);
    return sf_redis_command (self, argc, argv, NULL);
}

int
sf_redis_pipeline (sf_redis_t *self, size_t count, const sf_redis_cmd_t *commands, redisReply **replies)
{
    if (!sf_redis_ensure (self))
        return -1;
    for (size_t i = 0; i < count; i++)
        if (redisAppendCommandArgv (self->context, commands [i].argc, commands [i].argv,
                                    commands [i].argvlen) != REDIS_OK) {
            s_fail (self, "pipeline append");
            return -1;
        }
    for (size_t i = 0; i < count; i++) {
        void *reply = NULL;
        if (redisGetReply (self->context, &reply) != REDIS_OK || !reply) {
            for (size_t j = 0; j < i; j++) {
                freeReplyObject (replies [j]);
                replies [j] = NULL;
            }
            s_fail (self, "pipeline read");
            return -1;
        }
        replies [i] = (redisReply *) reply;
    }
    return 0;
}

const char *
sf_redis_error (sf_redis_t *self)
{
    return self->error;
}

bool
sf_redis_error_is (sf_redis_t *self, const char *prefix)
{
    return self->error_reply && strncmp (self->error, prefix, strlen (prefix)) == 0;
}

const char *
sf_redis_run_id (sf_redis_t *self)
{
    return self->run_id;
}
