/*  fuzz_routes: the first byte picks the route, the rest is its body.                      */
#include "fuzz_routes.h"
#include "fuzz_body.h"

size_t
fuzz_routes_count (const sf_route_t *routes)
{
    size_t count = 0;
    while (routes [count].request)
        count++;
    return count;
}

int
fuzz_routes_one (const sf_route_t *routes, const uint8_t *data, size_t size)
{
    size_t count = fuzz_routes_count (routes);
    if (size < 1 || count == 0)
        return 0;
    const sf_route_t *route = &routes [data [0] % count];
    fuzz_body_check (route->request, data + 1, size - 1, route->required);
    return 0;
}
