/*  inspection_lec_test: the LEC arithmetic against the published tables, without a
    database: worked examples, D on and beside every threshold, and values the tables do
    not hold. Products of table values never land on 320 or 160, so those two thresholds
    are checked on the nearest products either side and directly on the grading.        */
#include "inspection_lec.h"
#include "sf_testkit.h"

#include <string.h>

//  Assesses l x e x c and checks D (as text) and the grade.
static void
s_expect (const char *l, const char *e, const char *c, const char *d, int grade)
{
    inspection_lec_t lec;
    char bad = 'x';
    if (inspection_lec_assess (l, e, c, &lec, &bad) != 0) {
        fprintf (stderr, "%s x %s x %s refused (bad %c)\n", l, e, c, bad);
        SF_CHECK (false);
    }
    SF_CHECK (bad == 0);
    if (strcmp (lec.d, d) != 0 || lec.grade->grade != grade) {
        fprintf (stderr, "%s x %s x %s = %s grade %d, expected %s grade %d\n", l, e, c, lec.d,
                 lec.grade->grade, d, grade);
        SF_CHECK (false);
    }
}

static void
s_refused (const char *l, const char *e, const char *c, char bad_factor)
{
    inspection_lec_t lec;
    char bad = 0;
    SF_CHECK (inspection_lec_assess (l, e, c, &lec, &bad) == -1);
    if (bad != bad_factor) {
        fprintf (stderr, "%s x %s x %s: bad %c, expected %c\n", l, e, c, bad, bad_factor);
        SF_CHECK (false);
    }
}

static void
test_tables (void)
{
    //  7 likelihoods, 6 exposures, 6 consequences, 5 grades from the most dangerous down.
    int counts [3] = { 0 };
    for (size_t i = 0; i < inspection_lec_value_count; i++) {
        const inspection_lec_value_t *row = &inspection_lec_values [i];
        counts [row->factor == 'L'? 0: row->factor == 'E'? 1: 2]++;
        SF_CHECK (row->factor == 'L' || row->factor == 'E' || row->factor == 'C');
        SF_CHECK (*row->meaning_zh && *row->meaning_en);
        SF_CHECK (inspection_lec_find (row->factor, row->text) == row);
    }
    SF_CHECK (counts [0] == 7 && counts [1] == 6 && counts [2] == 6);
    for (int g = 0; g < INSPECTION_LEC_GRADES; g++) {
        SF_CHECK (inspection_lec_grades [g].grade == g + 1);
        SF_CHECK (inspection_lec_grade (g + 1) == &inspection_lec_grades [g]);
    }
    SF_CHECK (inspection_lec_grade (0) == NULL);
    SF_CHECK (inspection_lec_grade (6) == NULL);
    SF_CHECK_STR (inspection_lec_grade (1)->wording_zh, "极其危险，不能继续作业");
    SF_CHECK_STR (inspection_lec_grade (5)->wording_en, "slightly dangerous, acceptable");

    char allowed [128];
    SF_CHECK_STR (inspection_lec_allowed ('L', ", ", allowed, sizeof allowed), "10, 6, 3, 1, 0.5, 0.2, 0.1");
    SF_CHECK_STR (inspection_lec_allowed ('E', "、", allowed, sizeof allowed), "10、6、3、2、1、0.5");
    SF_CHECK_STR (inspection_lec_allowed ('C', ", ", allowed, sizeof allowed), "100, 40, 15, 7, 3, 1");
    //  A short buffer holds what fits, terminated.
    SF_CHECK_STR (inspection_lec_allowed ('C', ", ", allowed, 9), "100, 40");
}

static void
test_examples (void)
{
    //  Worked examples as textbooks give them.
    s_expect ("6", "6", "7", "252", 2);        //  quite possible, daily, serious injury
    s_expect ("3", "6", "15", "270", 2);
    s_expect ("3", "6", "7", "126", 3);
    s_expect ("1", "6", "7", "42", 4);
    s_expect ("3", "3", "3", "27", 4);
    s_expect ("0.5", "6", "3", "9", 5);
    s_expect ("10", "10", "100", "10000", 1);  //  the largest D
    s_expect ("0.1", "0.5", "1", "0.05", 5);   //  the smallest D
    s_expect ("0.2", "3", "7", "4.2", 5);
    s_expect ("0.5", "0.5", "1", "0.25", 5);
    s_expect ("6", "10", "40", "2400", 1);
}

