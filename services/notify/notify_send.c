/*  notify_send: the sending job. Being built.                                               */
#include "notify.h"

void
notify_send_register (notify_state_t *state, sf_scheduler_t *scheduler)
{
    (void) state;
    (void) scheduler;
}
