/*  notify_channel: the request each platform expects for one delivery (the channels note,
    services/notify/README_sending.md). Pure functions: no network, no database, so each shape
    is tested on its own. The text every robot shows carries the delivery number ("#<id>"), so
    a message sent twice after a crash is recognisable; webhooks carry webhook-id "dlv_<id>".  */
#ifndef NOTIFY_CHANNEL_H_INCLUDED
#define NOTIFY_CHANNEL_H_INCLUDED

#include "sf_json.h"

#include <stddef.h>
#include <stdint.h>

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

//  WeCom's limit on a text message's content, in bytes (page 91770).
#define NOTIFY_WECOM_TEXT_MAX 2048

//  The message as one text: "[#<id>] <subject>\n<text>\n<link>" (link line only when set),
//  cut on a UTF-8 character boundary to at most max_bytes (0: no limit). Fresh string.
char *notify_channel_text (const notify_message_t *message, size_t max_bytes);

//  DingTalk custom robot: the JSON body ({"msgtype":"text","text":{"content"},"at":{
//  "atMobiles":[...],"isAtAll":false}}) into json (reset first).
void notify_channel_dingtalk_body (sf_json_t *json, const notify_message_t *message);
//  The URL to POST: url (with its access_token) and, when secret is not "", "&timestamp=<ms>
//  &sign=<urlencoded>". Fresh string, or NULL when it cannot be built.
char *notify_channel_dingtalk_url (const char *url, const char *secret, int64_t now_ms);

//  WeCom group robot: {"msgtype":"text","text":{"content","mentioned_mobile_list":[...]}}.
void notify_channel_wecom_body (sf_json_t *json, const notify_message_t *message);

//  Feishu custom bot: {"timestamp":"<s>","sign":"<b64>","msg_type":"text","content":{"text"}};
//  timestamp and sign only when secret is not "".
void notify_channel_feishu_body (sf_json_t *json, const notify_message_t *message, const char *secret,
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
