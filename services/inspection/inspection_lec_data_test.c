/*  inspection_lec_data_test: the LEC tables exist twice, as data the daemon ships to the
    database (migration 001_rules_lec.sql) and as the C table it computes with
    (inspection_lec_data.c). This test applies the migrations and compares the two row by
    row, so neither can change alone. It also checks the accident categories of
    GB 6441-1986 that migration 002 ships.                                               */
#include "inspection_lec.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t inspection_migrations [];

static void
test_values (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT factor, value::text AS value_text, meaning_zh, meaning_en, source FROM rule_lec_value "
        "ORDER BY position (factor IN 'LEC'), value DESC", 0, NULL);
    SF_CHECK (rows);
    SF_CHECK ((size_t) sf_rows_count (rows) == inspection_lec_value_count);
    for (size_t i = 0; i < inspection_lec_value_count; i++) {
        const inspection_lec_value_t *row = &inspection_lec_values [i];
        char factor [2] = { row->factor, 0 };
        SF_CHECK_STR (sf_rows_text (rows, (int) i, 0), factor);
        SF_CHECK_STR (sf_rows_text (rows, (int) i, 1), row->text);
        SF_CHECK_STR (sf_rows_text (rows, (int) i, 2), row->meaning_zh);
        SF_CHECK_STR (sf_rows_text (rows, (int) i, 3), row->meaning_en);
        SF_CHECK_STR (sf_rows_text (rows, (int) i, 4), inspection_lec_value_source);
    }
    sf_rows_destroy (&rows);
}

static void
test_grades (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT grade, d_above::text, wording_zh, wording_en, source FROM rule_lec_grade ORDER BY grade", 0, NULL);
    SF_CHECK (rows);
    SF_CHECK (sf_rows_count (rows) == INSPECTION_LEC_GRADES);
    for (int i = 0; i < INSPECTION_LEC_GRADES; i++) {
        const inspection_lec_grade_t *grade = &inspection_lec_grades [i];
        SF_CHECK (sf_rows_int (rows, i, 0) == grade->grade);
        SF_CHECK_STR (sf_rows_text (rows, i, 1), grade->d_above);
        SF_CHECK_STR (sf_rows_text (rows, i, 2), grade->wording_zh);
        SF_CHECK_STR (sf_rows_text (rows, i, 3), grade->wording_en);
        SF_CHECK_STR (sf_rows_text (rows, i, 4), inspection_lec_grade_source);
    }
    sf_rows_destroy (&rows);
    //  The thresholds fall from grade to grade.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM rule_lec_grade a JOIN rule_lec_grade b "
                                  "ON b.grade = a.grade + 1 WHERE b.d_above >= a.d_above", NULL) == 0);
}

static void
test_accident_types (sf_db_t *db)
{
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM rule_accident_type", NULL) == 20);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM rule_accident_type WHERE source LIKE 'GB 6441-1986%'",
                              NULL) == 20);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM rule_accident_type WHERE code !~ '^[a-z_]+$'", NULL) == 0);
    static const char *names [] = {
        "物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "淹溺", "灼烫", "火灾", "高处坠落", "坍塌",
        "冒顶片帮", "透水", "放炮", "火药爆炸", "瓦斯爆炸", "锅炉爆炸", "容器爆炸", "其它爆炸", "中毒和窒息", "其它伤害"
    };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM rule_accident_type WHERE name_zh = $1", names [i]) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM rule_accident_type "
                                  "WHERE code = 'mechanical_injury' AND name_zh = '机械伤害'", NULL) == 1);
}

int
main (void)
{
    char *schema = sf_test_unique ("inspect_lec");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "inspection", inspection_migrations) >= 2);
    test_values (db);
    test_grades (db);
    test_accident_types (db);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("inspection_lec_data_test: ok\n");
    return 0;
}
