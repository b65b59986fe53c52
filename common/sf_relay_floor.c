/*  sf_relay_floor: the relay scan's starting id (see the header for why it is safe).       */
#include "sf_relay_floor.h"

#include <assert.h>
#include <string.h>

void
sf_relay_floor_init (sf_relay_floor_t *self, int64_t sweep_ms)
{
    assert (sweep_ms > 0);
    memset (self, 0, sizeof *self);
    self->sweep_ms = sweep_ms;
    self->bound = INT64_MAX;
}

int64_t
sf_relay_floor_begin (sf_relay_floor_t *self, uint64_t xmin, uint64_t xmax, int64_t now_ms)
{
    //  The first pass after the candidate's: every transaction that could hold an id below
    //  it has an xid below this snapshot's xmax.
    if (self->candidate && !self->horizon)
        self->horizon = xmax;
    else
    if (self->candidate && xmin >= self->horizon)
        self->ripe = true;
    self->begun = true;
    self->reached = 0;
    self->bound = INT64_MAX;
    self->swept = self->floor == 0 || now_ms >= self->next_sweep_ms;
    return self->swept? 0: self->floor;
}

void
sf_relay_floor_scanned (sf_relay_floor_t *self, int count, bool full, int64_t last_id, int64_t first_left)
{
    //  Past the last row of a full batch there may be unpublished rows; a row the pass could
    //  not publish stays above the floor.
    if (count > 0 && full)
        self->bound = last_id;
    if (first_left > 0 && first_left - 1 < self->bound)
        self->bound = first_left - 1;
    self->reached = count > 0? (last_id < self->bound? last_id: self->bound): 0;
}

void
sf_relay_floor_committed (sf_relay_floor_t *self, int64_t now_ms)
{
    if (!self->begun)
        return;
    self->begun = false;
    if (self->ripe) {
        int64_t floor = self->candidate < self->bound? self->candidate: self->bound;
        if (floor > self->floor)
            self->floor = floor;
        self->candidate = 0;
        self->horizon = 0;
        self->ripe = false;
    }
    if (!self->candidate && self->reached > self->floor) {
        self->candidate = self->reached;
        self->horizon = 0;
    }
    if (self->swept)
        self->next_sweep_ms = now_ms + self->sweep_ms;
}

void
sf_relay_floor_reset (sf_relay_floor_t *self)
{
    sf_relay_floor_init (self, self->sweep_ms);
}
