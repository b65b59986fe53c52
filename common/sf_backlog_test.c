/*  sf_backlog_test: lag, pending, oldest unapplied age and dead letters as Redis has them,
    the near-cap warning raised once per crossing on the alerts stream, and the outbox
    figures, against the Redis and PostgreSQL that deploy/test started.                     */
#include "sf_backlog.h"
#include "sf_clock.h"
#include "sf_redis.h"
#include "sf_testkit.h"

#include <czmq.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define HOUR_MS ((int64_t) 3600 * 1000)

static sf_redis_t *s_redis;

static void
s_call (int argc, const char **argv)
{
    redisReply *reply = sf_redis_command (s_redis, argc, argv, NULL);
    SF_CHECK (reply && reply->type != REDIS_REPLY_ERROR);
    freeReplyObject (reply);
}

static void
s_add (const char *stream, const char *id)
{
    const char *argv [] = { "XADD", stream, id, "id", "x", "type", "test.event", "plant", "", "env", "" };
    s_call (11, argv);
}

static int64_t
s_xlen (const char *stream)
{
    redisReply *reply = sf_redis_call (s_redis, "XLEN", stream, NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
    int64_t length = reply->integer;
    freeReplyObject (reply);
    return length;
}

//  Reads count new entries into the group (delivered, not acknowledged).
static void
s_deliver (const char *stream, const char *group, const char *count)
{
    const char *argv [] = { "XREADGROUP", "GROUP", group, "c1", "COUNT", count, "STREAMS", stream, ">" };
    s_call (9, argv);
}

static const Sf__GroupHealth *
s_group (const sf_health_t *health, const char *stream)
{
    for (size_t i = 0; i < health->group_count; i++)
        if (strcmp (health->groups [i]->stream, stream) == 0)
            return health->groups [i];
    SF_CHECK (!"group not in health");
    return NULL;
}

//  The alerts stream's last entry decodes as a near-cap warning naming stream.
static void
s_check_alert (const char *alerts, const char *stream, int64_t lag)
{
    redisReply *reply = sf_redis_call (s_redis, "XREVRANGE", alerts, "+", "-", "COUNT", "1", NULL);
    SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 1);
    const redisReply *fields = reply->element [0]->element [1];
    const redisReply *env = NULL;
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (strcmp (fields->element [i]->str, "env") == 0)
            env = fields->element [i + 1];
    SF_CHECK (env);
    Sf__Event *event = sf__event__unpack (NULL, env->len, (const uint8_t *) env->str);
    SF_CHECK (event);
    SF_CHECK_STR (event->type, SF_BACKLOG_NEAR_CAP_TYPE);
    SF_CHECK_STR (event->payload_type, "sf.GroupHealth");
    SF_CHECK_STR (event->actor->user_id, "backlog-test");
    Sf__GroupHealth *figures = sf__group_health__unpack (NULL, event->payload.len, event->payload.data);
    SF_CHECK (figures);
    SF_CHECK_STR (figures->stream, stream);
    SF_CHECK (figures->lag == lag && figures->near_cap);
    sf__group_health__free_unpacked (figures, NULL);
    sf__event__free_unpacked (event, NULL);
    freeReplyObject (reply);
}

