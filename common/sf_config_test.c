/*  sf_config_test: file, environment and defaults against declared schemas, and every
    start-up error a person must be able to act on (the message names the key and where).  */
#include "sf_config.h"
#include "sf_testkit.h"

#include <ctype.h>
#include <string.h>
#include <unistd.h>

static const sf_config_key_t s_schema_a [] = {
    { "cfgt.name", SF_CFG_STRING, "alpha", 0, 0, "a name with a default" },
    { "cfgt.url", SF_CFG_STRING, NULL, 0, 0, "a required string" },
    { "cfgt.port", SF_CFG_INT, "7000", 1, 65535, "a bounded integer" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

static const sf_config_key_t s_schema_b [] = {
    { "cfgt.batch", SF_CFG_INT, "64", -10, 4096, "an integer that may be negative" },
    { "cfgt.mode", SF_CFG_STRING, "fast", 0, 0, "a second schema's string" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

static const sf_config_key_t *const s_one [] = { s_schema_a, NULL };
static const sf_config_key_t *const s_two [] = { s_schema_a, s_schema_b, NULL };

//  The environment name sf_config derives from a key: SF_ + upper case, dots as underscores.
static void
s_env_name (const char *key, char *name, size_t size)
{
    size_t n = (size_t) snprintf (name, size, "SF_");
    for (const char *k = key; *k && n < size - 1; k++)
        name [n++] = *k == '.'? '_': (char) toupper ((unsigned char) *k);
    name [n] = 0;
}

//  Clears every variable a schema listens to, so the caller's environment cannot leak in.
static void
s_clear_env (const sf_config_key_t *schema)
{
    for (const sf_config_key_t *spec = schema; spec->key; spec++) {
        char name [128];
        s_env_name (spec->key, name, sizeof name);
        unsetenv (name);
    }
}

static void
s_clear_all (void)
{
    s_clear_env (s_schema_a);
    s_clear_env (s_schema_b);
    s_clear_env (sf_config_common);
}

//  Writes text to a fresh temporary file; returns its path (caller unlinks and frees).
static char *
s_write (const char *text)
{
    const char *dir = getenv ("SF_STATE_DIR")? getenv ("SF_STATE_DIR"): "/tmp";
    char *path = NULL;
    SF_CHECK (asprintf (&path, "%s/sf_config_test_XXXXXX", dir) > 0);
    int fd = mkstemp (path);
    SF_CHECK (fd >= 0);
    size_t size = strlen (text);
    SF_CHECK (write (fd, text, size) == (ssize_t) size);
    close (fd);
    return path;
}

static void
s_remove (char **path_p)
{
    unlink (*path_p);
    free (*path_p);
    *path_p = NULL;
}

//  Loads text as a config file and expects failure; returns the error (caller frees).
static char *
s_load_fails (const sf_config_key_t *const *schemas, const char *text, char **path_p)
{
    *path_p = s_write (text);
    char *error = (char *) "untouched";
    sf_config_t *config = sf_config_load (schemas, *path_p, &error);
    SF_CHECK (config == NULL);
    SF_CHECK (error && *error && strcmp (error, "untouched") != 0);
    return error;
}

static void
test_defaults_and_environment_only (void)
{
    s_clear_all ();
    setenv ("SF_CFGT_URL", "host=db port=5432", 1);
    char *error = (char *) "untouched";
    sf_config_t *config = sf_config_load (s_one, NULL, &error);
    SF_CHECK (config);
    SF_CHECK (error == NULL);
    SF_CHECK_STR (sf_config_str (config, "cfgt.name"), "alpha");
    SF_CHECK_STR (sf_config_origin (config, "cfgt.name"), "default");
    SF_CHECK_STR (sf_config_str (config, "cfgt.url"), "host=db port=5432");
    SF_CHECK_STR (sf_config_origin (config, "cfgt.url"), "env:SF_CFGT_URL");
    SF_CHECK (sf_config_int (config, "cfgt.port") == 7000);
    SF_CHECK_STR (sf_config_str (config, "cfgt.port"), "7000");
    SF_CHECK_STR (sf_config_origin (config, "cfgt.port"), "default");
    sf_config_destroy (&config);
    SF_CHECK (config == NULL);
    sf_config_destroy (&config);
    sf_config_destroy (NULL);
    s_clear_all ();
}

static void
test_environment_wins_over_file (void)
{
    s_clear_all ();
    char *path = s_write ("# service settings\n"
                          "\n"
                          "cfgt.name = beta\n"
                          "cfgt.url = from-file\n"
                          "cfgt.port = 8000\n");
    setenv ("SF_CFGT_PORT", "9000", 1);
    setenv ("SF_CFGT_URL", "from-env", 1);
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_one, path, &error);
    SF_CHECK (config && !error);
    char expected [600];
    SF_CHECK_STR (sf_config_str (config, "cfgt.name"), "beta");
    snprintf (expected, sizeof expected, "file:%s:3", path);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.name"), expected);
    SF_CHECK_STR (sf_config_str (config, "cfgt.url"), "from-env");
    SF_CHECK_STR (sf_config_origin (config, "cfgt.url"), "env:SF_CFGT_URL");
    SF_CHECK (sf_config_int (config, "cfgt.port") == 9000);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.port"), "env:SF_CFGT_PORT");
    sf_config_destroy (&config);

    //  Without the environment the file's values stand, with the file's line numbers.
    unsetenv ("SF_CFGT_PORT");
    unsetenv ("SF_CFGT_URL");
    config = sf_config_load (s_one, path, &error);
    SF_CHECK (config && !error);
    SF_CHECK (sf_config_int (config, "cfgt.port") == 8000);
    snprintf (expected, sizeof expected, "file:%s:5", path);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.port"), expected);
    SF_CHECK_STR (sf_config_str (config, "cfgt.url"), "from-file");
    sf_config_destroy (&config);
    s_remove (&path);
    s_clear_all ();
}

static void
test_comments_blank_lines_and_whitespace (void)
{
    s_clear_all ();
    char *path = s_write ("   # an indented comment\n"
                          "#cfgt.port = 1\n"
                          "\t\n"
                          "\n"
                          "  \t cfgt.name \t=\t  spaced value  \r\n"
                          "cfgt.url=host=127.0.0.1 port=5432 dbname=x\n"
                          "cfgt.mode =\n"
                          "cfgt.batch= -7 \n"
                          "cfgt.port = 1\n"
                          "cfgt.port = 65535");             //  no final newline; last one wins
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_two, path, &error);
    SF_CHECK (config && !error);
    SF_CHECK_STR (sf_config_str (config, "cfgt.name"), "spaced value");
    SF_CHECK_STR (sf_config_str (config, "cfgt.url"), "host=127.0.0.1 port=5432 dbname=x");
    SF_CHECK_STR (sf_config_str (config, "cfgt.mode"), "");
    SF_CHECK (sf_config_int (config, "cfgt.batch") == -7);
    SF_CHECK (sf_config_int (config, "cfgt.port") == 65535);
    char expected [600];
    snprintf (expected, sizeof expected, "file:%s:10", path);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.port"), expected);
    snprintf (expected, sizeof expected, "file:%s:5", path);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.name"), expected);
    sf_config_destroy (&config);
    s_remove (&path);

    //  A file of comments only changes nothing.
    path = s_write ("# nothing\n\n   \n# at all\n");
    setenv ("SF_CFGT_URL", "u", 1);
    config = sf_config_load (s_one, path, &error);
    SF_CHECK (config && !error);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.name"), "default");
    sf_config_destroy (&config);
    s_remove (&path);
    s_clear_all ();
}

static void
test_unknown_key_names_file_and_line (void)
{
    s_clear_all ();
    setenv ("SF_CFGT_URL", "u", 1);
    char *path = NULL;
    char *error = s_load_fails (s_one, "cfgt.name = x\n# comment\n\ncfgt.nope = 1\ncfgt.port = 1\n", &path);
    char expected [600];
    snprintf (expected, sizeof expected, "%s:4:", path);
    SF_CHECK (strstr (error, expected));
    SF_CHECK (strstr (error, "cfgt.nope"));
    free (error);
    s_remove (&path);

    //  A key of the second schema is unknown when only the first is loaded.
    error = s_load_fails (s_one, "cfgt.batch = 5\n", &path);
    snprintf (expected, sizeof expected, "%s:1:", path);
    SF_CHECK (strstr (error, expected) && strstr (error, "cfgt.batch"));
    free (error);
    s_remove (&path);

    //  A prefix of a declared key is not that key.
    error = s_load_fails (s_one, "cfgt = 5\n", &path);
    SF_CHECK (strstr (error, "'cfgt'"));
    free (error);
    s_remove (&path);

    //  An empty key.
    error = s_load_fails (s_one, "\n = 5\n", &path);
    snprintf (expected, sizeof expected, "%s:2:", path);
    SF_CHECK (strstr (error, expected));
    free (error);
    s_remove (&path);
    s_clear_all ();
}

static void
test_missing_required_names_key (void)
{
    s_clear_all ();
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_one, NULL, &error);
    SF_CHECK (config == NULL);
    SF_CHECK (error && strstr (error, "'cfgt.url'"));
    free (error);

    //  A file that sets everything else is not enough either.
    char *path = NULL;
    error = s_load_fails (s_two, "cfgt.name = n\ncfgt.port = 10\n", &path);
    SF_CHECK (strstr (error, "cfgt.url"));
    free (error);
    s_remove (&path);

    //  The common schema requires db.url and rpc.endpoint.
    const sf_config_key_t *const common [] = { sf_config_common, NULL };
    setenv ("SF_RPC_ENDPOINT", "tcp://127.0.0.1:1", 1);
    config = sf_config_load (common, NULL, &error);
    SF_CHECK (config == NULL && error && strstr (error, "db.url"));
    free (error);
    unsetenv ("SF_RPC_ENDPOINT");
    setenv ("SF_DB_URL", "host=x", 1);
    config = sf_config_load (common, NULL, &error);
    SF_CHECK (config == NULL && error && strstr (error, "rpc.endpoint"));
    free (error);
    s_clear_all ();
}

//  Every bad value must be refused with the key, the value and where it came from.
static void
test_bad_integers (void)
{
    s_clear_all ();
    setenv ("SF_CFGT_URL", "u", 1);
    const char *bad_in_file [] = {
        "12ab", "0", "65536", "-1", "", "1.5", "0x10", "99999999999999999999", "7 000", NULL
    };
    for (const char **value = bad_in_file; *value; value++) {
        char text [128];
        snprintf (text, sizeof text, "cfgt.name = n\ncfgt.port = %s\n", *value);
        char *path = NULL;
        char *error = s_load_fails (s_one, text, &path);
        char expected [600];
        snprintf (expected, sizeof expected, "file:%s:2", path);
        SF_CHECK (strstr (error, "cfgt.port"));
        SF_CHECK (strstr (error, expected));
        snprintf (expected, sizeof expected, "'%s'", *value);
        SF_CHECK (strstr (error, expected));
        SF_CHECK (strstr (error, "1 to 65535"));
        free (error);
        s_remove (&path);
    }
    const char *bad_in_env [] = { "abc", "70000", "", "5x", "-99999999999999999999", NULL };
    for (const char **value = bad_in_env; *value; value++) {
        setenv ("SF_CFGT_PORT", *value, 1);
        char *error = NULL;
        sf_config_t *config = sf_config_load (s_one, NULL, &error);
        SF_CHECK (config == NULL);
        SF_CHECK (error && strstr (error, "cfgt.port") && strstr (error, "env:SF_CFGT_PORT"));
        free (error);
    }
    //  A bad value in the file is no error when the environment overrides it.
    setenv ("SF_CFGT_PORT", "1", 1);
    char *path = s_write ("cfgt.port = not-a-number\n");
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_one, path, &error);
    SF_CHECK (config && !error);
    SF_CHECK (sf_config_int (config, "cfgt.port") == 1);
    sf_config_destroy (&config);
    s_remove (&path);

    //  Bounds are inclusive, negative bounds work.
    unsetenv ("SF_CFGT_PORT");
    setenv ("SF_CFGT_BATCH", "-10", 1);
    config = sf_config_load (s_two, NULL, &error);
    SF_CHECK (config && sf_config_int (config, "cfgt.batch") == -10);
    sf_config_destroy (&config);
    setenv ("SF_CFGT_BATCH", "-11", 1);
    config = sf_config_load (s_two, NULL, &error);
    SF_CHECK (!config && error && strstr (error, "cfgt.batch") && strstr (error, "-10 to 4096"));
    free (error);
    s_clear_all ();
}

