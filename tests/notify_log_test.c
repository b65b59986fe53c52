/*  notify_log_test: the log area from outside. The plant's safety manager sets a signed
    DingTalk channel on the plant and lists it; a worker is refused (zh and en); a bad secret
    is refused; a channel keeps its unit; a retried add adds one; the secret is in no reply
    and not in the daemon's log. Deliveries put in by
    SQL are listed newest first in pages; an urgent sent one is acknowledged by its recipient
    and not twice; one left unacknowledged escalates to the plant once the clock moves past
    urgent_ack_minutes.                                                                      */
#include "notify_testlib.h"
#include "sf_pb.h"

#include <string.h>

#define S_SECRET "SECnotifylogtestsecret4321"

static sf_status_t
s_call (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_reply_t *reply)
{
    sf_reply_clear (reply);
    return sf_rpc_client_call_message (client, request, NULL, reply);
}

static bool
s_file_has (const char *path, const char *text)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return false;
    char line [8192];
    bool found = false;
    while (!found && fgets (line, sizeof line, file))
        found = strstr (line, text) != NULL;
    fclose (file);
    return found;
}

int
main (void)
{
    nt_stack_t stack;
    nt_stack_start (&stack, "nlg", NULL);
    sf_reply_t reply = { 0 };
    char plant [64], team [64];
    snprintf (plant, sizeof plant, "%s", nt_code (&stack, "P"));
    snprintf (team, sizeof team, "%s", nt_code (&stack, "D1T1"));

    //  The manager sets a channel on the plant: the reply shows the last 4, never the secret.
    char *mobiles [] = { "13800138000" };
    Notify__UnitChannel channel = NOTIFY__UNIT_CHANNEL__INIT;
    channel.unit_code = plant;
    channel.channel = NOTIFY__CHANNEL__CHANNEL_DINGTALK;
    channel.url = "http://127.0.0.1:9/robot/send?access_token=t";
    channel.secret = S_SECRET;
    channel.recipients = mobiles;
    channel.n_recipients = 1;
    channel.language = "en";
    channel.enabled = true;
    Notify__SetUnitChannel set = NOTIFY__SET_UNIT_CHANNEL__INIT;
    set.channel = &channel;
    SF_CHECK (s_call (stack.manager, &set.base, &reply) == SF_OK);
    SF_CHECK (!memmem (reply.body, reply.body_size, S_SECRET, strlen (S_SECRET)));
    Notify__UnitChannel *stored = notify__unit_channel__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (stored && stored->id > 0 && stored->secret_set && !strcmp (stored->secret_hint, "4321"));
    int64_t channel_id = stored->id;
    notify__unit_channel__free_unpacked (stored, NULL);

    //  A worker may not; a bad secret is refused; both say why in both languages.
    SF_CHECK (s_call (stack.worker, &set.base, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    channel.secret = "notasecret";
    SF_CHECK (s_call (stack.manager, &set.base, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (reply.reason_zh && strstr (reply.reason_zh, "SEC") && strstr (reply.reason_en, "SEC"));
    SF_CHECK (!strstr (reply.reason_en, "notasecret"));

    //  Replacing with secret "" keeps the stored one.
    channel.secret = "";
    channel.id = channel_id;
    SF_CHECK (s_call (stack.manager, &set.base, &reply) == SF_OK);
    stored = notify__unit_channel__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (stored && stored->id == channel_id && stored->secret_set && stored->version == 2);
    notify__unit_channel__free_unpacked (stored, NULL);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM unit_channel WHERE secret = '" S_SECRET "'", NULL) == 1);

    //  Listed by the manager; the worker's grant does not cover the plant.
    Notify__ListUnitChannels list = NOTIFY__LIST_UNIT_CHANNELS__INIT;
    list.unit_code = plant;
    SF_CHECK (s_call (stack.manager, &list.base, &reply) == SF_OK);
    SF_CHECK (!memmem (reply.body, reply.body_size, S_SECRET, strlen (S_SECRET)));
    Notify__UnitChannelList *channels = notify__unit_channel_list__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (channels && channels->n_channels == 1 && channels->channels [0]->id == channel_id);
    notify__unit_channel_list__free_unpacked (channels, NULL);
    SF_CHECK (s_call (stack.worker, &list.base, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (*reply.reason_zh && *reply.reason_en);

    //  Its unit cannot change; a retried add (same idempotency key) adds one channel.
    channel.unit_code = team;
    SF_CHECK (s_call (stack.manager, &set.base, &reply) == SF_FAILED_PRECONDITION);
    SF_CHECK (*reply.reason_zh && *reply.reason_en);
    channel.id = 0;
    char other_team [64];
    snprintf (other_team, sizeof other_team, "%s", nt_code (&stack, "D1T2"));
    channel.unit_code = other_team;
    sf_reply_clear (&reply);
    SF_CHECK (sf_rpc_client_call_message (stack.manager, &set.base, "nlg-add-1", &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (sf_rpc_client_call_message (stack.manager, &set.base, "nlg-add-1", &reply) == SF_OK);
    //  The secret is left out of the stored fingerprint (route .secret "channel.secret"): a
    //  retry with another secret is the same request, answered as stored, not a conflict.
    char *kept_secret = channel.secret;
    channel.secret = (char *) "another-secret-value";
    sf_reply_clear (&reply);
    SF_CHECK (sf_rpc_client_call_message (stack.manager, &set.base, "nlg-add-1", &reply) == SF_OK);
    channel.secret = kept_secret;
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM unit_channel WHERE unit_code = $1",
                              other_team) == 1);
    channel.unit_code = plant;

    //  Three deliveries at the team, put in by SQL: listed newest first, two a page.
    int64_t now = 1800000000000LL;
    sf_test_daemon_set_clock (&stack.notify, now);
    char sql [2048];
    snprintf (sql, sizeof sql,
        "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, urgency, status, subject, text,"
        " recipients, next_attempt_ms, created_ms, sent_ms) SELECT 'ev' || i, 'rectification.form_overdue', '%s',"
        " '%s', 1, 3, 3, 's' || i, 't', '{leader}', 0, %lld, %lld FROM generate_series (1, 3) i",
        team, plant, (long long) now, (long long) now);
    SF_CHECK (sf_db_exec (stack.db, sql, 0, NULL) == 3);
    Notify__ListDeliveries deliveries = NOTIFY__LIST_DELIVERIES__INIT;
    deliveries.unit_code = team;
    deliveries.page_size = 2;
    SF_CHECK (s_call (stack.leader, &deliveries.base, &reply) == SF_OK);
    Notify__DeliveryList *page = notify__delivery_list__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (page && page->n_deliveries == 2 && *page->next_page_token);
    SF_CHECK (!strcmp (page->deliveries [0]->event_id, "ev3") && !strcmp (page->deliveries [1]->event_id, "ev2"));
    int64_t first = page->deliveries [1]->id;
    deliveries.page_token = strdup (page->next_page_token);
    notify__delivery_list__free_unpacked (page, NULL);
    SF_CHECK (s_call (stack.leader, &deliveries.base, &reply) == SF_OK);
    page = notify__delivery_list__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (page && page->n_deliveries == 1 && !strcmp (page->deliveries [0]->event_id, "ev1")
              && !*page->next_page_token);
    int64_t oldest = page->deliveries [0]->id;
    notify__delivery_list__free_unpacked (page, NULL);
    free (deliveries.page_token);
    SF_CHECK (first > oldest);
    deliveries.page_token = "";
    deliveries.status = 42;
    SF_CHECK (s_call (stack.leader, &deliveries.base, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (*reply.reason_zh && *reply.reason_en);
    deliveries.status = NOTIFY__DELIVERY_STATUS__DELIVERY_SENT;
    deliveries.event_id = "ev2";
    SF_CHECK (s_call (stack.leader, &deliveries.base, &reply) == SF_OK);
    page = notify__delivery_list__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (page && page->n_deliveries == 1 && page->deliveries [0]->id == first);
    notify__delivery_list__free_unpacked (page, NULL);

    //  The leader, a recipient, acknowledges ev1; a second time is refused.
    Notify__AcknowledgeDelivery ack = NOTIFY__ACKNOWLEDGE_DELIVERY__INIT;
    ack.id = oldest;
    SF_CHECK (s_call (stack.leader, &ack.base, &reply) == SF_OK);
    Notify__Delivery *delivery = notify__delivery__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (delivery && delivery->status == NOTIFY__DELIVERY_STATUS__DELIVERY_ACKNOWLEDGED
              && !strcmp (delivery->acknowledged_by, "leader") && delivery->acknowledged_ms == now);
    notify__delivery__free_unpacked (delivery, NULL);
    SF_CHECK (s_call (stack.leader, &ack.base, &reply) == SF_FAILED_PRECONDITION);
    SF_CHECK (*reply.reason_zh && *reply.reason_en);

    //  The worker's grant (a post below the team) covers neither reading nor acknowledging it.
    ack.id = first;
    SF_CHECK (s_call (stack.worker, &ack.base, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (*reply.reason_zh && *reply.reason_en);
    Notify__GetDelivery get = NOTIFY__GET_DELIVERY__INIT;
    get.id = first;
    SF_CHECK (s_call (stack.worker, &get.base, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (s_call (stack.officer, &get.base, &reply) == SF_OK);
    get.id = 987654321;
    SF_CHECK (s_call (stack.manager, &get.base, &reply) == SF_NOT_FOUND);

    //  A test over the plant's channel: queued, in its language (en), logged like any other.
    Notify__SendTest test = NOTIFY__SEND_TEST__INIT;
    test.channel_id = channel_id;
    SF_CHECK (s_call (stack.worker, &test.base, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (s_call (stack.manager, &test.base, &reply) == SF_OK);
    delivery = notify__delivery__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (delivery && !strncmp (delivery->event_id, "test:", 5) && delivery->channel_id == channel_id
              && strstr (delivery->text, "[Test]") && !strcmp (delivery->unit_code, plant));
    notify__delivery__free_unpacked (delivery, NULL);

    //  A digest channel on D2 (outside the team's chain) with one held delivery; its time,
    //  16:30 in Asia/Shanghai, passes when the clock moves on.
    char department [64];
    snprintf (department, sizeof department, "%s", nt_code (&stack, "D2"));
    Notify__UnitChannel digest_channel = NOTIFY__UNIT_CHANNEL__INIT;
    digest_channel.unit_code = department;
    digest_channel.channel = NOTIFY__CHANNEL__CHANNEL_WECOM;
    digest_channel.url = "http://127.0.0.1:9/cgi-bin/webhook/send?key=k";
    digest_channel.digest_at = "16:30";
    digest_channel.enabled = true;
    set.channel = &digest_channel;
    SF_CHECK (s_call (stack.manager, &set.base, &reply) == SF_OK);
    stored = notify__unit_channel__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (stored && !stored->secret_set && !strcmp (stored->language, "zh"));
    snprintf (sql, sizeof sql,
        "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
        " subject, text, next_attempt_ms, created_ms) VALUES ('dg1', 'scoring.month_closed', '%s', '%s', 2, %lld,"
        " 1, 2, '月度考核已结算', 't', 0, %lld)", department, plant, (long long) stored->id, (long long) now);
    notify__unit_channel__free_unpacked (stored, NULL);
    SF_CHECK (sf_db_exec (stack.db, sql, 0, NULL) == 1);

    //  31 minutes later the two others escalate to the plant's channel, once each.
    sf_test_daemon_set_clock (&stack.notify, now + 31 * 60000LL);
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE escalation_step = 1 AND unit_code = $1", plant, 2, 20000);
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE status = 7 AND unit_code = $1", team, 2, 5000);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM delivery WHERE event_id = 'ev1'", NULL) == 1);
    nt_wait (&stack, "SELECT count (*) FROM delivery WHERE event_type = 'notify.digest' AND unit_code = $1"
                     " AND strpos (text, '月度考核已结算') > 0", department, 1, 20000);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM delivery WHERE event_id = 'dg1' AND status = 3"
                                        " AND digest_id IS NOT NULL", NULL) == 1);

    //  Removed by the manager; then unknown.
    Notify__RemoveUnitChannel remove = NOTIFY__REMOVE_UNIT_CHANNEL__INIT;
    remove.id = channel_id;
    SF_CHECK (s_call (stack.worker, &remove.base, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (s_call (stack.manager, &remove.base, &reply) == SF_OK);
    SF_CHECK (!memmem (reply.body, reply.body_size, S_SECRET, strlen (S_SECRET)));
    SF_CHECK (s_call (stack.manager, &remove.base, &reply) == SF_NOT_FOUND);

    //  The secret never reached the daemon's log.
    SF_CHECK (!s_file_has (stack.notify.log_path, S_SECRET));
    sf_reply_clear (&reply);
    nt_stack_stop (&stack);
    printf ("notify_log_test: ok\n");
    return 0;
}
