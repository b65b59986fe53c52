/*  scoring_schema_test: the schema builds from the embedded migrations, the numbers it holds
    are the contract's (CHECKs and predicates with a number, read back from the catalog), the
    letter levels are keyed by scoring.LetterLevel, every rule of the first version names a
    kind of the catalogue, and a closed month refuses any change to its entries and totals. */
#include "scoring.pb-c.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t scoring_migrations [];

int
main (void)
{
    char *schema = sf_test_unique ("scoring_schema");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "scoring", scoring_migrations) >= 2);

    char *found = sf_test_numbered_definitions (db, schema);
    printf ("numbered definitions:\n%s\n", found);
    SF_CHECK (strstr (found, "cascade_level.cascade_level_factor_check: CHECK (((factor >= (0)::numeric) AND (factor <= (1)::numeric)))"));
    free (found);

    sf_rows_t *rows = sf_db_query (db, "SELECT string_agg (level::text, ',' ORDER BY level) FROM letter_level", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char levels [64];
    snprintf (levels, sizeof levels, "%d,%d,%d,%d,%d", SCORING__LETTER_LEVEL__LEVEL_COMPANY_PLANT,
              SCORING__LETTER_LEVEL__LEVEL_PLANT_DEPARTMENT, SCORING__LETTER_LEVEL__LEVEL_DEPARTMENT_TEAM,
              SCORING__LETTER_LEVEL__LEVEL_DEPARTMENT_OFFICER, SCORING__LETTER_LEVEL__LEVEL_TEAM_MEMBER);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), levels);
    sf_rows_destroy (&rows);

    //  Every kind has a rule in version 1, and every event kind with a source event names one.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM event_kind k WHERE NOT EXISTS"
                                  " (SELECT 1 FROM rule r WHERE r.version = 1 AND r.kind = k.code)", NULL) == 0);

    //  A closed month's entries and totals never change.
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, kind, points,"
        " origin, source_key, rule_version, reason_zh, reason_en, occurred_ms, scored_ms)"
        " VALUES ('P1', '2026-10', '2026-10', 1, 'E1', 'T1', 'violation.command', -1000, 1, 'ev1', 1, 'z', 'e', 1, 1);"
        "INSERT INTO month_state VALUES ('P1', '2026-10', 2, 'Asia/Shanghai', 0, 1, 2, 'ehs', 1, 1, 1, 0, 0, -1000, 'x');"
        "INSERT INTO month_total (plant_code, month, subject, code, points, direct_points, cascade_points, rewards,"
        " penalties, entries, rank, rank_of) VALUES ('P1', '2026-10', 'person', 'E1', -1000, -1000, 0, 0, -1000, 1, 1, 1);") == 0);
    SF_CHECK (sf_db_exec (db, "UPDATE entry SET points = 5", 0, NULL) < 0);
    SF_CHECK_STR (sf_db_sqlstate (db), "23514");
    SF_CHECK (sf_db_exec (db, "DELETE FROM entry", 0, NULL) < 0);
    SF_CHECK (sf_db_exec (db, "UPDATE month_total SET points = 5", 0, NULL) < 0);
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, kind, points,"
        " origin, source_key, rule_version, reason_zh, reason_en, occurred_ms, scored_ms)"
        " VALUES ('P1', '2026-10', '2026-10', 1, 'E1', 'T1', 'violation.command', -1000, 1, 'ev2', 1, 'z', 'e', 1, 1)") < 0);
    //  The reversed flag may still be set on it: the reversal itself counts in an open month.
    SF_CHECK (sf_db_exec (db, "UPDATE entry SET reversed = true", 0, NULL) == 1);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("scoring_schema_test: ok\n");
    return 0;
}
