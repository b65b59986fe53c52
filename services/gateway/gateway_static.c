/*  gateway_static: the pages: /screen/, /m/, /vendor/. Placeholder of issue 16's groundwork:
    registers nothing yet (being built).                                                      */
#include "gateway.h"

int
gw_static_start (gw_state_t *state)
{
    (void) state;
    return 0;
}

void
gw_static_stop (gw_state_t *state)
{
    (void) state;
}
