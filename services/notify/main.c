/*  sf-notify: the notifier: automated notifications to the units that must act, over DingTalk,
    WeCom, Feishu, Standard Webhooks and email, from the events of every other daemon, with a
    delivery log. Wiring only: see notify.h and README.md.                                   */
#include "notify.h"
#include "notify_config.h"
#include "notify_routes.h"
#include "sf_service.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t notify_migrations [];

static notify_state_t s_state;

static void *
s_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    free (s_state.time_zone);
    free (s_state.link_base);
    free (s_state.mail_from);
    s_state.time_zone = strdup (sf_config_str (config, "notify.time_zone"));
    s_state.link_base = strdup (sf_config_str (config, "notify.link_base"));
    s_state.mail_from = strdup (sf_config_str (config, "notify.mail_from"));
    s_state.sender_db = sf_service_db_options (config, "notify", "notify-sender");
    notify_send_register (&s_state, scheduler);
    notify_escalate_register (&s_state, scheduler);
    return &s_state;
}

int
main (int argc, char **argv)
{
    //  Once, before any thread: libcurl's global state.
    if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return 1;
    static const sf_subscription_t subscriptions [] = {
        { .topic = "inspection", .handler = notify_event_apply, .source_endpoint_key = "inspection.endpoint" },
        { .topic = "rectification", .handler = notify_event_apply, .source_endpoint_key = "rectification.endpoint" },
        { .topic = "training", .handler = notify_event_apply, .source_endpoint_key = "training.endpoint" },
        { .topic = "lesson", .handler = notify_event_apply, .source_endpoint_key = "lesson.endpoint" },
        { .topic = "scoring", .handler = notify_event_apply, .source_endpoint_key = "scoring.endpoint" },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "notify",
        .schema = "notify",
        .migrations = notify_migrations,
        .routes = notify_routes (),
        .config = notify_config,
        .org_copy = true,
        .start = s_start,
        .subscriptions = subscriptions,
    };
    int rc = sf_service_main (&spec, argc, argv);
    curl_global_cleanup ();
    return rc;
}
