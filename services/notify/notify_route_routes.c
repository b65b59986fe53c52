/*  notify_route_routes: the route area's part of the route table (notify.h). Being built.  */
#include "notify.h"

const sf_route_t notify_route_routes [] = {
    { 0 }
};
