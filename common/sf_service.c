/*  sf_service: the daemon skeleton shared by every service.                                 */
#include "sf_actor.h"
#include "sf_service.h"
#include "sf_backlog.h"
#include "sf_caps.h"
#include "sf_clock.h"
#include "sf_db_startup.h"
#include "sf_gap_recovery.h"
#include "sf_keys.h"
#include "sf_republish.h"
#include "sf_admin.pb-c.h"
#include "envelope.pb-c.h"
#include "sf_org.h"
#include "sf_outbox.h"
#include "sf_audit.h"
#include "sf_relay.h"
#include "sf_retention.h"
#include "sf_status.h"
#include "sf_redis.h"
#include "sf_stream.h"
#include "sf_systemd.h"

#include <assert.h>
#include <czmq.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SF_HOUSEKEEPING_MS 1000
//  The housekeeper's look at the database (connected? events waiting?) may take this long; a
//  look still unanswered after SF_DB_PROBE_LATE_MS makes health report the database down.
#define SF_DB_PROBE_MS 1000
#define SF_DB_PROBE_LATE_MS 1500
#define SF_SIGNAL_WATCH_MS 200
#define SF_RETENTION_PERIOD_MS (60 * 1000)
#define SF_MAX_CONSUMERS 16
#define SF_ORG_CATCH_UP_MS 20000
#define SF_ORG_SYNC_ATTEMPT_MS 2000

static const sf_text_t s_msg_bad_clock = {
    "sf.SetClock 的 now_ms 不能为负数", "now_ms of sf.SetClock must not be negative"
};

typedef struct {
    const sf_service_spec_t *spec;
    sf_config_t *config;
    sf_db_t *db;
    sf_relay_t *relay;
    sf_backlog_t *backlog;               //  consumer lag, dead letters, caps: a thread of its own
    sf_scheduler_t *scheduler;
    sf_rpc_server_t *server;
    sf_route_t *routes;                  //  the spec's, plus sf.SetClock when settable
    sf_consumer_t *consumers [SF_MAX_CONSUMERS];
    char instance [128];                 //  <name>@<host>:<pid>
    char consumer [256];                 //  <name>@<host>/<endpoint>: the same after a restart
    zactor_t *housekeeper;               //  runs s_housekeeping on its own thread, with db
    sf_gap_recovery_t *gap_recovery;     //  asks producers for entries trimmed unread
    void *state;
    const char *schema;                  //  db.schema, or the spec's
    sf_retention_options_t retention;
    bool db_was_ok;
    //  What the housekeeper last learnt of the database, for health (read on the rpc thread).
    atomic_bool db_ok;
    atomic_llong outbox_pending;
    atomic_llong outbox_oldest_ms_ago;   //  at the last look
    atomic_llong db_checked_ms;          //  monotonic time of the last look
    atomic_llong db_probe_started_ms;    //  0 when no look is under way
} s_daemon_t;

static void
s_usage (const sf_service_spec_t *spec, FILE *out)
{
    fprintf (out,
        "Usage: sf-%s [--config FILE]\n"
        "Runs the %s daemon of the safety platform.\n\n"
        "  -c, --config FILE  settings file (key = value); every key may also be set in the\n"
        "                     environment as SF_<KEY>, e.g. db.url -> SF_DB_URL\n"
        "  -h, --help         this help\n"
        "  -V, --version      version\n\nSettings:\n", spec->name, spec->name);
    const sf_config_key_t *schemas [] = { sf_config_common, spec->config, NULL };
    for (int i = 0; schemas [i]; i++)
        for (const sf_config_key_t *key = schemas [i]; key->key; key++)
            fprintf (out, "  %-26s %s%s%s%s\n", key->key, key->help,
                     key->default_value? " (default: ": " (required)",
                     key->default_value? key->default_value: "", key->default_value? ")": "");
}

static void
s_relay_poke (void *arg)
{
    sf_relay_poke ((sf_relay_t *) arg);
}

