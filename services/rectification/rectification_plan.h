/*  rectification_plan: what a major hazard's treatment plan must contain before
    rectification starts, as data with its source, and the list of what a plan lacks.       */
#ifndef RECTIFICATION_PLAN_H_INCLUDED
#define RECTIFICATION_PLAN_H_INCLUDED

#include "rectification.pb-c.h"

//  Number of required items plan lacks (0: complete). When zh and en are given they get the
//  missing items' names joined ("治理措施、落实资金" / "measures, funds"); the caller frees them.
int rect_plan_missing (const Rectification__Plan *plan, char **zh, char **en);

#endif
