/*  inspection_handlers: the inspection daemon's request types. The route table (in
    inspection_routes.c) is the daemon's whole protocol; services/inspection/README.md has
    the rules each handler enforces.                                                         */
#ifndef INSPECTION_HANDLERS_H_INCLUDED
#define INSPECTION_HANDLERS_H_INCLUDED

#include "sf_rpc_server.h"

extern const sf_route_t inspection_routes [];

//  Who may do a check: record company, department and special checks, 三违 and meetings.
#define INSPECTION_INSPECTING_ROLES \
    "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader,patrol_officer"

//  Plans, calendars and tasks (inspection_plan_handlers.c).
void inspection_create_plan (sf_call_t *call);
void inspection_set_plant_calendar (sf_call_t *call);
void inspection_generate_tasks (sf_call_t *call);
void inspection_list_tasks (sf_call_t *call);
void inspection_get_checklist (sf_call_t *call);

//  Records and findings (inspection_record_handlers.c).
void inspection_record_inspection (sf_call_t *call);
void inspection_report_finding (sf_call_t *call);
void inspection_get_finding (sf_call_t *call);
void inspection_list_findings (sf_call_t *call);

//  三违 and shift meetings (inspection_people_handlers.c).
void inspection_record_violation (sf_call_t *call);
void inspection_get_violation (sf_call_t *call);
void inspection_search_violations (sf_call_t *call);
void inspection_record_meeting (sf_call_t *call);

//  Reports (inspection_report_handlers.c).
void inspection_get_completion (sf_call_t *call);
void inspection_get_unit_history (sf_call_t *call);

#endif
