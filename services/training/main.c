/*  sf-training: the training daemon (安全培训): the safety knowledge base, three-level
    onboarding and refreshers, exams, special-operation certificates and who is qualified.
    Wiring only: see training_routes.h and README.md.                                        */
#include "training_qual_jobs.h"
#include "training_routes.h"
#include "sf_service.h"

extern const sf_migration_t training_migrations [];

int
main (int argc, char **argv)
{
    const sf_service_spec_t spec = {
        .name = "training",
        .schema = "training",
        .migrations = training_migrations,
        .routes = training_routes (),
        .org_copy = true,
        //  Onboarding, refreshers, certificate reminders and qualification, reconciled by a
        //  scheduled job against the org copy (training_qual_jobs.h).
        .start = training_qual_start,
    };
    return sf_service_main (&spec, argc, argv);
}
