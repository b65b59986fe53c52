/*  inspection_lec: the LEC arithmetic. Every number, from a request or from the tables, is
    read into millionths by one parser; table values have at most one decimal, so the
    product of three of them is a whole number of thousandths and nothing is rounded.     */
#include "inspection_lec.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define S_INT_DIGITS_MAX 9
#define S_FRACTION_DIGITS 6

//  Plain decimal text ("6", "0.5", "0.50") as millionths; -1 for anything else.
static int
s_micro (const char *text, int64_t *micro)
{
    const char *p = text;
    int64_t whole = 0, fraction = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (++digits > S_INT_DIGITS_MAX)
            return -1;
        whole = whole * 10 + (*p++ - '0');
    }
    if (digits == 0)
        return -1;
    int fraction_digits = 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (++fraction_digits > S_FRACTION_DIGITS)
                return -1;
            fraction = fraction * 10 + (*p++ - '0');
        }
        if (fraction_digits == 0)
            return -1;
    }
    if (*p)
        return -1;
    while (fraction_digits++ < S_FRACTION_DIGITS)
        fraction *= 10;
    *micro = whole * 1000000 + fraction;
    return 0;
}

//  A table's text as millionths; the tables are ours, so a bad one is a bug.
static int64_t
s_table_micro (const char *text)
{
    int64_t micro = 0;
    int rc = s_micro (text, &micro);
    assert (rc == 0);
    (void) rc;
    return micro;
}

const inspection_lec_value_t *
inspection_lec_find (char factor, const char *text)
{
    assert (text);
    int64_t micro;
    if (s_micro (text, &micro))
        return NULL;
    for (size_t i = 0; i < inspection_lec_value_count; i++) {
        const inspection_lec_value_t *row = &inspection_lec_values [i];
        if (row->factor == factor && s_table_micro (row->text) == micro)
            return row;
    }
    return NULL;
}

const inspection_lec_grade_t *
inspection_lec_grade_of (int64_t d_milli)
{
    for (int i = 0; i < INSPECTION_LEC_GRADES; i++)
        if (d_milli * 1000 > s_table_micro (inspection_lec_grades [i].d_above))
            return &inspection_lec_grades [i];
    //  The least dangerous grade starts above 0, and every product of table values is > 0.
    return &inspection_lec_grades [INSPECTION_LEC_GRADES - 1];
}

const inspection_lec_grade_t *
inspection_lec_grade (int grade)
{
    for (int i = 0; i < INSPECTION_LEC_GRADES; i++)
        if (inspection_lec_grades [i].grade == grade)
            return &inspection_lec_grades [i];
    return NULL;
}

//  Tenths of a table value: at most one decimal, as every published value has.
static int64_t
s_tenths (const inspection_lec_value_t *row)
{
    int64_t micro = s_table_micro (row->text);
    assert (micro % 100000 == 0);
    return micro / 100000;
}

int
inspection_lec_assess (const char *l, const char *e, const char *c, inspection_lec_t *result, char *bad)
{
    assert (l && e && c && result && bad);
    memset (result, 0, sizeof *result);
    result->l = inspection_lec_find ('L', l);
    result->e = inspection_lec_find ('E', e);
    result->c = inspection_lec_find ('C', c);
    *bad = !result->l? 'L': !result->e? 'E': !result->c? 'C': 0;
    if (*bad)
        return -1;
    //  Three values in tenths multiply to D in thousandths.
    result->d_milli = s_tenths (result->l) * s_tenths (result->e) * s_tenths (result->c);
    int64_t whole = result->d_milli / 1000, fraction = result->d_milli % 1000;
    int length = snprintf (result->d, sizeof result->d, "%lld", (long long) whole);
    if (fraction) {
        int digits = 3;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        snprintf (result->d + length, sizeof result->d - length, ".%0*lld", digits, (long long) fraction);
    }
    result->grade = inspection_lec_grade_of (result->d_milli);
    return 0;
}

void
inspection_lec_risk (const inspection_lec_t *lec, Inspection__Risk *risk)
{
    sf_pb_set (&risk->l, lec->l->text);
    sf_pb_set (&risk->e, lec->e->text);
    sf_pb_set (&risk->c, lec->c->text);
    sf_pb_set (&risk->d, lec->d);
    risk->grade = lec->grade->grade;
}

char *
inspection_lec_allowed (char factor, const char *sep, char *buffer, size_t size)
{
    assert (buffer && size > 0);
    size_t used = 0;
    buffer [0] = 0;
    for (size_t i = 0; i < inspection_lec_value_count; i++) {
        const inspection_lec_value_t *row = &inspection_lec_values [i];
        if (row->factor != factor)
            continue;
        int n = snprintf (buffer + used, size - used, "%s%s", used? sep: "", row->text);
        if (n < 0 || (size_t) n >= size - used) {
            buffer [used] = 0;          //  whole values only
            break;
        }
        used += n;
    }
    return buffer;
}
