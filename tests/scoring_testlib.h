/*  scoring_testlib: what the black-box scoring tests share: the directory and inspection
    daemons (rectification when asked: it_rectification_start) and the scoring daemon on a
    stream prefix of their own, each with a settable clock, the org of inspection_testlib.h
    (<p>C, <p>HQ, plant <p>P with departments <p>D1 <p>D2, teams <p>D1T1..<p>D2T3, a post
    <team>S per team with employees <team>E1, <team>E2), and accounts of the scoring daemon's
    org copy, each with a client in stack:
      ehs      ehs on C
      manager  plant_safety_manager on P
      officer  safety_officer on D1 (employee D1T2E2)
      head     department_head on D1 (employee D1T3E1)
      leader   team_leader on D1T1 (employee D1T1E1)
      worker   worker on D1T1S (employee D1T1E2)
      other    worker on D2T1S (employee D2T1E2)
    Events of training and lesson are written to their streams by sc_publish (the stream
    contract: an envelope as any producer writes it), so a test needs no training or lesson
    daemon to score their kinds.                                                            */
#ifndef SCORING_TESTLIB_H_INCLUDED
#define SCORING_TESTLIB_H_INCLUDED

#include "inspection_testlib.h"
#include "scoring.pb-c.h"

#include <stdbool.h>

#define SCORING_BINARY "services/scoring/sf-scoring"

typedef struct {
    it_stack_t base;
    sf_test_daemon_t scoring;
    char schema [64];            //  the scoring daemon's
    sf_db_t *db;                 //  on it
    sf_rpc_client_t *ehs, *manager, *officer, *head, *leader, *worker, *other;
} sc_stack_t;

//  Starts the daemons, builds the org and the accounts, and waits until the scoring daemon's
//  copy knows every unit.
void sc_stack_start (sc_stack_t *stack, const char *name);
//  The same with every daemon's business clock frozen at now_ms before the scoring daemon
//  starts: none of its jobs ever runs at real time.
void sc_stack_start_at (sc_stack_t *stack, const char *name, int64_t now_ms);
void sc_stack_stop (sc_stack_t *stack);

//  Starts the scoring daemon again (after a kill or a stop) on the same schema and prefix.
void sc_scoring_restart (sc_stack_t *stack);

//  The code prefix + suffix, in one of 8 rotating buffers.
const char *sc_code (const sc_stack_t *stack, const char *suffix);

//  Sets the business clock of every daemon of the stack.
void sc_set_clock (sc_stack_t *stack, int64_t now_ms);

//  Writes an event to the stream of topic (prefix applied) as a producer would: a fresh
//  event id unless event_id is given, type, aggregate, plant, occurred_ms, payload. Returns
//  the event id (static buffer, valid until the next call).
const char *sc_publish (sc_stack_t *stack, const char *topic, const char *event_id, const char *type,
                        const char *aggregate_type, const char *aggregate_id, const char *plant,
                        int64_t occurred_ms, const ProtobufCMessage *payload);

//  Waits until sql (one count; param may be NULL) on the scoring schema answers exactly
//  count; fails the test after timeout_ms, printing the last answer.
void sc_wait (sc_stack_t *stack, const char *sql, const char *param, int64_t count, int timeout_ms);

//  Sends request through client with key (NULL: a fresh one) and expects status. When OK:
//  the body as descriptor (NULL descriptor: none; sf_pb_destroy). Otherwise NULL, after
//  checking that the refusal explains itself in both languages (printed), its reasons copied
//  into *reason_zh and *reason_en when given (free). A different status fails the test.
void *sc_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key, sf_status_t status,
               const ProtobufCMessageDescriptor *descriptor, char **reason_zh, char **reason_en);

//  An entry written straight into the ledger, as a consumer would write it (codes are
//  suffixes: the prefix is added; team, department "" for none). For tests of what reads the
//  ledger, without waiting for the consumers.
typedef struct {
    const char *month;           //  "YYYY-MM": month and occurred_month
    const char *person;          //  the subject, a person
    const char *unit, *team, *department;
    const char *kind;            //  an event_kind code
    int64_t points;
    int origin;                  //  scoring.EntryOrigin
    int64_t parent;              //  0: none
    int level;                   //  cascade level (factor 0.5 for 1, 0.2 for 2)
    const char *source_key;
    int64_t occurred_ms;
} sc_entry_t;

//  Writes it in plant P under rule version 1. Returns its id.
int64_t sc_entry (sc_stack_t *stack, const sc_entry_t *entry);

//  Unix ms of a UTC date-time "YYYY-MM-DD HH:MM".
int64_t sc_utc_ms (const char *when);

#endif
