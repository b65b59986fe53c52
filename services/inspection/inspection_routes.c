/*  inspection_routes: the inspection daemon's protocol, one line per request type, with
    whether it writes and which roles may send it (NULL: anyone; the handler may check more,
    e.g. that the actor acts for the unit concerned).                                       */
#include "inspection_handlers.h"
#include "inspection_hazard_handlers.h"


const sf_route_t inspection_routes [] = {
    { "inspection.ImportHazardCsv", inspection_import_hazard_csv, true, "admin,ehs,safety_officer", false },
    { "inspection.AssessRisk", inspection_assess_risk, false, NULL, false },
    { "inspection.GetHazardList", inspection_get_hazard_list, false, NULL, false },
    { "inspection.GetRiskRegister", inspection_get_risk_register, false, NULL, false },
    { "inspection.CreatePlan", inspection_create_plan, true, "admin,ehs,plant_safety_manager,safety_officer", false },
    { "inspection.SetPlantCalendar", inspection_set_plant_calendar, true, "admin,ehs", false },
    { "inspection.GenerateTasks", inspection_generate_tasks, true, "admin,ehs", false },
    { "inspection.ListTasks", inspection_list_tasks, false, NULL, false },
    { "inspection.GetChecklist", inspection_get_checklist, false, NULL, false },
    //  These three take a number from the plant's sequence: each in a transaction of its own.
    { "inspection.RecordInspection", inspection_record_inspection, true, INSPECTION_INSPECTING_ROLES ",worker", true },
    { "inspection.ReportFinding", inspection_report_finding, true, NULL, true },
    { "inspection.ListFindings", inspection_list_findings, false, NULL, false },
    { "inspection.RecordViolation", inspection_record_violation, true, INSPECTION_INSPECTING_ROLES, true },
    { "inspection.SearchViolations", inspection_search_violations, false, NULL, false },
    { "inspection.RecordMeeting", inspection_record_meeting, true, INSPECTION_INSPECTING_ROLES, false },
    { "inspection.GetCompletion", inspection_get_completion, false, NULL, false },
    { "inspection.GetUnitHistory", inspection_get_unit_history, false, NULL, false },
    { NULL, NULL, false, NULL, false }
};
