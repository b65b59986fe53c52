/*  gateway_ticker: a thread that calls a function, waits as long as the function says, and
    calls it again, until stopped; a poke cuts the wait short. What the gateway's background
    work shares (the daemons' sf.Describe, their sf.Health for /metrics).                      */
#ifndef GATEWAY_TICKER_H_INCLUDED
#define GATEWAY_TICKER_H_INCLUDED

typedef struct _gw_ticker_t gw_ticker_t;

//  Called on the ticker's thread; returns how long to wait before the next call, in ms.
typedef int (gw_tick_fn) (void *arg);

//  Starts the thread: tick (arg) after first_wait_ms, then as tick says. NULL (logged) when the
//  thread cannot start.
gw_ticker_t *gw_ticker_start (const char *name, gw_tick_fn *tick, void *arg, int first_wait_ms);
//  The next call comes at once (any thread).
void gw_ticker_poke (gw_ticker_t *self);
//  Stops the thread (a call under way is finished first) and frees.
void gw_ticker_stop (gw_ticker_t **self_p);

#endif
