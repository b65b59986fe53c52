/*  inspection_board_routes: the plant's wall screen (issue 16). Its row of the route table,
    in inspection_routes.c:
      GetHazardBoard, any role (screen included), scoped by inspection_board_units: a grant
      covering plant_code, or for plant_code "" (the enterprise-wide screen) one covering the
      company root above the actor's unit.                                                   */
#ifndef INSPECTION_BOARD_ROUTES_H_INCLUDED
#define INSPECTION_BOARD_ROUTES_H_INCLUDED

#include "inspection.pb-c.h"
#include "sf_rpc_server.h"

#define INSPECTION_BOARD_ROUTE \
    { .request = &inspection__get_hazard_board__descriptor, .reply = &inspection__hazard_board__descriptor, \
      .handler = inspection_get_hazard_board, .scope_of = inspection_board_units }

//  inspection.GetHazardBoard -> inspection.HazardBoard (read-only).
void inspection_get_hazard_board (sf_call_t *call);

//  The unit a board request is checked against (sf_route_t.scope_of): plant_code, or for ""
//  the company of the actor's unit (1 when it has none: the handler refuses).
sf_scope_of_fn inspection_board_units;

#endif
