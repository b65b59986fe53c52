/*  scoring_letter_watch: letters missing past the grace days. Being built.                 */
#include "scoring.h"

void
scoring_letter_watch_register (scoring_state_t *state, sf_scheduler_t *scheduler)
{
    (void) state;
    (void) scheduler;
}
