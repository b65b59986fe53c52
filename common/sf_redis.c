/*  sf_redis: a hiredis context is thrown away on the first error of any kind; reading on
    after a timeout would pair the next command with the reply of the previous one. With
    Sentinels, every connect starts with asking them: a context never outlives the master it
    was opened on (an error or READONLY drops it), so asking at each connect is following.   */
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
//  With Sentinels a failed attempt costs a question to a Sentinel and a refused connect, and
//  a failover ends within seconds: retry often enough not to add seconds to it.
#define SF_REDIS_SENTINEL_BACKOFF_MAX_MS 500
#define SF_REDIS_SENTINELS_MAX 16
//  Less time than this left in an attempt is not worth a connect (the kernel's timers are
//  coarser): the attempt ends there.
#define SF_REDIS_SLICE_MIN_MS 10
#define SF_REDIS_HOST_MAX 256
#define SF_REDIS_MASTER_NAME_MAX 128
#define SF_REDIS_MAX_CALL_ARGS 64
//  Room for a password read from a password file: deploy's are 48 characters; Redis itself
//  takes any length, this is our own bound on a file that is one line.
#define SF_REDIS_PASSWORD_MAX 512

typedef struct {
    char host [SF_REDIS_HOST_MAX];
    int port;
} address_t;

//  The Sentinels to ask and the name of the master they watch; count 0: no Sentinels.
typedef struct {
    address_t list [SF_REDIS_SENTINELS_MAX];
    int count;
    char master_name [SF_REDIS_MASTER_NAME_MAX];
} sentinels_t;

