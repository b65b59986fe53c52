/*  scoring_score: one cause (an event of another daemon, a day of an overdue form) scored
    under the current rule set: the person's side and the unit's side of its kind's rule, each
    when its points are not 0 and the cause names that side, the person's entry followed by
    its cascades (scoring_cascade.h). A subject the org copy does not know is put aside in
    unscored_event (020_scoring.sql) and logged, never retried.                            */
#ifndef SCORING_SCORE_H_INCLUDED
#define SCORING_SCORE_H_INCLUDED

#include "scoring.h"
#include "sf_envelope.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *kind;            //  the event_kind code
    const char *person;          //  an employee code, or NULL / "": no person side
    const char *unit;            //  a unit code, or NULL / "": no unit side
    int64_t occurred_ms;         //  the business time: picks the month
    const char *source_key;      //  the cause once (the event id, "overdue:<form id>")
    const char *event_id;        //  the source event's id and type
    const char *event_type;
    const char *source_ref;      //  what it is about (a number)
    int item_no;                 //  per-item kinds: the day, 1..; else 0
    bool person_optional;        //  person need not be an employee: else no person side, silently
} scoring_cause_t;

//  Scores cause under the current rule set (state's zone for plants without one; state may
//  be NULL: UTC). Returns the entries written (0 when none: a replay, 0 points, an unknown
//  subject), or -1 on a db error.
int scoring_score_cause (sf_db_t *db, const scoring_state_t *state, const scoring_cause_t *cause);

//  Puts event_id aside as unscored for reason (about subject), logged. 0 or -1.
int scoring_score_unscored (sf_db_t *db, const char *event_id, const char *event_type, const char *subject,
                            const char *reason);

//  The employee code of account login into employee[33]: 1 found (an employee named), 0
//  unknown or without one, -1 on a db error.
int scoring_score_employee_of (sf_db_t *db, const char *login, char employee [33]);

#endif
