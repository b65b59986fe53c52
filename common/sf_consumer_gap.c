/*  sf_consumer_gap: one MULTI of XINFO GROUPS and XINFO STREAM, a pure decision on what they
    say, and an INSERT for a gap found.                                                      */
#include "sf_consumer_gap.h"
#include "sf_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SF_GAP_COMMANDS 4       //  MULTI, XINFO GROUPS, XINFO STREAM, EXEC

static int
s_parse_id (const char *id, int64_t *ms, int64_t *seq)
{
    int end = 0;
    if (!id || sscanf (id, "%" SCNd64 "-%" SCNd64 "%n", ms, seq, &end) != 2 || id [end] || *ms < 0 || *seq < 0)
        return -1;
    return 0;
}

int
sf_consumer_gap_compare (const char *a, const char *b)
{
    int64_t a_ms = -1, a_seq = -1, b_ms = -1, b_seq = -1;
    if (s_parse_id (a, &a_ms, &a_seq))
        a_ms = a_seq = -1;
    if (s_parse_id (b, &b_ms, &b_seq))
        b_ms = b_seq = -1;
    if (a_ms != b_ms)
        return a_ms < b_ms? -1: 1;
    if (a_seq != b_seq)
        return a_seq < b_seq? -1: 1;
    return 0;
}

bool
sf_consumer_gap_find (const sf_gap_stream_t *stream, const sf_gap_group_t *group, sf_gap_t *gap)
{
    const char *delivered = group->last_delivered_id;
    //  The entry after which the group would go on reading: the first one left, or, in an
    //  empty stream, one past the last ever added.
    char next [SF_GAP_ID_SIZE];
    int64_t ms, seq;
    if (stream->length > 0)
        snprintf (next, sizeof next, "%s", stream->first_id);
    else
    if (s_parse_id (stream->last_generated_id, &ms, &seq) == 0)
        snprintf (next, sizeof next, "%" PRId64 "-%" PRId64, ms, seq + 1);
    else
        return false;
    int64_t missing = -1;
    if (sf_consumer_gap_compare (stream->max_deleted_id, delivered) > 0) {
        //  XDEL after the group's position: a hole up to the last entry deleted, count unknown.
        if (s_parse_id (stream->max_deleted_id, &ms, &seq))
            return false;
        char hole_end [SF_GAP_ID_SIZE];
        snprintf (hole_end, sizeof hole_end, "%" PRId64 "-%" PRId64, ms, seq + 1);
        if (sf_consumer_gap_compare (hole_end, next) > 0)
            snprintf (next, sizeof next, "%s", hole_end);
    }
    else
    if (sf_consumer_gap_compare (next, delivered) <= 0)
        return false;               //  what follows the group's position is all still there
    else
    if (stream->entries_added >= 0 && group->entries_read >= 0) {
        missing = stream->entries_added - stream->length - group->entries_read;
        if (missing <= 0)
            return false;
    }
    else
    if (sf_consumer_gap_compare (delivered, "0-0") == 0)
        return false;               //  a group created after those entries left
    snprintf (gap->after_id, sizeof gap->after_id, "%s", delivered);
    snprintf (gap->before_id, sizeof gap->before_id, "%s", next);
    gap->missing = missing;
    return true;
}

//  The value of name in a RESP2 flat map, or NULL.
static const redisReply *
s_field (const redisReply *map, const char *name)
{
    if (!map || map->type != REDIS_REPLY_ARRAY)
        return NULL;
    for (size_t i = 0; i + 1 < map->elements; i += 2)
        if (map->element [i]->type == REDIS_REPLY_STRING && strcmp (map->element [i]->str, name) == 0)
            return map->element [i + 1];
    return NULL;
}

static int
s_copy_id (const redisReply *value, char *id)
{
    if (!value || value->type != REDIS_REPLY_STRING || value->len >= SF_GAP_ID_SIZE)
        return -1;
    snprintf (id, SF_GAP_ID_SIZE, "%s", value->str);
    return 0;
}

int
sf_consumer_gap_parse_stream (const redisReply *reply, sf_gap_stream_t *stream)
{
    const redisReply *length = s_field (reply, "length");
    const redisReply *added = s_field (reply, "entries-added");
    const redisReply *first = s_field (reply, "first-entry");
    const redisReply *deleted = s_field (reply, "max-deleted-entry-id");
    if (!length || length->type != REDIS_REPLY_INTEGER
    ||  s_copy_id (s_field (reply, "last-generated-id"), stream->last_generated_id))
        return -1;
    stream->length = length->integer;
    stream->entries_added = added && added->type == REDIS_REPLY_INTEGER? added->integer: -1;
    if (!deleted || s_copy_id (deleted, stream->max_deleted_id))
        snprintf (stream->max_deleted_id, sizeof stream->max_deleted_id, "0-0");
    stream->first_id [0] = 0;
    if (first && first->type == REDIS_REPLY_ARRAY && first->elements >= 1) {
        if (s_copy_id (first->element [0], stream->first_id))
            return -1;
    }
    else
    if (stream->length > 0)
        return -1;
    return 0;
}

int
sf_consumer_gap_parse_groups (const redisReply *reply, const char *group, sf_gap_group_t *found)
{
    if (!reply || reply->type != REDIS_REPLY_ARRAY)
        return -1;
    for (size_t i = 0; i < reply->elements; i++) {
        const redisReply *name = s_field (reply->element [i], "name");
        if (!name || name->type != REDIS_REPLY_STRING || strcmp (name->str, group) != 0)
            continue;
        const redisReply *read = s_field (reply->element [i], "entries-read");
        found->entries_read = read && read->type == REDIS_REPLY_INTEGER? read->integer: -1;
        return s_copy_id (s_field (reply->element [i], "last-delivered-id"), found->last_delivered_id);
    }
    return 1;
}

