/*  sf_clock_test: real time, a frozen clock moved by hand, and the monotonic clock.        */
#include "sf_clock.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <time.h>

static int64_t
s_real_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
s_near_real (int64_t ms)
{
    int64_t real = s_real_ms ();
    return ms > real - 2000 && ms < real + 2000;
}

static void
test_real_time (void)
{
    sf_clock_set_ms (0);
    int64_t before = s_real_ms ();
    int64_t now = sf_clock_now_ms ();
    int64_t after = s_real_ms ();
    SF_CHECK (now >= before && now <= after);
    sf_test_sleep_ms (20);
    SF_CHECK (sf_clock_now_ms () >= now + 20);
}

static void
test_frozen_and_advanced (void)
{
    const int64_t frozen = 1700000000123;
    sf_clock_set_ms (frozen);
    SF_CHECK (sf_clock_now_ms () == frozen);
    sf_test_sleep_ms (20);
    SF_CHECK (sf_clock_now_ms () == frozen);
    sf_clock_advance_ms (1500);
    SF_CHECK (sf_clock_now_ms () == frozen + 1500);
    sf_clock_advance_ms (0);
    SF_CHECK (sf_clock_now_ms () == frozen + 1500);
    //  A day and more: 64-bit arithmetic, no overflow.
    sf_clock_advance_ms (86400000LL * 400);
    SF_CHECK (sf_clock_now_ms () == frozen + 1500 + 86400000LL * 400);
    sf_clock_set_ms (frozen);
    SF_CHECK (sf_clock_now_ms () == frozen);
    //  0 returns to real time.
    sf_clock_set_ms (0);
    SF_CHECK (s_near_real (sf_clock_now_ms ()));
}

enum { THREADS = 4, STEPS = 10000 };

static void *
s_advancer (void *arg)
{
    (void) arg;
    for (int i = 0; i < STEPS; i++)
        sf_clock_advance_ms (1);
    return NULL;
}

static void
test_advance_from_threads (void)
{
    sf_clock_set_ms (1000000);
    pthread_t threads [THREADS];
    for (int i = 0; i < THREADS; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_advancer, NULL) == 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join (threads [i], NULL);
    SF_CHECK (sf_clock_now_ms () == 1000000 + THREADS * STEPS);
    sf_clock_set_ms (0);
}

static void
test_monotonic (void)
{
    //  Unaffected by a frozen wall clock.
    sf_clock_set_ms (5);
    int64_t start_ms = sf_clock_mono_ms ();
    int64_t start_us = sf_clock_mono_us ();
    SF_CHECK (start_us / 1000 >= start_ms && start_us / 1000 <= start_ms + 1);
    int64_t last = start_us;
    for (int i = 0; i < 100000; i++) {
        int64_t now = sf_clock_mono_us ();
        SF_CHECK (now >= last);
        last = now;
    }
    sf_test_sleep_ms (50);
    int64_t elapsed_ms = sf_clock_mono_ms () - start_ms;
    int64_t elapsed_us = sf_clock_mono_us () - start_us;
    SF_CHECK (elapsed_ms >= 50 && elapsed_ms < 2000);
    SF_CHECK (elapsed_us >= 50000 && elapsed_us < 2000000);
    SF_CHECK (sf_clock_now_ms () == 5);
    sf_clock_set_ms (0);
}

//  "Moves a frozen clock forward (no effect on real time)".
static void
test_advance_does_not_freeze_real_time (void)
{
    sf_clock_set_ms (0);
    sf_clock_advance_ms (1000);
    int64_t now = sf_clock_now_ms ();
    if (!s_near_real (now))
        fprintf (stderr, "after advance on the real clock, now is %lld, real time is %lld\n",
                 (long long) now, (long long) s_real_ms ());
    SF_CHECK (s_near_real (now));
    sf_test_sleep_ms (20);
    SF_CHECK (sf_clock_now_ms () > now);
    sf_clock_set_ms (0);
}

int
main (void)
{
    test_real_time ();
    test_frozen_and_advanced ();
    test_advance_from_threads ();
    test_monotonic ();
    test_advance_does_not_freeze_real_time ();
    printf ("sf_clock_test: OK\n");
    return 0;
}
