/*  safetyctl events dead / replay: the dead letters consumers set aside ("<stream>:dead",
    sf_consumer.h), listed, and one put back on its stream after the fault was fixed. Replay
    copies the original entry's fields (id, type, plant, env) to the stream as a new entry
    and deletes the dead letter, both in one MULTI/EXEC: never both kept, never both lost.
    Every group of the stream reads the new entry; those that applied the event already drop
    it through their inbox, so the event is still applied once per group.                   */
#include "ctl_args.h"
#include "ctl_events_dead.h"
#include "ctl_output.h"
#include "ctl_table.h"
#include "sf_redis.h"

#include <stdlib.h>
#include <string.h>

#define CTL_DEAD_PREFIX      "sf:events:"
#define CTL_DEAD_SUFFIX      ":dead"
#define CTL_DEAD_HOST        "127.0.0.1"
#define CTL_DEAD_PORT        56379
#define CTL_DEAD_TIMEOUT_MS  3000
#define CTL_DEAD_SCAN_COUNT  "1000"     //  keys a SCAN step looks at
#define CTL_DEAD_NAME_MAX    256
#define CTL_DEAD_ID_MAX      48

static const sf_text_t s_msg_bad_port = {
    "SF_REDIS_PORT 的值“%s”不是有效端口", "SF_REDIS_PORT '%s' is not a valid port"
};
static const sf_text_t s_msg_bad_topic = {
    "主题“%s”无效：只能用小写字母、数字、_ 和 -，或完整的流名称（含冒号）",
    "topic '%s' is invalid: use lower-case letters, digits, _ and -, or a full stream name (with ':')"
};
static const sf_text_t s_msg_bad_id = {
    "条目编号“%s”无效：应形如 1700000000000-0", "entry id '%s' is invalid: it looks like 1700000000000-0"
};
static const sf_text_t s_msg_missing_id = {
    "缺少死信的条目编号（见 safetyctl events dead）", "missing the dead letter's entry id (see safetyctl events dead)"
};
static const sf_text_t s_msg_redis_failed = {
    "Redis %s:%d 操作失败：%s", "Redis %s:%d failed: %s"
};
static const sf_text_t s_msg_bad_reply = {
    "Redis 的应答不是预期的格式", "Redis answered in an unexpected shape"
};
static const sf_text_t s_msg_not_found = {
    "%s 中没有条目 %s", "%s holds no entry %s"
};
static const sf_text_t s_msg_other_stream = {
    "死信 %s 来自流 %s，不是 %s", "dead letter %s came from stream %s, not %s"
};
static const sf_text_t s_msg_no_event = {
    "死信 %s 不含可重放的事件（原条目已被裁剪或无法解码）",
    "dead letter %s holds no event to replay (the entry was trimmed or could not be decoded)"
};
static const sf_text_t s_msg_replayed = {
    "已将死信 %s 放回 %s，新条目 %s\n", "dead letter %s put back on %s as entry %s\n"
};
static const sf_text_t s_msg_none = { "没有死信\n", "no dead letters\n" };
static const sf_text_t s_col_time = { "时间", "TIME" };
static const sf_text_t s_col_stream = { "事件流", "STREAM" };
static const sf_text_t s_col_entry = { "死信编号", "DEAD ENTRY ID" };
static const sf_text_t s_col_orig = { "原条目", "ORIGINAL ENTRY" };
static const sf_text_t s_col_event = { "事件编号", "EVENT ID" };
static const sf_text_t s_col_type = { "事件类型", "TYPE" };
static const sf_text_t s_col_group = { "消费组", "GROUP" };
static const sf_text_t s_col_attempts = { "失败次数", "ATTEMPTS" };
static const sf_text_t s_col_reason = { "原因", "REASON" };

typedef struct {
    const ctl_t *ctl;
    const char *host;
    int port;
    sf_redis_t *redis;
} s_target_t;

