/*  inspection_hazard_store: a list is written in two statements, its header (an upsert that
    takes the next version under the row lock, so two imports of one list serialise) and
    all its items at once from a JSON array. The current items of a list are those of its
    header's version.                                                                     */
#include "inspection_hazard_store.h"
#include "sf_json.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The (unit, year, version) of the current lists in the subtree of $1, for year $2 or, when
//  $2 is 0, each unit's latest year; only active units.
#define S_CURRENT_LISTS_SQL \
    "WITH cur AS (SELECT DISTINCT ON (h.unit_code) h.unit_code, h.year, h.version, n.name_zh " \
    "  FROM hazard_list h JOIN sf_org_node n ON n.code = h.unit_code AND n.active " \
    "  WHERE h.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ") AND ($2::int = 0 OR h.year = $2::int) " \
    "  ORDER BY h.unit_code, h.year DESC) "

//  The columns s_read_item reads, from hazard_item i joined to its category a (an inner join:
//  the foreign key on accident_type means every item has one).
#define S_ITEM_COLUMNS \
    "i.id, i.unit_code, i.year, i.seq, i.factor, i.hazard, i.accident_type, i.measures, " \
    "i.l::text, i.e::text, i.c::text, i.d::text, i.grade, a.name_zh, a.name_en"
#define S_ITEM_CATEGORY_JOIN "JOIN rule_accident_type a ON a.code = i.accident_type "

static void
s_int_text (char *buffer, size_t size, int64_t value)
{
    snprintf (buffer, size, "%lld", (long long) value);
}

//  Appends the item of a row to a repeated field.
static void
s_read_item (sf_rows_t *rows, int row, Inspection__HazardItem ***items, size_t *count)
{
    Inspection__HazardItem *item = sf_pb_add (items, count, &inspection__hazard_item__descriptor);
    item->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&item->unit_code, sf_rows_text (rows, row, 1));
    item->year = (int) sf_rows_int (rows, row, 2);
    item->seq = (int) sf_rows_int (rows, row, 3);
    item->factor = (Inspection__Factor) sf_rows_int (rows, row, 4);
    sf_pb_set (&item->hazard, sf_rows_text (rows, row, 5));
    sf_pb_set (&item->accident_type, sf_rows_text (rows, row, 6));
    sf_pb_set (&item->measures, sf_rows_text (rows, row, 7));
    item->risk = sf_pb_new (&inspection__risk__descriptor);
    sf_pb_set (&item->risk->l, sf_rows_text (rows, row, 8));
    sf_pb_set (&item->risk->e, sf_rows_text (rows, row, 9));
    sf_pb_set (&item->risk->c, sf_rows_text (rows, row, 10));
    sf_pb_set (&item->risk->d, sf_rows_text (rows, row, 11));
    item->risk->grade = (int) sf_rows_int (rows, row, 12);
    sf_pb_set (&item->accident_type_zh, sf_rows_text (rows, row, 13));
    sf_pb_set (&item->accident_type_en, sf_rows_text (rows, row, 14));
}

//  --------------------------------------------------------------------------------------
//  Accident categories

int
inspection_hazard_store_accident_types (sf_db_t *db, inspection_hazard_accident_types_t *types)
{
    memset (types, 0, sizeof *types);
    sf_rows_t *rows = sf_db_query (db, "SELECT code, name_zh FROM rule_accident_type ORDER BY code", 0, NULL);
    if (!rows)
        return -1;
    size_t count = (size_t) sf_rows_count (rows);
    types->codes = calloc (count + 1, sizeof *types->codes);
    types->names_zh = calloc (count + 1, sizeof *types->names_zh);
    assert (types->codes && types->names_zh);
    for (size_t i = 0; i < count; i++) {
        types->codes [i] = strdup (sf_rows_text (rows, (int) i, 0));
        types->names_zh [i] = strdup (sf_rows_text (rows, (int) i, 1));
    }
    types->count = count;
    sf_rows_destroy (&rows);
    return 0;
}

