/*  sf_gap_recovery: the actor's timer takes the open gaps one at a time, each in a transaction
    that locks its row: one sf.Republish call, then the row updated (and resolved, with an
    alert event when the range is lost) before COMMIT.                                        */
#include "sf_actor.h"
#include "sf_gap_recovery.h"
#include "sf_admin.pb-c.h"
#include "sf_log.h"
#include "sf_outbox.h"
#include "sf_rpc_client.h"

#include <assert.h>
#include <czmq.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_GAP_INTERVAL_MS   2000
#define SF_GAP_CALL_MS       5000    //  below db.idle_tx_timeout_ms (10 s): the row stays locked meanwhile
#define SF_GAP_CALLS_PER_TICK 16     //  per gap (SF_REPUBLISH_CHUNK rows each), so $TERM is not kept waiting long
#define SF_GAP_PER_TICK      "64"    //  open gaps looked at per tick; more wait for the next one

static const sf_text_t s_msg_no_source = {
    "未配置该流生产方的端点，无法请求重新发布",
    "no endpoint is configured for the stream's producer: nothing can be asked to publish it again"
};
static const sf_text_t s_msg_short = {
    "生产方的发件箱已不再保留全部缺失事件（已超过 retention.outbox_days 或已删除）",
    "the producer's outbox no longer holds every missing event (past retention.outbox_days, or deleted)"
};
static const sf_text_t s_msg_refused = {
    "生产方拒绝了重新发布请求：%s", "the producer refused to publish the range again: %s"
};

struct _sf_gap_recovery_t {
    zactor_t *actor;
    sf_gap_recovery_options_t options;
    char *strings [3 * SF_GAP_MAX_SOURCES + 5];   //  our copies of every string option
    size_t string_count;
};

//  One open gap, as locked.
typedef struct {
    const char *stream;
    const char *group;
    const char *after_id;
    const char *before_id;
    int64_t missing;
    int64_t republished;
    int64_t calls;
    int64_t attempts;
} gap_t;

typedef struct {
    sf_gap_recovery_t *owner;
    const sf_gap_recovery_options_t *options;
    sf_db_t *db;
    char actor_id [128];
    bool db_trouble;
} self_t;

static const char *
s_endpoint (self_t *self, const char *stream)
{
    for (size_t i = 0; i < self->options->source_count; i++)
        if (strcmp (self->options->sources [i].stream, stream) == 0)
            return self->options->sources [i].endpoint && *self->options->sources [i].endpoint?
                   self->options->sources [i].endpoint: NULL;
    return NULL;
}

//  The producer daemon of stream, for its public key ("" when not named).
static const char *
s_server (self_t *self, const char *stream)
{
    for (size_t i = 0; i < self->options->source_count; i++)
        if (strcmp (self->options->sources [i].stream, stream) == 0 && self->options->sources [i].server)
            return self->options->sources [i].server;
    return "";
}

//  Resolves the gap as lost: the row, the alert event, both in the caller's transaction.
static int
s_lost (self_t *self, const gap_t *gap, const char *reason_zh, const char *reason_en)
{
    Sf__Text reason = SF__TEXT__INIT;
    reason.zh = (char *) reason_zh;
    reason.en = (char *) reason_en;
    Sf__ConsumerGap payload = SF__CONSUMER_GAP__INIT;
    payload.stream = (char *) gap->stream;
    payload.group = (char *) gap->group;
    payload.after_id = (char *) gap->after_id;
    payload.before_id = (char *) gap->before_id;
    payload.missing = gap->missing;
    payload.republished = gap->republished;
    payload.reason = &reason;
    char aggregate [256];
    snprintf (aggregate, sizeof aggregate, "%s/%s", gap->stream, gap->group);
    sf_event_t event = {
        .type = strdup (SF_GAP_ALERT_TYPE), .aggregate_type = strdup ("consumer_group"),
        .aggregate_id = strdup (aggregate), .plant = strdup (""), .trace_id = strdup ("")
    };
    event.actor.user_id = strdup (self->actor_id);
    event.actor.org_node = strdup ("");
    event.actor.plant = strdup ("");
    sf_event_set_payload (&event, &payload.base);
    int rc = sf_outbox_add (self->db, self->options->alert_stream, &event);
    sf_event_clear (&event);
    const char *values [] = { gap->stream, gap->group, gap->after_id };
    if (rc == 0
    &&  sf_db_exec (self->db, "UPDATE sf_consumer_gap SET resolved_at = now (), outcome = 'lost' "
                              "WHERE stream = $1 AND consumer_group = $2 AND after_id = $3", 3, values) < 0)
        rc = -1;
    if (rc == 0)
        sf_error ("consumer %s/%s: the events after %s and before %s are lost for this group "
                  "(missed: %" PRId64 "%s, published again: %" PRId64 "): %s; alert %s raised on %s",
                  gap->stream, gap->group, gap->after_id, gap->before_id, gap->missing,
                  gap->missing < 0? " (unknown)": "", gap->republished, reason_en,
                  SF_GAP_ALERT_TYPE, self->options->alert_stream);
    return rc;
}

