/*  lesson_grade: the accident grade of 国务院令第493号《生产安全事故报告和调查处理条例》
    Art. 3 from an accident's three figures, read from accident_grade and accident_grade_rule
    (migrations/001_rules.sql): the rule's numbers live in the table with their source, none
    in C.
    A grade starts at its rule's min_value ("以上" includes the number) and ends below the
    next grade's min_value for the same figure ("以下" does not). The accident takes the
    highest grade any of deaths, serious_injuries and direct_loss_yuan reaches; the
    criterion is the first of the three, in that order, reaching it, and the basis that
    rule's source. No figure reaching any rule: GRADE_NONE, no criterion, and as basis the
    sources of the lowest grade's rules (what it would have taken).                          */
#ifndef LESSON_GRADE_H_INCLUDED
#define LESSON_GRADE_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_db.h"

#include <stdint.h>

typedef struct _lesson_grading_t lesson_grading_t;

//  The grades and their rules as the tables hold them now. NULL on a database error.
lesson_grading_t *lesson_grading_load (sf_db_t *db);
void lesson_grading_destroy (lesson_grading_t **self_p);

//  Fills grade (grade, name_zh, name_en, criterion, basis) for the figures, each >= 0 (the
//  caller refuses negative figures before).
void lesson_grading_grade (const lesson_grading_t *self, int64_t deaths, int64_t serious_injuries,
                           int64_t direct_loss_yuan, Lesson__Grade *grade);

//  Fills grade->basis from grade->grade and grade->criterion (a stored lesson's grade).
void lesson_grading_basis (const lesson_grading_t *self, Lesson__Grade *grade);

//  The same, loading the tables for one use. 0, or -1 on a database error.
int lesson_grade_compute (sf_db_t *db, int64_t deaths, int64_t serious_injuries, int64_t direct_loss_yuan,
                          Lesson__Grade *grade);
int lesson_grade_basis (sf_db_t *db, Lesson__Grade *grade);

#endif
