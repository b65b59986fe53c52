/*  lesson_target: the units a lesson reaches and why (README_publish.md, "Matching"): the
    units named in the request, and, when asked, the units whose current hazard identification
    list (the copy lesson_hazard_copy.c keeps) holds an item of one of the lesson's tags,
    narrowed to the lesson's factors; a post's list reaches its parent team. PreviewTargets
    shows the result, PublishLesson stores it (lesson_publish_routes.c).                    */
#ifndef LESSON_TARGET_H_INCLUDED
#define LESSON_TARGET_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_rpc_server.h"

#include <stdbool.h>
#include <stddef.h>

//  Reasons kept per target; Target.reason_count says how many there were.
#define LESSON_TARGET_REASONS_MAX 5

//  The targets of lesson for the units named (count of them) and, when match, the matching
//  units, by unit code, on the call's session; changes nothing. 0 with *targets set (the
//  caller destroys it with sf_pb_destroy), or -1 with the call failed: a named unit unknown
//  (not_found), inactive, not a department, team or post, or outside the lesson's scope
//  (invalid_argument); no target at all or more than lesson_rule max_targets
//  (failed_precondition); the database.
int lesson_target_compute (sf_call_t *call, const Lesson__Lesson *lesson, char *const *units, size_t count,
                           bool match, Lesson__Targets **targets);

//  Fills reason's reason_zh and reason_en from its other fields and the names of its hazard
//  unit (of kind, directory.Kind), accident type and tag.
void lesson_target_reason_text (Lesson__MatchReason *reason, int kind, const char *unit_zh, const char *unit_en,
                                int seq, const char *type_zh, const char *type_en, const char *tag_zh,
                                const char *tag_en);

#endif
