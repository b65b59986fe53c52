/*  rectification_board_routes: the wall screen's forms board (issue 16). Its row of the route
    table, in rectification_handlers.c (RECT_BOARD_ROUTE):
      GetFormBoard, any role (screen included), scope_of rect_board_units: the plant named, or
      for "" (the enterprise) the company; a grant must cover it.                            */
#ifndef RECTIFICATION_BOARD_ROUTES_H_INCLUDED
#define RECTIFICATION_BOARD_ROUTES_H_INCLUDED

#include "rectification.pb-c.h"
#include "sf_rpc_server.h"
#include "sf_scope.h"

#define RECT_BOARD_ROUTE \
    { .request = &rectification__get_form_board__descriptor, .reply = &rectification__form_board__descriptor, \
      .handler = rect_get_form_board, .scope_of = rect_board_units }

//  rectification.GetFormBoard -> rectification.FormBoard (read-only).
void rect_get_form_board (sf_call_t *call);

//  The unit a board request must be covered at: its plant_code, or the company root when it is
//  empty (the enterprise board; sf_board_scope_units).
int rect_board_units (sf_call_t *call, sf_scope_units_t *units);

#endif
