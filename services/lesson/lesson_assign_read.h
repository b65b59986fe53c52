/*  lesson_assign_read: the assign area's reads. ListAssignments lists one lesson's
    assignments (those of the units within the actor's grants) or one unit's lesson history
    (the unit and every unit below it), newest first, paged on id; GetProgress counts one
    lesson's assignments by how far they got, in one query. And the units the rpc server
    checks the actor's grants against before each (sf_route_t.scope_of).                   */
#ifndef LESSON_ASSIGN_READ_H_INCLUDED
#define LESSON_ASSIGN_READ_H_INCLUDED

#include "sf_rpc_server.h"

//  ListAssignments: the lesson's scope unit (lesson_id) or the unit named (unit_code). 1
//  (the handler answers) when neither or both are given, or the lesson is unknown.
sf_scope_of_fn lesson_assign_list_units;
//  GetProgress: the lesson's scope unit; 1 when there is no such lesson.
sf_scope_of_fn lesson_assign_progress_units;

void lesson_assign_list (sf_call_t *call);
void lesson_assign_progress (sf_call_t *call);

#endif
