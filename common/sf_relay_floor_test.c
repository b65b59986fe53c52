/*  sf_relay_floor: the floor moves to a pass's candidate only after a later pass saw every
    transaction below the candidate's horizon over; never past a full batch's last row or a
    row left unpublished; a failed pass or a reset scans from the start; so does a pass every
    sweep_ms. (sf_relay_test runs it against PostgreSQL: a row committed late below the
    floor is still published, without waiting for a sweep.)                                 */
#include "sf_relay_floor.h"
#include "sf_testkit.h"

#define SWEEP_MS 1000

//  One pass that scanned count rows up to last and committed; returns where it started.
static int64_t
s_pass (sf_relay_floor_t *floor, uint64_t xmin, uint64_t xmax, int64_t now, int count, bool full,
        int64_t last, int64_t left)
{
    int64_t from = sf_relay_floor_begin (floor, xmin, xmax, now);
    sf_relay_floor_scanned (floor, count, full, last, left);
    sf_relay_floor_committed (floor, now);
    return from;
}

static void
test_horizon (void)
{
    sf_relay_floor_t floor;
    sf_relay_floor_init (&floor, SWEEP_MS);
    //  The first pass scans from the start and earns candidate 10.
    SF_CHECK (s_pass (&floor, 100, 105, 0, 10, false, 10, 0) == 0);
    SF_CHECK (floor.floor == 0 && floor.candidate == 10);
    //  The next pass learns the horizon (xmax 107); the floor is still 0: from the start.
    SF_CHECK (s_pass (&floor, 103, 107, 10, 5, false, 15, 0) == 0);
    SF_CHECK (floor.floor == 0 && floor.horizon == 107);
    //  A transaction below 107 is still running (xmin 106): no move.
    SF_CHECK (s_pass (&floor, 106, 110, 20, 0, false, 0, 0) == 0);
    SF_CHECK (floor.floor == 0 && floor.candidate == 10);
    //  All over: the floor moves to 10 when this pass commits; its own rows make the next
    //  candidate.
    SF_CHECK (s_pass (&floor, 107, 111, 30, 3, false, 18, 0) == 0);
    SF_CHECK (floor.floor == 10 && floor.candidate == 18 && floor.horizon == 0);
    //  From now on the scan starts at the floor.
    SF_CHECK (s_pass (&floor, 108, 112, 40, 0, false, 0, 0) == 10);
    SF_CHECK (floor.horizon == 112);
    SF_CHECK (s_pass (&floor, 112, 113, 50, 0, false, 0, 0) == 10);
    SF_CHECK (floor.floor == 18 && floor.candidate == 0);
    //  An idle pass earns nothing and keeps the floor.
    SF_CHECK (s_pass (&floor, 113, 113, 60, 0, false, 0, 0) == 18);
    SF_CHECK (floor.floor == 18 && floor.candidate == 0);
}

static void
test_bounds (void)
{
    sf_relay_floor_t floor;
    sf_relay_floor_init (&floor, SWEEP_MS);
    //  A full batch ending at 50: the candidate is 50, not beyond.
    s_pass (&floor, 1, 2, 0, 50, true, 50, 0);
    SF_CHECK (floor.candidate == 50);
    s_pass (&floor, 1, 3, 1, 50, true, 100, 0);
    //  Ripe, but this pass's batch is full and ends at 40 (rows came back below the
    //  candidate): the floor stops at 40.
    s_pass (&floor, 3, 4, 2, 10, true, 40, 0);
    SF_CHECK (floor.floor == 40);
    sf_relay_floor_reset (&floor);
    //  A row the pass could not publish (Redis refused its XADD) stays above the floor.
    s_pass (&floor, 1, 2, 0, 20, false, 20, 7);
    SF_CHECK (floor.candidate == 6);
    s_pass (&floor, 2, 3, 1, 0, false, 0, 0);
    s_pass (&floor, 3, 3, 2, 0, false, 0, 0);
    SF_CHECK (floor.floor == 6);
    //  A ripe pass that leaves row 4 unpublished keeps the floor below it.
    sf_relay_floor_reset (&floor);
    s_pass (&floor, 1, 2, 0, 20, false, 20, 0);
    s_pass (&floor, 2, 3, 1, 0, false, 0, 0);
    s_pass (&floor, 3, 3, 2, 5, false, 9, 4);
    SF_CHECK (floor.floor == 3);
}

static void
test_sweep_and_reset (void)
{
    sf_relay_floor_t floor;
    sf_relay_floor_init (&floor, SWEEP_MS);
    s_pass (&floor, 1, 2, 0, 10, false, 10, 0);
    s_pass (&floor, 2, 3, 100, 0, false, 0, 0);
    s_pass (&floor, 3, 3, 200, 0, false, 0, 0);
    SF_CHECK (floor.floor == 10);
    //  The last scan from the start was at 200 (the floor was 0 when it began): from the
    //  floor until sweep_ms after it, then once from 0.
    SF_CHECK (s_pass (&floor, 3, 3, 200 + SWEEP_MS - 1, 0, false, 0, 0) == 10);
    SF_CHECK (s_pass (&floor, 3, 3, 200 + SWEEP_MS, 0, false, 0, 0) == 0);
    SF_CHECK (s_pass (&floor, 3, 3, 200 + SWEEP_MS + 1, 0, false, 0, 0) == 10);
    //  A pass that begins and fails: back to the start, nothing earned.
    sf_relay_floor_begin (&floor, 3, 3, 200 + SWEEP_MS + 2);
    sf_relay_floor_reset (&floor);
    SF_CHECK (floor.floor == 0 && floor.candidate == 0);
    SF_CHECK (s_pass (&floor, 3, 3, 200 + SWEEP_MS + 3, 0, false, 0, 0) == 0);
    //  A commit with no pass begun (the pass queued lost rows again and scanned nothing)
    //  changes nothing.
    sf_relay_floor_committed (&floor, 200 + SWEEP_MS + 4);
    SF_CHECK (floor.floor == 0 && floor.candidate == 0);
}

int
main (void)
{
    test_horizon ();
    test_bounds ();
    test_sweep_and_reset ();
    printf ("sf_relay_floor_test: OK\n");
    return 0;
}
