/*  notify_names: the words people type and read for notify.proto's enums, in English (the
    codes the command line takes: "dingtalk", "urgent", "gave_up") and Chinese: a unit's
    channel kinds, a route's urgency and a delivery's state. For every client (safetyctl,
    tests), which links this contract library and no daemon code.                          */
#ifndef NOTIFY_NAMES_H_INCLUDED
#define NOTIFY_NAMES_H_INCLUDED

#include "notify.pb-c.h"

//  "dingtalk", "wecom", "feishu", "webhook", "email"; "钉钉", "企业微信", "飞书", "Webhook",
//  "邮件"; "DingTalk", …; "?" for a value the enum does not name.
const char *notify_channel_code (int channel);
const char *notify_channel_name_zh (int channel);
const char *notify_channel_name_en (int channel);
//  A channel by its code (any letter case), its Chinese name or its number; unspecified (0)
//  when it names none.
Notify__Channel notify_channel_parse (const char *text);

//  "digest", "normal", "urgent"; "日汇总", "普通", "紧急".
const char *notify_urgency_code (int urgency);
const char *notify_urgency_name_zh (int urgency);
const char *notify_urgency_name_en (int urgency);
Notify__Urgency notify_urgency_parse (const char *text);

//  "queued", "held", "sent", "retrying", "gave_up", "acknowledged", "escalated";
//  "排队中", "暂缓", "已发送", "重试中", "已放弃", "已确认", "已升级".
const char *notify_delivery_status_code (int status);
const char *notify_delivery_status_name_zh (int status);
const char *notify_delivery_status_name_en (int status);
Notify__DeliveryStatus notify_delivery_status_parse (const char *text);

//  A robot channel's message format: "text", "rich"; "文本", "富文本"; unspecified (0) reads
//  as text.
const char *notify_message_format_code (int format);
const char *notify_message_format_name_zh (int format);
const char *notify_message_format_name_en (int format);
Notify__MessageFormat notify_message_format_parse (const char *text);

#endif
