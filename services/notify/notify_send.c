/*  notify_send: the sending job (README_sending.md). Each second, in the scheduler's
    transaction: first the deliveries claimed in the previous run are sent (their lease was
    committed with that run, so a crash mid-send resends at most once per lease, and the
    receiver recognises the delivery number / webhook-id), then due deliveries are claimed:
    quiet hours and the robots' per-minute limits push a delivery to when it may go, never
    drop it.                                                                                  */
#include "notify.h"
#include "notify_channel.h"
#include "notify_events.h"
#include "notify_http.h"
#include "notify_mail.h"
#include "notify_send.h"
#include "notify_store.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t id;
    int64_t lease_ms;
} s_claim_t;

struct _notify_sender_t {
    char *time_zone;
    char *mail_from;
    s_claim_t claims [NOTIFY_SEND_BATCH];
    size_t count;
};

//  The policy (notify_setting), read each claim pass.
typedef struct {
    int64_t dingtalk_per_minute, wecom_per_minute, feishu_per_minute, feishu_per_second;
    int64_t max_attempts, first_s, max_s;
    int64_t dingtalk_block_s;
} s_policy_t;

notify_sender_t *
notify_sender_new (const char *time_zone, const char *mail_from)
{
    notify_sender_t *self = calloc (1, sizeof *self);
    if (!self)
        abort ();
    self->time_zone = strdup (time_zone && *time_zone? time_zone: "Asia/Shanghai");
    self->mail_from = strdup (mail_from && *mail_from? mail_from: "sf-notify@localhost");
    return self;
}

void
notify_sender_destroy (notify_sender_t **self_p)
{
    if (!*self_p)
        return;
    free ((*self_p)->time_zone);
    free ((*self_p)->mail_from);
    free (*self_p);
    *self_p = NULL;
}

void
notify_sender_forget (notify_sender_t *self)
{
    self->count = 0;
}

size_t
notify_sender_pending (notify_sender_t *self)
{
    return self->count;
}

