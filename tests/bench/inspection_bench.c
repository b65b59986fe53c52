/*  inspection_bench: the client side of ./deploy/bench inspection. It drives a running
    sf-inspection whose org copy holds the bench enterprise (deploy/bench.d/inspection_org.sql:
    plants BP<p>, departments BP<p>D<dd>, teams BP<p>D<dd>T<tt>, a post <team>S and employees
    <team>E1, <team>E2 under each team), and prints one line of key=value pairs per action
    for the script.

    Not a ctest test: its figures mean something only on a quiet machine, through
    ./deploy/bench, which also runs pgbench with the same SQL for comparison.

    inspection_bench --endpoint E report --clients N --seconds S --run ID [--plants P
                     --departments D --teams T] [--window-ms W]
        N threads, each with its own sf_rpc_client and one synchronous ReportFinding in
        flight, for S seconds: findings of a random team of a random plant, the team's first
        or second employee responsible; each thread acts as user ID-<client>. With W, the
        figures of every window of W ms too, one line each as the window closes (flushed, so
        that ./deploy/bench sustained samples the daemon and the database beside it):
        window=K end_s ok failed retried cmds_per_s p50_ms p99_ms max_ms, then the summary.
    inspection_bench --endpoint E plan --code C --scope U --from DATE --to DATE
        creates a team daily plan (班组日查) of scope U running from DATE to DATE
    inspection_bench --endpoint E generate --from DATE --to DATE
        one GenerateTasks call: tasks created and the time the call took
    inspection_bench --endpoint E set-clock --ms MS
        moves the daemon's business clock (needs test.settable_clock = 1)                  */
#include "bench_stats.h"
#include "envelope.pb-c.h"
#include "inspection.pb-c.h"
#include "sf_clock.h"
#include "sf_keys.h"
#include "sf_rpc_client.h"

#include <assert.h>
#include <czmq.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A long call (a week of tasks for a thousand teams) must not be sent twice by the client's
//  retry: one attempt, with room for it.
#define LONG_CALL_MS 120000

//  The commands answered since the last window closed, shared by the client threads. A
//  printer thread closes a window every window_us from the start; the last window (from the
//  last boundary to the last answer) is closed by the last client to finish, so that every
//  window line comes before the summary line.
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;         //  the start, and the last client's end
    int64_t window_us;
    int64_t run_us;              //  the run's length: windows ending later are the last one's
    int64_t started_us;          //  0 until the first client is past the start barrier
    int64_t closed_us;           //  end of the last window printed
    int closed;                  //  windows printed
    int clients;
    int finished;                //  clients done
    int64_t *latencies_us;       //  of the commands answered ok in the open window
    size_t count;
    size_t capacity;
    int64_t failed;
    int64_t retried;
    pthread_t printer;
} s_windows_t;

typedef struct {
    const char *endpoint;
    const char *action;
    const char *run;
    const char *code;
    const char *scope;
    const char *from;
    const char *to;
    int64_t clock_ms;
    int clients;
    double seconds;
    int plants;
    int departments;
    int teams;
    int window_ms;               //  0: the summary only
    s_windows_t *windows;        //  with window_ms
} s_options_t;

