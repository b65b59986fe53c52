/*  sf-training: the training daemon (安全培训): the safety knowledge base, three-level
    onboarding and refreshers, exams, special-operation certificates and who is qualified.
    Wiring only: see training_routes.h and README.md.                                        */
#include "training_config.h"
#include "training_drill.h"
#include "training_kb_inspection.h"
#include "training_qual_jobs.h"
#include "training_routes.h"
#include "sf_service.h"

extern const sf_migration_t training_migrations [];

//  The jobs of the areas: qualification (its state is the daemon's), and the sending of drill
//  findings to inspection (training_drill.h).
static void *
s_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    training_drill_register (config, scheduler);
    return training_qual_start (config, scheduler);
}

int
main (int argc, char **argv)
{
    //  Inspection's 三违 records and hazard lists become knowledge-base articles, in the order
    //  inspection wrote them (one session: a list's imports apply one after another).
    static const sf_subscription_t subscriptions [] = {
        { .topic = TRAINING_KB_INSPECTION_TOPIC, .handler = training_kb_inspection_apply,
          .source_endpoint_key = "inspection.endpoint" },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "training",
        .schema = "training",
        .migrations = training_migrations,
        .routes = training_routes (),
        .config = training_config,
        .org_copy = true,
        //  Onboarding, refreshers, certificate reminders and qualification, reconciled by a
        //  scheduled job against the org copy (training_qual_jobs.h); drill findings sent on.
        .start = s_start,
        .subscriptions = subscriptions,
    };
    return sf_service_main (&spec, argc, argv);
}