static void
s_health (sf_health_t *health, void *arg)
{
    s_daemon_t *daemon = (s_daemon_t *) arg;
    int64_t now = sf_clock_mono_ms ();
    int64_t started = atomic_load (&daemon->db_probe_started_ms);
    bool late = started && now - started > SF_DB_PROBE_LATE_MS;
    health->db_ok = atomic_load (&daemon->db_ok) && !late;
    health->outbox_pending = atomic_load (&daemon->outbox_pending);
    health->outbox_oldest_ms_ago = atomic_load (&daemon->outbox_oldest_ms_ago);
    health->db_checked_ms_ago = now - atomic_load (&daemon->db_checked_ms);
    health->redis_ok = sf_relay_redis_ok (daemon->relay);
    sf_backlog_fill (daemon->backlog, health);
    if (daemon->spec->health)
        daemon->spec->health (health, daemon->state);
}

//  Reconnects the housekeeper's database session and runs due scheduled jobs.
static int
s_housekeeping (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    s_daemon_t *daemon = (s_daemon_t *) arg;
    int64_t started = sf_clock_mono_ms ();
    atomic_store (&daemon->db_probe_started_ms, started);
    sf_db_set_deadline (daemon->db, started + SF_DB_PROBE_MS);
    bool ok = sf_db_ensure (daemon->db);
    int64_t pending = -1, oldest_ms_ago = -1;
    ok = ok && sf_backlog_outbox (daemon->db, &pending, &oldest_ms_ago) == 0;
    if (!ok)
        pending = oldest_ms_ago = -1;
    sf_db_set_deadline (daemon->db, 0);
    atomic_store (&daemon->db_ok, ok);
    atomic_store (&daemon->outbox_pending, pending);
    atomic_store (&daemon->outbox_oldest_ms_ago, oldest_ms_ago);
    atomic_store (&daemon->db_checked_ms, sf_clock_mono_ms ());
    atomic_store (&daemon->db_probe_started_ms, 0);
    if (ok != daemon->db_was_ok)
        sf_log (ok? SF_LOG_INFO: SF_LOG_ERROR, NULL, "database %s", ok? "reachable again": "unreachable");
    daemon->db_was_ok = ok;
    if (ok)
        sf_scheduler_tick (daemon->scheduler, daemon->db);
    return 0;
}

//  Every minute, on one instance: prune expired idempotency keys and inbox rows.
static int
s_prune (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    s_daemon_t *daemon = (s_daemon_t *) arg;
    int64_t deleted = sf_retention_prune (db, &daemon->retention);
    if (deleted > 0)
        sf_info ("retention: %lld expired rows deleted", (long long) deleted);
    return deleted < 0? -1: 0;
}

//  SIGTERM may land on any of the daemon's threads; the loop looks at czmq's flag often
//  enough to stop promptly even when its own poll was not the call interrupted.
static int
s_watch_signals (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    (void) arg;
    return zsys_interrupted? -1: 0;
}

//  WATCHDOG=1 from the loop that answers requests: if it is wedged, the pings stop and
//  systemd (WatchdogSec=) restarts the daemon.
static int
s_watchdog (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    (void) arg;
    sf_systemd_watchdog ();
    return 0;
}

//  Reconnecting, scheduled jobs and retention run on a thread of their own, so none of
//  them ever holds up the thread that answers requests. Only $TERM stops it.
static void
s_housekeeper (zsock_t *pipe, void *arg)
{
    zloop_t *loop = zloop_new ();
    zloop_set_nonstop (loop, true);
    zloop_timer (loop, SF_HOUSEKEEPING_MS, 0, s_housekeeping, arg);
    zloop_reader (loop, pipe, sf_actor_on_pipe, NULL);
    zsock_signal (pipe, 0);
    //  The first look at once: health has the database's figures from the start.
    s_housekeeping (loop, 0, arg);
    zloop_start (loop);
    zloop_destroy (&loop);
}

