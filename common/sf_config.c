/*  sf_config: file plus environment, checked against a schema at start-up.                */
#include "sf_config.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const sf_config_key_t sf_config_common [] = {
    { "db.url", SF_CFG_STRING, NULL, 0, 0, "libpq connection string of the platform database" },
    { "db.schema", SF_CFG_STRING, "", 0, 0, "PostgreSQL schema of the service (default: its name)" },
    { "db.statement_timeout_ms", SF_CFG_INT, "5000", 10, 600000, "statement_timeout per session" },
    { "db.lock_timeout_ms", SF_CFG_INT, "2000", 10, 600000, "lock_timeout per session" },
    { "db.idle_tx_timeout_ms", SF_CFG_INT, "10000", 100, 600000,
      "idle_in_transaction_session_timeout per session" },
    { "db.connect_wait_s", SF_CFG_INT, "60", 0, 86400,
      "at start-up, how long to wait for a database that is not up yet (refused, starting up) before "
      "stopping with status 1; settings it refuses (password, role, database, host) stop at once" },
    { "redis.host", SF_CFG_STRING, "127.0.0.1", 0, 0, "Redis host for event streams" },
    { "redis.port", SF_CFG_INT, "6379", 1, 65535, "Redis port" },
    { "redis.timeout_ms", SF_CFG_INT, "1000", 10, 60000, "Redis connect and command timeout" },
    { "redis.user", SF_CFG_STRING, "", 0, 0,
      "Redis ACL user every connection logs in as (AUTH at each connect); empty: no AUTH" },
    { "redis.password_file", SF_CFG_STRING, "", 0, 0,
      "file whose first line is the password of redis.user (mode 0600)" },
    { "redis.sentinels", SF_CFG_STRING, "", 0, 0,
      "Redis Sentinels, host:port,host:port,...: every connection asks them for the master of "
      "redis.master_name and follows it after a failover (redis.host and redis.port are not used then); empty: none" },
    { "redis.master_name", SF_CFG_STRING, "sf-events", 0, 0, "name the Sentinels watch the master under" },
    { "redis.stream_prefix", SF_CFG_STRING, "sf", 0, 0,
      "first part of every stream name, <prefix>:events:<topic>; the same on every daemon" },
    { "rpc.endpoint", SF_CFG_STRING, NULL, 0, 0, "ZeroMQ endpoint the daemon binds, e.g. tcp://127.0.0.1:7101" },
    { "rpc.secret_key_file", SF_CFG_STRING, "", 0, 0,
      "the daemon's CURVE key pair (zcert secret file, mode 0600), for its socket and its calls; "
      "empty: no authentication (development only)" },
    { "rpc.clients_dir", SF_CFG_STRING, "", 0, 0,
      "folder of the public keys the daemon accepts (removing a file revokes that key at once)" },
    { "rpc.keys_dir", SF_CFG_STRING, "", 0, 0,
      "folder of the daemons' public keys, <keys_dir>/<daemon>.key, for the daemon's own calls" },
    { "rpc.max_message_bytes", SF_CFG_INT, "1048576", 1024, 268435456,
      "largest request answered; larger ones get too_large" },
    { "rpc.max_text_bytes", SF_CFG_INT, "16384", 64, 1048576,
      "largest string field of a request body; longer ones get invalid_argument naming the field" },
    { "rpc.max_reply_bytes", SF_CFG_INT, "4194304", 1024, 268435456,
      "largest reply sent; a larger one gets too_large (lists are paged: ask for a smaller page)" },
    { "rpc.peer_in_flight_max", SF_CFG_INT, "64", 1, 100000,
      "requests one client may have queued or running; more get unavailable with a retry hint" },
    { "rpc.workers", SF_CFG_INT, "4", 1, 64, "database sessions running commands side by side" },
    { "rpc.write_groups", SF_CFG_INT, "2", 1, 64,
      "workers that may run a group of writes at once while more writes are in flight than workers (the others "
      "take reads and writes that run alone; no cap with fewer writes in flight, or when rpc.batch_max is 1)" },
    { "rpc.read_slots", SF_CFG_INT, "0", 0, 64,
      "workers that may run reads at once, lookups of one object by key aside (0: as many as this host has "
      "CPUs); more reads wait their turn, the other workers still take writes" },
    { "rpc.gather", SF_CFG_INT, "1", 0, 1,
      "1: the commands of a group send their statements together, one round trip for all (a handler whose "
      "statements need two rounds runs its groups one command after the other); 0: always one after the other" },
    { "rpc.batch_max", SF_CFG_INT, "64", 1, 64,
      "commands committed together in one transaction (at most 64: PostgreSQL caches 64 subtransactions)" },
    { "retention.idempotency_hours", SF_CFG_INT, "168", 1, 87600,
      "how long a command's reply is kept for retries with its idempotency key" },
    { "retention.inbox_days", SF_CFG_INT, "30", 1, 3650, "how long applied event ids are kept to drop duplicates" },
    { "retention.stream_days", SF_CFG_INT, "7", 1, 3650,
      "how long events stay in the Redis streams; must be shorter than retention.inbox_days" },
    { "retention.outbox_days", SF_CFG_INT, "7", 1, 3650,
      "how long published events stay in the outbox; at least retention.stream_days" },
    //  Source: 企业安全生产标准化建设定级办法 (应急〔2021〕83号): a grading stands three years and
    //  the next review looks back over them; no national rule names a shorter term for these
    //  records. An enterprise whose regulator asks longer sets more.
    { "retention.audit_days", SF_CFG_INT, "1095", 365, 36500,
      "how long the audit trail (who did what to which object, when) is kept; three years by default, "
      "the term of a safety standardisation grading (应急〔2021〕83号)" },
    { "redis.stream_maxlen", SF_CFG_INT, "1000000", 5000, 1000000000,
      "length cap of every event stream (XADD MAXLEN ~): keep it far above the worst consumer lag" },
    { "consumer.cap_warn_percent", SF_CFG_INT, "80", 11, 99,
      "a consumer whose lag or oldest unapplied event passes this share of a stream cap raises a warning" },
    { "log.format", SF_CFG_STRING, "human", 0, 0, "human or json" },
    { "log.level", SF_CFG_STRING, "info", 0, 0, "debug, info, warn or error" },
    { "org.directory_endpoint", SF_CFG_STRING, "", 0, 0,
      "services with a copy of the org: the directory to read it from at start-up (empty: the stream only)" },
    { "consumer.claim_idle_ms", SF_CFG_INT, "30000", 100, 3600000,
      "an event left unapplied (its handler failed, or its consumer died) is tried again after this long" },
    { "test.settable_clock", SF_CFG_INT, "0", 0, 1,
      "1: answer sf.SetClock, so black-box tests can move business time (never in production)" },
    { "test.clock_ms", SF_CFG_INT, "0", 0, 32503680000000,
      "with test.settable_clock 1: the business clock starts frozen at this Unix time in ms (0: real time)" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

typedef struct {
    const sf_config_key_t *spec;
    char *value;
    char *origin;
} s_setting_t;

struct _sf_config_t {
    s_setting_t *settings;
    size_t count;
};

static char *
s_printf (const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    char *text = NULL;
    if (vasprintf (&text, fmt, args) < 0)
        text = NULL;
    va_end (args);
    return text;
}

static s_setting_t *
s_find (sf_config_t *self, const char *key, size_t key_len)
{
    for (size_t i = 0; i < self->count; i++)
        if (strlen (self->settings [i].spec->key) == key_len
        &&  memcmp (self->settings [i].spec->key, key, key_len) == 0)
            return &self->settings [i];
    return NULL;
}

static void
s_set (s_setting_t *setting, const char *value, size_t value_len, char *origin)
{
    free (setting->value);
    free (setting->origin);
    setting->value = strndup (value, value_len);
    setting->origin = origin;
}

static char *
s_trim (char *start, char **end)
{
    while (start < *end && isspace ((unsigned char) *start))
        start++;
    while (*end > start && isspace ((unsigned char) (*end) [-1]))
        (*end)--;
    return start;
}

static int
s_read_file (sf_config_t *self, const char *path, char **error)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        *error = s_printf ("config file %s: %s", path, strerror (errno));
        return -1;
    }
    char *line = NULL;
    size_t capacity = 0;
    int number = 0;
    int rc = 0;
    while (rc == 0 && getline (&line, &capacity, file) >= 0) {
        number++;
        char *end = line + strlen (line);
        char *start = s_trim (line, &end);
        if (start == end || *start == '#')
            continue;
        char *equals = memchr (start, '=', (size_t) (end - start));
        if (!equals) {
            *error = s_printf ("%s:%d: expected 'key = value'", path, number);
            rc = -1;
            break;
        }
        char *key_end = equals;
        char *key = s_trim (start, &key_end);
        char *value_end = end;
        char *value = s_trim (equals + 1, &value_end);
        s_setting_t *setting = s_find (self, key, (size_t) (key_end - key));
        if (!setting) {
            *error = s_printf ("%s:%d: unknown setting '%.*s'", path, number, (int) (key_end - key), key);
            rc = -1;
            break;
        }
        s_set (setting, value, (size_t) (value_end - value), s_printf ("file:%s:%d", path, number));
    }
    if (rc == 0 && ferror (file)) {
        *error = s_printf ("config file %s: %s", path, strerror (errno));
        rc = -1;
    }
    free (line);
    fclose (file);
    return rc;
}

