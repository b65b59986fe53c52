/*  inspection_schema_test: the code binds the inspection enums (and directory.Kind) from the
    generated constants; the schema names their numbers only where it needs them: the range of
    a hazard item's factor, and the status a new task and a new finding start with (the
    daemon binds it; the benchmark scripts insert without it). This test builds the schema
    with the embedded migrations, reads back from the catalog every CHECK, index predicate and
    smallint default (enums are stored as smallint) that holds a number, and compares them
    with the same definitions written from the generated enums and the LEC table: a
    renumbered or added value fails here, and so does a new number in the schema until it is
    written down below.                                                                      */
#include "directory.pb-c.h"
#include "inspection.pb-c.h"
#include "inspection_lec.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t inspection_migrations [];

int
main (void)
{
    char *schema = sf_test_unique ("inspect_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "inspection", inspection_migrations) >= 2);

    //  Values are sorted by number in a descriptor; the first is the unspecified 0.
    const ProtobufCEnumDescriptor *factor = &inspection__factor__descriptor;
    SF_CHECK (factor->values [0].value == 0);
    //  The rest are no enums: LEC grades, versions, an LEC value, and a check's shift 0.
    char expected [2048];
    snprintf (expected, sizeof expected,
        "finding.status: DEFAULT %d\n"
        "hazard_item.hazard_item_factor_check: CHECK (((factor >= %d) AND (factor <= %d)))\n"
        "hazard_item.hazard_item_grade_check: CHECK (((grade >= 1) AND (grade <= %d)))\n"
        "hazard_list.hazard_list_version_check: CHECK ((version >= 1))\n"
        "plan.target_kind: DEFAULT %d\n"
        "rule_lec_grade.rule_lec_grade_grade_check: CHECK (((grade >= 1) AND (grade <= %d)))\n"
        "rule_lec_value.rule_lec_value_value_check: CHECK ((value > (0)::numeric))\n"
        "task.shift_no: DEFAULT 0\n"
        "task.status: DEFAULT %d\n"
        "task.task_routine_once: WHERE (shift_no > 0)",
        INSPECTION__FINDING_STATUS__FINDING_OPEN,
        factor->values [1].value, factor->values [factor->n_values - 1].value,
        INSPECTION_LEC_GRADES,
        DIRECTORY__KIND__KIND_UNSPECIFIED,
        INSPECTION_LEC_GRADES,
        INSPECTION__TASK_STATUS__TASK_OPEN);
    char *found = sf_test_numbered_definitions (db, schema);
    SF_CHECK_STR (found, expected);
    free (found);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("inspection_schema_test: ok\n");
    return 0;
}
