/*  gateway_metrics_daemons: the daemons' health for /metrics (gateway_metrics_daemons.h).  */
#include "gateway_metrics_daemons.h"
#include "gateway_describe.h"
#include "gateway_ticker.h"
#include "sf_clock.h"
#include "sf_envelope.h"
#include "sf_log.h"
#include "sf_rpc_client.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define S_DAEMONS_MAX 16
#define S_ATTEMPT_MS 1000

typedef struct {
    char *name;
    char *endpoint;
    bool up;
    sf_health_t health;              //  the last answer, when up
    bool warned;                     //  its being down is logged once
} s_daemon_t;

struct _gw_metrics_daemons_t {
    s_daemon_t daemons [S_DAEMONS_MAX];
    int daemon_count;
    int refresh_s;
    pthread_mutex_t lock;            //  the daemons' figures
    gw_ticker_t *ticker;
    sf_rpc_client_t *clients [S_DAEMONS_MAX];   //  the ticker thread's, made on its first round
};

//  A figure of -1 means "not known" in sf.HealthInfo: NaN here, never a made-up number.
static double
s_known (int64_t value)
{
    return value < 0? NAN: (double) value;
}

static double
s_age_s (int64_t ms_ago)
{
    return ms_ago < 0? NAN: (double) ms_ago / 1000.0;
}

//  The families of one daemon (labels daemon), in the order written.
typedef struct {
    const char *name;
    const char *type;
    const char *help;
    double (*value) (const sf_health_t *health);
} s_daemon_family_t;

static double s_uptime (const sf_health_t *h) { return (double) h->uptime_ms / 1000.0; }
static double s_db_ok (const sf_health_t *h) { return h->db_ok; }
static double s_redis_ok (const sf_health_t *h) { return h->redis_ok; }
static double s_db_checked (const sf_health_t *h) { return s_age_s (h->db_checked_ms_ago); }
static double s_queued (const sf_health_t *h) { return h->queued; }
static double s_running (const sf_health_t *h) { return h->running; }
static double s_peers (const sf_health_t *h) { return h->peers; }
static double s_refused_busy (const sf_health_t *h) { return (double) h->refused_busy; }
static double s_dropped_gone (const sf_health_t *h) { return (double) h->dropped_gone; }
static double s_expired (const sf_health_t *h) { return (double) h->expired; }
static double s_outbox_pending (const sf_health_t *h) { return s_known (h->outbox_pending); }
static double s_outbox_oldest (const sf_health_t *h) { return s_age_s (h->outbox_oldest_ms_ago); }
static double s_backlog_checked (const sf_health_t *h) { return s_age_s (h->backlog_checked_ms_ago); }
static double s_stream_maxlen (const sf_health_t *h) { return s_known (h->stream_maxlen); }
static double s_stream_max_age (const sf_health_t *h) { return s_age_s (h->stream_max_age_ms); }

static const s_daemon_family_t s_daemon_families [] = {
    { "sf_daemon_uptime_seconds", "gauge", "Time since the daemon started", s_uptime },
    { "sf_daemon_db_ok", "gauge", "1 when the daemon's last look at PostgreSQL succeeded", s_db_ok },
    { "sf_daemon_redis_ok", "gauge", "1 when the daemon reaches Redis", s_redis_ok },
    { "sf_daemon_db_checked_age_seconds", "gauge", "Age of the database figures (db_ok, outbox)", s_db_checked },
    { "sf_daemon_requests_queued", "gauge", "Requests admitted and waiting for a worker", s_queued },
    { "sf_daemon_requests_running", "gauge", "Requests a worker holds now", s_running },
    { "sf_daemon_peers", "gauge", "Clients with requests queued or running", s_peers },
    { "sf_daemon_refused_busy_total", "counter", "Requests refused because their client had too many in flight",
      s_refused_busy },
    { "sf_daemon_dropped_gone_total", "counter", "Queued requests dropped because their client disconnected",
      s_dropped_gone },
    { "sf_daemon_expired_total", "counter", "Requests answered deadline_exceeded", s_expired },
    { "sf_daemon_outbox_pending", "gauge", "Events committed and not yet in Redis", s_outbox_pending },
    { "sf_daemon_outbox_oldest_age_seconds", "gauge",
      "Age of the oldest unpublished outbox row (0 when none, NaN when unknown)", s_outbox_oldest },
    { "sf_daemon_backlog_checked_age_seconds", "gauge", "Age of the consumer group figures (NaN before the first look)",
      s_backlog_checked },
    { "sf_daemon_stream_maxlen", "gauge", "The stream length cap (redis.stream_maxlen)", s_stream_maxlen },
    { "sf_daemon_stream_max_age_seconds", "gauge", "The stream age cap (retention.stream_days)", s_stream_max_age },
};
#define S_DAEMON_FAMILY_COUNT (sizeof s_daemon_families / sizeof s_daemon_families [0])

