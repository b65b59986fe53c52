/*  notify_log_routes: the log area's part of the route table (notify.h, README_log.md): the
    units' channels (set, remove, list; the secret write-only), the delivery log (list, get),
    acknowledging an urgent delivery, and test sends. Every reply and every event is built by
    notify_store, which never reads a channel's secret out.                                 */
#include "notify.h"
#include "notify_events.h"
#include "notify_store.h"
#include "notify_unit_check.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Who may change a unit's channels and send tests over them.
#define S_ROLES_MANAGE "admin,ehs,plant_safety_manager"

static const sf_text_t S_CHANNEL_UNKNOWN = { "渠道 %lld 不存在", "there is no channel %lld" };
static const sf_text_t S_DELIVERY_UNKNOWN = { "消息 %lld 不存在", "there is no delivery %lld" };
static const sf_text_t S_UNIT_UNKNOWN = { "单位 %s 不存在或已停用", "there is no active unit %s" };
static const sf_text_t S_UNIT_CHANGE = { "渠道所属单位不能更改（请删除后重新添加）",
                                         "a channel's unit cannot change (remove it and add a new one)" };
static const sf_text_t S_ACK_STATE = { "只有已发送或已升级的紧急消息可以确认，消息 %lld 不是",
                                       "only an urgent sent or escalated delivery can be acknowledged; %lld is not" };
static const sf_text_t S_ACK_WHO = { "只有消息的接收人或管辖该单位的人员可以确认",
                                     "only a recipient of the delivery or someone whose grants cover its unit may acknowledge it" };
static const sf_text_t S_STATUS_BAD = { "消息状态 %d 无效", "delivery status %d is not valid" };
static const sf_text_t S_CHANNEL_DISABLED = { "渠道 %lld 已停用", "channel %lld is disabled" };
static const sf_text_t S_TEST_TEXT = { "【测试】这是安全平台通知渠道的测试消息，收到即表示配置正确。",
                                       "[Test] This is a test message from the safety platform's notifier: the channel works." };
static const sf_text_t S_TEST_SUBJECT = { "通知渠道测试", "Notification channel test" };

typedef struct {
    char text [24];
} s_int_t;

static s_int_t
s_int (long long value)
{
    s_int_t number;
    snprintf (number.text, sizeof number.text, "%lld", value);
    return number;
}

static const char *
s_actor (const sf_call_t *call)
{
    const char *user = call->request->actor.user_id;
    return user? user: "";
}

//  The int64 field "name" of the call's request (0 when there is none).
static int64_t
s_field_int (const sf_call_t *call, const char *name)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (call->message->descriptor, name);
    return field? *(const int64_t *) sf_pb_member (call->message, field): 0;
}

