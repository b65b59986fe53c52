/*  notify_log_check_test: the rules for a unit channel (notify_unit_check), and the row
    converters (notify_store): a channel read back carries secret_set and the last 4
    characters, never the secret; a delivery row comes back whole.                          */
#include "notify_store.h"
#include "notify_unit_check.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t notify_migrations [];

static Notify__UnitChannel
s_channel (Notify__Channel kind, char *url, char *secret)
{
    Notify__UnitChannel channel = NOTIFY__UNIT_CHANNEL__INIT;
    channel.channel = kind;
    channel.url = url;
    channel.secret = secret;
    return channel;
}

int
main (void)
{
    //  The URL per kind.
    Notify__UnitChannel channel = s_channel (NOTIFY__CHANNEL__CHANNEL_DINGTALK,
                                             "https://oapi.dingtalk.com/robot/send?access_token=x", "SECabc");
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.url = "ftp://oapi.dingtalk.com/robot";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.url = "https://host/has space";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.url = "https://";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.url = "http://127.0.0.1:9000/hook";
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.channel = NOTIFY__CHANNEL__CHANNEL_UNSPECIFIED;
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.channel = 9;
    SF_CHECK (notify_unit_check (&channel) != NULL);

    //  Secrets: DingTalk's start SEC, a webhook's is whsec_ and base64; "" keeps the stored one.
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_DINGTALK, "https://h/x", "abc");
    const sf_text_t *why = notify_unit_check (&channel);
    SF_CHECK (why && strstr (why->en, "SEC") && strstr (why->zh, "SEC") && !strstr (why->en, "abc"));
    channel.secret = "";
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_WEBHOOK, "https://h/x", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.secret = "whsec_***";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.secret = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.secret = "whsec_a b=";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_FEISHU, "https://open.feishu.cn/hook/x", "feishu secret");
    SF_CHECK (notify_unit_check (&channel) != NULL);

    //  The message format: unspecified (text), text or rich; nothing else.
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_DINGTALK, "https://h/x", "");
    channel.format = NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_RICH;
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.format = NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_TEXT;
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.format = 7;
    why = notify_unit_check (&channel);
    SF_CHECK (why && strstr (why->en, "rich") && strstr (why->zh, "富文本"));

    //  Email: smtp://, at least one address, each an address.
    char *addresses [] = { "ehs@plant.example.cn", "not-an-address" };
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_EMAIL, "smtp://127.0.0.1:2525", "");
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.recipients = addresses;
    channel.n_recipients = 1;
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.n_recipients = 2;
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.n_recipients = 1;
    channel.url = "https://127.0.0.1:2525";
    SF_CHECK (notify_unit_check (&channel) != NULL);

    //  Robots @ mobile numbers.
    char *mobiles [] = { "13800138000", "+8613900139000", "zhang.san" };
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_WECOM, "https://qyapi.weixin.qq.com/x?key=k", "");
    channel.recipients = mobiles;
    channel.n_recipients = 2;
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.n_recipients = 3;
    SF_CHECK (notify_unit_check (&channel) != NULL);

    //  Language and times.
    channel = s_channel (NOTIFY__CHANNEL__CHANNEL_WECOM, "https://h/x", "");
    channel.language = "en";
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.language = "fr";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.language = "zh";
    channel.quiet_from = "22:00";
    SF_CHECK (notify_unit_check (&channel) != NULL);      //  an end is missing
    channel.quiet_to = "07:00";
    SF_CHECK (notify_unit_check (&channel) == NULL);
    channel.quiet_to = "22:00";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.quiet_to = "24:00";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.quiet_to = "07:00";
    channel.digest_at = "8:30";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.digest_at = "08:60";
    SF_CHECK (notify_unit_check (&channel) != NULL);
    channel.digest_at = "23:59";
    SF_CHECK (notify_unit_check (&channel) == NULL);
    SF_CHECK (notify_unit_hhmm ("00:00") && !notify_unit_hhmm ("0000") && !notify_unit_hhmm (""));

    //  The converters, on the real schema.
    char *schema = sf_test_unique ("notify_log_check");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "notify", notify_migrations) >= 2);
    SF_CHECK (sf_db_exec (db, "INSERT INTO unit_channel (unit_code, channel, url, secret, recipients, language)"
                              " VALUES ('P1', 1, 'https://h/x', 'SECtopsecretvalue9876', '{13800138000}', 'en')",
                          0, NULL) == 1);
    SF_CHECK (sf_db_exec (db, "INSERT INTO unit_channel (unit_code, channel, url) VALUES ('P1', 2, 'https://h/y')",
                          0, NULL) == 1);
    sf_rows_t *rows = sf_db_query (db, "SELECT " NOTIFY_CHANNEL_COLUMNS " FROM unit_channel c ORDER BY c.id", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 2);
    Notify__UnitChannel *read = notify_channel_from_row (rows, 0, 0);
    SF_CHECK (read->secret_set && !strcmp (read->secret_hint, "9876") && !strcmp (read->secret, ""));
    SF_CHECK (read->n_recipients == 1 && !strcmp (read->recipients [0], "13800138000"));
    SF_CHECK (!strcmp (read->language, "en") && read->enabled && read->channel == NOTIFY__CHANNEL__CHANNEL_DINGTALK);
    size_t size = protobuf_c_message_get_packed_size (&read->base);
    uint8_t packed [1024];
    SF_CHECK (size < sizeof packed);
    protobuf_c_message_pack (&read->base, packed);
    SF_CHECK (!memmem (packed, size, "topsecret", 9));
    sf_pb_destroy (&read);
    read = notify_channel_from_row (rows, 1, 0);
    SF_CHECK (!read->secret_set && !strcmp (read->secret_hint, "") && read->n_recipients == 0);
    sf_pb_destroy (&read);
    sf_rows_destroy (&rows);

    SF_CHECK (sf_db_exec (db, "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id,"
                              " recipients, urgency, status, subject, text, next_attempt_ms, created_ms, escalation_step)"
                              " VALUES ('e1', 'lesson.published', 'T1', 'P1', 1, 1, '{zhang,li}', 3, 3, 's', 't',"
                              " 5, 4, 2)", 0, NULL) == 1);
    rows = sf_db_query (db, "SELECT " NOTIFY_DELIVERY_COLUMNS " FROM delivery d", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    Notify__Delivery *delivery = notify_delivery_from_row (rows, 0, 0);
    SF_CHECK (!strcmp (delivery->event_id, "e1") && delivery->channel_id == 1 && delivery->n_recipients == 2);
    SF_CHECK (!strcmp (delivery->recipients [1], "li") && delivery->urgency == NOTIFY__URGENCY__URGENCY_URGENT);
    SF_CHECK (delivery->status == NOTIFY__DELIVERY_STATUS__DELIVERY_SENT && delivery->escalation_step == 2);
    SF_CHECK (delivery->next_attempt_ms == 5 && delivery->created_ms == 4 && delivery->parent_id == 0);
    SF_CHECK (delivery->version == 1);
    sf_pb_destroy (&delivery);
    sf_rows_destroy (&rows);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("notify_log_check_test: ok\n");
    return 0;
}
