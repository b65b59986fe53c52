/*  inspection_routes: the inspection daemon's protocol, one row per request type: its
    request and reply messages, whether it writes, which roles may send it (NULL: anyone;
    the handler may check more, e.g. that the actor acts for the unit concerned) and the
    text it cannot do without.                                                              */
#include "inspection_handlers.h"
#include "inspection_hazard_handlers.h"
#include "inspection.pb-c.h"

#define S_ROUTE(Request, Reply, fn) \
    .request = &inspection__##Request##__descriptor, .reply = &inspection__##Reply##__descriptor, .handler = fn

const sf_route_t inspection_routes [] = {
    { S_ROUTE (import_hazard_csv, import_result, inspection_import_hazard_csv),
      .writes = true, .roles = "admin,ehs,safety_officer" },
    { S_ROUTE (assess_risk, risk, inspection_assess_risk) },
    { S_ROUTE (get_hazard_list, hazard_list, inspection_get_hazard_list) },
    { S_ROUTE (get_risk_register, risk_register, inspection_get_risk_register) },
    { S_ROUTE (create_plan, plan, inspection_create_plan),
      .writes = true, .roles = "admin,ehs,plant_safety_manager,safety_officer",
      .required = "code,scope_unit,title_zh,starts_on" },
    { S_ROUTE (set_plant_calendar, plant_calendar, inspection_set_plant_calendar),
      .writes = true, .roles = "admin,ehs", .required = "plant_code" },
    { S_ROUTE (generate_tasks, generate_result, inspection_generate_tasks),
      .writes = true, .roles = "admin,ehs", .required = "from_date,to_date" },
    { S_ROUTE (list_tasks, task_list, inspection_list_tasks), .required = "unit_code,from_date,to_date" },
    { S_ROUTE (get_checklist, checklist, inspection_get_checklist) },
    //  These three take a number from the plant's sequence: each in a transaction of its own.
    { S_ROUTE (record_inspection, record, inspection_record_inspection),
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES ",worker", .alone = true },
    { S_ROUTE (report_finding, finding, inspection_report_finding),
      .writes = true, .alone = true, .required = "finding,finding.description,finding.responsible_unit" },
    { S_ROUTE (list_findings, finding_list, inspection_list_findings), .required = "unit_code" },
    { S_ROUTE (record_violation, violation, inspection_record_violation),
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES, .alone = true,
      .required = "person_code,unit_code,description" },
    { S_ROUTE (search_violations, violation_list, inspection_search_violations) },
    { S_ROUTE (record_meeting, meeting, inspection_record_meeting),
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES, .required = "team_code,shift_date,topics" },
    { S_ROUTE (get_completion, completion, inspection_get_completion), .required = "unit_code,from_date,to_date" },
    { S_ROUTE (get_unit_history, unit_history, inspection_get_unit_history), .required = "unit_code" },
    { 0 }
};
