/*  sf-lesson: the lesson daemon (事故举一反三): accidents and typical problems become lessons,
    publishing one gives each unit it concerns an assignment, and each assignment runs
    acknowledge → self-check (a special check inspection holds) → report → closed when the
    findings are rectified. Wiring only: see lesson.h and README.md.                         */
#include "lesson.h"
#include "lesson_config.h"
#include "lesson_routes.h"
#include "sf_service.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t lesson_migrations [];

static lesson_state_t s_state;

//  The settings every part reads, and the two jobs.
static void *
s_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    free (s_state.inspection_endpoint);
    free (s_state.time_zone);
    s_state.inspection_endpoint = strdup (sf_config_str (config, "inspection.endpoint"));
    s_state.time_zone = strdup (sf_config_str (config, "lesson.time_zone"));
    lesson_checks_register (&s_state, scheduler);
    lesson_escalation_register (&s_state, scheduler);
    return &s_state;
}

//  Inspection's stream carries both what targeting reads (hazard lists) and what the
//  self-checks report (records, missed tasks): one subscription, in the stream's order.
static int
s_inspection (sf_db_t *db, const sf_event_t *event, void *arg)
{
    int rc = lesson_hazard_apply (db, event, arg);
    return rc? rc: lesson_selfcheck_apply (db, event, arg);
}

int
main (int argc, char **argv)
{
    static const sf_subscription_t subscriptions [] = {
        { .topic = LESSON_INSPECTION_TOPIC, .handler = s_inspection, .source_endpoint_key = "inspection.endpoint" },
        { .topic = LESSON_RECTIFICATION_TOPIC, .handler = lesson_outcome_apply,
          .source_endpoint_key = "rectification.endpoint" },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "lesson",
        .schema = "lesson",
        .migrations = lesson_migrations,
        .routes = lesson_routes (),
        .config = lesson_config,
        .org_copy = true,
        .start = s_start,
        .subscriptions = subscriptions,
    };
    return sf_service_main (&spec, argc, argv);
}
