/*  training_drill_routes: this area's part of the route table (training_routes.h).        */
#include "training_routes.h"

const sf_route_t training_drill_routes [] = {
    { 0 }
};
