/*  inspection_hazard_names: the words of the hazard lists as people write and read them, in
    Chinese and English: the five factors (inspection.Factor, 人机料法环), the four risk
    colours (inspection.Colour, 风险四色) and the header of an import file. The daemon reads
    them in import files and its colour mapping; clients (safetyctl) show them.           */
#ifndef INSPECTION_HAZARD_NAMES_H_INCLUDED
#define INSPECTION_HAZARD_NAMES_H_INCLUDED

#include "inspection.pb-c.h"

//  The columns of a hazard list import file (Chinese column names are accepted too).
#define INSPECTION_HAZARD_CSV_HEADER "unit_code,year,factor,hazard,accident_type,measures,l,e,c"

//  The factor a word names (人 or man, …, 环 or environment; English in any letter case), or
//  INSPECTION__FACTOR__FACTOR_UNSPECIFIED.
Inspection__Factor inspection_hazard_factor_parse (const char *word);

//  "人" / "man", …; "" for any other value.
const char *inspection_hazard_factor_zh (int factor);
const char *inspection_hazard_factor_en (int factor);

//  "red", "orange", "yellow", "blue"; "" for any other value.
const char *inspection_colour_name (int colour);

//  "红色", "橙色", "黄色", "蓝色"; "" for any other value.
const char *inspection_colour_name_zh (int colour);

//  What the colour means: "重大风险" / "major risk", …; "" for any other value.
const char *inspection_colour_level_zh (int colour);
const char *inspection_colour_level_en (int colour);

#endif