static int
s_compare_us (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

//  Nearest rank over sorted latencies, in ms (as bench_stats and deploy/bench compute theirs).
static double
s_rank_ms (const int64_t *sorted, size_t count, double fraction)
{
    if (count == 0)
        return 0;
    size_t rank = (size_t) ceil (fraction * (double) count);
    return (double) sorted [rank? rank - 1: 0] / 1000.0;
}

//  Prints the open window as closing now and starts the next; the caller holds the lock.
static void
s_window_close (s_windows_t *self)
{
    int64_t now = sf_clock_mono_us ();
    double seconds = (double) (now - self->closed_us) / 1e6;
    qsort (self->latencies_us, self->count, sizeof (int64_t), s_compare_us);
    printf ("window=%d end_s=%.3f ok=%zu failed=%lld retried=%lld cmds_per_s=%.1f "
            "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
            self->closed + 1, (double) (now - self->started_us) / 1e6, self->count,
            (long long) self->failed, (long long) self->retried, seconds > 0? (double) self->count / seconds: 0,
            s_rank_ms (self->latencies_us, self->count, 0.50), s_rank_ms (self->latencies_us, self->count, 0.99),
            s_rank_ms (self->latencies_us, self->count, 1.0));
    fflush (stdout);
    self->closed++;
    self->closed_us = now;
    self->count = 0;
    self->failed = 0;
    self->retried = 0;
}

//  The printer: a window every window_us from the start, until the last window of the run.
static void *
s_windows_printer (void *arg)
{
    s_windows_t *self = (s_windows_t *) arg;
    pthread_mutex_lock (&self->lock);
    while (self->started_us == 0)
        pthread_cond_wait (&self->wake, &self->lock);
    while (self->finished < self->clients) {
        int64_t boundary = self->started_us + (int64_t) (self->closed + 1) * self->window_us;
        if (boundary >= self->started_us + self->run_us)
            break;
        if (sf_clock_mono_us () >= boundary) {
            s_window_close (self);
            continue;
        }
        struct timespec until = { .tv_sec = boundary / 1000000, .tv_nsec = (boundary % 1000000) * 1000 };
        pthread_cond_timedwait (&self->wake, &self->lock, &until);
    }
    pthread_mutex_unlock (&self->lock);
    return NULL;
}

static void
s_windows_start (s_windows_t *self, int window_ms, double seconds, int clients)
{
    *self = (s_windows_t) { .window_us = (int64_t) window_ms * 1000, .run_us = (int64_t) (seconds * 1e6),
                            .clients = clients };
    pthread_mutex_init (&self->lock, NULL);
    //  Boundaries are sf_clock_mono_us times: the condition waits on that clock.
    pthread_condattr_t attr;
    pthread_condattr_init (&attr);
    pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
    pthread_cond_init (&self->wake, &attr);
    pthread_condattr_destroy (&attr);
    int rc = pthread_create (&self->printer, NULL, s_windows_printer, self);
    assert (rc == 0);
}

static void
s_windows_join (s_windows_t *self)
{
    pthread_join (self->printer, NULL);
    pthread_cond_destroy (&self->wake);
    pthread_mutex_destroy (&self->lock);
    free (self->latencies_us);
}

//  A client past the start barrier: the first one starts the clock of the windows.
static void
s_windows_begin (s_windows_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (self->started_us == 0) {
        self->started_us = sf_clock_mono_us ();
        self->closed_us = self->started_us;
        pthread_cond_broadcast (&self->wake);
    }
    pthread_mutex_unlock (&self->lock);
}

static void
s_windows_record (s_windows_t *self, bool ok, int64_t micros, bool retried)
{
    pthread_mutex_lock (&self->lock);
    if (retried)
        self->retried++;
    if (!ok)
        self->failed++;
    else {
        if (self->count == self->capacity) {
            self->capacity = self->capacity? self->capacity * 2: 4096;
            self->latencies_us = realloc (self->latencies_us, self->capacity * sizeof (int64_t));
            assert (self->latencies_us);
        }
        self->latencies_us [self->count++] = micros;
    }
    pthread_mutex_unlock (&self->lock);
}

//  A client done: the last one closes the last window and lets the printer go.
static void
s_windows_finish (s_windows_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (++self->finished == self->clients) {
        if (self->count > 0 || self->failed > 0)
            s_window_close (self);
        pthread_cond_broadcast (&self->wake);
    }
    pthread_mutex_unlock (&self->lock);
}

static sf_rpc_client_t *
s_rpc_client (const char *endpoint, const char *user, const char *roles, const char *unit)
{
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_server (client, "inspection");
    sf_rpc_client_set_actor (client, user, roles, unit, "");
    return client;
}

//  Sends ReportFinding for random teams until the time is up.
static void
s_client_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    //  The reporter: the account deploy/bench.d/inspection_org.sql gives a worker grant on the
    //  whole group, so that it may report in every team.
    sf_rpc_client_t *client = s_rpc_client (options->endpoint, "bench.reporter", "", "BP1D01T01S");
    bench_connect (client);
    unsigned seed = (unsigned) (self->index * 7919 + 17);
    char *attachments [] = { (char *) "oss://safety/report/photo-0001.jpg" };
    bench_stats_wait_start (self);
    if (options->windows)
        s_windows_begin (options->windows);

    int64_t deadline = sf_clock_mono_us () + (int64_t) (options->seconds * 1e6);
    while (sf_clock_mono_us () < deadline && !zsys_interrupted) {
        char team [48], person [64];
        snprintf (team, sizeof team, "BP%dD%02dT%02d", 1 + rand_r (&seed) % options->plants,
                  1 + rand_r (&seed) % options->departments, 1 + rand_r (&seed) % options->teams);
        snprintf (person, sizeof person, "%sE%d", team, 1 + rand_r (&seed) % 2);
        Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
        finding.description = (char *) "消防通道堆放纸箱，堵塞疏散通道";
        finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
        finding.location = (char *) "一号车间东侧";
        finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
        finding.responsible_unit = team;
        finding.responsible_person = person;
        finding.n_attachments = 1;
        finding.attachments = attachments;
        Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
        request.finding = &finding;
        request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
        int64_t sent = sf_clock_mono_us ();
        sf_status_t status = bench_call (client, &request.base, NULL, self->first_error, sizeof self->first_error);
        int64_t micros = sf_clock_mono_us () - sent;
        bool retried = sf_rpc_client_last_attempts (client) > 1;
        bench_stats_record (self, status == SF_OK, micros, retried);
        if (options->windows)
            s_windows_record (options->windows, status == SF_OK, micros, retried);
    }
    if (options->windows)
        s_windows_finish (options->windows);
    sf_rpc_client_destroy (&client);
}

