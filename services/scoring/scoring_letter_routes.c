/*  scoring_letter_routes: the letter area's part of the route table (scoring.h). Being built.  */
#include "scoring.h"

const sf_route_t scoring_letter_routes [] = {
    { 0 }
};
