/*  inspection_colour: the grade mapping's parser.                                        */
#include "inspection_colour.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define S_GRADES 5

//  True when size bytes of word are text, in any letter case when latin.
static bool
s_is (const char *word, size_t size, const char *text, size_t text_size, bool latin)
{
    return size == text_size && (latin? strncasecmp (word, text, size): memcmp (word, text, size)) == 0;
}

//  The colour a word of size bytes names: its English name, its Chinese name, or that
//  without its last character (红色 or 红); 0 when none.
static int
s_lookup (const char *word, size_t size)
{
    for (int colour = INSPECTION__COLOUR__COLOUR_RED; colour <= INSPECTION__COLOUR__COLOUR_BLUE; colour++) {
        const char *name = inspection_colour_name (colour), *name_zh = inspection_colour_name_zh (colour);
        if (s_is (word, size, name, strlen (name), true)
        ||  s_is (word, size, name_zh, strlen (name_zh), false)
        ||  s_is (word, size, name_zh, strlen (name_zh) - strlen ("色"), false))
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