static void
test_figures_and_warnings (void)
{
    char *busy = sf_test_unique ("sf:test:backlog:busy");
    char *old = sf_test_unique ("sf:test:backlog:old");
    char *missing = sf_test_unique ("sf:test:backlog:missing");
    char *alerts = sf_test_unique ("sf:test:backlog:alerts");
    char dead [128];
    snprintf (dead, sizeof dead, "%s:dead", busy);
    const char *create_busy [] = { "XGROUP", "CREATE", busy, "g", "0", "MKSTREAM" };
    s_call (6, create_busy);
    for (int i = 0; i < 10; i++)
        s_add (busy, "*");
    //  One entry added 23 hours ago: past 80% of a one-day age cap, with a lag of one.
    char old_id [48];
    snprintf (old_id, sizeof old_id, "%" PRId64 "-1", sf_clock_wall_ms () - 23 * HOUR_MS);
    s_add (old, old_id);
    const char *create_old [] = { "XGROUP", "CREATE", old, "g", "0" };
    s_call (5, create_old);

    sf_backlog_options_t options = {
        .daemon = "backlog-test",
        .redis_host = sf_test_env ("SF_REDIS_HOST"), .redis_port = atoi (sf_test_env ("SF_REDIS_PORT")),
        .caps = { .stream_maxlen = 10, .stream_days = 1, .inbox_days = 2, .outbox_days = 1, .warn_percent = 80 },
        .alerts_stream = alerts,
    };
    sf_backlog_t *backlog = sf_backlog_new (&options);
    sf_backlog_add_group (backlog, busy, "g");
    sf_backlog_add_group (backlog, old, "g");
    sf_backlog_add_group (backlog, missing, "g");

    sf_health_t health = { 0 };
    sf_backlog_fill (backlog, &health);
    SF_CHECK (health.backlog_checked_ms_ago == -1 && health.group_count == 3);
    SF_CHECK (s_group (&health, busy)->lag == -1);
    sf_health_clear (&health);

    SF_CHECK (sf_backlog_look (backlog) == 0);
    sf_backlog_fill (backlog, &health);
    SF_CHECK (health.backlog_checked_ms_ago >= 0 && health.backlog_checked_ms_ago < 1000);
    SF_CHECK (health.stream_maxlen == 10 && health.stream_max_age_ms == 24 * HOUR_MS);
    const Sf__GroupHealth *figures = s_group (&health, busy);
    SF_CHECK_STR (figures->group, "g");
    SF_CHECK (figures->lag == 10 && figures->pending == 0 && figures->dead_letters == 0);
    SF_CHECK (figures->stream_length == 10 && figures->near_cap);
    SF_CHECK (figures->oldest_unapplied_ms_ago >= 0 && figures->oldest_unapplied_ms_ago < 5000);
    figures = s_group (&health, old);
    SF_CHECK (figures->lag == 1 && figures->near_cap);
    SF_CHECK (figures->oldest_unapplied_ms_ago >= 23 * HOUR_MS - 1000);
    figures = s_group (&health, missing);
    SF_CHECK (figures->lag == -1 && figures->pending == -1 && figures->oldest_unapplied_ms_ago == -1);
    SF_CHECK (!figures->near_cap && figures->stream_length == 0);
    sf_health_clear (&health);
    //  One warning per group that crossed a cap; looking again raises none.
    SF_CHECK (s_xlen (alerts) == 2);
    SF_CHECK (sf_backlog_look (backlog) == 0);
    SF_CHECK (s_xlen (alerts) == 2);

    //  Half delivered: lag 5, pending 5, below the re-arm mark (7): the warning re-arms.
    s_deliver (busy, "g", "5");
    const char *dead_entry [] = { "XADD", dead, "*", "orig_id", "1-1", "reason", "test" };
    s_call (7, dead_entry);
    SF_CHECK (sf_backlog_look (backlog) == 0);
    sf_backlog_fill (backlog, &health);
    figures = s_group (&health, busy);
    SF_CHECK (figures->lag == 5 && figures->pending == 5 && figures->dead_letters == 1 && !figures->near_cap);
    sf_health_clear (&health);
    SF_CHECK (s_xlen (alerts) == 2);
    //  Crossing again raises a second warning.
    for (int i = 0; i < 5; i++)
        s_add (busy, "*");
    SF_CHECK (sf_backlog_look (backlog) == 0);
    SF_CHECK (s_xlen (alerts) == 3);
    s_check_alert (alerts, busy, 10);
    sf_backlog_destroy (&backlog);
    SF_CHECK (backlog == NULL);
    freeReplyObject (sf_redis_call (s_redis, "DEL", busy, old, alerts, dead, NULL));
    free (busy);
    free (old);
    free (missing);
    free (alerts);
}

//  Started, the actor looks on its own, at once and then every interval.
static void
test_actor (void)
{
    char *stream = sf_test_unique ("sf:test:backlog:actor");
    const char *create [] = { "XGROUP", "CREATE", stream, "g", "0", "MKSTREAM" };
    s_call (6, create);
    sf_backlog_options_t options = {
        .daemon = "backlog-test",
        .redis_host = sf_test_env ("SF_REDIS_HOST"), .redis_port = atoi (sf_test_env ("SF_REDIS_PORT")),
        .interval_ms = 100,
        .caps = { .stream_maxlen = 1000000, .stream_days = 7, .inbox_days = 30, .outbox_days = 7, .warn_percent = 80 },
        .alerts_stream = "sf:test:backlog:unused",
    };
    sf_backlog_t *backlog = sf_backlog_new (&options);
    sf_backlog_add_group (backlog, stream, "g");
    sf_backlog_start (backlog);
    s_add (stream, "*");
    int64_t lag = -1;
    for (int attempt = 0; attempt < 50 && lag != 1; attempt++) {
        zclock_sleep (50);
        sf_health_t health = { 0 };
        sf_backlog_fill (backlog, &health);
        lag = health.groups [0]->lag;
        sf_health_clear (&health);
    }
    SF_CHECK (lag == 1);
    sf_backlog_destroy (&backlog);
    freeReplyObject (sf_redis_call (s_redis, "DEL", stream, NULL));
    free (stream);
}

static void
test_outbox (void)
{
    char *schema = sf_test_unique ("sf_backlog_test");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_db_exec (db, "CREATE TABLE sf_outbox (id bigserial PRIMARY KEY, "
                              "created_at timestamptz NOT NULL DEFAULT now (), published_at timestamptz)", 0, NULL) >= 0);
    int64_t unpublished = -1, oldest = -1;
    SF_CHECK (sf_backlog_outbox (db, &unpublished, &oldest) == 0);
    SF_CHECK (unpublished == 0 && oldest == 0);
    SF_CHECK (sf_db_exec (db, "INSERT INTO sf_outbox (created_at, published_at) VALUES "
                              "(now () - interval '1 hour', now ()), (now () - interval '5 seconds', NULL), "
                              "(now (), NULL)", 0, NULL) == 3);
    SF_CHECK (sf_backlog_outbox (db, &unpublished, &oldest) == 0);
    SF_CHECK (unpublished == 2 && oldest >= 5000 && oldest < 60000);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
}

int
main (void)
{
    s_redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")), 2000);
    SF_CHECK (sf_redis_ensure (s_redis));
    test_figures_and_warnings ();
    test_actor ();
    test_outbox ();
    sf_redis_destroy (&s_redis);
    printf ("sf_backlog_test: OK\n");
    return 0;
}
