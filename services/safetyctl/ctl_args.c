/*  ctl_args: long options only (--name VALUE or --name=VALUE), plus -h. Parsing never
    prints: the root's options decide the language the errors are told in, so the reason
    is kept until the caller knows it.                                                     */
#include "ctl_args.h"
#include "ctl_output.h"
#include "ctl_time.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_unknown_option = { "未知选项“%s”", "unknown option '%s'" };
static const sf_text_t s_msg_needs_value = { "选项 --%s 需要一个值", "option --%s needs a value" };
static const sf_text_t s_msg_no_value = { "选项 --%s 不带值", "option --%s takes no value" };
static const sf_text_t s_msg_not_number = {
    "选项 --%s 的值“%s”不是正整数", "option --%s: '%s' is not a positive whole number"
};
static const sf_text_t s_msg_bad_time = {
    "--%s 的值“%s”无效：可用日期 YYYY-MM-DD、ISO-8601 时间（如 2026-01-05T10:00:00+08:00）或 Unix 毫秒数",
    "--%s '%s' is invalid: use a date YYYY-MM-DD, an ISO-8601 time (such as 2026-01-05T10:00:00+08:00) "
    "or Unix epoch milliseconds"
};
static const sf_text_t s_msg_repeated = { "选项 --%s 只能给一次", "option --%s is given more than once" };
static const sf_text_t s_msg_missing_option = { "缺少必填选项 --%s", "missing required option --%s" };
static const sf_text_t s_msg_unexpected = { "多余的参数“%s”", "unexpected argument '%s'" };
static const sf_text_t s_msg_missing_operand = { "缺少参数 %s", "missing argument %s" };
static const sf_text_t s_msg_missing_command = { "缺少命令", "missing command" };
static const sf_text_t s_msg_unknown_command = { "未知命令“%s”", "unknown command '%s'" };
static const sf_text_t s_msg_usage_hint = { "运行“%s --help”查看用法。\n", "Run '%s --help' for usage.\n" };

static const sf_text_t s_msg_usage = { "用法：", "Usage: " };
static const sf_text_t s_msg_options = { "选项：", "Options:" };
static const sf_text_t s_msg_global_options = { "全局选项（写在命令之前）：", "Global options (before the command):" };
static const sf_text_t s_msg_commands = { "命令：", "Commands:" };
static const sf_text_t s_msg_required = { "（必填）", " (required)" };
static const sf_text_t s_msg_help_option = { "显示此帮助", "show this help" };
static const sf_text_t s_msg_options_marker = { "[选项]", "[options]" };
static const sf_text_t s_msg_command_marker = { "<命令>", "<command>" };
static const sf_text_t s_msg_global_marker = { "[全局选项]", "[global options]" };
static const sf_text_t s_msg_group_hint = {
    "运行“%s <命令> --help”查看各命令的用法。\n", "Run '%s <command> --help' for the usage of each command.\n"
};
static const sf_text_t s_msg_global_hint = {
    "全局选项（--json、--lang、--user 等）写在命令之前，见“safetyctl --help”。\n",
    "Global options (--json, --lang, --user, ...) go before the command: see 'safetyctl --help'.\n"
};

static size_t
s_option_count (const ctl_command_t *command)
{
    size_t count = 0;
    while (command->options && command->options [count].name)
        count++;
    assert (count <= CTL_MAX_OPTIONS);
    return count;
}

//  Index of the option called name (name_len bytes), or -1.
static int
s_option_index (const ctl_command_t *command, const char *name, size_t name_len)
{
    for (size_t i = 0; i < s_option_count (command); i++)
        if (strlen (command->options [i].name) == name_len
        &&  strncmp (command->options [i].name, name, name_len) == 0)
            return (int) i;
    return -1;
}

static int
s_error (ctl_args_t *args, const sf_text_t *text, const char *first, const char *second)
{
    args->error = text;
    args->error_args [0] = first;
    args->error_args [1] = second;
    return -1;
}

static bool
s_is_number (const char *text)
{
    char *end;
    errno = 0;
    long value = strtol (text, &end, 10);
    return *text >= '0' && *text <= '9' && !*end && errno == 0 && value > 0 && value <= INT_MAX;
}

