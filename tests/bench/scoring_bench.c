/*  scoring_bench: the client side of ./deploy/bench scoring. It drives a running sf-scoring
    whose org copy holds the scoring bench enterprise (deploy/bench.d/scoring_org.sql: plant
    SP1, departments SP1D01..D40, teams <department>T01..T25, a post <team>S with employees
    <team>E001..E100) and prints one line of key=value pairs per action for the script.

    Not a ctest test: its figures mean something only on a quiet machine, through
    ./deploy/bench scoring, which also runs the plain SQL of the same work for comparison.

    scoring_bench --endpoint E set-clock --ms MS
        moves the daemon's business clock (needs test.settable_clock = 1)
    scoring_bench --endpoint E close --plant P --month YYYY-MM
        one scoring.CloseMonth as account bench (admin of the company), one attempt with room
        for a long call; prints the seconds the client waited and the MonthResult
    scoring_bench publish --redis-port N --stream S --events N --starts-ms A --ends-ms B
        writes N inspection.violation_recorded events to stream S as the inspection daemon's
        relay would (fields id, type, plant, env), pipelined 1,000 at a time: event i names
        person (i × 7919) mod 100,000 of the enterprise, type i mod 3 (command, operation,
        discipline), a moment in [A, B) — deploy/bench.d/scoring_raw_insert.sql writes the
        same entries with plain SQL. Logs in as SF_REDIS_USER (password in
        SF_REDIS_PASSWORD_FILE).                                                            */
#include "bench_publish.h"
#include "bench_stats.h"
#include "envelope.pb-c.h"
#include "inspection.pb-c.h"
#include "scoring.pb-c.h"
#include "sf_clock.h"
#include "sf_envelope.h"
#include "sf_keys.h"
#include "sf_redis.h"
#include "sf_rpc_client.h"
#include "sf_uuid.h"

#include <assert.h>
#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A close of 100,000 people must not be sent twice by the client's retry: one attempt, with
//  room for it.
#define LONG_CALL_MS 300000
#define PIPELINE 1000

typedef struct {
    const char *endpoint;
    const char *action;
    const char *plant;
    const char *month;
    const char *stream;
    int redis_port;
    int64_t clock_ms;
    int64_t events;
    int64_t starts_ms;
    int64_t ends_ms;
} s_options_t;

static int
s_admin_call (const s_options_t *options)
{
    sf_rpc_client_t *client = sf_rpc_client_new (options->endpoint);
    sf_rpc_client_set_server (client, "scoring");
    sf_rpc_client_set_actor (client, "bench", "admin", "SC", "");
    sf_rpc_client_set_retry (client, LONG_CALL_MS, 1);
    bench_connect (client);
    char error [512] = "";
    sf_reply_t reply = { 0 };
    sf_status_t status;
    if (strcmp (options->action, "close") == 0) {
        Scoring__CloseMonth request = SCORING__CLOSE_MONTH__INIT;
        request.plant_code = (char *) options->plant;
        request.month = (char *) options->month;
        int64_t sent = sf_clock_mono_us ();
        status = bench_call (client, &request.base, &reply, error, sizeof error);
        double seconds = (double) (sf_clock_mono_us () - sent) / 1e6;
        Scoring__MonthResult *result = status == SF_OK
            ? scoring__month_result__unpack (NULL, reply.body_size, reply.body): NULL;
        if (status == SF_OK && !result) {
            snprintf (error, sizeof error, "CloseMonth: the reply does not decode");
            status = SF_INTERNAL;
        }
        if (status == SF_OK)
            printf ("seconds=%.3f entries=%lld persons=%d teams=%d departments=%d points=%lld rule_version=%lld "
                    "checksum=%s\n", seconds, (long long) result->entries, result->persons, result->teams,
                    result->departments, (long long) result->points, (long long) result->rule_version,
                    *result->checksum? result->checksum: "-");
        if (result)
            scoring__month_result__free_unpacked (result, NULL);
    }
    else {
        status = bench_set_clock (client, options->clock_ms, error, sizeof error);
    }
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);
    if (status != SF_OK)
        fprintf (stderr, "scoring_bench: %s failed: %s\n", options->action, error);
    return status == SF_OK? 0: 1;
}

