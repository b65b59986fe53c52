/*  training_qual_messages: the texts, zh-CN first.                                       */
#include "training_qual_messages.h"

const sf_text_t QUAL_MSG_PERSON_UNKNOWN = {
    "人员“%s”不存在（如刚创建，请稍后重试）",
    "there is no employee '%s' (if just created, try again in a moment)"
};
const sf_text_t QUAL_MSG_PERSON_LEFT = {
    "人员“%s”已离职", "employee '%s' has left"
};
const sf_text_t QUAL_MSG_UNIT_UNKNOWN = {
    "单位“%s”不存在（如刚创建，请稍后重试）",
    "unit '%s' is not known (if it was just created, try again in a moment)"
};
const sf_text_t QUAL_MSG_NOT_A_POST = {
    "“%s”不是岗位", "'%s' is not a post"
};
const sf_text_t QUAL_MSG_NOT_A_PLANT = {
    "“%s”不是厂区", "'%s' is not a plant"
};
const sf_text_t QUAL_MSG_PERSON_OUTSIDE = {
    "人员“%s”不属于培训场次所在单位“%s”",
    "employee '%s' does not belong to the unit '%s' that holds the session"
};
const sf_text_t QUAL_MSG_HOURS_RANGE = {
    "学时%d超出范围：应为1至%d（0表示本场次全部学时）",
    "%d class hours is out of range: 1 to %d (0 for the session's hours)"
};
const sf_text_t QUAL_MSG_COURSE_HOURS = {
    "课程学时%d超出范围：应为1至100", "%d class hours is out of range for a course: 1 to 100"
};
const sf_text_t QUAL_MSG_BAD_CODE = {
    "%1$s“%3$s”格式不对：只允许字母、数字和 . _ -，最长32个字符%2$.0s",
    "%1$.0s%2$s '%3$s' is malformed: letters, digits and . _ - only, at most 32 characters"
};
const sf_text_t QUAL_MSG_MISSING = {
    "请填写%s%.0s", "%.0sthe %s is missing"
};
const sf_text_t QUAL_MSG_TOO_LONG = {
    "%1$s过长：最多%3$d个字符%2$.0s", "%1$.0sthe %2$s is too long: at most %3$d characters"
};
const sf_text_t QUAL_MSG_BAD_LEVEL = {
    "课程级别%d不对：应为1（公司级）、2（部门级）、3（班组级）、4（年度再培训）或5（管理人员培训）",
    "course level %d is not one of 1 (company), 2 (department), 3 (team), 4 (yearly refresher), 5 (management)"
};
const sf_text_t QUAL_MSG_BAD_EXAM_LEVEL = {
    "考试级别%d不对：应为1（公司级）、2（部门级）或3（班组级）",
    "exam level %d is not one of 1 (company), 2 (department), 3 (team)"
};
const sf_text_t QUAL_MSG_COURSE_EXISTS = {
    "课程“%s”已存在", "course '%s' already exists"
};
const sf_text_t QUAL_MSG_COURSE_UNKNOWN = {
    "课程“%s”不存在", "there is no course '%s'"
};
const sf_text_t QUAL_MSG_COURSE_OUTSIDE = {
    "课程“%s”由单位“%s”开设，不能在其范围外的单位“%s”举办",
    "course '%s' is offered by unit '%s': no session of it at '%s', outside that unit"
};
const sf_text_t QUAL_MSG_SESSION_UNKNOWN = {
    "培训场次%lld不存在", "there is no training session %lld"
};
const sf_text_t QUAL_MSG_ATTENDANCE_EXISTS = {
    "人员“%s”在场次%lld的出勤已记录", "the attendance of '%s' at session %lld is already recorded"
};
const sf_text_t QUAL_MSG_SCORE_RANGE = {
    "分数%d超出范围：应为0至100", "score %d is out of range: 0 to 100"
};
const sf_text_t QUAL_MSG_LEVEL_PASSED = {
    "%1$s安全教育已于%3$s通过，不再记录考试%2$.0s",
    "%1$.0sthe %2$s level was passed on %3$s: no exam is recorded any more"
};
const sf_text_t QUAL_MSG_CERT_TYPE_UNKNOWN = {
    "特种作业类别“%s”不存在（见 safetyctl training qual cert types）",
    "there is no certificate type '%s' (see safetyctl training qual cert types)"
};
const sf_text_t QUAL_MSG_EXPIRY_BEFORE_ISSUE = {
    "有效期至%s早于或等于发证日期%s", "the expiry %s is not after the issue date %s"
};
const sf_text_t QUAL_MSG_EXPIRY_TOO_LATE = {
    "有效期至%1$s超过发证日期%2$s起%3$d年的有效期", "the expiry %1$s lies beyond the %3$d years of validity from the issue date %2$s"
};
const sf_text_t QUAL_MSG_DATE_FUTURE = {
    "日期%s在未来", "the date %s lies in the future"
};
const sf_text_t QUAL_MSG_REVIEW_OUTSIDE = {
    "复审日期%s应在发证日期之后、有效期之内且不在未来",
    "the review date %s must lie after the issue date, before the expiry and not in the future"
};
const sf_text_t QUAL_MSG_CERT_HELD = {
    "类别“%s”编号“%s”的操作证已登记在另一人名下",
    "certificate '%s' number '%s' is already recorded for another person"
};
const sf_text_t QUAL_MSG_SECTOR_UNKNOWN = {
    "行业“%s”不是高危行业（coal_mine、non_coal_mine、hazardous_chemicals、fireworks、metal_smelting）",
    "'%s' is not a high-risk sector (coal_mine, non_coal_mine, hazardous_chemicals, fireworks, metal_smelting)"
};
const sf_text_t QUAL_MSG_NO_DATE = {
    "请给出日期", "a date is needed"
};
const sf_text_t QUAL_MSG_NOT_AWAY = {
    "人员“%s”没有登记离岗：请给出离岗日期", "no absence of '%s' is recorded: give the date they left"
};
const sf_text_t QUAL_MSG_BACK_BEFORE_AWAY = {
    "返岗日期%s早于离岗日期%s", "the return %s lies before the departure %s"
};
const sf_text_t QUAL_MSG_RULE_MISSING = {
    "培训规则“%s”缺失（数据表 training_rule）", "the training rule '%s' is missing (table training_rule)"
};

