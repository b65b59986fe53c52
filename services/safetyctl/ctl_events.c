/*  safetyctl events tail: reads a Redis stream the outbox relays write (fields id, type,
    plant and env, the sf.Event envelope) and shows one line per event, or one JSON object
    per line. Without --from it starts with the last events, like tail(1); --from starts
    after a given entry id. --follow then waits for new entries (XREAD BLOCK, one second at
    a time so that Ctrl-C is seen) and rides out a Redis restart by reconnecting.          */
#include "ctl_args.h"
#include "ctl_events_dead.h"
#include "ctl_node.h"
#include "ctl_output.h"
#include "rectification_names.h"
#include "sf_contract.h"
#include "sf_pb.h"
#include "sf_pbjson.h"
#include "sf_redis.h"
#include "directory.pb-c.h"
#include "envelope.pb-c.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CTL_EVENTS_STREAM       "sf:events:org"
#define CTL_EVENTS_HOST         "127.0.0.1"
#define CTL_EVENTS_PORT         56379
#define CTL_EVENTS_LAST         10      //  events shown without --from or --count
#define CTL_EVENTS_BATCH        100     //  entries per XREAD
#define CTL_EVENTS_BLOCK_MS     "1000"
#define CTL_EVENTS_TIMEOUT_MS   3000    //  above the BLOCK time, or a quiet stream looks dead
#define CTL_EVENTS_RETRY_MS     500

static const sf_text_t s_msg_bad_port = {
    "SF_REDIS_PORT 的值“%s”不是有效端口", "SF_REDIS_PORT '%s' is not a valid port"
};
static const sf_text_t s_msg_bad_from = {
    "--from 的值“%s”无效：可用条目编号（如 1700000000000-0）、0 或 $",
    "--from '%s' is invalid: use an entry id (such as 1700000000000-0), 0 or $"
};
static const sf_text_t s_msg_redis_failed = {
    "读取 Redis %s:%d 的流 %s 失败：%s", "reading stream %3$s from Redis %1$s:%2$d failed: %4$s"
};
static const sf_text_t s_msg_redis_lost = {
    "与 Redis 的连接中断（%s），正在重连", "lost the connection to Redis (%s); reconnecting"
};
static const sf_text_t s_msg_redis_back = { "已重新连接 Redis", "reconnected to Redis" };
static const sf_text_t s_msg_bad_reply = {
    "Redis 的应答不是预期的格式", "Redis answered in an unexpected shape"
};
static const sf_text_t s_msg_bad_entry = {
    "条目 %s 中没有可解析的事件，已跳过", "entry %s holds no event that can be decoded; skipped"
};
static const sf_text_t s_msg_header = {
    "时间|事件类型|厂区|对象|版本|操作人|事件编号|内容",
    "TIME|TYPE|PLANT|AGGREGATE|VERSION|ACTOR|EVENT ID|DETAIL"
};

//  Columns of the human output and their widths; the last one takes the rest of the line.
static const int s_widths [] = { 23, 22, 8, 18, 7, 12, 36, 0 };
#define CTL_EVENTS_COLUMNS (sizeof s_widths / sizeof s_widths [0])

static volatile sig_atomic_t s_stopped;

static void
s_on_signal (int signal_number)
{
    (void) signal_number;
    s_stopped = 1;
}

typedef struct {
    const ctl_t *ctl;
    sf_redis_t *redis;
    const char *host;
    int port;
    const char *stream;
    char last_id [64];          //  entries after this one come next
    long remaining;             //  events still to show; -1 for no limit
    bool header_shown;
    bool connection_lost;       //  following, and told the user so
    sf_json_t *json;
} s_tail_t;

static void
s_column (const char *text, size_t column)
{
    if (s_widths [column]) {
        ctl_pad (stdout, text, s_widths [column]);
        fputs ("  ", stdout);
    }
    else
        printf ("%s\n", text);
}

static void
s_print_header (s_tail_t *self)
{
    char *header = strdup (ctl_text (self->ctl, &s_msg_header));
    char *cursor = header;
    for (size_t column = 0; column < CTL_EVENTS_COLUMNS; column++)
        s_column (strsep (&cursor, "|"), column);
    free (header);
    self->header_shown = true;
}

