/*  inspection_colour: the four-colour risk levels (风险四色, inspection.Colour) and the
    enterprise's mapping from LEC grade to colour (config key risk.colour_by_grade), e.g.
    "red,orange,yellow,blue,blue" for grades 1..5. The mapping is configuration, not data:
    enterprises differ in where they draw the colour lines.                                */
#ifndef INSPECTION_COLOUR_H_INCLUDED
#define INSPECTION_COLOUR_H_INCLUDED

//  Values of inspection.Colour.
typedef enum {
    INSPECTION_COLOUR_UNSPECIFIED = 0,
    INSPECTION_COLOUR_RED = 1,          //  重大风险
    INSPECTION_COLOUR_ORANGE = 2,       //  较大风险
    INSPECTION_COLOUR_YELLOW = 3,       //  一般风险
    INSPECTION_COLOUR_BLUE = 4          //  低风险
} inspection_colour_t;

#define INSPECTION_COLOUR_CONFIG_KEY "risk.colour_by_grade"
#define INSPECTION_COLOUR_DEFAULT "red,orange,yellow,blue,blue"

//  Reads a mapping: five colours for grades 1..5, comma-separated, each in English (red,
//  orange, yellow, blue) or Chinese (红, 橙, 黄, 蓝, with or without 色), spaces allowed
//  around them. A more dangerous grade may not get a milder colour than a less dangerous
//  one. Fills colour_by_grade [1..5] (index 0 is set to 0) and returns 0, or returns -1
//  and leaves colour_by_grade as it was.
int inspection_colour_parse (const char *text, int colour_by_grade [6]);

//  "red", "orange", "yellow", "blue"; "" for any other value.
const char *inspection_colour_name (int colour);

//  "红色", "橙色", "黄色", "蓝色"; "" for any other value.
const char *inspection_colour_name_zh (int colour);

//  What the colour means: "重大风险" / "major risk", ... ; "" for any other value.
const char *inspection_colour_level_zh (int colour);
const char *inspection_colour_level_en (int colour);

#endif