static void
s_read_environment (sf_config_t *self)
{
    for (size_t i = 0; i < self->count; i++) {
        char name [128] = "SF_";
        size_t n = 3;
        for (const char *k = self->settings [i].spec->key; *k && n < sizeof name - 1; k++)
            name [n++] = *k == '.'? '_': (char) toupper ((unsigned char) *k);
        name [n] = 0;
        const char *value = getenv (name);
        if (value)
            s_set (&self->settings [i], value, strlen (value), s_printf ("env:%s", name));
    }
}

static int
s_validate (sf_config_t *self, char **error)
{
    for (size_t i = 0; i < self->count; i++) {
        s_setting_t *setting = &self->settings [i];
        const sf_config_key_t *spec = setting->spec;
        if (!setting->value || (!spec->default_value && !*setting->value)) {
            *error = s_printf ("missing required setting '%s' (%s); set it in the config file "
                               "or the environment", spec->key, spec->help);
            return -1;
        }
        if (spec->type == SF_CFG_INT) {
            char *end = NULL;
            errno = 0;
            long long number = strtoll (setting->value, &end, 10);
            if (errno || end == setting->value || *end || number < spec->min || number > spec->max) {
                *error = s_printf ("setting '%s' = '%s' (%s) must be an integer from %lld to %lld",
                                   spec->key, setting->value, setting->origin,
                                   (long long) spec->min, (long long) spec->max);
                return -1;
            }
        }
    }
    return 0;
}

