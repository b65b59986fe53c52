/*  sf_testkit_ha_redis: a Redis layout with Sentinels of a test's own (sf_testkit.h).      */
#include "sf_testkit.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *s_dir;
static int s_base;
//  The handlers there were before ours (the test kit's, for its private Redis; the test's):
//  called after the layout is gone.
static void (*s_previous [NSIG]) (int);

void
sf_test_ha_redis_stop (void)
{
    if (!s_dir)
        return;
    sf_test_sh ("bash -c 'set -euo pipefail; source \"%s/lib_ha_redis.sh\" && sf_ha_redis_stop \"%s\"' >/dev/null 2>&1; rm -rf '%s'",
                sf_test_env ("SF_DEPLOY_DIR"), s_dir, s_dir);
    free (s_dir);
    s_dir = NULL;
}

static void
s_on_fatal (int signal_number)
{
    sf_test_ha_redis_stop ();
    void (*previous) (int) = s_previous [signal_number];
    if (previous != SIG_DFL && previous != SIG_IGN && previous != SIG_ERR) {
        previous (signal_number);
        return;
    }
    signal (signal_number, SIG_DFL);
    raise (signal_number);
}

char *
sf_test_ha_redis_start (void)
{
    char *name = sf_test_unique ("ha_redis");
    SF_CHECK (asprintf (&s_dir, "%s/%s", sf_test_env ("SF_STATE_DIR"), name) > 0);
    free (name);
    const int signals [] = { SIGABRT, SIGTERM, SIGINT };
    for (size_t i = 0; i < sizeof signals / sizeof signals [0]; i++)
        s_previous [signals [i]] = signal (signals [i], s_on_fatal);
    atexit (sf_test_ha_redis_stop);
    //  A base whose ten ports are all free; another process may take one meanwhile: try again.
    for (int attempt = 0; attempt < 5 && !s_base; attempt++) {
        int base = sf_test_free_port ();
        if (base > 31990)
            continue;
        if (sf_test_sh ("bash -c 'set -euo pipefail; source \"%s/lib_ha_redis.sh\" && sf_ha_redis_start \"%s\" %d' >'%s.log' 2>&1",
                        sf_test_env ("SF_DEPLOY_DIR"), s_dir, base, s_dir) == 0)
            s_base = base;
        else
            sf_test_sh ("cat '%s.log' >&2", s_dir);
    }
    SF_CHECK (s_base);
    char *list = NULL;
    SF_CHECK (asprintf (&list, "127.0.0.1:%d,127.0.0.1:%d,127.0.0.1:%d", s_base + 2, s_base + 3, s_base + 4) > 0);
    return list;
}

const char *
sf_test_ha_redis_dir (void)
{
    return s_dir;
}

int
sf_test_ha_redis_base (void)
{
    return s_base;
}

int
sf_test_ha_redis_master (int *pid)
{
    char command [1024];
    snprintf (command, sizeof command, "bash -c 'set -euo pipefail; source \"%s/lib_ha_redis.sh\" && sf_ha_redis_master \"%s\"' 2>/dev/null",
              sf_test_env ("SF_DEPLOY_DIR"), s_dir);
    FILE *out = popen (command, "r");
    SF_CHECK (out);
    char line [256] = "";
    char *read = fgets (line, sizeof line, out);
    pclose (out);
    int port = 0, master_pid = 0;
    if (!read || sscanf (line, "127.0.0.1:%d %d", &port, &master_pid) != 2)
        return 0;
    if (pid)
        *pid = master_pid;
    return port;
}
