/*  gateway_qr: QR codes of posts and areas. Placeholder of issue 16's groundwork:
    registers nothing yet (being built).                                                      */
#include "gateway.h"

int
gw_qr_start (gw_state_t *state)
{
    (void) state;
    return 0;
}

void
gw_qr_stop (gw_state_t *state)
{
    (void) state;
}
