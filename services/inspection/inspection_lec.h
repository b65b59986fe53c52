/*  inspection_lec: risk assessment by the LEC method (作业条件危险性评价法), D = L x E x C.
    L, E and C must each be a value of its published table; D is their exact product and
    the grade is the first of the published grades, from the most dangerous down, whose
    threshold D lies above. Values travel as decimal text ("0.5"); the arithmetic is done in
    integers (thousandths of D), so a D that lands on a threshold is graded as published and
    never by a rounding error. The tables are data (inspection_lec_data.c, checked against
    migration 001_rules_lec.sql by a test), never numbers in the code.                    */
#ifndef INSPECTION_LEC_H_INCLUDED
#define INSPECTION_LEC_H_INCLUDED

#include "inspection.pb-c.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INSPECTION_LEC_GRADES 5

//  One row of a published value table: factor is 'L', 'E' or 'C'; text is the value as
//  the table writes it.
typedef struct {
    char factor;
    const char *text;
    const char *meaning_zh;
    const char *meaning_en;
} inspection_lec_value_t;

//  One published grade: it holds each D above d_above (and not above the previous grade's).
typedef struct {
    int grade;
    const char *d_above;
    const char *wording_zh;
    const char *wording_en;
} inspection_lec_grade_t;

//  The published tables (inspection_lec_data.c), as migration 001 ships them.
extern const inspection_lec_value_t inspection_lec_values [];
extern const size_t inspection_lec_value_count;
extern const inspection_lec_grade_t inspection_lec_grades [INSPECTION_LEC_GRADES];  //  grade 1 first
extern const char inspection_lec_value_source [];
extern const char inspection_lec_grade_source [];

//  An assessment.
typedef struct {
    const inspection_lec_value_t *l;
    const inspection_lec_value_t *e;
    const inspection_lec_value_t *c;
    int64_t d_milli;                 //  D x 1000, exact
    char d [16];                     //  D as decimal text: "180", "0.05"
    const inspection_lec_grade_t *grade;
} inspection_lec_t;

//  The row of factor's table whose value text is (as a number: "0.50" finds "0.5"), or
//  NULL when the table has no such value or text is not a plain decimal number.
const inspection_lec_value_t *inspection_lec_find (char factor, const char *text);

//  Assesses l, e and c. Returns 0, or -1 with *bad set to the factor ('L', 'E' or 'C') of
//  the first value its table does not hold.
int inspection_lec_assess (const char *l, const char *e, const char *c, inspection_lec_t *result, char *bad);

//  Sets the fields of risk that an assessment decides (copies): l, e and c as the tables
//  write them, d and the grade. The colour and the grade's wording are the reader's.
void inspection_lec_risk (const inspection_lec_t *lec, Inspection__Risk *risk);

//  The grade of D given in thousandths (any D > 0).
const inspection_lec_grade_t *inspection_lec_grade_of (int64_t d_milli);

//  The published grade 1..5, or NULL.
const inspection_lec_grade_t *inspection_lec_grade (int grade);

//  The values of factor's table for a message: "10、6、3、1、0.5、0.2、0.1" with separator sep
//  ("、" or ", "). Writes at most size bytes; returns buffer.
char *inspection_lec_allowed (char factor, const char *sep, char *buffer, size_t size);

#endif
