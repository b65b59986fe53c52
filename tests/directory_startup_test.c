/*  The daemon skeleton (sf_service) as an operator meets it: --help and --version, and every
    bad setting a clear start-up error naming the key and where it came from, exit status 2;
    a database it cannot use stops it with status 1 and one line saying why (at once when the
    server refuses the settings, after db.connect_wait_s when nothing answers); asked to stop
    while still waiting for its database, it exits cleanly and promptly.

    The test cluster asks for passwords (scram-sha-256), so a role that does not exist is
    refused as a wrong password is (PostgreSQL never says which roles exist); a role that may
    not log in and a database that does not exist are refused once the password is right.     */
#include "directory_testlib.h"
#include "sf_clock.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

//  A refused setting stops the daemon long before db.connect_wait_s (60 s by default).
#define PERMANENT_STOP_MAX_MS 10000
//  A wait of db.connect_wait_s = 2 s ends a connect attempt (2 s) and a step later.
#define CONNECT_WAIT_S 2
#define TRANSIENT_STOP_MAX_MS 9000
//  SIGTERM while waiting: a wait step (100 ms) plus the stop.
#define TERM_STOP_MAX_MS 2000

//  Runs the daemon with the given environment and arguments; returns its exit status and
//  leaves its output in *output (caller frees).
static int
s_run (const char *env, const char *args, char **output)
{
    char *path = sf_test_unique ("startup_out");
    int rc = sf_test_sh ("env -u SF_DB_URL -u SF_RPC_ENDPOINT %s '%s/" DIRECTORY_BINARY "' %s > /tmp/%s 2>&1",
                         env, sf_test_env ("SF_BUILD_DIR"), args, path);
    char file [256];
    snprintf (file, sizeof file, "/tmp/%s", path);
    FILE *stream = fopen (file, "r");
    SF_CHECK (stream);
    *output = calloc (1, 65536);
    size_t got = fread (*output, 1, 65535, stream);
    (void) got;
    fclose (stream);
    unlink (file);
    free (path);
    return rc;
}

static void
s_expect (const char *env, const char *args, int status, const char *needle)
{
    char *output;
    int rc = s_run (env, args, &output);
    if (rc != status || !strstr (output, needle))
        fprintf (stderr, "env %s args %s: status %d, output:\n%s\n", env, args, rc, output);
    SF_CHECK (rc == status && strstr (output, needle));
    free (output);
}

//  The value of key (host, port) in the test's SF_DB_URL ("host=127.0.0.1 port=P ...").
static void
s_db_url_value (const char *key, char *value, size_t size)
{
    const char *url = sf_test_env ("SF_DB_URL");
    char needle [32];
    snprintf (needle, sizeof needle, "%s=", key);
    const char *at = strstr (url, needle);
    SF_CHECK (at);
    at += strlen (needle);
    snprintf (value, size, "%.*s", (int) strcspn (at, " "), at);
}

//  Runs the daemon against db_url, with db.connect_wait_s when wait_s >= 0; checks that it
//  stops with status 1 within max_ms, its output naming the reason and db.url (password
//  masked) in both languages, and nothing of the password.
static void
s_expect_stop (const char *db_url, int wait_s, int min_ms, int max_ms, const char *reason)
{
    char env [600];
    char wait [64] = "";
    if (wait_s >= 0)
        snprintf (wait, sizeof wait, "SF_DB_CONNECT_WAIT_S=%d", wait_s);
    snprintf (env, sizeof env, "SF_DB_URL='%s' SF_RPC_ENDPOINT=tcp://127.0.0.1:1 %s", db_url, wait);
    int64_t started_ms = sf_clock_mono_ms ();
    char *output;
    int rc = s_run (env, "", &output);
    int64_t took_ms = sf_clock_mono_ms () - started_ms;
    if (rc != 1 || took_ms < min_ms || took_ms > max_ms || !strstr (output, reason)
    ||  !strstr (output, "password=***") || strstr (output, "pw_not_shown") || !strstr (output, "db.url："))
        fprintf (stderr, "db.url %s: status %d after %lld ms, output:\n%s\n", db_url, rc, (long long) took_ms, output);
    SF_CHECK (rc == 1);
    SF_CHECK (took_ms >= min_ms && took_ms <= max_ms);
    SF_CHECK (strstr (output, reason));
    SF_CHECK (strstr (output, "password=***") && !strstr (output, "pw_not_shown"));
    SF_CHECK (strstr (output, "db.url："));
    free (output);
}

