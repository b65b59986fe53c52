/*  inspection_colour_test: the grade-to-colour mapping of risk.colour_by_grade, and the
    colours' names.                                                                       */
#include "inspection_colour.h"
#include "sf_testkit.h"

#include <string.h>

static void
s_expect (const char *text, int g1, int g2, int g3, int g4, int g5)
{
    int map [6] = { 9, 9, 9, 9, 9, 9 };
    if (inspection_colour_parse (text, map) != 0) {
        fprintf (stderr, "'%s' refused\n", text);
        SF_CHECK (false);
    }
    SF_CHECK (map [0] == 0);
    SF_CHECK (map [1] == g1 && map [2] == g2 && map [3] == g3 && map [4] == g4 && map [5] == g5);
}

static void
s_refused (const char *text)
{
    int map [6] = { 0, 1, 2, 3, 4, 4 };
    if (inspection_colour_parse (text, map) != -1) {
        fprintf (stderr, "'%s' accepted\n", text? text: "(null)");
        SF_CHECK (false);
    }
    //  Left as it was.
    SF_CHECK (map [0] == 0 && map [1] == 1 && map [2] == 2 && map [3] == 3 && map [4] == 4 && map [5] == 4);
}

int
main (void)
{
    enum { R = INSPECTION__COLOUR__COLOUR_RED, O = INSPECTION__COLOUR__COLOUR_ORANGE,
           Y = INSPECTION__COLOUR__COLOUR_YELLOW, B = INSPECTION__COLOUR__COLOUR_BLUE };
    s_expect (INSPECTION_COLOUR_DEFAULT, R, O, Y, B, B);
    s_expect ("red,red,orange,yellow,blue", R, R, O, Y, B);
    s_expect (" Red , ORANGE,yellow ,\tblue, blue ", R, O, Y, B, B);
    s_expect ("红,橙,黄,蓝,蓝", R, O, Y, B, B);
    s_expect ("红色,橙色,黄色,黄色,蓝色", R, O, Y, Y, B);
    s_expect ("red,orange,黄,蓝色,blue", R, O, Y, B, B);
    s_expect ("blue,blue,blue,blue,blue", B, B, B, B, B);

    s_refused (NULL);
    s_refused ("");
    s_refused ("red,orange,yellow,blue");               //  four
    s_refused ("red,orange,yellow,blue,blue,blue");     //  six
    s_refused ("red,orange,yellow,blue,");
    s_refused ("red,,yellow,blue,blue");
    s_refused ("red,orange,green,blue,blue");
    s_refused ("red;orange;yellow;blue;blue");
    s_refused ("blue,orange,yellow,blue,red");          //  milder colour for a worse grade
    s_refused ("red,yellow,orange,blue,blue");
    s_refused ("红红,橙,黄,蓝,蓝");

    SF_CHECK_STR (inspection_colour_name (R), "red");
    SF_CHECK_STR (inspection_colour_name (B), "blue");
    SF_CHECK_STR (inspection_colour_name_zh (O), "橙色");
    SF_CHECK_STR (inspection_colour_level_zh (R), "重大风险");
    SF_CHECK_STR (inspection_colour_level_zh (O), "较大风险");
    SF_CHECK_STR (inspection_colour_level_zh (Y), "一般风险");
    SF_CHECK_STR (inspection_colour_level_zh (B), "低风险");
    SF_CHECK_STR (inspection_colour_level_en (Y), "moderate risk");
    SF_CHECK_STR (inspection_colour_name (0), "");
    SF_CHECK_STR (inspection_colour_name (5), "");
    SF_CHECK_STR (inspection_colour_name_zh (-1), "");
    printf ("inspection_colour_test: ok\n");
    return 0;
}
