/*  scoring_routes: the parts of the route table in one.                                    */
#include "scoring_routes.h"
#include "scoring.h"
#include "scoring_board.h"
#include "sf_routes.h"

const sf_route_t *
scoring_routes (void)
{
    static const sf_route_t *all;
    static const sf_route_t *const parts [] = {
        scoring_letter_routes, scoring_rules_routes, scoring_ledger_routes, scoring_month_routes,
        scoring_board_routes
    };
    if (!all)
        all = sf_routes_join (parts, sizeof parts / sizeof parts [0]);
    return all;
}