//  Redis from SF_REDIS_HOST and SF_REDIS_PORT, as `events tail` finds it. Returns 0, or the
//  exit status after telling why not.
static int
s_target (const ctl_t *ctl, s_target_t *target)
{
    const char *host = getenv ("SF_REDIS_HOST");
    const char *port_text = getenv ("SF_REDIS_PORT");
    int port = port_text && *port_text? atoi (port_text): CTL_DEAD_PORT;
    if (port <= 0 || port > 65535)
        return ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_bad_port, port_text);
    *target = (s_target_t) { .ctl = ctl, .host = host && *host? host: CTL_DEAD_HOST, .port = port };
    target->redis = sf_redis_new (target->host, target->port, CTL_DEAD_TIMEOUT_MS);
    return 0;
}

static redisReply *
s_call (s_target_t *target, int argc, const char **argv, const size_t *argvlen)
{
    redisReply *reply = sf_redis_command (target->redis, argc, argv, argvlen);
    if (!reply)
        ctl_fail (target->ctl, SF_UNAVAILABLE, &s_msg_redis_failed, target->host, target->port,
                  sf_redis_error (target->redis));
    return reply;
}

//  The stream a topic names: "inspection" is sf:events:inspection, a name with ':' itself.
static int
s_stream (const ctl_args_t *args, const ctl_t *ctl, const char *topic, char *stream, size_t size)
{
    if (strchr (topic, ':')) {
        snprintf (stream, size, "%s", topic);
        return strlen (topic) < size? 0: ctl_args_usage (ctl, args, &s_msg_bad_topic, topic);
    }
    size_t length = strlen (topic);
    if (length == 0 || length > 64 || strspn (topic, "abcdefghijklmnopqrstuvwxyz0123456789_-") != length)
        return ctl_args_usage (ctl, args, &s_msg_bad_topic, topic);
    snprintf (stream, size, CTL_DEAD_PREFIX "%s", topic);
    return 0;
}

//  An entry id "ms-seq".
static bool
s_id_ok (const char *id)
{
    size_t digits = strspn (id, "0123456789");
    if (digits == 0 || digits > 20 || id [digits] != '-')
        return false;
    size_t sequence = strspn (id + digits + 1, "0123456789");
    return sequence > 0 && sequence <= 20 && !id [digits + 1 + sequence];
}

static const redisReply *
s_field (const redisReply *fields, const char *name)
{
    for (size_t i = 0; fields->type == REDIS_REPLY_ARRAY && i + 1 < fields->elements; i += 2)
        if (fields->element [i]->type == REDIS_REPLY_STRING && strcmp (fields->element [i]->str, name) == 0)
            return fields->element [i + 1];
    return NULL;
}

static const char *
s_text (const redisReply *fields, const char *name)
{
    const redisReply *value = s_field (fields, name);
    return value && value->type == REDIS_REPLY_STRING && value->len? value->str: "-";
}

static bool
s_entry_ok (const redisReply *entry)
{
    return entry->type == REDIS_REPLY_ARRAY && entry->elements == 2
        && entry->element [0]->type == REDIS_REPLY_STRING && entry->element [1]->type == REDIS_REPLY_ARRAY;
}

//  One dead letter as a table row or a JSON line.
static void
s_show (const ctl_t *ctl, ctl_table_t *table, sf_json_t *json, const char *dead_stream, const redisReply *entry)
{
    const char *id = entry->element [0]->str;
    const redisReply *fields = entry->element [1];
    char time [40];
    if (ctl->json) {
        ctl_utc_time (atoll (id), time, sizeof time);
        sf_json_reset (json);
        sf_json_object_begin (json);
        sf_json_key_string (json, "deadStream", dead_stream);
        sf_json_key_string (json, "deadEntryId", id);
        sf_json_key_string (json, "time", time);
        const char *keys [][2] = {
            { "stream", "orig_stream" }, { "entryId", "orig_id" }, { "eventId", "id" }, { "type", "type" },
            { "plant", "plant" }, { "group", "group" }, { "consumer", "consumer" }, { "reason", "reason" }
        };
        for (size_t i = 0; i < sizeof keys / sizeof keys [0]; i++) {
            const redisReply *value = s_field (fields, keys [i][1]);
            sf_json_key (json, keys [i][0]);
            if (value && value->type == REDIS_REPLY_STRING)
                sf_json_string (json, value->str);
            else
                sf_json_null (json);
        }
        const redisReply *attempts = s_field (fields, "attempts");
        sf_json_key (json, "attempts");
        if (attempts && attempts->type == REDIS_REPLY_STRING)
            sf_json_int (json, atoll (attempts->str));
        else
            sf_json_null (json);
        sf_json_object_end (json);
        ctl_json_print (json);
        return;
    }
    ctl_local_time (atoll (id), time, sizeof time);
    ctl_table_add (table, time);
    ctl_table_add (table, s_text (fields, "orig_stream"));
    ctl_table_add (table, id);
    ctl_table_add (table, s_text (fields, "orig_id"));
    ctl_table_add (table, s_text (fields, "id"));
    ctl_table_add (table, s_text (fields, "type"));
    ctl_table_add (table, s_text (fields, "group"));
    ctl_table_add (table, s_text (fields, "attempts"));
    ctl_table_add (table, s_text (fields, "reason"));
}

