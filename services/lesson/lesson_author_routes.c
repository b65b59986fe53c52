/*  lesson_author_routes: the author area's part of the route table (lesson.h,
    README_author.md "Routes"): the tags and the grading anyone may read, lessons written by
    hand or made from an inspection record by those who write them, and lessons read within
    the actor's grants. The handlers are in lesson_author_*.c (lesson_author.h).             */
#include "lesson.h"
#include "lesson_author.h"
#include "lesson_author_messages.h"
#include "lesson_grade.h"
#include "lesson_tags.h"
#include "sf_pb.h"
#include "sf_scope.h"

static void
s_list_tags (sf_call_t *call)
{
    Lesson__TagList *list = lesson_tags_list (call->db);
    if (!list)
        sf_call_fail_db (call, "reading the tags");
    else
        sf_call_reply (call, &list->base);
    sf_pb_destroy (&list);
}

static void
s_grade_accident (sf_call_t *call)
{
    const Lesson__GradeAccident *request = SF_CALL_BODY (call, Lesson__GradeAccident);
    const struct { const char *zh, *en; int64_t value; } figures [] = {
        { "死亡人数", "deaths", request->deaths },
        { "重伤人数", "serious_injuries", request->serious_injuries },
        { "直接经济损失", "direct_loss_yuan", request->direct_loss_yuan }
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures [0]; i++)
        if (figures [i].value < 0) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_NEGATIVE, figures [i].zh, figures [i].en,
                          (long long) figures [i].value);
            return;
        }
    Lesson__Grade *grade = sf_pb_new (&lesson__grade__descriptor);
    if (lesson_grade_compute (call->db, request->deaths, request->serious_injuries, request->direct_loss_yuan, grade))
        sf_call_fail_db (call, "grading an accident");
    else
        sf_call_reply (call, &grade->base);
    sf_pb_destroy (&grade);
}

//  A new lesson's scope unit, or the actor's unit when the request names none: sf_rpc_scope
//  fills an empty scope field for reads only and refuses a write naming no unit, so the
//  writes name theirs through scope_of, and the handler stores the same unit.
static int
s_create_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Lesson__CreateLesson *request = SF_CALL_BODY (call, Lesson__CreateLesson);
    sf_scope_units_add (units, lesson_author_unit (call, request->lesson? request->lesson->scope_unit: ""));
    return 0;
}

//  The same for a lesson made from an inspection record (the record's own unit is checked
//  by the handler, once inspection has said which it is).
static int
s_from_inspection_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Lesson__CreateLessonFromInspection *request = SF_CALL_BODY (call, Lesson__CreateLessonFromInspection);
    sf_scope_units_add (units, lesson_author_unit (call, request->scope_unit));
    return 0;
}

#define S_ROUTE(name, reply_name, fn) \
    .request = &lesson__##name##__descriptor, .reply = &lesson__##reply_name##__descriptor, .handler = fn

const sf_route_t lesson_author_routes [] = {
    { S_ROUTE (list_tags, tag_list, s_list_tags) },
    { S_ROUTE (grade_accident, grade, s_grade_accident) },
    { S_ROUTE (create_lesson, lesson, lesson_author_create), .writes = true, .roles = LESSON_AUTHOR_ROLES,
      .required = "lesson", .scope_of = s_create_units },
    //  Alone: it waits for inspection's answer, which must not hold a group's commands.
    { S_ROUTE (create_lesson_from_inspection, lesson, lesson_author_from_inspection), .writes = true, .alone = true,
      .roles = LESSON_AUTHOR_ROLES, .required = "number", .scope_of = s_from_inspection_units },
    { S_ROUTE (get_lesson, lesson, lesson_author_get), .scope_of = lesson_author_lesson_units, .lookup = true },
    { S_ROUTE (list_lessons, lesson_list, lesson_author_list), .scope = "unit_code" },
    { 0 }
};
