/*  gateway_api: placeholder of the skeleton; its owner replaces it (README.md, "Files").  */
#include "gateway.h"

int
gw_api_start (gw_state_t *state)
{
    (void) state;
    return 0;
}

void
gw_api_stop (gw_state_t *state)
{
    (void) state;
}