//  One line on what an event is about; NULL for payloads without one.
static char *
s_detail (const ctl_t *ctl, const ProtobufCMessage *payload)
{
    char *line = NULL;
    int rc = 0;
    if (payload->descriptor == &directory__node__descriptor)
        return ctl_node_line (ctl, (const Directory__Node *) payload);
    if (payload->descriptor == &inspection__finding__descriptor) {
        const Inspection__Finding *finding = (const Inspection__Finding *) payload;
        rc = asprintf (&line, "%s %s: %s", finding->number, finding->responsible_unit, finding->description);
    }
    else
    if (payload->descriptor == &inspection__task__descriptor) {
        const Inspection__Task *task = (const Inspection__Task *) payload;
        rc = asprintf (&line, "%s %s #%d", task->target_unit, task->shift_date, task->shift_no);
    }
    else
    if (payload->descriptor == &rectification__alert__descriptor) {
        const Rectification__Alert *alert = (const Rectification__Alert *) payload;
        rc = asprintf (&line, "%s → %s (%s)", alert->form? alert->form->number: "-", alert->target_unit, alert->target_role);
    }
    else
    if (payload->descriptor == &rectification__form__descriptor) {
        const Rectification__Form *form = (const Rectification__Form *) payload;
        rc = asprintf (&line, "%s %s %s: %s", form->number, ctl->lang == CTL_LANG_EN? rect_status_name (form->status): rect_status_name_zh (form->status),
                       form->responsible_unit, form->description);
    }
    return rc < 0? NULL: line;
}

static void
s_print_human (s_tail_t *self, const Sf__Event *event, const ProtobufCMessage *payload)
{
    if (!self->header_shown)
        s_print_header (self);
    char time [40], version [24];
    ctl_local_time (event->occurred_ms, time, sizeof time);
    snprintf (version, sizeof version, "v%lld", (long long) event->aggregate_version);
    char *detail = payload? s_detail (self->ctl, payload): NULL;
    if (!detail)
        detail = strdup (*event->payload_type? event->payload_type: "-");
    const char *user = event->actor && *event->actor->user_id? event->actor->user_id: "-";
    const char *cells [CTL_EVENTS_COLUMNS] = {
        time, event->type, *event->plant? event->plant: "-", event->aggregate_id, version, user,
        event->event_id, detail
    };
    for (size_t column = 0; column < CTL_EVENTS_COLUMNS; column++)
        s_column (cells [column], column);
    free (detail);
}

//  One JSON object per entry: where it is (stream, entry id), its time for a person, the
//  sf.Event envelope in the proto3 JSON mapping without its payload bytes, and the payload
//  decoded by its type (null when this client does not know the type).
static void
s_print_json (s_tail_t *self, const char *entry_id, Sf__Event *event, const ProtobufCMessage *payload)
{
    sf_json_t *json = self->json;
    char time [40];
    ctl_utc_time (event->occurred_ms, time, sizeof time);
    ProtobufCBinaryData bytes = event->payload;
    event->payload.len = 0;
    sf_json_reset (json);
    sf_json_object_begin (json);
    sf_json_key_string (json, "stream", self->stream);
    sf_json_key_string (json, "entryId", entry_id);
    sf_json_key_string (json, "time", time);
    sf_json_key (json, "event");
    sf_pbjson_write (json, &event->base);
    sf_json_key (json, "payload");
    if (payload)
        sf_pbjson_write (json, payload);
    else
        sf_json_null (json);
    sf_json_object_end (json);
    event->payload = bytes;
    ctl_json_print (json);
}

//  The value of field name in an entry's field list, or NULL.
static const redisReply *
s_field (const redisReply *fields, const char *name)
{
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element [i]->type == REDIS_REPLY_STRING && strcmp (fields->element [i]->str, name) == 0)
            return fields->element [i + 1];
    return NULL;
}

//  Shows one stream entry ([id, [field, value, ...]]). Returns 0, or -1 when the reply
//  does not have that shape.
static int
s_show_entry (s_tail_t *self, const redisReply *entry)
{
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2
    ||  entry->element [0]->type != REDIS_REPLY_STRING || entry->element [1]->type != REDIS_REPLY_ARRAY)
        return -1;
    const char *entry_id = entry->element [0]->str;
    snprintf (self->last_id, sizeof self->last_id, "%s", entry_id);
    const redisReply *envelope = s_field (entry->element [1], "env");
    Sf__Event *event = envelope && envelope->type == REDIS_REPLY_STRING
        ? sf__event__unpack (NULL, envelope->len, (const uint8_t *) envelope->str): NULL;
    if (!event) {
        ctl_warn (self->ctl, &s_msg_bad_entry, entry_id);
        return 0;
    }
    const ProtobufCMessageDescriptor *type = sf_contract_find (event->payload_type);
    ProtobufCMessage *payload = type
        ? protobuf_c_message_unpack (type, NULL, event->payload.len, event->payload.data): NULL;
    if (self->ctl->json)
        s_print_json (self, entry_id, event, payload);
    else
        s_print_human (self, event, payload);
    sf_pb_destroy (&payload);
    sf_pb_destroy (&event);
    if (self->remaining > 0)
        self->remaining--;
    return 0;
}

