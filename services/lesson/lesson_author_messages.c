/*  lesson_author_messages: the texts, zh-CN first.                                        */
#include "lesson_author_messages.h"

const sf_text_t LESSON_AUTHOR_MSG_MISSING = {
    "请填写%s%.0s", "%.0sthe %s is missing"
};
const sf_text_t LESSON_AUTHOR_MSG_TOO_LONG = {
    "%s%.0s最多 %d 个字符", "%.0sthe %s has at most %d characters"
};
const sf_text_t LESSON_AUTHOR_MSG_SOURCE = {
    "事故来源 %d 无效：请选择国家通报、行业通报、上级单位通报、新闻报道或内部典型问题",
    "lesson source %d is not one: choose a national, industry or superior-unit bulletin, news, or an internal typical problem"
};
const sf_text_t LESSON_AUTHOR_MSG_NEGATIVE = {
    "%s%.0s为 %lld：死亡、重伤人数和直接经济损失不能为负数，这样的数字不可能是事故",
    "%.0s%s is %lld: figures that cannot be an accident (deaths, serious injuries and direct loss are never negative)"
};
const sf_text_t LESSON_AUTHOR_MSG_DATE = {
    "%s%.0s“%s”不是有效日期（YYYY-MM-DD）", "%.0sthe %s '%s' is not a date (YYYY-MM-DD)"
};
const sf_text_t LESSON_AUTHOR_MSG_OCCURRED_FUTURE = {
    "事故日期 %s 晚于今天（%s）", "the accident's date %s lies in the future (today is %s)"
};
const sf_text_t LESSON_AUTHOR_MSG_DEADLINE_PAST = {
    "完成期限 %s 早于今天（%s）", "the deadline %s lies in the past (today is %s)"
};
const sf_text_t LESSON_AUTHOR_MSG_FACTOR = {
    "第 %d 个危险因素 %d 无效：须为人、机、料、法、环之一",
    "factor %d (%d) is not one of man, machine, material, method, environment"
};
const sf_text_t LESSON_AUTHOR_MSG_TAG_COUNT = {
    "请选择 1 至 %d 个标签（见 ListTags）", "a lesson has 1 to %d tags (see ListTags)"
};
const sf_text_t LESSON_AUTHOR_MSG_TAG_UNKNOWN = {
    "未知的标签“%s”（见 ListTags）", "unknown tag '%s' (see ListTags)"
};
const sf_text_t LESSON_AUTHOR_MSG_ACTION_COUNT = {
    "请填写 1 至 %d 条防范措施", "a lesson has 1 to %d required actions"
};
const sf_text_t LESSON_AUTHOR_MSG_ACTION_BLANK = {
    "第 %d 条防范措施为空", "required action %d is blank"
};
const sf_text_t LESSON_AUTHOR_MSG_ACTION_TOO_LONG = {
    "第 %d 条防范措施最多 %d 个字符", "required action %d has at most %d characters"
};
const sf_text_t LESSON_AUTHOR_MSG_UNIT_UNKNOWN = {
    "单位“%s”不存在（如刚创建，请稍后重试）",
    "unit '%s' is not known (if it was just created, try again in a moment)"
};
const sf_text_t LESSON_AUTHOR_MSG_UNIT_INACTIVE = {
    "单位“%s”已撤销", "unit '%s' is no longer active"
};
const sf_text_t LESSON_AUTHOR_MSG_UNIT_EMPLOYEE = {
    "“%s”是人员而不是单位：教训的范围须为单位", "'%s' is an employee, not a unit: a lesson's scope is a unit"
};
const sf_text_t LESSON_AUTHOR_MSG_LESSON_UNKNOWN = {
    "事故教训 %lld 不存在", "there is no lesson %lld"
};
const sf_text_t LESSON_AUTHOR_MSG_STATUS = {
    "状态 %d 无效：须为草稿、已发布或已关闭", "status %d is not one of draft, published, closed"
};
const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_NUMBER = {
    "“%s”不是隐患编号（…-F…）或三违记录编号（…-V…）",
    "'%s' is neither a finding number (…-F…) nor a violation number (…-V…)"
};
const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_UNKNOWN = {
    "隐患排查系统中没有“%s”", "inspection holds no '%s'"
};
const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_TWICE = {
    "“%s”已生成事故教训 %s，不能重复生成", "'%s' is already lesson %s: a record becomes a lesson once"
};
const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_OUT_OF_SCOPE = {
    "“%s”所属单位不在您的授权范围内", "the unit of '%s' lies outside what your grants cover"
};
const sf_text_t LESSON_AUTHOR_MSG_INSPECTION_NOT_SET = {
    "未配置隐患排查服务（inspection.endpoint），无法读取“%s”，未做任何修改",
    "the inspection daemon is not configured (inspection.endpoint): '%s' cannot be read; nothing changed"
};
const sf_text_t LESSON_AUTHOR_MSG_INSPECTION_DOWN = {
    "隐患排查服务暂时无法访问，无法读取“%s”，未做任何修改，请稍后重试",
    "the inspection daemon does not answer: '%s' cannot be read; nothing changed, try again later"
};
const sf_text_t LESSON_AUTHOR_MSG_INSPECTION_REFUSED = {
    "隐患排查服务拒绝读取“%s”：%s%.0s", "inspection refused to give '%s': %.0s%s"
};
const sf_text_t LESSON_AUTHOR_MSG_ACTION_FROM_RECORD = {
    "针对“%s”开展自查%.0s", "%.0sSelf-check for the same problem: %s"
};
