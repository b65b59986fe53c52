/*  scoring_overdue: per-day entries of overdue forms. Being built.                          */
#include "scoring.h"

void
scoring_overdue_register (scoring_state_t *state, sf_scheduler_t *scheduler)
{
    (void) state;
    (void) scheduler;
}
