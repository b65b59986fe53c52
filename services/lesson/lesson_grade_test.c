/*  lesson_grade_test: the grading of 国务院令第493号 Art. 3 as the schema ships it, on and
    around every boundary of each figure ("以上" includes the number, "以下" does not), and
    mixed figures (the highest grade wins; the first figure reaching it decides).           */
#include "lesson_grade.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t lesson_migrations [];

#define NONE LESSON__ACCIDENT_GRADE__GRADE_NONE
#define GENERAL LESSON__ACCIDENT_GRADE__GRADE_GENERAL
#define LARGER LESSON__ACCIDENT_GRADE__GRADE_LARGER
#define MAJOR LESSON__ACCIDENT_GRADE__GRADE_MAJOR
#define ESPECIALLY LESSON__ACCIDENT_GRADE__GRADE_ESPECIALLY_MAJOR

static lesson_grading_t *s_grading;

static void
s_expect (int64_t deaths, int64_t injuries, int64_t loss, int expected, const char *criterion)
{
    Lesson__Grade *grade = sf_pb_new (&lesson__grade__descriptor);
    lesson_grading_grade (s_grading, deaths, injuries, loss, grade);
    if ((int) grade->grade != expected || strcmp (grade->criterion, criterion) != 0) {
        fprintf (stderr, "%lld deaths, %lld injuries, %lld yuan: grade %d by '%s', expected %d by '%s'\n",
                 (long long) deaths, (long long) injuries, (long long) loss, grade->grade, grade->criterion,
                 expected, criterion);
        abort ();
    }
    SF_CHECK (*grade->name_zh && *grade->name_en);
    //  The basis is the deciding rule's source, or the lowest grade's rules for none.
    SF_CHECK (strstr (grade->basis, "国务院令第493号") && strstr (grade->basis, "Decree No. 493"));
    //  A stored grade gets the same basis back.
    Lesson__Grade *stored = sf_pb_new (&lesson__grade__descriptor);
    stored->grade = grade->grade;
    sf_pb_set (&stored->criterion, grade->criterion);
    lesson_grading_basis (s_grading, stored);
    SF_CHECK_STR (stored->basis, grade->basis);
    sf_pb_destroy (&stored);
    sf_pb_destroy (&grade);
}

static void
s_basis (int64_t deaths, int64_t injuries, int64_t loss, const char *clause)
{
    Lesson__Grade *grade = sf_pb_new (&lesson__grade__descriptor);
    lesson_grading_grade (s_grading, deaths, injuries, loss, grade);
    if (!strstr (grade->basis, clause)) {
        fprintf (stderr, "basis '%s' lacks '%s'\n", grade->basis, clause);
        abort ();
    }
    sf_pb_destroy (&grade);
}

int
main (void)
{
    char *schema = sf_test_unique ("lesson_grade");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "lesson", lesson_migrations) >= 2);
    s_grading = lesson_grading_load (db);
    SF_CHECK (s_grading);

    //  Deaths: 一般 below 3, 较大 3..9, 重大 10..29, 特别重大 30 and more.
    s_expect (0, 0, 0, NONE, "");
    s_expect (1, 0, 0, GENERAL, "deaths");
    s_expect (2, 0, 0, GENERAL, "deaths");
    s_expect (3, 0, 0, LARGER, "deaths");
    s_expect (9, 0, 0, LARGER, "deaths");
    s_expect (10, 0, 0, MAJOR, "deaths");
    s_expect (29, 0, 0, MAJOR, "deaths");
    s_expect (30, 0, 0, ESPECIALLY, "deaths");
    s_expect (31, 0, 0, ESPECIALLY, "deaths");

    //  Serious injuries: 一般 below 10, 较大 10..49, 重大 50..99, 特别重大 100 and more.
    s_expect (0, 1, 0, GENERAL, "serious_injuries");
    s_expect (0, 9, 0, GENERAL, "serious_injuries");
    s_expect (0, 10, 0, LARGER, "serious_injuries");
    s_expect (0, 49, 0, LARGER, "serious_injuries");
    s_expect (0, 50, 0, MAJOR, "serious_injuries");
    s_expect (0, 99, 0, MAJOR, "serious_injuries");
    s_expect (0, 100, 0, ESPECIALLY, "serious_injuries");

    //  Direct loss: 一般 below 10 million yuan, 较大 to 50 million, 重大 to 100 million.
    s_expect (0, 0, 1, GENERAL, "direct_loss_yuan");
    s_expect (0, 0, 9999999, GENERAL, "direct_loss_yuan");
    s_expect (0, 0, 10000000, LARGER, "direct_loss_yuan");
    s_expect (0, 0, 49999999, LARGER, "direct_loss_yuan");
    s_expect (0, 0, 50000000, MAJOR, "direct_loss_yuan");
    s_expect (0, 0, 99999999, MAJOR, "direct_loss_yuan");
    s_expect (0, 0, 100000000, ESPECIALLY, "direct_loss_yuan");
    s_expect (0, 0, 100000000000LL, ESPECIALLY, "direct_loss_yuan");

    //  Mixed: the highest grade wins, whichever figure reaches it.
    s_expect (2, 9, 9999999, GENERAL, "deaths");
    s_expect (2, 10, 0, LARGER, "serious_injuries");
    s_expect (1, 0, 50000000, MAJOR, "direct_loss_yuan");
    s_expect (3, 99, 0, MAJOR, "serious_injuries");
    s_expect (29, 49, 100000000, ESPECIALLY, "direct_loss_yuan");
    s_expect (9, 100, 49999999, ESPECIALLY, "serious_injuries");
    s_expect (0, 1, 1, GENERAL, "serious_injuries");
    //  Two figures reaching the same grade: the first in order decides.
    s_expect (3, 10, 10000000, LARGER, "deaths");
    s_expect (0, 50, 50000000, MAJOR, "serious_injuries");
    s_expect (30, 100, 100000000, ESPECIALLY, "deaths");

    //  The basis is the clause of the rule that decided.
    s_basis (3, 0, 0, "较大事故：3人以上10人以下死亡");
    s_basis (0, 50, 0, "重大事故：50人以上100人以下重伤");
    s_basis (0, 0, 100000000, "特别重大事故：1亿元以上直接经济损失");
    s_basis (0, 0, 0, "一般事故：3人以下死亡");

    //  The table, not C, holds the numbers: an enterprise's change is applied at once.
    SF_CHECK (sf_db_exec (db, "UPDATE accident_grade_rule SET min_value = 2 WHERE grade = 3 AND criterion = 'deaths'",
                          0, NULL) == 1);
    lesson_grading_destroy (&s_grading);
    s_grading = lesson_grading_load (db);
    s_expect (2, 0, 0, LARGER, "deaths");
    lesson_grading_destroy (&s_grading);
    lesson_grading_destroy (&s_grading);

    //  The one-use forms.
    Lesson__Grade *grade = sf_pb_new (&lesson__grade__descriptor);
    SF_CHECK (lesson_grade_compute (db, 0, 0, 0, grade) == 0);
    SF_CHECK (grade->grade == NONE);
    SF_CHECK_STR (grade->name_zh, "未构成事故");
    grade->grade = MAJOR;
    sf_pb_set (&grade->criterion, "direct_loss_yuan");
    SF_CHECK (lesson_grade_basis (db, grade) == 0);
    SF_CHECK (strstr (grade->basis, "5000万元以上1亿元以下直接经济损失"));
    sf_pb_destroy (&grade);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("lesson_grade_test: ok\n");
    return 0;
}
