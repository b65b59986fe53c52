/*  bench_stats: what the benchmark clients share. A run starts N client threads together,
    each sending one command at a time and recording how long each took; when they are done
    it prints the one line of key=value pairs that ./deploy/bench reads: commands per second,
    latency percentiles (nearest rank, as the script computes pgbench's), failures, retries
    and the process's CPU time. Commands go as generated messages, the first failure kept
    for the report.                                                                         */
#ifndef BENCH_STATS_H_INCLUDED
#define BENCH_STATS_H_INCLUDED

#include "sf_rpc_client.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _bench_client_t bench_client_t;

//  The body of a client thread: connects, calls bench_stats_wait_start, then sends commands
//  until its time is up, recording each with bench_stats_record.
typedef void (bench_client_fn) (bench_client_t *self);

//  One client thread and what it measured.
struct _bench_client_t {
    const void *options;         //  the program's, passed through to the body
    int index;
    bench_client_fn *body;
    pthread_barrier_t *start;
    pthread_t thread;
    int64_t *latencies_us;       //  one per command answered ok
    size_t count;
    size_t capacity;
    int64_t failed;
    int64_t retried;             //  commands that needed more than one attempt
    char first_error [256];
};

//  Sends request (sf_rpc_client_call_message, a fresh key) and returns the reply's status
//  (unavailable when nothing answered); the first failure, "type: status reason", goes to
//  error while it is empty. reply (may be NULL) keeps the answer, cleared by the caller.
sf_status_t
    bench_call (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_reply_t *reply, char *error,
                size_t error_size);

//  Moves the daemon's business clock to now_ms (sf.SetClock; the daemon runs with a settable
//  clock) and prints "clock_ms=<now_ms>" when it did; the status, error as bench_call's.
sf_status_t
    bench_set_clock (sf_rpc_client_t *client, int64_t now_ms, char *error, size_t error_size);

//  Connects client before the clock starts: an sf.Health call, a read that writes nothing.
void
    bench_connect (sf_rpc_client_t *client);

//  Waits until every client is connected: the clock starts then.
void
    bench_stats_wait_start (bench_client_t *self);

//  Records one command: its latency when it was answered ok, a failure otherwise.
void
    bench_stats_record (bench_client_t *self, bool ok, int64_t micros, bool retried);

//  Runs client_count threads of body with options and prints the line; program names the
//  client in messages. Returns the exit status: 0 when every command succeeded and some did,
//  else 1.
int
    bench_stats_run (const char *program, int client_count, bench_client_fn *body, const void *options);

#endif
