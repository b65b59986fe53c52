/*  notify_channel_webhook: a Standard Webhooks request (notify_channel.h).                  */
#include "notify_channel.h"
#include "notify_sign.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int
notify_channel_webhook (sf_json_t *json, notify_webhook_headers_t *headers, const notify_message_t *message,
                        const char *secret, int64_t now_ms)
{
    int64_t now_s = now_ms / 1000;
    time_t seconds = (time_t) now_s;
    struct tm utc;
    gmtime_r (&seconds, &utc);
    char when [80];
    snprintf (when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
              utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, (int) (now_ms % 1000));

    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "type", "notify.delivery");
    sf_json_key_string (json, "timestamp", when);
    sf_json_key (json, "data");
    sf_json_object_begin (json);
    sf_json_key_int (json, "delivery_id", message->id);
    sf_json_key_string (json, "event_id", message->event_id? message->event_id: "");
    sf_json_key_string (json, "event_type", message->event_type? message->event_type: "");
    sf_json_key_string (json, "unit_code", message->unit_code? message->unit_code: "");
    sf_json_key_int (json, "urgency", message->urgency);
    sf_json_key_string (json, "subject", message->subject);
    sf_json_key_string (json, "text", message->text);
    sf_json_key_string (json, "link", message->link? message->link: "");
    sf_json_key (json, "recipients");
    sf_json_array_begin (json);
    for (size_t index = 0; index < message->recipient_count; index++)
        sf_json_string (json, message->recipients [index]);
    sf_json_array_end (json);
    sf_json_object_end (json);
    sf_json_object_end (json);

    snprintf (headers->id, sizeof headers->id, "dlv_%" PRId64, message->id);
    snprintf (headers->timestamp, sizeof headers->timestamp, "%" PRId64, now_s);
    headers->signature [0] = 0;
    if (secret && *secret) {
        char signature [NOTIFY_SIGNATURE_SIZE];
        if (notify_sign_webhook (secret, headers->id, now_s, sf_json_text (json), sf_json_size (json), signature) != 0)
            return -1;
        snprintf (headers->signature, sizeof headers->signature, "v1,%s", signature);
    }
    return 0;
}
