/*  rectification_machine: the transition table (README.md shows the same table).           */
#include "rectification_machine.h"
#include "rectification_codec.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#define S_FROM(status) (1u << (status))
#define S_WORKING (S_FROM (RECT_ISSUED) | S_FROM (RECT_ACKNOWLEDGED) | S_FROM (RECT_IN_RECTIFICATION))

static const rect_move_t s_moves [RECT_T_COUNT] = {
    { RECT_T_ISSUE, "issue", "下发", 0, RECT_ISSUED, RECT_ROLES_ISSUING, RECT_SIDE_ISSUING,
      RECT_PLAN, "rectification.form_issued" },
    { RECT_T_ACKNOWLEDGE, "acknowledge", "签收", S_FROM (RECT_ISSUED), RECT_ACKNOWLEDGED,
      RECT_ROLES_RESPONSIBLE, RECT_SIDE_RECTIFIER, RECT_PLAN, "rectification.form_acknowledged" },
    { RECT_T_RECORD_PLAN, "record plan", "制定整改方案", S_WORKING, 0,
      RECT_ROLES_RESPONSIBLE, RECT_SIDE_RESPONSIBLE, 0, "rectification.plan_recorded" },
    { RECT_T_START, "start rectification", "开始整改", S_FROM (RECT_ACKNOWLEDGED), RECT_IN_RECTIFICATION,
      RECT_ROLES_RESPONSIBLE, RECT_SIDE_RECTIFIER, RECT_DO, "rectification.rectification_started" },
    { RECT_T_SUBMIT, "submit evidence", "提交整改证据", S_FROM (RECT_IN_RECTIFICATION), RECT_SUBMITTED,
      RECT_ROLES_RESPONSIBLE, RECT_SIDE_RECTIFIER, RECT_CHECK, "rectification.form_submitted" },
    { RECT_T_VERIFY, "verify and close", "验证关闭", S_FROM (RECT_SUBMITTED), RECT_CLOSED,
      RECT_ROLES_ISSUING, RECT_SIDE_ISSUING, RECT_ACT, "rectification.form_closed" },
    { RECT_T_REJECT, "reject", "驳回", S_FROM (RECT_SUBMITTED), RECT_IN_RECTIFICATION,
      RECT_ROLES_ISSUING, RECT_SIDE_ISSUING, RECT_DO, "rectification.form_rejected" },
    { RECT_T_CANCEL, "cancel", "撤销", S_WORKING | S_FROM (RECT_SUBMITTED), RECT_CANCELLED,
      RECT_ROLES_CANCEL, RECT_SIDE_ISSUING, 0, "rectification.form_cancelled" },
};

const rect_move_t *
rect_machine_move (rect_transition_t transition)
{
    assert (transition < RECT_T_COUNT);
    assert (s_moves [transition].transition == transition);
    return &s_moves [transition];
}

bool
rect_machine_allows (const rect_move_t *move, int status)
{
    return status >= RECT_ISSUED && status <= RECT_CANCELLED && (move->from & S_FROM (status));
}

bool
rect_status_terminal (int status)
{
    return status == RECT_CLOSED || status == RECT_CANCELLED;
}

bool
rect_status_working (int status)
{
    return status >= RECT_ISSUED && status <= RECT_IN_RECTIFICATION;
}

static const char *s_status [] = { NULL, "issued", "acknowledged", "in_rectification", "submitted", "closed", "cancelled" };
static const char *s_status_zh [] = { NULL, "已下发", "已签收", "整改中", "待验证", "已关闭", "已撤销" };
static const char *s_severity [] = { NULL, "general", "major" };
static const char *s_severity_zh [] = { NULL, "一般隐患", "重大隐患" };
static const char *s_pdca [] = { NULL, "plan", "do", "check", "act" };
static const char *s_pdca_zh [] = { NULL, "计划", "执行", "检查", "处理" };

#define S_NAME(table, value) \
    ((value) > 0 && (size_t) (value) < sizeof (table) / sizeof (table) [0]? (table) [value]: "?")

const char *rect_status_name (int status) { return S_NAME (s_status, status); }
const char *rect_status_name_zh (int status) { return S_NAME (s_status_zh, status); }
const char *rect_severity_name (int severity) { return S_NAME (s_severity, severity); }
const char *rect_severity_name_zh (int severity) { return S_NAME (s_severity_zh, severity); }
const char *rect_pdca_name (int pdca) { return S_NAME (s_pdca, pdca); }
const char *rect_pdca_name_zh (int pdca) { return S_NAME (s_pdca_zh, pdca); }

static int
s_parse (const char *text, const char **names, const char **names_zh, int count)
{
    for (int i = 1; text && i < count; i++)
        if (strcmp (text, names [i]) == 0 || strcmp (text, names_zh [i]) == 0)
            return i;
    return 0;
}

int
rect_status_parse (const char *text)
{
    return s_parse (text, s_status, s_status_zh, 7);
}

int
rect_severity_parse (const char *text)
{
    return s_parse (text, s_severity, s_severity_zh, 3);
}
