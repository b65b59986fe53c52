/*  sf_relay: the read side of the transactional outbox. An actor with its own database
    session and Redis connection copies committed rows of <schema>.sf_outbox to their Redis
    stream, oldest first, at least once.

    Each pass is one transaction: take the schema's relay advisory lock (try, never wait: one
    instance of a daemon publishes, the others stand by), lock the unpublished rows (never
    "id > last published id": a lower id can commit later; the scan starts at a floor below
    which no row can still be unpublished, sf_relay_floor.h), XADD them in one pipeline, record
    each entry id in the row, commit. A failed commit after XADD publishes the rows again on
    the next pass: the allowed duplicate, with the same event id, which consumers drop (a
    daemon that stops lets a pass whose XADD went out mark its rows and commit first:
    sf_db_finish_first). The pass commits asynchronously (synchronous_commit off for its own
    transaction): a crash may lose its last fraction of a second, which only means the same
    duplicates again, so it need not wait for a WAL flush that the commands' commits are
    waiting on.

    Woken by the commits that wrote events (sf_relay_poke), it lingers linger_ms after a pass
    before the next one: under load the commits of those milliseconds share one pass, and a
    lone commit is published at once.

    Redis data loss. We do not keep a sentinel key: after a crash with appendfsync everysec
    a key can survive while the last second of entries is gone, and a key only says that
    something was lost, not what. Instead sf_relay_stream remembers, per stream, the entry
    id of the last row we published (written in the publishing transaction), and a check
    looks that entry up with XREVRANGE <stream> <last id> - COUNT 1, which answers the newest
    entry still present at or before it:
    - it is our last entry: nothing was lost;
    - an older entry: what followed it was lost; the rows of that stream recorded after it
      become unpublished again (published_at = NULL);
    - nothing, or no stream: every retained row of the stream becomes unpublished.
    The check runs before anything else is published whenever the Redis run_id (INFO
    server, read at each connect) differs from the one last checked, which covers a
    restart (with or without persistence) and a relay that starts fresh; and every few
    seconds anyway, which covers FLUSHALL, DEL or a failover without a restart. It runs in
    the publishing transaction under the same advisory lock, so lost rows are queued again,
    in id order, before any newer row. It assumes one producing schema per stream (new
    entries then always sort after ours) and a clock that does not go back.

    Published rows older than the retention period are deleted, a bounded batch at a time;
    events lost by Redis after that are not published again.

    Streams are trimmed by length (MAXLEN ~ on every XADD) and by age: at the first pass
    and once a minute, every stream in sf_relay_stream loses its entries older than
    stream_retention_ms by Redis' clock (XTRIM MINID: an XADD takes MAXLEN or MINID, not both).
    Entries that left by age are not lost: the check skips them and never queues them again.
    Invariant: stream age < inbox retention (retention.inbox_days, 30 days by default). A
    consumer group that Redis lost is created again at the start of the stream
    (sf_consumer.h) and reads every entry there again; the inbox drops those applied before
    only while their inbox rows, kept for the inbox retention, are still there.             */
#ifndef SF_RELAY_H_INCLUDED
#define SF_RELAY_H_INCLUDED

#include "sf_db.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct _sf_relay_t sf_relay_t;

typedef struct {
    sf_db_options_t db;         //  schema: the service schema whose sf_outbox is relayed
    const char *redis_host;
    int redis_port;
    int redis_timeout_ms;       //  0 means 1000
    int interval_ms;            //  0 means 100: how often the outbox is polled
    int linger_ms;              //  0 means 5, < 0 none: after a pass, a poke waits this long
                                //  so that the commits of that time share one pass (one
                                //  transaction, one XADD pipeline) instead of one each
    int batch;                  //  0 means 500 rows per transaction
    int sweep_ms;               //  0 means 1000: how often a pass scans the unpublished rows
                                //  from the first, not from the floor (sf_relay_floor.h)
    int64_t stream_maxlen;      //  0 means 1,000,000 (XADD MAXLEN ~): keep it far above the
                                //  worst consumer backlog, trimming drops unacked entries
    int64_t retention_ms;       //  0 means 7 days; < 0 keeps published rows for ever
    int64_t stream_retention_ms;    //  0 means 7 days: older stream entries are trimmed;
                                    //  must stay below the inbox retention (see above)
} sf_relay_options_t;

//  Copies the options and starts the actor; never NULL. Redis or PostgreSQL being down is
//  not an error: the relay logs it once and keeps trying.
sf_relay_t *sf_relay_new (const sf_relay_options_t *options);

//  Stops the actor (a pass in progress finishes first).
void sf_relay_destroy (sf_relay_t **self_p);

//  A transaction with events just committed: publish now rather than at the next tick.
//  Cheap (an atomic flag, and one eventfd write when the flag was clear), never blocks,
//  pokes coalesce; any thread may call it, e.g. a consumer handler that adds events.
void sf_relay_poke (sf_relay_t *self);

//  True while the relay's Redis connection is up. Any thread.
bool sf_relay_redis_ok (sf_relay_t *self);

//  Rows this relay has published (republished rows count again). Any thread.
int64_t sf_relay_published (sf_relay_t *self);

#endif
