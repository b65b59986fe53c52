/*  lesson_author: the author area's handlers (README_author.md), one file each:
    lesson_author_routes.c (the table, ListTags, GradeAccident), lesson_author_create.c
    (CreateLesson and the draft every way of writing a lesson stores), lesson_author_read.c
    (GetLesson, ListLessons), lesson_author_inspection.c (CreateLessonFromInspection).       */
#ifndef LESSON_AUTHOR_H_INCLUDED
#define LESSON_AUTHOR_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_rpc_server.h"

//  Who may write lessons.
#define LESSON_AUTHOR_ROLES "admin,ehs,plant_safety_manager,safety_officer"

//  Checks input (every rule of README_author.md, "Checks"), stores it as a draft with its
//  number, grade and deadline, emits lesson.lesson_created and replies with the lesson.
//  origin_number: the inspection record it was made from ("" for none). Every refusal fails
//  the call with nothing stored.
void lesson_author_store (sf_call_t *call, const Lesson__LessonInput *input, const char *origin_number);

//  The unit a write names, or the actor's when it names none.
const char *lesson_author_unit (const sf_call_t *call, const char *named);

sf_handler_fn lesson_author_create;
sf_handler_fn lesson_author_from_inspection;
sf_handler_fn lesson_author_get;
sf_handler_fn lesson_author_list;
sf_scope_of_fn lesson_author_lesson_units;

#endif
