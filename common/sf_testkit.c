/*  sf_testkit: shared test helpers. Linked into tests only.                                 */
#include "sf_testkit.h"

#include "sf_keys.h"
#include "sf_rpc_client.h"
#include "envelope.pb-c.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

void
sf_test_drop_schema (sf_db_t *db, const char *schema)
{
    char script [160];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", schema);
    SF_CHECK (sf_db_exec_script (db, script) == 0);
}

char *
sf_test_numbered_definitions (sf_db_t *db, const char *schema)
{
    const char *values [] = { schema };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT coalesce (string_agg (name || ': ' || definition, E'\\n' ORDER BY name COLLATE \"C\"), '') FROM ("
        "  SELECT r.relname || '.' || c.conname AS name, pg_get_constraintdef (c.oid) AS definition"
        "    FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
        "    WHERE r.relnamespace = $1::regnamespace AND c.contype = 'c'"
        "  UNION ALL SELECT r.relname || '.' || i.relname, 'WHERE ' || pg_get_expr (x.indpred, x.indrelid)"
        "    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid"
        "    WHERE r.relnamespace = $1::regnamespace AND x.indpred IS NOT NULL"
        "  UNION ALL SELECT r.relname || '.' || a.attname, 'DEFAULT ' || pg_get_expr (d.adbin, d.adrelid)"
        "    FROM pg_attrdef d JOIN pg_class r ON r.oid = d.adrelid"
        "    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
        "    WHERE r.relnamespace = $1::regnamespace AND a.atttypid = 'smallint'::regtype) numbered"
        " WHERE definition ~ '[0-9]'", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *text = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return text;
}

void
sf_test_script (sf_db_t *db, const char *sql)
{
    int rc = sf_db_exec_script (db, sql);
    if (rc != 0)
        fprintf (stderr, "%s\n%s\n", sql, sf_db_error (db));
    SF_CHECK (rc == 0);
}

bool
sf_test_same_message (const ProtobufCMessage *a, const ProtobufCMessage *b)
{
    size_t size = protobuf_c_message_get_packed_size (a);
    if (size != protobuf_c_message_get_packed_size (b))
        return false;
    uint8_t *x = malloc (size + 1), *y = malloc (size + 1);
    SF_CHECK (x && y);
    protobuf_c_message_pack (a, x);
    protobuf_c_message_pack (b, y);
    bool same = memcmp (x, y, size) == 0;
    free (x);
    free (y);
    return same;
}

int64_t
sf_test_scalar (sf_db_t *db, const char *sql, const char *param)
{
    const char *values [] = { param };
    sf_rows_t *rows = sf_db_query (db, sql, param? 1: 0, values);
    if (!rows)
        fprintf (stderr, "query failed: %s\n", sf_db_error (db));
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t value = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return value;
}

sf_db_t *
sf_test_db_session (const char *schema)
{
    sf_db_options_t options;
    sf_test_db_options (schema, &options);
    sf_db_t *db = sf_db_new (&options);
    SF_CHECK (sf_db_connected (db));
    return db;
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

redisContext *
sf_test_redis_connect (void)
{
    redisContext *redis = redisConnect (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")));
    if (!redis || redis->err) {
        fprintf (stderr, "cannot connect to Redis: %s\n", redis? redis->errstr: "out of memory");
        exit (2);
    }
    const char *user = getenv ("SF_REDIS_USER");
    if (user && *user) {
        char password [512] = "";
        FILE *file = fopen (sf_test_env ("SF_REDIS_PASSWORD_FILE"), "r");
        SF_CHECK (file && fgets (password, sizeof password, file));
        fclose (file);
        password [strcspn (password, "\r\n")] = 0;
        const char *argv [] = { "AUTH", user, password };
        redisReply *reply = (redisReply *) redisCommandArgv (redis, 3, argv, NULL);
        if (!reply || reply->type == REDIS_REPLY_ERROR) {
            fprintf (stderr, "Redis refused %s: %s\n", user, reply? reply->str: redis->errstr);
            exit (2);
        }
        freeReplyObject (reply);
    }
    return redis;
}

//  A port from 20000-31999: below the kernel's ephemeral range (32768-60999), so no
//  outgoing connection can take it between this check and the daemon's bind, and apart
//  from the 10000-19999 the shell tests use.
int
sf_test_free_port (void)
{
    static unsigned seed;
    if (!seed)
        seed = (unsigned) getpid () ^ (unsigned) time (NULL);
    for (int attempt = 0; attempt < 1000; attempt++) {
        int port = 20000 + (int) (rand_r (&seed) % 12000);
        int fd = socket (AF_INET, SOCK_STREAM, 0);
        SF_CHECK (fd >= 0);
        struct sockaddr_in address = {
            .sin_family = AF_INET, .sin_port = htons ((uint16_t) port), .sin_addr.s_addr = htonl (INADDR_LOOPBACK)
        };
        int rc = bind (fd, (struct sockaddr *) &address, sizeof address);
        close (fd);
        if (rc == 0)
            return port;
    }
    SF_CHECK (!"no free port");
    return -1;
}

//  Daemons a test started and has not stopped: killed when the test ends in any way (a failed
//  check aborts, ctest kills on timeout), so none outlives it holding ports and sessions.
#define S_DAEMONS_MAX 64
static pid_t s_daemons [S_DAEMONS_MAX];

static void
s_daemons_kill (void)
{
    for (int index = 0; index < S_DAEMONS_MAX; index++)
        if (s_daemons [index] > 0) {
            kill (s_daemons [index], SIGKILL);
            waitpid (s_daemons [index], NULL, 0);
            s_daemons [index] = 0;
        }
}

static void
s_daemons_forget (pid_t pid)
{
    for (int index = 0; index < S_DAEMONS_MAX; index++)
        if (s_daemons [index] == pid)
            s_daemons [index] = 0;
}

static void s_on_fatal (int signal_number);
static const char *s_wrap_of (const sf_test_daemon_t *daemon);
#define S_WRAPPED_ATTEMPT_MS 15000

static void
s_daemons_remember (pid_t pid)
{
    static bool armed;
    if (!armed) {
        signal (SIGABRT, s_on_fatal);
        signal (SIGTERM, s_on_fatal);
        signal (SIGINT, s_on_fatal);
        atexit (s_daemons_kill);
        armed = true;
    }
    for (int index = 0; index < S_DAEMONS_MAX; index++)
        if (s_daemons [index] == 0) {
            s_daemons [index] = pid;
            return;
        }
    SF_CHECK (!"too many daemons in one test");
}

//  The test's identity for its calls, from SF_KEY and SF_KEYS_DIR, once.
static void
s_keys_init (void)
{
    static bool done;
    if (done)
        return;
    done = true;
    char *zh = NULL, *en = NULL;
    if (sf_keys_set_identity_from_env (&zh, &en)) {
        fprintf (stderr, "%s\n%s\n", zh, en);
        exit (2);
    }
}

const char *
sf_test_daemon_name (const sf_test_daemon_t *daemon)
{
    const char *base = strrchr (daemon->binary, '/');
    base = base? base + 1: daemon->binary;
    return strncmp (base, "sf-", 3) == 0? base + 3: base;
}

sf_rpc_client_t *
sf_test_daemon_client (const sf_test_daemon_t *daemon)
{
    s_keys_init ();
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    SF_CHECK (sf_rpc_client_set_server (client, sf_test_daemon_name (daemon)) == 0);
    //  Under a wrapper (valgrind) a daemon's first pass through a path can take seconds on a
    //  loaded machine: an attempt waits ten times the default.
    if (s_wrap_of (daemon))
        sf_rpc_client_set_retry (client, S_WRAPPED_ATTEMPT_MS, 4);
    return client;
}

//  The daemons started, by endpoint: whose key a raw socket connecting there needs.
#define S_ENDPOINTS_MAX 64
static struct {
    char endpoint [64];
    char name [64];
} s_endpoints [S_ENDPOINTS_MAX];

static void
s_endpoint_remember (const sf_test_daemon_t *daemon)
{
    int free_slot = -1;
    for (int index = 0; index < S_ENDPOINTS_MAX; index++) {
        if (strcmp (s_endpoints [index].endpoint, daemon->endpoint) == 0)
            free_slot = index;
        if (free_slot < 0 && !*s_endpoints [index].endpoint)
            free_slot = index;
    }
    SF_CHECK (free_slot >= 0);
    snprintf (s_endpoints [free_slot].endpoint, sizeof s_endpoints [0].endpoint, "%s", daemon->endpoint);
    snprintf (s_endpoints [free_slot].name, sizeof s_endpoints [0].name, "%.63s", sf_test_daemon_name (daemon));
}

void
sf_test_curve (void *socket, const char *endpoint)
{
    s_keys_init ();
    if (!sf_keys_identity ())
        return;
    const char *name = NULL;
    for (int index = 0; index < S_ENDPOINTS_MAX && !name; index++)
        if (strcmp (s_endpoints [index].endpoint, endpoint) == 0)
            name = s_endpoints [index].name;
    if (!name)
        fprintf (stderr, "no daemon started on %s by this test\n", endpoint);
    SF_CHECK (name);
    char *zh = NULL, *en = NULL;
    char *server = sf_keys_server_public (sf_keys_dir (), name, &zh, &en);
    if (!server)
        fprintf (stderr, "%s\n", en);
    SF_CHECK (server);
    zcert_apply (sf_keys_identity (), (zsock_t *) socket);
    zsock_set_curve_serverkey ((zsock_t *) socket, server);
    free (server);
}

//  The command SF_TEST_WRAP runs daemon under (after its name), or NULL.
static const char *
s_wrap_of (const sf_test_daemon_t *daemon)
{
    const char *wrap = getenv ("SF_TEST_WRAP");
    const char *name = strrchr (daemon->binary, '/');
    name = name? name + 1: daemon->binary;
    size_t length = strlen (name);
    if (wrap && strncmp (wrap, name, length) == 0 && wrap [length] == ' ')
        return wrap + length + 1;
    return NULL;
}

//  Starts the daemon and waits until it answers sf.Health: false when it did not (stopped).
static bool
s_spawn_try (sf_test_daemon_t *daemon)
{
    pid_t pid = fork ();
    SF_CHECK (pid >= 0);
    if (pid == 0) {
        setenv ("SF_DB_SCHEMA", daemon->schema, 1);
        setenv ("SF_RPC_ENDPOINT", daemon->endpoint, 1);
        if (!getenv ("SF_LOG_LEVEL"))
            setenv ("SF_LOG_LEVEL", "info", 1);
        //  Its own key pair from the suite's keys; extra_env may name others.
        const char *keys = getenv ("SF_KEYS_DIR");
        if (keys && *keys && getenv ("SF_KEY")) {
            char path [1024];
            snprintf (path, sizeof path, "%s/%s.key_secret", keys, sf_test_daemon_name (daemon));
            setenv ("SF_RPC_SECRET_KEY_FILE", path, 1);
            snprintf (path, sizeof path, "%s/clients", keys);
            setenv ("SF_RPC_CLIENTS_DIR", path, 1);
            setenv ("SF_RPC_KEYS_DIR", keys, 1);
        }
        char *extra = strdup (daemon->extra_env);
        for (char *save = NULL, *pair = strtok_r (extra, " ", &save); pair; pair = strtok_r (NULL, " ", &save)) {
            char *equals = strchr (pair, '=');
            if (equals) {
                *equals = 0;
                setenv (pair, equals + 1, 1);
            }
        }
        if (daemon->clock_ms > 0) {
            char clock [24];
            snprintf (clock, sizeof clock, "%lld", (long long) daemon->clock_ms);
            setenv ("SF_TEST_CLOCK_MS", clock, 1);
        }
        int fd = open (daemon->log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2 (fd, STDOUT_FILENO);
            dup2 (fd, STDERR_FILENO);
            close (fd);
        }
        //  SF_TEST_WRAP="sf-inspection valgrind --error-exitcode=9" runs that daemon under the
        //  command (its words split on spaces).
        const char *wrap = s_wrap_of (daemon);
        if (wrap) {
            char *words = strdup (wrap);
            char *argv [16];
            int argc = 0;
            for (char *save = NULL, *word = strtok_r (words, " ", &save); word && argc < 14;
                 word = strtok_r (NULL, " ", &save))
                argv [argc++] = word;
            argv [argc++] = daemon->binary;
            argv [argc] = NULL;
            execvp (argv [0], argv);
            _exit (127);
        }
        execl (daemon->binary, daemon->binary, (char *) NULL);
        _exit (127);
    }
    daemon->pid = pid;
    s_daemons_remember (pid);
    if (sf_test_daemon_healthy (daemon, 20000))
        return true;
    sf_test_daemon_stop (daemon, SIGKILL);
    return false;
}

//  Ends the test: the daemon did not come up.
static void
s_spawn_failed (sf_test_daemon_t *daemon)
{
    fprintf (stderr, "daemon %s did not become healthy; log %s:\n", daemon->binary, daemon->log_path);
    sf_test_sh ("tail -n 30 '%s' >&2", daemon->log_path);
    exit (1);
}

static void
s_spawn (sf_test_daemon_t *daemon)
{
    if (!s_spawn_try (daemon))
        s_spawn_failed (daemon);
}

//  Whether the daemon's log says its endpoint was taken (between sf_test_free_port's probe and
//  the daemon's bind, by another process of the suite that also picked it).
static bool
s_endpoint_taken (const sf_test_daemon_t *daemon)
{
    char wanted [160];
    snprintf (wanted, sizeof wanted, "cannot bind %s: Address already in use", daemon->endpoint);
    FILE *log = fopen (daemon->log_path, "r");
    bool taken = false;
    char line [1024];
    while (log && !taken && fgets (line, sizeof line, log))
        taken = strstr (line, wanted) != NULL;
    if (log)
        fclose (log);
    return taken;
}

void
sf_test_daemon_start (sf_test_daemon_t *daemon, const char *binary, const char *schema, const char *extra_env)
{
    sf_test_daemon_start_at (daemon, binary, schema, extra_env, 0);
}

void
sf_test_daemon_start_at (sf_test_daemon_t *daemon, const char *binary, const char *schema, const char *extra_env,
                         int64_t now_ms)
{
    memset (daemon, 0, sizeof *daemon);
    daemon->clock_ms = now_ms;
    snprintf (daemon->binary, sizeof daemon->binary, "%s/%s", sf_test_env ("SF_BUILD_DIR"), binary);
    snprintf (daemon->schema, sizeof daemon->schema, "%s", schema);
    const char *dir = getenv ("SF_STATE_DIR")? getenv ("SF_STATE_DIR"): "/tmp";
    snprintf (daemon->log_path, sizeof daemon->log_path, "%s/%s.log", dir, schema);
    snprintf (daemon->extra_env, sizeof daemon->extra_env, "%s", extra_env? extra_env: "");
    //  A port found free can be taken before the daemon binds it: another port then.
    for (int attempt = 1; ; attempt++) {
        snprintf (daemon->endpoint, sizeof daemon->endpoint, "tcp://127.0.0.1:%d", sf_test_free_port ());
        s_endpoint_remember (daemon);
        if (s_spawn_try (daemon))
            return;
        if (attempt == 3 || !s_endpoint_taken (daemon))
            s_spawn_failed (daemon);
        fprintf (stderr, "daemon %s: %s was taken before it bound it; another port\n", daemon->binary,
                 daemon->endpoint);
    }
}

void
sf_test_daemon_restart (sf_test_daemon_t *daemon)
{
    s_spawn (daemon);
}

int
sf_test_daemon_stop (sf_test_daemon_t *daemon, int signal)
{
    if (daemon->pid <= 0)
        return 0;
    kill (daemon->pid, signal);
    int status;
    waitpid (daemon->pid, &status, 0);
    //  Killed by a signal other than the one sent (an abort at a clean stop, say): told, with
    //  the end of its log, whatever the test goes on to check.
    if (WIFSIGNALED (status) && WTERMSIG (status) != signal) {
        fprintf (stderr, "daemon %s (pid %d) ended by signal %d, not the %d sent; its log %s ends:\n",
                 daemon->binary, (int) daemon->pid, WTERMSIG (status), signal, daemon->log_path);
        sf_test_sh ("tail -n 40 '%s' >&2", daemon->log_path);
    }
    //  Under SF_TEST_WRAP a clean stop that does not exit 0 is the wrapper's finding (valgrind's
    //  --error-exitcode): the test fails, with the end of the log.
    const char *wrap = s_wrap_of (daemon);
    bool wrapped_failed = wrap && signal == SIGTERM && WIFEXITED (status) && WEXITSTATUS (status);
    if (wrapped_failed) {
        fprintf (stderr, "daemon %s under '%s' exited %d; its log %s ends:\n", daemon->binary, wrap,
                 WEXITSTATUS (status), daemon->log_path);
        sf_test_sh ("tail -n 60 '%s' >&2", daemon->log_path);
    }
    s_daemons_forget (daemon->pid);
    daemon->pid = 0;
    SF_CHECK (!wrapped_failed);
    return status;
}

void
sf_test_daemon_set_clock (sf_test_daemon_t *daemon, int64_t now_ms)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    Sf__SetClock set = SF__SET_CLOCK__INIT;
    set.now_ms = now_ms;
    sf_rpc_client_set_actor (client, "sf-test", "service", "", "");
    sf_reply_t reply;
    if (sf_rpc_client_call_message (client, &set.base, NULL, &reply) != SF_OK)
        fprintf (stderr, "sf.SetClock refused: %s\n", reply.reason_en? reply.reason_en: "");
    SF_CHECK (reply.status == SF_OK);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);
    daemon->clock_ms = now_ms;
}

bool
sf_test_daemon_healthy (sf_test_daemon_t *daemon, int timeout_ms)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_rpc_client_set_retry (client, 500, 1);
    bool healthy = false;
    for (int waited = 0; !healthy && waited < timeout_ms; waited += 500) {
        sf_reply_t reply;
        if (sf_rpc_client_call (client, "sf.Health", NULL, 0, NULL, &reply) == 0)
            healthy = reply.status == SF_OK;
        sf_reply_clear (&reply);
        int status;
        if (!healthy && daemon->pid > 0 && waitpid (daemon->pid, &status, WNOHANG) == daemon->pid) {
            s_daemons_forget (daemon->pid);
            daemon->pid = 0;
            break;
        }
    }
    sf_rpc_client_destroy (&client);
    return healthy;
}

//  The private Redis: its deploy/redis-ctl state folder.
static char *s_private_dir;

int
sf_test_private_redis_ctl (const char *action, const char *mode)
{
    SF_CHECK (s_private_dir);
    return sf_test_sh ("'%s/redis-ctl' '%s' %s %s", sf_test_env ("SF_DEPLOY_DIR"), s_private_dir,
                       action, mode? mode: "");
}

void
sf_test_private_redis_stop (void)
{
    if (!s_private_dir)
        return;
    sf_test_private_redis_ctl ("stop", "");
    sf_test_sh ("rm -rf '%s'", s_private_dir);
    free (s_private_dir);
    s_private_dir = NULL;
}

//  A failed check aborts, ctest kills on timeout: stop the daemons and the private Redis on
//  the way out.
static void
s_on_fatal (int signal_number)
{
    s_daemons_kill ();
    sf_test_private_redis_stop ();
    signal (signal_number, SIG_DFL);
    raise (signal_number);
}

int
sf_test_private_redis_start (const char *mode)
{
    SF_CHECK (!s_private_dir);
    char *name = sf_test_unique ("redis");
    SF_CHECK (asprintf (&s_private_dir, "%s/%s", sf_test_env ("SF_STATE_DIR"), name) > 0);
    free (name);
    SF_CHECK (sf_test_sh ("test -x '%s/redis-ctl'", sf_test_env ("SF_DEPLOY_DIR")) == 0);
    SF_CHECK (sf_test_sh ("mkdir -p '%s'", s_private_dir) == 0);
    int port = sf_test_free_port ();
    SF_CHECK (sf_test_sh ("echo %d > '%s/redis.port'", port, s_private_dir) == 0);
    signal (SIGABRT, s_on_fatal);
    signal (SIGTERM, s_on_fatal);
    signal (SIGINT, s_on_fatal);
    atexit (sf_test_private_redis_stop);
    SF_CHECK (sf_test_private_redis_ctl ("start", mode) == 0);
    return port;
}

void
sf_test_account (const char *schema, const char *login, const char *roles, const char *unit)
{
    sf_test_employee_account (schema, login, unit, roles, unit);
}

void
sf_test_employee_account (const char *schema, const char *login, const char *employee, const char *roles,
                          const char *unit)
{
    //  A session of its own: test threads make clients side by side.
    sf_db_t *db = sf_test_db_session (schema);
    const char *account [] = { login, employee };
    SF_CHECK (sf_db_exec (db, "INSERT INTO sf_org_account (login, employee_code, disabled, version)"
                              " VALUES ($1, $2, false, 1) ON CONFLICT (login) DO NOTHING", 2, account) >= 0);
    for (const char *at = roles? roles: ""; *at; ) {
        const char *end = strchr (at, ',');
        size_t size = end? (size_t) (end - at): strlen (at);
        char role [64];
        snprintf (role, sizeof role, "%.*s", (int) (size < sizeof role? size: sizeof role - 1), at);
        at += size + (end? 1: 0);
        if (!*role || strcmp (role, "service") == 0)
            continue;
        const char *values [] = { login, role, unit };
        SF_CHECK (sf_db_exec (db, "INSERT INTO sf_org_grant (login, role, node_code)"
                                  " SELECT $1, $2, code FROM sf_org_node"
                                  " WHERE CASE WHEN $3 = '' THEN coalesce (parent_code, '') = '' ELSE code = $3 END"
                                  " UNION SELECT $1, $2, $3 WHERE $3 <> ''"
                                  " ON CONFLICT DO NOTHING", 3, values) >= 0);
    }
    sf_db_destroy (&db);
}
