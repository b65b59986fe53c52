/*  sf_service: what every daemon's main does, once: read arguments and configuration, start
    logging, connect to PostgreSQL (waiting for it), apply the common and the service's
    migrations, start the outbox relay, bind the rpc server, run the loop (requests, the
    scheduler, reconnects) until SIGINT/SIGTERM, then stop in reverse order.
    A daemon's main.c is one call to sf_service_main with its spec.
    With test.settable_clock = 1 (SF_TEST_SETTABLE_CLOCK=1) the daemon also answers sf.SetClock (role admin), which
    freezes sf_clock at the time given (0 returns to real time): black-box tests of
    schedules and deadlines run a plant's day in seconds; test.clock_ms (SF_TEST_CLOCK_MS) freezes
    it from the start. Never set either in production.
    Every daemon answers sf.Republish (roles service, admin; sf_republish.h): its outbox
    publishes a range of a stream again. Each consumer looks for entries trimmed before it
    read them (sf_consumer_gap.h) and sf_gap_recovery asks the stream's producer, at the
    endpoint the subscription's source_endpoint_key names, for them again.                          */
#ifndef SF_SERVICE_H_INCLUDED
#define SF_SERVICE_H_INCLUDED

#include "sf_config.h"
#include "sf_consumer.h"
#include "sf_migrate.h"
#include "sf_rpc_server.h"
#include "sf_scheduler.h"

//  A stream the service applies, once per event, through sf_consumer. The consumer group
//  is the daemon's schema, so each deployment (and each test's daemon) has its own.
typedef struct {
    const char *topic;                    //  e.g. "inspection": the stream sf_stream_name gives
    sf_consumer_fn *handler;              //  gets the service state (start's result) as arg
    //  Config key of the producer's rpc endpoint (e.g. "inspection.endpoint"): entries found
    //  trimmed before the group read them are asked for there again (sf_gap_recovery.h).
    //  NULL or an empty value: such a loss can only be reported (an alert event).
    const char *source_endpoint_key;
    //  Sessions applying it side by side, by plant (sf_consumer_options_t.parallel); 0: one.
    int parallel;
    //  Entries per read, split among those sessions, each share one transaction
    //  (sf_consumer_options_t.batch); 0: 100.
    int batch;
    //  NULL, or the handler applying a read set-based (sf_consumer_many_fn), arg as handler's.
    sf_consumer_many_fn *many;
} sf_subscription_t;

typedef struct {
    const char *name;                     //  daemon name, e.g. "directory"
    const char *schema;                   //  its PostgreSQL schema
    const sf_migration_t *migrations;     //  its own migrations
    const sf_route_t *routes;
    const sf_config_key_t *config;        //  extra settings, may be NULL
    //  Optional: creates the state handlers see as call->state and registers scheduled
    //  jobs. Returns NULL on a start-up error (logged).
    void *(*start) (sf_config_t *config, sf_scheduler_t *scheduler);
    void (*stop) (void *state);
    sf_health_fn *health;
    //  Streams applied by consumers started after start(); ends with { NULL }. May be NULL.
    const sf_subscription_t *subscriptions;
    //  Keeps sf_org_node (sf_org.h) from the directory's events.
    bool org_copy;
} sf_service_spec_t;

//  The database options of a daemon's sessions from its configuration: db.url, the schema
//  (db.schema when set, else schema), the db.*_timeout_ms bounds; application_name as given.
//  For a daemon's threads that keep sessions of their own besides the service's.
sf_db_options_t sf_service_db_options (sf_config_t *config, const char *schema, const char *application_name);

//  Runs the daemon. Returns the process exit status: 0 after a clean stop, 2 for bad
//  arguments or configuration, 1 for other start-up failures.
int sf_service_main (const sf_service_spec_t *spec, int argc, char **argv);

#endif
