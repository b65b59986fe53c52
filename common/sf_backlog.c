/*  sf_backlog: one look is two pipelines (figures, then the first undelivered entry of each
    group), then the caps. Figures live in atomics per group: written by the looking thread,
    read by health on the request thread.                                                   */
#include "sf_actor.h"
#include "sf_backlog.h"
#include "sf_clock.h"
#include "sf_codec.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_redis.h"
#include "sf_uuid.h"

#include <assert.h>
#include <czmq.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_BACKLOG_INTERVAL_MS   1000
#define SF_BACKLOG_TIMEOUT_MS    1000
#define SF_BACKLOG_GROUPS_MAX    32
#define SF_BACKLOG_PER_GROUP     4       //  XINFO GROUPS, XPENDING, XLEN dead, XLEN stream
#define SF_BACKLOG_ALERTS_MAXLEN "100000"    //  warnings are rare: weeks of them
#define SF_BACKLOG_ID_MAX        48

typedef struct {
    char *stream;
    char *group;
    char *dead_stream;
    atomic_llong lag;
    atomic_llong pending;
    atomic_llong oldest_ms_ago;
    atomic_llong dead_letters;
    atomic_llong length;
    atomic_bool near_cap;
    bool warned;                        //  the looking thread's: raised, not yet re-armed
} s_group_t;

struct _sf_backlog_t {
    sf_backlog_options_t options;       //  strings below are our copies
    char *daemon;
    char *redis_host;
    char *alerts_stream;
    s_group_t groups [SF_BACKLOG_GROUPS_MAX];
    size_t group_count;
    sf_redis_t *redis;                  //  the looking thread's
    zactor_t *actor;
    atomic_llong checked_ms;            //  monotonic time of the last complete look; 0 never
};

//  What one look learns of a group before it is stored.
typedef struct {
    int64_t lag, pending, dead_letters, length;
    int64_t oldest_pending_ms;          //  entry id time; -1 when nothing is pending
    char last_delivered [SF_BACKLOG_ID_MAX];
    bool known;                         //  the group exists
} s_look_t;

sf_backlog_t *
sf_backlog_new (const sf_backlog_options_t *options)
{
    sf_backlog_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->daemon = strdup (options->daemon? options->daemon: "");
    self->redis_host = strdup (options->redis_host);
    self->alerts_stream = strdup (options->alerts_stream);
    assert (self->daemon && self->redis_host && self->alerts_stream);
    if (self->options.redis_timeout_ms <= 0)
        self->options.redis_timeout_ms = SF_BACKLOG_TIMEOUT_MS;
    if (self->options.interval_ms <= 0)
        self->options.interval_ms = SF_BACKLOG_INTERVAL_MS;
    self->redis = sf_redis_new (self->redis_host, options->redis_port, self->options.redis_timeout_ms);
    return self;
}

void
sf_backlog_destroy (sf_backlog_t **self_p)
{
    sf_backlog_t *self = *self_p;
    if (!self)
        return;
    zactor_destroy (&self->actor);
    for (size_t i = 0; i < self->group_count; i++) {
        free (self->groups [i].stream);
        free (self->groups [i].group);
        free (self->groups [i].dead_stream);
    }
    sf_redis_destroy (&self->redis);
    free (self->daemon);
    free (self->redis_host);
    free (self->alerts_stream);
    free (self);
    *self_p = NULL;
}

void
sf_backlog_add_group (sf_backlog_t *self, const char *stream, const char *group)
{
    assert (!self->actor);
    assert (self->group_count < SF_BACKLOG_GROUPS_MAX);
    s_group_t *entry = &self->groups [self->group_count++];
    entry->stream = strdup (stream);
    entry->group = strdup (group);
    int written = asprintf (&entry->dead_stream, "%s:dead", stream);
    assert (entry->stream && entry->group && written > 0);
    atomic_store (&entry->lag, -1);
    atomic_store (&entry->pending, -1);
    atomic_store (&entry->oldest_ms_ago, -1);
    atomic_store (&entry->dead_letters, -1);
    atomic_store (&entry->length, -1);
}

//  The time part of an entry id "ms-seq"; -1 when it is not one.
static int64_t
s_id_ms (const char *id)
{
    int64_t ms;
    return id && sscanf (id, "%" SCNd64, &ms) == 1 && ms >= 0? ms: -1;
}

static int64_t
s_integer (const redisReply *reply)
{
    return reply && reply->type == REDIS_REPLY_INTEGER? reply->integer: -1;
}

//  The value after key in a flat [key, value, ...] reply, or NULL.
static const redisReply *
s_value (const redisReply *map, const char *key)
{
    for (size_t i = 0; map->type == REDIS_REPLY_ARRAY && i + 1 < map->elements; i += 2)
        if (map->element [i]->type == REDIS_REPLY_STRING && strcmp (map->element [i]->str, key) == 0)
            return map->element [i + 1];
    return NULL;
}

