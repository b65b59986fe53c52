/*  directory_messages: the texts, zh-CN first, English second.                            */
#include "directory_messages.h"

const sf_text_t DIRECTORY_MSG_BAD_PARENT_KIND = {
    "%2$s（%3$s）不能隶属于%4$s（%5$s）“%1$s”",
    "a node of kind %3$s (%2$s) cannot be placed under the %5$s (%4$s) '%1$s'"
};

const sf_text_t DIRECTORY_MSG_CSV_KIND_MISSING = {
    "缺少类型（kind）",
    "the kind is missing"
};
const sf_text_t DIRECTORY_MSG_CSV_BAD_KIND = {
    "类型“%s”无效，应为 公司、厂区、部门、班组、岗位、员工 之一"
    "（或 company、plant、department、team、post、employee）",
    "the kind '%s' is not valid; use one of company, plant, department, team, post, employee "
    "(or 公司, 厂区, 部门, 班组, 岗位, 员工)"
};
const sf_text_t DIRECTORY_MSG_CSV_CODE_MISSING = {
    "缺少编码（code）",
    "the code is missing"
};
const sf_text_t DIRECTORY_MSG_CSV_BAD_CODE = {
    "编码“%s”无效：编码须为 1 至 %d 个英文字母、数字、下划线或连字符",
    "the code '%s' is not valid: a code has 1 to %d letters, digits, underscores or hyphens"
};
const sf_text_t DIRECTORY_MSG_CSV_PARENT_MISSING = {
    "缺少上级编码（parent_code）；只有公司没有上级",
    "the parent code is missing; only the company has no parent"
};
const sf_text_t DIRECTORY_MSG_CSV_COMPANY_HAS_PARENT = {
    "公司没有上级，上级编码应为空（此行填写了“%s”）",
    "a company has no parent, so the parent code must be empty (this row has '%s')"
};
const sf_text_t DIRECTORY_MSG_CSV_BAD_PARENT_CODE = {
    "上级编码“%s”无效：编码须为 1 至 %d 个英文字母、数字、下划线或连字符",
    "the parent code '%s' is not valid: a code has 1 to %d letters, digits, underscores or hyphens"
};
const sf_text_t DIRECTORY_MSG_CSV_OWN_PARENT = {
    "上级编码不能是本行自己的编码“%s”",
    "the parent code cannot be the row's own code '%s'"
};
const sf_text_t DIRECTORY_MSG_CSV_NAME_ZH_MISSING = {
    "缺少中文名称（name_zh）",
    "the Chinese name (name_zh) is missing"
};
const sf_text_t DIRECTORY_MSG_CSV_NAME_ZH_TOO_LONG = {
    "中文名称有 %zu 个字符，超过了 %d 个字符的上限",
    "the Chinese name (name_zh) has %zu characters, more than the limit of %d"
};
const sf_text_t DIRECTORY_MSG_CSV_NAME_ZH_CONTROL = {
    "中文名称含有换行、制表符等控制字符",
    "the Chinese name (name_zh) contains a control character such as a line break or a tab"
};
const sf_text_t DIRECTORY_MSG_CSV_NAME_EN_TOO_LONG = {
    "英文名称有 %zu 个字节，超过了 %d 字节的上限",
    "the English name (name_en) has %zu bytes, more than the limit of %d"
};
const sf_text_t DIRECTORY_MSG_CSV_NAME_EN_CONTROL = {
    "英文名称含有换行、制表符等控制字符",
    "the English name (name_en) contains a control character such as a line break or a tab"
};
const sf_text_t DIRECTORY_MSG_CSV_EMPLOYMENT_MISSING = {
    "员工必须填写用工类型：正式 或 劳务派遣（regular 或 labour_dispatch）",
    "an employee needs an employment type: regular or labour_dispatch (正式 or 劳务派遣)"
};
const sf_text_t DIRECTORY_MSG_CSV_BAD_EMPLOYMENT = {
    "用工类型“%s”无效，应为 正式 或 劳务派遣（regular 或 labour_dispatch）",
    "the employment type '%s' is not valid; use regular or labour_dispatch (正式 or 劳务派遣)"
};
const sf_text_t DIRECTORY_MSG_CSV_EMPLOYMENT_NOT_EMPLOYEE = {
    "只有员工才有用工类型，此行应留空（填写了“%s”）",
    "only an employee has an employment type; leave it empty on this row (it has '%s')"
};

