/*  lesson: the daemon's parts and how main.c wires them (README.md, "Inside the daemon").
    Areas, each in files of its own:
    - author (lesson_author_*.c): lessons written or made from inspection's records, their
      grade (lesson_grade.h), the tags;
    - publish (lesson_publish_*.c, lesson_hazard_copy.c, lesson_checks.c): the copy of the
      units' hazard lists, targeting, publishing, and the special checks asked of inspection;
    - assign (lesson_assign_*.c, lesson_selfcheck.c, lesson_escalation.c): the assignments'
      state machine, the self-checks and their findings from inspection and rectification,
      overdue escalation, progress and history.
    The shared pieces: lesson_store.h (rows to messages), lesson_events.h (the outbox).       */
#ifndef LESSON_H_INCLUDED
#define LESSON_H_INCLUDED

#include "sf_config.h"
#include "sf_consumer.h"
#include "sf_rpc_server.h"
#include "sf_scheduler.h"

#define LESSON_TOPIC "lesson"
#define LESSON_INSPECTION_TOPIC "inspection"
#define LESSON_RECTIFICATION_TOPIC "rectification"

//  The service state every handler, consumer and job gets (call->state, the consumers' arg).
typedef struct {
    char *inspection_endpoint;   //  inspection.endpoint ("" when not set)
    char *time_zone;             //  lesson.time_zone: the day a deadline ends in
} lesson_state_t;

//  The route table's parts, each ending with { 0 } (lesson_routes.h joins them).
extern const sf_route_t lesson_author_routes [];
extern const sf_route_t lesson_publish_routes [];
extern const sf_route_t lesson_assign_routes [];

//  inspection.hazard_list_imported: the unit's list replaces its copy (lesson_hazard_copy.c).
//  0 applied or not its type, -1 on a database error.
sf_consumer_fn lesson_hazard_apply;
//  inspection.inspection_done and inspection.task_missed of a lesson's special plan: the
//  assignment's self-check (lesson_selfcheck.c). 0 applied or not its business, -1 error.
sf_consumer_fn lesson_selfcheck_apply;
//  rectification.form_closed and form_cancelled: the finding's outcome, and the assignments
//  it closes (lesson_selfcheck.c).
sf_consumer_fn lesson_outcome_apply;

//  The jobs: special checks sent to inspection (lesson_checks.c) and overdue assignments
//  escalated (lesson_escalation.c), registered with the daemon's scheduler.
void lesson_checks_register (lesson_state_t *state, sf_scheduler_t *scheduler);
void lesson_escalation_register (lesson_state_t *state, sf_scheduler_t *scheduler);

#endif
