/*  sf-rectification: the rectification daemon. Wiring only: see rectification_handlers.c,
    rectification_findings.c and rectification_deadlines.c.                                 */
#include "rectification_deadlines.h"
#include "rectification_findings.h"
#include "rectification_handlers.h"
#include "rectification_policy.h"
#include "sf_service.h"

#include <stdlib.h>

extern const sf_migration_t rectification_migrations [];

//  Sessions turning findings into forms side by side, one plant's findings in order on one
//  (a form takes its plant's number row: lanes by plant never wait for each other). A form
//  costs about fifteen statements, each mostly a round trip: four sessions keep both cores
//  of a small machine busy where one waits (docs/benchmarks.md, consumer).
#define RECT_FINDINGS_PARALLEL 4
//  Findings per read of a backlog, split among the lanes by plant, each lane's share one
//  transaction: the set-based apply's statements, the summary rows' folds and the COMMIT are
//  paid once per lane and read.
//  Measured (docs/benchmarks.md, "Plans kept for the session"; 4 plants): a backlog applied at
//  6,973-7,125 forms/s with reads of 100, 9,194-9,969 with 400, 11,387-11,762 with 1,000 and
//  12,525-13,465 with 2,000. A read takes what is there: under a steady load reads stay small.
#define RECT_FINDINGS_READ 1000

static void *
s_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    rect_policy_t *policy = calloc (1, sizeof *policy);
    char *error = NULL;
    if (!policy || rect_policy_load (policy, config, &error)) {
        sf_error ("%s", error? error: "out of memory");
        free (error);
        free (policy);
        return NULL;
    }
    rect_deadlines_register (scheduler, policy);
    return policy;
}

static void
s_stop (void *state)
{
    free (state);
}

int
main (int argc, char **argv)
{
    static const sf_subscription_t subscriptions [] = {
        { .topic = RECT_FINDINGS_TOPIC, .handler = rect_findings_apply, .many = rect_findings_apply_many,
          .source_endpoint_key = "inspection.endpoint", .parallel = RECT_FINDINGS_PARALLEL,
          .batch = RECT_FINDINGS_READ },
        { .topic = NULL }
    };
    const sf_service_spec_t spec = {
        .name = "rectification",
        .schema = "rectification",
        .migrations = rectification_migrations,
        .routes = rect_routes,
        .config = rect_config,
        .start = s_start,
        .stop = s_stop,
        .subscriptions = subscriptions,
        .org_copy = true,
    };
    return sf_service_main (&spec, argc, argv);
}