//  The unit of the row of table with the request's id field, for the scope check.
static int
s_units_of (sf_call_t *call, sf_scope_units_t *units, const char *sql, const char *field)
{
    s_int_t key = s_int (s_field_int (call, field));
    const char *values [] = { key.text };
    sf_rows_t *rows = sf_db_query (call->db, sql, 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

static int
s_channel_units (sf_call_t *call, sf_scope_units_t *units)
{
    const char *field = call->message->descriptor == &notify__send_test__descriptor? "channel_id": "id";
    return s_units_of (call, units, "SELECT unit_code FROM unit_channel WHERE id = $1::bigint", field);
}

static int
s_delivery_units (sf_call_t *call, sf_scope_units_t *units)
{
    return s_units_of (call, units, "SELECT unit_code FROM delivery WHERE id = $1::bigint", "id");
}

//  The channel of id (lock: FOR UPDATE). NULL with *found 0 or -1.
static Notify__UnitChannel *
s_channel_read (sf_db_t *db, int64_t id, bool lock, int *found)
{
    s_int_t key = s_int (id);
    const char *values [] = { key.text };
    sf_rows_t *rows = sf_db_query (db, lock? "SELECT " NOTIFY_CHANNEL_COLUMNS " FROM unit_channel c WHERE c.id = $1::bigint FOR UPDATE":
                                             "SELECT " NOTIFY_CHANNEL_COLUMNS " FROM unit_channel c WHERE c.id = $1::bigint",
                                   1, values);
    *found = rows? sf_rows_count (rows): -1;
    Notify__UnitChannel *channel = *found == 1? notify_channel_from_row (rows, 0, 0): NULL;
    sf_rows_destroy (&rows);
    return channel;
}

static Notify__Delivery *
s_delivery_read (sf_db_t *db, int64_t id, bool lock, int *found)
{
    s_int_t key = s_int (id);
    const char *values [] = { key.text };
    sf_rows_t *rows = sf_db_query (db, lock? "SELECT " NOTIFY_DELIVERY_COLUMNS " FROM delivery d WHERE d.id = $1::bigint FOR UPDATE":
                                             "SELECT " NOTIFY_DELIVERY_COLUMNS " FROM delivery d WHERE d.id = $1::bigint",
                                   1, values);
    *found = rows? sf_rows_count (rows): -1;
    Notify__Delivery *delivery = *found == 1? notify_delivery_from_row (rows, 0, 0): NULL;
    sf_rows_destroy (&rows);
    return delivery;
}

//  ---- Channels --------------------------------------------------------------------------------

static void
s_channel_set (sf_call_t *call)
{
    const Notify__SetUnitChannel *set = SF_CALL_BODY (call, Notify__SetUnitChannel);
    const Notify__UnitChannel *given = set->channel;
    const sf_text_t *why = notify_unit_check (given);
    if (why) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, why);
        return;
    }
    sf_org_node_t unit;
    int known = sf_org_find (call->db, given->unit_code, &unit);
    if (known < 0) {
        sf_call_fail_db (call, "looking up a unit");
        return;
    }
    if (!known || !unit.active || unit.kind == SF_ORG_EMPLOYEE) {
        sf_call_fail (call, SF_NOT_FOUND, &S_UNIT_UNKNOWN, given->unit_code);
        return;
    }
    if (given->id) {
        int found;
        Notify__UnitChannel *stored = s_channel_read (call->db, given->id, true, &found);
        if (found < 0)
            sf_call_fail_db (call, "reading a channel");
        else
        if (!stored)
            sf_call_fail (call, SF_NOT_FOUND, &S_CHANNEL_UNKNOWN, (long long) given->id);
        else
        if (strcmp (stored->unit_code, given->unit_code))
            sf_call_fail (call, SF_FAILED_PRECONDITION, &S_UNIT_CHANGE);
        bool ok = stored && !strcmp (stored->unit_code, given->unit_code);
        sf_pb_destroy (&stored);
        if (!ok)
            return;
    }
    char *recipients = sf_db_array_literal (given->recipients, given->n_recipients);
    s_int_t id = s_int (given->id), kind = s_int (given->channel);
    //  Unspecified is text (the contract's default); the row stores what it means.
    s_int_t format = s_int (given->format? given->format: NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_TEXT);
    const char *values [] = { id.text, given->unit_code, kind.text, given->url, given->secret? given->secret: "",
                              recipients, *given->language? given->language: "zh", given->quiet_from,
                              given->quiet_to, given->digest_at, given->enabled? "true": "false", format.text };
    sf_rows_t *rows = sf_db_query (call->db, given->id?
        "UPDATE unit_channel SET channel = $3::smallint, url = $4,"
        " secret = CASE WHEN $5 = '' THEN secret ELSE $5 END, recipients = $6::text[], language = $7,"
        " quiet_from = $8, quiet_to = $9, digest_at = $10, enabled = $11::boolean, format = $12::smallint,"
        " version = version + 1 WHERE id = $1::bigint AND unit_code = $2 RETURNING id":
        "INSERT INTO unit_channel (unit_code, channel, url, secret, recipients, language, quiet_from, quiet_to,"
        " digest_at, enabled, format) SELECT $2, $3::smallint, $4, $5, $6::text[], $7, $8, $9, $10, $11::boolean,"
        " $12::smallint WHERE $1::bigint = 0 RETURNING id", 12, values);
    free (recipients);
    int64_t key = rows && sf_rows_count (rows) == 1? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    if (!key) {
        sf_call_fail_db (call, "writing a channel");
        return;
    }
    int found;
    Notify__UnitChannel *channel = s_channel_read (call->db, key, false, &found);
    s_int_t text = s_int (key);
    if (!channel
    ||  notify_emit (call, NULL, "notify.channel_set", "channel", text.text, channel->version, unit.plant_code,
                     &channel->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &channel->base);
    sf_pb_destroy (&channel);
}

static void
s_channel_remove (sf_call_t *call)
{
    const Notify__RemoveUnitChannel *remove = SF_CALL_BODY (call, Notify__RemoveUnitChannel);
    int found;
    Notify__UnitChannel *channel = s_channel_read (call->db, remove->id, true, &found);
    if (found < 0) {
        sf_call_fail_db (call, "reading a channel");
        return;
    }
    if (!channel) {
        sf_call_fail (call, SF_NOT_FOUND, &S_CHANNEL_UNKNOWN, (long long) remove->id);
        return;
    }
    s_int_t key = s_int (remove->id);
    const char *values [] = { key.text };
    sf_org_node_t unit = { .plant_code = "" };
    if (sf_org_find (call->db, channel->unit_code, &unit) < 0
    ||  sf_db_exec (call->db, "DELETE FROM unit_channel WHERE id = $1::bigint", 1, values) != 1
    ||  notify_emit (call, NULL, "notify.channel_removed", "channel", key.text, channel->version + 1,
                     unit.plant_code, &channel->base))
        sf_call_fail_db (call, "removing a channel");
    else
        sf_call_reply (call, &channel->base);
    sf_pb_destroy (&channel);
}

//  Appends item to a repeated message field (*array of *count); false (item left to the
//  caller) when memory ran out.
static bool
s_append (void *array_p, size_t *count, void *item)
{
    void ***array = array_p;
    void **grown = realloc (*array, (*count + 1) * sizeof *grown);
    if (!grown)
        return false;
    *array = grown;
    grown [(*count)++] = item;
    return true;
}

//  A list read one row past the page (rows rows): the token of the page after the one ending
//  at last_id, into *token; none when the rows fit.
static void
s_next_token (const sf_call_t *call, const sf_page_t *page, int rows, int64_t last_id, char **token)
{
    if (rows <= page->size)
        return;
    s_int_t last = s_int (last_id);
    const char *keys [] = { last.text };
    char *text = sf_page_token (call, keys, 1);
    sf_pb_set (token, text);
    free (text);
}

static void
s_channel_list (sf_call_t *call)
{
    const Notify__ListUnitChannels *query = SF_CALL_BODY (call, Notify__ListUnitChannels);
    sf_page_t page;
    if (sf_page_open (call, query->page_size, query->page_token, 1, &page))
        return;
    int64_t after = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &after)) {
        sf_page_close (&page);
        return;
    }
    s_int_t after_text = s_int (after), limit = s_int (page.size + 1);
    const char *values [] = { query->unit_code, after_text.text, limit.text };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " NOTIFY_CHANNEL_COLUMNS " FROM unit_channel c WHERE c.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND c.id > $2::bigint ORDER BY c.id LIMIT $3::int", 3, values);
    if (!rows) {
        sf_call_fail_db (call, "listing channels");
        sf_page_close (&page);
        return;
    }
    Notify__UnitChannelList *list = sf_pb_new (&notify__unit_channel_list__descriptor);
    int count = sf_rows_count (rows);
    for (int i = 0; i < count && i < page.size; i++) {
        Notify__UnitChannel *channel = notify_channel_from_row (rows, i, 0);
        if (!s_append (&list->channels, &list->n_channels, channel)) {
            sf_pb_destroy (&channel);
            break;
        }
    }
    if (list->n_channels > 0)
        s_next_token (call, &page, count, list->channels [list->n_channels - 1]->id, &list->next_page_token);
    sf_rows_destroy (&rows);
    sf_call_reply (call, &list->base);
    sf_pb_destroy (&list);
    sf_page_close (&page);
}

