/*  notify_escalate: escalation, quiet hours and digests. Being built.                       */
#include "notify.h"

void
notify_escalate_register (notify_state_t *state, sf_scheduler_t *scheduler)
{
    (void) state;
    (void) scheduler;
}
