/*  lesson_hazard_copy_test: a hazard list's event replaces the copy of its (unit, year) only
    when its version is newer; the same event twice, an older or equal version change
    nothing; items are numbered by their place in the list; other events are not its
    business.                                                                              */
#include "lesson.h"
#include "inspection.pb-c.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t lesson_migrations [];

//  Applies a list of unit for 2026 at version holding the hazards (count of them).
static int
s_apply (sf_db_t *db, const char *type, int version, const char *const *hazards, size_t count)
{
    Inspection__HazardItem items [4], *pointers [4];
    for (size_t i = 0; i < count; i++) {
        inspection__hazard_item__init (&items [i]);
        items [i].unit_code = (char *) "T1";
        items [i].year = 2026;
        items [i].seq = (int32_t) (10 + i);
        items [i].factor = INSPECTION__FACTOR__FACTOR_MACHINE;
        items [i].hazard = (char *) hazards [i];
        items [i].accident_type = (char *) "lifting_injury";
        items [i].accident_type_zh = (char *) "起重伤害";
        pointers [i] = &items [i];
    }
    Inspection__HazardList list = INSPECTION__HAZARD_LIST__INIT;
    list.unit_code = (char *) "T1";
    list.year = 2026;
    list.version = version;
    list.items = pointers;
    list.n_items = count;
    sf_event_t event = { .event_id = strdup ("e1"), .type = strdup (type) };
    sf_event_set_payload (&event, &list.base);
    SF_CHECK (sf_db_begin (db) == 0);
    int rc = lesson_hazard_apply (db, &event, NULL);
    SF_CHECK (sf_db_commit (db) == 0);
    sf_event_clear (&event);
    return rc;
}

int
main (void)
{
    char *schema = sf_test_unique ("lesson_hazard");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "lesson", lesson_migrations) >= 3);
    const char *items_sql = "SELECT count(*) FROM unit_hazard WHERE unit_code = 'T1' AND year = 2026";

    const char *first [] = { "桥式起重机吊装作业", "吊索具磨损" };
    SF_CHECK (s_apply (db, "inspection.hazard_list_imported", 2, first, 2) == 0);
    SF_CHECK (sf_test_scalar (db, items_sql, NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT version FROM unit_hazard_list WHERE unit_code = 'T1'", NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT seq FROM unit_hazard WHERE hazard = '吊索具磨损'", NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM unit_hazard WHERE accident_type_zh = '起重伤害'", NULL) == 2);

    //  The same event again, an older version: nothing changes.
    SF_CHECK (s_apply (db, "inspection.hazard_list_imported", 2, first, 2) == 0);
    const char *older [] = { "旧清单" };
    SF_CHECK (s_apply (db, "inspection.hazard_list_imported", 1, older, 1) == 0);
    SF_CHECK (sf_test_scalar (db, items_sql, NULL) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM unit_hazard WHERE hazard = '旧清单'", NULL) == 0);

    //  A newer version replaces the items; an empty list empties them.
    const char *newer [] = { "行车吊钩防脱装置缺失" };
    SF_CHECK (s_apply (db, "inspection.hazard_list_imported", 3, newer, 1) == 0);
    SF_CHECK (sf_test_scalar (db, items_sql, NULL) == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT seq FROM unit_hazard WHERE hazard = '行车吊钩防脱装置缺失'", NULL) == 1);
    SF_CHECK (s_apply (db, "inspection.hazard_list_imported", 4, NULL, 0) == 0);
    SF_CHECK (sf_test_scalar (db, items_sql, NULL) == 0);

    //  Another event type is not its business.
    SF_CHECK (s_apply (db, "inspection.inspection_done", 9, first, 2) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT version FROM unit_hazard_list WHERE unit_code = 'T1'", NULL) == 4);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("lesson_hazard_copy_test: ok\n");
    return 0;
}
