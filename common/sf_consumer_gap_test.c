/*  sf_consumer_gap: the decision on what XINFO says, case by case, and the check against the
    real Redis and PostgreSQL: a stream trimmed past unread entries is one gap, recorded once,
    with the range and count; trimming what the group read is none, also after a gap.      */
#include "sf_consumer_gap.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <hiredis/hiredis.h>
#include <string.h>

extern const sf_migration_t common_migrations [];

static sf_gap_stream_t
s_stream (int64_t length, int64_t added, const char *first, const char *last, const char *deleted)
{
    sf_gap_stream_t stream = { .length = length, .entries_added = added };
    snprintf (stream.first_id, sizeof stream.first_id, "%s", first);
    snprintf (stream.last_generated_id, sizeof stream.last_generated_id, "%s", last);
    snprintf (stream.max_deleted_id, sizeof stream.max_deleted_id, "%s", deleted);
    return stream;
}

static sf_gap_group_t
s_group (const char *delivered, int64_t read)
{
    sf_gap_group_t group = { .entries_read = read };
    snprintf (group.last_delivered_id, sizeof group.last_delivered_id, "%s", delivered);
    return group;
}

static void
s_decisions (void)
{
    sf_gap_t gap;
    SF_CHECK (sf_consumer_gap_compare ("10-0", "9-5") > 0);
    SF_CHECK (sf_consumer_gap_compare ("10-1", "10-1") == 0);
    SF_CHECK (sf_consumer_gap_compare ("junk", "0-0") < 0);
    //  Nothing trimmed past the group: its next entry is there.
    sf_gap_stream_t stream = s_stream (10, 10, "1-0", "10-0", "0-0");
    sf_gap_group_t group = s_group ("3-0", 3);
    SF_CHECK (!sf_consumer_gap_find (&stream, &group, &gap));
    //  Trimmed up to what the group read: the first entry left is its next one.
    stream = s_stream (7, 10, "4-0", "10-0", "0-0");
    SF_CHECK (!sf_consumer_gap_find (&stream, &group, &gap));
    //  Trimmed past it: entries 4, 5, 6 missed.
    stream = s_stream (4, 10, "7-0", "10-0", "0-0");
    SF_CHECK (sf_consumer_gap_find (&stream, &group, &gap));
    SF_CHECK_STR (gap.after_id, "3-0");
    SF_CHECK_STR (gap.before_id, "7-0");
    SF_CHECK (gap.missing == 3);
    //  Everything gone: the range ends one past the last entry ever added.
    stream = s_stream (0, 10, "", "10-0", "0-0");
    SF_CHECK (sf_consumer_gap_find (&stream, &group, &gap));
    SF_CHECK_STR (gap.before_id, "10-1");
    SF_CHECK (gap.missing == 7);
    //  A group that read everything, then the stream emptied: nothing missed.
    group = s_group ("10-0", 10);
    SF_CHECK (!sf_consumer_gap_find (&stream, &group, &gap));
    //  Count unknown: a group that read something records the range; a new one does not.
    stream = s_stream (4, 10, "7-0", "10-0", "0-0");
    group = s_group ("3-0", -1);
    SF_CHECK (sf_consumer_gap_find (&stream, &group, &gap));
    SF_CHECK (gap.missing == -1);
    group = s_group ("0-0", -1);
    SF_CHECK (!sf_consumer_gap_find (&stream, &group, &gap));
    //  Before Redis 7 (no entries-added): the range, count unknown.
    stream = s_stream (4, -1, "7-0", "10-0", "0-0");
    group = s_group ("3-0", -1);
    SF_CHECK (sf_consumer_gap_find (&stream, &group, &gap) && gap.missing == -1);
    //  An XDEL after the group's position: a hole, count unknown.
    stream = s_stream (9, 10, "1-0", "10-0", "5-0");
    group = s_group ("3-0", 3);
    SF_CHECK (sf_consumer_gap_find (&stream, &group, &gap));
    SF_CHECK_STR (gap.after_id, "3-0");
    SF_CHECK_STR (gap.before_id, "5-1");
    SF_CHECK (gap.missing == -1);
}

static redisReply *
s_redis (redisContext *redis, const char *format, const char *a, const char *b)
{
    redisReply *reply = redisCommand (redis, format, a, b);
    SF_CHECK (reply && reply->type != REDIS_REPLY_ERROR);
    return reply;
}

