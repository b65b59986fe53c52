/*  directory_names: the words for the org directory's enums (directory.Kind and
    directory.EmploymentType) in both languages, one table of them, for the daemon's texts and
    CSV import and for every client that shows a node or reads a kind a person typed.       */
#ifndef DIRECTORY_NAMES_H_INCLUDED
#define DIRECTORY_NAMES_H_INCLUDED

#include "directory.pb-c.h"

//  English word ("department"); "unspecified" for any value that is not a kind.
const char *directory_kind_name (int kind);

//  Chinese word ("部门"); "未指定" for any value that is not a kind.
const char *directory_kind_name_zh (int kind);

//  Accepts the English word in any letter case or the Chinese word; KIND_UNSPECIFIED for
//  anything else (NULL too).
Directory__Kind directory_kind_parse (const char *text);

//  "regular" / "labour_dispatch"; "unspecified" for anything else.
const char *directory_employment_name (int type);

//  "正式" / "劳务派遣"; "未指定" for anything else.
const char *directory_employment_name_zh (int type);

//  Accepts regular / labour_dispatch in any letter case, or 正式 / 劳务派遣;
//  EMPLOYMENT_UNSPECIFIED for anything else (NULL too).
Directory__EmploymentType directory_employment_parse (const char *text);

#endif