//  Our group in an XINFO GROUPS reply.
static void
s_read_groups (const redisReply *reply, const char *group, s_look_t *look)
{
    for (size_t i = 0; reply && reply->type == REDIS_REPLY_ARRAY && i < reply->elements; i++) {
        const redisReply *name = s_value (reply->element [i], "name");
        if (!name || name->type != REDIS_REPLY_STRING || strcmp (name->str, group))
            continue;
        const redisReply *last = s_value (reply->element [i], "last-delivered-id");
        if (!last || last->type != REDIS_REPLY_STRING)
            return;
        snprintf (look->last_delivered, sizeof look->last_delivered, "%s", last->str);
        look->lag = s_integer (s_value (reply->element [i], "lag"));    //  nil: Redis cannot tell
        look->pending = s_integer (s_value (reply->element [i], "pending"));
        look->known = true;
        return;
    }
}

//  XPENDING's summary: [count, smallest id, greatest id, consumers].
static void
s_read_pending (const redisReply *reply, s_look_t *look)
{
    look->oldest_pending_ms = -1;
    if (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements >= 2
    &&  reply->element [1]->type == REDIS_REPLY_STRING)
        look->oldest_pending_ms = s_id_ms (reply->element [1]->str);
}

//  Redis' TIME as epoch milliseconds; -1 when the reply is not one.
static int64_t
s_redis_now_ms (const redisReply *reply)
{
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2
    ||  reply->element [0]->type != REDIS_REPLY_STRING || reply->element [1]->type != REDIS_REPLY_STRING)
        return -1;
    return atoll (reply->element [0]->str) * 1000 + atoll (reply->element [1]->str) / 1000;
}

//  First pipeline: TIME, then each group's figures. Returns Redis' time, or -1.
static int64_t
s_look_figures (sf_backlog_t *self, s_look_t *looks)
{
    size_t count = 1 + SF_BACKLOG_PER_GROUP * self->group_count;
    sf_redis_cmd_t *commands = calloc (count, sizeof *commands);
    const char **argv = calloc (count * 4, sizeof *argv);
    redisReply **replies = calloc (count, sizeof *replies);
    assert (commands && argv && replies);
    const char **arg = argv;
    commands [0] = (sf_redis_cmd_t) { .argc = 1, .argv = arg };
    *arg++ = "TIME";
    for (size_t i = 0; i < self->group_count; i++) {
        s_group_t *group = &self->groups [i];
        sf_redis_cmd_t *command = &commands [1 + SF_BACKLOG_PER_GROUP * i];
        command [0] = (sf_redis_cmd_t) { .argc = 3, .argv = arg };
        *arg++ = "XINFO"; *arg++ = "GROUPS"; *arg++ = group->stream;
        command [1] = (sf_redis_cmd_t) { .argc = 3, .argv = arg };
        *arg++ = "XPENDING"; *arg++ = group->stream; *arg++ = group->group;
        command [2] = (sf_redis_cmd_t) { .argc = 2, .argv = arg };
        *arg++ = "XLEN"; *arg++ = group->dead_stream;
        command [3] = (sf_redis_cmd_t) { .argc = 2, .argv = arg };
        *arg++ = "XLEN"; *arg++ = group->stream;
    }
    int64_t now_ms = -1;
    if (sf_redis_pipeline (self->redis, count, commands, replies) == 0) {
        now_ms = s_redis_now_ms (replies [0]);
        for (size_t i = 0; i < self->group_count; i++) {
            redisReply **reply = &replies [1 + SF_BACKLOG_PER_GROUP * i];
            s_look_t *look = &looks [i];
            //  No stream yet ("no such key") or no group yet: not known, nothing waits.
            if (reply [0]->type == REDIS_REPLY_ARRAY)
                s_read_groups (reply [0], self->groups [i].group, look);
            if (look->known)
                s_read_pending (reply [1], look);
            look->dead_letters = s_integer (reply [2]);
            look->length = s_integer (reply [3]);
        }
        for (size_t i = 0; i < count; i++)
            freeReplyObject (replies [i]);
    }
    free (commands);
    free (argv);
    free (replies);
    return now_ms;
}

