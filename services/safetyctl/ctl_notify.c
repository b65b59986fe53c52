/*  safetyctl notify: the group and every command (ctl_notify.h). Routes are written as a
    JSON file (the proto3 JSON mapping of RouteSet): read with routes --json, edited and sent
    back whole with routes set.                                                             */
#include "ctl_notify.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_lesson.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_score.h"
#include "ctl_table.h"
#include "notify.pb-c.h"
#include "notify_names.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_bad_word = { "--%s 的值“%s”无效：可用 %s", "--%s '%s' is invalid: use %s" };
static const sf_text_t s_msg_bad_hours = { "--quiet 的值“%s”无效：应为 HH:MM-HH:MM，如 22:00-07:00",
                                           "--quiet '%s' is invalid: use HH:MM-HH:MM, e.g. 22:00-07:00" };
static const sf_text_t s_msg_bad_action = { "“%s”无效：可用 notify routes 或 notify routes set --file FILE",
                                            "'%s' is invalid: use notify routes or notify routes set --file FILE" };
static const sf_text_t s_msg_file_missing = { "notify routes set 需要 --file FILE", "notify routes set needs --file FILE" };
static const sf_text_t s_msg_routes = { "通知路由第 %lld 版（%s，%s）%s%s\n", "Routes version %lld (%s, %s)%s%s\n" };
static const sf_text_t s_msg_no_channels = { "没有通知渠道\n", "No channels\n" };
static const sf_text_t s_msg_no_deliveries = { "没有投递记录\n", "No deliveries\n" };
static const sf_text_t s_msg_removed = { "已删除通知渠道 %lld（%s，%s）\n", "Removed channel %lld (%s, %s)\n" };
static const sf_text_t s_msg_secret_set = { "已设置 …%s", "set …%s" };
static const sf_text_t s_msg_secret_none = { "未设置", "none" };
static const sf_text_t s_msg_enabled = { "启用", "enabled" };
static const sf_text_t s_msg_disabled = { "停用", "disabled" };
static const sf_text_t s_msg_any = { "任意", "any" };
static const sf_text_t s_msg_all = { "全部", "all" };
static const sf_text_t s_msg_event_unit = { "事件所在单位", "the event's unit" };

static const sf_text_t s_header_routes = {
    "事件类型\t最低级别\t单位\t角色\t紧急程度\t渠道\t模板",
    "Event type\tMin severity\tUnit\tRole\tUrgency\tChannels\tTemplate"
};
static const sf_text_t s_header_channels = {
    "编号\t单位\t渠道\t格式\t地址\t密钥\t接收人\t语言\t免打扰\t日汇总\t状态",
    "Id\tUnit\tChannel\tFormat\tURL\tSecret\tRecipients\tLanguage\tQuiet\tDigest\tState"
};
static const sf_text_t s_header_log = {
    "编号\t时间\t事件类型\t单位\t渠道\t状态\t尝试次数\t最近错误",
    "Id\tTime\tEvent type\tUnit\tChannel\tStatus\tAttempts\tLast error"
};

static const sf_text_t s_field_id = { "编号", "Id" };
static const sf_text_t s_field_event = { "事件", "Event" };
static const sf_text_t s_field_type = { "事件类型", "Event type" };
static const sf_text_t s_field_unit = { "单位", "Unit" };
static const sf_text_t s_field_channel = { "渠道", "Channel" };
static const sf_text_t s_field_recipients = { "接收人", "Recipients" };
static const sf_text_t s_field_urgency = { "紧急程度", "Urgency" };
static const sf_text_t s_field_status = { "状态", "Status" };
static const sf_text_t s_field_subject = { "标题", "Subject" };
static const sf_text_t s_field_text = { "内容", "Text" };
static const sf_text_t s_field_link = { "链接", "Link" };
static const sf_text_t s_field_attempts = { "尝试次数", "Attempts" };
static const sf_text_t s_field_error = { "最近错误", "Last error" };
static const sf_text_t s_field_created = { "创建时间", "Created" };
static const sf_text_t s_field_sent = { "发送时间", "Sent" };
static const sf_text_t s_field_acknowledged = { "确认", "Acknowledged" };
static const sf_text_t s_field_escalation = { "升级级数", "Escalation step" };
static const sf_text_t s_field_line = { "%s：%s\n", "%s: %s\n" };