//  Each wrong database setting against the real test cluster.
static void
s_check_database_settings (void)
{
    char host [64], port [16];
    s_db_url_value ("host", host, sizeof host);
    s_db_url_value ("port", port, sizeof port);
    char *name = sf_test_unique ("startup");
    char url [512];

    //  Nothing listens on that port: waited for, db.connect_wait_s, then stopped.
    snprintf (url, sizeof url, "host=%s port=%d dbname=safety user=safety password=pw_not_shown",
              host, sf_test_free_port ());
    s_expect_stop (url, CONNECT_WAIT_S, CONNECT_WAIT_S * 1000, TRANSIENT_STOP_MAX_MS,
                   "(db.connect_wait_s), stopping: connection refused");

    //  What the server refuses stops the daemon at once, whatever db.connect_wait_s says.
    snprintf (url, sizeof url, "host=%s port=%s dbname=safety user=%s_nobody password=pw_not_shown", host, port, name);
    s_expect_stop (url, -1, 0, PERMANENT_STOP_MAX_MS, "wrong password (password authentication failed)");
    //  A role of the test's own with that password, for the refusals after the password.
    sf_db_t *db = sf_test_db (name);
    char sql [256];
    snprintf (sql, sizeof sql, "DROP ROLE IF EXISTS %s_login; CREATE ROLE %s_login LOGIN PASSWORD 'pw_not_shown'",
              name, name);
    SF_CHECK (sf_db_exec_script (db, sql) == 0);
    snprintf (url, sizeof url, "host=%s port=%s dbname=%s_nodb user=%s_login password=pw_not_shown", host, port, name, name);
    s_expect_stop (url, -1, 0, PERMANENT_STOP_MAX_MS, "the database does not exist");
    snprintf (sql, sizeof sql, "DROP ROLE %s_login", name);
    SF_CHECK (sf_db_exec_script (db, sql) == 0);
    snprintf (url, sizeof url, "host=nosuchhost.invalid port=%s dbname=safety user=safety password=pw_not_shown", port);
    s_expect_stop (url, -1, 0, PERMANENT_STOP_MAX_MS, "unknown host");
    snprintf (url, sizeof url, "host=%s port=%s dbname=safety user=safety password=pw_not_shown hots=x", host, port);
    s_expect_stop (url, -1, 0, PERMANENT_STOP_MAX_MS, "invalid connection option");

    //  A role that exists, with the right password, but may not log in.
    snprintf (sql, sizeof sql, "DROP ROLE IF EXISTS %s_nologin; CREATE ROLE %s_nologin NOLOGIN PASSWORD 'pw_not_shown'",
              name, name);
    SF_CHECK (sf_db_exec_script (db, sql) == 0);
    snprintf (url, sizeof url, "host=%s port=%s dbname=safety user=%s_nologin password=pw_not_shown", host, port, name);
    s_expect_stop (url, -1, 0, PERMANENT_STOP_MAX_MS, "may not log in");
    snprintf (sql, sizeof sql, "DROP ROLE %s_nologin", name);
    SF_CHECK (sf_db_exec_script (db, sql) == 0);
    sf_test_drop_schema (db, name);
    sf_db_destroy (&db);
    free (name);
}

int
main (void)
{
    s_expect ("", "--help", 0, "rpc.batch_max");
    s_expect ("", "--version", 0, "sf-directory ");
    s_expect ("", "--no-such-flag", 2, "Usage");
    s_expect ("", "", 2, "missing required setting 'db.url'");
    s_expect ("SF_DB_URL=x", "", 2, "missing required setting 'rpc.endpoint'");
    s_expect ("SF_DB_URL=x SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_RPC_BATCH_MAX=65", "", 2,
              "'rpc.batch_max' = '65' (env:SF_RPC_BATCH_MAX) must be an integer from 1 to 64");
    s_expect ("SF_DB_URL=x SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_LOG_FORMAT=xml", "", 2, "log.format");
    s_expect ("SF_DB_URL=x SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_DB_SCHEMA=Bad-Name", "", 2, "db.schema");

    //  A settings file with an unknown key names the file and the line.
    char *name = sf_test_unique ("startup_conf");
    char file [256];
    snprintf (file, sizeof file, "/tmp/%s.conf", name);
    FILE *conf = fopen (file, "w");
    SF_CHECK (conf);
    fprintf (conf, "# settings\ndb.url = host=127.0.0.1\nrpc.endpiont = tcp://127.0.0.1:1\n");
    fclose (conf);
    char args [300];
    snprintf (args, sizeof args, "--config %s", file);
    char needle [300];
    snprintf (needle, sizeof needle, "%s:3: unknown setting 'rpc.endpiont'", file);
    s_expect ("", args, 2, needle);
    s_expect ("", "--config /no/such/file.conf", 2, "/no/such/file.conf");
    unlink (file);
    free (name);

    s_check_database_settings ();

    //  Stopped while waiting for a database that is not there: a clean exit, promptly.
    pid_t pid = fork ();
    SF_CHECK (pid >= 0);
    if (pid == 0) {
        setenv ("SF_DB_URL", "host=127.0.0.1 port=1 dbname=safety user=safety", 1);
        setenv ("SF_RPC_ENDPOINT", "tcp://127.0.0.1:1", 1);
        setenv ("SF_LOG_LEVEL", "error", 1);
        char binary [512];
        snprintf (binary, sizeof binary, "%s/" DIRECTORY_BINARY, sf_test_env ("SF_BUILD_DIR"));
        execl (binary, binary, (char *) NULL);
        _exit (127);
    }
    sf_test_sleep_ms (1500);
    int64_t asked_ms = sf_clock_mono_ms ();
    kill (pid, SIGTERM);
    int status;
    SF_CHECK (waitpid (pid, &status, 0) == pid);
    SF_CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    SF_CHECK (sf_clock_mono_ms () - asked_ms < TERM_STOP_MAX_MS);
    return 0;
}
