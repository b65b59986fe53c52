/*  ctl_training: the groups of safetyctl training, one file per area (ctl_training_*.c).   */
#ifndef CTL_TRAINING_H_INCLUDED
#define CTL_TRAINING_H_INCLUDED

#include "ctl.h"

extern const ctl_command_t ctl_training_kb_command;      //  ctl_training_kb.c
extern const ctl_command_t ctl_training_exam_command;    //  ctl_training_exam.c
extern const ctl_command_t ctl_training_qual_command;    //  ctl_training_qual.c
extern const ctl_command_t ctl_training_drill_command;   //  ctl_training_drill.c
extern const ctl_command_t ctl_training_command;

#endif