//  The process's account (sf_redis_set_account); NULL until set: the environment's then.
static char *s_user;
static char *s_password_file;
//  The process's Sentinels (sf_redis_set_sentinels); until set, the environment's.
static sentinels_t s_sentinels;
static bool s_sentinels_set;

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
static const sf_text_t s_bad_sentinels = {
    "redis.sentinels 应为 host:port,host:port,...（至多 16 个），redis.master_name 不能为空",
    "redis.sentinels must be host:port,host:port,... (16 at most) and redis.master_name not empty"
};
static const sf_text_t s_unknown_master = {
    "没有哪个 Redis Sentinel 监视名为 redis.master_name 的主节点",
    "no Redis Sentinel watches a master of the name in redis.master_name"
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
    sentinels_t sentinels;          //  count 0: host and port are the server's
    bool sentinels_bad;             //  a list that could not be read: never connects
    int sentinel_first;             //  the Sentinel asked first: the one that answered last
    bool followed;                  //  host and port are a master the Sentinels named
    char run_id [48];
    char address [SF_REDIS_HOST_MAX + 8];
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

//  Reads "host:port,host:port,..." (spaces around the parts allowed) into into. 0 or -1.
static int
s_parse_sentinels (const char *text, const char *master_name, sentinels_t *into)
{
    memset (into, 0, sizeof *into);
    const char *at = text? text: "";
    at += strspn (at, " \t");
    if (!*at)
        return 0;
    if (!master_name || !*master_name || strlen (master_name) >= sizeof into->master_name)
        return -1;
    strcpy (into->master_name, master_name);
    while (*at) {
        size_t size = strcspn (at, ",");
        char part [SF_REDIS_HOST_MAX + 16];
        if (size >= sizeof part || into->count == SF_REDIS_SENTINELS_MAX)
            return -1;
        memcpy (part, at, size);
        part [size] = 0;
        at += size + (at [size] == ','? 1: 0);
        char *host = part + strspn (part, " \t");
        char *colon = strrchr (host, ':');
        if (!colon || colon == host)
            return -1;
        *colon = 0;
        char *end = NULL;
        long port = strtol (colon + 1, &end, 10);
        end += strspn (end, " \t");
        if (end == colon + 1 || *end || port < 1 || port > 65535)
            return -1;
        address_t *sentinel = &into->list [into->count++];
        snprintf (sentinel->host, sizeof sentinel->host, "%s", host);
        sentinel->port = (int) port;
        if (!*at && at [-1] == ',')
            return -1;          //  a trailing comma: a part missing
    }
    return 0;
}

int
sf_redis_set_sentinels (const char *sentinels, const char *master_name)
{
    sentinels_t parsed;
    if (s_parse_sentinels (sentinels, master_name, &parsed))
        return -1;
    s_sentinels = parsed;
    s_sentinels_set = true;
    return 0;
}

int
sf_redis_use_sentinels (sf_redis_t *self, const char *sentinels, const char *master_name)
{
    self->sentinel_first = 0;
    self->sentinels_bad = s_parse_sentinels (sentinels, master_name, &self->sentinels) != 0;
    if (self->sentinels_bad)
        self->sentinels.count = 0;
    return self->sentinels_bad? -1: 0;
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
    if (s_sentinels_set)
        self->sentinels = s_sentinels;
    else {
        const char *name = getenv ("SF_REDIS_MASTER_NAME");
        sf_redis_use_sentinels (self, getenv ("SF_REDIS_SENTINELS"), name && *name? name: SF_REDIS_MASTER_NAME_DEFAULT);
    }
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
//  would make every restart look like no restart to whoever compares run ids. With
//  Sentinels the same reply says the role too (INFO takes several sections since Redis 7.0,
//  and the daemons' ACL users may run INFO but not ROLE): a replica is not kept, whatever a
//  Sentinel that has not seen the failover yet answered.
static bool
s_read_run_id (sf_redis_t *self)
{
    bool follow = self->sentinels.count > 0;
    redisReply *reply = follow? sf_redis_call (self, "INFO", "server", "replication", NULL):
                                sf_redis_call (self, "INFO", "server", NULL);
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
    const char *role = follow && found? strstr (reply->str, "\nrole:"): NULL;
    bool master = role && strncmp (role, "\nrole:master\r", strlen ("\nrole:master\r")) == 0;
    if (found && follow && !master)
        s_set_error (self, false, "redis %s:%d is no master (%.*s), though a Sentinel named it: asking again",
                     self->host, self->port, role? (int) strcspn (role + 1, "\r\n"): 7, role? role + 1: "no role");
    freeReplyObject (reply);
    if (!found) {
        s_fail (self, "INFO server has no run_id");
        return false;
    }
    if (follow && !master) {
        sf_redis_disconnect (self);
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

//  AUTH user password on context (the server's, or a Sentinel's, at host:port), before any
//  other command. Neither the password nor the reply to a good one is kept; a refusal says
//  who was refused, never with what. 0, or -1 with the error set; the caller drops context.
static int
s_auth (sf_redis_t *self, redisContext *context, const char *host, int port)
{
    char password [SF_REDIS_PASSWORD_MAX];
    if (s_read_password (self, password, sizeof password)) {
        self->refusal = &s_unreadable_password;
        return -1;
    }
    const char *argv [] = { "AUTH", self->user, password };
    redisReply *reply = (redisReply *) redisCommandArgv (context, 3, argv, NULL);
    explicit_bzero (password, sizeof password);
    if (!reply) {
        s_set_error (self, false, "redis %s:%d AUTH: %s", host, port, context->err? context->errstr: "unexpected reply");
        return -1;
    }
    bool accepted = reply->type == REDIS_REPLY_STATUS;
    if (!accepted) {
        s_set_error (self, false, "redis %s:%d AUTH as %s: %s", host, port, self->user,
                     reply->type == REDIS_REPLY_ERROR? reply->str: "unexpected reply");
        //  WRONGPASS: no such user, wrong password or user off; ERR: a Redis without ACL
        //  users. Anything else (LOADING, say) may pass.
        if (reply->type == REDIS_REPLY_ERROR
        && (strncmp (reply->str, "WRONGPASS", strlen ("WRONGPASS")) == 0
        ||  strncmp (reply->str, "ERR", strlen ("ERR")) == 0))
            self->refusal = &s_refused_account;
    }
    freeReplyObject (reply);
    return accepted? 0: -1;
}

//  A context to host:port whose connect, reads and writes each time out after timeout_ms;
//  NULL with the error set.
static redisContext *
s_open (sf_redis_t *self, const char *host, int port, int64_t timeout_ms)
{
    struct timeval tv = { (time_t) (timeout_ms / 1000), (suseconds_t) ((timeout_ms % 1000) * 1000) };
    redisContext *context = redisConnectWithTimeout (host, port, tv);
    const char *failed = !context? "connect: out of memory":
                         context->err? "connect":
    //  The connect timeout does not cover reads and writes; redisReconnect would not
    //  re-apply it either, which is one more reason to always build a fresh context.
                         redisSetTimeout (context, tv) != REDIS_OK? "set timeout": NULL;
    if (!failed)
        return context;
    s_set_error (self, false, "redis %s:%d %s%s%s", host, port, failed, context && context->err? ": ": "",
                 context && context->err? context->errstr: "");
    if (context)
        redisFree (context);
    return NULL;
}

//  Asks the Sentinel at sentinel where the master is: 1 with master filled in, 0 when it
//  watches no master of that name, -1 with the error set.
static int
s_ask_sentinel (sf_redis_t *self, const address_t *sentinel, int64_t timeout_ms, address_t *master)
{
    redisContext *context = s_open (self, sentinel->host, sentinel->port, timeout_ms);
    if (!context)
        return -1;
    int rc = -1;
    if (!self->user || !*self->user || s_auth (self, context, sentinel->host, sentinel->port) == 0) {
        const char *argv [] = { "SENTINEL", "get-master-addr-by-name", self->sentinels.master_name };
        redisReply *reply = (redisReply *) redisCommandArgv (context, 3, argv, NULL);
        if (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 2
        &&  reply->element [0]->type == REDIS_REPLY_STRING && reply->element [1]->type == REDIS_REPLY_STRING
        &&  reply->element [0]->len < sizeof master->host && atoi (reply->element [1]->str) > 0) {
            snprintf (master->host, sizeof master->host, "%s", reply->element [0]->str);
            master->port = atoi (reply->element [1]->str);
            rc = 1;
        }
        else
        if (reply && reply->type == REDIS_REPLY_NIL) {
            s_set_error (self, false, "redis sentinel %s:%d watches no master named %s", sentinel->host,
                         sentinel->port, self->sentinels.master_name);
            rc = 0;
        }
        else
            s_set_error (self, false, "redis sentinel %s:%d SENTINEL get-master-addr-by-name: %s", sentinel->host,
                         sentinel->port, !reply? context->errstr: reply->type == REDIS_REPLY_ERROR? reply->str:
                         "unexpected reply");
        if (reply)
            freeReplyObject (reply);
    }
    redisFree (context);
    return rc;
}

//  Asks the Sentinels in turn, the one that answered last first, until one names the master,
//  or deadline passes; points the connection at it. 0, or -1 with the error set.
static int
s_find_master (sf_redis_t *self, int64_t deadline)
{
    int count = self->sentinels.count, unknown = 0;
    for (int asked = 0; asked < count; asked++) {
        int index = (self->sentinel_first + asked) % count;
        int64_t left = deadline - sf_clock_mono_ms ();
        if (left < SF_REDIS_SLICE_MIN_MS)
            break;
        address_t master;
        int found = s_ask_sentinel (self, &self->sentinels.list [index], left, &master);
        if (found <= 0) {
            unknown += found == 0;
            //  Next time another one first: a hung Sentinel must not take every attempt's time.
            if (index == self->sentinel_first)
                self->sentinel_first = (index + 1) % count;
            continue;
        }
        self->sentinel_first = index;
        self->refusal = NULL;       //  one Sentinel refusing us is no refusal when another answers
        if (!self->followed || strcmp (master.host, self->host) != 0 || master.port != self->port) {
            if (self->followed)
                sf_info ("redis: the Sentinels name %s:%d as master %s (this connection was on %s:%d)", master.host,
                         master.port, self->sentinels.master_name, self->host, self->port);
            self->followed = true;
            free (self->host);
            self->host = strdup (master.host);
            assert (self->host);
            self->port = master.port;
        }
        return 0;
    }
    if (unknown == count)
        self->refusal = &s_unknown_master;
    return -1;
}

static void
s_connect (sf_redis_t *self)
{
    self->refusal = NULL;
    if (self->sentinels_bad) {
        self->refusal = &s_bad_sentinels;
        s_set_error (self, false, "redis: %s", s_bad_sentinels.en);
        return;
    }
    int64_t budget = self->timeout_ms;
    if (self->sentinels.count > 0) {
        int64_t deadline = sf_clock_mono_ms () + self->timeout_ms;
        if (s_find_master (self, deadline))
            return;
        budget = deadline - sf_clock_mono_ms ();
        if (budget < SF_REDIS_SLICE_MIN_MS) {
            s_set_error (self, false, "redis %s:%d: no time left for the master after asking the Sentinels (%d ms)",
                         self->host, self->port, self->timeout_ms);
            return;
        }
    }
    self->context = s_open (self, self->host, self->port, budget);
    if (!self->context)
        return;
    if (self->user && *self->user && s_auth (self, self->context, self->host, self->port)) {
        sf_redis_disconnect (self);
        return;
    }
    if (!s_read_run_id (self))
        return;
    //  The rest of the attempt's time was the master's; its commands get the whole timeout.
    if (budget != self->timeout_ms) {
        struct timeval tv = { self->timeout_ms / 1000, (self->timeout_ms % 1000) * 1000 };
        if (redisSetTimeout (self->context, tv) != REDIS_OK)
            s_fail (self, "set timeout");
    }
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
    int max_ms = self->sentinels.count > 0? SF_REDIS_SENTINEL_BACKOFF_MAX_MS: SF_REDIS_BACKOFF_MAX_MS;
    self->next_connect_ms = now + self->backoff_ms;
    self->backoff_ms = self->backoff_ms * 2 > max_ms? max_ms: self->backoff_ms * 2;
    return false;
}

//  A master that became a replica answers writes with READONLY: with Sentinels, that
//  connection is dropped, so the next command asks them where the master went.
static void
s_check_demoted (sf_redis_t *self, const redisReply *reply)
{
    if (self->sentinels.count > 0 && reply->type == REDIS_REPLY_ERROR
    &&  strncmp (reply->str, "READONLY", strlen ("READONLY")) == 0) {
        s_set_error (self, true, "%s", reply->str);
        sf_redis_disconnect (self);
    }
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
        s_check_demoted (self, reply);
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
    for (size_t i = 0; i < count && self->context; i++)
        s_check_demoted (self, replies [i]);
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
sf_redis_address (sf_redis_t *self)
{
    snprintf (self->address, sizeof self->address, "%s:%d", self->host, self->port);
    return self->address;
}

const char *
sf_redis_run_id (sf_redis_t *self)
{
    return self->run_id;
}
