/*  safetyctl training qual: this area's commands (ctl_training.h).                       */
#include "ctl_training.h"

#include <stddef.h>

static const ctl_command_t *const s_commands [] = {
    NULL
};

const ctl_command_t ctl_training_qual_command = {
    .name = "qual",
    .summary = { "三级教育、证书与上岗资格", "Onboarding, certificates and who is qualified" },
    .commands = s_commands
};
