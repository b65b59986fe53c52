/*  training_routes: the parts of the route table in one.                                   */
#include "training_routes.h"
#include "sf_routes.h"

const sf_route_t *
training_routes (void)
{
    static const sf_route_t *all;
    static const sf_route_t *const parts [] = {
        training_kb_routes, training_exam_routes, training_qual_routes, training_drill_routes,
        training_board_routes
    };
    if (!all)
        all = sf_routes_join (parts, sizeof parts / sizeof parts [0]);
    return all;
}
