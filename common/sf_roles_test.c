/*  sf_roles_test: the catalogue knows its codes, and every role list the daemons' route
    tables use (kept here as the strings they are) is made of catalogue codes.              */
#include "sf_roles.h"
#include "sf_republish.h"
#include "sf_testkit.h"

#include <string.h>

int
main (void)
{
    size_t count = 0;
    for (; sf_roles [count]; count++)
        SF_CHECK (sf_role_known (sf_roles [count]));
    SF_CHECK (count == 12);
    SF_CHECK (!sf_role_known (NULL) && !sf_role_known ("") && !sf_role_known ("adm"));
    SF_CHECK (!sf_role_known ("admin ") && !sf_role_known ("Admin"));

    SF_CHECK (sf_roles_known ("admin,org_admin"));
    SF_CHECK (sf_roles_known (SF_REPUBLISH_ROLES));
    SF_CHECK (sf_roles_known ("admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader,patrol_officer,worker"));
    SF_CHECK (!sf_roles_known ("admin,"));
    SF_CHECK (!sf_roles_known (",admin"));
    SF_CHECK (!sf_roles_known ("admin,,ehs"));
    SF_CHECK (!sf_roles_known ("admin,nobody"));
    SF_CHECK (!sf_roles_known (""));
    printf ("sf_roles_test: ok\n");
    return 0;
}
