/*  inspection_hazard_names: one table per enum, indexed by the enum's value.              */
#include "inspection_hazard_names.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

static const char *const s_factors [][2] = {
    [INSPECTION__FACTOR__FACTOR_MAN] = { "人", "man" },
    [INSPECTION__FACTOR__FACTOR_MACHINE] = { "机", "machine" },
    [INSPECTION__FACTOR__FACTOR_MATERIAL] = { "料", "material" },
    [INSPECTION__FACTOR__FACTOR_METHOD] = { "法", "method" },
    [INSPECTION__FACTOR__FACTOR_ENVIRONMENT] = { "环", "environment" },
};

typedef struct {
    const char *name;
    const char *name_zh;
    const char *level_zh;
    const char *level_en;
} s_colour_t;

static const s_colour_t s_colours [] = {
    [INSPECTION__COLOUR__COLOUR_RED] = { "red", "红色", "重大风险", "major risk" },
    [INSPECTION__COLOUR__COLOUR_ORANGE] = { "orange", "橙色", "较大风险", "considerable risk" },
    [INSPECTION__COLOUR__COLOUR_YELLOW] = { "yellow", "黄色", "一般风险", "moderate risk" },
    [INSPECTION__COLOUR__COLOUR_BLUE] = { "blue", "蓝色", "低风险", "low risk" },
};

#define S_COUNT(table) ((int) (sizeof table / sizeof table [0]))

Inspection__Factor
inspection_hazard_factor_parse (const char *word)
{
    assert (word);
    for (int factor = INSPECTION__FACTOR__FACTOR_MAN; factor < S_COUNT (s_factors); factor++)
        if (strcmp (word, s_factors [factor][0]) == 0 || strcasecmp (word, s_factors [factor][1]) == 0)
            return (Inspection__Factor) factor;
    return INSPECTION__FACTOR__FACTOR_UNSPECIFIED;
}

static const char *
s_factor (int factor, int language)
{
    return factor > 0 && factor < S_COUNT (s_factors)? s_factors [factor][language]: "";
}

const char *
inspection_hazard_factor_zh (int factor)
{
    return s_factor (factor, 0);
}

const char *
inspection_hazard_factor_en (int factor)
{
    return s_factor (factor, 1);
}

static const s_colour_t *
s_colour (int colour)
{
    static const s_colour_t none = { "", "", "", "" };
    return colour > 0 && colour < S_COUNT (s_colours)? &s_colours [colour]: &none;
}

const char *
inspection_colour_name (int colour)
{
    return s_colour (colour)->name;
}

const char *
inspection_colour_name_zh (int colour)
{
    return s_colour (colour)->name_zh;
}

const char *
inspection_colour_level_zh (int colour)
{
    return s_colour (colour)->level_zh;
}

const char *
inspection_colour_level_en (int colour)
{
    return s_colour (colour)->level_en;
}