//  ---- Deliveries ------------------------------------------------------------------------------

static void
s_delivery_list (sf_call_t *call)
{
    const Notify__ListDeliveries *query = SF_CALL_BODY (call, Notify__ListDeliveries);
    if (query->status < 0 || query->status > NOTIFY__DELIVERY_STATUS__DELIVERY_ESCALATED) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_STATUS_BAD, (int) query->status);
        return;
    }
    sf_page_t page;
    if (sf_page_open (call, query->page_size, query->page_token, 1, &page))
        return;
    int64_t before = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &before)) {
        sf_page_close (&page);
        return;
    }
    s_int_t before_text = s_int (before), status = s_int (query->status), limit = s_int (page.size + 1);
    const char *values [] = { query->unit_code, before_text.text, status.text, query->event_id, limit.text };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " NOTIFY_DELIVERY_COLUMNS " FROM delivery d WHERE d.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND ($2::bigint = 0 OR d.id < $2::bigint) AND ($3::smallint = 0 OR d.status = $3::smallint)"
        " AND ($4 = '' OR d.event_id = $4) ORDER BY d.id DESC LIMIT $5::int", 5, values);
    if (!rows) {
        sf_call_fail_db (call, "listing deliveries");
        sf_page_close (&page);
        return;
    }
    Notify__DeliveryList *list = sf_pb_new (&notify__delivery_list__descriptor);
    int count = sf_rows_count (rows);
    for (int i = 0; i < count && i < page.size; i++) {
        Notify__Delivery *delivery = notify_delivery_from_row (rows, i, 0);
        if (!s_append (&list->deliveries, &list->n_deliveries, delivery)) {
            sf_pb_destroy (&delivery);
            break;
        }
    }
    if (list->n_deliveries > 0)
        s_next_token (call, &page, count, list->deliveries [list->n_deliveries - 1]->id, &list->next_page_token);
    sf_rows_destroy (&rows);
    sf_call_reply (call, &list->base);
    sf_pb_destroy (&list);
    sf_page_close (&page);
}