//  Every dead letter of one dead-letter stream, oldest first. Returns how many, or -1.
static int
s_list_stream (s_target_t *target, ctl_table_t *table, sf_json_t *json, const char *dead_stream)
{
    const char *argv [] = { "XRANGE", dead_stream, "-", "+" };
    redisReply *reply = s_call (target, 4, argv, NULL);
    if (!reply)
        return -1;
    int shown = reply->type == REDIS_REPLY_ARRAY? 0: -1;
    for (size_t i = 0; shown >= 0 && i < reply->elements; i++)
        if (s_entry_ok (reply->element [i])) {
            s_show (target->ctl, table, json, dead_stream, reply->element [i]);
            shown++;
        }
    freeReplyObject (reply);
    if (shown < 0)
        ctl_fail (target->ctl, SF_INTERNAL, &s_msg_bad_reply);
    return shown;
}

//  Every "sf:events:*:dead" stream (SCAN, TYPE stream), each listed. Returns the count, or -1.
static int
s_list_all (s_target_t *target, ctl_table_t *table, sf_json_t *json)
{
    char cursor [32] = "0";
    int shown = 0;
    do {
        const char *argv [] = {
            "SCAN", cursor, "MATCH", CTL_DEAD_PREFIX "*" CTL_DEAD_SUFFIX, "COUNT", CTL_DEAD_SCAN_COUNT, "TYPE", "stream"
        };
        redisReply *reply = s_call (target, 8, argv, NULL);
        if (!reply)
            return -1;
        if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2
        ||  reply->element [0]->type != REDIS_REPLY_STRING || reply->element [1]->type != REDIS_REPLY_ARRAY) {
            freeReplyObject (reply);
            return ctl_fail (target->ctl, SF_INTERNAL, &s_msg_bad_reply), -1;
        }
        snprintf (cursor, sizeof cursor, "%s", reply->element [0]->str);
        for (size_t i = 0; shown >= 0 && i < reply->element [1]->elements; i++) {
            int count = s_list_stream (target, table, json, reply->element [1]->element [i]->str);
            shown = count < 0? -1: shown + count;
        }
        freeReplyObject (reply);
    } while (shown >= 0 && strcmp (cursor, "0"));
    return shown;
}

static int
s_dead (const ctl_t *ctl, const ctl_args_t *args)
{
    char dead_stream [CTL_DEAD_NAME_MAX];
    const char *topic = args->optional_operand;
    if (topic) {
        int rc = s_stream (args, ctl, topic, dead_stream, sizeof dead_stream - strlen (CTL_DEAD_SUFFIX));
        if (rc)
            return rc;
        strcat (dead_stream, CTL_DEAD_SUFFIX);
    }
    s_target_t target;
    int rc = s_target (ctl, &target);
    if (rc)
        return rc;
    const sf_text_t *columns [] = {
        &s_col_time, &s_col_stream, &s_col_entry, &s_col_orig, &s_col_event, &s_col_type, &s_col_group,
        &s_col_attempts, &s_col_reason
    };
    size_t column_count = sizeof columns / sizeof columns [0];
    ctl_table_t *table = ctl_table_new (column_count);
    for (size_t i = 0; i < column_count; i++)
        ctl_table_add (table, ctl_text (ctl, columns [i]));
    sf_json_t *json = sf_json_new ();
    int shown = topic? s_list_stream (&target, table, json, dead_stream): s_list_all (&target, table, json);
    if (shown > 0 && !ctl->json)
        ctl_table_print (table, stdout);
    else
    if (shown == 0 && !ctl->json)
        ctl_print (ctl, stdout, &s_msg_none);
    ctl_table_destroy (&table);
    sf_json_destroy (&json);
    sf_redis_destroy (&target.redis);
    return shown < 0? CTL_EXIT_FAILED: CTL_EXIT_OK;
}

