/*  lesson_routes: the parts of the route table in one.                                     */
#include "lesson_routes.h"
#include "lesson_board_routes.h"
#include "lesson.h"
#include "sf_routes.h"

const sf_route_t *
lesson_routes (void)
{
    static const sf_route_t *all;
    static const sf_route_t *const parts [] = { lesson_author_routes, lesson_publish_routes, lesson_assign_routes,
                                                  lesson_board_routes };
    if (!all)
        all = sf_routes_join (parts, sizeof parts / sizeof parts [0]);
    return all;
}
