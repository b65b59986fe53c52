/*  directory_kind: the allowed-parent table.                                               */
#include "directory_kind.h"

#include <stddef.h>

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
