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

//  "table.name: definition" lines, in name order, of every CHECK, index predicate and
//  smallint default of schema that holds a digit.
static char *
s_numbered_definitions (sf_db_t *db, const char *schema)
{
    const char *values [] = { schema };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT coalesce (string_agg (name || ': ' || definition, E'\\n' ORDER BY name COLLATE \"C\"), '') FROM ("
        "  SELECT r.relname || '.' || c.conname AS name, pg_get_constraintdef (c.oid) AS definition"
        "    FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
        "    WHERE r.relnamespace = $1::regnamespace AND c.contype = 'c'"
        "  UNION ALL SELECT r.relname || '.' || i.relname, 'WHERE ' || pg_get_expr (x.indpred, x.indrelid)"
        "    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid"
        "    WHERE r.relnamespace = $1::regnamespace AND x.indpred IS NOT NULL"
        "  UNION ALL SELECT r.relname || '.' || a.attname, 'DEFAULT ' || pg_get_expr (d.adbin, d.adrelid)"
        "    FROM pg_attrdef d JOIN pg_class r ON r.oid = d.adrelid"
        "    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
        "    WHERE r.relnamespace = $1::regnamespace AND a.atttypid = 'smallint'::regtype) numbered"
        " WHERE definition ~ '[0-9]'", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *text = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return text;
}

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
    char *found = s_numbered_definitions (db, schema);
    SF_CHECK_STR (found, expected);
    free (found);

    char script [128];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", schema);
    SF_CHECK (sf_db_exec_script (db, script) == 0);
    sf_db_destroy (&db);
    free (schema);
    printf ("directory_schema_test: ok\n");
    return 0;
}