void
inspection_hazard_accident_types_clear (inspection_hazard_accident_types_t *types)
{
    for (size_t i = 0; i < types->count; i++) {
        free (types->codes [i]);
        free (types->names_zh [i]);
    }
    free (types->codes);
    free (types->names_zh);
    memset (types, 0, sizeof *types);
}

//  True when written is name, reading 其他 in written as 其它.
static bool
s_same_name (const char *written, const char *name)
{
    static const char other [] = "其他", other_standard [] = "其它";
    size_t size = sizeof other - 1;
    while (*written && *name) {
        if (strncmp (written, other, size) == 0 && strncmp (name, other_standard, size) == 0) {
            written += size;
            name += size;
        }
        else
        if (*written++ != *name++)
            return false;
    }
    return *written == 0 && *name == 0;
}

const char *
inspection_hazard_accident_type_resolve (const inspection_hazard_accident_types_t *types, const char *written)
{
    assert (types && written);
    for (size_t i = 0; i < types->count; i++)
        if (strcmp (written, types->codes [i]) == 0 || s_same_name (written, types->names_zh [i]))
            return types->codes [i];
    return NULL;
}

//  --------------------------------------------------------------------------------------
//  Lists

//  The items as a JSON array of objects for jsonb_to_recordset. Caller destroys.
static sf_json_t *
s_items_json (const Inspection__HazardList *list)
{
    sf_json_t *json = sf_json_new ();
    sf_json_array_begin (json);
    for (size_t i = 0; i < list->n_items; i++) {
        const Inspection__HazardItem *item = list->items [i];
        sf_json_object_begin (json);
        sf_json_key_int (json, "seq", (int64_t) i + 1);
        sf_json_key_int (json, "factor", item->factor);
        sf_json_key_string (json, "hazard", item->hazard);
        sf_json_key_string (json, "accident_type", item->accident_type);
        sf_json_key_string (json, "measures", item->measures);
        sf_json_key_string (json, "l", item->risk->l);
        sf_json_key_string (json, "e", item->risk->e);
        sf_json_key_string (json, "c", item->risk->c);
        sf_json_key_string (json, "d", item->risk->d);
        sf_json_key_int (json, "grade", item->risk->grade);
        sf_json_object_end (json);
    }
    sf_json_array_end (json);
    return json;
}

int
inspection_hazard_store_write_list (sf_db_t *db, Inspection__HazardList *list, const char *imported_by,
                                    int64_t imported_ms)
{
    char year [16], count [24], ms [24];
    s_int_text (year, sizeof year, list->year);
    s_int_text (count, sizeof count, (int64_t) list->n_items);
    s_int_text (ms, sizeof ms, imported_ms);
    const char *head [] = { list->unit_code, year, count, imported_by, ms };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO hazard_list (unit_code, year, version, item_count, imported_by, imported_ms) "
        "VALUES ($1, $2::int, 1, $3::int, $4, $5::bigint) "
        "ON CONFLICT (unit_code, year) DO UPDATE SET version = hazard_list.version + 1, "
        "  item_count = EXCLUDED.item_count, imported_by = EXCLUDED.imported_by, "
        "  imported_ms = EXCLUDED.imported_ms "
        "RETURNING version", 5, head);
    if (!rows)
        return -1;
    int rc = sf_rows_count (rows) == 1? 0: -1;
    if (rc == 0)
        list->version = (int) sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    if (rc || list->n_items == 0)
        return rc;

    char version [16];
    s_int_text (version, sizeof version, list->version);
    sf_json_t *json = s_items_json (list);
    const char *items [] = { list->unit_code, year, version, sf_json_text (json) };
    int64_t inserted = sf_db_exec (db,
        "INSERT INTO hazard_item (unit_code, year, version, seq, factor, hazard, accident_type, measures, "
        "  l, e, c, d, grade) "
        "SELECT $1, $2::int, $3::int, i.seq, i.factor, i.hazard, i.accident_type, i.measures, "
        "  i.l::numeric, i.e::numeric, i.c::numeric, i.d::numeric, i.grade "
        "FROM jsonb_to_recordset ($4::jsonb) AS i (seq int, factor smallint, hazard text, accident_type text, "
        "  measures text, l text, e text, c text, d text, grade smallint)", 4, items);
    sf_json_destroy (&json);
    return inserted == (int64_t) list->n_items? 0: -1;
}

