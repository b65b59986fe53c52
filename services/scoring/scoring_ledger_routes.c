/*  scoring_ledger_routes: the ledger area's part of the route table (scoring.h). Being built.  */
#include "scoring.h"

const sf_route_t scoring_ledger_routes [] = {
    { 0 }
};
