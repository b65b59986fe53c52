/*  safetyctl: the command-line client of the safety platform. main reads the global options
    (before the command), resolves them against the environment and hands the rest to the
    command table: status, directory ..., events ....                                      */
#include "ctl_account.h"
#include "ctl_args.h"
#include "ctl_inspection.h"
#include "ctl_lesson.h"
#include "ctl_output.h"
#include "ctl_score.h"
#include "ctl_notify.h"
#include "ctl_training.h"
#include "sf_keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_lang = {
    "--lang 的值“%s”无效：可用 zh 或 en", "--lang '%s' is invalid: use zh or en"
};
static const sf_text_t s_msg_write_failed = { "无法写出输出：%s", "cannot write the output: %s" };

static const ctl_option_t s_global_options [] = {
    { "json", CTL_SWITCH, NULL, false, {
        "输出 JSON：每个结果一个 JSON 文档（events tail 每行一个事件）",
        "machine output: one JSON document per result (events tail: one event per line)" } },
    { "lang", CTL_TEXT, "zh|en", false, {
        "显示语言（默认中文；SF_LANG 或 LANG 以 en 开头时为英文）",
        "language shown (default Chinese; English when SF_LANG or LANG starts with en)" } },
    { "user", CTL_TEXT, "LOGIN", false, {
        "以哪个账号操作，仅守护进程密钥可用（默认取 SF_USER；操作员密钥总是以其绑定的账号操作，不必给出）",
        "account to act as, for a daemon key only (default SF_USER; an operator key always acts as the "
        "account it is bound to, and needs none)" } },
    { "roles", CTL_TEXT, "A,B", false, {
        "仅守护进程密钥可用：service 表示以服务本身操作（默认取 SF_ROLES）；账号的角色只来自其授权",
        "for a daemon key only: service acts as the service itself (default SF_ROLES); an account's "
        "roles come from its grants alone" } },
    { "org", CTL_TEXT, "NODE", false, {
        "代表哪个组织单元操作（须在授权范围内；默认为第一项授权的单元）",
        "code of the org unit the actor acts for (within its grants; default: its first grant's unit)" } },
    { "plant", CTL_TEXT, "CODE", false, {
        "以服务身份操作时所在厂区的编码（账号的厂区取自其操作的单元）",
        "code of the plant the service acts in (an account's is that of the unit it acts for)" } },
    { "timeout-ms", CTL_NUMBER, "MS", false, {
        "每次尝试等待的毫秒数（默认 1500，命令最多尝试 4 次；status 只试 1 次，默认 1000）",
        "milliseconds each attempt waits (default 1500, up to 4 attempts; status: 1 attempt, 1000)" } },
    { "endpoint", CTL_TEXT, "ENDPOINT", false, {
        "守护进程的端点，优先于 SF_<守护进程>_ENDPOINT 和默认值",
        "endpoint of the daemon, over SF_<DAEMON>_ENDPOINT and the default" } },
    { "key", CTL_TEXT, "FILE", false, {
        "调用所用的 CURVE 私钥文件（默认取 SF_KEY；deploy/up 写入 STATE/env）",
        "the CURVE secret key file calls are made with (default SF_KEY; deploy/up writes it to STATE/env)" } },
    { "keys-dir", CTL_TEXT, "DIR", false, {
        "各守护进程公钥 <守护进程>.key 所在目录（默认取 SF_KEYS_DIR，否则为私钥所在目录）",
        "folder of the daemons' public keys <daemon>.key (default SF_KEYS_DIR, else the secret key's folder)" } },
    { NULL }
};

static const sf_text_t s_root_details = {
    "以谁的身份操作：角色与范围只来自账号的授权，从不取自请求。操作员密钥（deploy/up 生成的 operator，\n"
    "绑定账号 admin）只以其绑定的账号操作，--user 指定他人会被拒绝（permission_denied）。守护进程密钥\n"
    "可代表任一已知账号（--user），或以 --roles service 代表服务本身。\n"
    "\n"
    "环境变量：\n"
    "  SF_<守护进程>_ENDPOINT        守护进程的端点，如 SF_DIRECTORY_ENDPOINT（默认 tcp://127.0.0.1:7101）\n"
    "  SF_REDIS_HOST、SF_REDIS_PORT  events 读取的 Redis（默认 127.0.0.1:56379）\n"
    "  SF_USER、SF_ROLES             守护进程密钥默认代表的账号与角色（见 --user、--roles）\n"
    "  SF_KEY、SF_KEYS_DIR           CURVE 私钥文件与守护进程公钥目录（未设置时不认证，守护进程不会应答）\n"
    "  SF_LANG、LANG                 默认的显示语言\n"
    "\n"
    "退出状态：0 成功；1 失败（原因见标准错误输出）；2 用法错误。\n",
    "Who you act as: roles and reach come from an account's grants alone, never from the request. An\n"
    "operator key (deploy/up makes operator, bound to account admin) acts only as its account: --user\n"
    "naming someone else is refused (permission_denied). A daemon key may act as any known account\n"
    "(--user), or as the service itself with --roles service.\n"
    "\n"
    "Environment:\n"
    "  SF_<DAEMON>_ENDPOINT          endpoint of a daemon, e.g. SF_DIRECTORY_ENDPOINT (default tcp://127.0.0.1:7101)\n"
    "  SF_REDIS_HOST, SF_REDIS_PORT  Redis that events reads (default 127.0.0.1:56379)\n"
    "  SF_USER, SF_ROLES             the account and roles a daemon key names by default (--user, --roles)\n"
    "  SF_KEY, SF_KEYS_DIR           CURVE secret key file and folder of the daemons' public keys (unset:\n"
    "                                no authentication, and the daemons answer nothing)\n"
    "  SF_LANG, LANG                 the language by default\n"
    "\n"
    "Exit status: 0 success; 1 failure (the reason is on stderr); 2 usage error.\n"
};

