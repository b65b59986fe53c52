/*  directory_schema_test: the code binds directory.Kind and directory.EmploymentType from the
    generated constants; the schema names their numbers only where a CHECK needs them. This
    test builds the schema with the embedded migrations, reads back from the catalog every
    CHECK, index predicate and smallint default (enums are stored as smallint) that holds a
    number, and compares them with the same definitions written from the generated enums: a
    renumbered or added value fails here, and so does a new number in the schema until it is
    written down below.                                                                      */
#include "directory.pb-c.h"
#include "sf_migrate.h"
#include "sf_roles.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t directory_migrations [];

int
main (void)
{
    char *schema = sf_test_unique ("directory_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "directory", directory_migrations) >= 3);

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

    //  The role catalogue, data in table role, holds the codes of common/sf_roles.c, no more,
    //  no fewer, each with both names and what it may do.
    sf_rows_t *rows = sf_db_query (db, "SELECT code FROM role WHERE name_zh <> '' AND name_en <> '' "
                                       "AND may_zh <> '' AND may_en <> '' ORDER BY code", 0, NULL);
    SF_CHECK (rows);
    size_t roles = 0;
    while (sf_roles [roles])
        roles++;
    SF_CHECK ((size_t) sf_rows_count (rows) == roles);
    for (int row = 0; row < sf_rows_count (rows); row++)
        SF_CHECK (sf_role_known (sf_rows_text (rows, row, 0)));
    sf_rows_destroy (&rows);
    //  The password policy has every value the daemon reads, each with its source.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM password_policy WHERE source <> '' AND name IN "
                                  "('min_chars', 'max_chars', 'hash_ops', 'hash_mem_kib')", NULL) == 4);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("directory_schema_test: ok\n");
    return 0;
}
