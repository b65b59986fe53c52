/*  gateway_ticker: a periodic thread (gateway_ticker.h).                                    */
#include "gateway_ticker.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

struct _gw_ticker_t {
    gw_tick_fn *tick;
    void *arg;
    int wait_ms;                     //  before the next call
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;             //  on CLOCK_MONOTONIC
    bool stopping;
    bool poked;
};

//  Waits wait_ms or until poked or stopped; false when stopping.
static bool
s_wait (gw_ticker_t *self, int wait_ms)
{
    struct timespec until;
    clock_gettime (CLOCK_MONOTONIC, &until);
    int64_t nanoseconds = until.tv_nsec + (int64_t) wait_ms * 1000000;
    until.tv_sec += (time_t) (nanoseconds / 1000000000);
    until.tv_nsec = (long) (nanoseconds % 1000000000);
    pthread_mutex_lock (&self->lock);
    while (!self->stopping && !self->poked)
        if (pthread_cond_timedwait (&self->wake, &self->lock, &until) != 0)
            break;
    self->poked = false;
    bool go_on = !self->stopping;
    pthread_mutex_unlock (&self->lock);
    return go_on;
}

static void *
s_run (void *arg)
{
    gw_ticker_t *self = arg;
    int wait_ms = self->wait_ms;
    while (s_wait (self, wait_ms))
        wait_ms = self->tick (self->arg);
    return NULL;
}

gw_ticker_t *
gw_ticker_start (const char *name, gw_tick_fn *tick, void *arg, int first_wait_ms)
{
    gw_ticker_t *self = calloc (1, sizeof *self);
    assert (self);
    self->tick = tick;
    self->arg = arg;
    self->wait_ms = first_wait_ms;
    pthread_mutex_init (&self->lock, NULL);
    pthread_condattr_t attributes;
    pthread_condattr_init (&attributes);
    pthread_condattr_setclock (&attributes, CLOCK_MONOTONIC);
    pthread_cond_init (&self->wake, &attributes);
    pthread_condattr_destroy (&attributes);
    if (pthread_create (&self->thread, NULL, s_run, self) != 0) {
        sf_error ("gateway: cannot start the %s thread", name);
        pthread_cond_destroy (&self->wake);
        pthread_mutex_destroy (&self->lock);
        free (self);
        return NULL;
    }
    return self;
}

void
gw_ticker_poke (gw_ticker_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->poked = true;
    pthread_cond_signal (&self->wake);
    pthread_mutex_unlock (&self->lock);
}

void
gw_ticker_stop (gw_ticker_t **self_p)
{
    gw_ticker_t *self = *self_p;
    if (!self)
        return;
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_signal (&self->wake);
    pthread_mutex_unlock (&self->lock);
    pthread_join (self->thread, NULL);
    pthread_cond_destroy (&self->wake);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}
