/*  lesson_board_routes: the wall screen's lessons board (issue 16), the route table part
    lesson_routes.c joins: GetLessonBoard, any role (screen included), scope_of
    lesson_board_units: the plant named, or for "" (the enterprise) the company; a grant must
    cover it.                                                                                 */
#ifndef LESSON_BOARD_ROUTES_H_INCLUDED
#define LESSON_BOARD_ROUTES_H_INCLUDED

#include "sf_rpc_server.h"

//  lesson.GetLessonBoard -> lesson.LessonBoard (read-only).
extern const sf_route_t lesson_board_routes [];

#endif
