/*  inspection_routes: the inspection daemon's protocol, one row per request type: its
    request and reply messages, whether it writes, which roles may send it (NULL: anyone
    with a grant), where it acts and the text it cannot do without.

    Where it acts is checked against the actor's grants before the handler runs
    (sf_rpc_scope.h): the request's unit field (.scope), or the units of the object it names
    (.scope_of: a task's executor and target, a finding's responsible unit, a violation's
    unit). Two routes reach the whole plant of a grant (.reach): a hazard may be reported
    anywhere in one's plant, and a task is recorded by people who may sit below its executor
    (a worker of a team's post), which the handler then checks. Routes without a unit: AssessRisk computes from
    the published tables only, ImportHazardCsv checks each row's unit itself, GenerateTasks
    needs its role above the plants (inspection_guard_company).                              */
#include "inspection_board_routes.h"
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_hazard_handlers.h"
#include "inspection_store.h"
#include "inspection.pb-c.h"
#include "sf_pb.h"
#include "sf_unit_plant.h"

#define S_ROUTE(Request, Reply, fn) \
    .request = &inspection__##Request##__descriptor, .reply = &inspection__##Reply##__descriptor, .handler = fn

//  The key of a numbered write (sf_route_t.key_of): the plant its unit's numbers come from,
//  as the process last read the unit (sf_unit_plant): a plant's findings and violations run
//  together, one number row and one commit for the group.
static bool
s_plant_key (const char *unit, char *key, size_t size)
{
    sf_org_node_t node = { .code = "" };
    if (!sf_unit_plant_find (unit, node.plant_code, sizeof node.plant_code))
        return false;
    return snprintf (key, size, "%s", inspection_guard_plant_or_company (&node)) < (int) size;
}

static bool
s_finding_key (const ProtobufCMessage *message, void *state, char *key, size_t size)
{
    (void) state;
    return s_plant_key (((const Inspection__ReportFinding *) message)->finding->responsible_unit, key, size);
}

static bool
s_violation_key (const ProtobufCMessage *message, void *state, char *key, size_t size)
{
    (void) state;
    return s_plant_key (((const Inspection__RecordViolation *) message)->unit_code, key, size);
}

//  The units of task id: 0 filled, 1 no such task (the handler says not_found), -1 error.
static int
s_task_units (sf_call_t *call, int64_t id, sf_scope_units_t *units)
{
    int found = inspection_store_task_units (call->db, id, units);
    return found < 0? -1: found? 0: 1;
}

static int
s_checklist_units (sf_call_t *call, sf_scope_units_t *units)
{
    return s_task_units (call, SF_CALL_BODY (call, Inspection__GetChecklist)->task_id, units);
}

static int
s_record_units (sf_call_t *call, sf_scope_units_t *units)
{
    return s_task_units (call, SF_CALL_BODY (call, Inspection__RecordInspection)->task_id, units);
}

//  The responsible unit of the finding the request numbers; 0, 1 none such, -1 error.
static int
s_finding_units (sf_call_t *call, sf_scope_units_t *units)
{
    Inspection__Finding *finding = NULL;
    int found = inspection_store_finding_find (call->db, SF_CALL_BODY (call, Inspection__GetFinding)->number, &finding);
    if (found > 0)
        sf_scope_units_add (units, finding->responsible_unit);
    sf_pb_destroy (&finding);
    return found < 0? -1: found? 0: 1;
}

//  The unit of the violation the request numbers; 0, 1 none such, -1 error.
static int
s_violation_units (sf_call_t *call, sf_scope_units_t *units)
{
    Inspection__Violation *violation = NULL;
    int found = inspection_store_violation_find (call->db, SF_CALL_BODY (call, Inspection__GetViolation)->number,
                                                 &violation);
    if (found > 0)
        sf_scope_units_add (units, violation->unit_code);
    sf_pb_destroy (&violation);
    return found < 0? -1: found? 0: 1;
}

const sf_route_t inspection_routes [] = {
    { S_ROUTE (import_hazard_csv, import_result, inspection_import_hazard_csv),
      .writes = true, .roles = "admin,ehs,safety_officer" },
    { S_ROUTE (assess_risk, risk, inspection_assess_risk) },
    { S_ROUTE (get_hazard_list, hazard_list, inspection_get_hazard_list), .scope = "unit_code" },
    { S_ROUTE (get_risk_register, risk_register, inspection_get_risk_register), .scope = "unit_code" },
    { S_ROUTE (create_plan, plan, inspection_create_plan),
      .writes = true, .roles = "admin,ehs,plant_safety_manager,safety_officer,service",
      .required = "code,scope_unit,title_zh,starts_on", .scope = "scope_unit" },
    { S_ROUTE (set_plant_calendar, plant_calendar, inspection_set_plant_calendar),
      .writes = true, .roles = "admin,ehs", .required = "plant_code", .scope = "plant_code" },
    { S_ROUTE (generate_tasks, generate_result, inspection_generate_tasks),
      .writes = true, .roles = "admin,ehs", .required = "from_date,to_date" },
    //  Reach plant: a worker granted on a post opens the team's checks of the shift from a QR
    //  code (the field web), as GetChecklist and RecordInspection let them do.
    { S_ROUTE (list_tasks, task_list, inspection_list_tasks), .required = "unit_code,from_date,to_date",
      .scope = "unit_code", .reach = SF_REACH_PLANT },
    { S_ROUTE (get_checklist, checklist, inspection_get_checklist),
      .scope_of = s_checklist_units, .reach = SF_REACH_PLANT },
    //  These three take a number from the plant's sequence: each in a transaction of its own,
    //  or (a finding reported, a violation) with the plant's others of the moment, as a group.
    { S_ROUTE (record_inspection, record, inspection_record_inspection),
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES ",worker", .alone = true,
      .scope_of = s_record_units, .reach = SF_REACH_PLANT },
    //  A reported finding's id and number are known ahead (inspection_ahead.h): its statements
    //  all go with COMMIT, one round trip.
    { S_ROUTE (report_finding, finding, inspection_report_finding),
      .writes = true, .alone = true, .key_of = s_finding_key, .checked_at_commit = true,
      .required = "finding,finding.description,finding.responsible_unit",
      .scope = "finding.responsible_unit", .reach = SF_REACH_PLANT },
    { S_ROUTE (get_finding, finding, inspection_get_finding), .required = "number", .scope_of = s_finding_units,
      .lookup = true },
    { S_ROUTE (list_findings, finding_list, inspection_list_findings), .required = "unit_code",
      .scope = "unit_code" },
    { S_ROUTE (record_violation, violation, inspection_record_violation),
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES, .alone = true, .key_of = s_violation_key,
      .required = "person_code,unit_code,description", .scope = "unit_code" },
    { S_ROUTE (get_violation, violation, inspection_get_violation), .required = "number",
      .scope_of = s_violation_units, .lookup = true },
    { S_ROUTE (search_violations, violation_list, inspection_search_violations), .scope = "unit_code" },
    { S_ROUTE (record_meeting, meeting, inspection_record_meeting),
      .writes = true, .roles = INSPECTION_INSPECTING_ROLES, .required = "team_code,shift_date,topics",
      .scope = "team_code" },
    { S_ROUTE (get_completion, completion, inspection_get_completion), .required = "unit_code,from_date,to_date",
      .scope = "unit_code" },
    { S_ROUTE (get_unit_history, unit_history, inspection_get_unit_history), .required = "unit_code",
      .scope = "unit_code" },
    INSPECTION_BOARD_ROUTE,
    { 0 }
};