//  The admin's one-off calls: a plan, a generation, the clock.
static int
s_admin_call (const s_options_t *options)
{
    sf_rpc_client_t *client = s_rpc_client (options->endpoint, "bench", "admin", "");
    sf_rpc_client_set_retry (client, LONG_CALL_MS, 1);
    char error [256] = "";
    sf_reply_t reply = { 0 };
    sf_status_t status;
    int64_t sent = sf_clock_mono_us ();
    if (strcmp (options->action, "plan") == 0) {
        Inspection__CreatePlan request = INSPECTION__CREATE_PLAN__INIT;
        request.code = (char *) options->code;
        request.level = INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY;
        request.scope_unit = (char *) options->scope;
        request.title_zh = (char *) "班组日查（基准）";
        request.title_en = (char *) "Team daily check (bench)";
        request.starts_on = (char *) options->from;
        request.ends_on = (char *) options->to;
        status = bench_call (client, &request.base, NULL, error, sizeof error);
        if (status == SF_OK)
            printf ("plan=%s\n", options->code);
    }
    else
    if (strcmp (options->action, "generate") == 0) {
        Inspection__GenerateTasks request = INSPECTION__GENERATE_TASKS__INIT;
        request.from_date = (char *) options->from;
        request.to_date = (char *) options->to;
        status = bench_call (client, &request.base, &reply, error, sizeof error);
        double seconds = (double) (sf_clock_mono_us () - sent) / 1e6;
        Inspection__GenerateResult *result = status == SF_OK
            ? inspection__generate_result__unpack (NULL, reply.body_size, reply.body): NULL;
        if (status == SF_OK && !result) {
            snprintf (error, sizeof error, "GenerateTasks: the reply does not decode");
            status = SF_INTERNAL;
        }
        if (status == SF_OK)
            printf ("created=%d seconds=%.3f tasks_per_s=%.0f\n", result->created, seconds,
                    seconds > 0? result->created / seconds: 0);
        if (result)
            inspection__generate_result__free_unpacked (result, NULL);
    }
    else {
        status = bench_set_clock (client, options->clock_ms, error, sizeof error);
    }
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);
    if (status != SF_OK)
        fprintf (stderr, "inspection_bench: %s failed: %s\n", options->action, error);
    return status == SF_OK? 0: 1;
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: inspection_bench --endpoint E report --clients N --seconds S --run ID\n"
        "                        [--plants P --departments D --teams T] [--window-ms W]\n"
        "       inspection_bench --endpoint E plan --code C --scope UNIT --from DATE --to DATE\n"
        "       inspection_bench --endpoint E generate --from DATE --to DATE\n"
        "       inspection_bench --endpoint E set-clock --ms MS\n"
        "report: N synchronous clients send ReportFinding for random teams of the bench enterprise\n"
        "for S seconds and print: clients ok failed retried seconds cmds_per_s p50_ms p99_ms max_ms\n"
        "cpu_s (exit 1 if any failed); with W, first one line per W ms: window end_s ok failed retried\n"
        "cmds_per_s p50_ms p99_ms max_ms. plan: a team daily plan. generate: one GenerateTasks, prints\n"
        "created seconds tasks_per_s. set-clock: the daemon's business time. Run it through\n"
        "./deploy/bench inspection.\n");
}