//  sf.SetClock: only routed when test.settable_clock is 1.
static void
s_set_clock (sf_call_t *call)
{
    const Sf__SetClock *set = SF_CALL_BODY (call, Sf__SetClock);
    if (set->now_ms < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_bad_clock);
        return;
    }
    sf_clock_set_ms (set->now_ms);
    sf_warn ("business clock set to %lld by %s", (long long) set->now_ms, call->request->actor.user_id);
    sf_call_reply (call, &set->base);
}

//  The spec's routes, with sf.SetClock added when the configuration allows it.
static sf_route_t *
s_routes (const s_daemon_t *daemon)
{
    size_t count = 0;
    while (daemon->spec->routes [count].request)
        count++;
    sf_route_t *routes = calloc (count + 4, sizeof *routes);
    assert (routes);
    memcpy (routes, daemon->spec->routes, count * sizeof *routes);
    //  Every daemon's outbox can be asked for a range again (sf_republish.h).
    routes [count++] = (sf_route_t) {
        .request = &sf__republish__descriptor, .reply = &sf__republish_reply__descriptor,
        .handler = sf_republish_handle, .writes = true, .alone = true, .roles = SF_REPUBLISH_ROLES,
        .required = "stream,after_id,before_id"
    };
    //  And its audit trail asked, one object at a time (sf_audit.h).
    routes [count++] = (sf_route_t) {
        .request = &sf__history__descriptor, .reply = &sf__history_reply__descriptor,
        .handler = sf_audit_history_handle, .roles = SF_AUDIT_ROLES, .scope_of = sf_audit_history_units,
        .required = "aggregate_type,aggregate_id"
    };
    if (sf_config_int (daemon->config, "test.settable_clock")) {
        sf_warn ("test.settable_clock is on: sf.SetClock moves this daemon's business time");
        routes [count] = (sf_route_t) {
            .request = &sf__set_clock__descriptor, .reply = &sf__set_clock__descriptor,
            .handler = s_set_clock, .roles = "service,admin"
        };
    }
    return routes;
}

sf_db_options_t
sf_service_db_options (sf_config_t *config, const char *schema, const char *application_name)
{
    sf_db_options_t options = {
        .url = sf_config_str (config, "db.url"),
        .schema = *sf_config_str (config, "db.schema")? sf_config_str (config, "db.schema"): schema,
        .application_name = application_name,
        .statement_timeout_ms = (int) sf_config_int (config, "db.statement_timeout_ms"),
        .lock_timeout_ms = (int) sf_config_int (config, "db.lock_timeout_ms"),
        .idle_tx_timeout_ms = (int) sf_config_int (config, "db.idle_tx_timeout_ms"),
    };
    return options;
}

//  rpc.read_slots, 0 resolved to the CPUs this host has online (the database usually shares
//  them: deploy/up runs the stack on one host); 0 (every worker) when that count is unknown.
static int
s_read_slots (const s_daemon_t *daemon)
{
    int64_t slots = sf_config_int (daemon->config, "rpc.read_slots");
    if (slots == 0)
        slots = sysconf (_SC_NPROCESSORS_ONLN);
    return slots > 0? (int) slots: 0;
}

static sf_db_options_t
s_db_options (const s_daemon_t *daemon)
{
    return sf_service_db_options (daemon->config, daemon->spec->schema, daemon->spec->name);
}

