/*  sf_systemd: sd_notify for the daemons (see sf_systemd.h).                                   */
#include "sf_systemd.h"

#include <stdarg.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>

void
sf_systemd_status (const char *format, ...)
{
    char status [512];
    va_list args;
    va_start (args, format);
    vsnprintf (status, sizeof status, format, args);
    va_end (args);
    //  A newline would end the assignment: a status is one line.
    for (char *c = status; *c; c++)
        if (*c == '\n')
            *c = ' ';
    sd_notifyf (0, "STATUS=%s", status);
}

void
sf_systemd_ready (const char *status)
{
    sd_notifyf (0, "READY=1\nSTATUS=%s", status);
}

void
sf_systemd_stopping (void)
{
    sd_notify (0, "STOPPING=1\nSTATUS=stopping");
}

int64_t
sf_systemd_watchdog_ms (void)
{
    uint64_t usec = 0;
    if (sd_watchdog_enabled (0, &usec) <= 0 || usec == 0)
        return 0;
    int64_t ms = (int64_t) (usec / 2000);
    return ms > 0? ms: 1;
}

void
sf_systemd_watchdog (void)
{
    sd_notify (0, "WATCHDOG=1");
}
