/*  sf_roles: the catalogue's codes as one table.                                           */
#include "sf_roles.h"

#include <string.h>

const char *const sf_roles [] = {
    SF_ROLE_ADMIN, SF_ROLE_EHS, SF_ROLE_ORG_ADMIN, SF_ROLE_PLANT_SAFETY_MANAGER,
    SF_ROLE_DEPARTMENT_HEAD, SF_ROLE_SAFETY_OFFICER, SF_ROLE_TEAM_LEADER, SF_ROLE_INSPECTOR,
    SF_ROLE_PATROL_OFFICER, SF_ROLE_WORKER, SF_ROLE_SCREEN, SF_ROLE_SERVICE,
    NULL
};

//  True when the size bytes at code are a catalogue code.
static bool
s_known (const char *code, size_t size)
{
    for (size_t i = 0; sf_roles [i]; i++)
        if (strlen (sf_roles [i]) == size && memcmp (sf_roles [i], code, size) == 0)
            return true;
    return false;
}

bool
sf_role_known (const char *code)
{
    return code && s_known (code, strlen (code));
}

bool
sf_roles_known (const char *roles)
{
    if (!roles || !*roles)
        return false;
    for (const char *item = roles; ; ) {
        const char *comma = strchr (item, ',');
        size_t size = comma? (size_t) (comma - item): strlen (item);
        if (!s_known (item, size))
            return false;
        if (!comma)
            return true;
        item = comma + 1;
    }
}

bool
sf_roles_include (const char *roles, const char *role)
{
    if (!roles)
        return true;
    size_t length = role? strlen (role): 0;
    for (const char *at = roles; length && *at; ) {
        size_t span = strcspn (at, ",");
        if (span == length && memcmp (at, role, length) == 0)
            return true;
        at += span + (at [span] == ',');
    }
    return false;
}