//  Second pipeline: the first entry after each known group's last-delivered id. Fills
//  oldest_ms (entry id times) with the older of that and the oldest pending. Returns 0 or -1.
static int
s_look_undelivered (sf_backlog_t *self, s_look_t *looks, int64_t *oldest_ms)
{
    size_t count = self->group_count;
    sf_redis_cmd_t *commands = calloc (count, sizeof *commands);
    const char **argv = calloc (count * 6, sizeof *argv);
    char (*after) [SF_BACKLOG_ID_MAX + 1] = calloc (count, sizeof *after);
    redisReply **replies = calloc (count, sizeof *replies);
    assert (commands && argv && after && replies);
    size_t asked = 0;
    size_t *which = calloc (count, sizeof *which);
    assert (which);
    for (size_t i = 0; i < count; i++) {
        oldest_ms [i] = looks [i].known? looks [i].oldest_pending_ms: -1;
        if (!looks [i].known)
            continue;
        snprintf (after [i], sizeof after [i], "(%s", looks [i].last_delivered);
        const char **arg = &argv [asked * 6];
        arg [0] = "XRANGE"; arg [1] = self->groups [i].stream; arg [2] = after [i];
        arg [3] = "+"; arg [4] = "COUNT"; arg [5] = "1";
        commands [asked] = (sf_redis_cmd_t) { .argc = 6, .argv = arg };
        which [asked++] = i;
    }
    int rc = asked && sf_redis_pipeline (self->redis, asked, commands, replies)? -1: 0;
    for (size_t k = 0; rc == 0 && k < asked; k++) {
        const redisReply *reply = replies [k];
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 1
        &&  reply->element [0]->type == REDIS_REPLY_ARRAY && reply->element [0]->elements >= 1
        &&  reply->element [0]->element [0]->type == REDIS_REPLY_STRING) {
            int64_t first = s_id_ms (reply->element [0]->element [0]->str);
            size_t i = which [k];
            if (first >= 0 && (oldest_ms [i] < 0 || first < oldest_ms [i]))
                oldest_ms [i] = first;
        }
    }
    for (size_t k = 0; rc == 0 && k < asked; k++)
        freeReplyObject (replies [k]);
    free (commands);
    free (argv);
    free (after);
    free (replies);
    free (which);
    return rc;
}

static Sf__GroupHealth *
s_group_health (s_group_t *group)
{
    Sf__GroupHealth *health = sf_pb_new (&sf__group_health__descriptor);
    health->stream = strdup (group->stream);
    health->group = strdup (group->group);
    assert (health->stream && health->group);
    health->lag = atomic_load (&group->lag);
    health->pending = atomic_load (&group->pending);
    health->oldest_unapplied_ms_ago = atomic_load (&group->oldest_ms_ago);
    health->dead_letters = atomic_load (&group->dead_letters);
    health->near_cap = atomic_load (&group->near_cap);
    health->stream_length = atomic_load (&group->length);
    return health;
}

//  The warning as an sf.Event on the alerts stream, fields as the relays write them (id,
//  type, plant, env). Returns 0, or -1 when Redis did not take it.
static int
s_raise (sf_backlog_t *self, s_group_t *group)
{
    Sf__GroupHealth *figures = s_group_health (group);
    char event_id [SF_UUID_LEN + 1];
    sf_uuid_generate (event_id);
    char aggregate [256];
    snprintf (aggregate, sizeof aggregate, "%s@%s", group->group, group->stream);
    Sf__Actor actor = SF__ACTOR__INIT;
    actor.user_id = self->daemon;
    Sf__Event event = SF__EVENT__INIT;
    event.event_id = event_id;
    event.type = SF_BACKLOG_NEAR_CAP_TYPE;
    event.aggregate_type = "sf.consumer_group";
    event.aggregate_id = aggregate;
    event.occurred_ms = sf_clock_wall_ms ();
    event.actor = &actor;
    event.payload_type = (char *) sf__group_health__descriptor.name;
    event.payload.data = sf_codec_pack (&figures->base, &event.payload.len);
    size_t size;
    uint8_t *envelope = sf_codec_pack (&event.base, &size);
    const char *argv [] = {
        "XADD", self->alerts_stream, "MAXLEN", "~", SF_BACKLOG_ALERTS_MAXLEN, "*",
        "id", event_id, "type", SF_BACKLOG_NEAR_CAP_TYPE, "plant", "", "env", (const char *) envelope
    };
    size_t argc = sizeof argv / sizeof argv [0];
    size_t argvlen [sizeof argv / sizeof argv [0]];
    for (size_t i = 0; i + 1 < argc; i++)
        argvlen [i] = strlen (argv [i]);
    argvlen [argc - 1] = size;
    redisReply *reply = sf_redis_command (self->redis, (int) argc, argv, argvlen);
    if (reply)
        freeReplyObject (reply);
    sf_log_ctx_t ctx = { .event_id = event_id };
    if (reply)
        sf_log (SF_LOG_WARN, &ctx, "consumer %s/%s is near a stream cap: lag %" PRId64 " of %" PRId64
                " entries, oldest unapplied %" PRId64 " s of %" PRId64 " s; past either cap, events are "
                "trimmed before they are applied (warning on %s)", group->stream, group->group,
                figures->lag, self->options.caps.stream_maxlen, figures->oldest_unapplied_ms_ago / 1000,
                sf_caps_max_age_ms (&self->options.caps) / 1000, self->alerts_stream);
    free (envelope);
    free (event.payload.data);
    sf_pb_destroy (&figures);
    return reply? 0: -1;
}