//  Reads the option at argv [*at] (and its value). Returns 0 or -1.
static int
s_parse_option (ctl_args_t *args, int argc, char **argv, int *at)
{
    const char *word = argv [*at] + 2;
    const char *equals = strchr (word, '=');
    size_t name_len = equals? (size_t) (equals - word): strlen (word);
    int index = s_option_index (args->command, word, name_len);
    if (index < 0)
        return s_error (args, &s_msg_unknown_option, argv [*at], NULL);
    const ctl_option_t *option = &args->command->options [index];
    if (args->values [index])
        return s_error (args, &s_msg_repeated, option->name, NULL);
    if (option->type == CTL_SWITCH) {
        if (equals)
            return s_error (args, &s_msg_no_value, option->name, NULL);
        args->values [index] = "";
        return 0;
    }
    const char *value = equals? equals + 1: NULL;
    if (!value) {
        if (*at + 1 >= argc)
            return s_error (args, &s_msg_needs_value, option->name, NULL);
        value = argv [++*at];
    }
    if (option->type == CTL_NUMBER && !s_is_number (value))
        return s_error (args, &s_msg_not_number, option->name, value);
    args->values [index] = value;
    return 0;
}

int
ctl_args_parse (ctl_args_t *args, const ctl_command_t *command, const char *path, int argc, char **argv)
{
    memset (args, 0, sizeof *args);
    args->command = command;
    snprintf (args->path, sizeof args->path, "%s", path);
    args->next = argc;
    for (int at = 0; at < argc; at++) {
        const char *word = argv [at];
        if (strcmp (word, "-h") == 0 || strcmp (word, "--help") == 0) {
            args->help = true;
            return 0;
        }
        if (strncmp (word, "--", 2) == 0 && word [2]) {
            if (s_parse_option (args, argc, argv, &at))
                return -1;
        }
        else
        if (word [0] == '-' && word [1])
            return s_error (args, &s_msg_unknown_option, word, NULL);
        else
        if (command->commands) {
            args->next = at;
            break;
        }
        else
        if (command->operand && !args->operand)
            args->operand = word;
        else
        if (command->optional_operand && !args->optional_operand)
            args->optional_operand = word;
        else
            return s_error (args, &s_msg_unexpected, word, NULL);
    }
    for (size_t i = 0; i < s_option_count (command); i++)
        if (command->options [i].required && !args->values [i])
            return s_error (args, &s_msg_missing_option, command->options [i].name, NULL);
    if (command->operand && !args->operand)
        return s_error (args, &s_msg_missing_operand, command->operand, NULL);
    return 0;
}

static int
s_usagev (const ctl_t *ctl, const ctl_args_t *args, const sf_text_t *text, va_list list)
{
    ctl_failv (ctl, SF_INVALID_ARGUMENT, text, list);
    ctl_print (ctl, stderr, &s_msg_usage_hint, args->path);
    return CTL_EXIT_USAGE;
}

int
ctl_args_usage (const ctl_t *ctl, const ctl_args_t *args, const sf_text_t *text, ...)
{
    va_list list;
    va_start (list, text);
    int rc = s_usagev (ctl, args, text, list);
    va_end (list);
    return rc;
}

int
ctl_args_report (const ctl_t *ctl, const ctl_args_t *args)
{
    assert (args->error);
    return ctl_args_usage (ctl, args, args->error, args->error_args [0], args->error_args [1]);
}

const char *
ctl_args_get (const ctl_args_t *args, const char *name)
{
    int index = s_option_index (args->command, name, strlen (name));
    assert (index >= 0);
    return args->values [index];
}

int
ctl_args_number (const ctl_args_t *args, const char *name, int fallback)
{
    const char *value = ctl_args_get (args, name);
    return value? atoi (value): fallback;
}

int
ctl_args_time (const ctl_t *ctl, const ctl_args_t *args, const char *name, bool end_of_day, int64_t *ms)
{
    const char *text = ctl_args_get (args, name);
    *ms = 0;
    if (!text || ctl_parse_beijing_time (text, end_of_day, ms) == 0)
        return CTL_EXIT_OK;
    return ctl_args_usage (ctl, args, &s_msg_bad_time, name, text);
}

//  "--code CODE" as shown in help and usage lines.
static void
s_option_label (const ctl_option_t *option, char *buffer, size_t size)
{
    if (option->type == CTL_SWITCH)
        snprintf (buffer, size, "--%s", option->name);
    else
        snprintf (buffer, size, "--%s %s", option->name, option->placeholder);
}

