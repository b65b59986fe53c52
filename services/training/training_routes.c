/*  training_routes: the parts of the route table in one.                                   */
#include "training_routes.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static size_t
s_count (const sf_route_t *routes)
{
    size_t count = 0;
    while (routes [count].request)
        count++;
    return count;
}

const sf_route_t *
training_routes (void)
{
    static sf_route_t *all;
    if (all)
        return all;
    const sf_route_t *parts [] = {
        training_kb_routes, training_exam_routes, training_qual_routes, training_drill_routes
    };
    size_t total = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts [0]; i++)
        total += s_count (parts [i]);
    all = calloc (total + 1, sizeof *all);
    assert (all);
    size_t at = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts [0]; i++) {
        size_t count = s_count (parts [i]);
        memcpy (all + at, parts [i], count * sizeof *all);
        at += count;
    }
    return all;
}