const sf_text_t QUAL_MSG_WHY_NOT_ONBOARDED = {
    "尚未开始三级安全教育", "onboarding has not been opened yet"
};
const sf_text_t QUAL_MSG_WHY_HOURS = {
    "%1$s安全教育学时不足：已完成%3$d学时，需%4$d学时%2$.0s",
    "%1$.0s%2$s level: %3$d of %4$d class hours done"
};
const sf_text_t QUAL_MSG_WHY_EXAM_ABSENT = {
    "%s安全教育考试未参加%.0s", "%.0s%s level: no exam taken"
};
const sf_text_t QUAL_MSG_WHY_EXAM_FAILED = {
    "%1$s安全教育考试未通过（%3$d分）%2$.0s", "%1$.0s%2$s level: exam failed (score %3$d)"
};
const sf_text_t QUAL_MSG_WHY_CERT_MISSING = {
    "岗位要求%s操作证，未登记%.0s", "%.0sthe post requires a %s certificate: none recorded"
};
const sf_text_t QUAL_MSG_WHY_CERT_EXPIRED = {
    "%1$s操作证已于%3$s过期%2$.0s", "%1$.0s%2$s certificate expired on %3$s"
};
const sf_text_t QUAL_MSG_WHY_CERT_UNREVIEWED = {
    "%1$s操作证应于%3$s复审，未复审%2$.0s", "%1$.0s%2$s certificate was due for review on %3$s and is not reviewed"
};
const sf_text_t QUAL_MSG_WHY_REFRESHER = {
    "近一年再培训%d学时，不足%d学时", "yearly refresher: %d of %d class hours in the last 365 days"
};

const sf_text_t QUAL_MSG_WHY_MANAGER_INITIAL = {
    "管理人员初次培训学时不足：%d学时，应不少于%d学时",
    "manager's initial training hours short: %d of %d class hours"
};
const sf_text_t QUAL_MSG_WHY_MANAGER_YEARLY = {
    "管理人员再培训学时不足：近一年%d学时，应不少于%d学时",
    "manager's yearly retraining hours short: %d of %d class hours in the last 365 days"
};
const sf_text_t QUAL_LEVEL_NAMES [6] = {
    { "", "" },
    { "公司级", "company" },
    { "部门（车间）级", "department" },
    { "班组级", "team" },
    { "年度再培训", "yearly refresher" },
    { "管理人员培训", "management" }
};