static const ctl_command_t *const s_commands [] = {
    &ctl_status_command, &ctl_directory_command, &ctl_events_command, &ctl_rectification_command,
    &ctl_inspection_command, &ctl_account_command, &ctl_login_command, &ctl_call_command,
    &ctl_history_command, &ctl_training_command, &ctl_lesson_command, &ctl_score_command, &ctl_notify_command, NULL
};

static const ctl_command_t s_root = {
    .name = "safetyctl",
    .summary = { "安全管控平台的命令行客户端", "Command-line client of the safety management platform" },
    .options = s_global_options,
    .commands = s_commands,
    .details = &s_root_details
};

static const char *
s_option_or_env (const ctl_args_t *args, const char *name, const char *variable, const char *fallback)
{
    const char *value = ctl_args_get (args, name);
    if (value)
        return value;
    value = variable? getenv (variable): NULL;
    return value && *value? value: fallback;
}

//  The key pair calls are made with: --key or SF_KEY, the daemons' keys in --keys-dir or
//  SF_KEYS_DIR (else the key's folder). None: unauthenticated.
static int
s_identity (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *key = s_option_or_env (args, "key", "SF_KEY", NULL);
    if (!key)
        return 0;
    const char *dir = s_option_or_env (args, "keys-dir", "SF_KEYS_DIR", NULL);
    char *folder = NULL;
    if (!dir) {
        folder = strdup (key);
        char *slash = strrchr (folder, '/');
        dir = slash? (*slash = 0, folder): ".";
    }
    char *zh = NULL, *en = NULL;
    int rc = sf_keys_set_identity (key, dir, &zh, &en);
    if (rc)
        fprintf (stderr, "safetyctl: %s\n", ctl->lang == CTL_LANG_ZH? zh: en);
    free (zh);
    free (en);
    free (folder);
    return rc;
}

int
main (int argc, char **argv)
{
    ctl_t ctl = { .lang = ctl_lang_default () };
    ctl_args_t args;
    //  The language is settled first: a usage error is told in it.
    int parsed = ctl_args_parse (&args, &s_root, "safetyctl", argc - 1, argv + 1);
    const char *lang = ctl_args_get (&args, "lang");
    bool lang_ok = !lang || ctl_lang_parse (lang, &ctl.lang) == 0;
    if (parsed)
        return ctl_args_report (&ctl, &args);
    if (!lang_ok)
        return ctl_args_usage (&ctl, &args, &s_msg_bad_lang, lang);

    ctl.json = ctl_args_get (&args, "json") != NULL;
    //  No claim by default: an operator key acts as its account, whose grants give the roles.
    ctl.user = s_option_or_env (&args, "user", "SF_USER", "");
    ctl.roles = s_option_or_env (&args, "roles", "SF_ROLES", "");
    ctl.org = s_option_or_env (&args, "org", NULL, "");
    ctl.plant = s_option_or_env (&args, "plant", NULL, "");
    ctl.timeout_ms = ctl_args_number (&args, "timeout-ms", 0);
    ctl.endpoint = ctl_args_get (&args, "endpoint");
    if (s_identity (&ctl, &args))
        return CTL_EXIT_FAILED;

    int rc = ctl_args_dispatch (&ctl, &args, argc - 1, argv + 1);
    //  A reader that went away (| head) is no news to the user; a full disk is.
    int write_error = ctl_flush ();
    if (write_error)
        rc = write_error == EPIPE? CTL_EXIT_FAILED: ctl_fail (&ctl, SF_INTERNAL, &s_msg_write_failed, strerror (write_error));
    return rc;
}