sf_config_t *
sf_config_load (const sf_config_key_t *const *schemas, const char *path, char **error)
{
    *error = NULL;
    sf_config_t *self = calloc (1, sizeof *self);
    assert (self);
    for (const sf_config_key_t *const *schema = schemas; *schema; schema++)
        for (const sf_config_key_t *spec = *schema; spec->key; spec++)
            self->count++;
    self->settings = calloc (self->count? self->count: 1, sizeof *self->settings);
    assert (self->settings);
    size_t i = 0;
    for (const sf_config_key_t *const *schema = schemas; *schema; schema++)
        for (const sf_config_key_t *spec = *schema; spec->key; spec++) {
            self->settings [i].spec = spec;
            if (spec->default_value)
                s_set (&self->settings [i], spec->default_value, strlen (spec->default_value),
                       strdup ("default"));
            i++;
        }
    int rc = path? s_read_file (self, path, error): 0;
    if (rc == 0) {
        s_read_environment (self);
        rc = s_validate (self, error);
    }
    if (rc) {
        sf_config_destroy (&self);
        return NULL;
    }
    return self;
}

void
sf_config_destroy (sf_config_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_config_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++) {
        free (self->settings [i].value);
        free (self->settings [i].origin);
    }
    free (self->settings);
    free (self);
    *self_p = NULL;
}

const char *
sf_config_str (sf_config_t *self, const char *key)
{
    s_setting_t *setting = s_find (self, key, strlen (key));
    assert (setting);
    return setting->value;
}

int64_t
sf_config_int (sf_config_t *self, const char *key)
{
    s_setting_t *setting = s_find (self, key, strlen (key));
    assert (setting && setting->spec->type == SF_CFG_INT);
    return strtoll (setting->value, NULL, 10);
}

const char *
sf_config_origin (sf_config_t *self, const char *key)
{
    s_setting_t *setting = s_find (self, key, strlen (key));
    assert (setting);
    return setting->origin;
}
