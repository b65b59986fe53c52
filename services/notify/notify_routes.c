/*  notify_routes: the parts of the route table in one.                                     */
#include "notify_routes.h"
#include "notify.h"
#include "sf_routes.h"

const sf_route_t *
notify_routes (void)
{
    static const sf_route_t *all;
    static const sf_route_t *const parts [] = { notify_route_routes, notify_log_routes };
    if (!all)
        all = sf_routes_join (parts, sizeof parts / sizeof parts [0]);
    return all;
}
