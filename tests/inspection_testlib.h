/*  inspection_testlib: what the black-box inspection tests share: a directory and an
    inspection daemon (and, when asked, a rectification daemon) on a stream prefix of their
    own, a small plant built through the directory, clients acting in given roles for given
    units, and one-line inspection commands.                                                */
#ifndef INSPECTION_TESTLIB_H_INCLUDED
#define INSPECTION_TESTLIB_H_INCLUDED

#include "directory_testlib.h"
#include "inspection.pb-c.h"

#define INSPECTION_BINARY "services/inspection/sf-inspection"
#define RECTIFICATION_DAEMON_BINARY "services/rectification/sf-rectification"

typedef struct {
    char *prefix;                //  stream prefix, unit code prefix and schema stem
    sf_test_daemon_t directory;
    sf_test_daemon_t inspection;
    sf_test_daemon_t rectification;   //  pid 0 unless started
    char rectification_schema [64];
    sf_rpc_client_t *org_admin;  //  of the directory
    sf_rpc_client_t *admin;      //  of the inspection daemon, role admin
    sf_db_t *db;                 //  on the inspection schema
} it_stack_t;

//  Starts the directory and the inspection daemon (settable clock) and builds the plant:
//  <p>C company with its office <p>HQ (a department), <p>P plant, departments <p>D1 <p>D2, teams <p>D1T1..<p>D1T3 and
//  <p>D2T1..<p>D2T3, one post <team>S per team with employees <team>E1, <team>E2;
//  waits until the inspection daemon knows every unit.
void it_stack_start (it_stack_t *stack, const char *name);
//  Starts (or starts again) the rectification daemon on the same prefix, settable clock.
void it_rectification_start (it_stack_t *stack);
void it_stack_stop (it_stack_t *stack);

//  The stack's code prefix + suffix, in one of 8 rotating buffers (not for threads side by
//  side): what each test library's <x>_code answers.
const char *it_code (const it_stack_t *stack, const char *suffix);

//  Waits until schema's sf_org_node holds code (max 15 s).
void it_wait_unit (sf_db_t *db, const char *code);

//  A client of the inspection daemon acting as user with roles for unit.
sf_rpc_client_t *it_client (it_stack_t *stack, const char *user, const char *roles, const char *unit);

//  Sets the business clock of the inspection daemon (and of rectification when it runs).
void it_set_clock (it_stack_t *stack, int64_t now_ms);

//  Waits until sql (one count, param may be NULL) answers at least count; max timeout_ms.
bool it_wait_count (sf_db_t *db, const char *sql, const char *param, int64_t count, int timeout_ms);

//  The id of the task of unit's kind (inspection.TaskKind) and shift on date, or 0.
int64_t it_task_id (it_stack_t *stack, const char *unit, Inspection__TaskKind kind, const char *date, int shift_no);

#endif