int
inspection_hazard_store_get_list (sf_db_t *db, const char *unit_code, int year, const char *const *after,
                                  int limit, Inspection__HazardList **list_p)
{
    char year_text [16];
    s_int_text (year_text, sizeof year_text, year);
    //  A later page reads the version its first page read: that version or a newer one exists.
    const char *values [] = { unit_code, after? after [0]: year_text, after? after [1]: NULL };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT year, coalesce ($3::int, version) FROM hazard_list WHERE unit_code = $1 "
        "AND ($2::int = 0 OR year = $2::int) AND ($3::int IS NULL OR version >= $3::int) "
        "ORDER BY year DESC LIMIT 1", 3, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) != 1) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Inspection__HazardList *list = sf_pb_new (&inspection__hazard_list__descriptor);
    sf_pb_set (&list->unit_code, unit_code);
    list->year = (int) sf_rows_int (rows, 0, 0);
    list->version = (int) sf_rows_int (rows, 0, 1);
    sf_rows_destroy (&rows);

    char version [16], limit_text [16];
    s_int_text (year_text, sizeof year_text, list->year);
    s_int_text (version, sizeof version, list->version);
    s_int_text (limit_text, sizeof limit_text, limit);
    const char *keys [] = { unit_code, year_text, version, after? after [2]: NULL, limit_text };
    rows = sf_db_query (db,
        "SELECT " S_ITEM_COLUMNS " FROM hazard_item i " S_ITEM_CATEGORY_JOIN
        "WHERE i.unit_code = $1 AND i.year = $2::int AND i.version = $3::int "
        "AND ($4::int IS NULL OR i.seq > $4::int) ORDER BY i.seq LIMIT $5::int", 5, keys);
    if (!rows) {
        sf_pb_destroy (&list);
        return -1;
    }
    for (int r = 0; r < sf_rows_count (rows); r++)
        s_read_item (rows, r, &list->items, &list->n_items);
    sf_rows_destroy (&rows);
    *list_p = list;
    return 1;
}

//  --------------------------------------------------------------------------------------
//  The register

//  The grades mapped to red or orange, as a PostgreSQL array literal.
static void
s_major_grades (const int colour_by_grade [6], char *buffer, size_t size)
{
    size_t used = (size_t) snprintf (buffer, size, "{");
    for (int grade = 1; grade <= 5; grade++) {
        int colour = colour_by_grade [grade];
        if (colour == INSPECTION__COLOUR__COLOUR_RED || colour == INSPECTION__COLOUR__COLOUR_ORANGE)
            used += (size_t) snprintf (buffer + used, size - used, "%s%d", used > 1? ",": "", grade);
    }
    snprintf (buffer + used, size - used, "}");
}

static void
s_count (Inspection__ColourCount *unit, int colour, int count)
{
    switch (colour) {
        case INSPECTION__COLOUR__COLOUR_RED: unit->red += count; break;
        case INSPECTION__COLOUR__COLOUR_ORANGE: unit->orange += count; break;
        case INSPECTION__COLOUR__COLOUR_YELLOW: unit->yellow += count; break;
        case INSPECTION__COLOUR__COLOUR_BLUE: unit->blue += count; break;
        default: break;
    }
}

//  The units of the register: each unit's count of current items per grade, by unit code,
//  after the unit $3 (NULL: from the first), at most $4 units.
static const char *s_register_units_sql =
    S_CURRENT_LISTS_SQL
    ", page AS (SELECT * FROM cur WHERE $3::text IS NULL OR cur.unit_code > $3::text "
    "  ORDER BY cur.unit_code LIMIT $4::int) "
    "SELECT page.unit_code, page.name_zh, i.grade, count (i.id) FROM page "
    "LEFT JOIN hazard_item i ON i.unit_code = page.unit_code AND i.year = page.year AND i.version = page.version "
    "GROUP BY page.unit_code, page.name_zh, i.grade ORDER BY page.unit_code, i.grade";

