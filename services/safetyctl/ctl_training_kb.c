/*  safetyctl training kb: this area's commands (ctl_training.h).                       */
#include "ctl_training.h"

#include <stddef.h>

static const ctl_command_t *const s_commands [] = {
    NULL
};

const ctl_command_t ctl_training_kb_command = {
    .name = "kb",
    .summary = { "知识库", "Knowledge base" },
    .commands = s_commands
};
