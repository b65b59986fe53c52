/*  inspection_hazard_store: the SQL of the hazard lists (tables hazard_list, hazard_item
    and rule_accident_type, migrations 001 and 002). Units are looked up in the service's
    copy of the org directory through sf_org; this file only reads sf_org_node for names
    and subtrees. Every function returns -1 on a database error (see sf_db_error).        */
#ifndef INSPECTION_HAZARD_STORE_H_INCLUDED
#define INSPECTION_HAZARD_STORE_H_INCLUDED

#include "inspection.pb-c.h"
#include "inspection_page.h"
#include "sf_db.h"

#include <stdint.h>

//  The accident categories of GB 6441-1986 (rule_accident_type).
typedef struct {
    char **codes;
    char **names_zh;
    size_t count;
} inspection_hazard_accident_types_t;

int inspection_hazard_store_accident_types (sf_db_t *db, inspection_hazard_accident_types_t *types);
void inspection_hazard_accident_types_clear (inspection_hazard_accident_types_t *types);

//  The code of the category written as its code or its Chinese name (其他 read as 其它, as
//  people often write it), or NULL.
const char *inspection_hazard_accident_type_resolve (const inspection_hazard_accident_types_t *types,
                                                     const char *written);

//  Writes list->items as the next version of the list of (list->unit_code, list->year):
//  seq is each item's place (1..count), l, e, c, d and grade come from item->risk,
//  accident_type must be a category code. Sets list->version. Old versions stay.
int inspection_hazard_store_write_list (sf_db_t *db, Inspection__HazardList *list, const char *imported_by,
                                        int64_t imported_ms);

//  The current list of unit_code for year (0: the latest year it has a list for), with its
//  items in order (risk: l, e, c, d and grade; colour and wording are the caller's) and
//  each item's category named in both languages, into *list (the caller destroys it): at
//  most limit items, after the item with the keys after (year, version, seq: the items of
//  that version of that year's list; NULL: from the first item of the current one).
//  Returns 1 found, 0 no such list, -1 on error.
int inspection_hazard_store_get_list (sf_db_t *db, const char *unit_code, int year, const char *const *after,
                                      int limit, Inspection__HazardList **list_p);

//  The two lists of the register and their keys, in the order of its page token.
typedef enum {
    INSPECTION_REGISTER_UNITS,       //  unit_code
    INSPECTION_REGISTER_MAJOR,       //  grade, d (most first), unit_code, seq
    INSPECTION_REGISTER_LISTS
} inspection_register_list_t;

//  The register of the active units at or below unit_code that have a list (for year, or
//  each its latest when year is 0), into *reg (the caller destroys it): per unit (by code)
//  the count of current items in each colour, grade mapped to colour by colour_by_grade,
//  and the items whose colour is red or orange, most dangerous first. Of each list not
//  done, at most limit rows after its cursor.
int inspection_hazard_store_register (sf_db_t *db, const char *unit_code, int year, const int colour_by_grade [6],
                                      int limit, const inspection_cursor_t cursors [INSPECTION_REGISTER_LISTS],
                                      Inspection__RiskRegister **reg);

#endif
