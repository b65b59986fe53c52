/*  kill9_testlib: what the kill -9 black-box tests share: a command resent until it is
    answered, killing a daemon with SIGKILL at points of progress and starting it again,
    and checking that every event reached its stream, a second entry being allowed only
    where sf_relay.h allows one (a relay pass cut by the kill between XADD and commit,
    published again after the restart).                                                    */
#ifndef KILL9_TESTLIB_H_INCLUDED
#define KILL9_TESTLIB_H_INCLUDED

#include "sf_rpc_client.h"
#include "sf_testkit.h"

#include <czmq.h>
#include <stdatomic.h>

#define K9_KILLS 3

typedef struct {
    int64_t kill_ms [K9_KILLS];      //  just before each kill -9 (zclock_time, as stream ids)
    int64_t dead_ms [K9_KILLS];      //  once the killed daemon was reaped
} k9_kills_t;

//  Sends request with key until it is answered ok or give_up_ms passed, always with the same
//  key, as a client that lost its answer would; a refusal fails the test (a retry that was
//  not recognised as one, or a daemon that lost its footing). Returns the reply as
//  reply_type (sf_pb_destroy), or NULL when it gave up; *resent tells whether it took more
//  than one attempt.
void *k9_send (sf_rpc_client_t *rpc, const ProtobufCMessage *request, const char *key,
               const ProtobufCMessageDescriptor *reply_type, int give_up_ms, bool *resent);

//  Kills daemon when a quarter, half and three quarters of total commands are through (as
//  *done counts them; at most give_up_ms of waiting each), so each kill meets commands in
//  flight, and starts it again; a few milliseconds later or sooner from run to run, so a
//  kill falls now before a commit, now between a commit and its reply, now in a relay pass.
void k9_kill_three_times (sf_test_daemon_t *daemon, atomic_int *done, int total, int give_up_ms,
                          k9_kills_t *kills);

//  Every event id of events (strings) is in stream; duplicates only across a kill. Returns
//  how many such duplicates there were; fails the test otherwise.
int k9_check_stream (const char *stream, zlistx_t *events, const k9_kills_t *kills);

#endif
