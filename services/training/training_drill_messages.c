/*  training_drill_messages: the texts, zh-CN first.                                       */
#include "training_drill_messages.h"

const sf_text_t DRILL_MSG_UNIT_UNKNOWN = {
    "单位“%s”不存在（如刚创建，请稍后重试）",
    "unit '%s' is not known (if it was just created, try again in a moment)"
};
const sf_text_t DRILL_MSG_KIND_UNKNOWN = {
    "未知的演练类型“%s”（见 DrillKindList）", "unknown drill kind '%s' (see DrillKindList)"
};
const sf_text_t DRILL_MSG_MISSING = {
    "请填写%s%.0s", "%.0sthe %s is missing"
};
const sf_text_t DRILL_MSG_TOO_LONG = {
    "%s%.0s最多 %d 个字符", "%.0sthe %s has at most %d characters"
};
const sf_text_t DRILL_MSG_NO_DATE = {
    "请填写%s%.0s", "%.0sthe %s is missing"
};
const sf_text_t DRILL_MSG_IN_FUTURE = {
    "演练实施时间不能晚于当前时间", "a drill cannot have been held in the future"
};
const sf_text_t DRILL_MSG_PERSON_UNKNOWN = {
    "人员“%s”不存在（如刚创建，请稍后重试）",
    "there is no employee '%s' (if just created, try again in a moment)"
};
const sf_text_t DRILL_MSG_PERSON_LEFT = {
    "人员“%s”已离职", "employee '%s' has left"
};
const sf_text_t DRILL_MSG_PERSON_OUTSIDE = {
    "人员“%s”不属于演练单位“%s”及其下级", "employee '%s' is not at or below the drill's unit '%s'"
};
const sf_text_t DRILL_MSG_PARTICIPANTS_COUNT = {
    "一次请添加 1 至 %d 名参演人员", "add between 1 and %d participants at a time"
};
const sf_text_t DRILL_MSG_UNKNOWN = {
    "演练 %lld 不存在", "there is no drill %lld"
};
const sf_text_t DRILL_MSG_TRANSITION = {
    "演练 %1$lld 当前为“%2$s”状态，不能%3$s%4$.0s%5$.0s", "%2$.0s%3$.0sdrill %1$lld is %4$s: it cannot be %5$s"
};
const sf_text_t DRILL_MSG_DURATION = {
    "演练时长 %d 分钟超出范围（1 至 %d 分钟）", "a duration of %d minutes is out of range (1 to %d minutes)"
};
const sf_text_t DRILL_MSG_SCORE = {
    "评分 %d 超出范围（0 至 100）", "score %d is out of range (0 to 100)"
};
const sf_text_t DRILL_MSG_GRADE = {
    "未知的评定等级 %d", "unknown grade %d"
};
const sf_text_t DRILL_MSG_NO_RESULT = {
    "评估须给出评分或评定等级", "an evaluation needs a score or a grade"
};
const sf_text_t DRILL_MSG_FINDINGS_COUNT = {
    "一次评估最多登记 %d 项问题", "an evaluation raises at most %d findings"
};
const sf_text_t DRILL_MSG_FINDING_SEVERITY = {
    "第 %d 项问题的隐患等级 %d 无效：须为一般（1）或重大（2）",
    "finding %d: severity %d is not valid: general (1) or major (2)"
};
const sf_text_t DRILL_MSG_FINDING_UNIT = {
    "第 %d 项问题的责任单位“%s”不存在", "finding %d: the responsible unit '%s' is not known"
};
const sf_text_t DRILL_MSG_FINDING_UNIT_KIND = {
    "第 %d 项问题的责任单位“%s”须为厂区、部门、班组或岗位",
    "finding %d: the responsible unit '%s' must be a plant, department, team or post"
};
const sf_text_t DRILL_MSG_FINDING_UNIT_OUTSIDE = {
    "第 %d 项问题的责任单位“%s”不在演练单位“%s”的范围内",
    "finding %d: the responsible unit '%s' is outside the drill's unit '%s'"
};
const sf_text_t DRILL_MSG_BAD_CODE = {
    "%1$s“%3$s”格式不对：只允许字母、数字和 . _ -，最长32个字符%2$.0s",
    "%1$.0s%2$s '%3$s' is malformed: letters, digits and . _ - only, at most 32 characters"
};
const sf_text_t DRILL_MSG_CAMPAIGN_EXISTS = {
    "活动“%s”已存在", "campaign '%s' exists already"
};
const sf_text_t DRILL_MSG_CAMPAIGN_UNKNOWN = {
    "活动“%s”不存在", "there is no campaign '%s'"
};
const sf_text_t DRILL_MSG_CAMPAIGN_PERIOD = {
    "活动的结束时间须晚于开始时间，且最长 %d 天", "a campaign ends after it starts, at most %d days later"
};
const sf_text_t DRILL_MSG_CAMPAIGN_UNITS = {
    "活动须包含 1 至 %d 个单位", "a campaign has between 1 and %d units"
};
const sf_text_t DRILL_MSG_CAMPAIGN_UNIT_OUTSIDE = {
    "单位“%s”不在主办单位“%s”及其下级之中", "unit '%s' is not at or below the organising unit '%s'"
};
const sf_text_t DRILL_MSG_SESSION_UNKNOWN = {
    "培训场次 %lld 不存在", "there is no session %lld"
};
const sf_text_t DRILL_MSG_SESSION_OUTSIDE_PERIOD = {
    "培训场次 %lld 的日期不在活动“%s”的期间内", "session %lld is not dated within campaign '%s'"
};
const sf_text_t DRILL_MSG_SESSION_OUTSIDE_UNITS = {
    "培训场次 %lld 的单位“%s”不属于活动“%s”的任何单位",
    "session %lld is held by unit '%s', which is not at or below a unit of campaign '%s'"
};

const sf_text_t DRILL_STATE_NAMES [5] = {
    { "-", "-" }, { "已计划", "planned" }, { "已实施", "held" }, { "已评估", "evaluated" }, { "已取消", "cancelled" }
};