//  MULTI, XADD <stream> * <the original fields>, XDEL <dead> <id>, EXEC. Returns the new
//  entry id (the caller frees), or NULL after telling why not.
static char *
s_put_back (s_target_t *target, const char *stream, const char *dead_stream, const char *id,
            const redisReply *fields)
{
    static const char *const names [] = { "id", "type", "plant", "env" };
    const char *xadd [3 + 2 * 4] = { "XADD", stream, "*" };
    size_t xadd_len [3 + 2 * 4] = { strlen ("XADD"), strlen (stream), 1 };
    int argc = 3;
    for (size_t i = 0; i < 4; i++) {
        const redisReply *value = s_field (fields, names [i]);
        if (!value || value->type != REDIS_REPLY_STRING)
            continue;
        xadd [argc] = names [i];
        xadd_len [argc++] = strlen (names [i]);
        xadd [argc] = value->str;
        xadd_len [argc++] = value->len;            //  the envelope is binary
    }
    const char *multi [] = { "MULTI" };
    const char *xdel [] = { "XDEL", dead_stream, id };
    const char *exec [] = { "EXEC" };
    sf_redis_cmd_t commands [] = {
        { .argc = 1, .argv = multi }, { .argc = argc, .argv = xadd, .argvlen = xadd_len },
        { .argc = 3, .argv = xdel }, { .argc = 1, .argv = exec }
    };
    redisReply *replies [4] = { NULL };
    if (sf_redis_pipeline (target->redis, 4, commands, replies)) {
        ctl_fail (target->ctl, SF_UNAVAILABLE, &s_msg_redis_failed, target->host, target->port,
                  sf_redis_error (target->redis));
        return NULL;
    }
    char *entry_id = NULL;
    const redisReply *results = replies [3];
    if (results->type == REDIS_REPLY_ARRAY && results->elements == 2
    &&  results->element [0]->type == REDIS_REPLY_STRING && results->element [1]->type == REDIS_REPLY_INTEGER)
        entry_id = strdup (results->element [0]->str);
    else
    if (results->type == REDIS_REPLY_ERROR || replies [1]->type == REDIS_REPLY_ERROR)
        ctl_fail (target->ctl, SF_UNAVAILABLE, &s_msg_redis_failed, target->host, target->port,
                  results->type == REDIS_REPLY_ERROR? results->str: replies [1]->str);
    else
        ctl_fail (target->ctl, SF_INTERNAL, &s_msg_bad_reply);
    for (size_t i = 0; i < 4; i++)
        freeReplyObject (replies [i]);
    return entry_id;
}