//  Connects and migrates. A database that is not up yet is waited for, at most
//  db.connect_wait_s; settings it refuses (password, role, database, host) would be refused
//  for ever: either way the daemon stops with one line that says why (status 1), instead of
//  waiting for ever while deploy/up and the operator believe it runs.
#define SF_DB_WAIT_STEP_MS 100           //  how soon SIGTERM is seen while waiting
#define SF_DB_WAIT_NOTE_MS 10000         //  how often the wait is logged
static int
s_prepare_database (s_daemon_t *daemon)
{
    sf_db_options_t options = s_db_options (daemon);
    daemon->db = sf_db_new (&options);
    int wait_s = (int) sf_config_int (daemon->config, "db.connect_wait_s");
    int64_t started_ms = sf_clock_mono_ms ();
    sf_systemd_status ("connecting to the database");
    int64_t next_note_ms = started_ms;
    while (!sf_db_ensure (daemon->db)) {
        if (zsys_interrupted)
            return -1;
        const char *error = sf_db_error (daemon->db);
        int64_t now_ms = sf_clock_mono_ms ();
        bool stopping = sf_db_startup_classify (error).permanent || now_ms - started_ms >= wait_s * 1000LL;
        if (stopping || now_ms >= next_note_ms) {
            char *line = sf_db_startup_message (options.url, error, stopping,
                                                (int) ((now_ms - started_ms) / 1000), wait_s);
            sf_log (stopping? SF_LOG_ERROR: SF_LOG_WARN, NULL, "%s", line);
            free (line);
            if (stopping)
                return -1;
            sf_systemd_status ("waiting for the database (%d of %d s)", (int) ((now_ms - started_ms) / 1000), wait_s);
            next_note_ms = now_ms + SF_DB_WAIT_NOTE_MS;
        }
        zclock_sleep (SF_DB_WAIT_STEP_MS);
    }
    daemon->db_was_ok = true;
    sf_systemd_status ("applying migrations");
    if (sf_migrate (daemon->db, daemon->schema, "common", common_migrations) < 0
    ||  sf_migrate (daemon->db, daemon->schema, daemon->spec->name, daemon->spec->migrations) < 0)
        return -1;
    return 0;
}

static int
s_add_consumer (s_daemon_t *daemon, const sf_subscription_t *sub, void *arg)
{
    size_t index = 0;
    while (index < SF_MAX_CONSUMERS && daemon->consumers [index])
        index++;
    assert (index < SF_MAX_CONSUMERS);
    sf_consumer_options_t options = {
        .db = s_db_options (daemon),
        .redis_host = sf_config_str (daemon->config, "redis.host"),
        .redis_port = (int) sf_config_int (daemon->config, "redis.port"),
        .redis_timeout_ms = (int) sf_config_int (daemon->config, "redis.timeout_ms"),
        .stream = sf_stream_name (sub->topic),
        .group = daemon->schema,
        .consumer = daemon->consumer,
        .claim_idle_ms = (int) sf_config_int (daemon->config, "consumer.claim_idle_ms"),
        .parallel = sub->parallel,
        .batch = sub->batch,
        .many = sub->many,
    };
    daemon->consumers [index] = sf_consumer_new (&options, sub->handler, arg);
    sf_backlog_add_group (daemon->backlog, options.stream, options.group);
    sf_info ("applying %s as group %s", options.stream, options.group);
    return 0;
}

//  The org copy and the spec's subscriptions, each a consumer with its own sessions. The
//  org copy catches up first (for at most SF_ORG_CATCH_UP_MS), so that events naming units
//  find them known when the daemon starts after a while away.
static void
s_start_consumers (s_daemon_t *daemon)
{
    if (daemon->spec->org_copy) {
        //  The whole org first, from the directory: the stream's history may be gone.
        const char *directory = sf_config_str (daemon->config, "org.directory_endpoint");
        if (*directory)
            sf_org_sync (daemon->db, directory, SF_ORG_SYNC_ATTEMPT_MS);
        sf_systemd_status ("catching up with the org");
        const sf_subscription_t org = { .topic = "org", .handler = sf_org_apply, .parallel = 1 };
        s_add_consumer (daemon, &org, NULL);
        int64_t until = sf_clock_mono_ms () + SF_ORG_CATCH_UP_MS;
        while (!sf_consumer_caught_up (daemon->consumers [0]) && sf_clock_mono_ms () < until && !zsys_interrupted)
            zclock_sleep (50);
        if (!sf_consumer_caught_up (daemon->consumers [0]))
            sf_warn ("the org copy has not caught up yet; starting anyway");
    }
    for (const sf_subscription_t *sub = daemon->spec->subscriptions; sub && sub->topic; sub++)
        s_add_consumer (daemon, sub, daemon->state);
}

