/*  sf_relay_floor: where the relay's scan of the unpublished outbox rows may start. Below the
    floor every row is published, or will never exist. The scan walks sf_outbox_unpublished
    (id, WHERE published_at IS NULL) from the floor instead of from the start: the index keeps
    an entry for every row published since the oldest snapshot any session holds (a report
    query left open, a logical dump), and a scan from the start steps over all of them, each
    a heap visit. Behind a snapshot held for 8 s at 1,000 events/s that was 2,900 buffers a
    pass for 7 rows (docs/benchmarks.md).

    A lower id can commit after a higher one is published, so the floor never moves past the
    highest id published: it moves to a candidate (the highest id a pass saw, every visible
    unpublished row up to it published by that pass) only once every transaction that could
    still add a row below the candidate is over:
    1. pass P ends: its candidate C (no row it left unpublished at or below C);
    2. the next pass's first statement: H, the snapshot's xmax. A transaction holding an id
       at or below C took that id before P's scan, and (writing it) had an xid then, so its
       xid is below H;
    3. a later pass whose first statement's snapshot xmin is at or above H: all of them are
       over, their rows visible to this pass's scan, which starts at the old floor; when it
       commits, the floor moves to C (or to the last row this pass reached, if less).
    An xid is taken with a transaction's first write; a transaction whose first write is the
    outbox row takes its id an instant before its xid. For that instant, for rows queued
    again (a repair, sf.Republish) and anything else unforeseen, a pass every sweep_ms scans
    from the start, and a failed pass or a repair puts the floor back to 0.

    Pure state, no I/O; the relay's actor thread only.                                       */
#ifndef SF_RELAY_FLOOR_H_INCLUDED
#define SF_RELAY_FLOOR_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t floor;              //  rows with an id up to it are published (or never will be)
    int64_t candidate;          //  the floor a pass earned, waiting on its horizon; 0: none
    uint64_t horizon;           //  the candidate's xid horizon; 0: not known yet
    bool begun;                 //  a pass has begun and not yet committed
    bool ripe;                  //  this pass: the candidate's transactions are all over
    bool swept;                 //  this pass scans from the start
    int64_t reached;            //  this pass: its candidate (0: it saw no row)
    int64_t bound;              //  this pass: the floor may not pass it (INT64_MAX: none)
    int64_t sweep_ms;           //  how often a pass scans from the start
    int64_t next_sweep_ms;      //  monotonic
} sf_relay_floor_t;

//  A floor at 0, sweeping every sweep_ms.
void sf_relay_floor_init (sf_relay_floor_t *self, int64_t sweep_ms);

//  A pass begins; xmin and xmax are its first statement's snapshot's. Returns the id its
//  scan starts above (0: the whole outbox).
int64_t sf_relay_floor_begin (sf_relay_floor_t *self, uint64_t xmin, uint64_t xmax, int64_t now_ms);

//  The pass's scan returned count rows (full: as many as it asked for), the last with id
//  last_id; first_left is the lowest id among them the pass could not publish (0: none).
void sf_relay_floor_scanned (sf_relay_floor_t *self, int count, bool full, int64_t last_id, int64_t first_left);

//  The pass committed: the floor moves if it may. Nothing when no pass had begun (one that
//  did not scan).
void sf_relay_floor_committed (sf_relay_floor_t *self, int64_t now_ms);

//  The pass failed, or rows were queued again: back to scanning from the start.
void sf_relay_floor_reset (sf_relay_floor_t *self);

#endif
