/*  notify_channel_shape_test: each platform's request shape, byte for byte, with the
    signatures from the published recipes (notify_sign_test checks the vectors themselves). */
#include "notify_channel.h"
#include "notify_sign.h"
#include "sf_testkit.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int
main (void)
{
    SF_CHECK (sodium_init () >= 0);
    const char *mobiles [] = { "13800001111", "13900002222" };
    notify_message_t message = {
        .id = 42, .event_id = "ev-1", .event_type = "rectification.form_issued", .unit_code = "P1",
        .subject = "告警: 磁盘满", .text = "A \"quoted\" line", .link = "https://sf.test/f/1",
        .recipients = mobiles, .recipient_count = 2, .urgency = 3
    };
    sf_json_t *json = sf_json_new ();

    //  The text carries the delivery number.
    char *text = notify_channel_text (&message, 0);
    SF_CHECK_STR (text, "[#42] 告警: 磁盘满\nA \"quoted\" line\nhttps://sf.test/f/1");
    free (text);
    //  Cut on a character boundary: "[#42] 告" is 9 bytes; 10 would cut inside "警".
    text = notify_channel_text (&message, 11);
    SF_CHECK_STR (text, "[#42] 告");
    free (text);

    notify_channel_dingtalk_body (json, &message);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msgtype\":\"text\",\"text\":{\"content\":\"[#42] 告警: 磁盘满\\nA \\\"quoted\\\" line\\nhttps://sf.test/f/1\"},"
        "\"at\":{\"atMobiles\":[\"13800001111\",\"13900002222\"],\"isAtAll\":false}}");
    //  DingTalk signs in the query: the documented vector (ts 1700000000000, secret "secret").
    char *url = notify_channel_dingtalk_url ("http://127.0.0.1:1/robot/send?access_token=T", "secret", 1700000000000);
    SF_CHECK_STR (url, "http://127.0.0.1:1/robot/send?access_token=T&timestamp=1700000000000"
                       "&sign=OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D");
    free (url);
    url = notify_channel_dingtalk_url ("http://h/robot/send?access_token=T", "", 1);
    SF_CHECK_STR (url, "http://h/robot/send?access_token=T");
    free (url);

    notify_channel_wecom_body (json, &message);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msgtype\":\"text\",\"text\":{\"content\":\"[#42] 告警: 磁盘满\\nA \\\"quoted\\\" line\\nhttps://sf.test/f/1\","
        "\"mentioned_mobile_list\":[\"13800001111\",\"13900002222\"]}}");

    //  Feishu: timestamp (seconds, a string) and sign in the body; the documented vector.
    message.recipient_count = 0;
    message.link = "";
    notify_channel_feishu_body (json, &message, "demo_secret", 1599360473999);
    SF_CHECK_STR (sf_json_text (json),
        "{\"timestamp\":\"1599360473\",\"sign\":\"sdR0eS36UO/d4NpAyDr6RpCJWLJtcheypjGCjiZTm0o=\","
        "\"msg_type\":\"text\",\"content\":{\"text\":\"[#42] 告警: 磁盘满\\nA \\\"quoted\\\" line\"}}");
    notify_channel_feishu_body (json, &message, "", 1599360473999);
    SF_CHECK_STR (sf_json_text (json), "{\"msg_type\":\"text\",\"content\":{\"text\":\"[#42] 告警: 磁盘满\\nA \\\"quoted\\\" line\"}}");

    //  Standard Webhooks: id dlv_<delivery>, seconds, v1 signature over id.ts.body.
    notify_webhook_headers_t headers;
    SF_CHECK (notify_channel_webhook (json, &headers, &message, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                      1614265330000) == 0);
    SF_CHECK_STR (headers.id, "dlv_42");
    SF_CHECK_STR (headers.timestamp, "1614265330");
    SF_CHECK_STR (sf_json_text (json),
        "{\"type\":\"notify.delivery\",\"timestamp\":\"2021-02-25T15:02:10.000Z\",\"data\":{\"delivery_id\":42,"
        "\"event_id\":\"ev-1\",\"event_type\":\"rectification.form_issued\",\"unit_code\":\"P1\",\"urgency\":3,"
        "\"subject\":\"告警: 磁盘满\",\"text\":\"A \\\"quoted\\\" line\",\"link\":\"\",\"recipients\":[]}}");
    char expected [NOTIFY_SIGNATURE_SIZE];
    SF_CHECK (notify_sign_webhook ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "dlv_42", 1614265330,
                                   sf_json_text (json), sf_json_size (json), expected) == 0);
    SF_CHECK (strncmp (headers.signature, "v1,", 3) == 0);
    SF_CHECK_STR (headers.signature + 3, expected);
    //  No secret: no signature; a secret not of the whsec_ form is refused.
    SF_CHECK (notify_channel_webhook (json, &headers, &message, "", 1614265330000) == 0);
    SF_CHECK_STR (headers.signature, "");
    SF_CHECK (notify_channel_webhook (json, &headers, &message, "plain", 1614265330000) < 0);

    sf_json_destroy (&json);
    printf ("notify_channel_shape_test: ok\n");
    return 0;
}
