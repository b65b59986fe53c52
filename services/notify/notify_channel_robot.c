/*  notify_channel_robot: DingTalk, WeCom and Feishu request shapes, text and rich
    (notify_channel.h).                                                                      */
#include "notify_channel.h"
#include "notify_sign.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The recipients (mobile numbers) as the value of key.
static void
s_mobiles (sf_json_t *json, const char *key, const notify_message_t *message)
{
    sf_json_key (json, key);
    sf_json_array_begin (json);
    for (size_t index = 0; index < message->recipient_count; index++)
        sf_json_string (json, message->recipients [index]);
    sf_json_array_end (json);
}

//  DingTalk's "at" object, then the body's end.
static void
s_dingtalk_at (sf_json_t *json, const notify_message_t *message)
{
    sf_json_key (json, "at");
    sf_json_object_begin (json);
    s_mobiles (json, "atMobiles", message);
    sf_json_key_bool (json, "isAtAll", false);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

void
notify_channel_dingtalk_body (sf_json_t *json, const notify_message_t *message)
{
    char *text = notify_channel_text (message, 0);
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "msgtype", "text");
    sf_json_key (json, "text");
    sf_json_object_begin (json);
    sf_json_key_string (json, "content", text? text: message->subject);
    sf_json_object_end (json);
    s_dingtalk_at (json, message);
    free (text);
}

void
notify_channel_dingtalk_markdown_body (sf_json_t *json, const notify_message_t *message)
{
    char *text = notify_channel_markdown (message, "#### ", "", "\n\n", true);
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "msgtype", "markdown");
    sf_json_key (json, "markdown");
    sf_json_object_begin (json);
    sf_json_key_string (json, "title", message->subject);
    sf_json_key_string (json, "text", text);
    sf_json_object_end (json);
    s_dingtalk_at (json, message);
    free (text);
}

char *
notify_channel_dingtalk_url (const char *url, const char *secret, int64_t now_ms)
{
    if (!secret || !*secret)
        return strdup (url);
    char signature [NOTIFY_SIGNATURE_SIZE];
    char encoded [3 * NOTIFY_SIGNATURE_SIZE];
    notify_sign_dingtalk (now_ms, secret, signature);
    if (notify_url_encode (signature, encoded, sizeof encoded) < 0)
        return NULL;
    const char *joiner = strchr (url, '?')? "&": "?";
    int size = snprintf (NULL, 0, "%s%stimestamp=%" PRId64 "&sign=%s", url, joiner, now_ms, encoded);
    if (size < 0)
        return NULL;
    char *full = malloc ((size_t) size + 1);
    if (full)
        snprintf (full, (size_t) size + 1, "%s%stimestamp=%" PRId64 "&sign=%s", url, joiner, now_ms, encoded);
    return full;
}

//  {"msgtype":"text","text":{"content":text,"mentioned_mobile_list":[...]}}
static void
s_wecom_text (sf_json_t *json, const char *text, const notify_message_t *message)
{
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "msgtype", "text");
    sf_json_key (json, "text");
    sf_json_object_begin (json);
    sf_json_key_string (json, "content", text);
    s_mobiles (json, "mentioned_mobile_list", message);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

void
notify_channel_wecom_body (sf_json_t *json, const notify_message_t *message)
{
    char *text = notify_channel_text (message, NOTIFY_WECOM_TEXT_MAX);
    s_wecom_text (json, text? text: message->subject, message);
    free (text);
}

void
notify_channel_wecom_markdown_body (sf_json_t *json, const notify_message_t *message)
{
    char *text = notify_channel_markdown (message, "**", "**", "\n", false);
    notify_channel_cut (text, NOTIFY_WECOM_MARKDOWN_MAX);
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "msgtype", "markdown");
    sf_json_key (json, "markdown");
    sf_json_object_begin (json);
    sf_json_key_string (json, "content", text);
    sf_json_object_end (json);
    sf_json_object_end (json);
    free (text);
}