static const char *
s_channel_name (const ctl_t *ctl, int channel)
{
    return ctl->lang == CTL_LANG_EN? notify_channel_name_en (channel): notify_channel_name_zh (channel);
}

static const char *
s_status_name (const ctl_t *ctl, int status)
{
    return ctl->lang == CTL_LANG_EN? notify_delivery_status_name_en (status): notify_delivery_status_name_zh (status);
}

static const char *
s_urgency_name (const ctl_t *ctl, int urgency)
{
    return ctl->lang == CTL_LANG_EN? notify_urgency_name_en (urgency): notify_urgency_name_zh (urgency);
}

static void
s_join (char *const *texts, size_t count, char *buffer, size_t size)
{
    buffer [0] = 0;
    size_t used = 0;
    for (size_t i = 0; i < count && used < size; i++)
        used += snprintf (buffer + used, size - used, "%s%s", i? ",": "", texts [i]);
}

static void
s_line (const ctl_t *ctl, const sf_text_t *field, const char *value)
{
    ctl_print (ctl, stdout, &s_field_line, ctl_text (ctl, field), ctl_score_or_dash (value));
}

static void
s_time (int64_t ms, char *buffer, size_t size)
{
    if (ms)
        ctl_beijing_time (ms, buffer, size);
    else
        snprintf (buffer, size, "-");
}

//  --------------------------------------------------------------------------------------
//  routes, routes set

