/*  training_routes: the daemon's route table, one part per area of the daemon, each in its
    own file: the knowledge base (training_kb_*), exams (training_exam_*), qualification,
    onboarding and certificates (training_qual_*), drills and campaigns (training_drill_*),
    the wall screen's training panel (training_board_*).
    Each part ends with { 0 }.             */
#ifndef TRAINING_ROUTES_H_INCLUDED
#define TRAINING_ROUTES_H_INCLUDED

#include "sf_rpc_server.h"

extern const sf_route_t training_kb_routes [];
extern const sf_route_t training_exam_routes [];
extern const sf_route_t training_qual_routes [];
extern const sf_route_t training_drill_routes [];
extern const sf_route_t training_board_routes [];

//  Every part in one table, ending with { 0 }: built on the first call, kept for the life of
//  the process.
const sf_route_t *training_routes (void);

#endif
