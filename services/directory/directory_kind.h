/*  directory_kind: the kinds of node in the org tree (company -> plant -> department ->
    team -> post -> employee) and the employment types of an employee, with their names in
    both languages and the one table of which kind may sit under which. The CSV import and
    the create/move handlers all ask directory_kind_parent_ok, so the rule lives in one place.
    Numbers match directory.Kind and directory.EmploymentType in proto/directory.proto.    */
#ifndef DIRECTORY_KIND_H_INCLUDED
#define DIRECTORY_KIND_H_INCLUDED

#include <stdbool.h>

typedef enum {
    DIR_KIND_UNSPECIFIED = 0,
    DIR_KIND_COMPANY = 1,
    DIR_KIND_PLANT = 2,
    DIR_KIND_DEPARTMENT = 3,
    DIR_KIND_TEAM = 4,
    DIR_KIND_POST = 5,
    DIR_KIND_EMPLOYEE = 6
} directory_kind_t;

typedef enum {
    DIR_EMPLOYMENT_UNSPECIFIED = 0,      //  every node that is not an employee
    DIR_EMPLOYMENT_REGULAR = 1,          //  正式
    DIR_EMPLOYMENT_LABOUR_DISPATCH = 2   //  劳务派遣
} directory_employment_t;

//  English word ("department"), for logs, the wire and messages; "unspecified" for any
//  value that is not a kind.
const char *directory_kind_name (int kind);

//  Chinese word ("部门"); "未指定" for any value that is not a kind.
const char *directory_kind_name_zh (int kind);

//  Accepts the English word in any letter case or the Chinese word; 0 for anything else.
directory_kind_t directory_kind_parse (const char *text);

//  True when a node of child_kind may have a parent of parent_kind.
bool directory_kind_parent_ok (int parent_kind, int child_kind);

//  True for the kinds that have no parent (the company).
bool directory_kind_is_root (int kind);

//  "regular" / "labour_dispatch"; "unspecified" for anything else.
const char *directory_employment_name (int type);

//  "正式" / "劳务派遣"; "未指定" for anything else.
const char *directory_employment_name_zh (int type);

//  Accepts regular / labour_dispatch in any letter case, or 正式 / 劳务派遣; 0 for anything else.
directory_employment_t directory_employment_parse (const char *text);

#endif
