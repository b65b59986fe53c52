/*  safetyctl training drill: this area's commands (ctl_training.h).                         */
#include "ctl_training.h"

#include <stddef.h>

static const ctl_command_t *const s_commands [] = {
    NULL
};

const ctl_command_t ctl_training_drill_command = {
    .name = "drill",
    .summary = { "应急演练与安全活动", "Emergency drills and safety campaigns" },
    .commands = s_commands
};
