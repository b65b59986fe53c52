/*  scoring_letter_messages: the letter area's texts in zh-CN and English.                 */
#include "scoring_letter_messages.h"

const sf_text_t SCORING_LETTER_MSG_YEAR = {
    "年度 %d 无效：应在 %d 到 %d 之间",
    "year %d is not valid: it must lie between %d and %d"
};
const sf_text_t SCORING_LETTER_MSG_LEVEL = {
    "责任书层级 %d 无效：应为 1（公司—厂区）到 5（班组—组员）",
    "letter level %d is not valid: it must be 1 (company - plant) to 5 (team - member)"
};
const sf_text_t SCORING_LETTER_MSG_STATUS = {
    "责任书状态 %d 无效：应为 1（已签发）、2（部分签署）、3（已签署）或 4（已作废）",
    "letter status %d is not valid: it must be 1 (issued), 2 (partly signed), 3 (signed) or 4 (voided)"
};
const sf_text_t SCORING_LETTER_MSG_SIDE = {
    "签署方 %d 无效：应为 1（甲方）或 2（乙方）",
    "side %d is not valid: it must be 1 (side A) or 2 (side B)"
};
const sf_text_t SCORING_LETTER_MSG_TARGET_CODE = {
    "第 %d 个目标的代码“%s”无效：应为小写字母开头的小写字母、数字或下划线，最多32个字符",
    "target %d: code \"%s\" is not valid: a lower-case letter, then up to 31 lower-case letters, digits or underscores"
};
const sf_text_t SCORING_LETTER_MSG_TARGET_TWICE = {
    "目标代码“%s”重复",
    "target code \"%s\" is given twice"
};
const sf_text_t SCORING_LETTER_MSG_TARGET_TEXT = {
    "第 %d 个目标缺少中文内容（text_zh）",
    "target %d has no Chinese text (text_zh)"
};
const sf_text_t SCORING_LETTER_MSG_TEMPLATE_UNKNOWN = {
    "%d 年度层级 %d 的责任书模板不存在",
    "there is no letter template for year %d, level %d"
};
const sf_text_t SCORING_LETTER_MSG_NO_TEMPLATE = {
    "%d 年度层级 %d 尚无责任书模板，不能签发：请先设置模板",
    "year %d, level %d has no letter template yet, so no letter can be issued: set the template first"
};
const sf_text_t SCORING_LETTER_MSG_NO_TEMPLATES = {
    "%d 年度尚无任何责任书模板，不能签发：请先设置模板",
    "year %d has no letter template at all, so no letter can be issued: set the templates first"
};
const sf_text_t SCORING_LETTER_MSG_PLANT_UNKNOWN = {
    "厂区“%s”不存在或已停用",
    "plant \"%s\" is not known or no longer active"
};
const sf_text_t SCORING_LETTER_MSG_NOT_PLANT = {
    "“%s”不是厂区或公司：责任书按厂区（公司本部的单位按公司）签发和统计",
    "\"%s\" is neither a plant nor a company: letters are issued and counted per plant (a company's own units per company)"
};
const sf_text_t SCORING_LETTER_MSG_WHICH = {
    "请给出责任书编号或 ID（letter_id 或 number）",
    "name the letter by its id or its number (letter_id or number)"
};
const sf_text_t SCORING_LETTER_MSG_UNKNOWN = {
    "责任书 %s 不存在",
    "letter %s is not known"
};
const sf_text_t SCORING_LETTER_MSG_VOIDED = {
    "责任书 %s 已作废，不能签署：请重新签发",
    "letter %s is voided and cannot be signed: issue a new one"
};
const sf_text_t SCORING_LETTER_MSG_SIGNED_A_ALREADY = {
    "责任书 %s 的甲方已由 %s 签署，不能再签",
    "letter %s: side A was signed already, by %s"
};
const sf_text_t SCORING_LETTER_MSG_SIGNED_B_ALREADY = {
    "责任书 %s 的乙方已由 %s 签署，不能再签",
    "letter %s: side B was signed already, by %s"
};
const sf_text_t SCORING_LETTER_MSG_SIGN_A = {
    "责任书 %s 的甲方须由对“%s”持有以下角色之一的账号签署：%s",
    "letter %s: side A is signed by an account whose grant covers \"%s\" with one of the roles %s"
};
const sf_text_t SCORING_LETTER_MSG_SIGN_B_UNIT = {
    "责任书 %s 的乙方须由对“%s”持有以下角色之一的账号签署：%s",
    "letter %s: side B is signed by an account whose grant covers \"%s\" with one of the roles %s"
};
const sf_text_t SCORING_LETTER_MSG_SIGN_B_PERSON = {
    "责任书 %s 的乙方只能由员工 %s 本人用自己的账号签署%s",
    "letter %s: side B is signed only by employee %s in person, with their own account%s"
};
