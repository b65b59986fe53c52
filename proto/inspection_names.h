/*  inspection_names: the words people type and read for the enums of inspection.proto's
    plans, tasks, findings, violations and meetings, in English (the command line's words)
    and Chinese, for every client (safetyctl, tests), which links this contract library and
    no daemon code. The factors and risk colours are in inspection_hazard_names.           */
#ifndef INSPECTION_NAMES_H_INCLUDED
#define INSPECTION_NAMES_H_INCLUDED

#include "inspection.pb-c.h"

typedef struct {
    int value;                   //  the generated enum value
    const char *name;            //  English word, as typed: "company_monthly"
    const char *zh;              //  Chinese word, accepted too: "公司月查"
    const char *alias;           //  one more accepted spelling, or NULL
} inspection_name_t;

//  One table per enum; each ends with a value of 0.
extern const inspection_name_t inspection_plan_levels [];
extern const inspection_name_t inspection_task_kinds [];
extern const inspection_name_t inspection_task_statuses [];
extern const inspection_name_t inspection_severities [];
extern const inspection_name_t inspection_finding_sources [];
extern const inspection_name_t inspection_finding_statuses [];
extern const inspection_name_t inspection_violation_types [];
extern const inspection_name_t inspection_meeting_kinds [];

//  The value text names in names (Latin words in any letter case), or 0.
int inspection_name_parse (const inspection_name_t *names, const char *text);

//  The entry of value in names, or NULL.
const inspection_name_t *inspection_name_find (const inspection_name_t *names, int value);

#endif
