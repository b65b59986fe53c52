/*  directory_rules: code and name checks, and the allowed-parent table.                    */
#include "directory_rules.h"
#include "sf_utf8.h"

#include <string.h>

bool
directory_code_valid (const char *text, size_t size)
{
    if (size == 0 || size > DIRECTORY_CODE_MAX_CHARS)
        return false;
    for (size_t i = 0; i < size; i++) {
        char c = text [i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        ||    c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool
directory_login_valid (const char *text)
{
    size_t size = strlen (text);
    if (size < DIRECTORY_LOGIN_MIN_CHARS || size > DIRECTORY_LOGIN_MAX_CHARS)
        return false;
    for (size_t i = 0; i < size; i++) {
        char c = text [i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool
directory_name_zh_valid (const char *text)
{
    size_t chars = sf_utf8_chars (text, strlen (text));
    //  A name is one line: the line breaks and tabs other text may hold are not for names.
    return chars >= 1 && chars <= DIRECTORY_NAME_ZH_MAX_CHARS && !sf_utf8_blank (text)
        && !sf_utf8_has_control (text, strlen (text));
}

bool
directory_name_en_valid (const char *text)
{
    return strlen (text) <= DIRECTORY_NAME_EN_MAX_BYTES && !sf_utf8_has_control (text, strlen (text));
}

//  Which kind may sit directly under which. A plant may be skipped (a department straight
//  under the company) but no other level may. Every rule goes from a lower kind number to
//  a higher one, so no chain of parents can ever loop.
static const struct {
    Directory__Kind parent;
    Directory__Kind child;
} s_parent_rules [] = {
    { DIRECTORY__KIND__KIND_COMPANY, DIRECTORY__KIND__KIND_PLANT },
    { DIRECTORY__KIND__KIND_COMPANY, DIRECTORY__KIND__KIND_DEPARTMENT },
    { DIRECTORY__KIND__KIND_PLANT, DIRECTORY__KIND__KIND_DEPARTMENT },
    { DIRECTORY__KIND__KIND_DEPARTMENT, DIRECTORY__KIND__KIND_TEAM },
    { DIRECTORY__KIND__KIND_TEAM, DIRECTORY__KIND__KIND_POST },
    { DIRECTORY__KIND__KIND_POST, DIRECTORY__KIND__KIND_EMPLOYEE },
};

#define S_RULES (sizeof s_parent_rules / sizeof s_parent_rules [0])

bool
directory_kind_parent_ok (int parent_kind, int child_kind)
{
    for (size_t i = 0; i < S_RULES; i++)
        if ((int) s_parent_rules [i].parent == parent_kind
        &&  (int) s_parent_rules [i].child == child_kind)
            return true;
    return false;
}

size_t
directory_kind_parents (int child_kind, int64_t *parents, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < S_RULES && count < max; i++)
        if ((int) s_parent_rules [i].child == child_kind)
            parents [count++] = s_parent_rules [i].parent;
    return count;
}

bool
directory_kind_is_root (int kind)
{
    if (kind < DIRECTORY__KIND__KIND_COMPANY || kind > DIRECTORY__KIND__KIND_EMPLOYEE)
        return false;
    for (size_t i = 0; i < S_RULES; i++)
        if ((int) s_parent_rules [i].child == kind)
            return false;
    return true;
}
