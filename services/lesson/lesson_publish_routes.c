/*  lesson_publish_routes: placeholder until the area lands (lesson.h).                         */
#include "lesson.h"

const sf_route_t lesson_publish_routes [] = {
    { 0 }
};
