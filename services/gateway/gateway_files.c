/*  gateway_files: attachments: POST /api/v1/files, GET /api/v1/files/<sha256>. Placeholder of issue 16's groundwork:
    registers nothing yet (being built).                                                      */
#include "gateway.h"

int
gw_files_start (gw_state_t *state)
{
    (void) state;
    return 0;
}

void
gw_files_stop (gw_state_t *state)
{
    (void) state;
}
