/*  sf_clock: the wall clock business logic reads (deadlines, schedules, event times).
    Tests can set it and move it forward; timeouts use the monotonic clock, never this one.  */
#ifndef SF_CLOCK_H_INCLUDED
#define SF_CLOCK_H_INCLUDED

#include <stdint.h>

//  Unix epoch milliseconds: the real time, or the time a test set.
int64_t sf_clock_now_ms (void);

//  Unix epoch milliseconds of the real time, whatever a test set: for request deadlines,
//  which client and server compare across processes.
int64_t sf_clock_wall_ms (void);

//  Freezes the clock at ms; 0 returns to real time.
void sf_clock_set_ms (int64_t ms);

//  Moves a frozen clock forward (no effect on real time).
void sf_clock_advance_ms (int64_t ms);

//  Monotonic milliseconds for timeouts and latency.
int64_t sf_clock_mono_ms (void);
int64_t sf_clock_mono_us (void);

#endif
