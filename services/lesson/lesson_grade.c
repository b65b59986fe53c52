/*  lesson_grade: the grading table read once per use, then applied in C.                    */
#include "lesson_grade.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  The figures in the order that decides the criterion when two reach the same grade
//  (accident_grade_rule.criterion).
static const char *const s_criteria [] = { "deaths", "serious_injuries", "direct_loss_yuan" };
#define S_CRITERIA (sizeof s_criteria / sizeof s_criteria [0])

typedef struct {
    int grade;
    char *name_zh;
    char *name_en;
} s_grade_t;

typedef struct {
    int grade;
    size_t criterion;            //  index into s_criteria
    int64_t min_value;
    char *source;
} s_rule_t;

struct _lesson_grading_t {
    s_grade_t *grades;
    size_t grade_count;
    s_rule_t *rules;
    size_t rule_count;
};

lesson_grading_t *
lesson_grading_load (sf_db_t *db)
{
    sf_rows_t *grades = sf_db_query (db, "SELECT grade, name_zh, name_en FROM accident_grade ORDER BY grade", 0, NULL);
    sf_rows_t *rules = grades? sf_db_query (db, "SELECT grade, criterion, min_value, source FROM accident_grade_rule"
                                                " ORDER BY grade, criterion", 0, NULL): NULL;
    if (!rules) {
        sf_rows_destroy (&grades);
        return NULL;
    }
    lesson_grading_t *self = calloc (1, sizeof *self);
    assert (self);
    self->grades = calloc ((size_t) sf_rows_count (grades) + 1, sizeof *self->grades);
    self->rules = calloc ((size_t) sf_rows_count (rules) + 1, sizeof *self->rules);
    assert (self->grades && self->rules);
    for (int row = 0; row < sf_rows_count (grades); row++) {
        s_grade_t *grade = &self->grades [self->grade_count++];
        grade->grade = (int) sf_rows_int (grades, row, 0);
        grade->name_zh = strdup (sf_rows_text (grades, row, 1));
        grade->name_en = strdup (sf_rows_text (grades, row, 2));
    }
    for (int row = 0; row < sf_rows_count (rules); row++) {
        //  The table's CHECK allows only the three figures.
        size_t criterion = 0;
        while (criterion < S_CRITERIA && strcmp (s_criteria [criterion], sf_rows_text (rules, row, 1)) != 0)
            criterion++;
        assert (criterion < S_CRITERIA);
        s_rule_t *rule = &self->rules [self->rule_count++];
        rule->grade = (int) sf_rows_int (rules, row, 0);
        rule->criterion = criterion;
        rule->min_value = sf_rows_int (rules, row, 2);
        rule->source = strdup (sf_rows_text (rules, row, 3));
    }
    sf_rows_destroy (&grades);
    sf_rows_destroy (&rules);
    return self;
}

void
lesson_grading_destroy (lesson_grading_t **self_p)
{
    lesson_grading_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->grade_count; i++) {
        free (self->grades [i].name_zh);
        free (self->grades [i].name_en);
    }
    for (size_t i = 0; i < self->rule_count; i++)
        free (self->rules [i].source);
    free (self->grades);
    free (self->rules);
    free (self);
    *self_p = NULL;
}

//  The highest grade a figure reaches by its rules; 0 when it reaches none.
static int
s_reached (const lesson_grading_t *self, size_t criterion, int64_t value)
{
    int reached = 0;
    for (size_t i = 0; i < self->rule_count; i++) {
        const s_rule_t *rule = &self->rules [i];
        if (rule->criterion == criterion && value >= rule->min_value && rule->grade > reached)
            reached = rule->grade;
    }
    return reached;
}

static void
s_set_names (const lesson_grading_t *self, Lesson__Grade *grade)
{
    for (size_t i = 0; i < self->grade_count; i++)
        if (self->grades [i].grade == (int) grade->grade) {
            sf_pb_set (&grade->name_zh, self->grades [i].name_zh);
            sf_pb_set (&grade->name_en, self->grades [i].name_en);
        }
}

void
lesson_grading_grade (const lesson_grading_t *self, int64_t deaths, int64_t serious_injuries,
                      int64_t direct_loss_yuan, Lesson__Grade *grade)
{
    const int64_t figures [S_CRITERIA] = { deaths, serious_injuries, direct_loss_yuan };
    int highest = 0;
    size_t decided = S_CRITERIA;
    for (size_t c = 0; c < S_CRITERIA; c++) {
        int reached = s_reached (self, c, figures [c]);
        if (reached > highest) {
            highest = reached;
            decided = c;
        }
    }
    grade->grade = highest? (Lesson__AccidentGrade) highest: LESSON__ACCIDENT_GRADE__GRADE_NONE;
    sf_pb_set (&grade->criterion, highest? s_criteria [decided]: "");
    s_set_names (self, grade);
    lesson_grading_basis (self, grade);
}

void
lesson_grading_basis (const lesson_grading_t *self, Lesson__Grade *grade)
{
    //  The rule that decided; without one, the lowest grade's rules, joined.
    int lowest = 0;
    for (size_t i = 0; i < self->rule_count; i++) {
        const s_rule_t *rule = &self->rules [i];
        if (*grade->criterion && rule->grade == (int) grade->grade
        &&  strcmp (s_criteria [rule->criterion], grade->criterion) == 0) {
            sf_pb_set (&grade->basis, rule->source);
            return;
        }
        if (!lowest || rule->grade < lowest)
            lowest = rule->grade;
    }
    size_t size = 1;
    for (size_t i = 0; i < self->rule_count; i++)
        if (self->rules [i].grade == lowest)
            size += strlen (self->rules [i].source) + 2;
    char *basis = calloc (1, size);
    assert (basis);
    for (size_t c = 0; c < S_CRITERIA; c++)
        for (size_t i = 0; i < self->rule_count; i++)
            if (self->rules [i].grade == lowest && self->rules [i].criterion == c) {
                if (*basis)
                    strcat (basis, "; ");
                strcat (basis, self->rules [i].source);
            }
    sf_pb_set (&grade->basis, basis);
    free (basis);
}

int
lesson_grade_compute (sf_db_t *db, int64_t deaths, int64_t serious_injuries, int64_t direct_loss_yuan,
                      Lesson__Grade *grade)
{
    lesson_grading_t *grading = lesson_grading_load (db);
    if (!grading)
        return -1;
    lesson_grading_grade (grading, deaths, serious_injuries, direct_loss_yuan, grade);
    lesson_grading_destroy (&grading);
    return 0;
}

int
lesson_grade_basis (sf_db_t *db, Lesson__Grade *grade)
{
    lesson_grading_t *grading = lesson_grading_load (db);
    if (!grading)
        return -1;
    lesson_grading_basis (grading, grade);
    lesson_grading_destroy (&grading);
    return 0;
}
