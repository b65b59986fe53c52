/*  bench_stats: client threads started together, their calls, their latencies, and the line
    of figures ./deploy/bench reads.                                                         */
#include "bench_stats.h"
#include "sf_clock.h"
#include "envelope.pb-c.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

sf_status_t
bench_call (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_reply_t *reply, char *error,
            size_t error_size)
{
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t status = sf_rpc_client_call_message (client, request, NULL, answer);
    if (status != SF_OK && error && !*error)
        snprintf (error, error_size, "%s: %s %s", request->descriptor->name, sf_status_name (status),
                  answer->reason_en? answer->reason_en: "");
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

void
bench_connect (sf_rpc_client_t *client)
{
    Sf__Health health = SF__HEALTH__INIT;
    sf_reply_t reply;
    sf_rpc_client_call_message (client, &health.base, NULL, &reply);
    sf_reply_clear (&reply);
}

void
bench_stats_wait_start (bench_client_t *self)
{
    pthread_barrier_wait (self->start);
}

void
bench_stats_record (bench_client_t *self, bool ok, int64_t micros, bool retried)
{
    if (retried)
        self->retried++;
    if (!ok) {
        self->failed++;
        return;
    }
    if (self->count == self->capacity) {
        self->capacity = self->capacity? self->capacity * 2: 4096;
        self->latencies_us = realloc (self->latencies_us, self->capacity * sizeof (int64_t));
        assert (self->latencies_us);
    }
    self->latencies_us [self->count++] = micros;
}

static void *
s_client_thread (void *arg)
{
    bench_client_t *self = (bench_client_t *) arg;
    self->body (self);
    return NULL;
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

//  Nearest rank, as deploy/bench computes pgbench's: the smallest value with at least
//  fraction of the samples at or below it.
static double
s_percentile_ms (const int64_t *sorted, size_t count, double fraction)
{
    if (count == 0)
        return 0;
    size_t rank = (size_t) ceil (fraction * (double) count);
    return (double) sorted [rank? rank - 1: 0] / 1000.0;
}

static double
s_cpu_seconds (void)
{
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6;
}

int
bench_stats_run (const char *program, int client_count, bench_client_fn *body, const void *options)
{
    bench_client_t *clients = calloc ((size_t) client_count, sizeof *clients);
    assert (clients);
    pthread_barrier_t start;
    pthread_barrier_init (&start, NULL, (unsigned) client_count + 1);
    for (int i = 0; i < client_count; i++) {
        clients [i] = (bench_client_t) { .options = options, .index = i, .body = body, .start = &start };
        int rc = pthread_create (&clients [i].thread, NULL, s_client_thread, &clients [i]);
        assert (rc == 0);
    }
    pthread_barrier_wait (&start);
    double cpu_started = s_cpu_seconds ();
    int64_t started = sf_clock_mono_us ();
    for (int i = 0; i < client_count; i++)
        pthread_join (clients [i].thread, NULL);
    double elapsed = (double) (sf_clock_mono_us () - started) / 1e6;
    double cpu = s_cpu_seconds () - cpu_started;
    pthread_barrier_destroy (&start);

    size_t ok = 0;
    int64_t failed = 0, retried = 0;
    for (int i = 0; i < client_count; i++) {
        ok += clients [i].count;
        failed += clients [i].failed;
        retried += clients [i].retried;
    }
    int64_t *all = malloc ((ok? ok: 1) * sizeof (int64_t));
    assert (all);
    size_t at = 0;
    for (int i = 0; i < client_count; i++) {
        memcpy (all + at, clients [i].latencies_us, clients [i].count * sizeof (int64_t));
        at += clients [i].count;
        if (*clients [i].first_error)
            fprintf (stderr, "%s: client %d, first failure: %s\n", program, i, clients [i].first_error);
        free (clients [i].latencies_us);
    }
    qsort (all, ok, sizeof (int64_t), s_compare);
    printf ("clients=%d ok=%zu failed=%lld retried=%lld seconds=%.3f cmds_per_s=%.1f "
            "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f cpu_s=%.2f\n",
            client_count, ok, (long long) failed, (long long) retried, elapsed,
            (double) ok / elapsed, s_percentile_ms (all, ok, 0.50), s_percentile_ms (all, ok, 0.99),
            s_percentile_ms (all, ok, 1.0), cpu);
    free (all);
    free (clients);
    return failed == 0 && ok > 0? 0: 1;
}

sf_status_t
bench_set_clock (sf_rpc_client_t *client, int64_t now_ms, char *error, size_t error_size)
{
    Sf__SetClock request = SF__SET_CLOCK__INIT;
    request.now_ms = now_ms;
    sf_status_t status = bench_call (client, &request.base, NULL, error, error_size);
    if (status == SF_OK)
        printf ("clock_ms=%lld\n", (long long) now_ms);
    return status;
}
