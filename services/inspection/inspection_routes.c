/*  inspection_routes: the inspection daemon's protocol, one line per request type, with
    whether it writes and which roles may send it (NULL: anyone; the handler may check more,
    e.g. that the actor acts for the unit concerned).                                       */
#include "inspection_handlers.h"
#include "inspection_hazard_handlers.h"
#include "inspection.pb-c.h"


const sf_route_t inspection_routes [] = {
    { .request = &inspection__import_hazard_csv__descriptor, .reply = &inspection__import_result__descriptor, .handler = inspection_import_hazard_csv,
      .writes = true, .roles = "admin,ehs,safety_officer" },
    { .request = &inspection__assess_risk__descriptor, .reply = &inspection__risk__descriptor, .handler = inspection_assess_risk },
    { .request = &inspection__get_hazard_list__descriptor, .reply = &inspection__hazard_list__descriptor, .handler = inspection_get_hazard_list },
    { .request = &inspection__get_risk_register__descriptor, .reply = &inspection__risk_register__descriptor, .handler = inspection_get_risk_register },
    { .request = &inspection__create_plan__descriptor, .reply = &inspection__plan__descriptor, .handler = inspection_create_plan,
      .writes = true, .roles = "admin,ehs,plant_safety_manager,safety_officer" },
    { .request = &inspection__set_plant_calendar__descriptor, .reply = &inspection__plant_calendar__descriptor, .handler = inspection_set_plant_calendar,
      .writes = true, .roles = "admin,ehs" },
    { .request = &inspection__generate_tasks__descriptor, .reply = &inspection__generate_result__descriptor, .handler = inspection_generate_tasks,
      .writes = true, .roles = "admin,ehs" },
    { .request = &inspection__list_tasks__descriptor, .reply = &inspection__task_list__descriptor, .handler = inspection_list_tasks },
    { .request = &inspection__get_checklist__descriptor, .reply = &inspection__checklist__descriptor, .handler = inspection_get_checklist },
    //  These three take a number from the plant's sequence: each in a transaction of its own.
    { .request = &inspection__record_inspection__descriptor, .reply = &inspection__record__descriptor, .handler = inspection_record_inspection,
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES ",worker", .alone = true },
    { .request = &inspection__report_finding__descriptor, .reply = &inspection__finding__descriptor, .handler = inspection_report_finding,
      .writes = true, .alone = true },
    { .request = &inspection__list_findings__descriptor, .reply = &inspection__finding_list__descriptor, .handler = inspection_list_findings },
    { .request = &inspection__record_violation__descriptor, .reply = &inspection__violation__descriptor, .handler = inspection_record_violation,
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES, .alone = true },
    { .request = &inspection__search_violations__descriptor, .reply = &inspection__violation_list__descriptor, .handler = inspection_search_violations },
    { .request = &inspection__record_meeting__descriptor, .reply = &inspection__meeting__descriptor, .handler = inspection_record_meeting,
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES },
    { .request = &inspection__get_completion__descriptor, .reply = &inspection__completion__descriptor, .handler = inspection_get_completion },
    { .request = &inspection__get_unit_history__descriptor, .reply = &inspection__unit_history__descriptor, .handler = inspection_get_unit_history },
    { 0 }
};
