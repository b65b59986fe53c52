/*  inspection_names: the tables, by the generated values.                                  */
#include "inspection_names.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

const inspection_name_t inspection_plan_levels [] = {
    { INSPECTION__PLAN_LEVEL__LEVEL_COMPANY_MONTHLY, "company_monthly", "公司月查", NULL },
    { INSPECTION__PLAN_LEVEL__LEVEL_DEPARTMENT_WEEKLY, "department_weekly", "部门周查", NULL },
    { INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY, "team_daily", "班组日查", NULL },
    { INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, "special", "专项检查", "专查" },
    { 0 }
};
const inspection_name_t inspection_task_kinds [] = {
    { INSPECTION__TASK_KIND__TASK_CHECK, "check", "检查", NULL },
    { INSPECTION__TASK_KIND__TASK_PRE_SHIFT, "pre_shift", "班前自查", NULL },
    { INSPECTION__TASK_KIND__TASK_IN_SHIFT, "in_shift", "班中巡查", NULL },
    { INSPECTION__TASK_KIND__TASK_POST_SHIFT, "post_shift", "班后清查", NULL },
    { 0 }
};
const inspection_name_t inspection_task_statuses [] = {
    { INSPECTION__TASK_STATUS__TASK_OPEN, "open", "待办", NULL },
    { INSPECTION__TASK_STATUS__TASK_DONE, "done", "已完成", NULL },
    { INSPECTION__TASK_STATUS__TASK_MISSED, "missed", "漏检", NULL },
    { 0 }
};
const inspection_name_t inspection_severities [] = {
    { INSPECTION__SEVERITY__SEVERITY_GENERAL, "general", "一般隐患", "一般" },
    { INSPECTION__SEVERITY__SEVERITY_MAJOR, "major", "重大隐患", "重大" },
    { 0 }
};
const inspection_name_t inspection_finding_sources [] = {
    { INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "inspection", "检查发现", NULL },
    { INSPECTION__FINDING_SOURCE__SOURCE_REPORT, "report", "随手拍", NULL },
    { INSPECTION__FINDING_SOURCE__SOURCE_LESSON, "lesson", "举一反三", NULL },
    { 0 }
};
const inspection_name_t inspection_finding_statuses [] = {
    { INSPECTION__FINDING_STATUS__FINDING_OPEN, "open", "待整改", NULL },
    { INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION, "in_rectification", "整改中", NULL },
    { INSPECTION__FINDING_STATUS__FINDING_CLOSED, "closed", "已关闭", NULL },
    { INSPECTION__FINDING_STATUS__FINDING_CANCELLED, "cancelled", "已取消", NULL },
    { 0 }
};
const inspection_name_t inspection_violation_types [] = {
    { INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "illegal_command", "违章指挥", NULL },
    { INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "illegal_operation", "违章作业", NULL },
    { INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "discipline", "违反劳动纪律", NULL },
    { 0 }
};
const inspection_name_t inspection_meeting_kinds [] = {
    { INSPECTION__MEETING_KIND__MEETING_PRE_SHIFT, "pre", "班前会", "pre_shift" },
    { INSPECTION__MEETING_KIND__MEETING_POST_SHIFT, "post", "班后会", "post_shift" },
    { 0 }
};

int
inspection_name_parse (const inspection_name_t *names, const char *text)
{
    for (; text && names->value; names++)
        if (strcasecmp (text, names->name) == 0 || strcmp (text, names->zh) == 0
        ||  (names->alias && strcasecmp (text, names->alias) == 0))
            return names->value;
    return 0;
}

const inspection_name_t *
inspection_name_find (const inspection_name_t *names, int value)
{
    for (; names->value; names++)
        if (names->value == value)
            return names;
    return NULL;
}