void
notify_channel_wecom_mention_body (sf_json_t *json, const notify_message_t *message)
{
    notify_message_t title = *message;
    title.text = "";
    title.link = "";
    char *text = notify_channel_text (&title, NOTIFY_WECOM_TEXT_MAX);
    //  "[#<id>] <subject>\n": the empty text's line break goes.
    size_t size = text? strlen (text): 0;
    if (size && text [size - 1] == '\n')
        text [size - 1] = 0;
    s_wecom_text (json, text? text: message->subject, message);
    free (text);
}

//  The body's start: "timestamp" (seconds, a string) and "sign" when secret is set.
static void
s_feishu_begin (sf_json_t *json, const char *secret, int64_t now_ms)
{
    sf_json_reset (json);
    sf_json_object_begin (json);
    if (secret && *secret) {
        int64_t now_s = now_ms / 1000;
        char timestamp [24];
        char signature [NOTIFY_SIGNATURE_SIZE];
        snprintf (timestamp, sizeof timestamp, "%" PRId64, now_s);
        notify_sign_feishu (now_s, secret, signature);
        sf_json_key_string (json, "timestamp", timestamp);
        sf_json_key_string (json, "sign", signature);
    }
}

//  One post paragraph holding one element of tag: {"tag","text"[,"href"]}.
static void
s_feishu_paragraph (sf_json_t *json, const char *tag, const char *words, size_t size, const char *href)
{
    char *text = strndup (words, size);
    if (!text)
        abort ();
    sf_json_array_begin (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "tag", tag);
    sf_json_key_string (json, "text", text);
    if (href)
        sf_json_key_string (json, "href", href);
    sf_json_object_end (json);
    sf_json_array_end (json);
    free (text);
}

//  {"title","content":[paragraphs]} of one locale.
static void
s_feishu_locale (sf_json_t *json, const char *locale, const notify_message_t *message)
{
    const char *link = message->link? message->link: "";
    char *title = NULL;
    if (asprintf (&title, "[#%" PRId64 "] %s", message->id, message->subject) < 0)
        abort ();
    sf_json_key (json, locale);
    sf_json_object_begin (json);
    sf_json_key_string (json, "title", title);
    sf_json_key (json, "content");
    sf_json_array_begin (json);
    const char *cursor = message->text;
    notify_line_t line;
    bool linked = false;
    while (notify_channel_line (&cursor, link, &line)) {
        if (line.size == 0 || (line.kind == NOTIFY_LINE_LINK && !*link))
            continue;
        if (line.kind == NOTIFY_LINE_LINK) {
            s_feishu_paragraph (json, "a", line.words, line.size, link);
            linked = true;
        }
        else
        if (line.kind == NOTIFY_LINE_ITEM)
            s_feishu_paragraph (json, "text", line.words - 2, line.size + 2, NULL);
        else
            s_feishu_paragraph (json, "text", line.words, line.size, NULL);
    }
    if (*link && !linked)
        s_feishu_paragraph (json, "a", link, strlen (link), link);
    sf_json_array_end (json);
    sf_json_object_end (json);
    free (title);
}

void
notify_channel_feishu_post_body (sf_json_t *json, const notify_message_t *message, const char *secret,
                                 int64_t now_ms)
{
    s_feishu_begin (json, secret, now_ms);
    sf_json_key_string (json, "msg_type", "post");
    sf_json_key (json, "content");
    sf_json_object_begin (json);
    sf_json_key (json, "post");
    sf_json_object_begin (json);
    s_feishu_locale (json, "zh_cn", message);
    s_feishu_locale (json, "en_us", message);
    sf_json_object_end (json);
    sf_json_object_end (json);
    sf_json_object_end (json);
}

void
notify_channel_feishu_body (sf_json_t *json, const notify_message_t *message, const char *secret, int64_t now_ms)
{
    char *text = notify_channel_text (message, 0);
    s_feishu_begin (json, secret, now_ms);
    sf_json_key_string (json, "msg_type", "text");
    sf_json_key (json, "content");
    sf_json_object_begin (json);
    sf_json_key_string (json, "text", text? text: message->subject);
    sf_json_object_end (json);
    sf_json_object_end (json);
    free (text);
}
