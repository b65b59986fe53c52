/*  lesson_board_store: the wall screen's lessons board (GetLessonBoard) read from the summary
    rows migration 030 keeps in the same transaction as each assignment change: the rows in
    progress of a plant (a partial index), whatever the number of lessons and assignments.   */
#ifndef LESSON_BOARD_STORE_H_INCLUDED
#define LESSON_BOARD_STORE_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_db.h"

#define LESSON_BOARD_LESSONS 20      //  the lessons in progress a board lists, newest first

//  Fills board for plant ("" for the whole enterprise: every plant's assignments, and a row
//  per plant) at now_ms: the lessons in progress, the totals. plant_code is the caller's to
//  set. 0, or -1 on a database error.
int lesson_board_store_read (sf_db_t *db, const char *plant, int64_t now_ms, Lesson__LessonBoard *board);

#endif
