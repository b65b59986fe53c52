/*  sf-directory: the org directory daemon. Wiring only: see directory_handlers.c.           */
#include "directory_handlers.h"
#include "sf_service.h"

extern const sf_migration_t directory_migrations [];

int
main (int argc, char **argv)
{
    const sf_service_spec_t spec = {
        .name = "directory",
        .schema = "directory",
        .migrations = directory_migrations,
        .routes = directory_routes,
    };
    return sf_service_main (&spec, argc, argv);
}