static void
s_delivery_get (sf_call_t *call)
{
    const Notify__GetDelivery *get = SF_CALL_BODY (call, Notify__GetDelivery);
    int found;
    Notify__Delivery *delivery = s_delivery_read (call->db, get->id, false, &found);
    if (found < 0)
        sf_call_fail_db (call, "reading a delivery");
    else
    if (!delivery)
        sf_call_fail (call, SF_NOT_FOUND, &S_DELIVERY_UNKNOWN, (long long) get->id);
    else
        sf_call_reply (call, &delivery->base);
    sf_pb_destroy (&delivery);
}

static void
s_delivery_acknowledge (sf_call_t *call)
{
    const Notify__AcknowledgeDelivery *ack = SF_CALL_BODY (call, Notify__AcknowledgeDelivery);
    int found;
    Notify__Delivery *delivery = s_delivery_read (call->db, ack->id, true, &found);
    if (found < 0) {
        sf_call_fail_db (call, "reading a delivery");
        return;
    }
    if (!delivery) {
        sf_call_fail (call, SF_NOT_FOUND, &S_DELIVERY_UNKNOWN, (long long) ack->id);
        return;
    }
    bool recipient = false;
    for (size_t i = 0; i < delivery->n_recipients; i++)
        if (*s_actor (call) && !strcmp (delivery->recipients [i], s_actor (call)))
            recipient = true;
    int covers = recipient? 1: sf_scope_covers (call->db, call->scope, NULL, SF_REACH_GRANT, delivery->unit_code);
    if (covers < 0)
        sf_call_fail_db (call, "checking grants");
    else
    if (!covers)
        sf_call_fail (call, SF_PERMISSION_DENIED, &S_ACK_WHO);
    else
    if (delivery->urgency != NOTIFY__URGENCY__URGENCY_URGENT
    ||  (delivery->status != NOTIFY__DELIVERY_STATUS__DELIVERY_SENT
    &&   delivery->status != NOTIFY__DELIVERY_STATUS__DELIVERY_ESCALATED))
        sf_call_fail (call, SF_FAILED_PRECONDITION, &S_ACK_STATE, (long long) ack->id);
    if (covers != 1 || delivery->urgency != NOTIFY__URGENCY__URGENCY_URGENT
    ||  (delivery->status != NOTIFY__DELIVERY_STATUS__DELIVERY_SENT
    &&   delivery->status != NOTIFY__DELIVERY_STATUS__DELIVERY_ESCALATED)) {
        sf_pb_destroy (&delivery);
        return;
    }
    s_int_t key = s_int (ack->id), now = s_int (sf_clock_now_ms ());
    const char *values [] = { key.text, now.text, s_actor (call) };
    sf_pb_destroy (&delivery);
    if (sf_db_exec (call->db, "UPDATE delivery SET status = 6, acknowledged_ms = $2::bigint, acknowledged_by = $3,"
                              " version = version + 1 WHERE id = $1::bigint", 3, values) != 1) {
        sf_call_fail_db (call, "acknowledging a delivery");
        return;
    }
    delivery = s_delivery_read (call->db, ack->id, false, &found);
    if (!delivery
    ||  notify_emit (call, NULL, "notify.delivery_acknowledged", "delivery", key.text, delivery->version,
                     delivery->plant_code, &delivery->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &delivery->base);
    sf_pb_destroy (&delivery);
}

static void
s_send_test (sf_call_t *call)
{
    const Notify__SendTest *test = SF_CALL_BODY (call, Notify__SendTest);
    int found;
    Notify__UnitChannel *channel = s_channel_read (call->db, test->channel_id, false, &found);
    if (found < 0) {
        sf_call_fail_db (call, "reading a channel");
        return;
    }
    if (!channel) {
        sf_call_fail (call, SF_NOT_FOUND, &S_CHANNEL_UNKNOWN, (long long) test->channel_id);
        return;
    }
    if (!channel->enabled) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &S_CHANNEL_DISABLED, (long long) test->channel_id);
        sf_pb_destroy (&channel);
        return;
    }
    bool english = !strcmp (channel->language, "en");
    sf_org_node_t unit = { .plant_code = "" };
    char event_id [128];
    snprintf (event_id, sizeof event_id, "test:%s", call->request->request_id? call->request->request_id: "");
    s_int_t channel_id = s_int (channel->id), kind = s_int (channel->channel), now = s_int (sf_clock_now_ms ());
    const char *values [] = { event_id, channel->unit_code, unit.plant_code, kind.text, channel_id.text,
                              english? S_TEST_SUBJECT.en: S_TEST_SUBJECT.zh, english? S_TEST_TEXT.en: S_TEST_TEXT.zh,
                              now.text };
    sf_rows_t *rows = sf_org_find (call->db, channel->unit_code, &unit) < 0? NULL: sf_db_query (call->db,
        "INSERT INTO delivery (event_id, event_type, unit_code, plant_code, channel, channel_id, urgency, status,"
        " subject, text, next_attempt_ms, created_ms) VALUES ($1, 'notify.test', $2, $3, $4::smallint, $5::bigint,"
        " 2, 1, $6, $7, $8::bigint, $8::bigint) ON CONFLICT (event_id, unit_code, channel, escalation_step)"
        " DO UPDATE SET version = delivery.version RETURNING id", 8, values);
    sf_pb_destroy (&channel);
    int64_t id = rows && sf_rows_count (rows) == 1? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    Notify__Delivery *delivery = id? s_delivery_read (call->db, id, false, &found): NULL;
    if (!delivery)
        sf_call_fail_db (call, "queueing a test");
    else
        sf_call_reply (call, &delivery->base);
    sf_pb_destroy (&delivery);
}