static int
s_replay (const ctl_t *ctl, const ctl_args_t *args)
{
    char stream [CTL_DEAD_NAME_MAX], dead_stream [CTL_DEAD_NAME_MAX + sizeof CTL_DEAD_SUFFIX];
    int rc = s_stream (args, ctl, args->operand, stream, sizeof stream);
    if (rc)
        return rc;
    snprintf (dead_stream, sizeof dead_stream, "%s" CTL_DEAD_SUFFIX, stream);
    const char *id = args->optional_operand;
    if (!id)
        return ctl_args_usage (ctl, args, &s_msg_missing_id);
    if (!s_id_ok (id))
        return ctl_args_usage (ctl, args, &s_msg_bad_id, id);
    s_target_t target;
    if ((rc = s_target (ctl, &target)))
        return rc;
    const char *argv [] = { "XRANGE", dead_stream, id, id };
    redisReply *reply = s_call (&target, 4, argv, NULL);
    rc = CTL_EXIT_FAILED;
    char *entry_id = NULL;
    if (!reply)
        ;
    else
    if (reply->type != REDIS_REPLY_ARRAY)
        ctl_fail (ctl, SF_INTERNAL, &s_msg_bad_reply);
    else
    if (reply->elements != 1 || !s_entry_ok (reply->element [0]))
        ctl_fail (ctl, SF_NOT_FOUND, &s_msg_not_found, dead_stream, id);
    else {
        const redisReply *fields = reply->element [0]->element [1];
        const char *origin = s_text (fields, "orig_stream");
        const redisReply *envelope = s_field (fields, "env");
        if (strcmp (origin, stream))
            ctl_fail (ctl, SF_INVALID_ARGUMENT, &s_msg_other_stream, id, origin, stream);
        else
        if (!envelope || envelope->type != REDIS_REPLY_STRING || envelope->len == 0)
            ctl_fail (ctl, SF_FAILED_PRECONDITION, &s_msg_no_event, id);
        else
            entry_id = s_put_back (&target, stream, dead_stream, id, fields);
    }
    if (entry_id) {
        if (ctl->json) {
            sf_json_t *json = sf_json_new ();
            sf_json_object_begin (json);
            sf_json_key_string (json, "stream", stream);
            sf_json_key_string (json, "entryId", entry_id);
            sf_json_key_string (json, "deadEntryId", id);
            sf_json_object_end (json);
            ctl_json_print (json);
            sf_json_destroy (&json);
        }
        else
            ctl_print (ctl, stdout, &s_msg_replayed, id, stream, entry_id);
        rc = CTL_EXIT_OK;
    }
    free (entry_id);
    if (reply)
        freeReplyObject (reply);
    sf_redis_destroy (&target.redis);
    return rc;
}

static const sf_text_t s_dead_details = {
    "Redis 地址来自环境变量 SF_REDIS_HOST 和 SF_REDIS_PORT（默认 127.0.0.1:56379）。\n"
    "不给主题时列出所有 " CTL_DEAD_PREFIX "*" CTL_DEAD_SUFFIX " 流。每行一条死信：进入死信的时间、原来的流、\n"
    "死信编号（用于 safetyctl events replay）、原条目编号、事件编号和类型、消费组、处理失败次数和原因。\n",
    "Redis is found through SF_REDIS_HOST and SF_REDIS_PORT (default 127.0.0.1:56379).\n"
    "Without a topic, every " CTL_DEAD_PREFIX "*" CTL_DEAD_SUFFIX " stream is listed. One line per dead letter: when it\n"
    "was set aside, its stream, the dead entry id (what safetyctl events replay takes), the\n"
    "original entry id, the event's id and type, the group, the handler failures and the reason.\n"
};

const ctl_command_t ctl_events_dead_command = {
    .name = "dead", .optional_operand = "TOPIC", .run = s_dead,
    .summary = { "列出消费者搁置的死信", "List the dead letters consumers set aside" },
    .details = &s_dead_details
};

static const sf_text_t s_replay_details = {
    "把死信中的事件作为新条目放回 TOPIC 的流，并删除该死信（同一个 MULTI/EXEC 中完成）。\n"
    "请先修复导致失败的原因。已处理过该事件的消费组凭收件箱去重，不会重复处理。\n",
    "Puts the dead letter's event back on TOPIC's stream as a new entry and deletes the dead\n"
    "letter (in one MULTI/EXEC). Fix what made it fail first. Groups that applied the event\n"
    "already drop it through their inbox: it is never applied twice.\n"
};

const ctl_command_t ctl_events_replay_command = {
    .name = "replay", .operand = "TOPIC", .optional_operand = "ENTRY_ID", .run = s_replay,
    .summary = { "把一条死信放回它的事件流", "Put a dead letter back on its event stream" },
    .details = &s_replay_details
};