//  Raises a group's warning when it crosses the mark, re-arms it once it is well below.
static void
s_watch_caps (sf_backlog_t *self, s_group_t *group)
{
    int64_t lag = atomic_load (&group->lag);
    int64_t oldest = atomic_load (&group->oldest_ms_ago);
    const sf_caps_t *caps = &self->options.caps;
    atomic_store (&group->near_cap, sf_caps_near (caps, lag, oldest));
    if (!group->warned && sf_caps_near (caps, lag, oldest))
        group->warned = s_raise (self, group) == 0;
    else
    if (group->warned && sf_caps_clear (caps, lag, oldest)) {
        group->warned = false;
        sf_info ("consumer %s/%s is back below the stream caps (lag %" PRId64 ", oldest unapplied %" PRId64 " s)",
                 group->stream, group->group, lag, oldest / 1000);
    }
}

int
sf_backlog_look (sf_backlog_t *self)
{
    if (!self->group_count) {
        atomic_store (&self->checked_ms, sf_clock_mono_ms ());
        return 0;
    }
    if (!sf_redis_ensure (self->redis))
        return -1;
    s_look_t looks [SF_BACKLOG_GROUPS_MAX];
    memset (looks, 0, sizeof looks);
    int64_t oldest_ms [SF_BACKLOG_GROUPS_MAX];
    int64_t now_ms = s_look_figures (self, looks);
    if (now_ms < 0 || s_look_undelivered (self, looks, oldest_ms))
        return -1;
    for (size_t i = 0; i < self->group_count; i++) {
        s_group_t *group = &self->groups [i];
        s_look_t *look = &looks [i];
        atomic_store (&group->dead_letters, look->dead_letters < 0? 0: look->dead_letters);
        atomic_store (&group->length, look->length < 0? 0: look->length);
        atomic_store (&group->lag, look->known? look->lag: -1);
        atomic_store (&group->pending, look->known? look->pending: -1);
        int64_t age = oldest_ms [i] < 0? 0: now_ms - oldest_ms [i];
        atomic_store (&group->oldest_ms_ago, !look->known? -1: age < 0? 0: age);
    }
    atomic_store (&self->checked_ms, sf_clock_mono_ms ());
    for (size_t i = 0; i < self->group_count; i++)
        s_watch_caps (self, &self->groups [i]);
    return 0;
}

void
sf_backlog_fill (sf_backlog_t *self, sf_health_t *health)
{
    health->stream_maxlen = self->options.caps.stream_maxlen;
    health->stream_max_age_ms = sf_caps_max_age_ms (&self->options.caps);
    int64_t checked = atomic_load (&self->checked_ms);
    health->backlog_checked_ms_ago = checked? sf_clock_mono_ms () - checked: -1;
    if (!self->group_count)
        return;
    health->groups = calloc (self->group_count, sizeof *health->groups);
    assert (health->groups);
    for (size_t i = 0; i < self->group_count; i++)
        health->groups [i] = s_group_health (&self->groups [i]);
    health->group_count = self->group_count;
}

static int
s_on_timer (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    sf_backlog_look ((sf_backlog_t *) arg);
    return 0;
}

static void
s_actor (zsock_t *pipe, void *arg)
{
    sf_backlog_t *self = (sf_backlog_t *) arg;
    zloop_t *loop = zloop_new ();
    zloop_set_nonstop (loop, true);
    zloop_timer (loop, (size_t) self->options.interval_ms, 0, s_on_timer, self);
    zloop_reader (loop, pipe, sf_actor_on_pipe, NULL);
    zsock_signal (pipe, 0);
    sf_backlog_look (self);
    zloop_start (loop);
    zloop_destroy (&loop);
}

void
sf_backlog_start (sf_backlog_t *self)
{
    assert (!self->actor);
    self->actor = zactor_new (s_actor, self);
    assert (self->actor);
}

int
sf_backlog_outbox (sf_db_t *db, int64_t *unpublished, int64_t *oldest_ms_ago)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT count(*), COALESCE ((extract (epoch FROM now () - min (created_at)) * 1000)::bigint, 0) "
        "FROM sf_outbox WHERE published_at IS NULL", 0, NULL);
    if (!rows)
        return -1;
    *unpublished = sf_rows_int (rows, 0, 0);
    *oldest_ms_ago = sf_rows_int (rows, 0, 1);
    sf_rows_destroy (&rows);
    return 0;
}