//  The families of one consumer group (labels daemon, stream, group).
typedef struct {
    const char *name;
    const char *help;
    double (*value) (const Sf__GroupHealth *group);
} s_group_family_t;

static double s_lag (const Sf__GroupHealth *g) { return s_known (g->lag); }
static double s_pending (const Sf__GroupHealth *g) { return s_known (g->pending); }
static double s_oldest (const Sf__GroupHealth *g) { return s_age_s (g->oldest_unapplied_ms_ago); }
static double s_dead (const Sf__GroupHealth *g) { return s_known (g->dead_letters); }
static double s_length (const Sf__GroupHealth *g) { return s_known (g->stream_length); }
static double s_near_cap (const Sf__GroupHealth *g) { return g->near_cap; }

static const s_group_family_t s_group_families [] = {
    { "sf_daemon_consumer_lag", "Stream entries not yet delivered to the group (NaN: entries trimmed unread)", s_lag },
    { "sf_daemon_consumer_pending", "Entries delivered to the group and not yet applied", s_pending },
    { "sf_daemon_consumer_oldest_unapplied_age_seconds", "Age of the group's oldest entry pending or not delivered",
      s_oldest },
    { "sf_daemon_consumer_dead_letters", "Entries in the stream's dead-letter stream (every group of it)", s_dead },
    { "sf_daemon_consumer_near_cap", "1 when the group's backlog is near the stream's length or age cap", s_near_cap },
    { "sf_daemon_stream_length", "Entries in the stream (XLEN)", s_length },
};
#define S_GROUP_FAMILY_COUNT (sizeof s_group_families / sizeof s_group_families [0])

static void
s_add (const char *name, const char *endpoint, void *arg)
{
    gw_metrics_daemons_t *self = arg;
    if (self->daemon_count == S_DAEMONS_MAX) {
        sf_warn ("gateway: metrics: more than %d daemons, %s left out", S_DAEMONS_MAX, name);
        return;
    }
    s_daemon_t *daemon = &self->daemons [self->daemon_count++];
    daemon->name = strdup (name);
    daemon->endpoint = strdup (endpoint);
    assert (daemon->name && daemon->endpoint);
}

gw_metrics_daemons_t *
gw_metrics_daemons_new (const char *daemons, int refresh_s)
{
    if (gw_describe_each_daemon (daemons, NULL, NULL) < 0) {
        sf_error ("gateway: metrics: gateway.daemons '%s' is not name=endpoint,...", daemons);
        return NULL;
    }
    gw_metrics_daemons_t *self = calloc (1, sizeof *self);
    assert (self);
    self->refresh_s = refresh_s > 0? refresh_s: 1;
    pthread_mutex_init (&self->lock, NULL);
    gw_describe_each_daemon (daemons, s_add, self);
    return self;
}

void
gw_metrics_daemons_set (gw_metrics_daemons_t *self, const char *name, const uint8_t *health, size_t size)
{
    sf_health_t decoded = { 0 };
    bool up = health && sf_health_decode (&decoded, health, size) == 0;
    if (health && !up)
        sf_warn ("gateway: metrics: %s answered sf.Health with bytes that do not decode", name);
    pthread_mutex_lock (&self->lock);
    for (int i = 0; i < self->daemon_count; i++) {
        s_daemon_t *daemon = &self->daemons [i];
        if (strcmp (daemon->name, name) != 0)
            continue;
        if (daemon->up)
            sf_health_clear (&daemon->health);
        daemon->up = up;
        if (up) {
            daemon->health = decoded;
            up = false;              //  moved
        }
        break;
    }
    pthread_mutex_unlock (&self->lock);
    if (up)
        sf_health_clear (&decoded);
}