//  The run id (./deploy/bench names its runs), at most 12 of [A-Za-z0-9_].
static bool
s_run_valid (const char *run)
{
    return run && *run && strlen (run) <= 12
        && strspn (run, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == strlen (run);
}

static bool
s_options_valid (const s_options_t *options)
{
    if (!options->endpoint || !options->action)
        return false;
    if (strcmp (options->action, "report") == 0)
        return s_run_valid (options->run) && options->clients >= 1 && options->clients <= 1000
            && options->seconds > 0 && options->plants >= 1 && options->plants <= 9
            && options->departments >= 1 && options->departments <= 99
            && options->teams >= 1 && options->teams <= 99
            && options->window_ms >= 0 && options->window_ms <= 3600000;
    if (strcmp (options->action, "plan") == 0)
        return options->code && options->scope && options->from && options->to;
    if (strcmp (options->action, "generate") == 0)
        return options->from && options->to;
    if (strcmp (options->action, "set-clock") == 0)
        return options->clock_ms > 0;
    return false;
}

int
main (int argc, char **argv)
{
    s_options_t options = { .clients = 1, .seconds = 10, .plants = 4, .departments = 10, .teams = 25 };
    //  Calls authenticated with SF_KEY (and the daemons' keys in SF_KEYS_DIR) when it is set.
    char *keys_zh = NULL, *keys_en = NULL;
    if (sf_keys_set_identity_from_env (&keys_zh, &keys_en)) {
        fprintf (stderr, "%s\n%s\n", keys_zh, keys_en);
        return 2;
    }
    static const struct option long_options [] = {
        { "endpoint", required_argument, NULL, 'e' },
        { "clients", required_argument, NULL, 'c' },
        { "seconds", required_argument, NULL, 's' },
        { "run", required_argument, NULL, 'r' },
        { "plants", required_argument, NULL, 'P' },
        { "departments", required_argument, NULL, 'D' },
        { "teams", required_argument, NULL, 'T' },
        { "code", required_argument, NULL, 'C' },
        { "scope", required_argument, NULL, 'U' },
        { "from", required_argument, NULL, 'f' },
        { "to", required_argument, NULL, 't' },
        { "ms", required_argument, NULL, 'm' },
        { "window-ms", required_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "e:c:s:r:P:D:T:C:U:f:t:m:w:h", long_options, NULL)) != -1)
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 'c': options.clients = atoi (optarg); break;
            case 's': options.seconds = atof (optarg); break;
            case 'r': options.run = optarg; break;
            case 'P': options.plants = atoi (optarg); break;
            case 'D': options.departments = atoi (optarg); break;
            case 'T': options.teams = atoi (optarg); break;
            case 'C': options.code = optarg; break;
            case 'U': options.scope = optarg; break;
            case 'f': options.from = optarg; break;
            case 't': options.to = optarg; break;
            case 'm': options.clock_ms = atoll (optarg); break;
            case 'w': options.window_ms = atoi (optarg); break;
            case 'h': s_usage (stdout); return 0;
            default: s_usage (stderr); return 2;
        }
    if (optind == argc - 1)
        options.action = argv [optind];
    if (!s_options_valid (&options)) {
        s_usage (stderr);
        return 2;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    if (strcmp (options.action, "report") != 0)
        return s_admin_call (&options);
    s_windows_t windows;
    if (options.window_ms > 0) {
        s_windows_start (&windows, options.window_ms, options.seconds, options.clients);
        options.windows = &windows;
    }
    int rc = bench_stats_run ("inspection_bench", options.clients, s_client_run, &options);
    if (options.windows)
        s_windows_join (&windows);
    return rc;
}
