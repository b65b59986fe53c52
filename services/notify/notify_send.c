/*  notify_send: the sending job (README_sending.md). Each run, until nothing is due or the
    run's time (NOTIFY_SEND_RUN_MS) is up, batch after batch: claim due deliveries and commit their leases (quiet hours and the
    robots' limits push a delivery to when it may go, never drop it); then, outside any
    transaction, send them, many at once (libcurl multi, one request at a time per channel
    so each robot gets its messages in order); then record the outcomes in a second
    transaction. A crash between the two commits resends at most one batch, once, when the
    leases run out, and the receiver recognises the delivery number / webhook-id.            */
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
    notify_http_t *http;        //  its connections outlive a run
    s_claim_t claims [NOTIFY_SEND_BATCH];
    size_t count;
    int64_t claimed_mono_ms;    //  when the claims' leases were taken
    bool found;                 //  the last claim found deliveries due: more may have come
};

//  The policy (notify_setting), read each claim pass.
typedef struct {
    int64_t dingtalk_per_minute, wecom_per_minute, feishu_per_minute, feishu_per_second;
    int64_t max_attempts, first_s, max_s;
    int64_t dingtalk_block_s;
    int64_t concurrency;        //  HTTP requests in flight at most (send_concurrency)
} s_policy_t;

notify_sender_t *
notify_sender_new (const char *time_zone, const char *mail_from)
{
    notify_sender_t *self = calloc (1, sizeof *self);
    if (!self)
        abort ();
    self->time_zone = strdup (time_zone && *time_zone? time_zone: "Asia/Shanghai");
    self->mail_from = strdup (mail_from && *mail_from? mail_from: "sf-notify@localhost");
    self->http = notify_http_new ();
    return self;
}

