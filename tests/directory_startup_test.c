/*  The daemon skeleton (sf_service) as an operator meets it: --help and --version, and every
    bad setting a clear start-up error naming the key and where it came from, exit status 2;
    asked to stop while still waiting for its database, it exits cleanly.                  */
#include "directory_testlib.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

    //  Stopped while waiting for a database that is not there: a clean exit.
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
    kill (pid, SIGTERM);
    int status;
    SF_CHECK (waitpid (pid, &status, 0) == pid);
    SF_CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    return 0;
}
