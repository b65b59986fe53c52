/*  safetyctl training: the training daemon's commands, a group per area of the daemon: the
    knowledge base (kb), exams (exam), who is qualified (qual: onboarding, certificates), drills
    and campaigns (drill). */
#include "ctl_training.h"

#include <stddef.h>

static const ctl_command_t *const s_commands [] = {
    &ctl_training_kb_command, &ctl_training_exam_command, &ctl_training_qual_command, &ctl_training_drill_command,
    NULL
};

const ctl_command_t ctl_training_command = {
    .name = "training",
    .summary = { "安全培训：知识库、考试、三级教育与持证上岗", "Training: knowledge base, exams, onboarding and certificates" },
    .commands = s_commands
};
