/*  fault_testlib: what the fault tests of issue 9 share. They check a daemon from outside,
    as a client meets it, while something goes wrong: a PostgreSQL of the test's own that can
    be frozen (SIGSTOP) without disturbing the tests beside it; raw DEALER sockets that say
    exactly which deadline a request carries and see exactly when its reply arrives (the
    rpc client retries, which would hide both); latency samples; the daemon's memory read
    from /proc; and a tree big enough that an unbounded list would show.

    Every number a test measures is printed on stdout as a "measured:" line, to be copied
    into the README's reliability section.                                                   */
#ifndef FAULT_TESTLIB_H_INCLUDED
#define FAULT_TESTLIB_H_INCLUDED

#include "directory_testlib.h"
#include "sf_envelope.h"

#include <czmq.h>
#include <stdint.h>

//  --------------------------------------------------------------------------------------
//  A PostgreSQL of the test's own

typedef struct _ft_pg_t ft_pg_t;

//  Starts a cluster with deploy/lib.sh (sf_pg_start) in a folder under SF_STATE_DIR, on a
//  free port below the kernel's ephemeral range, and points SF_DB_URL of this process (and
//  so of every daemon it starts and every sf_test_db) at it. A guard process, started
//  first and outside the test's process tree, thaws and deletes the cluster when the test
//  ends in any way (a failed check, a crash, ctest's timeout kill): a frozen cluster must
//  never outlive its test. Exits the test when the cluster does not start.
ft_pg_t *ft_pg_new (void);
//  Thaws, stops and deletes the cluster now (the guard then has nothing left to do).
void ft_pg_destroy (ft_pg_t **self_p);
//  SIGSTOP to the postmaster, then to each of its children: connections are accepted by
//  the kernel and go unanswered, running statements hang, as with a hung database server.
void ft_pg_freeze (ft_pg_t *self);
//  SIGCONT to the postmaster and its children.
void ft_pg_thaw (ft_pg_t *self);

//  --------------------------------------------------------------------------------------
//  Requests on raw sockets

//  A DEALER connected to endpoint with the given high-water marks (0: none), set before
//  connecting; linger 0.
zsock_t *ft_dealer (const char *endpoint, int sndhwm, int rcvhwm);

//  The encoded sf.Request: message (NULL: type with an empty body, e.g. "sf.Health") as user
//  "tester" with role org_admin, with request_id, key (NULL: none) and an absolute deadline
//  (0: none). Caller frees.
uint8_t *ft_request_frame (const char *type, const ProtobufCMessage *message, const char *request_id,
                           const char *key, int64_t deadline_ms, size_t *size);

//  Sends frame without waiting. Returns 0, or -1 when ZeroMQ would block.
int ft_send (zsock_t *dealer, const uint8_t *frame, size_t size);

//  Waits until wait_until_ms (wall clock) for the reply to request_id, dropping replies to
//  others. Returns 0 with reply filled and *arrived_ms its wall-clock arrival, or -1.
int ft_wait_reply (zsock_t *dealer, const char *request_id, int64_t wait_until_ms, sf_reply_t *reply,
                   int64_t *arrived_ms);

//  One request with deadline deadline_ms, waiting for its reply until deadline_ms + watch_ms
//  (so that a late reply is seen, and how late). Returns 0 with reply and arrival, or -1.
int ft_call (zsock_t *dealer, const char *type, const ProtobufCMessage *message, const char *key,
             int64_t deadline_ms, int watch_ms, sf_reply_t *reply, int64_t *arrived_ms);

//  sf.Health with a deadline timeout_ms away, waiting as long again. Returns the round trip
//  in ms with *health filled (caller clears), or -1 when no reply came.
int64_t ft_health (zsock_t *dealer, int timeout_ms, sf_health_t *health);

//  A fresh request id: "<prefix>-<n>", unique in this process. Caller frees.
char *ft_request_id (const char *prefix);

//  --------------------------------------------------------------------------------------
//  Measuring

typedef struct _ft_samples_t ft_samples_t;

ft_samples_t *ft_samples_new (void);
void ft_samples_destroy (ft_samples_t **self_p);
//  Thread-safe.
void ft_samples_add (ft_samples_t *self, double value);
size_t ft_samples_count (ft_samples_t *self);
//  The p-th percentile (0-100) by nearest rank; 0 when there are none.
double ft_samples_percentile (ft_samples_t *self, double p);
double ft_samples_max (ft_samples_t *self);

//  A field of /proc/<pid>/status in kB (e.g. "VmRSS", "VmHWM"); -1 when unreadable.
int64_t ft_proc_kb (int pid, const char *field);

//  A thread reading the daemon's VmRSS every few milliseconds and keeping its peak.
typedef struct _ft_rss_watch_t ft_rss_watch_t;
ft_rss_watch_t *ft_rss_watch_new (int pid);
//  The highest VmRSS seen so far, kB.
int64_t ft_rss_watch_peak_kb (ft_rss_watch_t *self);
void ft_rss_watch_destroy (ft_rss_watch_t **self_p);

//  The default of a setting as the daemon's --help prints it; -1 when the daemon has no
//  such setting.
int64_t ft_setting_default (const char *binary, const char *key);

//  --------------------------------------------------------------------------------------
//  The directory

//  Imports (directory.ImportCsv) a tree: company <prefix>C, plant <prefix>P, department
//  <prefix>D, team <prefix>T, post <prefix>S and employees <prefix>E00000.. under it.
//  Their list, unpaged, is about 80 bytes a node.
void ft_import_tree (sf_rpc_client_t *client, const char *prefix, int employees);

//  directory.CreateNode of employee code under parent.
void ft_create_employee (Directory__CreateNode *create, const char *code, const char *parent);

#endif