static void
test_malformed_line (void)
{
    s_clear_all ();
    setenv ("SF_CFGT_URL", "u", 1);
    char *path = NULL;
    char *error = s_load_fails (s_one, "cfgt.name = ok\njust some words\ncfgt.port = 1\n", &path);
    char expected [600];
    snprintf (expected, sizeof expected, "%s:2:", path);
    SF_CHECK (strstr (error, expected));
    SF_CHECK (strstr (error, "key = value"));
    free (error);
    s_remove (&path);
    s_clear_all ();
}

static void
test_missing_file (void)
{
    s_clear_all ();
    setenv ("SF_CFGT_URL", "u", 1);
    char *path = sf_test_unique ("/nonexistent/sf_config_test");
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_one, path, &error);
    SF_CHECK (config == NULL);
    SF_CHECK (error && strstr (error, path) && strstr (error, "No such file"));
    free (error);
    free (path);
    s_clear_all ();
}

//  A path that opens but cannot be read (here a directory) is an error, not an empty file.
static void
test_unreadable_file (void)
{
    s_clear_all ();
    setenv ("SF_CFGT_URL", "u", 1);
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_one, "/", &error);
    if (config)
        fprintf (stderr, "the directory / was loaded as an empty config file\n");
    SF_CHECK (config == NULL);
    SF_CHECK (error && strstr (error, "/") && strstr (error, "directory"));
    free (error);
    sf_config_destroy (&config);
    s_clear_all ();
}

