/*  lesson_assign_machine: the assignment's state machine as one table (README_assign.md
    draws the same): which action starts from which states, where it leads and the event it
    sends. The routes (acknowledge, report), the self-check consumer and the close read it;
    none of them spells a state of its own.

    And the close, which two paths share: a report when none of the self-check's findings is
    open, and rectification's word on the form of the last open finding (the two streams may
    come in any order: "open" is always read from finding_outcome). Closing the last
    assignment of a lesson closes the lesson.                                                 */
#ifndef LESSON_ASSIGN_MACHINE_H_INCLUDED
#define LESSON_ASSIGN_MACHINE_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_rpc_server.h"
#include "sf_status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LESSON_ASSIGN_ACKNOWLEDGE,   //  AcknowledgeAssignment
    LESSON_ASSIGN_SELF_CHECK,    //  inspection.inspection_done of the assignment's plan
    LESSON_ASSIGN_REPORT,        //  ReportAssignment
    LESSON_ASSIGN_CLOSE          //  reported and no finding open
} lesson_assign_action_t;

typedef struct {
    lesson_assign_action_t action;
    unsigned from;                   //  a bit per Lesson__AssignmentStatus it starts from
    Lesson__AssignmentStatus to;
    const char *event;               //  "lesson.assignment_acknowledged"
    sf_text_t name;                  //  what the action makes of it: "签收" / "acknowledged"
} lesson_assign_transition_t;

const lesson_assign_transition_t *lesson_assign_transition (lesson_assign_action_t action);

//  True when action may start from status.
bool lesson_assign_may (lesson_assign_action_t action, int status);

//  The states action starts from as a PostgreSQL array literal ("{1,2}"), for set-based
//  updates: "status = ANY ($n::smallint[])".
void lesson_assign_from_sql (lesson_assign_action_t action, char *buffer, size_t size);

//  The name of a state (zh, en); "-" for a value the enum does not name.
const sf_text_t *lesson_assign_state_name (int status);

//  Closes the reported assignments with no open finding: assignment_id when > 0, else every
//  one holding finding_id. Each gets closed_ms now_ms, version + 1 and lesson.assignment_closed;
//  then each of their lessons whose assignments are all closed is closed (lesson.lesson_closed).
//  Events through call when given, else straight into db's outbox. The assignments concerned
//  are locked (FOR UPDATE) before they are read. Returns how many assignments it closed, or -1
//  on a database error.
int lesson_assign_close (sf_call_t *call, sf_db_t *db, int64_t assignment_id, int64_t finding_id, int64_t now_ms);

#endif
