/*  scoring_month_routes: the month area's part of the route table (scoring.h). Being built.  */
#include "scoring.h"

const sf_route_t scoring_month_routes [] = {
    { 0 }
};
