/*  rectification_names: one table per enum, indexed by the generated values.              */
#include "rectification_names.h"

#include <stddef.h>
#include <string.h>

static const char *s_status [] = {
    [RECTIFICATION__FORM_STATUS__FORM_ISSUED] = "issued",
    [RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED] = "acknowledged",
    [RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION] = "in_rectification",
    [RECTIFICATION__FORM_STATUS__FORM_SUBMITTED] = "submitted",
    [RECTIFICATION__FORM_STATUS__FORM_CLOSED] = "closed",
    [RECTIFICATION__FORM_STATUS__FORM_CANCELLED] = "cancelled"
};
static const char *s_status_zh [] = {
    [RECTIFICATION__FORM_STATUS__FORM_ISSUED] = "已下发",
    [RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED] = "已签收",
    [RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION] = "整改中",
    [RECTIFICATION__FORM_STATUS__FORM_SUBMITTED] = "待验证",
    [RECTIFICATION__FORM_STATUS__FORM_CLOSED] = "已关闭",
    [RECTIFICATION__FORM_STATUS__FORM_CANCELLED] = "已撤销"
};
static const char *s_severity [] = {
    [RECTIFICATION__SEVERITY__SEVERITY_GENERAL] = "general",
    [RECTIFICATION__SEVERITY__SEVERITY_MAJOR] = "major"
};
static const char *s_severity_zh [] = {
    [RECTIFICATION__SEVERITY__SEVERITY_GENERAL] = "一般隐患",
    [RECTIFICATION__SEVERITY__SEVERITY_MAJOR] = "重大隐患"
};
static const char *s_pdca [] = {
    [RECTIFICATION__PDCA__PDCA_PLAN] = "plan", [RECTIFICATION__PDCA__PDCA_DO] = "do",
    [RECTIFICATION__PDCA__PDCA_CHECK] = "check", [RECTIFICATION__PDCA__PDCA_ACT] = "act"
};
static const char *s_pdca_zh [] = {
    [RECTIFICATION__PDCA__PDCA_PLAN] = "计划", [RECTIFICATION__PDCA__PDCA_DO] = "执行",
    [RECTIFICATION__PDCA__PDCA_CHECK] = "检查", [RECTIFICATION__PDCA__PDCA_ACT] = "处理"
};

#define S_COUNT(table) (sizeof (table) / sizeof (table) [0])
#define S_NAME(table, value) ((value) > 0 && (size_t) (value) < S_COUNT (table)? (table) [value]: "?")

const char *rect_status_name (int status) { return S_NAME (s_status, status); }
const char *rect_status_name_zh (int status) { return S_NAME (s_status_zh, status); }
const char *rect_severity_name (int severity) { return S_NAME (s_severity, severity); }
const char *rect_severity_name_zh (int severity) { return S_NAME (s_severity_zh, severity); }
const char *rect_pdca_name (int pdca) { return S_NAME (s_pdca, pdca); }
const char *rect_pdca_name_zh (int pdca) { return S_NAME (s_pdca_zh, pdca); }

//  The value named text in either table, 0 when none.
static int
s_parse (const char *text, const char **names, const char **names_zh, size_t count)
{
    for (size_t i = 1; text && i < count; i++)
        if (strcmp (text, names [i]) == 0 || strcmp (text, names_zh [i]) == 0)
            return (int) i;
    return 0;
}

Rectification__FormStatus
rect_status_parse (const char *text)
{
    return (Rectification__FormStatus) s_parse (text, s_status, s_status_zh, S_COUNT (s_status));
}

Rectification__Severity
rect_severity_parse (const char *text)
{
    return (Rectification__Severity) s_parse (text, s_severity, s_severity_zh, S_COUNT (s_severity));
}
