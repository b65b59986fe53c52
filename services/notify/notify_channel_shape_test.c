/*  notify_channel_shape_test: each platform's request shape, byte for byte, text and rich
    (markdown, post), with the signatures from the published recipes (notify_sign_test checks
    the vectors themselves).                                                                */
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

    //  Rich formats (README_sending.md, "Formats"): the templates' markup kept, every person's
    //  word escaped; only the message's own link is a link.
    notify_message_t rich = {
        .id = 7, .event_id = "ev-7", .event_type = "rectification.form_overdue", .unit_code = "P1",
        .subject = "逾期 F_1",
        .text = "**整改逾期**\n车间 *A*：[x](http://evil) <@all>\n[y](http://evil)\n# h\n- 第一项\n"
                "[查看](https://sf.test/f/1)",
        .link = "https://sf.test/f/1", .recipients = mobiles, .recipient_count = 2, .urgency = 3
    };
    //  Text: the markup goes, the link line too (the link ends the text).
    text = notify_channel_text (&rich, 0);
    SF_CHECK_STR (text, "[#7] 逾期 F_1\n整改逾期\n车间 *A*：[x](http://evil) <@all>\n[y](http://evil)\n# h\n- 第一项\n"
                        "https://sf.test/f/1");
    free (text);
    //  DingTalk markdown: title, blank lines between paragraphs, "@<mobile>" in the text too.
    notify_channel_dingtalk_markdown_body (json, &rich);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"逾期 F_1\",\"text\":\"#### [#7] 逾期 F\\\\_1\\n\\n"
        "**整改逾期**\\n\\n车间 \\\\*A\\\\*：\\\\[x\\\\](http://evil) \\\\<@all\\\\>\\n\\n"
        "\\\\[y\\\\](http://evil)\\n\\n\\\\# h\\n\\n- 第一项\\n\\n[查看](https://sf.test/f/1)\\n\\n"
        "@13800001111 @13900002222\"},\"at\":{\"atMobiles\":[\"13800001111\",\"13900002222\"],\"isAtAll\":false}}");
    //  No link line in the text: the link ends the markdown.
    notify_message_t unlinked = message;
    unlinked.link = "https://sf.test/f/1";
    unlinked.recipient_count = 2;
    notify_channel_dingtalk_markdown_body (json, &unlinked);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"告警: 磁盘满\",\"text\":\"#### [#42] 告警: 磁盘满\\n\\n"
        "A \\\"quoted\\\" line\\n\\n[https://sf.test/f/1](https://sf.test/f/1)\\n\\n@13800001111 @13900002222\"},"
        "\"at\":{\"atMobiles\":[\"13800001111\",\"13900002222\"],\"isAtAll\":false}}");
    //  WeCom markdown has no mobile mentions: a text with mentioned_mobile_list follows it.
    notify_channel_wecom_markdown_body (json, &rich);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"**[#7] 逾期 F\\\\_1**\\n**整改逾期**\\n"
        "车间 \\\\*A\\\\*：\\\\[x\\\\](http://evil) \\\\<@all\\\\>\\n\\\\[y\\\\](http://evil)\\n\\\\# h\\n"
        "- 第一项\\n[查看](https://sf.test/f/1)\"}}");
    notify_channel_wecom_mention_body (json, &rich);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msgtype\":\"text\",\"text\":{\"content\":\"[#7] 逾期 F_1\","
        "\"mentioned_mobile_list\":[\"13800001111\",\"13900002222\"]}}");
    //  Feishu post: signed as the text is (the documented vector), zh_cn and en_us alike, one
    //  paragraph per line, the link an "a" tag; texts are literal there (no escaping).
    notify_channel_feishu_post_body (json, &rich, "demo_secret", 1599360473999);
    const char *post =
        "{\"title\":\"[#7] 逾期 F_1\",\"content\":[[{\"tag\":\"text\",\"text\":\"整改逾期\"}],"
        "[{\"tag\":\"text\",\"text\":\"车间 *A*：[x](http://evil) <@all>\"}],"
        "[{\"tag\":\"text\",\"text\":\"[y](http://evil)\"}],[{\"tag\":\"text\",\"text\":\"# h\"}],"
        "[{\"tag\":\"text\",\"text\":\"- 第一项\"}],[{\"tag\":\"a\",\"text\":\"查看\",\"href\":\"https://sf.test/f/1\"}]]}";
    char expected_post [2048];
    snprintf (expected_post, sizeof expected_post,
              "{\"timestamp\":\"1599360473\",\"sign\":\"sdR0eS36UO/d4NpAyDr6RpCJWLJtcheypjGCjiZTm0o=\","
              "\"msg_type\":\"post\",\"content\":{\"post\":{\"zh_cn\":%s,\"en_us\":%s}}}", post, post);
    SF_CHECK_STR (sf_json_text (json), expected_post);
    //  Without a link: no "a" paragraph.
    rich.link = "";
    rich.text = "**整改逾期**\n[查看]()";
    notify_channel_feishu_post_body (json, &rich, "", 1);
    SF_CHECK_STR (sf_json_text (json),
        "{\"msg_type\":\"post\",\"content\":{\"post\":{\"zh_cn\":{\"title\":\"[#7] 逾期 F_1\",\"content\":"
        "[[{\"tag\":\"text\",\"text\":\"整改逾期\"}]]},\"en_us\":{\"title\":\"[#7] 逾期 F_1\",\"content\":"
        "[[{\"tag\":\"text\",\"text\":\"整改逾期\"}]]}}}}");

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
