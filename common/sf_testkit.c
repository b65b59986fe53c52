/*  sf_testkit: shared test helpers. Linked into tests only.                                 */
#include "sf_testkit.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *
sf_test_env (const char *name)
{
    const char *value = getenv (name);
    if (!value || !*value) {
        fprintf (stderr, "%s is not set: run the tests through ./deploy/test, which starts "
                         "PostgreSQL and Redis and sets it\n", name);
        exit (2);
    }
    return value;
}

char *
sf_test_unique (const char *prefix)
{
    static int counter;
    char *name = NULL;
    if (asprintf (&name, "%s_%d_%d", prefix, (int) getpid (), ++counter) < 0)
        abort ();
    return name;
}

void
sf_test_db_options (const char *schema, void *options)
{
    sf_db_options_t *o = (sf_db_options_t *) options;
    memset (o, 0, sizeof *o);
    o->url = sf_test_env ("SF_DB_URL");
    o->schema = schema;
    o->application_name = "sf-test";
}

sf_db_t *
sf_test_db (const char *schema)
{
    sf_db_options_t options;
    sf_test_db_options (schema, &options);
    sf_db_t *db = sf_db_new (&options);
    if (!sf_db_connected (db)) {
        fprintf (stderr, "cannot connect to %s: %s\n", options.url, sf_db_error (db));
        exit (2);
    }
    char script [256];
    snprintf (script, sizeof script, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;", schema, schema);
    SF_CHECK (sf_db_exec_script (db, script) == 0);
    return db;
}

int
sf_test_sh (const char *fmt, ...)
{
    char *command = NULL;
    va_list args;
    va_start (args, fmt);
    if (vasprintf (&command, fmt, args) < 0)
        abort ();
    va_end (args);
    int rc = system (command);
    free (command);
    return rc == -1? -1: WEXITSTATUS (rc);
}

void
sf_test_sleep_ms (int ms)
{
    struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
    nanosleep (&ts, NULL);
}
