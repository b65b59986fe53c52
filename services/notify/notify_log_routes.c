/*  notify_log_routes: the log area's part of the route table (notify.h). Being built.  */
#include "notify.h"

const sf_route_t notify_log_routes [] = {
    { 0 }
};
