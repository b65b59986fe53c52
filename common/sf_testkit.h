/*  sf_testkit: what every test needs to talk to the real PostgreSQL and Redis that
    ./deploy/test started (SF_DB_URL, SF_REDIS_HOST, SF_REDIS_PORT, SF_STATE_DIR).           */
#ifndef SF_TESTKIT_H_INCLUDED
#define SF_TESTKIT_H_INCLUDED

#include "sf_db.h"
#include "sf_rpc_client.h"

#include <hiredis/hiredis.h>

#include <stdbool.h>

#include <stdio.h>
#include <stdlib.h>

#define SF_CHECK(cond) \
    do { if (!(cond)) { \
        fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); } } while (0)

#define SF_CHECK_STR(a, b) \
    do { const char *sf_a_ = (a), *sf_b_ = (b); \
        if (!sf_a_ || !sf_b_ || strcmp (sf_a_, sf_b_) != 0) { \
        fprintf (stderr, "%s:%d: '%s' != '%s' (%s vs %s)\n", __FILE__, __LINE__, \
                 sf_a_? sf_a_: "(null)", sf_b_? sf_b_: "(null)", #a, #b); \
        abort (); } } while (0)

//  An environment variable ./deploy/test sets; exits with a clear message when missing.
const char *sf_test_env (const char *name);

//  A unique lower-case name for this run: prefix_<pid>_<n>.
char *sf_test_unique (const char *prefix);

//  A connection whose search_path is a fresh, empty schema (dropped first if it exists).
sf_db_t *sf_test_db (const char *schema);

//  Another session on an existing schema (another instance of a daemon, say); connected.
sf_db_t *sf_test_db_session (const char *schema);

//  Drops schema and everything in it; a test's last step once it passed.
void sf_test_drop_schema (sf_db_t *db, const char *schema);

//  "table.name: definition" lines, in name order, of every CHECK, index predicate and
//  smallint default (enums are stored as smallint) of schema that holds a digit: what a
//  service's schema test compares with the same definitions written from the generated
//  enums, so that SQL and .proto cannot drift. Caller frees.
char *sf_test_numbered_definitions (sf_db_t *db, const char *schema);

//  Whether two messages pack to the same bytes (a reply against the row read back, say).
bool sf_test_same_message (const ProtobufCMessage *a, const ProtobufCMessage *b);

//  Runs sql (one or more statements, no parameters); prints it with the error and fails the
//  test when it fails.
void sf_test_script (sf_db_t *db, const char *sql);

//  The single integer a query answers (param may be NULL for none); fails the test otherwise.
int64_t sf_test_scalar (sf_db_t *db, const char *sql, const char *param);

//  Makes login an account of the org copy in schema (the daemon's) holding each role of
//  roles (comma-separated) on unit; unit "" grants them on every root node the copy holds
//  now. What a directory would have sent, written straight into the copy, so that a test
//  client (the suite's key is a daemon's, which may name the actor) acts as an account whose
//  roles come from grants (sf_rpc_scope.h). Role "service" is no grant: skipped. Adds to the
//  account's grants; never removes one.
void sf_test_account (const char *schema, const char *login, const char *roles, const char *unit);

//  sf_test_account for an account whose employee is not the unit its roles are on.
void sf_test_employee_account (const char *schema, const char *login, const char *employee, const char *roles,
                               const char *unit);

//  Connection options for schema, for code under test that opens its own sessions.
void sf_test_db_options (const char *schema, void *options);

//  A hiredis connection to the suite's Redis (SF_REDIS_HOST, SF_REDIS_PORT), logged in as
//  SF_REDIS_USER with the password in SF_REDIS_PASSWORD_FILE when they are set (deploy/test
//  sets the admin user's; its Redis lets nobody in without). Exits the test on failure.
redisContext *sf_test_redis_connect (void);

//  A free loopback TCP port.
int sf_test_free_port (void);

//  A Redis of the test's own, for tests that stop, crash or empty Redis without disturbing
//  the tests beside them: started through deploy/redis-ctl in a folder under SF_STATE_DIR
//  (mode "aof" or "none"), stopped and removed at exit, on abort, SIGTERM and SIGINT.
//  Returns its port.
int sf_test_private_redis_start (const char *mode);
//  deploy/redis-ctl on the private Redis: "start", "stop", "restart", "kill" with a mode or "".
int sf_test_private_redis_ctl (const char *action, const char *mode);
void sf_test_private_redis_stop (void);

//  Runs a shell command, returns its exit status.
int sf_test_sh (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

//  Sleeps for ms milliseconds.
void sf_test_sleep_ms (int ms);


//  A daemon under test, started from the build tree with its own schema and endpoint.
typedef struct {
    int pid;
    char binary [512];
    char schema [64];
    char endpoint [64];
    char log_path [512];
    char extra_env [512];        //  "KEY=VALUE KEY=VALUE" added to the daemon's environment
    int64_t clock_ms;            //  the business time last set (sf_test_daemon_set_clock); a
                                 //  restart starts frozen there (SF_TEST_CLOCK_MS)
} sf_test_daemon_t;

//  The suite's CURVE keys (sf_keys.h) in SF_KEYS_DIR, which ./deploy/test makes: a daemon
//  under test runs with its own key pair (<name>.key_secret for sf-<name>) and accepts the keys
//  filed in SF_KEYS_DIR/clients; the test itself calls with the key pair in SF_KEY (a trusted
//  front, so it may name any actor). Without SF_KEY everything runs unauthenticated.

//  A client of the daemon, authenticated with the test's key. Caller destroys.
sf_rpc_client_t *sf_test_daemon_client (const sf_test_daemon_t *daemon);
//  Makes socket (a zsock_t, before it connects) a CURVE client, with the test's key, of the
//  daemon the test kit started on endpoint.
void sf_test_curve (void *socket, const char *endpoint);
//  The daemon's name: "directory" for services/directory/sf-directory.
const char *sf_test_daemon_name (const sf_test_daemon_t *daemon);

//  Starts binary (relative to the build dir, e.g. "services/directory/sf-directory") on a
//  free loopback port with schema, and waits until it answers sf.Health. extra_env may be
//  NULL. Exits the test on failure.
void sf_test_daemon_start (sf_test_daemon_t *daemon, const char *binary, const char *schema,
                           const char *extra_env);
//  The same with its business clock frozen at now_ms from the start (SF_TEST_CLOCK_MS; the
//  daemon must run with SF_TEST_SETTABLE_CLOCK=1), as after sf_test_daemon_set_clock.
void sf_test_daemon_start_at (sf_test_daemon_t *daemon, const char *binary, const char *schema,
                              const char *extra_env, int64_t now_ms);
//  Starts it again with the same schema, endpoint and settings.
void sf_test_daemon_restart (sf_test_daemon_t *daemon);
//  Sends signal and reaps the process; its wait status (waitpid's), 0 when none was running.
int sf_test_daemon_stop (sf_test_daemon_t *daemon, int signal);
//  Freezes the daemon's business clock at now_ms (0: real time) with sf.SetClock; the daemon
//  must run with SF_TEST_SETTABLE_CLOCK=1. Fails the test when it is refused.
void sf_test_daemon_set_clock (sf_test_daemon_t *daemon, int64_t now_ms);
//  True when the daemon answers sf.Health within timeout_ms.
bool sf_test_daemon_healthy (sf_test_daemon_t *daemon, int timeout_ms);

//  A Redis layout with Sentinels of the test's own (deploy/lib_ha_redis.sh: a master on the
//  base port, its replica on base+1, three Sentinels on base+2..4, ten free ports in a row),
//  stopped and removed at exit, on abort, SIGTERM and SIGINT (the handler there before runs
//  after). Returns the Sentinels' list "127.0.0.1:p,..." (caller frees). One per test.
char *sf_test_ha_redis_start (void);
void sf_test_ha_redis_stop (void);
//  Its folder (deploy/lib_ha_redis.sh's STATE_DIR) and base port.
const char *sf_test_ha_redis_dir (void);
int sf_test_ha_redis_base (void);
//  The master the Sentinels name now: its port, and its pid in *pid (may be NULL); 0 when
//  none answers.
int sf_test_ha_redis_master (int *pid);

#endif