//  Recovery of the ranges the consumers find trimmed unread, from each stream's producer at
//  the endpoint its subscription names (the org copy's: org.directory_endpoint).
static void
s_start_gap_recovery (s_daemon_t *daemon)
{
    sf_gap_recovery_options_t options = {
        .db = s_db_options (daemon),
        .daemon = daemon->spec->name,
        .alert_stream = sf_stream_name (SF_GAP_ALERT_TOPIC),
    };
    char servers [SF_GAP_MAX_SOURCES][64];
    if (daemon->spec->org_copy)
        options.sources [options.source_count++] = (sf_gap_source_t) {
            sf_stream_name ("org"), sf_config_str (daemon->config, "org.directory_endpoint"), "directory"
        };
    for (const sf_subscription_t *sub = daemon->spec->subscriptions;
         sub && sub->topic && options.source_count < SF_GAP_MAX_SOURCES; sub++) {
        //  The producer is the daemon its endpoint setting names ("inspection.endpoint"): its
        //  public key authenticates the calls.
        const char *key = sub->source_endpoint_key? sub->source_endpoint_key: "";
        char *server = servers [options.source_count];
        snprintf (server, sizeof servers [0], "%.*s", (int) strcspn (key, "."), key);
        options.sources [options.source_count++] = (sf_gap_source_t) {
            sf_stream_name (sub->topic), *key? sf_config_str (daemon->config, key): NULL, server
        };
    }
    daemon->gap_recovery = sf_gap_recovery_new (&options);
}

//  The stream caps and the retentions they must fit, from the configuration.
static sf_caps_t
s_caps (const s_daemon_t *daemon)
{
    sf_caps_t caps = {
        .stream_maxlen = sf_config_int (daemon->config, "redis.stream_maxlen"),
        .stream_days = sf_config_int (daemon->config, "retention.stream_days"),
        .inbox_days = sf_config_int (daemon->config, "retention.inbox_days"),
        .outbox_days = sf_config_int (daemon->config, "retention.outbox_days"),
        .warn_percent = (int) sf_config_int (daemon->config, "consumer.cap_warn_percent"),
    };
    return caps;
}

//  Logs in to Redis once: an account it refuses would be refused for ever, so the daemon
//  stops here with the reason in both languages, as for settings the database refuses. A
//  Redis that is down is no reason to stop (the connections heal when it comes back).
static int
s_check_redis_account (s_daemon_t *daemon)
{
    sf_redis_t *redis = sf_redis_new (sf_config_str (daemon->config, "redis.host"),
                                      (int) sf_config_int (daemon->config, "redis.port"),
                                      (int) sf_config_int (daemon->config, "redis.timeout_ms"));
    sf_redis_ensure (redis);
    const sf_text_t *refusal = sf_redis_refusal (redis);
    if (refusal)
        sf_error ("%s / %s; stopping (%s)", refusal->zh, refusal->en, sf_redis_error (redis));
    sf_redis_destroy (&redis);
    return refusal? -1: 0;
}

//  test.clock_ms: the business clock frozen before any job, consumer or request runs, so a
//  test's daemon (started, or restarted) never acts once at real time.
static void
s_start_clock (s_daemon_t *daemon)
{
    int64_t clock_ms = sf_config_int (daemon->config, "test.clock_ms");
    if (!clock_ms)
        return;
    if (!sf_config_int (daemon->config, "test.settable_clock")) {
        sf_warn ("test.clock_ms is ignored: test.settable_clock is off");
        return;
    }
    sf_clock_set_ms (clock_ms);
    sf_warn ("business clock starts frozen at %lld (test.clock_ms)", (long long) clock_ms);
}