//  One round: every daemon once, through clients of this thread.
static void
s_gather (gw_metrics_daemons_t *self, sf_rpc_client_t **clients)
{
    for (int i = 0; i < self->daemon_count; i++) {
        s_daemon_t *daemon = &self->daemons [i];
        sf_reply_t reply = { 0 };
        bool answered = sf_rpc_client_call (clients [i], "sf.Health", NULL, 0, NULL, &reply) == 0
                     && reply.status == SF_OK;
        gw_metrics_daemons_set (self, daemon->name, answered? reply.body: NULL, answered? reply.body_size: 0);
        if (!answered && !daemon->warned)
            sf_warn ("gateway: metrics: %s at %s does not answer sf.Health (%s)", daemon->name, daemon->endpoint,
                     reply.reason_en? reply.reason_en: "no answer");
        daemon->warned = !answered;
        sf_reply_clear (&reply);
    }
}

//  The ticker's call: a round, again after the refresh period.
static int
s_tick (void *arg)
{
    gw_metrics_daemons_t *self = arg;
    int attempt_ms = self->refresh_s * 1000 < S_ATTEMPT_MS? self->refresh_s * 1000: S_ATTEMPT_MS;
    for (int i = 0; i < self->daemon_count; i++)
        if (!self->clients [i])
            self->clients [i] = gw_daemon_client (self->daemons [i].name, self->daemons [i].endpoint, attempt_ms);
    s_gather (self, self->clients);
    return self->refresh_s * 1000;
}

int
gw_metrics_daemons_start (gw_metrics_daemons_t *self)
{
    self->ticker = gw_ticker_start ("metrics health", s_tick, self, 0);
    return self->ticker? 0: -1;
}

void
gw_metrics_daemons_destroy (gw_metrics_daemons_t **self_p)
{
    gw_metrics_daemons_t *self = *self_p;
    if (!self)
        return;
    gw_ticker_stop (&self->ticker);     //  the thread is gone: its clients may go too
    for (int i = 0; i < self->daemon_count; i++)
        sf_rpc_client_destroy (&self->clients [i]);
    for (int i = 0; i < self->daemon_count; i++) {
        s_daemon_t *daemon = &self->daemons [i];
        free (daemon->name);
        free (daemon->endpoint);
        if (daemon->up)
            sf_health_clear (&daemon->health);
    }
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

void
gw_metrics_daemons_render (gw_metrics_daemons_t *self, gw_prom_t *prom)
{
    pthread_mutex_lock (&self->lock);
    gw_prom_family (prom, "sf_daemon_up", "gauge", "1 when the daemon answered sf.Health at the gateway's last look");
    for (int i = 0; i < self->daemon_count; i++) {
        const char *labels [] = { "daemon", self->daemons [i].name, NULL };
        gw_prom_int (prom, "sf_daemon_up", labels, self->daemons [i].up);
    }
    gw_prom_family (prom, "sf_daemon_info", "gauge", "The daemon's version, as a label (always 1)");
    for (int i = 0; i < self->daemon_count; i++)
        if (self->daemons [i].up) {
            const sf_health_t *health = &self->daemons [i].health;
            const char *labels [] = { "daemon", self->daemons [i].name, "version", health->version? health->version: "",
                                      NULL };
            gw_prom_int (prom, "sf_daemon_info", labels, 1);
        }
    for (size_t f = 0; f < S_DAEMON_FAMILY_COUNT; f++) {
        const s_daemon_family_t *family = &s_daemon_families [f];
        gw_prom_family (prom, family->name, family->type, family->help);
        for (int i = 0; i < self->daemon_count; i++)
            if (self->daemons [i].up) {
                const char *labels [] = { "daemon", self->daemons [i].name, NULL };
                gw_prom_double (prom, family->name, labels, family->value (&self->daemons [i].health));
            }
    }
    for (size_t f = 0; f < S_GROUP_FAMILY_COUNT; f++) {
        const s_group_family_t *family = &s_group_families [f];
        gw_prom_family (prom, family->name, "gauge", family->help);
        for (int i = 0; i < self->daemon_count; i++) {
            if (!self->daemons [i].up)
                continue;
            const sf_health_t *health = &self->daemons [i].health;
            for (size_t g = 0; g < health->group_count; g++) {
                const Sf__GroupHealth *group = health->groups [g];
                const char *labels [] = { "daemon", self->daemons [i].name, "stream", group->stream? group->stream: "",
                                          "group", group->group? group->group: "", NULL };
                gw_prom_double (prom, family->name, labels, family->value (group));
            }
        }
    }
    pthread_mutex_unlock (&self->lock);
}
