/*  gateway_sse: placeholder of the skeleton; its owner replaces it (README.md, "Files").  */
#include "gateway.h"

int
gw_sse_start (gw_state_t *state)
{
    (void) state;
    return 0;
}

void
gw_sse_stop (gw_state_t *state)
{
    (void) state;
}