static int
s_update (self_t *self, const gap_t *gap, const char *outcome)
{
    char republished [24], calls [24], attempts [24];
    snprintf (republished, sizeof republished, "%" PRId64, gap->republished);
    snprintf (calls, sizeof calls, "%" PRId64, gap->calls);
    snprintf (attempts, sizeof attempts, "%" PRId64, gap->attempts);
    const char *values [] = { gap->stream, gap->group, gap->after_id, republished, calls, attempts, outcome };
    return sf_db_exec (self->db,
        "UPDATE sf_consumer_gap SET republished = $4::bigint, calls = $5::int, attempts = $6::int, "
        "outcome = $7, resolved_at = CASE WHEN $7::text IS NULL THEN NULL ELSE now () END "
        "WHERE stream = $1 AND consumer_group = $2 AND after_id = $3", 7, values) < 0? -1: 0;
}

//  One sf.Republish call for gap, and what it means, in the open transaction. Returns 1 when
//  the gap needs another call now, 0 when done for this tick, -1 on a database error.
static int
s_call (self_t *self, gap_t *gap)
{
    const char *endpoint = s_endpoint (self, gap->stream);
    if (!endpoint)
        return s_lost (self, gap, s_msg_no_source.zh, s_msg_no_source.en);
    Sf__Republish request = SF__REPUBLISH__INIT;
    request.stream = (char *) gap->stream;
    request.after_id = (char *) gap->after_id;
    request.before_id = (char *) gap->before_id;
    char key [512];
    snprintf (key, sizeof key, "sf.gap:%s:%s:%s:%" PRId64, gap->group, gap->stream, gap->after_id, gap->calls);
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_server (client, s_server (self, gap->stream));
    sf_rpc_client_set_actor (client, self->actor_id, "service", "", "");
    sf_rpc_client_set_retry (client, self->options->call_timeout_ms, 1);
    sf_reply_t reply = { 0 };
    sf_status_t status = sf_rpc_client_call_message (client, &request.base, key, &reply);
    sf_rpc_client_destroy (&client);
    int rc = 0;
    if (status == SF_OK) {
        Sf__RepublishReply *answer = sf__republish_reply__unpack (NULL, reply.body_size, reply.body);
        if (!answer)
            rc = s_lost (self, gap, "生产方的回复无法解析", "the producer's reply does not decode");
        else {
            gap->calls++;
            gap->republished += answer->republished;
            //  The outbox reaching back to the range is what counts: fewer rows than missing
            //  can be held when another group's recovery requeued them already (they move to
            //  new stream positions, on their way to this group too) or when a relay duplicate
            //  inflated the count.
            bool complete = answer->held || (gap->missing >= 0 && gap->republished >= gap->missing);
            if (answer->more)
                rc = s_update (self, gap, NULL) == 0? 1: -1;
            else
            if (complete) {
                rc = s_update (self, gap, "recovered");
                if (rc == 0)
                    sf_info ("consumer %s/%s: the producer publishes the %" PRId64 " events after %s and "
                             "before %s again; the group applies them as they come",
                             gap->stream, gap->group, gap->republished, gap->after_id, gap->before_id);
            }
            else
            if (s_update (self, gap, NULL) || s_lost (self, gap, s_msg_short.zh, s_msg_short.en))
                rc = -1;
            sf__republish_reply__free_unpacked (answer, NULL);
        }
    }
    else
    if (sf_status_retryable (status) || status == SF_DEADLINE_EXCEEDED) {
        if (gap->attempts == 0)
            sf_warn ("consumer %s/%s: the producer at %s did not answer sf.Republish (%s); trying again "
                     "every %d ms", gap->stream, gap->group, endpoint, sf_status_name (status),
                     self->options->interval_ms);
        gap->attempts++;
        rc = s_update (self, gap, NULL);
    }
    else {
        char zh [600], en [600];
        snprintf (zh, sizeof zh, s_msg_refused.zh, reply.reason_zh? reply.reason_zh: sf_status_name (status));
        snprintf (en, sizeof en, s_msg_refused.en, reply.reason_en? reply.reason_en: sf_status_name (status));
        rc = s_lost (self, gap, zh, en);
    }
    sf_reply_clear (&reply);
    return rc;
}

