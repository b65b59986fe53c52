/*  lesson_schema_test: the schema builds from the embedded migrations, and the numbers it
    holds are the contract's: every CHECK, index predicate and smallint default with a number
    (enums are stored as smallint) is read back from the catalog and compared with the same
    definitions written from the generated enums, and the grade names of accident_grade are
    keyed by lesson.AccidentGrade. A renumbered value fails here.                           */
#include "lesson.pb-c.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t lesson_migrations [];

int
main (void)
{
    char *schema = sf_test_unique ("lesson_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "lesson", lesson_migrations) >= 2);

    char expected [2048];
    snprintf (expected, sizeof expected,
        "accident_grade_rule.accident_grade_rule_min_value_check: CHECK ((min_value >= 1))\n"
        "assignment.assignment_escalation_due: WHERE (status < %d)\n"
        "lesson.lesson_deaths_check: CHECK ((deaths >= 0))\n"
        "lesson.lesson_direct_loss_yuan_check: CHECK ((direct_loss_yuan >= 0))\n"
        "lesson.lesson_serious_injuries_check: CHECK ((serious_injuries >= 0))\n"
        "lesson_rule.lesson_rule_value_check: CHECK ((value >= 0))\n"
        "lesson_tag.lesson_tag_code_check: CHECK ((code ~ '^[a-z][a-z0-9_]{0,31}$'::text))",
        LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    char *found = sf_test_numbered_definitions (db, schema);
    SF_CHECK_STR (found, expected);
    free (found);

    //  The grades' rows are the enum's values, from none to especially major.
    sf_rows_t *rows = sf_db_query (db, "SELECT string_agg (grade::text, ',' ORDER BY grade) FROM accident_grade",
                                   0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char grades [64];
    snprintf (grades, sizeof grades, "%d,%d,%d,%d,%d", LESSON__ACCIDENT_GRADE__GRADE_NONE,
              LESSON__ACCIDENT_GRADE__GRADE_GENERAL, LESSON__ACCIDENT_GRADE__GRADE_LARGER,
              LESSON__ACCIDENT_GRADE__GRADE_MAJOR, LESSON__ACCIDENT_GRADE__GRADE_ESPECIALLY_MAJOR);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), grades);
    sf_rows_destroy (&rows);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("lesson_schema_test: ok\n");
    return 0;
}
