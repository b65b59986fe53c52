/*  directory_names: a value, its English word and its Chinese word, per enum.              */
#include "directory_names.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

typedef struct {
    int value;
    const char *name;
    const char *name_zh;
} s_name_t;

static const s_name_t s_kinds [] = {
    { DIRECTORY__KIND__KIND_COMPANY, "company", "公司" },
    { DIRECTORY__KIND__KIND_PLANT, "plant", "厂区" },
    { DIRECTORY__KIND__KIND_DEPARTMENT, "department", "部门" },
    { DIRECTORY__KIND__KIND_TEAM, "team", "班组" },
    { DIRECTORY__KIND__KIND_POST, "post", "岗位" },
    { DIRECTORY__KIND__KIND_EMPLOYEE, "employee", "员工" },
    { 0 }
};

static const s_name_t s_employments [] = {
    { DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR, "regular", "正式" },
    { DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH, "labour_dispatch", "劳务派遣" },
    { 0 }
};

static const s_name_t s_unspecified = { 0, "unspecified", "未指定" };

static const s_name_t *
s_by_value (const s_name_t *names, int value)
{
    for (; names->name; names++)
        if (names->value == value)
            return names;
    return &s_unspecified;
}

static int
s_parse (const s_name_t *names, const char *text)
{
    for (; text && names->name; names++)
        if (strcasecmp (text, names->name) == 0 || strcmp (text, names->name_zh) == 0)
            return names->value;
    return 0;
}

const char *
directory_kind_name (int kind)
{
    return s_by_value (s_kinds, kind)->name;
}

const char *
directory_kind_name_zh (int kind)
{
    return s_by_value (s_kinds, kind)->name_zh;
}

Directory__Kind
directory_kind_parse (const char *text)
{
    return (Directory__Kind) s_parse (s_kinds, text);
}

const char *
directory_employment_name (int type)
{
    return s_by_value (s_employments, type)->name;
}

const char *
directory_employment_name_zh (int type)
{
    return s_by_value (s_employments, type)->name_zh;
}

Directory__EmploymentType
directory_employment_parse (const char *text)
{
    return (Directory__EmploymentType) s_parse (s_employments, text);
}
