/*  sf_roles: the role catalogue's codes, the one C table of them. A role is what an account
    holds on an org node (directory.Grant); route tables name roles by these codes, and the
    directory's table `role` (its migration 003, with zh/en names and what each may do) holds
    the same list as data: directory_schema_test compares the two, so neither can drift.
    A code once given is never renamed: routes, grants and events carry it.                  */
#ifndef SF_ROLES_H_INCLUDED
#define SF_ROLES_H_INCLUDED

#include <stdbool.h>

#define SF_ROLE_ADMIN                "admin"                 //  company administrator
#define SF_ROLE_EHS                  "ehs"                   //  company EHS office
#define SF_ROLE_ORG_ADMIN            "org_admin"             //  keeps the org directory
#define SF_ROLE_PLANT_SAFETY_MANAGER "plant_safety_manager"
#define SF_ROLE_DEPARTMENT_HEAD      "department_head"
#define SF_ROLE_SAFETY_OFFICER       "safety_officer"
#define SF_ROLE_TEAM_LEADER          "team_leader"
#define SF_ROLE_INSPECTOR            "inspector"
#define SF_ROLE_PATROL_OFFICER       "patrol_officer"        //  兼职安全巡查员, part-time
#define SF_ROLE_WORKER               "worker"
#define SF_ROLE_SCREEN               "screen"                //  read-only monitoring screen
#define SF_ROLE_SERVICE              "service"               //  a daemon acting on its own jobs

//  Every code above, in catalogue order; ends with NULL.
extern const char *const sf_roles [];

//  True when code is a role of the catalogue (NULL: false).
bool sf_role_known (const char *code);

//  True when every item of roles (comma-separated, as a route's .roles) is known.
bool sf_roles_known (const char *roles);

//  True when role is an item of roles (comma-separated, as a route's .roles); roles NULL:
//  any role is (a route that names none).
bool sf_roles_include (const char *roles, const char *role);

#endif