//  True (1) when this very gap was recorded before (the group has not moved on since); 0 if
//  not; -1 when the database cannot tell.
static int
s_known (sf_db_t *db, const char *stream, const char *group, const sf_gap_t *gap)
{
    const char *values [] = { stream, group, gap->after_id };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT count (*) FROM sf_consumer_gap WHERE stream = $1 AND consumer_group = $2 AND after_id = $3",
        3, values);
    if (!rows) {
        sf_warn ("consumer %s/%s: the gaps recorded before could not be read: %s; not reading on until they are",
                 stream, group, sf_db_error (db));
        return -1;
    }
    int known = sf_rows_int (rows, 0, 0) > 0;
    sf_rows_destroy (&rows);
    return known;
}

//  Redis 7.0 goes on counting a group's entries-read from where it was: after a gap it would
//  stay short by the entries missed for good (its lag too high, every later trim a false
//  gap). The group has now passed, read or missed, every entry that left the stream:
//  entries-added - length. XGROUP SETID ... ENTRIESREAD says so, at the same position.
static void
s_realign (sf_redis_t *redis, const char *stream, const char *group, const sf_gap_stream_t *state,
           const sf_gap_group_t *position)
{
    if (state->entries_added < 0)
        return;
    char entries_read [24];
    snprintf (entries_read, sizeof entries_read, "%" PRId64, state->entries_added - state->length);
    redisReply *reply = sf_redis_call (redis, "XGROUP", "SETID", stream, group, position->last_delivered_id,
                                       "ENTRIESREAD", entries_read, NULL);
    if (!reply || reply->type == REDIS_REPLY_ERROR)
        sf_warn ("consumer %s/%s: the group's count of entries read could not be set right (%s): its "
                 "lag reads high until it is", stream, group, reply? reply->str: sf_redis_error (redis));
    if (reply)
        freeReplyObject (reply);
}

//  Records the gap; logs it when it is new.
static int
s_record (sf_db_t *db, const char *stream, const char *group, sf_gap_t *gap)
{
    int known = s_known (db, stream, group, gap);
    if (known)
        return known < 0? -1: 0;
    char missing [24];
    snprintf (missing, sizeof missing, "%" PRId64, gap->missing);
    const char *values [] = { stream, group, gap->after_id, gap->before_id, missing };
    int64_t inserted = sf_db_exec (db,
        "INSERT INTO sf_consumer_gap (stream, consumer_group, after_id, before_id, missing) "
        "VALUES ($1, $2, $3, $4, $5::bigint) ON CONFLICT DO NOTHING", 5, values);
    if (inserted < 0) {
        sf_warn ("consumer %s/%s: a gap after %s could not be recorded: %s; not reading on until it is",
                 stream, group, gap->after_id, sf_db_error (db));
        return -1;
    }
    if (inserted > 0)
        sf_error ("consumer %s/%s: entries after %s and before %s (%s) %s trimmed from the stream "
                  "before this group read them; asking their producer to publish them again",
                  stream, group, gap->after_id, gap->before_id, gap->missing >= 0? missing: "how many unknown",
                  gap->missing >= 0? "were": "may have been");
    return 0;
}

int
sf_consumer_gap_check (sf_redis_t *redis, sf_db_t *db, const char *stream, const char *group)
{
    const char *multi [] = { "MULTI" };
    const char *groups [] = { "XINFO", "GROUPS", stream };
    const char *info [] = { "XINFO", "STREAM", stream };
    const char *exec [] = { "EXEC" };
    sf_redis_cmd_t commands [SF_GAP_COMMANDS] = {
        { 1, multi, NULL }, { 3, groups, NULL }, { 3, info, NULL }, { 1, exec, NULL }
    };
    redisReply *replies [SF_GAP_COMMANDS] = { NULL };
    if (sf_redis_pipeline (redis, SF_GAP_COMMANDS, commands, replies)) {
        sf_warn ("consumer %s/%s: XINFO failed: %s", stream, group, sf_redis_error (redis));
        return -1;
    }
    const redisReply *both = replies [SF_GAP_COMMANDS - 1];
    sf_gap_stream_t state;
    sf_gap_group_t position;
    int rc = 0;
    int listed = both->type == REDIS_REPLY_ARRAY && both->elements == 2?
                 sf_consumer_gap_parse_groups (both->element [0], group, &position): -1;
    if (listed == 0 && sf_consumer_gap_parse_stream (both->element [1], &state) == 0) {
        sf_gap_t gap;
        if (sf_consumer_gap_find (&state, &position, &gap)) {
            rc = s_record (db, stream, group, &gap);
            if (rc == 0)
                s_realign (redis, stream, group, &state, &position);
        }
    }
    else
    //  A group or stream that is gone: the read that follows fails and creates them again.
    if (listed != 1 && !(both->type == REDIS_REPLY_ARRAY && both->elements == 2
                         && both->element [1]->type == REDIS_REPLY_ERROR))
        sf_warn ("consumer %s/%s: XINFO answered %s; cannot tell whether entries were trimmed unread",
                 stream, group, both->type == REDIS_REPLY_ERROR? both->str: "an unexpected reply");
    for (int i = 0; i < SF_GAP_COMMANDS; i++)
        freeReplyObject (replies [i]);
    return rc;
}
