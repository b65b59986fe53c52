/*  notify_channel: the request each platform expects for one delivery (the channels note,
    services/notify/README_sending.md). Pure functions: no network, no database, so each shape
    is tested on its own. The text every robot shows carries the delivery number ("#<id>"), so
    a message sent twice after a crash is recognisable; webhooks carry webhook-id "dlv_<id>".
    A robot channel sends text or, when its format is rich, DingTalk/WeCom markdown or a
    Feishu post, built from the templates' little markup (notify_channel_line).              */
#ifndef NOTIFY_CHANNEL_H_INCLUDED
#define NOTIFY_CHANNEL_H_INCLUDED

#include "sf_json.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

//  One delivery as the builders need it (from a delivery row).
typedef struct {
    int64_t id;                     //  delivery id
    const char *event_id;
    const char *event_type;
    const char *unit_code;
    const char *subject;
    const char *text;
    const char *link;               //  "" none
    const char *const *recipients;  //  mobile numbers to @ (robots), addresses (email)
    size_t recipient_count;
    int urgency;                    //  notify.Urgency
} notify_message_t;

//  WeCom's limits on a text and a markdown message's content, in bytes (page 91770).
#define NOTIFY_WECOM_TEXT_MAX 2048
#define NOTIFY_WECOM_MARKDOWN_MAX 4096

//  A line of a message's text as the templates write it (migration 001): "**words**" bold,
//  "- words" a list item (digests), "[words](<the message's link>)" the link (only the
//  message's own link: any other stays text), anything else text. words points into the text.
typedef enum { NOTIFY_LINE_TEXT, NOTIFY_LINE_BOLD, NOTIFY_LINE_ITEM, NOTIFY_LINE_LINK } notify_line_kind_t;
typedef struct {
    notify_line_kind_t kind;
    const char *words;
    size_t size;
} notify_line_t;

//  The line at *cursor (advanced past it) into line; false at the end of the text.
bool notify_channel_line (const char **cursor, const char *link, notify_line_t *line);

//  words (size bytes) onto stream with markdown's specials backslash-escaped (\ ` * _ [ ] < >
//  ~ | anywhere; # + - first), so a person's text never becomes markup or a mention.
void notify_channel_markdown_escape (FILE *stream, const char *words, size_t size);

//  The text without markup: bold lines as their words, the link line left out. Fresh string.
char *notify_channel_plain (const notify_message_t *message);

//  The message as markdown: title_mark "[#<id>] <subject>" title_end, then each line after
//  separator (bold, items and the link kept as markup, every person's word escaped), the link
//  at the end when no line carries it, and with at_mobiles "@<mobile>" for each recipient.
//  Fresh string.
char *notify_channel_markdown (const notify_message_t *message, const char *title_mark, const char *title_end,
                               const char *separator, bool at_mobiles);

//  The message as one text: "[#<id>] <subject>\n<plain text>\n<link>" (link line only when
//  set), cut on a UTF-8 character boundary to at most max_bytes (0: no limit). Fresh string.
char *notify_channel_text (const notify_message_t *message, size_t max_bytes);

//  s cut in place on a UTF-8 character boundary to at most max_bytes.
void notify_channel_cut (char *s, size_t max_bytes);

//  DingTalk custom robot: the JSON body ({"msgtype":"text","text":{"content"},"at":{
//  "atMobiles":[...],"isAtAll":false}}) into json (reset first).
void notify_channel_dingtalk_body (sf_json_t *json, const notify_message_t *message);
//  The URL to POST: url (with its access_token) and, when secret is not "", "&timestamp=<ms>
//  &sign=<urlencoded>". Fresh string, or NULL when it cannot be built.
char *notify_channel_dingtalk_url (const char *url, const char *secret, int64_t now_ms);

//  DingTalk markdown: {"msgtype":"markdown","markdown":{"title":"<subject>","text":"#### [#<id>]
//  <subject>\n\n<lines, blank line between>\n\n@<mobile> …"},"at":{"atMobiles":[...],"isAtAll":false}}.
void notify_channel_dingtalk_markdown_body (sf_json_t *json, const notify_message_t *message);

//  WeCom group robot: {"msgtype":"text","text":{"content","mentioned_mobile_list":[...]}}.
void notify_channel_wecom_body (sf_json_t *json, const notify_message_t *message);

//  WeCom markdown: {"msgtype":"markdown","markdown":{"content":"**[#<id>] <subject>**\n<lines>"}}
//  (at most 4096 bytes). WeCom's markdown mentions only userids (<@userid>), never mobile
//  numbers: a channel with recipients follows it with notify_channel_wecom_mention_body.
void notify_channel_wecom_markdown_body (sf_json_t *json, const notify_message_t *message);
//  The text that @s the recipients after a markdown message: {"msgtype":"text","text":{
//  "content":"[#<id>] <subject>","mentioned_mobile_list":[...]}}.
void notify_channel_wecom_mention_body (sf_json_t *json, const notify_message_t *message);

//  Feishu custom bot: {"timestamp":"<s>","sign":"<b64>","msg_type":"text","content":{"text"}};
//  timestamp and sign only when secret is not "".
void notify_channel_feishu_body (sf_json_t *json, const notify_message_t *message, const char *secret,
                                 int64_t now_ms);

//  Feishu rich text, signed the same way: {…,"msg_type":"post","content":{"post":{"zh_cn":{
//  "title":"[#<id>] <subject>","content":[[{"tag":"text","text":"<line>"}],…,[{"tag":"a",
//  "text":"<label>","href":"<link>"}]]},"en_us":{the same}}}}: one paragraph per line, the link
//  an "a" tag; both locales carry the channel's language, so every client shows it.
void notify_channel_feishu_post_body (sf_json_t *json, const notify_message_t *message, const char *secret,
                                      int64_t now_ms);

//  Standard Webhooks: the body {"type","timestamp","data":{...}} and its headers.
typedef struct {
    char id [32];                   //  "dlv_<delivery id>"
    char timestamp [24];            //  unix seconds
    char signature [64];            //  "v1,<b64>"; "" when no secret
} notify_webhook_headers_t;

//  The body into json, the headers into headers. 0, or -1 when secret is set but not
//  "whsec_<base64>".
int notify_channel_webhook (sf_json_t *json, notify_webhook_headers_t *headers, const notify_message_t *message,
                            const char *secret, int64_t now_ms);

#endif