//  The envelope of event i, as the inspection daemon's outbox would hold it; *size its length.
static uint8_t *
s_violation_event (const s_options_t *options, int64_t i, char event_id [SF_UUID_LEN + 1], size_t *size)
{
    static const Inspection__ViolationType types [] = {
        INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND,
        INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION,
        INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE
    };
    int64_t e = (i * 7919) % 100000;
    char person [40], unit [40], number [48], year [12];
    snprintf (unit, sizeof unit, "SP1D%02dT%02dS", (int) (e / 2500 + 1), (int) (e / 100 % 25 + 1));
    snprintf (person, sizeof person, "SP1D%02dT%02dE%03d", (int) (e / 2500 + 1), (int) (e / 100 % 25 + 1),
              (int) (e % 100 + 1));
    int64_t occurred_ms = options->starts_ms + (i * 26777) % (options->ends_ms - options->starts_ms - 60000);
    //  The month's year: a day after its first instant, in whatever zone the plant counts.
    time_t seconds = (time_t) (options->starts_ms / 1000 + 86400);
    struct tm tm;
    gmtime_r (&seconds, &tm);
    snprintf (year, sizeof year, "%04d", tm.tm_year + 1900);
    snprintf (number, sizeof number, "SP1-V%s-%06lld", year, (long long) i);

    Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
    violation.id = i;
    violation.number = number;
    violation.type = types [i % 3];
    violation.person_code = person;
    violation.unit_code = unit;
    violation.plant_code = (char *) "SP1";
    violation.description = (char *) "未系安全带登高作业";
    violation.location = (char *) "二号车间三层平台";
    violation.occurred_ms = occurred_ms;
    violation.recorded_by = (char *) "bench.recorder";
    return bench_event_envelope ("inspection.violation_recorded", "violation", number, "SP1", occurred_ms,
                                 &violation.base, event_id, size);
}

static uint8_t *
s_event (void *arg, int64_t index, int64_t occurred_ms, char *id, size_t *size)
{
    (void) occurred_ms;
    return s_violation_event (arg, index, id, size);
}

//  Writes the events, PIPELINE at a time; prints how many and how long it took.
static int
s_publish (const s_options_t *options)
{
    const bench_publish_t publish = {
        .who = "scoring_bench", .redis_port = options->redis_port, .stream = options->stream,
        .type = "inspection.violation_recorded", .plant = "SP1", .first = 1, .count = options->events,
        .pipeline = PIPELINE, .event = s_event, .arg = (void *) options
    };
    return bench_publish (&publish);
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: scoring_bench --endpoint E set-clock --ms MS\n"
        "       scoring_bench --endpoint E close --plant P --month YYYY-MM\n"
        "       scoring_bench publish --redis-port N --stream S --events N --starts-ms A --ends-ms B\n"
        "set-clock: the daemon's business time. close: one scoring.CloseMonth, prints seconds and the\n"
        "month's result. publish: N inspection.violation_recorded events of the bench enterprise onto\n"
        "stream S, prints events seconds events_per_s. Run it through ./deploy/bench scoring.\n");
}

static bool
s_options_valid (const s_options_t *options)
{
    if (!options->action)
        return false;
    if (strcmp (options->action, "set-clock") == 0)
        return options->endpoint && options->clock_ms > 0;
    if (strcmp (options->action, "close") == 0)
        return options->endpoint && options->plant && options->month;
    if (strcmp (options->action, "publish") == 0)
        return options->stream && options->redis_port > 0 && options->events >= 1
            && options->ends_ms - options->starts_ms > 60000;
    return false;
}

int
main (int argc, char **argv)
{
    s_options_t options = { 0 };
    //  Calls authenticated with SF_KEY (and the daemons' keys in SF_KEYS_DIR) when it is set.
    char *keys_zh = NULL, *keys_en = NULL;
    if (sf_keys_set_identity_from_env (&keys_zh, &keys_en)) {
        fprintf (stderr, "%s\n%s\n", keys_zh, keys_en);
        return 2;
    }
    static const struct option long_options [] = {
        { "endpoint", required_argument, NULL, 'e' },
        { "plant", required_argument, NULL, 'p' },
        { "month", required_argument, NULL, 'M' },
        { "ms", required_argument, NULL, 'm' },
        { "redis-port", required_argument, NULL, 'R' },
        { "stream", required_argument, NULL, 'S' },
        { "events", required_argument, NULL, 'n' },
        { "starts-ms", required_argument, NULL, 'a' },
        { "ends-ms", required_argument, NULL, 'b' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "e:p:M:m:R:S:n:a:b:h", long_options, NULL)) != -1)
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 'p': options.plant = optarg; break;
            case 'M': options.month = optarg; break;
            case 'm': options.clock_ms = atoll (optarg); break;
            case 'R': options.redis_port = atoi (optarg); break;
            case 'S': options.stream = optarg; break;
            case 'n': options.events = atoll (optarg); break;
            case 'a': options.starts_ms = atoll (optarg); break;
            case 'b': options.ends_ms = atoll (optarg); break;
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
    return strcmp (options.action, "publish") == 0? s_publish (&options): s_admin_call (&options);
}
