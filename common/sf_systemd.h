/*  sf_systemd: what a daemon tells systemd about itself (sd_notify, systemd.service
    Type=notify): STATUS= lines while it starts, READY=1 once it serves, WATCHDOG=1 pings,
    STOPPING=1 when it stops. Without NOTIFY_SOCKET in the environment (not run by systemd,
    or run by a test) every call does nothing.
    The watchdog pings must come from the loop that would hang, never from a thread of their
    own: a daemon whose loop is wedged stops pinging and systemd restarts it.                  */
#ifndef SF_SYSTEMD_H_INCLUDED
#define SF_SYSTEMD_H_INCLUDED

#include <stdint.h>

//  STATUS=<text>: what systemctl status shows beside the unit. printf-like.
void sf_systemd_status (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  READY=1 with STATUS=<status>: start-up is over, the daemon answers requests.
void sf_systemd_ready (const char *status);

//  STOPPING=1 with STATUS=stopping: the daemon has begun its orderly stop.
void sf_systemd_stopping (void);

//  How often to ping, in ms: half of WATCHDOG_USEC (for this process), 0 when the watchdog
//  is off. At least 1 ms.
int64_t sf_systemd_watchdog_ms (void);

//  WATCHDOG=1: the loop that calls it is alive.
void sf_systemd_watchdog (void);

#endif
