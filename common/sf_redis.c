/*  sf_redis: a hiredis context is thrown away on the first error of any kind; reading on
    after a timeout would pair the next command with the reply of the previous one.          */
#include "sf_redis.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_REDIS_BACKOFF_MIN_MS 100
#define SF_REDIS_BACKOFF_MAX_MS 2000
#define SF_REDIS_MAX_CALL_ARGS 64
//  Room for a password read from a password file: deploy's are 48 characters; Redis itself
//  takes any length, this is our own bound on a file that is one line.
#define SF_REDIS_PASSWORD_MAX 512

//  The process's account (sf_redis_set_account); NULL until set: the environment's then.
static char *s_user;
static char *s_password_file;

static const sf_text_t s_refused_account = {
    "Redis 拒绝了这个账号：用户名或密码错误，或该用户已停用（redis.user、redis.password_file）",
    "Redis refused the account: wrong user or password, or the user is off (redis.user, redis.password_file)"
};
static const sf_text_t s_refused_no_account = {
    "Redis 要求认证，但没有设置账号（redis.user、redis.password_file）",
    "Redis asks for authentication and no account is set (redis.user, redis.password_file)"
};
static const sf_text_t s_refused_command = {
    "Redis 账号的权限（ACL）不允许每个连接都要用的命令（INFO server）",
    "the Redis account's ACL refuses a command every connection needs (INFO server)"
};
static const sf_text_t s_unreadable_password = {
    "无法读取 redis.password_file 中的密码（文件不存在、不可读或为空）",
    "the password in redis.password_file cannot be read (missing, unreadable or empty)"
};

struct _sf_redis_t {
    redisContext *context;
    char *host;
    int port;
    int timeout_ms;
    int64_t next_connect_ms;        //  monotonic; no connect attempt before this
    int backoff_ms;
    bool error_reply;               //  the last error was a reply, not a broken connection
    char *user;                     //  the ACL user to log in as; NULL or "": no AUTH
    char *password_file;
    const sf_text_t *refusal;       //  why the last connect failed for good, or NULL
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

static char *
s_strdup_or_null (const char *text)
{
    char *copy = text? strdup (text): NULL;
    assert (copy || !text);
    return copy;
}

void
sf_redis_set_account (const char *user, const char *password_file)
{
    free (s_user);
    free (s_password_file);
    s_user = s_strdup_or_null (user? user: "");
    s_password_file = s_strdup_or_null (password_file? password_file: "");
}

void
sf_redis_use_account (sf_redis_t *self, const char *user, const char *password_file)
{
    free (self->user);
    free (self->password_file);
    self->user = s_strdup_or_null (user);
    self->password_file = s_strdup_or_null (password_file);
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
    if (s_user)
        sf_redis_use_account (self, s_user, s_password_file);
    else
        sf_redis_use_account (self, getenv ("SF_REDIS_USER"), getenv ("SF_REDIS_PASSWORD_FILE"));
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
    free (self->user);
    free (self->password_file);
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
            if (strncmp (self->error, "NOAUTH", strlen ("NOAUTH")) == 0)
                self->refusal = &s_refused_no_account;
            else
            if (strncmp (self->error, "NOPERM", strlen ("NOPERM")) == 0)
                self->refusal = &s_refused_command;
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

//  The first line of the password file, without its line end; -1 when there is none.
static int
s_read_password (sf_redis_t *self, char *password, size_t size)
{
    FILE *file = self->password_file && *self->password_file? fopen (self->password_file, "r"): NULL;
    if (!file) {
        s_set_error (self, false, "redis password file '%s': %s", self->password_file? self->password_file: "",
                     self->password_file && *self->password_file? strerror (errno): "not set");
        return -1;
    }
    bool read = fgets (password, (int) size, file) != NULL;
    fclose (file);
    if (read)
        password [strcspn (password, "\r\n")] = 0;
    if (!read || !*password) {
        s_set_error (self, false, "redis password file '%s' is empty", self->password_file);
        return -1;
    }
    return 0;
}

//  AUTH user password, before any other command. Neither the password nor the reply to a
//  good one is kept; a refusal says who was refused, never with what.
static int
s_log_in (sf_redis_t *self)
{
    char password [SF_REDIS_PASSWORD_MAX];
    if (s_read_password (self, password, sizeof password)) {
        self->refusal = &s_unreadable_password;
        sf_redis_disconnect (self);
        return -1;
    }
    const char *argv [] = { "AUTH", self->user, password };
    redisReply *reply = (redisReply *) redisCommandArgv (self->context, 3, argv, NULL);
    explicit_bzero (password, sizeof password);
    if (!reply) {
        s_fail (self, "AUTH");
        return -1;
    }
    bool accepted = reply->type == REDIS_REPLY_STATUS;
    if (!accepted) {
        s_set_error (self, false, "redis %s:%d AUTH as %s: %s", self->host, self->port, self->user,
                     reply->type == REDIS_REPLY_ERROR? reply->str: "unexpected reply");
        //  WRONGPASS: no such user, wrong password or user off; ERR: a Redis without ACL
        //  users. Anything else (LOADING, say) may pass.
        if (reply->type == REDIS_REPLY_ERROR
        && (strncmp (reply->str, "WRONGPASS", strlen ("WRONGPASS")) == 0
        ||  strncmp (reply->str, "ERR", strlen ("ERR")) == 0))
            self->refusal = &s_refused_account;
        sf_redis_disconnect (self);
    }
    freeReplyObject (reply);
    return accepted? 0: -1;
}

static void
s_connect (sf_redis_t *self)
{
    self->refusal = NULL;
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
    if (self->user && *self->user && s_log_in (self))
        return;
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

const sf_text_t *
sf_redis_refusal (sf_redis_t *self)
{
    return self->refusal;
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
