/*  notify_channel_robot: DingTalk, WeCom and Feishu request shapes (notify_channel.h).       */
#include "notify_channel.h"
#include "notify_sign.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    sf_json_key (json, "at");
    sf_json_object_begin (json);
    sf_json_key (json, "atMobiles");
    sf_json_array_begin (json);
    for (size_t index = 0; index < message->recipient_count; index++)
        sf_json_string (json, message->recipients [index]);
    sf_json_array_end (json);
    sf_json_key_bool (json, "isAtAll", false);
    sf_json_object_end (json);
    sf_json_object_end (json);
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

void
notify_channel_wecom_body (sf_json_t *json, const notify_message_t *message)
{
    char *text = notify_channel_text (message, NOTIFY_WECOM_TEXT_MAX);
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "msgtype", "text");
    sf_json_key (json, "text");
    sf_json_object_begin (json);
    sf_json_key_string (json, "content", text? text: message->subject);
    sf_json_key (json, "mentioned_mobile_list");
    sf_json_array_begin (json);
    for (size_t index = 0; index < message->recipient_count; index++)
        sf_json_string (json, message->recipients [index]);
    sf_json_array_end (json);
    sf_json_object_end (json);
    sf_json_object_end (json);
    free (text);
}

void
notify_channel_feishu_body (sf_json_t *json, const notify_message_t *message, const char *secret, int64_t now_ms)
{
    char *text = notify_channel_text (message, 0);
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
    sf_json_key_string (json, "msg_type", "text");
    sf_json_key (json, "content");
    sf_json_object_begin (json);
    sf_json_key_string (json, "text", text? text: message->subject);
    sf_json_object_end (json);
    sf_json_object_end (json);
    free (text);
}
