/*  sf_board: the plant or the enterprise a wall-screen board request names (sf_board.h).     */
#include "sf_board.h"
#include "sf_org.h"

#include <stdio.h>
#include <string.h>

static const sf_text_t s_unknown_plant = {
    "未知厂区“%s”", "Unknown plant '%s'" };
static const sf_text_t s_not_a_plant = {
    "“%s”不是厂区：看板按厂区显示（留空为全企业）",
    "'%s' is not a plant: a board shows one plant (empty: the whole enterprise)" };
static const sf_text_t s_no_company = {
    "组织架构中还没有公司", "The org has no company yet" };

//  A code as an error shows it: a long one (no code is) is not repeated.
static const char *
s_shown (const char *code)
{
    return strlen (code) > 64? "?": code;
}

//  The company at the root of the org (a company without a parent): 1 found, 0 none, -1 error.
static int
s_company (sf_db_t *db, char *code, size_t size)
{
    char kind [8];
    snprintf (kind, sizeof kind, "%d", SF_ORG_COMPANY);
    const char *values [] = { kind };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT code FROM sf_org_node WHERE kind = $1::smallint AND parent_code IS NULL ORDER BY code LIMIT 1",
        1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        snprintf (code, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found;
}

int
sf_board_scope_units (sf_call_t *call, const char *plant_code, sf_scope_units_t *units)
{
    if (*plant_code) {
        int found = sf_org_find (call->db, plant_code, NULL);
        if (found > 0)
            sf_scope_units_add (units, plant_code);
        return found < 0? -1: found? 0: 1;
    }
    char company [sizeof (((sf_org_node_t *) 0)->code)];
    int found = s_company (call->db, company, sizeof company);
    if (found > 0)
        sf_scope_units_add (units, company);
    return found < 0? -1: found? 0: 1;
}

int
sf_board_check_plant (sf_call_t *call, const char *plant_code)
{
    if (!*plant_code) {
        char company [sizeof (((sf_org_node_t *) 0)->code)];
        int found = s_company (call->db, company, sizeof company);
        if (found < 0)
            sf_call_fail_db (call, "looking up the company");
        else if (!found)
            sf_call_fail (call, SF_NOT_FOUND, &s_no_company);
        return found > 0? 0: -1;
    }
    sf_org_node_t node;
    int found = sf_org_find (call->db, plant_code, &node);
    if (found < 0)
        sf_call_fail_db (call, "looking up the plant");
    else if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &s_unknown_plant, s_shown (plant_code));
    else if (node.kind != SF_ORG_PLANT)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_not_a_plant, s_shown (plant_code));
    return found > 0 && node.kind == SF_ORG_PLANT? 0: -1;
}
