/*  inspection_bench: the client side of ./deploy/bench inspection. It drives a running
    sf-inspection whose org copy holds the bench enterprise (deploy/bench.d/inspection_org.sql:
    plants BP<p>, departments BP<p>D<dd>, teams BP<p>D<dd>T<tt>, a post <team>S and employees
    <team>E1, <team>E2 under each team), and prints one line of key=value pairs per action
    for the script.

    Not a ctest test: its figures mean something only on a quiet machine, through
    ./deploy/bench, which also runs pgbench with the same SQL for comparison.

    inspection_bench --endpoint E report --clients N --seconds S --run ID [--plants P
                     --departments D --teams T]
        N threads, each with its own sf_rpc_client and one synchronous ReportFinding in
        flight, for S seconds: findings of a random team of a random plant, the team's first
        or second employee responsible; each thread acts as user ID-<client>.
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

#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A long call (a week of tasks for a thousand teams) must not be sent twice by the client's
//  retry: one attempt, with room for it.
#define LONG_CALL_MS 120000

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
} s_options_t;

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
        bench_stats_record (self, status == SF_OK, micros, sf_rpc_client_last_attempts (client) > 1);
    }
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
        "                        [--plants P --departments D --teams T]\n"
        "       inspection_bench --endpoint E plan --code C --scope UNIT --from DATE --to DATE\n"
        "       inspection_bench --endpoint E generate --from DATE --to DATE\n"
        "       inspection_bench --endpoint E set-clock --ms MS\n"
        "report: N synchronous clients send ReportFinding for random teams of the bench enterprise\n"
        "for S seconds and print: clients ok failed retried seconds cmds_per_s p50_ms p99_ms max_ms\n"
        "cpu_s (exit 1 if any failed). plan: a team daily plan. generate: one GenerateTasks, prints\n"
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
            && options->teams >= 1 && options->teams <= 99;
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
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "e:c:s:r:P:D:T:C:U:f:t:m:h", long_options, NULL)) != -1)
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
    return strcmp (options.action, "report") == 0
        ? bench_stats_run ("inspection_bench", options.clients, s_client_run, &options)
        : s_admin_call (&options);
}
