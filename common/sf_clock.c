/*  sf_clock: real or test-set time.                                                         */
#include "sf_clock.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic int64_t s_frozen_ms;

int64_t
sf_clock_now_ms (void)
{
    int64_t frozen = atomic_load (&s_frozen_ms);
    return frozen? frozen: sf_clock_wall_ms ();
}

int64_t
sf_clock_wall_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sf_clock_set_ms (int64_t ms)
{
    atomic_store (&s_frozen_ms, ms);
}

void
sf_clock_advance_ms (int64_t ms)
{
    int64_t frozen = atomic_load (&s_frozen_ms);
    while (frozen && !atomic_compare_exchange_weak (&s_frozen_ms, &frozen, frozen + ms))
        ;
}

int64_t
sf_clock_mono_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
sf_clock_mono_ms (void)
{
    return sf_clock_mono_us () / 1000;
}
