/*  rectification_machine: the transition table (README.md shows the same table).           */
#include "rectification_machine.h"

#include <assert.h>
#include <stddef.h>

//  The generated names, shortened for the table only.
#define S_ISSUED RECTIFICATION__FORM_STATUS__FORM_ISSUED
#define S_ACKNOWLEDGED RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED
#define S_IN_RECTIFICATION RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION
#define S_SUBMITTED RECTIFICATION__FORM_STATUS__FORM_SUBMITTED
#define S_CLOSED RECTIFICATION__FORM_STATUS__FORM_CLOSED
#define S_CANCELLED RECTIFICATION__FORM_STATUS__FORM_CANCELLED
#define S_SAME RECTIFICATION__FORM_STATUS__FORM_STATUS_UNSPECIFIED
#define S_PLAN RECTIFICATION__PDCA__PDCA_PLAN
#define S_DO RECTIFICATION__PDCA__PDCA_DO
#define S_CHECK RECTIFICATION__PDCA__PDCA_CHECK
#define S_ACT RECTIFICATION__PDCA__PDCA_ACT
#define S_KEEP RECTIFICATION__PDCA__PDCA_UNSPECIFIED

#define S_FROM(status) (1u << (status))
#define S_WORKING (S_FROM (S_ISSUED) | S_FROM (S_ACKNOWLEDGED) | S_FROM (S_IN_RECTIFICATION))

static const rect_move_t s_moves [RECT_T_COUNT] = {
    { RECT_T_ISSUE, &rectification__issue_form__descriptor, "issue", "下发", 0, S_ISSUED,
      RECT_ROLES_ISSUING, RECT_SIDE_ISSUING, S_PLAN, "rectification.form_issued" },
    { RECT_T_ACKNOWLEDGE, &rectification__acknowledge_form__descriptor, "acknowledge", "签收",
      S_FROM (S_ISSUED), S_ACKNOWLEDGED, RECT_ROLES_RESPONSIBLE, RECT_SIDE_RECTIFIER, S_PLAN,
      "rectification.form_acknowledged" },
    { RECT_T_RECORD_PLAN, &rectification__record_plan__descriptor, "record plan", "制定整改方案",
      S_WORKING, S_SAME, RECT_ROLES_RESPONSIBLE, RECT_SIDE_RESPONSIBLE, S_KEEP, "rectification.plan_recorded" },
    { RECT_T_START, &rectification__start_rectification__descriptor, "start rectification", "开始整改",
      S_FROM (S_ACKNOWLEDGED), S_IN_RECTIFICATION, RECT_ROLES_RESPONSIBLE, RECT_SIDE_RECTIFIER, S_DO,
      "rectification.rectification_started" },
    { RECT_T_SUBMIT, &rectification__submit_evidence__descriptor, "submit evidence", "提交整改证据",
      S_FROM (S_IN_RECTIFICATION), S_SUBMITTED, RECT_ROLES_RESPONSIBLE, RECT_SIDE_RECTIFIER, S_CHECK,
      "rectification.form_submitted" },
    { RECT_T_VERIFY, &rectification__verify_form__descriptor, "verify and close", "验证关闭",
      S_FROM (S_SUBMITTED), S_CLOSED, RECT_ROLES_ISSUING, RECT_SIDE_ISSUING, S_ACT, "rectification.form_closed" },
    { RECT_T_REJECT, &rectification__reject_form__descriptor, "reject", "驳回",
      S_FROM (S_SUBMITTED), S_IN_RECTIFICATION, RECT_ROLES_ISSUING, RECT_SIDE_ISSUING, S_DO,
      "rectification.form_rejected" },
    { RECT_T_CANCEL, &rectification__cancel_form__descriptor, "cancel", "撤销",
      S_WORKING | S_FROM (S_SUBMITTED), S_CANCELLED, RECT_ROLES_CANCEL, RECT_SIDE_ISSUING, S_KEEP,
      "rectification.form_cancelled" },
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
    return status >= S_ISSUED && status <= S_CANCELLED && (move->from & S_FROM (status));
}

bool
rect_status_working (int status)
{
    return status >= S_ISSUED && status <= S_IN_RECTIFICATION;
}