static int
s_start (s_daemon_t *daemon)
{
    s_start_clock (daemon);
    if (s_prepare_database (daemon) || s_check_redis_account (daemon))
        return -1;
    const int64_t day_ms = 24 * 3600 * 1000LL;
    sf_relay_options_t relay = {
        .db = s_db_options (daemon),
        .retention_ms = sf_config_int (daemon->config, "retention.outbox_days") * day_ms,
        .stream_retention_ms = sf_config_int (daemon->config, "retention.stream_days") * day_ms,
        .redis_host = sf_config_str (daemon->config, "redis.host"),
        .redis_port = (int) sf_config_int (daemon->config, "redis.port"),
        .redis_timeout_ms = (int) sf_config_int (daemon->config, "redis.timeout_ms"),
        .stream_maxlen = sf_config_int (daemon->config, "redis.stream_maxlen"),
    };
    daemon->relay = sf_relay_new (&relay);
    sf_backlog_options_t backlog = {
        .daemon = daemon->spec->name,
        .redis_host = relay.redis_host,
        .redis_port = relay.redis_port,
        .redis_timeout_ms = relay.redis_timeout_ms,
        .caps = s_caps (daemon),
        .alerts_stream = sf_stream_name (SF_BACKLOG_ALERTS_TOPIC),
    };
    daemon->backlog = sf_backlog_new (&backlog);
    char host [64] = "host";
    gethostname (host, sizeof host - 1);
    snprintf (daemon->instance, sizeof daemon->instance, "%s@%s:%d", daemon->spec->name, host, (int) getpid ());
    //  A consumer keeps its name across restarts (the endpoint is unique on a host), so a
    //  daemon killed with entries in hand takes them up again at once when it comes back.
    snprintf (daemon->consumer, sizeof daemon->consumer, "%s@%s/%s", daemon->spec->name, host,
              sf_config_str (daemon->config, "rpc.endpoint"));
    daemon->scheduler = sf_scheduler_new (daemon->instance);
    daemon->retention.idempotency_hours = sf_config_int (daemon->config, "retention.idempotency_hours");
    daemon->retention.inbox_days = sf_config_int (daemon->config, "retention.inbox_days");
    daemon->retention.audit_days = sf_config_int (daemon->config, "retention.audit_days");
    sf_scheduler_every (daemon->scheduler, "sf.retention", SF_RETENTION_PERIOD_MS, 0, s_prune, daemon);
    if (daemon->spec->start) {
        daemon->state = daemon->spec->start (daemon->config, daemon->scheduler);
        if (!daemon->state)
            return -1;
    }
    s_start_consumers (daemon);
    s_start_gap_recovery (daemon);
    sf_backlog_start (daemon->backlog);
    daemon->routes = s_routes (daemon);
    sf_rpc_server_options_t server = {
        .daemon = daemon->spec->name,
        .endpoint = sf_config_str (daemon->config, "rpc.endpoint"),
        .max_message_bytes = (size_t) sf_config_int (daemon->config, "rpc.max_message_bytes"),
        .max_text_bytes = (size_t) sf_config_int (daemon->config, "rpc.max_text_bytes"),
        .max_reply_bytes = (size_t) sf_config_int (daemon->config, "rpc.max_reply_bytes"),
        .peer_in_flight_max = (int) sf_config_int (daemon->config, "rpc.peer_in_flight_max"),
        .batch_max = (int) sf_config_int (daemon->config, "rpc.batch_max"),
        .workers = (int) sf_config_int (daemon->config, "rpc.workers"),
        .write_groups = (int) sf_config_int (daemon->config, "rpc.write_groups"),
        .read_slots = s_read_slots (daemon),
        .gather = sf_config_int (daemon->config, "rpc.gather") != 0,
        .worker_db = s_db_options (daemon),
        .scope_cache = daemon->spec->org_copy,
        .routes = daemon->routes,
        .state = daemon->state,
        .secret_key_file = sf_config_str (daemon->config, "rpc.secret_key_file"),
        .clients_dir = sf_config_str (daemon->config, "rpc.clients_dir"),
    };
    //  Handlers get the service state; the health callback gets the daemon.
    daemon->server = sf_rpc_server_new (&server);
    if (!daemon->server)
        return -1;
    //  From here on daemon->db and the scheduler belong to the housekeeper's thread.
    atomic_store (&daemon->db_ok, true);
    atomic_store (&daemon->outbox_pending, -1);
    atomic_store (&daemon->outbox_oldest_ms_ago, -1);
    atomic_store (&daemon->db_checked_ms, sf_clock_mono_ms ());
    daemon->housekeeper = zactor_new (s_housekeeper, daemon);
    sf_rpc_server_set_health (daemon->server, s_health, daemon);
    sf_rpc_server_on_commit (daemon->server, s_relay_poke, daemon->relay);
    return 0;
}

