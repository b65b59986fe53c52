/*  browser_testlib: a node script of tests/browser/ over pipes (browser_testlib.h).            */
#include "browser_testlib.h"
#include "sf_testkit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void
bt_node_start (bt_node_t *node, const char *script, const char *test, const char *url, const char *password,
               const char *const *env)
{
    memset (node, 0, sizeof *node);
    snprintf (node->test, sizeof node->test, "%s", test);
    const char *source_dir = getenv ("SF_SOURCE_DIR");
    const char *build_dir = getenv ("SF_BUILD_DIR");
    SF_CHECK (source_dir && build_dir);
    char path [1024], shots [1024];
    snprintf (path, sizeof path, "%s/tests/browser/%s.mjs", source_dir, script);
    snprintf (shots, sizeof shots, "%s/browser-shots/%s", build_dir, test);
    sf_test_sh ("rm -rf '%s'", shots);
    int down [2], up [2];
    SF_CHECK (pipe (down) == 0 && pipe (up) == 0);
    node->pid = fork ();
    SF_CHECK (node->pid >= 0);
    if (node->pid == 0) {
        dup2 (down [0], 0);
        dup2 (up [1], 1);
        close (down [0]);
        close (down [1]);
        close (up [0]);
        close (up [1]);
        setenv ("SF_GATEWAY_URL", url, 1);
        setenv ("SF_TEST_PASSWORD", password, 1);
        setenv ("SF_BROWSER_TEST", test, 1);
        for (size_t i = 0; env && env [i]; i++)
            putenv ((char *) env [i]);
        execlp ("node", "node", path, (char *) NULL);
        fprintf (stderr, "%s: cannot run node: %s\n", test, strerror (errno));
        _exit (127);
    }
    close (down [0]);
    close (up [1]);
    node->from = fdopen (up [0], "r");
    node->to = fdopen (down [1], "w");
    SF_CHECK (node->from && node->to);
}

int
bt_node_run (bt_node_t *node, bt_answer_fn *answer)
{
    char line [1024], reply [1024];
    bool done = false, failed = false;
    while (fgets (line, sizeof line, node->from)) {
        line [strcspn (line, "\r\n")] = 0;
        printf ("%s.mjs: %s\n", node->test, line);
        fflush (stdout);
        if (strncmp (line, "fail", 4) == 0 || strcmp (line, "done") == 0) {
            failed = failed || line [0] == 'f';
            done = done || line [0] == 'd';
            //  No more questions: its stdin closed, so that it ends.
            if (node->to) {
                fclose (node->to);
                node->to = NULL;
            }
        }
        else
        if (node->to && answer (line, reply, sizeof reply)) {
            printf ("%s: -> %s\n", node->test, reply);
            fprintf (node->to, "%s\n", reply);
            fflush (node->to);
        }
    }
    fclose (node->from);
    if (node->to)
        fclose (node->to);
    int status = 0;
    SF_CHECK (waitpid (node->pid, &status, 0) == node->pid);
    int code = WIFEXITED (status)? WEXITSTATUS (status): 128 + WTERMSIG (status);
    if (code != 0 || !done || failed)
        fprintf (stderr, "%s.mjs ended with status %d (%s)\n", node->test, code, done? "done": "not done");
    return code == 0 && done && !failed? 0: 1;
}
