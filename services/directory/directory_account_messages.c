/*  directory_account_messages: the texts, zh-CN first, English second.                    */
#include "directory_account_messages.h"

const sf_text_t DIRECTORY_MSG_BAD_LOGIN = {
    "登录名“%s”无效：登录名须为 %d 至 %d 个小写英文字母、数字、点、下划线或连字符",
    "the login '%s' is not valid: a login has %d to %d lower-case letters, digits, dots, underscores or hyphens"
};
const sf_text_t DIRECTORY_MSG_ACCOUNT_EXISTS = {
    "登录名“%s”已被占用",
    "the login '%s' is taken"
};
const sf_text_t DIRECTORY_MSG_ACCOUNT_NOT_FOUND = {
    "没有登录名为“%s”的账号",
    "there is no account with the login '%s'"
};
const sf_text_t DIRECTORY_MSG_ACCOUNT_DISABLED = {
    "账号“%s”已停用",
    "the account '%s' is disabled"
};
const sf_text_t DIRECTORY_MSG_EMPLOYEE_UNKNOWN = {
    "没有编码为“%s”的员工：账号须属于组织中的一名员工",
    "there is no employee with the code '%s': an account belongs to an employee of the org"
};
const sf_text_t DIRECTORY_MSG_EMPLOYEE_INACTIVE = {
    "员工“%s”已停用，不能为其开设账号",
    "the employee '%s' is deactivated: no account can be opened for them"
};
const sf_text_t DIRECTORY_MSG_PASSWORD_SHORT = {
    "密码太短：至少 %d 个字符",
    "the password is too short: it needs at least %d characters"
};
const sf_text_t DIRECTORY_MSG_PASSWORD_LONG = {
    "密码太长：至多 %d 个字符",
    "the password is too long: it may have at most %d characters"
};
const sf_text_t DIRECTORY_MSG_PASSWORD_HAS_LOGIN = {
    "密码不能包含登录名",
    "the password must not contain the login"
};
const sf_text_t DIRECTORY_MSG_PASSWORD_COMMON = {
    "密码过于常见，容易被猜中：请另选一个",
    "the password is too common and easily guessed: choose another"
};
const sf_text_t DIRECTORY_MSG_PASSWORD_SAME = {
    "新密码与原密码相同",
    "the new password is the same as the old one"
};
const sf_text_t DIRECTORY_MSG_OLD_PASSWORD_NEEDED = {
    "修改自己的密码须提供原密码（old_password）",
    "changing one's own password needs the old password (old_password)"
};
const sf_text_t DIRECTORY_MSG_LOGIN_FAILED = {
    "登录名或密码错误",
    "login or password wrong"
};
const sf_text_t DIRECTORY_MSG_NOT_YOUR_ACCOUNT = {
    "只能修改自己的密码；重置他人（“%s”）的密码须具有 admin 或 org_admin 角色",
    "only one's own password may be changed; resetting another's ('%s') needs the role admin or org_admin"
};
const sf_text_t DIRECTORY_MSG_HASHING_BUSY = {
    "同时校验的密码过多，请稍后重试",
    "too many passwords are being checked at once; retry shortly"
};
const sf_text_t DIRECTORY_MSG_HASHING_FAILED = {
    "密码无法加密保存（内存不足），请稍后重试",
    "the password could not be hashed (out of memory); retry shortly"
};
const sf_text_t DIRECTORY_MSG_ROLE_UNKNOWN = {
    "未知的角色“%s”：可用 admin、ehs、org_admin、plant_safety_manager、department_head、"
    "safety_officer、team_leader、inspector、patrol_officer、worker、screen、service",
    "unknown role '%s': use admin, ehs, org_admin, plant_safety_manager, department_head, "
    "safety_officer, team_leader, inspector, patrol_officer, worker, screen or service"
};
const sf_text_t DIRECTORY_MSG_GRANT_NODE_UNKNOWN = {
    "没有编码为“%s”的组织节点，无法在其上授予角色",
    "there is no org node with the code '%s' to grant a role on"
};
const sf_text_t DIRECTORY_MSG_GRANT_NODE_INACTIVE = {
    "组织节点“%s”已停用，不能在其上授予角色",
    "the org node '%s' is deactivated: no role can be granted on it"
};
const sf_text_t DIRECTORY_MSG_GRANT_ON_EMPLOYEE = {
    "“%s”是员工，角色只能授予在单位（公司、厂区、部门、班组、岗位）上",
    "'%s' is an employee: roles are granted on units (company, plant, department, team, post)"
};
const sf_text_t DIRECTORY_MSG_GRANT_NOT_FOUND = {
    "账号“%1$s”在“%3$s”上没有角色“%2$s”",
    "the account '%s' holds no role '%s' on '%s'"
};

const sf_text_t DIRECTORY_MSG_ROLE_NOT_GRANTABLE = {
    "角色“%s”属于系统服务，不能授予账号", "role '%s' belongs to the platform's daemons and is granted to no account"
};

const sf_text_t DIRECTORY_MSG_ADMIN_GRANT_NEEDS_ADMIN = {
    "授予或收回角色“%s”须具有 admin 角色", "only an admin grants or revokes the role '%s'"
};
