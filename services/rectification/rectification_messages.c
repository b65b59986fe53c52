/*  rectification_messages: the texts, zh-CN first.                                        */
#include "rectification_messages.h"

const sf_text_t RECT_MSG_NO_FORM = {
    "请给出问题反馈单编号",
    "give the number of the feedback form"
};
const sf_text_t RECT_MSG_FORM_NOT_FOUND = {
    "问题反馈单“%s”不存在",
    "there is no feedback form '%s'"
};
const sf_text_t RECT_MSG_ILLEGAL = {
    "问题反馈单“%1$s”当前状态为“%2$s”，不能%4$s%3$.0s%5$.0s",
    "%2$.0s%4$.0sfeedback form '%1$s' is %3$s: it cannot be moved by '%5$s'"
};
const sf_text_t RECT_MSG_NO_ACTOR_UNIT = {
    "%1$s需要说明您代表哪个单位（actor.org_node）%2$.0s",
    "%1$.0s'%2$s' needs the unit you act for (actor.org_node)"
};
const sf_text_t RECT_MSG_NOT_RESPONSIBLE_SIDE = {
    "单位“%1$s”不是责任单位“%2$s”或其上级，不能%3$s%4$.0s",
    "%3$.0sthe unit '%1$s' is neither the responsible unit '%2$s' nor above it: it may not '%4$s'"
};
const sf_text_t RECT_MSG_NOT_RECTIFIER = {
    "只有责任单位“%2$s”（或其下级单位）可以%3$s%4$.0s，单位“%1$s”不可以：下发方和上级不能代为整改",
    "%3$.0sonly the responsible unit '%2$s' (or a unit below it) may '%4$s', not the unit '%1$s':"
    " the issuing side and the units above do not rectify on its behalf"
};
const sf_text_t RECT_MSG_NOT_ISSUING_SIDE = {
    "%5$.0s只有下发方（“%2$s”或其上级，且不属于责任单位“%3$s”）可以%4$s，单位“%1$s”不可以",
    "%4$.0sonly the issuing side ('%2$s' or above, outside the responsible unit '%3$s') may '%5$s', not the unit '%1$s'"
};
const sf_text_t RECT_MSG_SELF_VERIFY = {
    "整改证据由“%s”提交，验证人不能是整改人本人",
    "the evidence was submitted by '%s': the verifier cannot be the rectifier"
};
const sf_text_t RECT_MSG_UNIT_UNKNOWN = {
    "单位“%s”不存在（如刚创建，请稍后重试）",
    "unit '%s' is not known (if it was just created, try again in a moment)"
};
const sf_text_t RECT_MSG_UNIT_INACTIVE = {
    "单位“%s”已停用",
    "unit '%s' is deactivated"
};
const sf_text_t RECT_MSG_MISSING = {
    "请填写%1$s%2$.0s",
    "%1$.0s%2$s is required"
};
const sf_text_t RECT_MSG_TOO_LONG = {
    "%1$s过长：共 %4$d 个字符，最多 %3$d 个（一个汉字算一个字符）%2$.0s",
    "%1$.0s%2$s is too long: %4$d characters, at most %3$d"
};
const sf_text_t RECT_MSG_TOO_MANY = {
    "%1$s过多：最多 %3$d 个%2$.0s",
    "%1$.0stoo many %2$s: at most %3$d"
};
const sf_text_t RECT_MSG_BAD_SEVERITY = {
    "隐患等级 %d 无效：应为一般隐患或重大隐患",
    "severity %d is not valid: general or major"
};
const sf_text_t RECT_MSG_DEADLINE_PAST = {
    "整改期限 %s 已经过去（现在 %s）",
    "the deadline %s is in the past (now %s)"
};
const sf_text_t RECT_MSG_PLAN_INCOMPLETE = {
    "重大隐患“%1$s”的治理方案不完整，缺少：%2$s%3$.0s（《安全生产事故隐患排查治理暂行规定》第十五条）",
    "%2$.0sthe treatment plan of major hazard '%1$s' is incomplete; missing: %3$s (Provisional Regulations on Hidden Hazards, Art. 15)"
};
const sf_text_t RECT_MSG_PLAN_AFTER_DEADLINE = {
    "治理时限 %s 不能晚于整改期限 %s，也不能早于现在",
    "the plan's time limit %s must be in the future and not after the form's deadline %s"
};
const sf_text_t RECT_MSG_BAD_AMOUNT = {
    "%1$s金额无效%2$.0s",
    "%1$.0s%2$s is not a valid amount"
};
const sf_text_t RECT_MSG_ISSUER_NOT_YOURS = {
    "不能以单位“%s”的名义下发：您代表的单位是“%s”",
    "you cannot issue in the name of '%s': you act for '%s'"
};
const sf_text_t RECT_MSG_NO_ROLE_AT_UNIT = {
    "您在所代表的单位“%1$s”没有%2$s所需的角色（需要其一：%4$s）%3$.0s",
    "%2$.0syou hold no role for the unit you act for, '%1$s', that '%3$s' needs (one of: %4$s)"
};
const sf_text_t RECT_MSG_OUT_OF_REACH = {
    "不能向单位“%1$s”下发：它不在您（代表“%2$s”）有权下发的厂内",
    "you cannot issue to '%1$s': it lies outside the plants where you (acting for '%2$s') may issue"
};
const sf_text_t RECT_MSG_BAD_PERIOD = {
    "统计期间无效：开始时间须早于结束时间",
    "the period is not valid: it must start before it ends"
};
const sf_text_t RECT_MSG_BAD_STATUS = {
    "状态 %s 无效",
    "status %s is not valid"
};
