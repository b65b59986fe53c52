/*  inspection_colour: names of the four colours and the grade mapping's parser.          */
#include "inspection_colour.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *name;
    const char *short_zh;
    const char *name_zh;
    const char *level_zh;
    const char *level_en;
} s_colour_t;

//  Indexed by inspection.Colour.
static const s_colour_t s_colours [] = {
    [INSPECTION_COLOUR_RED] = { "red", "红", "红色", "重大风险", "major risk" },
    [INSPECTION_COLOUR_ORANGE] = { "orange", "橙", "橙色", "较大风险", "considerable risk" },
    [INSPECTION_COLOUR_YELLOW] = { "yellow", "黄", "黄色", "一般风险", "moderate risk" },
    [INSPECTION_COLOUR_BLUE] = { "blue", "蓝", "蓝色", "低风险", "low risk" },
};

#define S_GRADES 5

static const s_colour_t *
s_colour (int colour)
{
    return colour >= INSPECTION_COLOUR_RED && colour <= INSPECTION_COLOUR_BLUE? &s_colours [colour]: NULL;
}

//  The colour a word of size bytes names, or 0.
static int
s_lookup (const char *word, size_t size)
{
    for (int colour = INSPECTION_COLOUR_RED; colour <= INSPECTION_COLOUR_BLUE; colour++) {
        const s_colour_t *entry = &s_colours [colour];
        if ((strlen (entry->name) == size && strncasecmp (word, entry->name, size) == 0)
        ||  (strlen (entry->short_zh) == size && memcmp (word, entry->short_zh, size) == 0)
        ||  (strlen (entry->name_zh) == size && memcmp (word, entry->name_zh, size) == 0))
            return colour;
    }
    return 0;
}

int
inspection_colour_parse (const char *text, int colour_by_grade [6])
{
    assert (colour_by_grade);
    if (!text)
        return -1;
    int parsed [S_GRADES + 1] = { 0 };
    const char *p = text;
    for (int grade = 1; grade <= S_GRADES; grade++) {
        const char *end = strchr (p, ',');
        if (!end)
            end = p + strlen (p);
        if ((grade < S_GRADES) != (*end == ','))
            return -1;                  //  fewer or more than five
        const char *from = p, *to = end;
        while (from < to && (*from == ' ' || *from == '\t'))
            from++;
        while (to > from && (to [-1] == ' ' || to [-1] == '\t'))
            to--;
        parsed [grade] = s_lookup (from, (size_t) (to - from));
        if (!parsed [grade] || (grade > 1 && parsed [grade] < parsed [grade - 1]))
            return -1;
        p = end + 1;
    }
    memcpy (colour_by_grade, parsed, sizeof parsed);
    return 0;
}

const char *
inspection_colour_name (int colour)
{
    return s_colour (colour)? s_colour (colour)->name: "";
}

const char *
inspection_colour_name_zh (int colour)
{
    return s_colour (colour)? s_colour (colour)->name_zh: "";
}

const char *
inspection_colour_level_zh (int colour)
{
    return s_colour (colour)? s_colour (colour)->level_zh: "";
}

const char *
inspection_colour_level_en (int colour)
{
    return s_colour (colour)? s_colour (colour)->level_en: "";
}
