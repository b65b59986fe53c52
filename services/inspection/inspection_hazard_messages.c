/*  inspection_hazard_messages: the texts, zh-CN first, English second.                    */
#include "inspection_hazard_messages.h"

const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNIT_MISSING = {
    "缺少单位编码（unit_code）",
    "the unit code (unit_code) is missing"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_UNIT_CODE = {
    "单位编码“%s”无效：编码须为 1 至 %d 个英文字母、数字、下划线或连字符",
    "the unit code '%s' is not valid: a code has 1 to %d letters, digits, underscores or hyphens"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_YEAR_MISSING = {
    "缺少年度（year）",
    "the year is missing"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_YEAR = {
    "年度“%s”无效，应为 %d 至 %d 之间的四位年份",
    "the year '%s' is not valid; use a year from %d to %d"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_FACTOR_MISSING = {
    "缺少因素（factor）：人、机、料、法、环 之一",
    "the factor is missing: one of man, machine, material, method, environment"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_FACTOR = {
    "因素“%s”无效，应为 人、机、料、法、环 之一（或 man、machine、material、method、environment）",
    "the factor '%s' is not valid; use man, machine, material, method or environment "
    "(or 人, 机, 料, 法, 环)"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_HAZARD_MISSING = {
    "缺少危险源（hazard）",
    "the hazard is missing"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_HAZARD_TOO_LONG = {
    "危险源有 %zu 个字符，超过了 %d 个字符的上限",
    "the hazard has %zu characters, more than the limit of %d"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_HAZARD_CONTROL = {
    "危险源含有控制字符（换行和制表符除外）",
    "the hazard contains a control character (other than a line break or a tab)"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_ACCIDENT_TYPE_MISSING = {
    "缺少可能导致的事故类型（accident_type），如 机械伤害 或 mechanical_injury",
    "the possible accident type (accident_type) is missing, e.g. mechanical_injury or 机械伤害"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_MEASURES_MISSING = {
    "缺少控制措施（measures）",
    "the control measures are missing"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_MEASURES_TOO_LONG = {
    "控制措施有 %zu 个字符，超过了 %d 个字符的上限",
    "the control measures have %zu characters, more than the limit of %d"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_MEASURES_CONTROL = {
    "控制措施含有控制字符（换行和制表符除外）",
    "the control measures contain a control character (other than a line break or a tab)"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_LEC_MISSING = {
    "缺少 LEC 评价的 %s 值",
    "the LEC value %s is missing"
};

const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_ACCIDENT_TYPE = {
    "事故类型“%s”无效，应为 GB 6441-1986 的 20 类之一，写中文名称（如 机械伤害）或代码（如 mechanical_injury）",
    "the accident type '%s' is not valid; use one of the 20 categories of GB 6441-1986, "
    "by code (e.g. mechanical_injury) or Chinese name (e.g. 机械伤害)"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNKNOWN_UNIT = {
    "单位“%s”不在组织目录中（刚新建的单位可能稍后才同步到本服务）",
    "the unit '%s' is not in the org directory (a unit created a moment ago may not have reached this service yet)"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNIT_INACTIVE = {
    "单位“%s”已停用",
    "the unit '%s' is deactivated"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNIT_KIND = {
    "“%s”不是部门、班组或岗位；危险源辨识清单只按部门、班组和岗位编制",
    "'%s' is not a department, team or post; hazard lists are kept per department, team and post"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_OUT_OF_SCOPE = {
    "单位“%s”不在您的授权范围内，无权导入",
    "the unit '%s' lies outside what your grants cover; you may not import it"
};

const sf_text_t INSPECTION_HAZARD_MSG_BAD_LEC = {
    "%s 的取值“%s”不在 LEC 取值表中，可取：%s",
    "the %s value '%s' is not in the LEC table; use one of %s"
};

const sf_text_t INSPECTION_HAZARD_MSG_IMPORT_OUT_OF_SCOPE = {
    "“%s”未导入：有 %zu 行的单位不在您的授权范围内，未做任何更改",
    "'%s' was not imported: %zu rows name units outside what your grants cover; nothing was changed"
};
const sf_text_t INSPECTION_HAZARD_MSG_IMPORT_FAILED = {
    "“%s”未导入：有 %zu 处错误，未做任何更改",
    "'%s' was not imported: %zu errors, nothing was changed"
};
const sf_text_t INSPECTION_HAZARD_MSG_BAD_UNIT_CODE = {
    "单位编码“%s”无效：只能使用 1 到 %d 个字母、数字、下划线或连字符",
    "Unit code '%s' is invalid: use 1 to %d letters, digits, underscores or hyphens"
};
const sf_text_t INSPECTION_HAZARD_MSG_BAD_YEAR = {
    "年度 %d 无效，应为 %d 至 %d 之间的年份（0 表示最近的年度）",
    "Year %d is invalid: use a year from %d to %d (0 for the latest)"
};
const sf_text_t INSPECTION_HAZARD_MSG_UNKNOWN_UNIT = {
    "单位“%s”不在组织目录中",
    "Unit '%s' is not in the org directory"
};
const sf_text_t INSPECTION_HAZARD_MSG_NO_LIST = {
    "单位“%s”没有 %d 年度的危险源辨识清单",
    "Unit '%s' has no hazard list for %d"
};
const sf_text_t INSPECTION_HAZARD_MSG_NO_LISTS = {
    "单位“%s”还没有危险源辨识清单",
    "Unit '%s' has no hazard list yet"
};
