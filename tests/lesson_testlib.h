/*  lesson_testlib: what the black-box lesson tests share (publish, assign, author): the
    directory, inspection and lesson daemons (rectification when asked) on a stream prefix of
    their own, an org of two plants, accounts in the roles lessons need, and one-line lesson
    commands. Codes are the prefix followed by a suffix (ls_code):
      C company, HQ its office (a department);
      P plant "一厂": D1, D2 departments; D1T1..D1T3, D2T1..D2T3 teams ("1部1班"); a post
        <team>S ("操作岗") per team with employees <team>E1, <team>E2 (inspection_testlib.h);
      P2 plant "二厂": P2D1 department, P2D1T1 team, P2D1T1S post.
    Accounts of the lesson daemon's org copy, each with a client in stack: ehs (ehs on C),
    manager (plant_safety_manager on P), manager2 (plant_safety_manager on P2), officer
    (safety_officer on D1T1), worker (worker on D1T1).                                      */
#ifndef LESSON_TESTLIB_H_INCLUDED
#define LESSON_TESTLIB_H_INCLUDED

#include "inspection_testlib.h"
#include "lesson.pb-c.h"

#include <stdbool.h>

#define LESSON_BINARY "services/lesson/sf-lesson"

typedef struct {
    it_stack_t base;             //  directory, inspection (rectification: it_rectification_start)
    sf_test_daemon_t lesson;
    char schema [64];            //  the lesson daemon's
    sf_db_t *db;                 //  on it
    sf_rpc_client_t *ehs, *manager, *manager2, *officer, *worker;
} ls_stack_t;

//  Starts the daemons (each with a settable clock), builds the org and the accounts, and
//  waits until the lesson daemon's copy knows every unit.
void ls_stack_start (ls_stack_t *stack, const char *name);
void ls_stack_stop (ls_stack_t *stack);

//  The code prefix + suffix, in one of 8 rotating buffers (good for a few calls' arguments).
const char *ls_code (const ls_stack_t *stack, const char *suffix);

//  Imports hazard list rows into inspection (ImportHazardCsv as its admin, the header added),
//  each row "unit,year,factor,hazard,accident_type,measures,l,e,c" with "{p}" standing for
//  the prefix, then waits until the lesson daemon's copy holds every list inspection holds,
//  at inspection's version.
void ls_import_hazards (ls_stack_t *stack, const char *rows);

//  A draft lesson: tags comma-separated, factors as inspection.Factor numbers
//  comma-separated ("" none), actions separated by '|', scope a suffix, deadline_on
//  "YYYY-MM-DD" ("" or NULL: the daemon's default).
typedef struct {
    const char *title_zh;
    const char *title_en;
    const char *tags;
    const char *factors;
    const char *actions;
    const char *scope;
    const char *deadline_on;
} ls_lesson_t;

//  A draft through lesson.CreateLesson as ehs (source national, occurred three days ago, one
//  death: a general accident). Returns its id.
int64_t ls_create_lesson (ls_stack_t *stack, const ls_lesson_t *lesson);

//  lesson.PreviewTargets / lesson.PublishLesson of lesson_id with the named units (full
//  codes, NULL-terminated; NULL none) and match, through client (dt_ask: a refusal must
//  explain itself). *result (may be NULL) gets the reply when OK (sf_pb_destroy); reply (may
//  be NULL) gets it whatever it is (sf_reply_clear). Returns the status.
sf_status_t ls_preview (sf_rpc_client_t *client, int64_t lesson_id, const char *const *units, bool match,
                        Lesson__Targets **result, sf_reply_t *reply);
sf_status_t ls_publish (sf_rpc_client_t *client, int64_t lesson_id, const char *const *units, bool match,
                        Lesson__Publication **result, sf_reply_t *reply);

//  The target of unit in targets (count of them), or NULL.
const Lesson__Target *ls_target (Lesson__Target *const *targets, size_t count, const char *unit);

//  Waits until sql (one count; param may be NULL) on db answers exactly count; fails the test
//  after timeout_ms, printing the last answer.
void ls_wait (sf_db_t *db, const char *sql, const char *param, int64_t count, int timeout_ms);

#endif
