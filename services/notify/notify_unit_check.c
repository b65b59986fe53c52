/*  notify_unit_check: the rules for a unit channel.                                       */
#include "notify_unit_check.h"

#include <ctype.h>
#include <string.h>

static const sf_text_t S_KIND = { "渠道类型无效：应为钉钉、企业微信、飞书、Webhook 或邮件",
                                  "the channel kind is not valid: DingTalk, WeCom, Feishu, webhook or email" };
static const sf_text_t S_URL_HTTP = { "地址无效：机器人和 Webhook 的地址须以 http:// 或 https:// 开头，且不含空白",
                                      "the URL is not valid: a robot's or webhook's starts http:// or https:// and has no spaces" };
static const sf_text_t S_URL_SMTP = { "地址无效：邮件渠道的地址须为 smtp://主机:端口",
                                      "the URL is not valid: an email channel's is smtp://host:port" };
static const sf_text_t S_URL_LONG = { "地址过长", "the URL is too long" };
static const sf_text_t S_SECRET_DINGTALK = { "钉钉机器人的加签密钥须以 SEC 开头",
                                             "a DingTalk robot's signing secret starts with SEC" };
static const sf_text_t S_SECRET_WEBHOOK = { "Webhook 密钥须为 whsec_ 加 base64 编码",
                                            "a webhook secret is whsec_ followed by base64" };
static const sf_text_t S_SECRET_TEXT = { "密钥无效：须为不含空白的可打印字符，且不超过 256 个",
                                         "the secret is not valid: printable characters without spaces, at most 256" };
static const sf_text_t S_EMAIL = { "收件人须为有效的邮箱地址", "each recipient must be a valid email address" };
static const sf_text_t S_EMAIL_NONE = { "邮件渠道至少需要一个收件人", "an email channel needs at least one recipient" };
static const sf_text_t S_MOBILE = { "机器人的提醒对象须为手机号码（数字，可带 +）",
                                    "a robot's recipients must be mobile numbers (digits, optionally with +)" };
static const sf_text_t S_RECIPIENTS_MANY = { "收件人过多（最多 50 个）", "too many recipients (at most 50)" };
static const sf_text_t S_FORMAT = { "消息格式须为 text（文本）或 rich（富文本）",
                                  "the message format must be text or rich" };
static const sf_text_t S_LANGUAGE = { "语言须为 zh 或 en", "the language must be zh or en" };
static const sf_text_t S_TIME = { "时间须为 HH:MM（00:00 至 23:59）", "times must be HH:MM (00:00 to 23:59)" };
static const sf_text_t S_QUIET_PAIR = { "免打扰时段须同时给出开始和结束时间，且二者不同",
                                        "quiet hours need both a start and an end, and they differ" };

bool
notify_unit_hhmm (const char *text)
{
    if (!text || strlen (text) != 5 || text [2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && !isdigit ((unsigned char) text [i]))
            return false;
    int hours = (text [0] - '0') * 10 + text [1] - '0';
    return hours < 24 && text [3] < '6';
}

//  A host follows prefix: something before any '/', no spaces or controls anywhere.
static bool
s_url (const char *url, const char *prefix)
{
    size_t length = strlen (prefix);
    if (strncasecmp (url, prefix, length) || !url [length] || url [length] == '/' || url [length] == ':')
        return false;
    for (const char *c = url; *c; c++)
        if ((unsigned char) *c <= ' ' || *c == 0x7f)
            return false;
    return true;
}

static bool
s_base64 (const char *text)
{
    size_t length = strlen (text), padding = 0;
    if (length < 4 || length % 4)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = text [i];
        if (c == '=') {
            if (i < length - 2)
                return false;
            padding++;
        }
        else
        if (padding || !(isalnum ((unsigned char) c) || c == '+' || c == '/'))
            return false;
    }
    return true;
}

static bool
s_printable (const char *text)
{
    if (strlen (text) > NOTIFY_SECRET_MAX)
        return false;
    for (const char *c = text; *c; c++)
        if ((unsigned char) *c <= ' ' || (unsigned char) *c >= 0x7f)
            return false;
    return true;
}

//  local@domain.tld, printable, no spaces, one @, a dot in the domain.
static bool
s_email (const char *text)
{
    const char *at = strchr (text, '@');
    if (!at || at == text || strchr (at + 1, '@') || strlen (text) > 254 || !s_printable (text))
        return false;
    const char *dot = strrchr (at + 1, '.');
    return dot && dot > at + 1 && dot [1];
}

//  An optional '+' and 5 to 15 digits.
static bool
s_mobile (const char *text)
{
    if (*text == '+')
        text++;
    size_t length = strlen (text);
    if (length < 5 || length > 15)
        return false;
    for (const char *c = text; *c; c++)
        if (!isdigit ((unsigned char) *c))
            return false;
    return true;
}

const sf_text_t *
notify_unit_check (const Notify__UnitChannel *channel)
{
    Notify__Channel kind = channel->channel;
    if (kind < NOTIFY__CHANNEL__CHANNEL_DINGTALK || kind > NOTIFY__CHANNEL__CHANNEL_EMAIL)
        return &S_KIND;
    const char *url = channel->url? channel->url: "";
    if (strlen (url) > NOTIFY_URL_MAX)
        return &S_URL_LONG;
    if (kind == NOTIFY__CHANNEL__CHANNEL_EMAIL) {
        if (!s_url (url, "smtp://"))
            return &S_URL_SMTP;
    }
    else
    if (!s_url (url, "http://") && !s_url (url, "https://"))
        return &S_URL_HTTP;

    const char *secret = channel->secret? channel->secret: "";
    if (*secret) {
        if (!s_printable (secret))
            return &S_SECRET_TEXT;
        if (kind == NOTIFY__CHANNEL__CHANNEL_DINGTALK && strncmp (secret, "SEC", 3))
            return &S_SECRET_DINGTALK;
        if (kind == NOTIFY__CHANNEL__CHANNEL_WEBHOOK && (strncmp (secret, "whsec_", 6) || !s_base64 (secret + 6)))
            return &S_SECRET_WEBHOOK;
    }
    if (channel->n_recipients > NOTIFY_RECIPIENTS_MAX)
        return &S_RECIPIENTS_MANY;
    if (kind == NOTIFY__CHANNEL__CHANNEL_EMAIL && channel->n_recipients == 0)
        return &S_EMAIL_NONE;
    for (size_t i = 0; i < channel->n_recipients; i++) {
        const char *recipient = channel->recipients [i];
        if (kind == NOTIFY__CHANNEL__CHANNEL_EMAIL && !s_email (recipient))
            return &S_EMAIL;
        if (kind != NOTIFY__CHANNEL__CHANNEL_EMAIL && kind != NOTIFY__CHANNEL__CHANNEL_WEBHOOK && !s_mobile (recipient))
            return &S_MOBILE;
    }
    if (channel->format < NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_UNSPECIFIED
    ||  channel->format > NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_RICH)
        return &S_FORMAT;
    const char *language = channel->language? channel->language: "";
    if (*language && strcmp (language, "zh") && strcmp (language, "en"))
        return &S_LANGUAGE;
    const char *times [] = { channel->quiet_from, channel->quiet_to, channel->digest_at };
    for (int i = 0; i < 3; i++)
        if (times [i] && *times [i] && !notify_unit_hhmm (times [i]))
            return &S_TIME;
    bool from = channel->quiet_from && *channel->quiet_from, to = channel->quiet_to && *channel->quiet_to;
    if (from != to || (from && !strcmp (channel->quiet_from, channel->quiet_to)))
        return &S_QUIET_PAIR;
    return NULL;
}