static void
s_routes_print (const ctl_t *ctl, const Notify__RouteSet *set)
{
    char when [32];
    s_time (set->created_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_routes, (long long) set->version, ctl_score_or_dash (set->created_by), when,
               *set->note? ": ": "", set->note);
    ctl_table_t *table = ctl_lesson_table (ctl, &s_header_routes);
    for (size_t i = 0; i < set->n_routes; i++) {
        const Notify__Route *route = set->routes [i];
        char channels [256] = "";
        size_t used = 0;
        for (size_t c = 0; c < route->n_channels && used < sizeof channels; c++)
            used += snprintf (channels + used, sizeof channels - used, "%s%s", c? ",": "",
                              notify_channel_code (route->channels [c]));
        ctl_table_add (table, route->event_type);
        if (route->min_severity)
            ctl_table_addf (table, "%d", (int) route->min_severity);
        else
            ctl_table_add (table, ctl_text (ctl, &s_msg_any));
        ctl_table_add (table, *route->unit_kind? route->unit_kind: ctl_text (ctl, &s_msg_event_unit));
        ctl_table_add (table, ctl_score_or_dash (route->role));
        ctl_table_add (table, s_urgency_name (ctl, route->urgency));
        ctl_table_add (table, *channels? channels: ctl_text (ctl, &s_msg_all));
        ctl_table_add (table, ctl_score_or_dash (route->template_));
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

static int s_routes_set (const ctl_t *ctl, const ctl_args_t *args);

//  routes shows them; routes set (the optional operand) sends a new version.
static int
s_routes (const ctl_t *ctl, const ctl_args_t *args)
{
    if (args->optional_operand && strcmp (args->optional_operand, "set") == 0)
        return s_routes_set (ctl, args);
    if (args->optional_operand)
        return ctl_args_usage (ctl, args, &s_msg_bad_action, args->optional_operand);
    Notify__GetRoutes request = NOTIFY__GET_ROUTES__INIT;
    request.version = ctl_args_number (args, "version", 0);
    Notify__RouteSet *set;
    int rc = ctl_daemon_show (ctl, CTL_NOTIFY_DAEMON, &request.base, NULL, &notify__route_set__descriptor, &set);
    if (set)
        s_routes_print (ctl, set);
    sf_pb_destroy (&set);
    return rc;
}

static int
s_routes_set (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *file = ctl_args_get (args, "file");
    if (!file)
        return ctl_args_usage (ctl, args, &s_msg_file_missing);
    Notify__SetRoutes request = NOTIFY__SET_ROUTES__INIT;
    int rc = ctl_score_read_json (ctl, file, &notify__route_set__descriptor, &request.routes);
    if (rc)
        return rc;
    const char *note = ctl_args_get (args, "note");
    if (note)
        sf_pb_set (&request.routes->note, note);
    Notify__RouteSet *set;
    rc = ctl_daemon_show (ctl, CTL_NOTIFY_DAEMON, &request.base, ctl_args_get (args, "key"),
                          &notify__route_set__descriptor, &set);
    if (set)
        s_routes_print (ctl, set);
    sf_pb_destroy (&set);
    sf_pb_destroy (&request.routes);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  channel set, channel remove, channels

static void
s_channels_print (const ctl_t *ctl, Notify__UnitChannel *const *channels, size_t count)
{
    ctl_table_t *table = ctl_lesson_table (ctl, &s_header_channels);
    for (size_t i = 0; i < count; i++) {
        const Notify__UnitChannel *channel = channels [i];
        char recipients [512], quiet [32];
        s_join (channel->recipients, channel->n_recipients, recipients, sizeof recipients);
        if (*channel->quiet_from)
            snprintf (quiet, sizeof quiet, "%s-%s", channel->quiet_from, channel->quiet_to);
        else
            snprintf (quiet, sizeof quiet, "-");
        ctl_table_addf (table, "%lld", (long long) channel->id);
        ctl_table_add (table, channel->unit_code);
        ctl_table_add (table, s_channel_name (ctl, channel->channel));
        ctl_table_add (table, ctl->lang == CTL_LANG_EN? notify_message_format_name_en (channel->format)
                                                      : notify_message_format_name_zh (channel->format));
        ctl_table_add (table, ctl_score_or_dash (channel->url));
        if (channel->secret_set) {
            char *secret = ctl_format (ctl, &s_msg_secret_set, channel->secret_hint);
            ctl_table_add (table, secret);
            free (secret);
        }
        else
            ctl_table_add (table, ctl_text (ctl, &s_msg_secret_none));
        ctl_table_add (table, ctl_score_or_dash (recipients));
        ctl_table_add (table, ctl_score_or_dash (channel->language));
        ctl_table_add (table, quiet);
        ctl_table_add (table, ctl_score_or_dash (channel->digest_at));
        ctl_table_add (table, ctl_text (ctl, channel->enabled? &s_msg_enabled: &s_msg_disabled));
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  The reply channel shown as one row; the secret never (the daemon does not return it).
static int
s_channel_show (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request)
{
    Notify__UnitChannel *channel;
    int rc = ctl_daemon_show (ctl, CTL_NOTIFY_DAEMON, request, ctl_args_get (args, "key"),
                              &notify__unit_channel__descriptor, &channel);
    if (channel)
        s_channels_print (ctl, &channel, 1);
    sf_pb_destroy (&channel);
    return rc;
}

static int
s_channel_set (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *kind = ctl_args_get (args, "kind");
    Notify__UnitChannel channel = NOTIFY__UNIT_CHANNEL__INIT;
    channel.channel = notify_channel_parse (kind);
    if (!channel.channel)
        return ctl_args_usage (ctl, args, &s_msg_bad_word, "kind", kind? kind: "", "dingtalk|wecom|feishu|webhook|email");
    const char *format = ctl_args_get (args, "format");
    if (format && !(channel.format = notify_message_format_parse (format)))
        return ctl_args_usage (ctl, args, &s_msg_bad_word, "format", format, "text|rich");
    const char *lang = ctl_args_get (args, "lang");
    if (lang && strcmp (lang, "zh") != 0 && strcmp (lang, "en") != 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_word, "lang", lang, "zh|en");
    char quiet_from [16] = "", quiet_to [16] = "";
    const char *quiet = ctl_args_get (args, "quiet");
    if (quiet) {
        const char *dash = strchr (quiet, '-');
        if (!dash || dash == quiet || (size_t) (dash - quiet) >= sizeof quiet_from || strlen (dash + 1) >= sizeof quiet_to
        ||  !dash [1])
            return ctl_args_usage (ctl, args, &s_msg_bad_hours, quiet);
        memcpy (quiet_from, quiet, dash - quiet);
        quiet_from [dash - quiet] = 0;
        strcpy (quiet_to, dash + 1);
    }
    channel.id = ctl_args_number (args, "id", 0);
    channel.unit_code = sf_codec_wire (ctl_args_get (args, "unit"));
    channel.url = sf_codec_wire (ctl_args_get (args, "url"));
    channel.secret = sf_codec_wire (ctl_args_get (args, "secret"));
    channel.language = sf_codec_wire (lang? lang: "zh");
    channel.quiet_from = quiet_from;
    channel.quiet_to = quiet_to;
    channel.digest_at = sf_codec_wire (ctl_args_get (args, "digest"));
    channel.enabled = ctl_args_get (args, "disabled") == NULL;
    char *recipients = strdup (ctl_args_get (args, "recipients")? ctl_args_get (args, "recipients"): "");
    if (!recipients)
        abort ();
    char *save = NULL;
    for (char *one = strtok_r (recipients, ",", &save); one; one = strtok_r (NULL, ",", &save))
        if (*one)
            sf_pb_add_string (&channel.recipients, &channel.n_recipients, one);
    free (recipients);
    Notify__SetUnitChannel request = NOTIFY__SET_UNIT_CHANNEL__INIT;
    request.channel = &channel;
    int rc = s_channel_show (ctl, args, &request.base);
    for (size_t i = 0; i < channel.n_recipients; i++)
        free (channel.recipients [i]);
    free (channel.recipients);
    return rc;
}

static int
s_channel_remove (const ctl_t *ctl, const ctl_args_t *args)
{
    Notify__RemoveUnitChannel request = NOTIFY__REMOVE_UNIT_CHANNEL__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.id);
    if (rc)
        return rc;
    Notify__UnitChannel *channel;
    rc = ctl_daemon_show (ctl, CTL_NOTIFY_DAEMON, &request.base, ctl_args_get (args, "key"),
                          &notify__unit_channel__descriptor, &channel);
    if (channel)
        ctl_print (ctl, stdout, &s_msg_removed, (long long) channel->id, channel->unit_code,
                   s_channel_name (ctl, channel->channel));
    sf_pb_destroy (&channel);
    return rc;
}

static int
s_channels (const ctl_t *ctl, const ctl_args_t *args)
{
    Notify__ListUnitChannels request = NOTIFY__LIST_UNIT_CHANNELS__INIT;
    request.unit_code = sf_codec_wire (ctl_args_get (args, "unit"));
    Notify__UnitChannelList *list;
    int rc = ctl_page_show (ctl, CTL_NOTIFY_DAEMON, &request.base, 0, &notify__unit_channel_list__descriptor, &list);
    if (list && list->n_channels == 0)
        ctl_print (ctl, stdout, &s_msg_no_channels);
    else
    if (list)
        s_channels_print (ctl, list->channels, list->n_channels);
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  log, delivery, ack, test

static const char *
s_error (const ctl_t *ctl, const Notify__Delivery *delivery)
{
    return ctl_score_or_dash (ctl_lesson_pick (ctl, delivery->last_error_zh, delivery->last_error_en));
}

static int
s_log (const ctl_t *ctl, const ctl_args_t *args)
{
    Notify__ListDeliveries request = NOTIFY__LIST_DELIVERIES__INIT;
    request.unit_code = sf_codec_wire (ctl_args_get (args, "unit"));
    request.event_id = sf_codec_wire (ctl_args_get (args, "event"));
    const char *status = ctl_args_get (args, "status");
    if (status && !(request.status = notify_delivery_status_parse (status)))
        return ctl_args_usage (ctl, args, &s_msg_bad_word, "status", status,
                               "queued|held|sent|retrying|gave_up|acknowledged|escalated");
    Notify__DeliveryList *list;
    int rc = ctl_page_show_first (ctl, CTL_NOTIFY_DAEMON, &request.base, 0, "deliveries",
                                  ctl_args_number (args, "limit", 50), &notify__delivery_list__descriptor, &list);
    if (list && list->n_deliveries == 0)
        ctl_print (ctl, stdout, &s_msg_no_deliveries);
    else
    if (list) {
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_log);
        for (size_t i = 0; i < list->n_deliveries; i++) {
            const Notify__Delivery *delivery = list->deliveries [i];
            char when [32];
            s_time (delivery->created_ms, when, sizeof when);
            ctl_table_addf (table, "%lld", (long long) delivery->id);
            ctl_table_add (table, when);
            ctl_table_add (table, delivery->event_type);
            ctl_table_add (table, delivery->unit_code);
            ctl_table_addf (table, "%s #%lld", s_channel_name (ctl, delivery->channel), (long long) delivery->channel_id);
            ctl_table_add (table, s_status_name (ctl, delivery->status));
            ctl_table_addf (table, "%d", (int) delivery->attempts);
            ctl_table_add (table, s_error (ctl, delivery));
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

static void
s_delivery_print (const ctl_t *ctl, const Notify__Delivery *delivery)
{
    char buffer [512];
    snprintf (buffer, sizeof buffer, "%lld", (long long) delivery->id);
    s_line (ctl, &s_field_id, buffer);
    s_line (ctl, &s_field_event, delivery->event_id);
    s_line (ctl, &s_field_type, delivery->event_type);
    s_line (ctl, &s_field_unit, delivery->unit_code);
    snprintf (buffer, sizeof buffer, "%s #%lld", s_channel_name (ctl, delivery->channel), (long long) delivery->channel_id);
    s_line (ctl, &s_field_channel, buffer);
    s_join (delivery->recipients, delivery->n_recipients, buffer, sizeof buffer);
    s_line (ctl, &s_field_recipients, buffer);
    s_line (ctl, &s_field_urgency, s_urgency_name (ctl, delivery->urgency));
    s_line (ctl, &s_field_status, s_status_name (ctl, delivery->status));
    snprintf (buffer, sizeof buffer, "%d", (int) delivery->attempts);
    s_line (ctl, &s_field_attempts, buffer);
    s_line (ctl, &s_field_error, s_error (ctl, delivery));
    s_time (delivery->created_ms, buffer, sizeof buffer);
    s_line (ctl, &s_field_created, buffer);
    s_time (delivery->sent_ms, buffer, sizeof buffer);
    s_line (ctl, &s_field_sent, buffer);
    if (delivery->acknowledged_ms) {
        char when [32];
        ctl_beijing_time (delivery->acknowledged_ms, when, sizeof when);
        snprintf (buffer, sizeof buffer, "%s %s", delivery->acknowledged_by, when);
        s_line (ctl, &s_field_acknowledged, buffer);
    }
    if (delivery->escalation_step) {
        snprintf (buffer, sizeof buffer, "%d (← %lld)", (int) delivery->escalation_step, (long long) delivery->parent_id);
        s_line (ctl, &s_field_escalation, buffer);
    }
    s_line (ctl, &s_field_subject, delivery->subject);
    s_line (ctl, &s_field_link, delivery->link);
    s_line (ctl, &s_field_text, delivery->text);
}

//  A command that sends request (with idempotency key, NULL for a fresh one) and shows the
//  Delivery it gets back.
static int
s_delivery_show (const ctl_t *ctl, const char *key, const ProtobufCMessage *request)
{
    Notify__Delivery *delivery;
    int rc = ctl_daemon_show (ctl, CTL_NOTIFY_DAEMON, request, key,
                              &notify__delivery__descriptor, &delivery);
    if (delivery)
        s_delivery_print (ctl, delivery);
    sf_pb_destroy (&delivery);
    return rc;
}

static int
s_delivery (const ctl_t *ctl, const ctl_args_t *args)
{
    Notify__GetDelivery request = NOTIFY__GET_DELIVERY__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.id);
    return rc? rc: s_delivery_show (ctl, NULL, &request.base);
}

static int
s_ack (const ctl_t *ctl, const ctl_args_t *args)
{
    Notify__AcknowledgeDelivery request = NOTIFY__ACKNOWLEDGE_DELIVERY__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.id);
    return rc? rc: s_delivery_show (ctl, ctl_args_get (args, "key"), &request.base);
}

static int
s_test (const ctl_t *ctl, const ctl_args_t *args)
{
    Notify__SendTest request = NOTIFY__SEND_TEST__INIT;
    int rc = ctl_score_id (ctl, args, false, &request.channel_id);
    return rc? rc: s_delivery_show (ctl, ctl_args_get (args, "key"), &request.base);
}

//  --------------------------------------------------------------------------------------
//  Tables

#define S_UNIT_OPTION { "unit", CTL_TEXT, "UNIT", true, { "单位编码", "the unit's code" } }

static const ctl_option_t s_routes_options [] = {
    { "version", CTL_NUMBER, "N", false, { "版本（默认为现行版本）", "the version (default: the current one)" } },
    { "file", CTL_TEXT, "FILE", false, { "routes set：路由 JSON 文件（RouteSet；可由 safetyctl --json notify routes 得到再修改）",
                                         "routes set: the routes as JSON (a RouteSet; e.g. safetyctl --json notify routes, edited)" } },
    { "note", CTL_TEXT, "TEXT", false, { "routes set：修订说明", "routes set: why the routes change" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_channel_set_options [] = {
    S_UNIT_OPTION,
    { "kind", CTL_TEXT, "KIND", true, { "渠道：dingtalk、wecom、feishu、webhook 或 email",
                                        "the channel: dingtalk, wecom, feishu, webhook or email" } },
    { "url", CTL_TEXT, "URL", true, { "机器人或 Webhook 地址；邮件为 smtp://主机:端口",
                                      "the robot or webhook URL; smtp://host:port for email" } },
    { "secret", CTL_TEXT, "SECRET", false, { "签名密钥或 SMTP 密码（只写，不再显示）",
                                             "the signing secret or SMTP password (write-only, never shown)" } },
    { "recipients", CTL_TEXT, "A,B", false, { "接收人：邮箱地址或要 @ 的手机号，逗号分隔",
                                              "recipients: email addresses or mobile numbers to @, comma-separated" } },
    { "format", CTL_TEXT, "text|rich", false, {
        "机器人消息格式：text 文本（默认）或 rich 富文本（钉钉、企业微信 markdown，飞书富文本 post）",
        "the robot's message format: text (default) or rich (DingTalk/WeCom markdown, a Feishu post)" } },
    { "lang", CTL_TEXT, "zh|en", false, { "消息语言（默认 zh）", "the messages' language (default zh)" } },
    { "quiet", CTL_TEXT, "HH:MM-HH:MM", false, { "免打扰时段（厂区时区），如 22:00-07:00",
                                                 "quiet hours (the plant's zone), e.g. 22:00-07:00" } },
    { "digest", CTL_TEXT, "HH:MM", false, { "每日汇总发送时间，如 08:30", "the daily digest's time, e.g. 08:30" } },
    { "disabled", CTL_SWITCH, NULL, false, { "停用该渠道", "the channel is disabled" } },
    { "id", CTL_NUMBER, "N", false, { "要修改的渠道编号（不给则新增）", "the channel to change (default: a new one)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_key_options [] = {
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_channels_options [] = {
    S_UNIT_OPTION,
    { NULL }
};
static const ctl_option_t s_log_options [] = {
    S_UNIT_OPTION,
    { "status", CTL_TEXT, "STATUS", false, {
        "状态：queued、held、sent、retrying、gave_up、acknowledged 或 escalated",
        "the status: queued, held, sent, retrying, gave_up, acknowledged or escalated" } },
    { "event", CTL_TEXT, "EVENT_ID", false, { "只看某一事件的投递", "only the deliveries of one event" } },
    { "limit", CTL_NUMBER, "N", false, { "最多显示条数（默认 50）", "at most this many (default 50)" } },
    { NULL }
};
static const ctl_option_t s_no_options [] = {
    { NULL }
};

static const sf_text_t s_group_details = {
    "通知服务按路由规则把其他服务的事件推送给需要处理的单位：钉钉、企业微信、飞书机器人，\n"
    "Webhook 和邮件。每次投递都有记录；紧急消息未确认会逐级升级。渠道密钥只写，只显示末 4 位。\n",
    "The notifier sends other daemons' events to the units that must act, by routing rules:\n"
    "DingTalk, WeCom and Feishu robots, webhooks and email. Every delivery is logged; urgent\n"
    "messages not acknowledged move up. A channel's secret is write-only: only its last 4 show.\n"
};

static const ctl_command_t s_routes_command = {
    .name = "routes", .optional_operand = "set", .options = s_routes_options, .run = s_routes,
    .summary = { "查看通知路由（routes set --file 发布新版）：哪类事件通知哪个单位、哪些渠道",
                 "Show the routes (routes set --file: a new version): which events go to which units and channels" }
};
static const ctl_command_t s_channel_set_command = {
    .name = "set", .options = s_channel_set_options, .run = s_channel_set,
    .summary = { "新增或修改单位的通知渠道", "Add or change a unit's channel" }
};
static const ctl_command_t s_channel_remove_command = {
    .name = "remove", .operand = "ID", .options = s_key_options, .run = s_channel_remove,
    .summary = { "删除通知渠道", "Remove a channel" }
};
static const ctl_command_t *const s_channel_commands [] = { &s_channel_set_command, &s_channel_remove_command, NULL };
static const ctl_command_t s_channel_command = {
    .name = "channel", .commands = s_channel_commands,
    .summary = { "单位的通知渠道", "A unit's channels" }
};
static const ctl_command_t s_channels_command = {
    .name = "channels", .options = s_channels_options, .run = s_channels,
    .summary = { "列出单位及其下级的通知渠道", "List the channels of a unit and those below it" }
};
static const ctl_command_t s_log_command = {
    .name = "log", .options = s_log_options, .run = s_log,
    .summary = { "投递记录（最新在前）", "The delivery log (newest first)" }
};
static const ctl_command_t s_delivery_command = {
    .name = "delivery", .operand = "ID", .options = s_no_options, .run = s_delivery,
    .summary = { "查看一次投递", "Show one delivery" }
};
static const ctl_command_t s_ack_command = {
    .name = "ack", .operand = "ID", .options = s_key_options, .run = s_ack,
    .summary = { "确认收到紧急消息（停止升级）", "Acknowledge an urgent message (stops its escalation)" }
};
static const ctl_command_t s_test_command = {
    .name = "test", .operand = "CHANNEL_ID", .options = s_key_options, .run = s_test,
    .summary = { "通过某渠道发送一条测试消息", "Send a test message over one channel" }
};

static const ctl_command_t *const s_commands [] = {
    &s_routes_command, &s_channel_command, &s_channels_command, &s_log_command, &s_delivery_command,
    &s_ack_command, &s_test_command, NULL
};

const ctl_command_t ctl_notify_command = {
    .name = "notify",
    .summary = { "事件通知：路由、单位渠道、投递记录、确认与测试",
                 "Notifications: routes, units' channels, the delivery log, acknowledging, tests" },
    .commands = s_commands,
    .details = &s_group_details
};
