/*  ctl_events_dead: `safetyctl events dead` and `events replay`, subcommands of `events`.   */
#ifndef CTL_EVENTS_DEAD_H_INCLUDED
#define CTL_EVENTS_DEAD_H_INCLUDED

#include "ctl.h"

extern const ctl_command_t ctl_events_dead_command;
extern const ctl_command_t ctl_events_replay_command;

#endif