static void
s_print_usage_line (const ctl_t *ctl, const ctl_command_t *command, const char *path)
{
    printf ("%s%s", ctl_text (ctl, &s_msg_usage), path);
    bool optional = false;
    for (size_t i = 0; i < s_option_count (command); i++) {
        char label [64];
        s_option_label (&command->options [i], label, sizeof label);
        if (command->options [i].required && !command->commands)
            printf (" %s", label);
        else
            optional = true;
    }
    if (command->commands && optional)
        printf (" %s", ctl_text (ctl, &s_msg_global_marker));
    else
    if (optional)
        printf (" %s", ctl_text (ctl, &s_msg_options_marker));
    if (command->operand)
        printf (" %s", command->operand);
    if (command->optional_operand)
        printf (" [%s]", command->optional_operand);
    if (command->commands)
        printf (" %s ...", ctl_text (ctl, &s_msg_command_marker));
    printf ("\n\n%s\n\n", ctl_text (ctl, &command->summary));
}

static void
s_print_options (const ctl_t *ctl, const ctl_command_t *command)
{
    int width = (int) strlen ("-h, --help");
    for (size_t i = 0; i < s_option_count (command); i++) {
        char label [64];
        s_option_label (&command->options [i], label, sizeof label);
        if ((int) strlen (label) > width)
            width = (int) strlen (label);
    }
    printf ("%s\n", ctl_text (ctl, command->commands? &s_msg_global_options: &s_msg_options));
    for (size_t i = 0; i < s_option_count (command); i++) {
        const ctl_option_t *option = &command->options [i];
        char label [64];
        s_option_label (option, label, sizeof label);
        printf ("  %-*s  %s%s\n", width, label, ctl_text (ctl, &option->help),
                option->required? ctl_text (ctl, &s_msg_required): "");
    }
    printf ("  %-*s  %s\n\n", width, "-h, --help", ctl_text (ctl, &s_msg_help_option));
}

static void
s_print_commands (const ctl_t *ctl, const ctl_command_t *command)
{
    int width = 0;
    for (const ctl_command_t *const *sub = command->commands; *sub; sub++)
        if ((int) strlen ((*sub)->name) > width)
            width = (int) strlen ((*sub)->name);
    printf ("%s\n", ctl_text (ctl, &s_msg_commands));
    for (const ctl_command_t *const *sub = command->commands; *sub; sub++)
        printf ("  %-*s  %s\n", width, (*sub)->name, ctl_text (ctl, &(*sub)->summary));
    printf ("\n");
}

static void
s_help (const ctl_t *ctl, const ctl_args_t *args)
{
    const ctl_command_t *command = args->command;
    bool root = command->commands && command->options;
    s_print_usage_line (ctl, command, args->path);
    if (!command->commands || root)
        s_print_options (ctl, command);
    if (command->commands)
        s_print_commands (ctl, command);
    if (command->details)
        printf ("%s\n", ctl_text (ctl, command->details));
    if (command->commands)
        ctl_print (ctl, stdout, &s_msg_group_hint, args->path);
    if (!root)
        ctl_print (ctl, stdout, &s_msg_global_hint);
}

int
ctl_args_dispatch (const ctl_t *ctl, const ctl_args_t *args, int argc, char **argv)
{
    if (args->help) {
        s_help (ctl, args);
        return CTL_EXIT_OK;
    }
    const ctl_command_t *command = args->command;
    if (command->run)
        return command->run (ctl, args);
    if (args->next >= argc)
        return ctl_args_usage (ctl, args, &s_msg_missing_command);
    const char *name = argv [args->next];
    int word_count = argc - args->next - 1;
    char **words = argv + args->next + 1;
    for (const ctl_command_t *const *sub = command->commands; *sub; sub++)
        if (strcmp ((*sub)->name, name) == 0) {
            char path [CTL_MAX_PATH];
            int len = snprintf (path, sizeof path, "%s %s", args->path, name);
            assert (len < (int) sizeof path);       //  names come from our tables
            ctl_args_t sub_args;
            if (ctl_args_parse (&sub_args, *sub, path, word_count, words))
                return ctl_args_report (ctl, &sub_args);
            return ctl_args_dispatch (ctl, &sub_args, word_count, words);
        }
    return ctl_args_usage (ctl, args, &s_msg_unknown_command, name);
}

