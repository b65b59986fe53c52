/*  safetyctl call: any request of any daemon, written as proto3 JSON, answered as proto3
    JSON. It knows no message: the request type's descriptor (from the contract registry)
    reads the JSON, the reply's type names the descriptor that prints it. A command added to
    a daemon is callable here the moment its message is in proto/, with no other change.    */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "sf_contract.h"
#include "sf_pb.h"
#include "sf_pbjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_STDIN_MAX (SF_PBJSON_MAX_SIZE + 1)

static const sf_text_t s_msg_unknown_type = {
    "未知的请求类型：%s（类型是消息的全名，如 rectification.GetForm）",
    "unknown request type: %s (a type is a message's full name, e.g. rectification.GetForm)"
};
static const sf_text_t s_msg_no_daemon = {
    "无法从 %s 判断由哪个服务处理，请用 --daemon 指定", "cannot tell which daemon answers %s: name it with --daemon"
};
static const sf_text_t s_msg_unknown_daemon = { "未知的服务：%s", "unknown daemon: %s" };
static const sf_text_t s_msg_bad_json = {
    "请求 JSON 无效：%s（字段 %s，第 %zu 字节）", "the request JSON is refused: %s (field %s, byte %zu)"
};
static const sf_text_t s_msg_stdin = { "无法读取标准输入", "cannot read standard input" };

static const ctl_option_t s_options [] = {
    { "daemon", CTL_TEXT, "NAME", false, {
        "接收请求的服务（默认取类型的包名，如 rectification）",
        "daemon to send to (default: the type's package, e.g. rectification)" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const sf_text_t s_details = {
    "类型是请求消息的全名（proto/ 中的包名.消息名），JSON 按 proto3 JSON 映射书写（字段名可用\n"
    "lowerCamelCase 或原名，64 位整数写成字符串，枚举写名称）；省略 JSON 即空请求 {}，\"-\" 从标准输入读取。\n"
    "回复正文按同一映射输出为一行 JSON。例：\n"
    "  safetyctl call rectification.GetForm '{\"number\":\"P01-R2026-000001\"}'\n"
    "  safetyctl call directory.GetNode '{\"code\":\"P01\"}'",
    "TYPE is the request message's full name (package.Message in proto/); JSON follows the proto3 JSON\n"
    "mapping (lowerCamelCase or original field names, 64-bit integers as strings, enums by name);\n"
    "leave it out for an empty request {}, or give \"-\" to read it from standard input. The reply body is\n"
    "printed as one line of JSON in the same mapping. For example:\n"
    "  safetyctl call rectification.GetForm '{\"number\":\"P01-R2026-000001\"}'\n"
    "  safetyctl call directory.GetNode '{\"code\":\"P01\"}'"
};

//  The daemon a type goes to: --daemon, else its package's name.
static const ctl_daemon_t *
s_daemon (const char *type, const char *named)
{
    char package [32] = "";
    const char *dot = strchr (type, '.');
    if (!named && dot && (size_t) (dot - type) < sizeof package)
        snprintf (package, sizeof package, "%.*s", (int) (dot - type), type);
    return ctl_daemon_find (named? named: package);
}

//  The whole of standard input, NUL-terminated, or NULL. Caller frees.
static char *
s_read_stdin (size_t *size)
{
    char *text = malloc (S_STDIN_MAX + 1);
    if (!text)
        return NULL;
    *size = fread (text, 1, S_STDIN_MAX, stdin);
    if (ferror (stdin)) {
        free (text);
        return NULL;
    }
    text [*size] = 0;
    return text;
}

static int
s_run (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *type = args->operand;
    const ProtobufCMessageDescriptor *descriptor = sf_contract_find (type);
    if (!descriptor)
        return ctl_args_usage (ctl, args, &s_msg_unknown_type, type);
    const char *named = ctl_args_get (args, "daemon");
    const ctl_daemon_t *daemon = s_daemon (type, named);
    if (!daemon)
        return named? ctl_args_usage (ctl, args, &s_msg_unknown_daemon, named)
                    : ctl_args_usage (ctl, args, &s_msg_no_daemon, type);

    const char *json = args->optional_operand? args->optional_operand: "{}";
    size_t size = strlen (json);
    char *input = NULL;
    if (strcmp (json, "-") == 0) {
        input = s_read_stdin (&size);
        if (!input)
            return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_stdin);
        json = input;
    }
    sf_pbjson_error_t error;
    ProtobufCMessage *request = sf_pbjson_decode (descriptor, json, size, &error);
    free (input);
    if (!request)
        return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_bad_json, ctl_text (ctl, error.reason),
                         *error.path? error.path: "-", error.offset);
    //  The reply is read as whatever type it names.
    ProtobufCMessage *reply;
    int rc = ctl_daemon_request (ctl, daemon->name, request, ctl_args_get (args, "key"), NULL, &reply);
    sf_pb_destroy (&request);
    if (reply)
        ctl_json_print_message (reply);
    sf_pb_destroy (&reply);
    return rc;
}

const ctl_command_t ctl_call_command = {
    .name = "call", .operand = "TYPE", .optional_operand = "JSON",
    .summary = { "以 JSON 发送任意服务的任意请求，回复以 JSON 输出", "send any request of any daemon as JSON, print the reply as JSON" },
    .options = s_options, .run = s_run, .details = &s_details
};