static int
s_policy (sf_db_t *db, s_policy_t *policy)
{
    *policy = (s_policy_t) { 20, 20, 100, 5, 12, 5, 3600, 600 };
    sf_rows_t *rows = sf_db_query (db, "SELECT key, value FROM notify_setting", 0, NULL);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        const char *key = sf_rows_text (rows, row, 0);
        int64_t value = sf_rows_int (rows, row, 1);
        if (!strcmp (key, "dingtalk_per_minute"))      policy->dingtalk_per_minute = value;
        else if (!strcmp (key, "wecom_per_minute"))    policy->wecom_per_minute = value;
        else if (!strcmp (key, "feishu_per_minute"))   policy->feishu_per_minute = value;
        else if (!strcmp (key, "feishu_per_second"))   policy->feishu_per_second = value;
        else if (!strcmp (key, "retry_max_attempts"))  policy->max_attempts = value;
        else if (!strcmp (key, "retry_first_seconds")) policy->first_s = value;
        else if (!strcmp (key, "retry_max_seconds"))   policy->max_s = value;
        else if (!strcmp (key, "dingtalk_block_seconds")) policy->dingtalk_block_s = value;
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  When the channel may send again under limit sends per window_ms: 0 now, else the time
//  the oldest send that counts leaves the window. -1 on a database error.
static int64_t
s_slot_free_ms (sf_db_t *db, const char *channel_id, int64_t now_ms, int64_t limit, int64_t window_ms)
{
    if (limit <= 0)
        return 0;
    char since [24], skip [24];
    snprintf (since, sizeof since, "%" PRId64, now_ms - window_ms);
    snprintf (skip, sizeof skip, "%" PRId64, limit - 1);
    const char *values [] = { channel_id, since, skip };
    sf_rows_t *rows = sf_db_query (db, "SELECT sent_ms FROM channel_send WHERE channel_id = $1::bigint"
                                       " AND sent_ms > $2::bigint ORDER BY sent_ms DESC OFFSET $3::bigint LIMIT 1",
                                   3, values);
    if (!rows)
        return -1;
    int64_t free_ms = sf_rows_count (rows) > 0? sf_rows_int (rows, 0, 0) + window_ms: 0;
    sf_rows_destroy (&rows);
    return free_ms;
}

//  Local minute of the day at now_ms in zone, or -1.
static int
s_local_minute (sf_db_t *db, const char *zone, int64_t now_ms)
{
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { now, zone };
    sf_rows_t *rows = sf_db_query (db, "SELECT (EXTRACT (hour FROM t) * 60 + EXTRACT (minute FROM t))::integer"
                                       " FROM (SELECT to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2 AS t) s",
                                   2, values);
    if (!rows)
        return -1;
    int minute = sf_rows_count (rows) > 0? (int) sf_rows_int (rows, 0, 0): -1;
    sf_rows_destroy (&rows);
    return minute;
}

static int
s_push (sf_db_t *db, const char *id, int64_t when_ms)
{
    char when [24];
    snprintf (when, sizeof when, "%" PRId64, when_ms);
    const char *values [] = { id, when };
    return sf_db_exec (db, "UPDATE delivery SET next_attempt_ms = $2::bigint WHERE id = $1::bigint", 2, values) == 1?
           0: -1;
}

int
notify_sender_claim (notify_sender_t *self, sf_db_t *db, int64_t now_ms)
{
    s_policy_t policy;
    if (s_policy (db, &policy) < 0)
        return -1;
    char now [24], limit [16], old [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (limit, sizeof limit, "%zu", (size_t) NOTIFY_SEND_BATCH - self->count);
    snprintf (old, sizeof old, "%" PRId64, now_ms - 120000);
    const char *old_values [] = { old };
    if (sf_db_exec (db, "DELETE FROM channel_send WHERE sent_ms < $1::bigint", 1, old_values) < 0)
        return -1;
    const char *values [] = { now, limit };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT d.id, d.channel, COALESCE (d.channel_id, 0), d.urgency, COALESCE (c.quiet_from, ''),"
        " COALESCE (c.quiet_to, ''), COALESCE (c.blocked_until_ms, 0),"
        " CASE WHEN d.channel = 2 AND c.format = 2 AND cardinality (c.recipients) > 0 THEN 2 ELSE 1 END"
        " FROM delivery d LEFT JOIN unit_channel c ON c.id = d.channel_id"
        " WHERE d.status IN (1, 4) AND d.next_attempt_ms <= $1::bigint ORDER BY d.next_attempt_ms, d.id"
        " LIMIT $2::integer FOR UPDATE OF d SKIP LOCKED", 2, values);
    if (!rows)
        return -1;
    int claimed = 0;
    int minute = -2;
    for (int row = 0; row < sf_rows_count (rows) && self->count < NOTIFY_SEND_BATCH; row++) {
        const char *id = sf_rows_text (rows, row, 0);
        int channel = (int) sf_rows_int (rows, row, 1);
        const char *channel_id = sf_rows_text (rows, row, 2);
        //  Quiet hours: a normal message waits until the window ends; urgent ones go.
        if (sf_rows_int (rows, row, 3) == NOTIFY__URGENCY__URGENCY_NORMAL && *sf_rows_text (rows, row, 4)) {
            if (minute == -2)
                minute = s_local_minute (db, self->time_zone, now_ms);
            int wait_min = 0;
            if (minute >= 0 && notify_send_quiet (minute, sf_rows_text (rows, row, 4), sf_rows_text (rows, row, 5),
                                                  &wait_min)) {
                if (s_push (db, id, now_ms - now_ms % 60000 + (int64_t) wait_min * 60000) < 0)
                    goto failed;
                continue;
            }
        }
        //  A robot the platform blocked (DingTalk's 130101): its deliveries wait until it may
        //  send again.
        int64_t blocked_until_ms = sf_rows_int (rows, row, 6);
        if (blocked_until_ms > now_ms) {
            if (s_push (db, id, blocked_until_ms) < 0)
                goto failed;
            continue;
        }
        //  The robot's limits: lock its row so two instances count the same sends. A WeCom
        //  markdown message with mentions is two messages (notify_channel.h): two slots.
        if (strcmp (channel_id, "0") != 0) {
            const char *lock_values [] = { channel_id };
            sf_rows_t *lock = sf_db_query (db, "SELECT id FROM unit_channel WHERE id = $1::bigint FOR UPDATE",
                                           1, lock_values);
            if (!lock)
                goto failed;
            sf_rows_destroy (&lock);
            int64_t messages = sf_rows_int (rows, row, 7);
            int64_t per_minute = channel == NOTIFY__CHANNEL__CHANNEL_DINGTALK? policy.dingtalk_per_minute
                               : channel == NOTIFY__CHANNEL__CHANNEL_WECOM? policy.wecom_per_minute
                               : channel == NOTIFY__CHANNEL__CHANNEL_FEISHU? policy.feishu_per_minute: 0;
            int64_t per_second = channel == NOTIFY__CHANNEL__CHANNEL_FEISHU? policy.feishu_per_second: 0;
            if (per_minute > 1)
                per_minute -= messages - 1;
            int64_t free_ms = s_slot_free_ms (db, channel_id, now_ms, per_minute, 60000);
            int64_t free_s_ms = s_slot_free_ms (db, channel_id, now_ms, per_second, 1000);
            if (free_ms < 0 || free_s_ms < 0)
                goto failed;
            if (free_s_ms > free_ms)
                free_ms = free_s_ms;
            if (free_ms > now_ms) {
                if (s_push (db, id, free_ms) < 0)
                    goto failed;
                continue;
            }
            const char *send_values [] = { channel_id, now, id };
            for (int64_t message = 0; message < messages; message++)
                if (sf_db_exec (db, "INSERT INTO channel_send (channel_id, sent_ms, delivery_id)"
                                    " VALUES ($1::bigint, $2::bigint, $3::bigint)", 3, send_values) != 1)
                    goto failed;
        }
        int64_t lease_ms = now_ms + NOTIFY_SEND_LEASE_MS;
        if (s_push (db, id, lease_ms) < 0)
            goto failed;
        self->claims [self->count].id = sf_rows_int (rows, row, 0);
        self->claims [self->count].lease_ms = lease_ms;
        self->count++;
        claimed++;
    }
    sf_rows_destroy (&rows);
    return claimed;
failed:
    sf_rows_destroy (&rows);
    return -1;
}

//  What sending a delivery reads: the delivery, then its channel's url, secret, recipients,
//  enabled, format and blocked_until_ms (columns NOTIFY_DELIVERY_COLUMN_COUNT + 0 .. 5).
#define S_SEND_COLUMNS \
    NOTIFY_DELIVERY_COLUMNS ", COALESCE (c.url, ''), COALESCE (c.secret, '')," \
    " array_to_string (COALESCE (c.recipients, '{}'), E'\\x1f'), COALESCE (c.enabled, false)," \
    " COALESCE (c.format, 1), COALESCE (c.blocked_until_ms, 0)"

//  POSTs json to target; the answer, with *http_status and detail set.
static notify_answer_t
s_post (int channel, const char *target, const char *const *headers, sf_json_t *json, long *http_status,
        char *detail, size_t detail_size)
{
    notify_http_result_t result;
    if (notify_http_post (target, headers, sf_json_text (json), sf_json_size (json), &result) < 0) {
        snprintf (detail, detail_size, "transport: %s", result.error);
        return NOTIFY_ANSWER_FAILED;
    }
    *http_status = result.status;
    snprintf (detail, detail_size, "http %ld: %.200s", result.status, result.answer);
    return notify_send_answer (channel, result.status, result.answer);
}

//  Sends the delivery of row (S_SEND_COLUMNS): the platform's answer, with *http_status and
//  detail set.
static notify_answer_t
s_deliver (notify_sender_t *self, sf_rows_t *rows, int64_t now_ms, long *http_status, char *detail,
           size_t detail_size)
{
    int channel = (int) sf_rows_int (rows, 0, 5);
    const char *url = sf_rows_text (rows, 0, NOTIFY_DELIVERY_COLUMN_COUNT);
    const char *secret = sf_rows_text (rows, 0, NOTIFY_DELIVERY_COLUMN_COUNT + 1);
    char **recipients = NULL;
    size_t recipient_count = 0;
    notify_store_split (sf_rows_text (rows, 0, NOTIFY_DELIVERY_COLUMN_COUNT + 2), &recipients, &recipient_count);
    notify_message_t message = {
        .id = sf_rows_int (rows, 0, 0), .event_id = sf_rows_text (rows, 0, 1), .event_type = sf_rows_text (rows, 0, 2),
        .unit_code = sf_rows_text (rows, 0, 3), .subject = sf_rows_text (rows, 0, 10),
        .text = sf_rows_text (rows, 0, 11), .link = sf_rows_text (rows, 0, 12),
        .recipients = (const char *const *) recipients, .recipient_count = recipient_count,
        .urgency = (int) sf_rows_int (rows, 0, 8)
    };
    //  Signatures carry the real time: the receivers compare it with theirs.
    int64_t wall_ms = sf_clock_wall_ms ();
    (void) now_ms;
    bool rich = sf_rows_int (rows, 0, NOTIFY_DELIVERY_COLUMN_COUNT + 4) == NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_RICH;
    *http_status = 0;
    notify_answer_t answer = NOTIFY_ANSWER_FAILED;
    if (channel == NOTIFY__CHANNEL__CHANNEL_EMAIL) {
        if (notify_mail_send (url, secret, self->mail_from, &message, wall_ms, detail, detail_size) == 0) {
            answer = NOTIFY_ANSWER_ACCEPTED;
            *http_status = 250;
            detail [0] = 0;
        }
    }
    else {
        sf_json_t *json = sf_json_new ();
        char *target = NULL;
        const char *headers [4] = { NULL };
        char id_line [64], ts_line [64], sig_line [96];
        int built = 0;
        if (channel == NOTIFY__CHANNEL__CHANNEL_DINGTALK) {
            if (rich)
                notify_channel_dingtalk_markdown_body (json, &message);
            else
                notify_channel_dingtalk_body (json, &message);
            target = notify_channel_dingtalk_url (url, secret, wall_ms);
        }
        else if (channel == NOTIFY__CHANNEL__CHANNEL_WECOM) {
            if (rich)
                notify_channel_wecom_markdown_body (json, &message);
            else
                notify_channel_wecom_body (json, &message);
            target = strdup (url);
        }
        else if (channel == NOTIFY__CHANNEL__CHANNEL_FEISHU) {
            if (rich)
                notify_channel_feishu_post_body (json, &message, secret, wall_ms);
            else
                notify_channel_feishu_body (json, &message, secret, wall_ms);
            target = strdup (url);
        }
        else if (channel == NOTIFY__CHANNEL__CHANNEL_WEBHOOK) {
            notify_webhook_headers_t webhook;
            built = notify_channel_webhook (json, &webhook, &message, secret, wall_ms);
            snprintf (id_line, sizeof id_line, "webhook-id: %s", webhook.id);
            snprintf (ts_line, sizeof ts_line, "webhook-timestamp: %s", webhook.timestamp);
            snprintf (sig_line, sizeof sig_line, "webhook-signature: %s", webhook.signature);
            headers [0] = id_line;
            headers [1] = ts_line;
            headers [2] = *webhook.signature? sig_line: NULL;
            target = strdup (url);
        }
        if (!target || built < 0)
            snprintf (detail, detail_size, "%s", "cannot build the request (channel secret malformed)");
        else
            answer = s_post (channel, target, headers, json, http_status, detail, detail_size);
        if (answer == NOTIFY_ANSWER_ACCEPTED)
            detail [0] = 0;
        //  WeCom's markdown cannot @ a mobile number: a short text that does follows it. The
        //  delivery is the markdown; a mention that fails is noted, never sent again.
        if (answer == NOTIFY_ANSWER_ACCEPTED && rich && channel == NOTIFY__CHANNEL__CHANNEL_WECOM
        &&  recipient_count > 0) {
            long mention_status = 0;
            char mention [256];
            notify_channel_wecom_mention_body (json, &message);
            if (s_post (channel, target, NULL, json, &mention_status, mention, sizeof mention)
                != NOTIFY_ANSWER_ACCEPTED)
                snprintf (detail, detail_size, "mention not sent: %s", mention);
        }
        free (target);
        sf_json_destroy (&json);
    }
    for (size_t index = 0; index < recipient_count; index++)
        free (recipients [index]);
    free (recipients);
    return answer;
}

//  Records attempt number attempt of delivery id.
static int
s_attempt (sf_db_t *db, const char *id, int attempt, int64_t started_ms, int64_t took_ms, long status,
           const char *outcome, const char *detail)
{
    char number [16], started [24], took [24], http [16];
    snprintf (number, sizeof number, "%d", attempt);
    snprintf (started, sizeof started, "%" PRId64, started_ms);
    snprintf (took, sizeof took, "%" PRId64, took_ms);
    snprintf (http, sizeof http, "%ld", status);
    const char *values [] = { id, number, started, took, http, outcome, detail };
    return sf_db_exec (db, "INSERT INTO delivery_attempt (delivery_id, attempt, started_ms, took_ms, http_status,"
                           " outcome, detail) VALUES ($1::bigint, $2::integer, $3::bigint, $4::integer,"
                           " $5::integer, $6, $7) ON CONFLICT DO NOTHING", 7, values) < 0? -1: 0;
}

//  The delivery.gave_up event with the delivery as its payload.
static int
s_gave_up_event (sf_db_t *db, const char *id)
{
    const char *values [] = { id };
    sf_rows_t *rows = sf_db_query (db, "SELECT " NOTIFY_DELIVERY_COLUMNS " FROM delivery d WHERE d.id = $1::bigint",
                                   1, values);
    if (!rows || sf_rows_count (rows) != 1) {
        sf_rows_destroy (&rows);
        return -1;
    }
    Notify__Delivery *delivery = notify_delivery_from_row (rows, 0, 0);
    int rc = notify_emit (NULL, db, "notify.delivery_gave_up", "delivery", id, delivery->version,
                          delivery->plant_code, &delivery->base);
    notify__delivery__free_unpacked (delivery, NULL);
    sf_rows_destroy (&rows);
    return rc;
}

int
notify_sender_send (notify_sender_t *self, sf_db_t *db, int64_t now_ms)
{
    s_policy_t policy;
    if (self->count == 0)
        return 0;
    if (s_policy (db, &policy) < 0)
        return -1;
    int sent = 0;
    for (size_t index = 0; index < self->count; index++) {
        char id [24], lease [24];
        snprintf (id, sizeof id, "%" PRId64, self->claims [index].id);
        snprintf (lease, sizeof lease, "%" PRId64, self->claims [index].lease_ms);
        const char *values [] = { id, lease };
        //  Still ours: nobody changed it since our lease (acknowledged, re-claimed...).
        sf_rows_t *rows = sf_db_query (db,
            "SELECT " S_SEND_COLUMNS " FROM delivery d LEFT JOIN unit_channel c ON c.id = d.channel_id"
            " WHERE d.id = $1::bigint AND d.status IN (1, 4) AND d.next_attempt_ms = $2::bigint"
            " FOR UPDATE OF d SKIP LOCKED", 2, values);
        if (!rows)
            goto failed;
        if (sf_rows_count (rows) == 0) {
            sf_rows_destroy (&rows);
            continue;
        }
        //  Its robot was blocked after we claimed it (an earlier delivery of this run got
        //  130101): it waits, queued, without an attempt.
        int64_t blocked_until_ms = sf_rows_int (rows, 0, NOTIFY_DELIVERY_COLUMN_COUNT + 5);
        if (blocked_until_ms > now_ms) {
            sf_rows_destroy (&rows);
            if (s_push (db, id, blocked_until_ms) < 0)
                goto failed;
            continue;
        }
        int attempt = (int) sf_rows_int (rows, 0, 13) + 1;
        char channel_key [24];
        snprintf (channel_key, sizeof channel_key, "%s", sf_rows_text (rows, 0, 6));
        int64_t started_ms = now_ms;
        int64_t mono = sf_clock_mono_ms ();
        long http_status = 0;
        char detail [512] = "";
        notify_answer_t answer = NOTIFY_ANSWER_FAILED;
        bool refused = !sf_rows_bool (rows, 0, NOTIFY_DELIVERY_COLUMN_COUNT + 3);
        if (refused)
            snprintf (detail, sizeof detail, "%s", "the unit's channel is removed or disabled");
        else
            answer = s_deliver (self, rows, now_ms, &http_status, detail, sizeof detail);
        int64_t took_ms = sf_clock_mono_ms () - mono;
        sf_rows_destroy (&rows);
        char number [16], now [24];
        snprintf (number, sizeof number, "%d", attempt);
        snprintf (now, sizeof now, "%" PRId64, now_ms);
        if (answer == NOTIFY_ANSWER_ACCEPTED) {
            const char *done [] = { id, number, now };
            if (sf_db_exec (db, "UPDATE delivery SET status = 3, sent_ms = $3::bigint, attempts = $2::integer,"
                                " last_error_zh = '', last_error_en = '', version = version + 1"
                                " WHERE id = $1::bigint", 3, done) != 1
                || s_attempt (db, id, attempt, started_ms, took_ms, http_status, "sent", detail) < 0)
                goto failed;
            sent++;
            continue;
        }
        bool give_up = refused || notify_send_gives_up (answer, attempt, policy.max_attempts);
        int64_t next_ms = notify_send_retry_at (answer, attempt, now_ms, policy.first_s, policy.max_s,
                                                policy.dingtalk_block_s);
        char next [24];
        snprintf (next, sizeof next, "%" PRId64, next_ms);
        //  The platform blocked the robot: nothing goes to it before then, whatever is queued.
        if (answer == NOTIFY_ANSWER_BLOCKED) {
            char until [24];
            snprintf (until, sizeof until, "%" PRId64, now_ms + policy.dingtalk_block_s * 1000);
            const char *block_values [] = { channel_key, until };
            if (sf_db_exec (db, "UPDATE unit_channel SET blocked_until_ms = greatest (blocked_until_ms, $2::bigint)"
                                " WHERE id = $1::bigint", 2, block_values) < 0)
                goto failed;
            sf_warn ("channel %s (DingTalk) blocked for %" PRId64 " s: it answered 130101 to delivery %s",
                     channel_key, policy.dingtalk_block_s, id);
        }
        char error_zh [700], error_en [700];
        snprintf (error_zh, sizeof error_zh, "第 %d 次发送失败：%s%s", attempt, detail,
                  answer == NOTIFY_ANSWER_BLOCKED? "（机器人发送过快被平台限流，暂停发送）": "");
        snprintf (error_en, sizeof error_en, "attempt %d failed: %s%s", attempt, detail,
                  answer == NOTIFY_ANSWER_BLOCKED? " (the platform blocked the robot for sending too fast: paused)": "");
        const char *failed_values [] = { id, number, next, error_zh, error_en, give_up? "5": "4" };
        if (sf_db_exec (db, "UPDATE delivery SET status = $6::smallint, attempts = $2::integer,"
                            " next_attempt_ms = $3::bigint, last_error_zh = $4, last_error_en = $5,"
                            " version = version + 1 WHERE id = $1::bigint", 6, failed_values) != 1
            || s_attempt (db, id, attempt, started_ms, took_ms, http_status,
                          refused? "refused": answer == NOTIFY_ANSWER_FAILED? "failed": "rate_limited", detail) < 0)
            goto failed;
        if (give_up) {
            if (s_gave_up_event (db, id) < 0)
                goto failed;
            sf_warn ("delivery %s gave up after %d attempts: %s", id, attempt, detail);
        }
        else
            sf_info ("delivery %s attempt %d failed, retrying: %s", id, attempt, detail);
    }
    self->count = 0;
    return sent;
failed:
    self->count = 0;
    return -1;
}

static int
s_run (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    notify_sender_t *sender = arg;
    int64_t now_ms = sf_clock_now_ms ();
    //  What the last run claimed: its leases are committed, the network calls are safe.
    if (notify_sender_send (sender, db, now_ms) < 0)
        return -1;
    //  A failed claim must not roll back what was just sent and recorded.
    if (sf_db_savepoint (db, "notify_claim") < 0)
        return -1;
    if (notify_sender_claim (sender, db, now_ms) < 0) {
        notify_sender_forget (sender);
        if (sf_db_rollback_to_savepoint (db, "notify_claim") < 0)
            return -1;
    }
    return sf_db_release_savepoint (db, "notify_claim") < 0? -1: 0;
}

void
notify_send_register (notify_state_t *state, sf_scheduler_t *scheduler)
{
    static notify_sender_t *sender;
    notify_sender_destroy (&sender);
    sender = notify_sender_new (state->time_zone, state->mail_from);
    sf_scheduler_every (scheduler, NOTIFY_SEND_JOB, NOTIFY_SEND_PERIOD_MS, 0, s_run, sender);
}