static void
test_two_schemas (void)
{
    s_clear_all ();
    char *path = s_write ("cfgt.url = u\ncfgt.mode = careful\ncfgt.name = n\n");
    setenv ("SF_CFGT_BATCH", "128", 1);
    char *error = NULL;
    sf_config_t *config = sf_config_load (s_two, path, &error);
    SF_CHECK (config && !error);
    SF_CHECK_STR (sf_config_str (config, "cfgt.mode"), "careful");
    SF_CHECK (sf_config_int (config, "cfgt.batch") == 128);
    SF_CHECK_STR (sf_config_origin (config, "cfgt.batch"), "env:SF_CFGT_BATCH");
    SF_CHECK (sf_config_int (config, "cfgt.port") == 7000);
    SF_CHECK_STR (sf_config_str (config, "cfgt.name"), "n");
    sf_config_destroy (&config);
    s_remove (&path);

    //  The daemon's usual pair: the common schema and its own.
    setenv ("SF_DB_URL", "host=127.0.0.1", 1);
    setenv ("SF_RPC_ENDPOINT", "tcp://127.0.0.1:7101", 1);
    setenv ("SF_LOG_LEVEL", "debug", 1);
    const sf_config_key_t *const daemon [] = { sf_config_common, s_schema_b, NULL };
    path = s_write ("db.statement_timeout_ms = 250\nredis.port = 6380\ncfgt.mode = m\n");
    config = sf_config_load (daemon, path, &error);
    SF_CHECK (config && !error);
    SF_CHECK_STR (sf_config_str (config, "db.url"), "host=127.0.0.1");
    SF_CHECK (sf_config_int (config, "db.statement_timeout_ms") == 250);
    SF_CHECK (sf_config_int (config, "db.lock_timeout_ms") == 2000);
    SF_CHECK (sf_config_int (config, "redis.port") == 6380);
    SF_CHECK_STR (sf_config_str (config, "log.level"), "debug");
    SF_CHECK_STR (sf_config_origin (config, "log.level"), "env:SF_LOG_LEVEL");
    SF_CHECK_STR (sf_config_str (config, "log.format"), "human");
    SF_CHECK_STR (sf_config_str (config, "cfgt.mode"), "m");
    sf_config_destroy (&config);
    s_remove (&path);

    //  Every default of the common schema passes its own bounds.
    for (const sf_config_key_t *spec = sf_config_common; spec->key; spec++) {
        SF_CHECK (spec->help && *spec->help);
        if (spec->type == SF_CFG_INT) {
            SF_CHECK (spec->default_value);
            long long value = atoll (spec->default_value);
            SF_CHECK (value >= spec->min && value <= spec->max);
        }
    }

    //  No schema at all is a valid, empty configuration.
    const sf_config_key_t *const none [] = { NULL };
    config = sf_config_load (none, NULL, &error);
    SF_CHECK (config && !error);
    sf_config_destroy (&config);
    s_clear_all ();
}

int
main (void)
{
    test_defaults_and_environment_only ();
    test_environment_wins_over_file ();
    test_comments_blank_lines_and_whitespace ();
    test_unknown_key_names_file_and_line ();
    test_missing_required_names_key ();
    test_bad_integers ();
    test_malformed_line ();
    test_missing_file ();
    test_two_schemas ();
    test_unreadable_file ();
    printf ("sf_config_test: OK\n");
    return 0;
}
