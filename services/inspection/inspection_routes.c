/*  inspection_routes: the inspection daemon's protocol, one line per request type, with
    whether it writes and which roles may send it (NULL: anyone; the handler may check more,
    e.g. that the actor acts for the unit concerned).                                       */
#include "inspection_handlers.h"
#include "inspection_hazard_handlers.h"

#define SAFETY_STAFF "admin,ehs,plant_safety_manager,department_head,safety_officer"
#define INSPECTORS SAFETY_STAFF ",team_leader,patrol_officer"

const sf_route_t inspection_routes [] = {
    { "inspection.ImportHazardCsv", inspection_import_hazard_csv, true, "admin,ehs,safety_officer" },
    { "inspection.AssessRisk", inspection_assess_risk, false, NULL },
    { "inspection.GetHazardList", inspection_get_hazard_list, false, NULL },
    { "inspection.GetRiskRegister", inspection_get_risk_register, false, NULL },
    { "inspection.CreatePlan", inspection_create_plan, true, "admin,ehs,plant_safety_manager,safety_officer" },
    { "inspection.SetPlantCalendar", inspection_set_plant_calendar, true, "admin,ehs" },
    { "inspection.GenerateTasks", inspection_generate_tasks, true, "admin,ehs" },
    { "inspection.ListTasks", inspection_list_tasks, false, NULL },
    { "inspection.GetChecklist", inspection_get_checklist, false, NULL },
    { "inspection.RecordInspection", inspection_record_inspection, true, INSPECTORS ",worker" },
    { "inspection.ReportFinding", inspection_report_finding, true, NULL },
    { "inspection.ListFindings", inspection_list_findings, false, NULL },
    { "inspection.RecordViolation", inspection_record_violation, true, INSPECTORS },
    { "inspection.SearchViolations", inspection_search_violations, false, NULL },
    { "inspection.RecordMeeting", inspection_record_meeting, true, INSPECTORS },
    { "inspection.GetCompletion", inspection_get_completion, false, NULL },
    { "inspection.GetUnitHistory", inspection_get_unit_history, false, NULL },
    { NULL, NULL, false, NULL }
};