//  Runs one command; NULL when it failed, after telling why (or, while following a lost
//  connection, after saying once that we reconnect).
static redisReply *
s_command (s_tail_t *self, int argc, const char **argv, bool follow)
{
    redisReply *reply = sf_redis_command (self->redis, argc, argv, NULL);
    if (reply) {
        if (self->connection_lost)
            ctl_warn (self->ctl, &s_msg_redis_back);
        self->connection_lost = false;
        return reply;
    }
    //  An error reply (WRONGTYPE, say) does not go away by reconnecting; anything else may.
    bool error_reply = sf_redis_error_is (self->redis, "");
    if (follow && !error_reply) {
        if (!self->connection_lost)
            ctl_warn (self->ctl, &s_msg_redis_lost, sf_redis_error (self->redis));
        self->connection_lost = true;
        usleep (CTL_EVENTS_RETRY_MS * 1000);
    }
    else
        ctl_fail (self->ctl, SF_UNAVAILABLE, &s_msg_redis_failed, self->host, self->port, self->stream,
                  sf_redis_error (self->redis));
    return NULL;
}

//  The newest count entries, oldest first: XREVRANGE answers newest first. Returns 0 or -1.
static int
s_show_last (s_tail_t *self, long count, bool show)
{
    char count_text [24];
    snprintf (count_text, sizeof count_text, "%ld", count);
    const char *argv [] = { "XREVRANGE", self->stream, "+", "-", "COUNT", count_text };
    redisReply *reply = s_command (self, 6, argv, false);
    if (!reply)
        return -1;
    int rc = reply->type == REDIS_REPLY_ARRAY? 0: -1;
    snprintf (self->last_id, sizeof self->last_id, "0-0");
    for (size_t i = reply->elements; rc == 0 && i > 0; i--) {
        const redisReply *entry = reply->element [i - 1];
        if (show)
            rc = s_show_entry (self, entry);
        else
        if (entry->type == REDIS_REPLY_ARRAY && entry->elements == 2 && entry->element [0]->type == REDIS_REPLY_STRING)
            snprintf (self->last_id, sizeof self->last_id, "%s", entry->element [0]->str);
        else
            rc = -1;
    }
    freeReplyObject (reply);
    if (rc)
        ctl_fail (self->ctl, SF_INTERNAL, &s_msg_bad_reply);
    return rc;
}

//  One XREAD after last_id. Returns the number of entries shown, or -1 (failed; while
//  following, -1 only for a failure that reconnecting will not cure).
static int
s_read (s_tail_t *self, bool follow)
{
    long batch = self->remaining > 0 && self->remaining < CTL_EVENTS_BATCH? self->remaining: CTL_EVENTS_BATCH;
    char count_text [24];
    snprintf (count_text, sizeof count_text, "%ld", batch);
    const char *argv [] = {
        "XREAD", "COUNT", count_text, "BLOCK", CTL_EVENTS_BLOCK_MS, "STREAMS", self->stream, self->last_id
    };
    const char *quick [] = { "XREAD", "COUNT", count_text, "STREAMS", self->stream, self->last_id };
    redisReply *reply = follow? s_command (self, 8, argv, true): s_command (self, 6, quick, false);
    if (!reply)
        return follow && self->connection_lost? 0: -1;
    int shown = 0;
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 1
    &&  reply->element [0]->type == REDIS_REPLY_ARRAY && reply->element [0]->elements == 2
    &&  reply->element [0]->element [1]->type == REDIS_REPLY_ARRAY) {
        const redisReply *entries = reply->element [0]->element [1];
        for (size_t i = 0; shown >= 0 && i < entries->elements; i++)
            shown = s_show_entry (self, entries->element [i]) == 0? shown + 1: -1;
    }
    else
    if (reply->type != REDIS_REPLY_NIL)
        shown = -1;
    freeReplyObject (reply);
    if (shown < 0)
        ctl_fail (self->ctl, SF_INTERNAL, &s_msg_bad_reply);
    return shown;
}

//  An entry id ("1700000000000" or "1700000000000-3"), 0 or $.
static bool
s_from_ok (const char *from)
{
    if (strcmp (from, "$") == 0)
        return true;
    size_t digits = strspn (from, "0123456789");
    if (digits == 0 || digits > 20)
        return false;
    if (!from [digits])
        return true;
    size_t sequence = strspn (from + digits + 1, "0123456789");
    return from [digits] == '-' && sequence > 0 && sequence <= 20 && !from [digits + 1 + sequence];
}

//  Output is flushed batch by batch, so that a pipe into grep sees each event at once; a
//  reader that went away ends the command.
static int
s_follow (s_tail_t *self)
{
    struct sigaction action = { .sa_handler = s_on_signal };
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);
    while (!s_stopped && self->remaining != 0) {
        if (s_read (self, true) < 0 || ctl_flush ())
            return CTL_EXIT_FAILED;
    }
    return CTL_EXIT_OK;
}

