/*  inspection_colour: the enterprise's mapping from LEC grade to risk colour (风险四色,
    inspection.Colour; config key risk.colour_by_grade), e.g. "red,orange,yellow,blue,blue"
    for grades 1..5. The mapping is configuration, not data: enterprises differ in where they
    draw the colour lines. The colours' names are in proto/inspection_hazard_names.         */
#ifndef INSPECTION_COLOUR_H_INCLUDED
#define INSPECTION_COLOUR_H_INCLUDED

#include "inspection_hazard_names.h"

#define INSPECTION_COLOUR_CONFIG_KEY "risk.colour_by_grade"
#define INSPECTION_COLOUR_DEFAULT "red,orange,yellow,blue,blue"

//  Reads a mapping: five colours for grades 1..5, comma-separated, each in English (red,
//  orange, yellow, blue) or Chinese (红, 橙, 黄, 蓝, with or without 色), spaces allowed
//  around them. A more dangerous grade may not get a milder colour than a less dangerous
//  one. Fills colour_by_grade [1..5] with inspection.Colour values (index 0 is set to 0)
//  and returns 0, or returns -1 and leaves colour_by_grade as it was.
int inspection_colour_parse (const char *text, int colour_by_grade [6]);

#endif
