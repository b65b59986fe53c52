/*  sf_consumer: applies the events of one Redis stream, each once, through a consumer group.
    An actor with its own database session and Redis connection reads entries (its own
    pending ones first, after a start or a failure; then new ones), up to batch at a time,
    and applies the entries of one read in ONE transaction, in stream order on that one
    session: each entry after a savepoint of its own, INSERT INTO sf_inbox (group, event_id)
    ON CONFLICT DO NOTHING, then the handler. One COMMIT, and only then one XACK for every
    entry applied or dead-lettered. The inbox row commits with the handler's changes, so an
    event that comes again (a relay duplicate, a crash before XACK, Redis data loss) is seen
    as applied and only acknowledged; a crash before COMMIT leaves nothing of the batch, and
    its entries, still pending, are applied again at the next start. The batch saves a COMMIT
    (and its WAL flush) per event; a handler's locks are held until the batch commits, and
    the entries of a batch never wait for each other (one session). With parallel > 1 a read
    is split by plant (by aggregate, for events without one) over that many sessions, each
    its share in stream order in one transaction, side by side; the read is acknowledged
    once every lane has ended, with what the lanes that committed applied. A lane that
    failed leaves its entries pending; the others' stand (the inbox keeps a retried read to
    one application each).

    A subscription may also give a many handler (sf_consumer_many_fn): a lane's share is then
    first claimed in the inbox with one statement and applied set-based in one call, without
    savepoints; when the many handler cannot take the whole share it gives it back, and the
    share is rolled back and applied entry by entry as described here. So are shares holding
    an entry counted before, or the same event twice.

    A failure is either the infrastructure's or the handler's. When Redis or the database
    fails, under the handler too (lost connection, lock or statement timeout, serialisation
    failure, deadlock: sf_db_error_transient), the whole batch is rolled back and nothing is
    counted: the consumer backs off and tries the entries again, as often as it takes. When
    the handler fails (returns -1, or meets any other database error) its entry is rolled
    back to its savepoint, the others go on, and the failure is counted in
    sf_consumer_attempt, keyed by stream, group and entry id, in the batch's transaction: a
    count is lost only with a batch that did not commit, whose handler runs left nothing
    either, and the entry's next run counts again. A COMMIT refused for a handler's reason (a
    deferred constraint) applies the entries again one per transaction, and the one whose
    COMMIT is refused is counted in a transaction of its own. The count survives restarts
    and is shared by all instances. Redis' delivery counter is not used, for it also counts
    reads that never reached the handler (each start and reconnect reads the pending entries
    again). The entry stays pending; entries idle longer than claim_idle_ms, ours or those
    of a consumer that died, are taken over with XAUTOCLAIM and tried again. Once the
    handler has failed max_deliveries times on an entry, it goes to "<stream>:dead" (with its
    entry id, the reason and the count) and is acknowledged, after the COMMIT. So do entries
    whose envelope does not decode, and entries trimmed from the stream before they were
    acknowledged. claim_idle_ms must be longer than the slowest batch, or a busy instance
    loses entries to another (harmless, the inbox keeps it to one application, but wasted
    work). An entry that meets a transient error every time (a handler slower than
    statement_timeout, say) is never dead-lettered: it holds up the stream, and says why.

    Entries trimmed before the group ever READ them (a length or age cap, an XTRIM, while
    the consumer was stopped or behind) are not lost silently: before each read of new
    entries the consumer compares what XINFO says of the stream and of the group
    (sf_consumer_gap.h) and records a range it missed, with an ERROR; sf_gap_recovery asks
    the stream's producer (the endpoint named by the subscription's source_endpoint_key) to
    publish that range of its outbox again (sf.Republish), until it answers. The events come
    back as new entries with their event ids and are applied once, through the inbox. What
    the producer's outbox no longer holds (past retention.outbox_days) is an ERROR and an
    "sf.consumer_gap" alert event on the alerts stream, never silence.

    A new group starts at the beginning of the stream: events published before the first
    start of a consumer are applied too, and a group that Redis lost is created again there,
    so no event published meanwhile is missed. The inbox makes that safe under one
    invariant: stream age < inbox retention. sf_relay trims streams by age
    (stream_retention_ms, 7 days by default) below the inbox retention (retention.inbox_days,
    30 by default); an entry older than its inbox row would be applied a second time.
    Redis or PostgreSQL down is logged once and retried with backoff; nothing is
    acknowledged that was not applied or dead-lettered.                                       */
