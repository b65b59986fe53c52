/*  lesson_tags: what a lesson can be about, as data (table lesson_tag, 001_rules.sql): the
    list every client shows, and the check of a lesson's tags against it.                   */
#ifndef LESSON_TAGS_H_INCLUDED
#define LESSON_TAGS_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_db.h"

#include <stddef.h>

//  Every tag, by code, on the heap (sf_pb_destroy frees it); NULL on a database error.
Lesson__TagList *lesson_tags_list (sf_db_t *db);

//  The index of the first of codes that is no tag's code; count when all are known, -1 on a
//  database error.
int lesson_tags_first_unknown (sf_db_t *db, char *const *codes, size_t count);

#endif
