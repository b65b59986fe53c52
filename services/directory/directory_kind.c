/*  directory_kind: names of kinds and employment types, and the allowed-parent table.      */
#include "directory_kind.h"

#include <stddef.h>
#include <strings.h>
#include <string.h>

typedef struct {
    int value;
    const char *name;
    const char *name_zh;
} s_name_t;

static const s_name_t s_kinds [] = {
    { DIR_KIND_COMPANY, "company", "公司" },
    { DIR_KIND_PLANT, "plant", "厂区" },
    { DIR_KIND_DEPARTMENT, "department", "部门" },
    { DIR_KIND_TEAM, "team", "班组" },
    { DIR_KIND_POST, "post", "岗位" },
    { DIR_KIND_EMPLOYEE, "employee", "员工" },
};

static const s_name_t s_employments [] = {
    { DIR_EMPLOYMENT_REGULAR, "regular", "正式" },
    { DIR_EMPLOYMENT_LABOUR_DISPATCH, "labour_dispatch", "劳务派遣" },
};

//  Which kind may sit directly under which. A plant may be skipped (a department straight
//  under the company) but no other level may. Every rule goes from a lower kind number to
//  a higher one, so no chain of parents can ever loop.
static const struct {
    directory_kind_t parent;
    directory_kind_t child;
} s_parent_rules [] = {
    { DIR_KIND_COMPANY, DIR_KIND_PLANT },
    { DIR_KIND_COMPANY, DIR_KIND_DEPARTMENT },
    { DIR_KIND_PLANT, DIR_KIND_DEPARTMENT },
    { DIR_KIND_DEPARTMENT, DIR_KIND_TEAM },
    { DIR_KIND_TEAM, DIR_KIND_POST },
    { DIR_KIND_POST, DIR_KIND_EMPLOYEE },
};

#define S_COUNT(array) (sizeof (array) / sizeof (array) [0])

static const s_name_t *
s_by_value (const s_name_t *names, size_t count, int value)
{
    for (size_t i = 0; i < count; i++)
        if (names [i].value == value)
            return &names [i];
    return NULL;
}

static int
s_parse (const s_name_t *names, size_t count, const char *text)
{
    if (!text)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (strcasecmp (text, names [i].name) == 0 || strcmp (text, names [i].name_zh) == 0)
            return names [i].value;
    return 0;
}

const char *
directory_kind_name (int kind)
{
    const s_name_t *entry = s_by_value (s_kinds, S_COUNT (s_kinds), kind);
    return entry? entry->name: "unspecified";
}

const char *
directory_kind_name_zh (int kind)
{
    const s_name_t *entry = s_by_value (s_kinds, S_COUNT (s_kinds), kind);
    return entry? entry->name_zh: "未指定";
}

directory_kind_t
directory_kind_parse (const char *text)
{
    return (directory_kind_t) s_parse (s_kinds, S_COUNT (s_kinds), text);
}

bool
directory_kind_parent_ok (int parent_kind, int child_kind)
{
    for (size_t i = 0; i < S_COUNT (s_parent_rules); i++)
        if ((int) s_parent_rules [i].parent == parent_kind
        &&  (int) s_parent_rules [i].child == child_kind)
            return true;
    return false;
}

bool
directory_kind_is_root (int kind)
{
    if (!s_by_value (s_kinds, S_COUNT (s_kinds), kind))
        return false;
    for (size_t i = 0; i < S_COUNT (s_parent_rules); i++)
        if ((int) s_parent_rules [i].child == kind)
            return false;
    return true;
}

const char *
directory_employment_name (int type)
{
    const s_name_t *entry = s_by_value (s_employments, S_COUNT (s_employments), type);
    return entry? entry->name: "unspecified";
}

const char *
directory_employment_name_zh (int type)
{
    const s_name_t *entry = s_by_value (s_employments, S_COUNT (s_employments), type);
    return entry? entry->name_zh: "未指定";
}

directory_employment_t
directory_employment_parse (const char *text)
{
    return (directory_employment_t) s_parse (s_employments, S_COUNT (s_employments), text);
}