#ifndef SF_CONSUMER_H_INCLUDED
#define SF_CONSUMER_H_INCLUDED

#include "sf_db.h"
#include "sf_envelope.h"

#include <stdint.h>

typedef struct _sf_consumer_t sf_consumer_t;

//  Applies event with db, INSIDE the transaction the consumer opened (the batch's, after
//  the entry's savepoint: a handler's own savepoints nest inside it). Returns 0 when
//  applied, -1 when not (the entry is rolled back to its savepoint and tried again later).
//  After a database error return -1 at once, the transaction left aborted: that is how the
//  consumer tells the database's failure (the whole batch rolled back, not counted, when
//  transient) from the handler's own (an error caught with a savepoint counts as the
//  handler's). Locks it takes are held until the batch commits. Runs in the consumer's
//  thread: arg must be safe to use from there.
typedef int (sf_consumer_fn) (sf_db_t *db, const sf_event_t *event, void *arg);

//  Optionally, a handler that applies many events at once, set-based (a few statements for
//  the lot instead of a few for each): the new events of a lane's share, in stream order,
//  INSIDE the batch's transaction after the consumer claimed their inbox rows in one
//  statement. Returns 0 when it applied every one (or found one none of its business);
//  -1 when it did not, after a database error or because some event needs what only the
//  one-by-one handler does (a refusal to count, a LATER, a rare case): the consumer then
//  rolls the whole batch back and applies it again entry by entry with sf_consumer_fn, so
//  it must return -1 rather than apply only some. Failures and LATERs are counted and
//  retried exactly as without it.
typedef int (sf_consumer_many_fn) (sf_db_t *db, const sf_event_t *const *events, size_t count, void *arg);

//  A handler may also return SF_CONSUMER_LATER: the event cannot be applied yet (it names
//  something this service will learn of from another stream, say). It is rolled back to
//  its savepoint, nothing is counted, and the entry is tried again after claim_idle_ms, for
//  as long as it takes: use it only for what is sure to come.
#define SF_CONSUMER_LATER 1

typedef struct {
    sf_db_options_t db;         //  schema: the consuming service's, where its sf_inbox is
    const char *redis_host;
    int redis_port;
    int redis_timeout_ms;       //  0 means 1000; the connection allows block_ms more
    const char *stream;
    const char *group;          //  one per consuming service; also the sf_inbox consumer
    const char *consumer;       //  unique per instance, e.g. "<host>-<pid>"
    int max_deliveries;         //  0 means 5 handler failures, then the dead-letter stream
    int claim_idle_ms;          //  0 means 30000
    int block_ms;               //  0 means 200: bounds how long destroy waits
    int batch;                  //  0 means 100 entries per read, applied in one transaction
    //  Sessions applying a read side by side (0 means 1, at most SF_CONSUMER_PARALLEL_MAX):
    //  each takes the events of its plants (of its aggregates, for events without a plant),
    //  in stream order, in a transaction of its own. Only for a handler whose events of
    //  different plants never depend on each other's order.
    int parallel;
    //  NULL, or the handler applying a batch set-based (sf_consumer_many_fn); handler, given
    //  to sf_consumer_new, is still needed for the batches it gives back.
    sf_consumer_many_fn *many;
} sf_consumer_options_t;

#define SF_CONSUMER_PARALLEL_MAX 8

//  Copies the options and starts the actor; never NULL.
sf_consumer_t *sf_consumer_new (const sf_consumer_options_t *options, sf_consumer_fn *handler, void *arg);

//  Stops the actor after the entry in progress.
void sf_consumer_destroy (sf_consumer_t **self_p);

//  Counters since start; any thread.
int64_t sf_consumer_applied (sf_consumer_t *self);
int64_t sf_consumer_duplicates (sf_consumer_t *self);
int64_t sf_consumer_dead_lettered (sf_consumer_t *self);

//  True once a read for new entries found none: everything published before that read
//  has been handled (applied, or left pending for a retry). Any thread.
bool sf_consumer_caught_up (sf_consumer_t *self);

#endif
