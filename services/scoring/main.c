/*  sf-scoring: the scoring daemon: responsibility letters (一岗双责) and the monthly
    comprehensive safety assessment (安全综合考核) with joint liability (奖罚连带制). It
    scores the events of every other daemon into a ledger under versioned rules and closes
    each plant's months into frozen, ranked totals. Wiring only: see scoring.h and README.md. */
#include "scoring.h"
#include "scoring_config.h"
#include "scoring_routes.h"
#include "scoring_score_many.h"
#include "sf_service.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t scoring_migrations [];

static scoring_state_t s_state;

static void *
s_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    free (s_state.time_zone);
    s_state.time_zone = strdup (sf_config_str (config, "scoring.time_zone"));
    scoring_overdue_register (&s_state, scheduler);
    scoring_letter_watch_register (&s_state, scheduler);
    return &s_state;
}

int
main (int argc, char **argv)
{
    static const sf_subscription_t subscriptions [] = {
        { .topic = SCORING_INSPECTION_TOPIC, .handler = scoring_inspection_apply,
          .many = scoring_inspection_apply_many, .source_endpoint_key = "inspection.endpoint" },
        { .topic = SCORING_RECTIFICATION_TOPIC, .handler = scoring_rectification_apply,
          .source_endpoint_key = "rectification.endpoint" },
        { .topic = SCORING_TRAINING_TOPIC, .handler = scoring_training_apply,
          .many = scoring_training_apply_many, .source_endpoint_key = "training.endpoint" },
        { .topic = SCORING_LESSON_TOPIC, .handler = scoring_lesson_apply,
          .many = scoring_lesson_apply_many, .source_endpoint_key = "lesson.endpoint" },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "scoring",
        .schema = "scoring",
        .migrations = scoring_migrations,
        .routes = scoring_routes (),
        .config = scoring_config,
        .org_copy = true,
        .start = s_start,
        .subscriptions = subscriptions,
    };
    return sf_service_main (&spec, argc, argv);
}
