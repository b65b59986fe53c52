/*  notify_names: one table per enum, indexed by the generated values; each entry is the
    code, the Chinese name and the English words.                                          */
#include "notify_names.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *code;
    const char *zh;
    const char *en;
} s_name_t;

static const s_name_t s_channels [] = {
    [NOTIFY__CHANNEL__CHANNEL_DINGTALK] = { "dingtalk", "钉钉", "DingTalk" },
    [NOTIFY__CHANNEL__CHANNEL_WECOM] = { "wecom", "企业微信", "WeCom" },
    [NOTIFY__CHANNEL__CHANNEL_FEISHU] = { "feishu", "飞书", "Feishu" },
    [NOTIFY__CHANNEL__CHANNEL_WEBHOOK] = { "webhook", "Webhook", "webhook" },
    [NOTIFY__CHANNEL__CHANNEL_EMAIL] = { "email", "邮件", "email" },
};
static const s_name_t s_urgencies [] = {
    [NOTIFY__URGENCY__URGENCY_DIGEST] = { "digest", "日汇总", "daily digest" },
    [NOTIFY__URGENCY__URGENCY_NORMAL] = { "normal", "普通", "normal" },
    [NOTIFY__URGENCY__URGENCY_URGENT] = { "urgent", "紧急", "urgent" },
};
static const s_name_t s_statuses [] = {
    [NOTIFY__DELIVERY_STATUS__DELIVERY_QUEUED] = { "queued", "排队中", "queued" },
    [NOTIFY__DELIVERY_STATUS__DELIVERY_HELD] = { "held", "暂缓", "held" },
    [NOTIFY__DELIVERY_STATUS__DELIVERY_SENT] = { "sent", "已发送", "sent" },
    [NOTIFY__DELIVERY_STATUS__DELIVERY_RETRYING] = { "retrying", "重试中", "retrying" },
    [NOTIFY__DELIVERY_STATUS__DELIVERY_GAVE_UP] = { "gave_up", "已放弃", "gave up" },
    [NOTIFY__DELIVERY_STATUS__DELIVERY_ACKNOWLEDGED] = { "acknowledged", "已确认", "acknowledged" },
    [NOTIFY__DELIVERY_STATUS__DELIVERY_ESCALATED] = { "escalated", "已升级", "escalated" },
};

static const s_name_t s_formats [] = {
    [NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_TEXT] = { "text", "文本", "text" },
    [NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_RICH] = { "rich", "富文本", "rich text" },
};

#define S_COUNT(table) ((int) (sizeof (table) / sizeof (table) [0]))

static const s_name_t *
s_find (const s_name_t *table, int count, int value)
{
    if (value > 0 && value < count && table [value].code)
        return &table [value];
    return NULL;
}

//  The value whose code (any case), Chinese name or number is text; 0 when none.
static int
s_parse (const s_name_t *table, int count, const char *text)
{
    if (!text || !*text)
        return 0;
    for (int value = 1; value < count; value++)
        if (table [value].code
        && (strcasecmp (text, table [value].code) == 0 || strcmp (text, table [value].zh) == 0))
            return value;
    char *end;
    long number = strtol (text, &end, 10);
    if (!*end && s_find (table, count, (int) number))
        return (int) number;
    return 0;
}

#define S_NAMES(prefix, table, type) \
    const char *prefix##_code (int value) { const s_name_t *name = s_find (table, S_COUNT (table), value); \
                                            return name? name->code: "?"; } \
    const char *prefix##_name_zh (int value) { const s_name_t *name = s_find (table, S_COUNT (table), value); \
                                               return name? name->zh: "?"; } \
    const char *prefix##_name_en (int value) { const s_name_t *name = s_find (table, S_COUNT (table), value); \
                                               return name? name->en: "?"; } \
    type prefix##_parse (const char *text) { return (type) s_parse (table, S_COUNT (table), text); }

S_NAMES (notify_channel, s_channels, Notify__Channel)
S_NAMES (notify_urgency, s_urgencies, Notify__Urgency)
S_NAMES (notify_delivery_status, s_statuses, Notify__DeliveryStatus)

//  Unspecified reads as text (the contract's default); parsing never gives it.
static const s_name_t *
s_format (int value)
{
    const s_name_t *name = s_find (s_formats, S_COUNT (s_formats), value? value: NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_TEXT);
    static const s_name_t unknown = { "?", "?", "?" };
    return name? name: &unknown;
}

const char *notify_message_format_code (int value) { return s_format (value)->code; }
const char *notify_message_format_name_zh (int value) { return s_format (value)->zh; }
const char *notify_message_format_name_en (int value) { return s_format (value)->en; }
Notify__MessageFormat notify_message_format_parse (const char *text)
{ return (Notify__MessageFormat) s_parse (s_formats, S_COUNT (s_formats), text); }
