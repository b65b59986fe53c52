/*  directory_schema_test: the code binds directory.Kind and directory.EmploymentType from the
    generated constants; the schema names their numbers only where a CHECK needs them. This
    test builds the schema with the embedded migrations, reads back from the catalog every
    CHECK, index predicate and smallint default (enums are stored as smallint) that holds a
    number, and compares them with the same definitions written from the generated enums: a
    renumbered or added value fails here, and so does a new number in the schema until it is
    written down below.                                                                      */
#include "directory.pb-c.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t directory_migrations [];

int
main (void)
{
    char *schema = sf_test_unique ("directory_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "directory", directory_migrations) >= 2);

    //  Values are sorted by number in a descriptor; the first is the unspecified 0, which a
    //  kind may not be and the employment type of every node but an employee is.
    const ProtobufCEnumDescriptor *kind = &directory__kind__descriptor;
    const ProtobufCEnumDescriptor *employment = &directory__employment_type__descriptor;
    SF_CHECK (kind->values [0].value == 0 && employment->values [0].value == 0);
    char expected [1024];
    snprintf (expected, sizeof expected,
        "org_node.employment_type: DEFAULT %d\n"
        "org_node.org_node_check: CHECK (((kind = %d) = (parent_id IS NULL)))\n"
        "org_node.org_node_check1: CHECK (((kind = %d) = (employment_type <> %d)))\n"
        "org_node.org_node_employment_type_check: CHECK (((employment_type >= %d) AND (employment_type <= %d)))\n"
        "org_node.org_node_kind_check: CHECK (((kind >= %d) AND (kind <= %d)))",
        DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED,
        DIRECTORY__KIND__KIND_COMPANY,
        DIRECTORY__KIND__KIND_EMPLOYEE, DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED,
        employment->values [0].value, employment->values [employment->n_values - 1].value,
        kind->values [1].value, kind->values [kind->n_values - 1].value);
    char *found = sf_test_numbered_definitions (db, schema);
    SF_CHECK_STR (found, expected);
    free (found);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("directory_schema_test: ok\n");
    return 0;
}
