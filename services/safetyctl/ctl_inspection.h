/*  ctl_inspection: the command groups of the inspection daemon, put together under
    `safetyctl inspection` by the group's table.                                           */
#ifndef CTL_INSPECTION_H_INCLUDED
#define CTL_INSPECTION_H_INCLUDED

#include "ctl.h"

//  hazard import FILE, hazard list --unit [--year]: the hazard identification lists.
extern const ctl_command_t ctl_inspection_hazard_command;

//  risk assess --l --e --c, risk register --unit [--year]: LEC grading and the register.
extern const ctl_command_t ctl_inspection_risk_command;

//  The word of a factor (人机料法环) and of a risk colour in the chosen language, "-" for
//  none: the words of the hazard lists (ctl_inspection_hazard.c), shown by checklists too.
const char *ctl_inspection_factor (const ctl_t *ctl, int factor);
const char *ctl_inspection_colour (const ctl_t *ctl, int colour);

//  The whole group: plans, calendars, tasks, records, findings, violations, meetings,
//  reports, and the two above (ctl_inspection.c).
extern const ctl_command_t ctl_inspection_command;

#endif
