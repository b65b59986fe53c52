/*  gateway_metrics_daemons: a daemon's sf.HealthInfo as sf_daemon_* families (labels daemon;
    daemon, stream, group per consumer group), unknown figures (-1) as NaN, a daemon that did
    not answer up 0 with no other sample, undecodable bytes taken as no answer, a bad
    gateway.daemons refused. No network: what the thread would set is set here.            */
#include "gateway_metrics_daemons.h"
#include "sf_envelope.h"
#include "sf_testkit.h"

#include <string.h>

static uint8_t *
s_health (size_t *size)
{
    Sf__GroupHealth lagging = SF__GROUP_HEALTH__INIT;
    lagging.stream = "sf:events:inspection";
    lagging.group = "rectification";
    lagging.lag = 12;
    lagging.pending = 3;
    lagging.oldest_unapplied_ms_ago = 4500;
    lagging.dead_letters = 1;
    lagging.near_cap = true;
    lagging.stream_length = 900;
    Sf__GroupHealth trimmed = SF__GROUP_HEALTH__INIT;
    trimmed.stream = "sf:events:org";
    trimmed.group = "rectification";
    trimmed.lag = -1;
    trimmed.oldest_unapplied_ms_ago = -1;
    trimmed.stream_length = 40;
    Sf__GroupHealth *groups [] = { &lagging, &trimmed };
    sf_health_t health = {
        .daemon = "rectification", .version = "1.2.3", .db_ok = true, .redis_ok = false, .uptime_ms = 61500,
        .outbox_pending = 7, .db_checked_ms_ago = 250, .queued = 2, .running = 1, .peers = 3, .refused_busy = 5,
        .dropped_gone = 0, .expired = 9, .groups = groups, .group_count = 2, .backlog_checked_ms_ago = -1,
        .outbox_oldest_ms_ago = 1500, .stream_maxlen = 100000, .stream_max_age_ms = 86400000,
    };
    return sf_health_encode (&health, size);
}

