/*  scoring_rules_messages: the texts, zh-CN first.                                         */
#include "scoring_rules_messages.h"

const sf_text_t SCORING_RULES_MSG_KIND_UNKNOWN = {
    "考核类型“%s”不在事件类型目录中（见 ListEventKinds）", "kind '%s' is not in the event kind catalogue (see ListEventKinds)"
};
const sf_text_t SCORING_RULES_MSG_KIND_TWICE = {
    "考核类型“%s”重复出现", "kind '%s' is given twice"
};
const sf_text_t SCORING_RULES_MSG_MONTH_CAP = {
    "考核类型“%s”的月上限不能小于 0", "the month_cap of kind '%s' must not be below 0"
};
const sf_text_t SCORING_RULES_MSG_MONTH_FLOOR = {
    "考核类型“%s”的月下限不能大于 0", "the month_floor of kind '%s' must not be above 0"
};
const sf_text_t SCORING_RULES_MSG_ITEM_CAP = {
    "考核类型“%s”的单项上限不能小于 0", "the item_cap of kind '%s' must not be below 0"
};
const sf_text_t SCORING_RULES_MSG_FACTOR = {
    "连带第 %s 级的系数须在 0 到 1 之间，最多 4 位小数",
    "the factor of cascade level %s must lie between 0 and 1, with at most 4 decimals"
};
const sf_text_t SCORING_RULES_MSG_UNIT_KIND = {
    "连带单位类型“%s”无效（team、department 或 plant）", "cascade unit_kind '%s' is not team, department or plant"
};
const sf_text_t SCORING_RULES_MSG_ROLE = {
    "角色“%s”不在角色目录中", "role '%s' is not in the role catalogue"
};
const sf_text_t SCORING_RULES_MSG_LEVELS = {
    "连带级别须恰为 1..n，依次排列（收到：%s）", "cascade levels must be exactly 1..n in order (got: %s)"
};
const sf_text_t SCORING_RULES_MSG_TIER_SUBJECT = {
    "档次对象“%s”无效（person、team、department 或 plant）",
    "tier subject '%s' is not person, team, department or plant"
};
const sf_text_t SCORING_RULES_MSG_TIER_CODE = {
    "档次代码“%s”无效（小写字母开头，字母、数字、下划线，至多 32 个字符）",
    "tier code '%s' is malformed (a lower-case letter, then letters, digits, '_', at most 32)"
};
const sf_text_t SCORING_RULES_MSG_TIER_CODE_TWICE = {
    "档次“%s”重复出现", "tier '%s' is given twice"
};
const sf_text_t SCORING_RULES_MSG_TIER_MIN_TWICE = {
    "档次起点“%s”重复出现", "tier threshold '%s' is given twice"
};
const sf_text_t SCORING_RULES_MSG_TIER_NAME = {
    "档次“%s”须有中文和英文名称", "tier '%s' needs a name in Chinese and in English"
};
const sf_text_t SCORING_RULES_MSG_VERSION_UNKNOWN = {
    "考核细则版本 %s 不存在", "there is no rule set version %s"
};
