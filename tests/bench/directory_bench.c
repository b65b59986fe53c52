/*  directory_bench: the client side of ./deploy/bench. N threads, each with its own
    sf_rpc_client, send synchronous directory.CreateNode commands (employees under one post,
    a fresh code and idempotency key each) to a running sf-directory for a fixed time, as real
    clients would: one command in flight per client. It prints one line of key=value pairs
    for the script: commands per second, latency percentiles, failures, its own CPU time.

    Not a ctest test: its figures mean something only on a quiet machine, through
    ./deploy/bench, which also runs pgbench with the same SQL for comparison.

    directory_bench --endpoint E --setup
        creates the tree BC (company) > BP > BD > BT > BS (post); nodes already there are kept
    directory_bench --endpoint E --clients N --seconds S --run ID
        creates employees ID-<client>-<n> under BS until S seconds have passed              */
#include "bench_stats.h"
#include "directory.pb-c.h"
#include "sf_clock.h"
#include "sf_keys.h"
#include "sf_rpc_client.h"

#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_POST "BS"

typedef struct {
    const char *endpoint;
    const char *run;
    int clients;
    double seconds;
    bool setup;
} s_options_t;

static sf_rpc_client_t *
s_rpc_client (const char *endpoint)
{
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_server (client, "directory");
    //  The bench's directory runs without keys: its peers act as a daemon would, here as the
    //  service (common/sf_scope.h), as deploy/up's import does.
    sf_rpc_client_set_actor (client, "bench", "service", "", "");
    return client;
}

//  Sends one CreateNode (bench_call).
static sf_status_t
s_create (sf_rpc_client_t *client, Directory__Kind kind, const char *code, const char *parent, const char *name_zh,
          char *error, size_t error_size)
{
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = kind;
    create.code = (char *) code;
    create.parent_code = (char *) parent;
    create.name_zh = (char *) name_zh;
    create.name_en = (char *) "Bench";
    if (kind == DIRECTORY__KIND__KIND_EMPLOYEE)
        create.employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
    return bench_call (client, &create.base, NULL, error, error_size);
}

static int
s_setup (const s_options_t *options)
{
    static const struct { Directory__Kind kind; const char *code; const char *name_zh; } tree [] = {
        { DIRECTORY__KIND__KIND_COMPANY, "BC", "基准公司" },
        { DIRECTORY__KIND__KIND_PLANT, "BP", "基准厂区" },
        { DIRECTORY__KIND__KIND_DEPARTMENT, "BD", "基准部门" },
        { DIRECTORY__KIND__KIND_TEAM, "BT", "基准班组" },
        { DIRECTORY__KIND__KIND_POST, BENCH_POST, "基准岗位" },
    };
    sf_rpc_client_t *client = s_rpc_client (options->endpoint);
    int rc = 0;
    const char *parent = "";
    for (size_t i = 0; i < sizeof tree / sizeof tree [0] && rc == 0; i++) {
        char error [256] = "";
        sf_status_t status = s_create (client, tree [i].kind, tree [i].code, parent, tree [i].name_zh,
                                       error, sizeof error);
        if (status != SF_OK && status != SF_ALREADY_EXISTS) {
            fprintf (stderr, "directory_bench: setup failed: %s\n", error);
            rc = -1;
        }
        parent = tree [i].code;
    }
    sf_rpc_client_destroy (&client);
    return rc;
}

static void
s_client_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    sf_rpc_client_t *client = s_rpc_client (options->endpoint);
    bench_connect (client);
    bench_stats_wait_start (self);

    int64_t deadline = sf_clock_mono_us () + (int64_t) (options->seconds * 1e6);
    for (long n = 0; sf_clock_mono_us () < deadline && !zsys_interrupted; n++) {
        char code [33];
        snprintf (code, sizeof code, "%s-%d-%ld", options->run, self->index, n);
        int64_t sent = sf_clock_mono_us ();
        sf_status_t status = s_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, code, BENCH_POST, "基准员工",
                                       self->first_error, sizeof self->first_error);
        int64_t micros = sf_clock_mono_us () - sent;
        bench_stats_record (self, status == SF_OK, micros, sf_rpc_client_last_attempts (client) > 1);
    }
    sf_rpc_client_destroy (&client);
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: directory_bench --endpoint E --setup\n"
        "       directory_bench --endpoint E --clients N --seconds S --run ID\n"
        "Creates the bench tree (BC > BP > BD > BT > BS), or creates employees ID-<client>-<n>\n"
        "under BS from N synchronous clients for S seconds and prints one line:\n"
        "clients ok failed retried seconds cmds_per_s p50_ms p99_ms max_ms cpu_s.\n"
        "Exits 1 if any command failed. Run it through ./deploy/bench.\n");
}

int
main (int argc, char **argv)
{
    s_options_t options = { .clients = 1, .seconds = 10 };
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
        { "setup", no_argument, NULL, 'S' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "e:c:s:r:Sh", long_options, NULL)) != -1)
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 'c': options.clients = atoi (optarg); break;
            case 's': options.seconds = atof (optarg); break;
            case 'r': options.run = optarg; break;
            case 'S': options.setup = true; break;
            case 'h': s_usage (stdout); return 0;
            default: s_usage (stderr); return 2;
        }
    //  The code is <run>-<client>-<n>, at most 32 characters of [A-Za-z0-9_-].
    bool run_ok = options.run && *options.run && strlen (options.run) <= 12
               && strspn (options.run, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
                  == strlen (options.run);
    if (optind < argc || !options.endpoint
    ||  (!options.setup && (!run_ok || options.clients < 1 || options.clients > 1000 || options.seconds <= 0))) {
        s_usage (stderr);
        return 2;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    if (options.setup)
        return s_setup (&options) == 0? 0: 1;
    return bench_stats_run ("directory_bench", options.clients, s_client_run, &options);
}
