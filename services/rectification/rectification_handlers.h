/*  rectification_handlers: one small function per request type, and the route table.     */
#ifndef RECTIFICATION_HANDLERS_H_INCLUDED
#define RECTIFICATION_HANDLERS_H_INCLUDED

#include "sf_rpc_server.h"

//  call->state is the rect_policy_t.
extern const sf_route_t rect_routes [];

//  The statistics and the notice (rectification_stats.c).
void rect_get_stats (sf_call_t *call);
void rect_get_notice (sf_call_t *call);

#endif
