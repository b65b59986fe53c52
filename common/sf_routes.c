/*  sf_routes: the parts of a route table in one.                                            */
#include "sf_routes.h"

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
sf_routes_join (const sf_route_t *const parts [], size_t count)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += s_count (parts [i]);
    sf_route_t *all = calloc (total + 1, sizeof *all);
    assert (all);
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        size_t part = s_count (parts [i]);
        memcpy (all + at, parts [i], part * sizeof *all);
        at += part;
    }
    return all;
}