static void
s_stop (s_daemon_t *daemon)
{
    zactor_destroy (&daemon->housekeeper);
    sf_rpc_server_destroy (&daemon->server);
    sf_backlog_destroy (&daemon->backlog);
    for (size_t index = 0; index < SF_MAX_CONSUMERS; index++)
        sf_consumer_destroy (&daemon->consumers [index]);
    sf_gap_recovery_destroy (&daemon->gap_recovery);
    free (daemon->routes);
    daemon->routes = NULL;
    if (daemon->state && daemon->spec->stop)
        daemon->spec->stop (daemon->state);
    sf_scheduler_destroy (&daemon->scheduler);
    sf_relay_destroy (&daemon->relay);
    sf_db_destroy (&daemon->db);
    sf_config_destroy (&daemon->config);
}

static int
s_configure (s_daemon_t *daemon, int argc, char **argv)
{
    const char *path = NULL;
    static const struct option options [] = {
        { "config", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "c:hV", options, NULL)) != -1)
        switch (option) {
            case 'c': path = optarg; break;
            case 'h': s_usage (daemon->spec, stdout); exit (0);
            case 'V': printf ("sf-%s %s\n", daemon->spec->name, PROJECT_VERSION_TEXT); exit (0);
            default: s_usage (daemon->spec, stderr); return -1;
        }
    if (optind < argc) {
        fprintf (stderr, "sf-%s: unexpected argument '%s'\n", daemon->spec->name, argv [optind]);
        return -1;
    }
    char *error = NULL;
    const sf_config_key_t *schemas [] = { sf_config_common, daemon->spec->config, NULL };
    if (!daemon->spec->config)
        schemas [1] = NULL;
    daemon->config = sf_config_load (schemas, path, &error);
    if (!daemon->config) {
        fprintf (stderr, "sf-%s: %s\n", daemon->spec->name, error);
        free (error);
        return -1;
    }
    sf_log_format_t format;
    sf_log_level_t level;
    if (sf_log_parse_format (sf_config_str (daemon->config, "log.format"), &format)
    ||  sf_log_parse_level (sf_config_str (daemon->config, "log.level"), &level)) {
        fprintf (stderr, "sf-%s: log.format must be human or json, log.level debug, info, warn or error\n",
                 daemon->spec->name);
        return -1;
    }
    sf_log_init (daemon->spec->name, format, level);
    //  Caps that would trim events unseen, or retentions that cannot keep an event to one
    //  application, stop the daemon here (sf_caps.h).
    sf_caps_t caps = s_caps (daemon);
    const sf_text_t *caps_error = sf_caps_check (&caps);
    if (caps_error) {
        fprintf (stderr, "sf-%s: %s\nsf-%s: %s\n", daemon->spec->name, caps_error->zh, daemon->spec->name,
                 caps_error->en);
        return -1;
    }
    const char *prefix = sf_config_str (daemon->config, "redis.stream_prefix");
    if (!sf_migrate_schema_name_ok (prefix)) {
        fprintf (stderr, "sf-%s: redis.stream_prefix '%s' must be lower-case letters, digits and _\n",
                 daemon->spec->name, prefix);
        return -1;
    }
    sf_stream_set_prefix (prefix);
    //  CURVE: a daemon that cannot use the key files it is given does not start.
    char *keys_zh = NULL, *keys_en = NULL;
    int curve = sf_keys_configure (sf_config_str (daemon->config, "rpc.secret_key_file"),
                                   sf_config_str (daemon->config, "rpc.clients_dir"),
                                   sf_config_str (daemon->config, "rpc.keys_dir"), &keys_zh, &keys_en);
    if (curve < 0) {
        fprintf (stderr, "sf-%s: %s\nsf-%s: %s\n", daemon->spec->name, keys_zh, daemon->spec->name, keys_en);
        free (keys_zh);
        free (keys_en);
        return -1;
    }
    if (curve == 0)
        sf_warn ("rpc.secret_key_file is not set: clients are not authenticated (development only)");
    sf_redis_set_account (sf_config_str (daemon->config, "redis.user"),
                          sf_config_str (daemon->config, "redis.password_file"));
    if (sf_redis_set_sentinels (sf_config_str (daemon->config, "redis.sentinels"),
                                sf_config_str (daemon->config, "redis.master_name"))) {
        fprintf (stderr, "sf-%s：redis.sentinels“%s”应为 host:port,host:port,...，且 redis.master_name 不能为空 / "
                 "redis.sentinels '%s' must be host:port,host:port,... and redis.master_name not empty\n",
                 daemon->spec->name, sf_config_str (daemon->config, "redis.sentinels"),
                 sf_config_str (daemon->config, "redis.sentinels"));
        return -1;
    }
    daemon->schema = *sf_config_str (daemon->config, "db.schema")
                   ? sf_config_str (daemon->config, "db.schema"): daemon->spec->schema;
    if (!sf_migrate_schema_name_ok (daemon->schema)) {
        fprintf (stderr, "sf-%s: db.schema '%s' must be lower-case letters, digits and _\n",
                 daemon->spec->name, daemon->schema);
        return -1;
    }
    return 0;
}

