/*  scoring_overdue: per-day entries of overdue forms (README_rules.md, "Per-day overdue").
    For each form tracked in overdue_form: days = whole days from its deadline to now (or to
    its close), capped by form.overdue_day's item_cap (0: no cap); each day not yet scored
    becomes a cause "overdue:<form id>" with item_no the day and the moment deadline + n days,
    to the responsible person (when an employee) and unit; days_scored remembers them.     */
#ifndef SCORING_OVERDUE_H_INCLUDED
#define SCORING_OVERDUE_H_INCLUDED

#include "scoring.h"

#include <stdint.h>

//  One pass over the tracked forms at now_ms (the job's work, in the caller's transaction).
//  Returns the days scored, or -1 on a db error.
int scoring_overdue_pass (sf_db_t *db, const scoring_state_t *state, int64_t now_ms);

#endif