static void
test_thresholds (void)
{
    //  D on a threshold belongs to the less dangerous grade: 20 is grade 5, 70 grade 4.
    s_expect ("10", "2", "1", "20", 5);
    s_expect ("1", "0.5", "40", "20", 5);
    s_expect ("0.5", "1", "40", "20", 5);
    s_expect ("0.2", "1", "100", "20", 5);
    s_expect ("0.1", "2", "100", "20", 5);
    s_expect ("3", "1", "7", "21", 4);         //  the next product above 20
    s_expect ("1", "10", "7", "70", 4);
    s_expect ("10", "1", "7", "70", 4);
    s_expect ("0.5", "10", "15", "75", 3);     //  the next product above 70
    //  No product lands on 160 or 320: the products either side.
    s_expect ("10", "1", "15", "150", 3);
    s_expect ("3", "0.5", "100", "150", 3);
    s_expect ("6", "10", "3", "180", 2);
    s_expect ("10", "10", "3", "300", 2);
    s_expect ("10", "2", "15", "300", 2);
    s_expect ("3", "3", "40", "360", 1);
    //  And the grading itself, in thousandths of D, on each threshold and just above.
    SF_CHECK (inspection_lec_grade_of (320000)->grade == 2);
    SF_CHECK (inspection_lec_grade_of (320001)->grade == 1);
    SF_CHECK (inspection_lec_grade_of (160000)->grade == 3);
    SF_CHECK (inspection_lec_grade_of (160001)->grade == 2);
    SF_CHECK (inspection_lec_grade_of (70000)->grade == 4);
    SF_CHECK (inspection_lec_grade_of (70001)->grade == 3);
    SF_CHECK (inspection_lec_grade_of (20000)->grade == 5);
    SF_CHECK (inspection_lec_grade_of (20001)->grade == 4);
    SF_CHECK (inspection_lec_grade_of (1)->grade == 5);
}

static void
test_every_product (void)
{
    //  Every combination: D is exact and falls in its grade's published range.
    static const int64_t above [INSPECTION_LEC_GRADES] = { 320000, 160000, 70000, 20000, 0 };
    int combinations = 0;
    for (size_t i = 0; i < inspection_lec_value_count; i++)
        for (size_t j = 0; j < inspection_lec_value_count; j++)
            for (size_t k = 0; k < inspection_lec_value_count; k++) {
                const inspection_lec_value_t *l = &inspection_lec_values [i], *e = &inspection_lec_values [j],
                                             *c = &inspection_lec_values [k];
                if (l->factor != 'L' || e->factor != 'E' || c->factor != 'C')
                    continue;
                inspection_lec_t lec;
                char bad;
                SF_CHECK (inspection_lec_assess (l->text, e->text, c->text, &lec, &bad) == 0);
                SF_CHECK (lec.l == l && lec.e == e && lec.c == c);
                int g = lec.grade->grade - 1;
                SF_CHECK (lec.d_milli > above [g]);
                SF_CHECK (g == 0 || lec.d_milli <= above [g - 1]);
                combinations++;
            }
    SF_CHECK (combinations == 7 * 6 * 6);
}

static void
test_refused (void)
{
    s_refused ("2", "6", "7", 'L');            //  2 is in the E table, not in L
    s_refused ("0.3", "6", "7", 'L');
    s_refused ("6", "4", "7", 'E');
    s_refused ("6", "0.1", "7", 'E');
    s_refused ("6", "6", "5", 'C');
    s_refused ("6", "6", "0.5", 'C');
    s_refused ("", "6", "7", 'L');
    s_refused ("6", "", "7", 'E');
    s_refused ("6", "6", "", 'C');
    s_refused ("-1", "6", "7", 'L');
    s_refused ("1e1", "6", "7", 'L');
    s_refused (" 6", "6", "7", 'L');
    s_refused ("6.", "6", "7", 'L');
    s_refused (".5", "6", "7", 'L');
    s_refused ("0.55", "6", "7", 'L');
    s_refused ("六", "6", "7", 'L');
    s_refused ("6", "6", "100000000000000000000", 'C');
    s_refused ("0.1000001", "6", "7", 'L');
    //  The same number written otherwise is the table's value, shown as the table writes it.
    inspection_lec_t lec;
    char bad;
    SF_CHECK (inspection_lec_assess ("10.0", "06", "7.00", &lec, &bad) == 0);
    SF_CHECK_STR (lec.l->text, "10");
    SF_CHECK_STR (lec.e->text, "6");
    SF_CHECK_STR (lec.d, "420");
    SF_CHECK (inspection_lec_find ('L', "0.50") == inspection_lec_find ('L', "0.5"));
    SF_CHECK (inspection_lec_find ('X', "1") == NULL);
}

int
main (void)
{
    test_tables ();
    test_examples ();
    test_thresholds ();
    test_every_product ();
    test_refused ();
    printf ("inspection_lec_test: ok\n");
    return 0;
}