//  The red and orange items ($3: their grades), most dangerous first, after the item whose
//  keys are $4..$7 (grade, d, unit_code, seq; NULL: from the first), at most $8. A higher D
//  comes first: the keys compare with D negated.
static const char *s_register_major_sql =
    S_CURRENT_LISTS_SQL
    "SELECT " S_ITEM_COLUMNS " FROM cur "
    "JOIN hazard_item i ON i.unit_code = cur.unit_code AND i.year = cur.year AND i.version = cur.version "
    S_ITEM_CATEGORY_JOIN
    "WHERE i.grade = ANY ($3::smallint[]) AND ($4::int IS NULL "
    "  OR (i.grade, -i.d, i.unit_code, i.seq) > ($4::int, -$5::numeric, $6::text, $7::int)) "
    "ORDER BY i.grade, -i.d, i.unit_code, i.seq LIMIT $8::int";

static int
s_register_units (sf_db_t *db, const char *const *head, const char *const *after, const int colour_by_grade [6],
                  Inspection__RiskRegister *reg)
{
    const char *values [] = { head [0], head [1], after? after [0]: NULL, head [2] };
    sf_rows_t *rows = sf_db_query (db, s_register_units_sql, 4, values);
    if (!rows)
        return -1;
    Inspection__ColourCount *unit = NULL;
    for (int r = 0; r < sf_rows_count (rows); r++) {
        const char *code = sf_rows_text (rows, r, 0);
        if (!unit || strcmp (unit->unit_code, code) != 0) {
            unit = sf_pb_add (&reg->units, &reg->n_units, &inspection__colour_count__descriptor);
            sf_pb_set (&unit->unit_code, code);
            sf_pb_set (&unit->unit_name, sf_rows_text (rows, r, 1));
        }
        if (!sf_rows_is_null (rows, r, 2)) {
            int grade = (int) sf_rows_int (rows, r, 2);
            if (grade >= 1 && grade <= 5)
                s_count (unit, colour_by_grade [grade], (int) sf_rows_int (rows, r, 3));
        }
    }
    sf_rows_destroy (&rows);
    return 0;
}

static int
s_register_major (sf_db_t *db, const char *const *head, const char *const *after, const int colour_by_grade [6],
                  Inspection__RiskRegister *reg)
{
    char grades [32];
    s_major_grades (colour_by_grade, grades, sizeof grades);
    const char *values [] = {
        head [0], head [1], grades, after? after [0]: NULL, after? after [1]: NULL, after? after [2]: NULL,
        after? after [3]: NULL, head [2]
    };
    sf_rows_t *rows = sf_db_query (db, s_register_major_sql, 8, values);
    if (!rows)
        return -1;
    for (int r = 0; r < sf_rows_count (rows); r++)
        s_read_item (rows, r, &reg->major_items, &reg->n_major_items);
    sf_rows_destroy (&rows);
    return 0;
}

int
inspection_hazard_store_register (sf_db_t *db, const char *unit_code, int year, const int colour_by_grade [6],
                                  int limit, const inspection_cursor_t cursors [INSPECTION_REGISTER_LISTS],
                                  Inspection__RiskRegister **reg_p)
{
    char year_text [16], limit_text [16];
    s_int_text (year_text, sizeof year_text, year);
    s_int_text (limit_text, sizeof limit_text, limit);
    const char *head [] = { unit_code, year_text, limit_text };
    const inspection_cursor_t *units = &cursors [INSPECTION_REGISTER_UNITS];
    const inspection_cursor_t *major = &cursors [INSPECTION_REGISTER_MAJOR];
    Inspection__RiskRegister *reg = sf_pb_new (&inspection__risk_register__descriptor);
    if ((!units->done && s_register_units (db, head, units->after, colour_by_grade, reg))
    ||  (!major->done && s_register_major (db, head, major->after, colour_by_grade, reg))) {
        sf_pb_destroy (&reg);
        return -1;
    }
    *reg_p = reg;
    return 0;
}
