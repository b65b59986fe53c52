/*  sf-inspection: the inspection daemon. Wiring only: configuration into the read-only
    state, the jobs, the org copy and rectification's feedback; see inspection_routes.c.   */
#include "inspection_colour.h"
#include "inspection_feedback.h"
#include "inspection_handlers.h"
#include "inspection_jobs.h"
#include "inspection_settings.h"
#include "sf_service.h"

extern const sf_migration_t inspection_migrations [];

int
main (int argc, char **argv)
{
    static const sf_subscription_t subscriptions [] = {
        { .topic = INSPECTION_FEEDBACK_TOPIC, .handler = inspection_feedback_apply,
          .source_endpoint_key = "rectification.endpoint", .parallel = 1 },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "inspection",
        .schema = "inspection",
        .migrations = inspection_migrations,
        .routes = inspection_routes,
        .config = inspection_settings,
        .start = inspection_settings_start,
        .stop = inspection_settings_stop,
        .subscriptions = subscriptions,
        .org_copy = true,
    };
    return sf_service_main (&spec, argc, argv);
}
