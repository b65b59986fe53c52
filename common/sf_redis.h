/*  sf_redis: one hiredis (0.14.1) connection that heals itself. It connects lazily, and any
    error or timeout drops the context: hiredis leaves a context unusable after an error, and
    a reply that arrives after a timeout would be read as the answer to the next command.
    The next call reconnects, at most once per backoff step (100 ms doubling to 2 s) while
    the server stays down, so a dead Redis costs a failed connect now and then, no more.
    Arguments are binary-safe (argv + argvlen). Not thread-safe: one sf_redis_t per thread.
    With an account (a Redis ACL user and the file holding its password) every connect, the
    first and every reconnect, logs in with AUTH before anything else: a Redis whose
    `default` user is off answers nothing else.
    With Sentinels (issue 18) every connect asks them where the master is (SENTINEL
    get-master-addr-by-name), the one that answered last first, logs in there and checks that
    INFO replication says role:master; a lost connection, a timeout or a READONLY error reply
    (the master became a replica) drops the connection, so the next call asks again. One
    attempt, the Sentinels and the master together, lasts at most timeout_ms; while no master
    answers, attempts follow each other at most 500 ms apart (a failover lasts seconds).      */
#ifndef SF_REDIS_H_INCLUDED
#define SF_REDIS_H_INCLUDED

#include "sf_status.h"

#include <hiredis/hiredis.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _sf_redis_t sf_redis_t;

//  One command of a pipeline; argvlen may be NULL when every argument is a C string.
typedef struct {
    int argc;
    const char **argv;
    const size_t *argvlen;
} sf_redis_cmd_t;

//  The account every connection of this process logs in with: the ACL user and the file
//  whose first line is its password (read at each connect, so a changed password is taken
//  at the next one). Set once at start-up, before any connection is made (sf_service does,
//  from redis.user and redis.password_file). Never set, they come from the environment,
//  SF_REDIS_USER and SF_REDIS_PASSWORD_FILE, as for a client without a config file
//  (safetyctl, tests). An empty user: no AUTH (a Redis without ACL users).
void sf_redis_set_account (const char *user, const char *password_file);

//  The master every connection of this process follows: sentinels is "host:port,host:port,..."
//  (redis.sentinels), master_name the name they monitor it under (redis.master_name). Empty
//  sentinels: none, each connection goes to the host and port it is given, as before. Set
//  once at start-up, before any connection is made; never set, they come from the environment,
//  SF_REDIS_SENTINELS and SF_REDIS_MASTER_NAME (as sf_config reads them too). -1 when sentinels
//  is not such a list or master_name is empty (nothing is changed then).
int sf_redis_set_sentinels (const char *sentinels, const char *master_name);

//  The name deploy/lib_ha_redis.sh's Sentinels watch the master under (redis.master_name's default).
#define SF_REDIS_MASTER_NAME_DEFAULT "sf-events"

//  Never NULL; does not connect yet; logs in with the process's account. timeout_ms bounds the
//  connect and every read/write. With Sentinels set, host and port are not used: the master
//  is the one the Sentinels name (a bad SF_REDIS_SENTINELS: the connection refuses to connect,
//  sf_redis_refusal says why). Also ignores SIGPIPE if nothing else handles it: hiredis writes with write(2), and a
//  server that closed the socket must not kill the daemon.
sf_redis_t *sf_redis_new (const char *host, int port, int timeout_ms);
void sf_redis_destroy (sf_redis_t **self_p);

//  Another account for this connection only (a test acting as one daemon's user, say);
//  takes effect at the next connect.
void sf_redis_use_account (sf_redis_t *self, const char *user, const char *password_file);

//  Other Sentinels for this connection only (a test, say); NULL or "" sentinels: none, the
//  host and port given to sf_redis_new. Takes effect at the next connect. -1 as above (a bad
//  list leaves the connection refusing to connect, sf_redis_refusal says why).
int sf_redis_use_sentinels (sf_redis_t *self, const char *sentinels, const char *master_name);

//  Connects when not connected and the backoff allows it. True when connected.
bool sf_redis_ensure (sf_redis_t *self);
bool sf_redis_connected (sf_redis_t *self);

//  Drops the connection, e.g. after a reply whose shape we did not expect.
void sf_redis_disconnect (sf_redis_t *self);

//  Runs one command. Returns the reply (the caller frees it with freeReplyObject), or NULL
//  with sf_redis_error set: for an error reply ("BUSYGROUP ...") the connection stays, for
//  anything else it is dropped. argvlen may be NULL for C-string arguments.
redisReply *sf_redis_command (sf_redis_t *self, int argc, const char **argv, const size_t *argvlen);

//  Same for C-string arguments, NULL-terminated: sf_redis_call (r, "XLEN", key, NULL).
redisReply *sf_redis_call (sf_redis_t *self, const char *arg, ...) __attribute__ ((sentinel));

//  Sends count commands in one write and reads their count replies into replies [] (each
//  the caller's to free; error replies included, so check each). Returns 0, or -1 when the
//  connection failed: then no reply is returned and the connection is dropped.
int sf_redis_pipeline (sf_redis_t *self, size_t count, const sf_redis_cmd_t *commands, redisReply **replies);

//  Why the last connect failed when waiting cannot help: the server refused the account
//  (wrong user or password, user off), asks for one and none is set, refuses the commands
//  every connection needs (the user's ACL), or the password file cannot be read. NULL when
//  the last connect succeeded or failed for a reason that may pass (server down, timeout).
const sf_text_t *sf_redis_refusal (sf_redis_t *self);

//  The last error, "" if none.
const char *sf_redis_error (sf_redis_t *self);

//  True when the last error was an error reply starting with prefix, e.g. "NOGROUP".
bool sf_redis_error_is (sf_redis_t *self, const char *prefix);

//  "host:port" of the server this connection goes to (with Sentinels: the master they named
//  last).
const char *sf_redis_address (sf_redis_t *self);

//  run_id (INFO server) of the server behind the current connection, read at connect: it
//  changes whenever Redis restarts, and when a Sentinel failover makes another server the
//  master (each server has its own). "" when not connected; a connection is never kept
//  without it (a server that refuses INFO or answers without a run_id fails the connect).
const char *sf_redis_run_id (sf_redis_t *self);

#endif
