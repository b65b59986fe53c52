/*  lesson_assign_messages: the assign area's texts.                                        */
#include "lesson_assign_messages.h"

const sf_text_t LESSON_ASSIGN_MSG_UNKNOWN = {
    "举一反三任务 %lld 不存在", "there is no assignment %lld"
};
const sf_text_t LESSON_ASSIGN_MSG_LESSON_UNKNOWN = {
    "事故教训 %lld 不存在", "there is no lesson %lld"
};
const sf_text_t LESSON_ASSIGN_MSG_TRANSITION = {
    "举一反三任务 %1$lld 当前为“%2$s”状态，不能%3$s%4$.0s%5$.0s",
    "%2$.0s%3$.0sassignment %1$lld is %4$s: it cannot be %5$s"
};
const sf_text_t LESSON_ASSIGN_MSG_REPORT_EARLY = {
    "举一反三任务 %1$lld 当前为“%2$s”状态：须先在隐患排查中完成专项检查，再报告自查情况%3$.0s",
    "%2$.0sassignment %1$lld is %3$s: a report before the self-check is refused; record the special check in "
    "inspection first"
};
const sf_text_t LESSON_ASSIGN_MSG_REPORT_LENGTH = {
    "自查报告不能为空，且不超过 %d 个字", "the report must hold 1 to %d characters"
};
const sf_text_t LESSON_ASSIGN_MSG_LIST_WHICH = {
    "请给出事故教训（lesson_id）或单位（unit_code）二者之一",
    "give exactly one of lesson_id and unit_code"
};
const sf_text_t LESSON_ASSIGN_MSG_UNIT_UNKNOWN = {
    "单位 %s 不存在", "there is no unit %s"
};
const sf_text_t LESSON_ASSIGN_MSG_STATUS = {
    "任务状态 %d 无效", "%d is not an assignment status"
};

const sf_text_t LESSON_ASSIGN_STATE_NAMES [6] = {
    { "-", "-" }, { "待签收", "assigned" }, { "已签收", "acknowledged" }, { "已自查", "self-checked" },
    { "已报告", "reported" }, { "已关闭", "closed" }
};
