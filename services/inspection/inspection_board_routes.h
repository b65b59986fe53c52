/*  inspection_board_routes: the plant's wall screen (issue 16). Its row of the route table,
    in inspection_routes.c:
      GetHazardBoard, any role (screen included), .scope = plant_code (a grant covering it).  */
#ifndef INSPECTION_BOARD_ROUTES_H_INCLUDED
#define INSPECTION_BOARD_ROUTES_H_INCLUDED

#include "inspection.pb-c.h"
#include "sf_rpc_server.h"

#define INSPECTION_BOARD_ROUTE \
    { .request = &inspection__get_hazard_board__descriptor, .reply = &inspection__hazard_board__descriptor, \
      .handler = inspection_get_hazard_board, .required = "plant_code", .scope = "plant_code" }

//  inspection.GetHazardBoard -> inspection.HazardBoard (read-only).
void inspection_get_hazard_board (sf_call_t *call);

#endif
