/*  rectification_schema_test: the code binds rectification.FormStatus, Severity and Pdca from
    the generated constants; the schema names their numbers only where a CHECK needs them (the
    ranges, and no fake closure: a closed form has its evidence and its verifier). This test
    builds the schema with the embedded migrations, reads back from the catalog every CHECK,
    index predicate and smallint default (enums are stored as smallint) that holds a number,
    and compares them with the same definitions written from the generated enums: a
    renumbered or added value fails here, and so does a new number in the schema until it is
    written down below.                                                                      */
#include "rectification.pb-c.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t rectification_migrations [];

//  "column >= lowest AND column <= highest" of e's values but the unspecified 0, as the
//  catalog writes a BETWEEN (a descriptor's values are sorted by number).
static void
s_range (char *buffer, size_t size, const char *column, const ProtobufCEnumDescriptor *e)
{
    SF_CHECK (e->values [0].value == 0);
    snprintf (buffer, size, "CHECK (((%s >= %d) AND (%s <= %d)))",
              column, e->values [1].value, column, e->values [e->n_values - 1].value);
}

int
main (void)
{
    char *schema = sf_test_unique ("rect_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "rectification", rectification_migrations) >= 2);

    char status [96], severity [96], pdca [96], expected [1024];
    s_range (status, sizeof status, "status", &rectification__form_status__descriptor);
    s_range (severity, sizeof severity, "severity", &rectification__severity__descriptor);
    s_range (pdca, sizeof pdca, "pdca", &rectification__pdca__descriptor);
    snprintf (expected, sizeof expected,
        "form.form_check: CHECK (((status <> %d) OR ((submitted_ms > 0) AND (evidence_text <> ''::text) "
        "AND (closed_ms > 0) AND (verified_by <> ''::text))))\n"
        "form.form_closed_at: WHERE (closed_ms > 0)\n"
        "form.form_pdca_check: %s\n"
        "form.form_recurrence: WHERE (closed_ms > 0)\n"
        "form.form_severity_check: %s\n"
        "form.form_status_check: %s",
        RECTIFICATION__FORM_STATUS__FORM_CLOSED, pdca, severity, status);
    char *found = sf_test_numbered_definitions (db, schema);
    SF_CHECK_STR (found, expected);
    free (found);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("rectification_schema_test: ok\n");
    return 0;
}