const sf_text_t DIRECTORY_MSG_CSV_DUPLICATE_CODE = {
    "编码“%s”与第 %d 行重复",
    "the code '%s' is already used on line %d"
};
const sf_text_t DIRECTORY_MSG_CSV_SECOND_COMPANY = {
    "文件中只能有一个公司，第 %d 行已经是公司",
    "the file may hold only one company, and line %d already is one"
};
const sf_text_t DIRECTORY_MSG_CSV_PARENT_LATER = {
    "上级编码“%s”在后面的第 %d 行；上级必须写在下级之前",
    "the parent '%s' comes later, on line %d; a parent must come before its children"
};
const sf_text_t DIRECTORY_MSG_CSV_PARENT_NOT_FOUND = {
    "上级编码“%s”既不在文件中，也不在组织目录中",
    "the parent '%s' is neither in the file nor in the directory"
};

const sf_text_t DIRECTORY_MSG_BAD_CODE = {
    "编码“%s”无效：只能使用 1 到 %d 个字母、数字、下划线或连字符",
    "Code '%s' is invalid: use 1 to %d letters, digits, underscores or hyphens"
};

const sf_text_t DIRECTORY_MSG_BAD_NAME_ZH = {
    "中文名称必须是 1 到 %d 个字符", "The Chinese name must have 1 to %d characters"
};

const sf_text_t DIRECTORY_MSG_BAD_NAME_EN = {
    "英文名称不能超过 %d 字节", "The English name must have at most %d bytes"
};

const sf_text_t DIRECTORY_MSG_BAD_KIND = {
    "节点类型 %d 无效", "Node kind %d is invalid"
};

const sf_text_t DIRECTORY_MSG_EMPLOYMENT_NEEDED = {
    "员工必须注明用工类型（正式或劳务派遣）", "An employee needs an employment type (regular or labour dispatch)"
};

const sf_text_t DIRECTORY_MSG_EMPLOYMENT_NOT_ALLOWED = {
    "只有员工才有用工类型", "Only an employee has an employment type"
};

const sf_text_t DIRECTORY_MSG_COMPANY_PARENT = {
    "公司是组织树的根，不能有上级", "The company is the root of the tree and has no parent"
};

const sf_text_t DIRECTORY_MSG_PARENT_NEEDED = {
    "%1$s必须指定上级节点", "%1$.0sA %2$s needs a parent node"
};

const sf_text_t DIRECTORY_MSG_NOT_FOUND = {
    "编码为“%s”的节点不存在", "No node has code '%s'"
};

const sf_text_t DIRECTORY_MSG_PARENT_NOT_FOUND = {
    "上级节点“%s”不存在", "Parent node '%s' does not exist"
};

const sf_text_t DIRECTORY_MSG_EXISTS = {
    "编码“%s”已被占用", "Code '%s' is already taken"
};

const sf_text_t DIRECTORY_MSG_INACTIVE = {
    "节点“%s”已停用", "Node '%s' is deactivated"
};


const sf_text_t DIRECTORY_MSG_CYCLE = {
    "不能把节点“%s”移动到它自己的下级“%s”之下", "Node '%s' cannot move under its own descendant '%s'"
};

const sf_text_t DIRECTORY_MSG_COMPANY_MOVE = {
    "公司不能移动", "The company cannot be moved"
};

const sf_text_t DIRECTORY_MSG_SECOND_COMPANY = {
    "公司已存在：组织树只有一个根", "The company already exists: the tree has exactly one root"
};

const sf_text_t DIRECTORY_MSG_HAS_CHILDREN = {
    "节点“%s”仍有 %lld 个在用的下级节点，请先移走或停用它们",
    "Node '%s' still has %lld active children; move or deactivate them first"
};

const sf_text_t DIRECTORY_MSG_IMPORT_FAILED = {
    "文件“%s”有 %zu 处错误，未导入任何内容", "File '%s' has %zu errors; nothing was imported"
};

const sf_text_t DIRECTORY_MSG_KIND_DIFFERS = {
    "编码“%1$s”已用于一个%2$s，不能导入为%3$s",
    "%2$.0s%3$.0sCode '%1$s' already belongs to a %4$s and cannot be imported as a %5$s"
};

const sf_text_t DIRECTORY_MSG_EMPLOYMENT_DIFFERS = {
    "员工“%s”的用工类型与目录中不同，请单独变更", "Employee '%s' has another employment type in the directory; change it separately"
};

const sf_text_t DIRECTORY_MSG_REACTIVATE = {
    "节点“%s”已停用，导入不会重新启用它", "Node '%s' is deactivated; an import does not reactivate it"
};

const sf_text_t DIRECTORY_MSG_ROOT_NEEDS_ADMIN = {
    "只有系统服务或 admin 角色可以创建公司", "only the platform service or an admin creates the company"
};