static int
s_tail (s_tail_t *self, const ctl_args_t *args)
{
    const char *from = ctl_args_get (args, "from");
    bool follow = ctl_args_get (args, "follow") != NULL;
    if (!from) {
        if (s_show_last (self, ctl_args_number (args, "count", CTL_EVENTS_LAST), true) || ctl_flush ())
            return CTL_EXIT_FAILED;
        self->remaining = -1;
    }
    else {
        self->remaining = ctl_args_number (args, "count", -1);
        //  "$" is now: pin it to the newest entry, or entries added between two
        //  XREADs would be missed.
        if (strcmp (from, "$") == 0) {
            if (s_show_last (self, 1, false))
                return CTL_EXIT_FAILED;
        }
        else
            snprintf (self->last_id, sizeof self->last_id, "%s", from);
        if (!follow) {
            int shown = 0;
            while (self->remaining != 0 && (shown = s_read (self, false)) > 0)
                if (ctl_flush ())
                    return CTL_EXIT_FAILED;
            return shown < 0? CTL_EXIT_FAILED: CTL_EXIT_OK;
        }
    }
    return follow? s_follow (self): CTL_EXIT_OK;
}

static int
s_run (const ctl_t *ctl, const ctl_args_t *args)
{
    const char *from = ctl_args_get (args, "from");
    if (from && !s_from_ok (from))
        return ctl_args_usage (ctl, args, &s_msg_bad_from, from);
    const char *host = getenv ("SF_REDIS_HOST");
    const char *port_text = getenv ("SF_REDIS_PORT");
    int port = port_text && *port_text? atoi (port_text): CTL_EVENTS_PORT;
    if (port <= 0 || port > 65535)
        return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_bad_port, port_text);
    //  A name without ':' is a topic: "inspection" reads sf:events:inspection.
    const char *stream = ctl_args_get (args, "stream");
    char topic_stream [128];
    if (stream && !strchr (stream, ':')) {
        snprintf (topic_stream, sizeof topic_stream, "sf:events:%s", stream);
        stream = topic_stream;
    }
    s_tail_t tail = {
        .ctl = ctl, .host = host && *host? host: CTL_EVENTS_HOST, .port = port,
        .stream = stream? stream: CTL_EVENTS_STREAM, .json = sf_json_new ()
    };
    tail.redis = sf_redis_new (tail.host, tail.port, CTL_EVENTS_TIMEOUT_MS);
    int rc = s_tail (&tail, args);
    sf_redis_destroy (&tail.redis);
    sf_json_destroy (&tail.json);
    return rc;
}

static const ctl_option_t s_tail_options [] = {
    { "stream", CTL_TEXT, "NAME", false, {
        "要读的流（默认 " CTL_EVENTS_STREAM "）；不含冒号的名称是主题，如 inspection、rectification",
        "stream to read (default " CTL_EVENTS_STREAM "); a name without ':' is a topic, e.g. inspection, rectification" } },
    { "from", CTL_TEXT, "ID", false, {
        "从该条目之后开始：条目编号、0（从头开始）或 $（只看新事件）",
        "start after this entry: an entry id, 0 (from the beginning) or $ (new events only)" } },
    { "count", CTL_NUMBER, "N", false, {
        "不带 --from 时显示最后 N 条（默认 10）；带 --from 时最多显示 N 条",
        "without --from, show the last N events (default 10); with --from, show at most N" } },
    { "follow", CTL_SWITCH, NULL, false, {
        "显示完后继续等待新事件，直到按 Ctrl-C", "then wait for new events until Ctrl-C" } },
    { NULL }
};

static const sf_text_t s_tail_details = {
    "Redis 地址来自环境变量 SF_REDIS_HOST 和 SF_REDIS_PORT（默认 127.0.0.1:56379）。\n"
    "每行一个事件：时间、类型、厂区、对象及其版本、操作人、事件编号；组织目录的事件还显示节点。\n"
    "加 --json 时每行一个 JSON 对象，其中 entry_id 可用作下次的 --from。\n",
    "Redis is found through SF_REDIS_HOST and SF_REDIS_PORT (default 127.0.0.1:56379).\n"
    "One line per event: time, type, plant, aggregate and its version, actor, event id; the\n"
    "events of the org directory show their node too. With --json, one JSON object per line,\n"
    "whose entry_id can be the next --from.\n"
};

static const ctl_command_t s_tail_command = {
    .name = "tail", .options = s_tail_options, .run = s_run,
    .summary = { "显示事件流中的事件", "Show the events of an event stream" },
    .details = &s_tail_details
};

static const ctl_command_t *const s_commands [] = {
    &s_tail_command, &ctl_events_dead_command, &ctl_events_replay_command, NULL
};

const ctl_command_t ctl_events_command = {
    .name = "events",
    .summary = { "平台的领域事件（Redis 流）及其死信", "The platform's domain events (Redis streams) and their dead letters" },
    .commands = s_commands
};