//  Locks the open gap (stream, group, after_id) unless another instance holds it, and makes
//  one call for it. 1 when it wants another call at once, 0 when done for this tick, -1.
static int
s_step (self_t *self, const char *const key [3])
{
    if (sf_db_begin (self->db))
        return -1;
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT stream, consumer_group, after_id, before_id, missing, republished, calls, attempts "
        "FROM sf_consumer_gap WHERE stream = $1 AND consumer_group = $2 AND after_id = $3 "
        "AND resolved_at IS NULL FOR UPDATE SKIP LOCKED", 3, key);
    if (!rows) {
        sf_db_rollback (self->db);
        return -1;
    }
    int rc = 0;
    if (sf_rows_count (rows) == 1) {
        gap_t gap = {
            .stream = sf_rows_text (rows, 0, 0), .group = sf_rows_text (rows, 0, 1),
            .after_id = sf_rows_text (rows, 0, 2), .before_id = sf_rows_text (rows, 0, 3),
            .missing = sf_rows_int (rows, 0, 4), .republished = sf_rows_int (rows, 0, 5),
            .calls = sf_rows_int (rows, 0, 6), .attempts = sf_rows_int (rows, 0, 7)
        };
        rc = s_call (self, &gap);
    }
    sf_rows_destroy (&rows);
    if (rc < 0 || sf_db_commit (self->db)) {
        sf_db_rollback (self->db);
        return -1;
    }
    return rc;
}

//  Each open gap gets its calls once per tick: a producer that does not answer costs one
//  call timeout per tick, not a loop.
static int
s_handle_timer (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    self_t *self = (self_t *) arg;
    sf_rows_t *rows = sf_db_ensure (self->db)? sf_db_query (self->db,
        "SELECT stream, consumer_group, after_id FROM sf_consumer_gap WHERE resolved_at IS NULL "
        "ORDER BY found_at LIMIT " SF_GAP_PER_TICK, 0, NULL): NULL;
    int rc = rows? 0: -1;
    for (int i = 0; rows && i < sf_rows_count (rows) && rc >= 0; i++) {
        const char *key [3] = { sf_rows_text (rows, i, 0), sf_rows_text (rows, i, 1), sf_rows_text (rows, i, 2) };
        for (int calls = 0; calls < SF_GAP_CALLS_PER_TICK && (rc = s_step (self, key)) == 1; calls++)
            ;
    }
    sf_rows_destroy (&rows);
    if (rc < 0 && !self->db_trouble)
        sf_warn ("gap recovery: database failed: %s; retrying", sf_db_error (self->db));
    self->db_trouble = rc < 0;
    return 0;
}

static void
s_actor (zsock_t *pipe, void *args)
{
    sf_gap_recovery_t *owner = (sf_gap_recovery_t *) args;
    zsock_signal (pipe, 0);
    self_t self = { .owner = owner, .options = &owner->options };
    snprintf (self.actor_id, sizeof self.actor_id, "sf-%s", owner->options.daemon);
    self.db = sf_db_new (&owner->options.db);
    zloop_t *loop = zloop_new ();
    assert (loop);
    zloop_set_nonstop (loop, true);
    zloop_reader (loop, pipe, sf_actor_on_pipe, &self);
    zloop_timer (loop, (size_t) owner->options.interval_ms, 0, s_handle_timer, &self);
    zloop_start (loop);
    zloop_destroy (&loop);
    sf_db_destroy (&self.db);
}

static const char *
s_keep (sf_gap_recovery_t *self, const char *text)
{
    if (!text)
        return NULL;
    assert (self->string_count < sizeof self->strings / sizeof self->strings [0]);
    char *copy = strdup (text);
    assert (copy);
    self->strings [self->string_count++] = copy;
    return copy;
}

sf_gap_recovery_t *
sf_gap_recovery_new (const sf_gap_recovery_options_t *options)
{
    assert (options && options->db.url && options->db.schema && options->daemon && options->alert_stream);
    assert (options->source_count <= SF_GAP_MAX_SOURCES);
    sf_gap_recovery_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->options.db.url = s_keep (self, options->db.url);
    self->options.db.schema = s_keep (self, options->db.schema);
    self->options.db.application_name = s_keep (self, options->db.application_name);
    self->options.daemon = s_keep (self, options->daemon);
    self->options.alert_stream = s_keep (self, options->alert_stream);
    for (size_t i = 0; i < options->source_count; i++) {
        self->options.sources [i].stream = s_keep (self, options->sources [i].stream);
        self->options.sources [i].endpoint = s_keep (self, options->sources [i].endpoint);
        self->options.sources [i].server = s_keep (self, options->sources [i].server);
    }
    if (self->options.interval_ms <= 0)
        self->options.interval_ms = SF_GAP_INTERVAL_MS;
    if (self->options.call_timeout_ms <= 0)
        self->options.call_timeout_ms = SF_GAP_CALL_MS;
    self->actor = zactor_new (s_actor, self);
    assert (self->actor);
    return self;
}

void
sf_gap_recovery_destroy (sf_gap_recovery_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_gap_recovery_t *self = *self_p;
    zactor_destroy (&self->actor);
    for (size_t i = 0; i < self->string_count; i++)
        free (self->strings [i]);
    free (self);
    *self_p = NULL;
}
