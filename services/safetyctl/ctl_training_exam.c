/*  safetyctl training exam: this area's commands (ctl_training.h).                       */
#include "ctl_training.h"

#include <stddef.h>

static const ctl_command_t *const s_commands [] = {
    NULL
};

const ctl_command_t ctl_training_exam_command = {
    .name = "exam",
    .summary = { "考试", "Exams" },
    .commands = s_commands
};
