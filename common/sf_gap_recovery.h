/*  sf_gap_recovery: recovers the ranges sf_consumer_gap recorded, from the source of truth.
    An actor with its own database session looks at sf_consumer_gap every few seconds and,
    for each open gap, asks the stream's producer for the range again with sf.Republish
    (sf_republish.h) at the endpoint configured for that stream, as "sf-<daemon>" with role
    service, until it answers: a producer that is down is tried again at the next look, for
    as long as it takes. Each call carries an idempotency key named after the gap and the
    call's number, so a reply lost on the way is answered again from the producer's record
    instead of finding the rows already queued (and counting them as missing).

    The answer decides: when Redis counted the entries missed, the gap is recovered once the
    producer queued at least as many; when it could not count, once the producer's outbox
    still reached back to the range (held). Otherwise, or when no endpoint is configured for
    the stream, or the producer refuses the request, the events are lost for this group: an
    ERROR, and an alert event "sf.consumer_gap" (payload sf.ConsumerGap) on the alerts
    stream, written with the gap's resolution in one transaction of this daemon's outbox.
    Several instances may run: a gap is worked on under a row lock (SKIP LOCKED).          */
#ifndef SF_GAP_RECOVERY_H_INCLUDED
#define SF_GAP_RECOVERY_H_INCLUDED

#include "sf_db.h"

#include <stddef.h>

typedef struct _sf_gap_recovery_t sf_gap_recovery_t;

//  Where the events of one stream come from.
typedef struct {
    const char *stream;         //  full name, e.g. "sf:events:inspection"
    const char *endpoint;       //  the producer's rpc endpoint; "" or NULL: not configured
    const char *server;         //  the producer daemon's name: whose public key to call with
} sf_gap_source_t;

#define SF_GAP_MAX_SOURCES 16
#define SF_GAP_ALERT_TYPE "sf.consumer_gap"
#define SF_GAP_ALERT_TOPIC "alerts"     //  sf_stream_name (SF_GAP_ALERT_TOPIC) is the stream

typedef struct {
    sf_db_options_t db;         //  the consuming service's schema (its sf_consumer_gap, outbox)
    const char *daemon;         //  calls act as "sf-<daemon>"
    const char *alert_stream;
    sf_gap_source_t sources [SF_GAP_MAX_SOURCES];
    size_t source_count;
    int interval_ms;            //  0 means 2000: how often open gaps are looked at
    int call_timeout_ms;        //  0 means 5000: one sf.Republish call
} sf_gap_recovery_options_t;

//  Copies the options and starts the actor; never NULL.
sf_gap_recovery_t *sf_gap_recovery_new (const sf_gap_recovery_options_t *options);
void sf_gap_recovery_destroy (sf_gap_recovery_t **self_p);

#endif