int
sf_service_main (const sf_service_spec_t *spec, int argc, char **argv)
{
    s_daemon_t daemon = { .spec = spec };
    if (s_configure (&daemon, argc, argv)) {
        sf_config_destroy (&daemon.config);
        return 2;
    }
    //  A peer that goes away must be an error on the write, not a signal that kills us.
    signal (SIGPIPE, SIG_IGN);
    zsys_init ();
    zsys_set_logstream (NULL);
    if (s_start (&daemon)) {
        //  Asked to stop while still starting (e.g. waiting for the database) is no failure.
        bool asked = zsys_interrupted;
        if (asked)
            sf_info ("stopped before start-up finished");
        else
            sf_error ("start-up failed; stopping");
        sf_systemd_status ("start-up failed");
        s_stop (&daemon);
        return asked? 0: 1;
    }
    sf_info ("serving on %s (schema %s, redis %s:%lld, %lld workers, groups of up to %lld, reads %d at once)",
             sf_config_str (daemon.config, "rpc.endpoint"), daemon.schema,
             sf_config_str (daemon.config, "redis.host"), (long long) sf_config_int (daemon.config, "redis.port"),
             (long long) sf_config_int (daemon.config, "rpc.workers"),
             (long long) sf_config_int (daemon.config, "rpc.batch_max"), s_read_slots (&daemon));
    char status [256];
    snprintf (status, sizeof status, "serving on %s", sf_config_str (daemon.config, "rpc.endpoint"));
    sf_systemd_ready (status);
    zloop_t *loop = zloop_new ();
    sf_rpc_server_attach (daemon.server, loop);
    zloop_timer (loop, SF_SIGNAL_WATCH_MS, 0, s_watch_signals, NULL);
    int64_t watchdog_ms = sf_systemd_watchdog_ms ();
    if (watchdog_ms) {
        sf_info ("systemd watchdog: a ping every %lld ms", (long long) watchdog_ms);
        zloop_timer (loop, (size_t) watchdog_ms, 0, s_watchdog, NULL);
    }
    zloop_start (loop);
    zloop_destroy (&loop);
    sf_systemd_stopping ();
    sf_info ("stopping");
    //  Whatever the database does, no thread waits on it any longer: work in progress is
    //  abandoned (rolled back by the server) and clients retry with their keys.
    sf_db_interrupt_all ();
    s_stop (&daemon);
    sf_info ("stopped");
    return 0;
}