static int64_t
s_gaps (sf_db_t *db)
{
    return sf_test_scalar (db, "SELECT count (*) FROM sf_consumer_gap", NULL);
}

//  The lag XINFO GROUPS reports for the stream's first group; -1 when it reports none.
static int64_t
s_lag (redisContext *context, const char *stream)
{
    redisReply *groups = s_redis (context, "XINFO GROUPS %s%s", stream, "");
    SF_CHECK (groups->type == REDIS_REPLY_ARRAY && groups->elements >= 1);
    redisReply *group = groups->element [0];
    int64_t lag = -1;
    for (size_t i = 0; i + 1 < group->elements; i += 2)
        if (strcmp (group->element [i]->str, "lag") == 0 && group->element [i + 1]->type == REDIS_REPLY_INTEGER)
            lag = group->element [i + 1]->integer;
    freeReplyObject (groups);
    return lag;
}

static void
s_against_redis (void)
{
    char *schema = sf_test_unique ("gap");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 0);
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:x", schema);
    redisContext *context = sf_test_redis_connect ();
    SF_CHECK (context && !context->err);
    sf_redis_t *redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")), 2000);
    char ids [10][48];
    for (int i = 0; i < 10; i++) {
        redisReply *reply = s_redis (context, "XADD %s * n %s", stream, "1");
        snprintf (ids [i], sizeof ids [i], "%s", reply->str);
        freeReplyObject (reply);
    }
    freeReplyObject (s_redis (context, "XGROUP CREATE %s %s 0", stream, "g"));
    SF_CHECK (sf_consumer_gap_check (redis, db, stream, "g") == 0);
    SF_CHECK (s_gaps (db) == 0);
    //  The group reads 3, then the stream keeps its last 4: 4..6 were never read.
    freeReplyObject (s_redis (context, "XREADGROUP GROUP g c COUNT 3 STREAMS %s %s", stream, ">"));
    freeReplyObject (s_redis (context, "XTRIM %s MAXLEN %s", stream, "4"));
    SF_CHECK (sf_consumer_gap_check (redis, db, stream, "g") == 0);
    SF_CHECK (sf_consumer_gap_check (redis, db, stream, "g") == 0);
    SF_CHECK (s_gaps (db) == 1);
    sf_rows_t *rows = sf_db_query (db, "SELECT after_id, before_id, missing FROM sf_consumer_gap", 0, NULL);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), ids [2]);
    SF_CHECK_STR (sf_rows_text (rows, 0, 1), ids [6]);
    SF_CHECK (sf_rows_int (rows, 0, 2) == 3);
    sf_rows_destroy (&rows);
    //  Redis' count of what the group read was set right: its lag is the 4 entries left.
    SF_CHECK (s_lag (context, stream) == 4);
    //  The group reads on and everything it read is trimmed: no new gap.
    freeReplyObject (s_redis (context, "XREADGROUP GROUP g c COUNT 100 STREAMS %s %s", stream, ">"));
    freeReplyObject (s_redis (context, "XTRIM %s MAXLEN %s", stream, "0"));
    SF_CHECK (sf_consumer_gap_check (redis, db, stream, "g") == 0);
    SF_CHECK (s_gaps (db) == 1);
    //  A second gap is counted on its own.
    for (int i = 0; i < 5; i++)
        freeReplyObject (s_redis (context, "XADD %s * n %s", stream, "2"));
    freeReplyObject (s_redis (context, "XREADGROUP GROUP g c COUNT 1 STREAMS %s %s", stream, ">"));
    freeReplyObject (s_redis (context, "XTRIM %s MAXLEN %s", stream, "2"));
    SF_CHECK (sf_consumer_gap_check (redis, db, stream, "g") == 0);
    SF_CHECK (s_gaps (db) == 2);
    SF_CHECK (sf_test_scalar (db, "SELECT max (missing) FROM sf_consumer_gap WHERE missing <> 3", NULL) == 2);
    //  A group that is not there (yet): nothing to say, the read creates it.
    SF_CHECK (sf_consumer_gap_check (redis, db, stream, "nobody") == 0);
    freeReplyObject (s_redis (context, "DEL %s%s", stream, ""));
    sf_redis_destroy (&redis);
    redisFree (context);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
}

int
main (void)
{
    s_decisions ();
    s_against_redis ();
    printf ("sf_consumer_gap: ok\n");
    return 0;
}
