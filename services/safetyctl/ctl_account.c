/*  safetyctl account: the directory's accounts. Each command builds one generated request,
    sends it to the directory and shows the account that comes back (under --json, as the
    proto3 JSON mapping has it). Passwords are never taken from the command line, where ps
    and the shell's history would keep them: they are read from standard input, one per line,
    without echo when it is a terminal (with a prompt on stderr).                           */
#include "ctl_account.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "directory.pb-c.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

//  A password line longer than this is refused (the directory's policy allows 128 characters
//  of up to 4 bytes).
#define CTL_PASSWORD_MAX_BYTES 1024

#define CTL_OPTION_LOGIN(zh, en) { "login", CTL_TEXT, "LOGIN", true, { zh, en } }

static const sf_text_t s_prompt_password = { "密码：", "Password: " };
static const sf_text_t s_prompt_old = { "原密码：", "Old password: " };
static const sf_text_t s_prompt_new = { "新密码：", "New password: " };
static const sf_text_t s_prompt_again = { "再次输入新密码：", "New password again: " };
static const sf_text_t s_msg_no_password = {
    "未能从标准输入读到密码（每行一个，不超过 %d 字节）",
    "no password could be read from standard input (one a line, at most %d bytes)"
};
static const sf_text_t s_msg_mismatch = { "两次输入的新密码不一致", "the two new passwords differ" };

static const sf_text_t s_msg_created = { "已创建账号 %s（员工 %s，版本 %lld）\n",
                                         "Created account %s (employee %s, version %lld)\n" };
static const sf_text_t s_msg_password_set = { "已修改账号 %s 的密码（版本 %lld）\n",
                                              "Changed the password of %s (version %lld)\n" };
static const sf_text_t s_msg_disabled = { "账号 %s 已停用（版本 %lld）\n", "Account %s is disabled (version %lld)\n" };
static const sf_text_t s_msg_enabled = { "账号 %s 已启用（版本 %lld）\n", "Account %s is enabled (version %lld)\n" };
static const sf_text_t s_msg_granted = { "账号 %s 现有 %zu 项授权（版本 %lld）\n",
                                         "Account %s now holds %zu grants (version %lld)\n" };
static const sf_text_t s_msg_logged_in = { "登录成功：%s\n", "Logged in: %s\n" };

static const sf_text_t s_label_login = { "登录名", "Login" };
static const sf_text_t s_label_employee = { "员工", "Employee" };
static const sf_text_t s_label_state = { "状态", "State" };
static const sf_text_t s_label_version = { "版本", "Version" };
static const sf_text_t s_label_grants = { "授权", "Grants" };
static const sf_text_t s_label_role = { "角色", "Role" };
static const sf_text_t s_label_node = { "节点（及其下级）", "Node (and below)" };
static const sf_text_t s_label_by = { "授权人", "Granted by" };
static const sf_text_t s_label_when = { "授权时间", "Granted at" };
static const sf_text_t s_msg_enabled_state = { "在用", "enabled" };
static const sf_text_t s_msg_disabled_state = { "已停用", "disabled" };
static const sf_text_t s_msg_no_grants = { "（无）", "(none)" };

//  --------------------------------------------------------------------------------------
//  Passwords

//  Reads one line of standard input into buffer (without its end of line), prompting and
//  hiding the echo when it is a terminal. Returns 0, or -1 at the end of input or for a line
//  too long.
static int
s_read_secret (const ctl_t *ctl, const sf_text_t *prompt, char *buffer, size_t size)
{
    bool terminal = isatty (STDIN_FILENO);
    struct termios saved, quiet;
    if (terminal) {
        fputs (ctl_text (ctl, prompt), stderr);
        fflush (stderr);
        tcgetattr (STDIN_FILENO, &saved);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = fgets (buffer, (int) size, stdin);
    if (terminal) {
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
        fputc ('\n', stderr);
    }
    if (!line)
        return -1;
    size_t length = strcspn (buffer, "\r\n");
    if (length == strlen (buffer) && !feof (stdin))
        return -1;              //  no end of line within size: too long
    buffer [length] = 0;
    return 0;
}

//  Reads a password, or prints why not; 0 or -1.
static int
s_password (const ctl_t *ctl, const sf_text_t *prompt, char *buffer, size_t size)
{
    if (s_read_secret (ctl, prompt, buffer, size) == 0)
        return 0;
    ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_no_password, CTL_PASSWORD_MAX_BYTES);
    return -1;
}

