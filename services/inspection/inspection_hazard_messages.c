/*  inspection_hazard_messages: the texts, zh-CN first, English second.                    */
#include "inspection_hazard_messages.h"

const sf_text_t INSPECTION_HAZARD_MSG_CSV_LINE = {
    "第 %d 行：%s",
    "line %d: %s"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_TOO_LARGE = {
    "文件大小为 %zu 字节，超过了 %zu 字节的上限",
    "the file has %zu bytes, more than the limit of %zu bytes"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_TOO_MANY_ROWS = {
    "文件的数据行超过了 %zu 行的上限，请分批导入",
    "the file has more than %zu data rows, the limit; import it in parts"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_EMPTY = {
    "文件为空；第一行必须是表头 %s",
    "the file is empty; its first line must be the header %s"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_NO_ROWS = {
    "文件只有表头，没有数据行",
    "the file has a header but no data rows"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_TOO_MANY_ERRORS = {
    "错误过多，只列出前 %d 个；请改正后重新导入",
    "too many errors: only the first %d are listed; correct them and import again"
};

const sf_text_t INSPECTION_HAZARD_MSG_CSV_NO_HEADER = {
    "第一行必须是表头 %s",
    "the first line must be the header %s"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNKNOWN_COLUMN = {
    "表头第 %d 列“%s”不是已知的列名；表头应为 %s",
    "header column %d '%s' is not a known column; the header must be %s"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_DUPLICATE_COLUMN = {
    "表头中列“%s”出现了不止一次",
    "header column '%s' appears more than once"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_MISSING_COLUMN = {
    "表头缺少列“%s”",
    "the header lacks the column '%s'"
};

const sf_text_t INSPECTION_HAZARD_MSG_CSV_BAD_UTF8 = {
    "内容不是有效的 UTF-8 编码（文件可能是 GBK 编码），请将文件另存为 UTF-8 格式",
    "the text is not valid UTF-8 (the file may be in GBK); save the file as UTF-8"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_UNCLOSED_QUOTE = {
    "引号没有闭合：从此行开始的带引号字段直到文件末尾都没有结束",
    "a quoted field that starts on this line is not closed before the end of the file"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_STRAY_QUOTE = {
    "第 %d 个字段中的引号位置不正确；字段内的引号须写成两个引号（\"\"），并用引号括起整个字段",
    "field %d has a misplaced quote; a quote inside a field must be doubled (\"\") "
    "and the whole field put in quotes"
};
const sf_text_t INSPECTION_HAZARD_MSG_CSV_FIELD_COUNT = {
    "应有 %d 个字段，实际有 %d 个",
    "expected %d fields, found %d"
};

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
    "单位“%s”不在您负责的范围（%s 及其下级）内，无权导入",
    "the unit '%s' is outside your scope (%s and the units below it); you may not import it"
};

const sf_text_t INSPECTION_HAZARD_MSG_BAD_LEC = {
    "%s 的取值“%s”不在 LEC 取值表中，可取：%s",
    "the %s value '%s' is not in the LEC table; use one of %s"
};

const sf_text_t INSPECTION_HAZARD_MSG_BAD_BODY = {
    "请求体不是有效的 %s 消息",
    "The body is not a valid %s message"
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