static void
s_render (void)
{
    gw_metrics_daemons_t *daemons =
        gw_metrics_daemons_new ("directory=tcp://127.0.0.1:1, rectification=tcp://127.0.0.1:2", 5);
    SF_CHECK (daemons);
    size_t size;
    uint8_t *health = s_health (&size);
    gw_metrics_daemons_set (daemons, "rectification", health, size);
    gw_metrics_daemons_set (daemons, "unknown", health, size);      //  not a daemon of ours: ignored
    gw_prom_t *prom = gw_prom_new ();
    gw_metrics_daemons_render (daemons, prom);
    const char *text = gw_prom_text (prom, NULL);
    SF_CHECK (strstr (text, "# TYPE sf_daemon_up gauge\nsf_daemon_up{daemon=\"directory\"} 0\n"
                            "sf_daemon_up{daemon=\"rectification\"} 1\n"));
    SF_CHECK (!strstr (text, "daemon=\"unknown\""));
    SF_CHECK (strstr (text, "sf_daemon_info{daemon=\"rectification\",version=\"1.2.3\"} 1\n"));
    SF_CHECK (strstr (text, "sf_daemon_uptime_seconds{daemon=\"rectification\"} 61.5\n"));
    SF_CHECK (strstr (text, "sf_daemon_db_ok{daemon=\"rectification\"} 1\n"));
    SF_CHECK (strstr (text, "sf_daemon_redis_ok{daemon=\"rectification\"} 0\n"));
    SF_CHECK (strstr (text, "sf_daemon_requests_queued{daemon=\"rectification\"} 2\n"));
    SF_CHECK (strstr (text, "sf_daemon_requests_running{daemon=\"rectification\"} 1\n"));
    SF_CHECK (strstr (text, "sf_daemon_peers{daemon=\"rectification\"} 3\n"));
    SF_CHECK (strstr (text, "# TYPE sf_daemon_refused_busy_total counter\n"
                            "sf_daemon_refused_busy_total{daemon=\"rectification\"} 5\n"));
    SF_CHECK (strstr (text, "sf_daemon_expired_total{daemon=\"rectification\"} 9\n"));
    SF_CHECK (strstr (text, "sf_daemon_outbox_pending{daemon=\"rectification\"} 7\n"));
    SF_CHECK (strstr (text, "sf_daemon_outbox_oldest_age_seconds{daemon=\"rectification\"} 1.5\n"));
    SF_CHECK (strstr (text, "sf_daemon_backlog_checked_age_seconds{daemon=\"rectification\"} NaN\n"));
    SF_CHECK (strstr (text, "sf_daemon_stream_max_age_seconds{daemon=\"rectification\"} 86400\n"));
    const char *lag = "sf_daemon_consumer_lag{daemon=\"rectification\",stream=\"sf:events:inspection\","
                      "group=\"rectification\"} 12\n"
                      "sf_daemon_consumer_lag{daemon=\"rectification\",stream=\"sf:events:org\",group=\"rectification\"} NaN\n";
    SF_CHECK (strstr (text, lag));
    SF_CHECK (strstr (text, "sf_daemon_consumer_pending{daemon=\"rectification\",stream=\"sf:events:inspection\","
                            "group=\"rectification\"} 3\n"));
    SF_CHECK (strstr (text, "sf_daemon_consumer_oldest_unapplied_age_seconds{daemon=\"rectification\","
                            "stream=\"sf:events:inspection\",group=\"rectification\"} 4.5\n"));
    SF_CHECK (strstr (text, "sf_daemon_consumer_dead_letters{daemon=\"rectification\",stream=\"sf:events:inspection\","
                            "group=\"rectification\"} 1\n"));
    SF_CHECK (strstr (text, "sf_daemon_consumer_near_cap{daemon=\"rectification\",stream=\"sf:events:inspection\","
                            "group=\"rectification\"} 1\n"));
    SF_CHECK (strstr (text, "sf_daemon_stream_length{daemon=\"rectification\",stream=\"sf:events:org\","
                            "group=\"rectification\"} 40\n"));
    //  The directory, down, has its up line only.
    SF_CHECK (strstr (text, "{daemon=\"directory\"") == strstr (text, "sf_daemon_up{daemon=\"directory\"} 0") + 12);
    gw_prom_destroy (&prom);

    //  It stops answering: up 0, its figures gone; bytes that do not decode count as no answer.
    gw_metrics_daemons_set (daemons, "rectification", (const uint8_t *) "\xff\xff\xff", 3);
    prom = gw_prom_new ();
    gw_metrics_daemons_render (daemons, prom);
    text = gw_prom_text (prom, NULL);
    SF_CHECK (strstr (text, "sf_daemon_up{daemon=\"rectification\"} 0\n"));
    SF_CHECK (!strstr (text, "sf_daemon_consumer_lag{"));
    SF_CHECK (!strstr (text, "sf_daemon_info{"));
    //  Every family is there all the same, with HELP and TYPE.
    SF_CHECK (strstr (text, "# HELP sf_daemon_consumer_lag "));
    SF_CHECK (strstr (text, "# TYPE sf_daemon_consumer_lag gauge\n"));
    gw_prom_destroy (&prom);

    //  Answers again.
    gw_metrics_daemons_set (daemons, "rectification", health, size);
    gw_metrics_daemons_set (daemons, "rectification", health, size);
    prom = gw_prom_new ();
    gw_metrics_daemons_render (daemons, prom);
    SF_CHECK (strstr (gw_prom_text (prom, NULL), lag));
    gw_prom_destroy (&prom);
    free (health);
    gw_metrics_daemons_destroy (&daemons);
    gw_metrics_daemons_destroy (&daemons);
    SF_CHECK (daemons == NULL);
}

static void
s_bad_config (void)
{
    SF_CHECK (gw_metrics_daemons_new ("directory", 5) == NULL);
    SF_CHECK (gw_metrics_daemons_new ("=tcp://x", 5) == NULL);
    gw_metrics_daemons_t *none = gw_metrics_daemons_new ("", 5);
    SF_CHECK (none);
    gw_prom_t *prom = gw_prom_new ();
    gw_metrics_daemons_render (none, prom);
    SF_CHECK (strstr (gw_prom_text (prom, NULL), "# TYPE sf_daemon_up gauge\n# HELP"));
    gw_prom_destroy (&prom);
    gw_metrics_daemons_destroy (&none);
}

int
main (void)
{
    s_render ();
    s_bad_config ();
    return 0;
}