//  A new password, asked twice at a terminal.
static int
s_new_password (const ctl_t *ctl, const sf_text_t *prompt, char *buffer, size_t size)
{
    if (s_password (ctl, prompt, buffer, size))
        return -1;
    if (!isatty (STDIN_FILENO))
        return 0;
    char again [CTL_PASSWORD_MAX_BYTES + 2];
    if (s_password (ctl, &s_prompt_again, again, sizeof again))
        return -1;
    int same = strcmp (again, buffer) == 0;
    explicit_bzero (again, sizeof again);
    if (same)
        return 0;
    ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_mismatch);
    return -1;
}

//  --------------------------------------------------------------------------------------
//  Showing an account

static void
s_print_account (const ctl_t *ctl, const Directory__Account *account)
{
    ctl_table_t *table = ctl_table_new (2);
    ctl_table_add (table, ctl_text (ctl, &s_label_login));
    ctl_table_add (table, account->login);
    ctl_table_add (table, ctl_text (ctl, &s_label_employee));
    ctl_table_add (table, account->employee_code);
    ctl_table_add (table, ctl_text (ctl, &s_label_state));
    ctl_table_add (table, ctl_text (ctl, account->disabled? &s_msg_disabled_state: &s_msg_enabled_state));
    ctl_table_add (table, ctl_text (ctl, &s_label_version));
    ctl_table_addf (table, "%lld", (long long) account->version);
    ctl_table_add (table, ctl_text (ctl, &s_label_grants));
    ctl_table_add (table, account->n_grants? "": ctl_text (ctl, &s_msg_no_grants));
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    if (!account->n_grants)
        return;
    table = ctl_table_new (4);
    ctl_table_add (table, ctl_text (ctl, &s_label_role));
    ctl_table_add (table, ctl_text (ctl, &s_label_node));
    ctl_table_add (table, ctl_text (ctl, &s_label_by));
    ctl_table_add (table, ctl_text (ctl, &s_label_when));
    for (size_t i = 0; i < account->n_grants; i++) {
        const Directory__Grant *grant = account->grants [i];
        char when [64];
        ctl_beijing_time (grant->granted_ms, when, sizeof when);
        ctl_table_add (table, grant->role);
        ctl_table_add (table, grant->node_code);
        ctl_table_add (table, grant->granted_by);
        ctl_table_add (table, when);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  Sends request to the directory; shows the Account it answers (under --json as it is,
//  else done with the login and version, or the whole account when done is NULL, a read
//  that takes no --key).
static int
s_send (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request, const sf_text_t *done)
{
    Directory__Account *account;
    int rc = ctl_daemon_show (ctl, "directory", request, done? ctl_args_get (args, "key"): NULL,
                              &directory__account__descriptor, &account);
    if (account && !done)
        s_print_account (ctl, account);
    else
    if (account && done == &s_msg_created)
        ctl_print (ctl, stdout, done, account->login, account->employee_code, (long long) account->version);
    else
    if (account && done == &s_msg_granted)
        ctl_print (ctl, stdout, done, account->login, account->n_grants, (long long) account->version);
    else
    if (account)
        ctl_print (ctl, stdout, done, account->login, (long long) account->version);
    sf_pb_destroy (&account);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Commands

static int
s_create (const ctl_t *ctl, const ctl_args_t *args)
{
    char password [CTL_PASSWORD_MAX_BYTES + 2];
    if (s_new_password (ctl, &s_prompt_password, password, sizeof password))
        return CTL_EXIT_FAILED;
    Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
    create.login = (char *) ctl_args_get (args, "login");
    create.employee_code = (char *) ctl_args_get (args, "employee");
    create.password = password;
    int rc = s_send (ctl, args, &create.base, &s_msg_created);
    explicit_bzero (password, sizeof password);
    return rc;
}

static int
s_passwd (const ctl_t *ctl, const ctl_args_t *args)
{
    char old_password [CTL_PASSWORD_MAX_BYTES + 2] = "", new_password [CTL_PASSWORD_MAX_BYTES + 2];
    bool reset = ctl_args_get (args, "reset") != NULL;
    if ((!reset && s_password (ctl, &s_prompt_old, old_password, sizeof old_password))
    ||  s_new_password (ctl, &s_prompt_new, new_password, sizeof new_password))
        return CTL_EXIT_FAILED;
    Directory__SetPassword request = DIRECTORY__SET_PASSWORD__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    request.old_password = old_password;
    request.new_password = new_password;
    int rc = s_send (ctl, args, &request.base, &s_msg_password_set);
    explicit_bzero (old_password, sizeof old_password);
    explicit_bzero (new_password, sizeof new_password);
    return rc;
}

static int
s_disable (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__DisableAccount request = DIRECTORY__DISABLE_ACCOUNT__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    return s_send (ctl, args, &request.base, &s_msg_disabled);
}

static int
s_enable (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__EnableAccount request = DIRECTORY__ENABLE_ACCOUNT__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    return s_send (ctl, args, &request.base, &s_msg_enabled);
}

static int
s_grant (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__GrantRole request = DIRECTORY__GRANT_ROLE__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    request.role = (char *) ctl_args_get (args, "role");
    request.node_code = (char *) ctl_args_get (args, "node");
    return s_send (ctl, args, &request.base, &s_msg_granted);
}

static int
s_revoke (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__RevokeRole request = DIRECTORY__REVOKE_ROLE__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    request.role = (char *) ctl_args_get (args, "role");
    request.node_code = (char *) ctl_args_get (args, "node");
    return s_send (ctl, args, &request.base, &s_msg_granted);
}

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__GetAccount request = DIRECTORY__GET_ACCOUNT__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    return s_send (ctl, args, &request.base, NULL);
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Directory__ListAccounts request = DIRECTORY__LIST_ACCOUNTS__INIT;
    Directory__AccountList *list;
    int rc = ctl_page_show (ctl, "directory", &request.base, ctl_args_number (args, "page-size", 0),
                            &directory__account_list__descriptor, &list);
    if (list) {
        ctl_table_t *table = ctl_table_new (4);
        ctl_table_add (table, ctl_text (ctl, &s_label_login));
        ctl_table_add (table, ctl_text (ctl, &s_label_employee));
        ctl_table_add (table, ctl_text (ctl, &s_label_state));
        ctl_table_add (table, ctl_text (ctl, &s_label_grants));
        for (size_t i = 0; i < list->n_accounts; i++) {
            const Directory__Account *account = list->accounts [i];
            ctl_table_add (table, account->login);
            ctl_table_add (table, account->employee_code);
            ctl_table_add (table, ctl_text (ctl, account->disabled? &s_msg_disabled_state: &s_msg_enabled_state));
            char grants [512] = "";
            for (size_t g = 0; g < account->n_grants; g++)
                snprintf (grants + strlen (grants), sizeof grants - strlen (grants), "%s%s@%s", g? " ": "",
                          account->grants [g]->role, account->grants [g]->node_code);
            ctl_table_add (table, *grants? grants: "-");
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

static int
s_login (const ctl_t *ctl, const ctl_args_t *args)
{
    char password [CTL_PASSWORD_MAX_BYTES + 2];
    if (s_password (ctl, &s_prompt_password, password, sizeof password))
        return CTL_EXIT_FAILED;
    Directory__Login request = DIRECTORY__LOGIN__INIT;
    request.login = (char *) ctl_args_get (args, "login");
    request.password = password;
    Directory__Account *account;
    int rc = ctl_daemon_show (ctl, "directory", &request.base, NULL, &directory__account__descriptor, &account);
    explicit_bzero (password, sizeof password);
    if (account) {
        ctl_print (ctl, stdout, &s_msg_logged_in, account->login);
        s_print_account (ctl, account);
    }
    sf_pb_destroy (&account);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  The table

static const ctl_option_t s_create_options [] = {
    CTL_OPTION_LOGIN ("新账号的登录名：3 至 64 个小写字母、数字、点、下划线或连字符",
                      "login of the new account: 3 to 64 lower-case letters, digits, dots, underscores or hyphens"),
    { "employee", CTL_TEXT, "CODE", true, { "账号所属员工的编码", "code of the employee the account belongs to" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_passwd_options [] = {
    CTL_OPTION_LOGIN ("要修改密码的账号", "account whose password changes"),
    { "reset", CTL_SWITCH, NULL, false, {
        "不提供原密码而重置（须 admin 或 org_admin 角色，且不是自己的账号）",
        "reset without the old password (needs the role admin or org_admin, and another's account)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_login_options [] = {
    CTL_OPTION_LOGIN ("账号的登录名", "login of the account"),
    { NULL }
};

static const ctl_option_t s_state_options [] = {
    CTL_OPTION_LOGIN ("账号的登录名", "login of the account"),
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_grant_options [] = {
    CTL_OPTION_LOGIN ("账号的登录名", "login of the account"),
    { "role", CTL_TEXT, "ROLE", true, {
        "角色：admin、ehs、org_admin、plant_safety_manager、department_head、safety_officer、team_leader、"
        "inspector、patrol_officer、worker、screen、service",
        "role: admin, ehs, org_admin, plant_safety_manager, department_head, safety_officer, team_leader, "
        "inspector, patrol_officer, worker, screen or service" } },
    { "node", CTL_TEXT, "CODE", true, {
        "授权所在的组织节点（及其全部下级）", "org node the grant is on (with everything below it)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_list_options [] = {
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_password_details = {
    "密码从标准输入读取，每行一个（终端上会提示且不回显），从不写在命令行上。\n",
    "Passwords are read from standard input, one a line (at a terminal: prompted, not echoed),\n"
    "never from the command line.\n"
};

static const ctl_command_t s_create_command = {
    .name = "create", .options = s_create_options, .run = s_create, .details = &s_password_details,
    .summary = { "为员工开设账号（密码从标准输入读取）", "Open an account for an employee (password from standard input)" }
};
static const ctl_command_t s_passwd_command = {
    .name = "passwd", .options = s_passwd_options, .run = s_passwd, .details = &s_password_details,
    .summary = { "修改密码：先原密码、再新密码（--reset 只读新密码）",
                 "Change a password: the old one, then the new one (--reset: only the new one)" }
};
static const ctl_command_t s_disable_command = {
    .name = "disable", .options = s_state_options, .run = s_disable,
    .summary = { "停用账号", "Disable an account" }
};
static const ctl_command_t s_enable_command = {
    .name = "enable", .options = s_state_options, .run = s_enable,
    .summary = { "重新启用账号", "Enable an account again" }
};
static const ctl_command_t s_grant_command = {
    .name = "grant", .options = s_grant_options, .run = s_grant,
    .summary = { "在组织节点上授予账号一个角色", "Grant an account a role on an org node" }
};
static const ctl_command_t s_revoke_command = {
    .name = "revoke", .options = s_grant_options, .run = s_revoke,
    .summary = { "收回账号在组织节点上的角色", "Revoke an account's role on an org node" }
};
static const ctl_command_t s_show_command = {
    .name = "show", .options = s_login_options, .run = s_show,
    .summary = { "查看账号及其授权", "Show an account and its grants" }
};
static const ctl_command_t s_list_command = {
    .name = "list", .options = s_list_options, .run = s_list,
    .summary = { "列出全部账号", "List every account" }
};

static const ctl_command_t *const s_commands [] = {
    &s_create_command, &s_passwd_command, &s_disable_command, &s_enable_command,
    &s_grant_command, &s_revoke_command, &s_show_command, &s_list_command, NULL
};

const ctl_command_t ctl_account_command = {
    .name = "account",
    .summary = { "账号：登录名、密码与角色授权", "Accounts: logins, passwords and role grants" },
    .commands = s_commands
};

const ctl_command_t ctl_login_command = {
    .name = "login", .options = s_login_options, .run = s_login, .details = &s_password_details,
    .summary = { "校验账号密码，显示账号及其授权", "Check an account's password; show the account and its grants" }
};