void
notify_sender_destroy (notify_sender_t **self_p)
{
    if (!*self_p)
        return;
    free ((*self_p)->time_zone);
    free ((*self_p)->mail_from);
    notify_http_destroy (&(*self_p)->http);
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
    *policy = (s_policy_t) { 20, 20, 100, 5, 12, 5, 3600, 600, 16 };
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
        else if (!strcmp (key, "send_concurrency"))    policy->concurrency = value;
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
    self->found = sf_rows_count (rows) > 0;
    if (self->count == 0)
        self->claimed_mono_ms = sf_clock_mono_ms ();
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
#define S_URL NOTIFY_DELIVERY_COLUMN_COUNT
#define S_SECRET (NOTIFY_DELIVERY_COLUMN_COUNT + 1)
#define S_RECIPIENTS (NOTIFY_DELIVERY_COLUMN_COUNT + 2)
#define S_ENABLED (NOTIFY_DELIVERY_COLUMN_COUNT + 3)
#define S_FORMAT (NOTIFY_DELIVERY_COLUMN_COUNT + 4)
#define S_BLOCKED_UNTIL (NOTIFY_DELIVERY_COLUMN_COUNT + 5)

//  Where a claimed delivery is in this run.
typedef enum {
    S_LEFT,                     //  not sent: no longer ours, or the run is past half the lease
    S_WAITING,                  //  to send
    S_IN_FLIGHT,
    S_DONE,                     //  sent or refused: answer, status and detail are its outcome
    S_HELD                      //  its robot is blocked: wait until held_until_ms, no attempt
} s_stage_t;

//  One claimed delivery on its way: the request built from its row, then the outcome.
typedef struct {
    int64_t id, lease_ms;
    int row;                    //  in the rows read, -1 none
    int channel;                //  notify.Channel
    int64_t channel_id;
    bool rich;
    notify_message_t message;
    char **recipients;
    size_t recipient_count;
    char *target;               //  the (signed) URL
    sf_json_t *json;
    char header_lines [3][96];
    const char *headers [4];
    bool mention;               //  WeCom's mention text is the request in flight
    s_stage_t stage;
    bool refused;               //  the channel is removed or disabled
    notify_answer_t answer;
    long http_status;
    char detail [512];
    int64_t started_mono_ms, took_ms;
    int64_t held_until_ms;
} s_job_t;

//  A robot the platform blocked during this run: nothing more goes to it.
typedef struct {
    int64_t channel_id;
    int64_t until_ms;
} s_block_t;

//  The request of job (an HTTP channel): target, json and headers. 0, or -1 when it cannot
//  be built (job done, failed, with the reason).
static int
s_build (s_job_t *job, sf_rows_t *rows)
{
    const char *url = sf_rows_text (rows, job->row, S_URL);
    const char *secret = sf_rows_text (rows, job->row, S_SECRET);
    //  Signatures carry the real time: the receivers compare it with theirs.
    int64_t wall_ms = sf_clock_wall_ms ();
    job->json = sf_json_new ();
    int built = 0;
    if (job->channel == NOTIFY__CHANNEL__CHANNEL_DINGTALK) {
        if (job->rich)
            notify_channel_dingtalk_markdown_body (job->json, &job->message);
        else
            notify_channel_dingtalk_body (job->json, &job->message);
        job->target = notify_channel_dingtalk_url (url, secret, wall_ms);
    }
    else if (job->channel == NOTIFY__CHANNEL__CHANNEL_WECOM) {
        if (job->rich)
            notify_channel_wecom_markdown_body (job->json, &job->message);
        else
            notify_channel_wecom_body (job->json, &job->message);
        job->target = strdup (url);
    }
    else if (job->channel == NOTIFY__CHANNEL__CHANNEL_FEISHU) {
        if (job->rich)
            notify_channel_feishu_post_body (job->json, &job->message, secret, wall_ms);
        else
            notify_channel_feishu_body (job->json, &job->message, secret, wall_ms);
        job->target = strdup (url);
    }
    else if (job->channel == NOTIFY__CHANNEL__CHANNEL_WEBHOOK) {
        notify_webhook_headers_t webhook;
        built = notify_channel_webhook (job->json, &webhook, &job->message, secret, wall_ms);
        snprintf (job->header_lines [0], sizeof job->header_lines [0], "webhook-id: %s", webhook.id);
        snprintf (job->header_lines [1], sizeof job->header_lines [1], "webhook-timestamp: %s", webhook.timestamp);
        snprintf (job->header_lines [2], sizeof job->header_lines [2], "webhook-signature: %s", webhook.signature);
        job->headers [0] = job->header_lines [0];
        job->headers [1] = job->header_lines [1];
        job->headers [2] = *webhook.signature? job->header_lines [2]: NULL;
        job->target = strdup (url);
    }
    if (job->target && built == 0)
        return 0;
    snprintf (job->detail, sizeof job->detail, "%s", "cannot build the request (channel secret malformed)");
    job->answer = NOTIFY_ANSWER_FAILED;
    job->stage = S_DONE;
    return -1;
}

//  The jobs of the claims still leased to us, from their rows (read outside a transaction:
//  the lease keeps other runs off them).
static sf_rows_t *
s_jobs (notify_sender_t *self, sf_db_t *db, s_job_t *jobs, int64_t now_ms)
{
    int64_t ids [NOTIFY_SEND_BATCH];
    for (size_t index = 0; index < self->count; index++)
        ids [index] = self->claims [index].id;
    char *array = sf_db_int_array_literal (ids, self->count);
    const char *values [] = { array };
    sf_rows_t *rows = sf_db_query (db, "SELECT " S_SEND_COLUMNS " FROM delivery d"
                                       " LEFT JOIN unit_channel c ON c.id = d.channel_id"
                                       " WHERE d.id = ANY ($1::bigint[]) AND d.status IN (1, 4)", 1, values);
    free (array);
    if (!rows)
        return NULL;
    for (size_t index = 0; index < self->count; index++) {
        s_job_t *job = &jobs [index];
        *job = (s_job_t) { .id = self->claims [index].id, .lease_ms = self->claims [index].lease_ms, .row = -1 };
        for (int row = 0; row < sf_rows_count (rows); row++)
            if (sf_rows_int (rows, row, 0) == job->id && sf_rows_int (rows, row, 14) == job->lease_ms)
                job->row = row;
        if (job->row < 0)
            continue;
        int row = job->row;
        job->stage = S_WAITING;
        job->channel = (int) sf_rows_int (rows, row, 5);
        job->channel_id = sf_rows_int (rows, row, 6);
        job->rich = sf_rows_int (rows, row, S_FORMAT) == NOTIFY__MESSAGE_FORMAT__MESSAGE_FORMAT_RICH;
        notify_store_split (sf_rows_text (rows, row, S_RECIPIENTS), &job->recipients, &job->recipient_count);
        job->message = (notify_message_t) {
            .id = job->id, .event_id = sf_rows_text (rows, row, 1), .event_type = sf_rows_text (rows, row, 2),
            .unit_code = sf_rows_text (rows, row, 3), .subject = sf_rows_text (rows, row, 10),
            .text = sf_rows_text (rows, row, 11), .link = sf_rows_text (rows, row, 12),
            .recipients = (const char *const *) job->recipients, .recipient_count = job->recipient_count,
            .urgency = (int) sf_rows_int (rows, row, 8)
        };
        job->answer = NOTIFY_ANSWER_FAILED;
        if (!sf_rows_bool (rows, row, S_ENABLED)) {
            job->refused = true;
            job->stage = S_DONE;
            snprintf (job->detail, sizeof job->detail, "%s", "the unit's channel is removed or disabled");
        }
        //  Its robot was blocked after we claimed it: it waits, queued, without an attempt.
        else if (sf_rows_int (rows, row, S_BLOCKED_UNTIL) > now_ms) {
            job->stage = S_HELD;
            job->held_until_ms = sf_rows_int (rows, row, S_BLOCKED_UNTIL);
        }
    }
    return rows;
}

static void
s_job_release (s_job_t *job)
{
    for (size_t index = 0; index < job->recipient_count; index++)
        free (job->recipients [index]);
    free (job->recipients);
    free (job->target);
    sf_json_destroy (&job->json);
}

//  Until when channel_id is blocked in this run (the platform's block, or 130101 answered
//  to an earlier delivery of the run); 0 not.
static int64_t
s_blocked_until (const s_block_t *blocks, size_t block_count, int64_t channel_id)
{
    for (size_t index = 0; index < block_count; index++)
        if (blocks [index].channel_id == channel_id)
            return blocks [index].until_ms;
    return 0;
}

static bool
s_channel_busy (const s_job_t *jobs, size_t count, int64_t channel_id)
{
    for (size_t index = 0; index < count; index++)
        if (jobs [index].stage == S_IN_FLIGHT && jobs [index].channel_id == channel_id)
            return true;
    return false;
}

//  Whether the run may still start a send: within half the lease, so that what it sends is
//  recorded long before another run may claim the delivery again.
static bool
s_in_time (notify_sender_t *self)
{
    return sf_clock_mono_ms () - self->claimed_mono_ms < NOTIFY_SEND_LEASE_MS / 2;
}

//  An HTTP answer (or transport failure rc -1) of job's request: its outcome. A WeCom rich
//  message with recipients is followed by the text that @s them (WeCom's markdown cannot):
//  then true, the mention being in flight.
static bool
s_answered (notify_sender_t *self, s_job_t *job, const notify_http_result_t *result, int rc)
{
    if (job->mention) {
        //  The delivery is the markdown: a mention that fails is noted, never sent again.
        if (rc < 0)
            snprintf (job->detail, sizeof job->detail, "mention not sent: transport: %s", result->error);
        else if (notify_send_answer (job->channel, result->status, result->answer) != NOTIFY_ANSWER_ACCEPTED)
            snprintf (job->detail, sizeof job->detail, "mention not sent: http %ld: %.200s", result->status,
                      result->answer);
        return false;
    }
    if (rc < 0) {
        snprintf (job->detail, sizeof job->detail, "transport: %s", result->error);
        job->answer = NOTIFY_ANSWER_FAILED;
        return false;
    }
    job->http_status = result->status;
    job->answer = notify_send_answer (job->channel, result->status, result->answer);
    if (job->answer != NOTIFY_ANSWER_ACCEPTED) {
        snprintf (job->detail, sizeof job->detail, "http %ld: %.200s", result->status, result->answer);
        return false;
    }
    if (!job->rich || job->channel != NOTIFY__CHANNEL__CHANNEL_WECOM || job->recipient_count == 0)
        return false;
    notify_channel_wecom_mention_body (job->json, &job->message);
    job->mention = true;
    notify_http_result_t failed;
    if (notify_http_start (self->http, job->target, NULL, sf_json_text (job->json), sf_json_size (job->json), job,
                           &failed) == 0)
        return true;
    snprintf (job->detail, sizeof job->detail, "mention not sent: transport: %s", failed.error);
    return false;
}

//  Sends the HTTP jobs, at most concurrency at once and one at a time per channel (in claim
//  order), until each is done, held by its robot's block, or left for want of time.
static void
s_send_http (notify_sender_t *self, sf_rows_t *rows, s_job_t *jobs, size_t count, int64_t concurrency,
             s_block_t *blocks, size_t *block_count, int64_t now_ms, int64_t block_s)
{
    if (concurrency < 1)
        concurrency = 1;
    while (true) {
        for (size_t index = 0; index < count; index++) {
            s_job_t *job = &jobs [index];
            if (job->stage != S_WAITING || job->channel == NOTIFY__CHANNEL__CHANNEL_EMAIL)
                continue;
            int64_t until_ms = s_blocked_until (blocks, *block_count, job->channel_id);
            if (until_ms > now_ms) {
                job->stage = S_HELD;
                job->held_until_ms = until_ms;
                continue;
            }
            if (!s_in_time (self)) {
                job->stage = S_LEFT;
                continue;
            }
            if ((int64_t) notify_http_in_flight (self->http) >= concurrency
            ||  s_channel_busy (jobs, count, job->channel_id))
                continue;
            if (s_build (job, rows) < 0)
                continue;
            notify_http_result_t failed;
            job->started_mono_ms = sf_clock_mono_ms ();
            if (notify_http_start (self->http, job->target, job->headers, sf_json_text (job->json),
                                   sf_json_size (job->json), job, &failed) < 0) {
                snprintf (job->detail, sizeof job->detail, "transport: %s", failed.error);
                job->stage = S_DONE;
                continue;
            }
            job->stage = S_IN_FLIGHT;
        }
        void *tag = NULL;
        notify_http_result_t result;
        int rc = 0;
        if (notify_http_next (self->http, &tag, &result, &rc) == 0)
            break;
        s_job_t *job = tag;
        if (s_answered (self, job, &result, rc))
            continue;
        job->took_ms = sf_clock_mono_ms () - job->started_mono_ms;
        job->stage = S_DONE;
        if (job->answer == NOTIFY_ANSWER_ACCEPTED && !job->mention)
            job->detail [0] = 0;
        //  The platform blocked the robot: nothing more goes to it in this run.
        if (job->answer == NOTIFY_ANSWER_BLOCKED && *block_count < NOTIFY_SEND_BATCH) {
            blocks [*block_count].channel_id = job->channel_id;
            blocks [*block_count].until_ms = now_ms + block_s * 1000;
            (*block_count)++;
        }
    }
}

//  Emails, one at a time (SMTP sessions are few and slow to open; no robot limit applies).
static void
s_send_mail (notify_sender_t *self, sf_rows_t *rows, s_job_t *jobs, size_t count)
{
    for (size_t index = 0; index < count; index++) {
        s_job_t *job = &jobs [index];
        if (job->stage != S_WAITING || job->channel != NOTIFY__CHANNEL__CHANNEL_EMAIL)
            continue;
        if (!s_in_time (self)) {
            job->stage = S_LEFT;
            continue;
        }
        job->started_mono_ms = sf_clock_mono_ms ();
        if (notify_mail_send (sf_rows_text (rows, job->row, S_URL), sf_rows_text (rows, job->row, S_SECRET),
                              self->mail_from, &job->message, sf_clock_wall_ms (), job->detail,
                              sizeof job->detail) == 0) {
            job->answer = NOTIFY_ANSWER_ACCEPTED;
            job->http_status = 250;
            job->detail [0] = 0;
        }
        job->took_ms = sf_clock_mono_ms () - job->started_mono_ms;
        job->stage = S_DONE;
    }
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

//  Records the outcome of a done job (row read as S_SEND_COLUMNS), guarded by its lease: a
//  delivery that is no longer ours keeps what its new owner wrote. 1 sent, 0 not, -1 on a
//  database error.
static int
s_record (sf_db_t *db, const s_job_t *job, sf_rows_t *rows, const s_policy_t *policy, int64_t now_ms)
{
    char id [24], lease [24], number [16], now [24];
    int attempt = (int) sf_rows_int (rows, job->row, 13) + 1;
    snprintf (id, sizeof id, "%" PRId64, job->id);
    snprintf (lease, sizeof lease, "%" PRId64, job->lease_ms);
    snprintf (number, sizeof number, "%d", attempt);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    if (job->answer == NOTIFY_ANSWER_ACCEPTED) {
        const char *done [] = { id, number, now, lease };
        int64_t updated = sf_db_exec (db, "UPDATE delivery SET status = 3, sent_ms = $3::bigint, attempts = $2::integer,"
                                          " last_error_zh = '', last_error_en = '', version = version + 1"
                                          " WHERE id = $1::bigint AND status IN (1, 4)"
                                          " AND next_attempt_ms = $4::bigint", 4, done);
        if (updated < 0)
            return -1;
        if (updated == 0) {
            sf_warn ("delivery %s was sent but is no longer ours (its lease ran out): not recorded", id);
            return 0;
        }
        return s_attempt (db, id, attempt, now_ms, job->took_ms, job->http_status, "sent", job->detail) < 0? -1: 1;
    }
    bool give_up = job->refused || notify_send_gives_up (job->answer, attempt, policy->max_attempts);
    int64_t next_ms = notify_send_retry_at (job->answer, attempt, now_ms, policy->first_s, policy->max_s,
                                            policy->dingtalk_block_s);
    char next [24];
    snprintf (next, sizeof next, "%" PRId64, next_ms);
    char error_zh [700], error_en [700];
    snprintf (error_zh, sizeof error_zh, "第 %d 次发送失败：%s%s", attempt, job->detail,
              job->answer == NOTIFY_ANSWER_BLOCKED? "（机器人发送过快被平台限流，暂停发送）": "");
    snprintf (error_en, sizeof error_en, "attempt %d failed: %s%s", attempt, job->detail,
              job->answer == NOTIFY_ANSWER_BLOCKED? " (the platform blocked the robot for sending too fast: paused)": "");
    const char *failed_values [] = { id, number, next, error_zh, error_en, give_up? "5": "4", lease };
    int64_t updated = sf_db_exec (db, "UPDATE delivery SET status = $6::smallint, attempts = $2::integer,"
                                      " next_attempt_ms = $3::bigint, last_error_zh = $4, last_error_en = $5,"
                                      " version = version + 1 WHERE id = $1::bigint AND status IN (1, 4)"
                                      " AND next_attempt_ms = $7::bigint", 7, failed_values);
    if (updated < 0)
        return -1;
    if (updated == 0) {
        sf_warn ("delivery %s attempt %d failed but is no longer ours (its lease ran out): not recorded", id, attempt);
        return 0;
    }
    if (s_attempt (db, id, attempt, now_ms, job->took_ms, job->http_status,
                   job->refused? "refused": job->answer == NOTIFY_ANSWER_FAILED? "failed": "rate_limited",
                   job->detail) < 0)
        return -1;
    //  The platform blocked the robot: nothing goes to it before then, whatever is queued.
    if (job->answer == NOTIFY_ANSWER_BLOCKED) {
        char channel_id [24], until [24];
        snprintf (channel_id, sizeof channel_id, "%" PRId64, job->channel_id);
        snprintf (until, sizeof until, "%" PRId64, now_ms + policy->dingtalk_block_s * 1000);
        const char *block_values [] = { channel_id, until };
        if (sf_db_exec (db, "UPDATE unit_channel SET blocked_until_ms = greatest (blocked_until_ms, $2::bigint)"
                            " WHERE id = $1::bigint", 2, block_values) < 0)
            return -1;
        sf_warn ("channel %s (DingTalk) blocked for %" PRId64 " s: it answered 130101 to delivery %s",
                 channel_id, policy->dingtalk_block_s, id);
    }
    if (give_up) {
        if (s_gave_up_event (db, id) < 0)
            return -1;
        sf_warn ("delivery %s gave up after %d attempts: %s", id, attempt, job->detail);
    }
    else
        sf_info ("delivery %s attempt %d failed, retrying: %s", id, attempt, job->detail);
    return 0;
}

//  The robots' rate slots of the jobs sent move to when the sends had ended (done_ms, the
//  real time after the network; a test's frozen clock leaves them where they were): a
//  platform counts a message when it arrives, and every arrival lies before done_ms, so a
//  window counted from the slots never holds more than the limit, however long a send took.
static int
s_slots_to (sf_db_t *db, const s_job_t *jobs, size_t count, int64_t now_ms, int64_t done_ms)
{
    if (done_ms <= now_ms)
        return 0;
    int64_t ids [NOTIFY_SEND_BATCH], channels [NOTIFY_SEND_BATCH];
    size_t limited = 0;
    for (size_t index = 0; index < count; index++)
        if (jobs [index].stage == S_DONE && jobs [index].channel_id != 0
        &&  jobs [index].channel != NOTIFY__CHANNEL__CHANNEL_WEBHOOK
        &&  jobs [index].channel != NOTIFY__CHANNEL__CHANNEL_EMAIL) {
            ids [limited] = jobs [index].id;
            channels [limited++] = jobs [index].channel_id;
        }
    if (limited == 0)
        return 0;
    char *id_array = sf_db_int_array_literal (ids, limited);
    char *channel_array = sf_db_int_array_literal (channels, limited);
    char done [24];
    snprintf (done, sizeof done, "%" PRId64, done_ms);
    const char *values [] = { done, id_array, channel_array };
    int64_t moved = sf_db_exec (db, "UPDATE channel_send SET sent_ms = greatest (sent_ms, $1::bigint)"
                                    " WHERE channel_id = ANY ($3::bigint[]) AND delivery_id = ANY ($2::bigint[])",
                                3, values);
    free (id_array);
    free (channel_array);
    return moved < 0? -1: 0;
}

int
notify_sender_send (notify_sender_t *self, sf_db_t *db, int64_t now_ms)
{
    if (self->count == 0)
        return 0;
    s_policy_t policy;
    if (s_policy (db, &policy) < 0) {
        self->count = 0;
        return -1;
    }
    s_job_t jobs [NOTIFY_SEND_BATCH];
    size_t count = self->count;
    sf_rows_t *rows = s_jobs (self, db, jobs, now_ms);
    self->count = 0;
    if (!rows)
        return -1;
    s_block_t blocks [NOTIFY_SEND_BATCH];
    size_t block_count = 0;
    s_send_http (self, rows, jobs, count, policy.concurrency, blocks, &block_count, now_ms, policy.dingtalk_block_s);
    s_send_mail (self, rows, jobs, count);
    int64_t done_ms = sf_clock_now_ms ();
    //  The outcomes, in a transaction of their own: a crash before its commit resends these
    //  once their leases run out.
    int sent = 0;
    int rc = sf_db_begin (db);
    for (size_t index = 0; index < count && rc == 0; index++) {
        s_job_t *job = &jobs [index];
        if (job->stage == S_DONE) {
            int recorded = s_record (db, job, rows, &policy, now_ms);
            if (recorded < 0)
                rc = -1;
            sent += recorded > 0;
        }
        else if (job->stage == S_HELD) {
            char id [24], when [24], lease [24];
            snprintf (id, sizeof id, "%" PRId64, job->id);
            snprintf (when, sizeof when, "%" PRId64, job->held_until_ms);
            snprintf (lease, sizeof lease, "%" PRId64, job->lease_ms);
            const char *values [] = { id, when, lease };
            if (sf_db_exec (db, "UPDATE delivery SET next_attempt_ms = $2::bigint WHERE id = $1::bigint"
                                " AND status IN (1, 4) AND next_attempt_ms = $3::bigint", 3, values) < 0)
                rc = -1;
        }
    }
    if (rc == 0)
        rc = s_slots_to (db, jobs, count, now_ms, done_ms);
    if (rc == 0)
        rc = sf_db_commit (db);
    else if (sf_db_in_transaction (db))
        sf_db_rollback (db);
    for (size_t index = 0; index < count; index++)
        s_job_release (&jobs [index]);
    sf_rows_destroy (&rows);
    return rc < 0? -1: sent;
}

int
notify_sender_run (notify_sender_t *self, sf_db_t *db)
{
    int64_t started_ms = sf_clock_mono_ms ();
    int sent = 0;
    do {
        int64_t now_ms = sf_clock_now_ms ();
        if (sf_db_begin (db) < 0)
            return -1;
        int claimed = notify_sender_claim (self, db, now_ms);
        if (claimed < 0 || sf_db_commit (db) < 0) {
            if (sf_db_in_transaction (db))
                sf_db_rollback (db);
            notify_sender_forget (self);
            return -1;
        }
        //  The leases are committed: the network calls are safe.
        int accepted = notify_sender_send (self, db, now_ms);
        if (accepted < 0)
            return -1;
        sent += accepted;
    } while (self->found && sf_clock_mono_ms () - started_ms < NOTIFY_SEND_RUN_MS);
    return sent;
}

//  The job: the sender and its own database session.
typedef struct {
    notify_sender_t *sender;
    sf_db_options_t options;
    sf_db_t *db;
} s_periodic_t;

static int
s_run (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) db;
    (void) job;
    (void) occurrence_ms;
    s_periodic_t *run = arg;
    //  The run commits its leases and its outcomes in transactions of its own, on a session
    //  of its own: the scheduler's transaction (this occurrence's run row) is left alone.
    if (!run->db)
        run->db = sf_db_new (&run->options);
    if (!sf_db_ensure (run->db))
        return -1;
    return notify_sender_run (run->sender, run->db) < 0? -1: 0;
}

void
notify_send_register (notify_state_t *state, sf_scheduler_t *scheduler)
{
    static s_periodic_t run;
    notify_sender_destroy (&run.sender);
    sf_db_destroy (&run.db);
    run.sender = notify_sender_new (state->time_zone, state->mail_from);
    run.options = state->sender_db;
    sf_scheduler_every (scheduler, NOTIFY_SEND_JOB, NOTIFY_SEND_PERIOD_MS, 0, s_run, &run);
}
