/*  sf_backlog: what waits, in plain sight. A consumer slower than its producer, entries
    dead-lettered or an outbox that does not drain are silent outages unless someone looks;
    this class looks, about once a second, and keeps the last figures where health reads
    them without waiting (issue 19).

    For each consumer group the daemon runs it asks Redis, in one pipeline on a connection
    of its own: XINFO GROUPS (lag: entries not yet delivered; pending), XPENDING (the oldest
    pending entry), XLEN of the stream and of "<stream>:dead", then XRANGE for the first
    entry after the group's last-delivered id. The oldest unapplied entry is the older of
    the oldest pending and the first undelivered one; its age is Redis' TIME minus the
    entry id's time (when the relay added it). The look runs on a thread of its own
    (sf_backlog_start), never on the thread that answers requests; sf_backlog_fill only
    reads atomics.

    The same look watches the caps (sf_caps.h): when a group's lag or oldest unapplied age
    passes consumer.cap_warn_percent of the length or age cap, it logs a WARN and adds an
    "sf.consumer_near_cap" event (payload sf.GroupHealth) to the alerts stream, once per
    crossing: again only after the group fell below the re-arm mark. A warning Redis did not
    take is raised again at the next look. The outbox has its own figures (unpublished rows,
    the oldest one's age), read by whoever holds a database session: sf_backlog_outbox.    */
#ifndef SF_BACKLOG_H_INCLUDED
#define SF_BACKLOG_H_INCLUDED

#include "sf_caps.h"
#include "sf_db.h"
#include "sf_envelope.h"

#include <stdint.h>

//  The topic of the alerts stream (sf_stream_name: "<prefix>:events:alerts"): operational
//  warnings and errors as sf.Event entries, read with `safetyctl events tail --stream alerts`.
#define SF_BACKLOG_ALERTS_TOPIC "alerts"
//  The type of the warning event.
#define SF_BACKLOG_NEAR_CAP_TYPE "sf.consumer_near_cap"

typedef struct _sf_backlog_t sf_backlog_t;

typedef struct {
    const char *daemon;         //  who raises the warnings (the event's actor)
    const char *redis_host;
    int redis_port;
    int redis_timeout_ms;       //  0 means 1000
    int interval_ms;            //  0 means 1000: how often the actor looks
    sf_caps_t caps;             //  what lag and age are measured against
    const char *alerts_stream;  //  where warnings go, e.g. sf_stream_name ("alerts")
} sf_backlog_options_t;

//  Copies the options; looks nowhere yet. Never NULL.
sf_backlog_t *sf_backlog_new (const sf_backlog_options_t *options);

//  Stops the actor, if started, and frees everything.
void sf_backlog_destroy (sf_backlog_t **self_p);

//  A group to watch; only before sf_backlog_start.
void sf_backlog_add_group (sf_backlog_t *self, const char *stream, const char *group);

//  Starts the actor that looks every interval_ms (the first look at once).
void sf_backlog_start (sf_backlog_t *self);

//  One look, on the caller's thread (tests; the actor runs the same). Returns 0, or -1
//  when Redis did not answer (the last figures stay, growing older).
int sf_backlog_look (sf_backlog_t *self);

//  Adds every group's last figures to health (groups, backlog_checked_ms_ago and the caps).
//  Any thread; never waits.
void sf_backlog_fill (sf_backlog_t *self, sf_health_t *health);

//  The outbox of the schema db is bound to, in one statement: rows not yet published and
//  the age of the oldest of them (0 when none), by the database's clock. Returns 0 or -1.
int sf_backlog_outbox (sf_db_t *db, int64_t *unpublished, int64_t *oldest_ms_ago);

#endif
