/*  sf_status: names and bilingual default reasons of every status.                          */
#include "sf_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sf_status_t status;
    const char *name;
    sf_text_t text;
} s_entry_t;

static const s_entry_t s_entries [] = {
    { SF_OK, "ok", { "成功", "OK" } },
    { SF_INVALID_ARGUMENT, "invalid_argument", { "参数无效", "Invalid argument" } },
    { SF_MALFORMED, "malformed", { "消息格式错误，无法解析", "Malformed message: it cannot be decoded" } },
    { SF_TOO_LARGE, "too_large", { "消息过大", "Message too large" } },
    { SF_UNKNOWN_TYPE, "unknown_type", { "未知的消息类型", "Unknown message type" } },
    { SF_NOT_FOUND, "not_found", { "对象不存在", "Not found" } },
    { SF_ALREADY_EXISTS, "already_exists", { "对象已存在", "Already exists" } },
    { SF_FAILED_PRECONDITION, "failed_precondition",
      { "当前状态不允许此操作", "The current state does not allow this operation" } },
    { SF_PERMISSION_DENIED, "permission_denied", { "没有权限执行此操作", "Permission denied" } },
    { SF_DEADLINE_EXCEEDED, "deadline_exceeded", { "请求已超过截止时间", "Deadline exceeded" } },
    { SF_UNAVAILABLE, "unavailable",
      { "服务暂时不可用，请稍后使用相同的幂等键重试",
        "Service temporarily unavailable; retry with the same idempotency key" } },
    { SF_INTERNAL, "internal", { "内部错误，已记录", "Internal error; it has been logged" } },
    { SF_CONFLICT, "conflict",
      { "幂等键已被另一个不同的请求使用", "The idempotency key was already used by a different request" } },
};

static const s_entry_t *
s_lookup (sf_status_t status)
{
    for (size_t i = 0; i < sizeof s_entries / sizeof s_entries [0]; i++)
        if (s_entries [i].status == status)
            return &s_entries [i];
    return NULL;
}

const char *
sf_status_name (sf_status_t status)
{
    const s_entry_t *entry = s_lookup (status);
    return entry? entry->name: "internal";
}

const sf_text_t *
sf_status_text (sf_status_t status)
{
    const s_entry_t *entry = s_lookup (status);
    return entry? &entry->text: &s_lookup (SF_INTERNAL)->text;
}

bool
sf_status_retryable (sf_status_t status)
{
    return status == SF_UNAVAILABLE || status == SF_DEADLINE_EXCEEDED;
}

sf_status_t
sf_status_from_wire (int value)
{
    return s_lookup ((sf_status_t) value)? (sf_status_t) value: SF_INTERNAL;
}

void
sf_text_formatv (const sf_text_t *text, char **zh, char **en, va_list args)
{
    va_list copy;
    va_copy (copy, args);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (vasprintf (zh, text->zh, args) < 0)
        *zh = NULL;
    if (vasprintf (en, text->en, copy) < 0)
        *en = NULL;
#pragma GCC diagnostic pop
    va_end (copy);
}

void
sf_text_format (const sf_text_t *text, char **zh, char **en, ...)
{
    va_list args;
    va_start (args, en);
    sf_text_formatv (text, zh, en, args);
    va_end (args);
}
