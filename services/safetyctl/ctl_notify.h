/*  ctl_notify: safetyctl notify, the notifier daemon's commands: the routing rules (routes,
    routes set), a unit's channels (channel set, channel remove, channels), the delivery log
    (log, delivery), acknowledging an urgent message (ack) and a test message over one
    channel (test). The daemon checks every rule; the client turns words into values and
    prints. A channel's secret is write-only: only "set …last4" is ever shown.              */
#ifndef CTL_NOTIFY_H_INCLUDED
#define CTL_NOTIFY_H_INCLUDED

#include "ctl.h"

#define CTL_NOTIFY_DAEMON "notify"

extern const ctl_command_t ctl_notify_command;

#endif
