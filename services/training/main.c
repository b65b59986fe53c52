/*  sf-training: the training daemon (安全培训): the safety knowledge base, three-level
    onboarding and refreshers, exams, special-operation certificates and who is qualified.
    Wiring only: see training_routes.h and README.md.                                        */
#include "training_config.h"
#include "training_kb_inspection.h"
#include "training_qual_jobs.h"
#include "training_routes.h"
#include "sf_service.h"

extern const sf_migration_t training_migrations [];

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
        //  scheduled job against the org copy (training_qual_jobs.h).
        .start = training_qual_start,
        .subscriptions = subscriptions,
    };
    return sf_service_main (&spec, argc, argv);
}
