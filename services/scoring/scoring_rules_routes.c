/*  scoring_rules_routes: the rules area's part of the route table (scoring.h). Being built.  */
#include "scoring.h"

const sf_route_t scoring_rules_routes [] = {
    { 0 }
};