#define S_ROUTE(name, reply_name, fn) \
    .request = &notify__##name##__descriptor, .reply = &notify__##reply_name##__descriptor, .handler = fn

const sf_route_t notify_log_routes [] = {
    { S_ROUTE (set_unit_channel, unit_channel, s_channel_set), .writes = true, .roles = S_ROLES_MANAGE,
      .required = "channel.unit_code,channel.url", .scope = "channel.unit_code", .secret = "channel.secret" },
    { S_ROUTE (remove_unit_channel, unit_channel, s_channel_remove), .writes = true, .roles = S_ROLES_MANAGE,
      .scope_of = s_channel_units },
    { S_ROUTE (list_unit_channels, unit_channel_list, s_channel_list), .required = "unit_code",
      .scope = "unit_code" },
    { S_ROUTE (list_deliveries, delivery_list, s_delivery_list), .required = "unit_code", .scope = "unit_code" },
    { S_ROUTE (get_delivery, delivery, s_delivery_get), .scope_of = s_delivery_units, .lookup = true },
    { S_ROUTE (acknowledge_delivery, delivery, s_delivery_acknowledge), .writes = true },
    { S_ROUTE (send_test, delivery, s_send_test), .writes = true, .roles = S_ROLES_MANAGE,
      .scope_of = s_channel_units },
    { 0 }
};
