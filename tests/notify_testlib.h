/*  notify_testlib: what the black-box notifier tests share: the directory and inspection
    daemons (rectification when asked: it_rectification_start) and the notifier on a stream
    prefix of their own, each with a settable clock, the org of inspection_testlib.h (<p>C,
    <p>HQ, plant <p>P, departments <p>D1 <p>D2, teams <p>D1T1..<p>D2T3 with a post <team>S and
    employees <team>E1, <team>E2), and accounts of the notifier's org copy with clients:
      ehs      ehs on C
      manager  plant_safety_manager on P (employee PE… none: the plant)
      officer  safety_officer on D1 (employee D1T2E2)
      leader   team_leader on D1T1 (employee D1T1E1)
      worker   worker on D1T1S (employee D1T1E2)
    Events of other daemons can be appended with st_publish (stream_testlib.h).              */
#ifndef NOTIFY_TESTLIB_H_INCLUDED
#define NOTIFY_TESTLIB_H_INCLUDED

#include "inspection_testlib.h"
#include "notify.pb-c.h"
#include "stream_testlib.h"

#define NOTIFY_BINARY "services/notify/sf-notify"

typedef struct {
    it_stack_t base;
    sf_test_daemon_t notify;
    char schema [64];            //  the notifier's
    sf_db_t *db;                 //  on it
    sf_rpc_client_t *ehs, *manager, *officer, *leader, *worker;
} nt_stack_t;

//  Starts the daemons (extra_env added to the notifier's environment, may be NULL), builds
//  the org and the accounts, waits until the notifier's copy knows every unit.
void nt_stack_start (nt_stack_t *stack, const char *name, const char *extra_env);
void nt_stack_stop (nt_stack_t *stack);

//  The code prefix + suffix, in one of 8 rotating buffers (not for threads side by side).
const char *nt_code (const nt_stack_t *stack, const char *suffix);

//  Waits until sql (one count; param may be NULL) on the notifier's schema answers exactly
//  count; fails the test after timeout_ms, printing the last answer.
void nt_wait (nt_stack_t *stack, const char *sql, const char *param, int64_t count, int timeout_ms);

#endif
